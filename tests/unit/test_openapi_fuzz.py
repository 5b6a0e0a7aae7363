"""The gateway's OpenAPI schema through schemathesis (issue 22): generated requests, valid and not, for every
operation, sent over real HTTP to the gateway running in uvicorn; no response may be a server error.
Bounded: SCHEMATHESIS_EXAMPLES per operation (default 25). Rasa is a stand-in that answers every message,
so the gateway's own handling is what is exercised."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from bot.gateway.app import create_app  # noqa: E402
from bot.gateway.deps import get_rasa  # noqa: E402
from bot.settings import load_settings  # noqa: E402

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "25"))


class AnswerAllRasa:
    async def send(self, sender: str, text: str, metadata: dict) -> list[dict]:
        text.encode("utf-8")
        return [{"recipient_id": sender, "text": "收到", "buttons": [{"title": "不清楚", "payload": "/dont_know"}]}]

    async def health(self) -> dict[str, str]:
        return {"rasa": "ok", "actions": "ok"}

    async def tracker(self, sender: str) -> dict:
        return {"events": [{"event": "user", "text": "你好"}, {"event": "bot", "text": "您好"}]}


def _app():  # type: ignore[no-untyped-def]
    settings_ = load_settings()
    app = create_app(type(settings_)(**{**settings_.__dict__, "wechat_token": "fuzzToken"}))
    app.dependency_overrides[get_rasa] = AnswerAllRasa
    return app


APP = _app()
schemathesis.experimental.OPEN_API_3_1.enable()  # FastAPI writes OpenAPI 3.1
schema = schemathesis.from_dict(APP.openapi(), data_generation_methods=[schemathesis.DataGenerationMethod.positive,
                                                                 schemathesis.DataGenerationMethod.negative])


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(APP, host="127.0.0.1", port=port, log_level="warning", ws="none"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
def test_no_generated_request_is_a_server_error(case: schemathesis.Case, base_url: str) -> None:
    response = case.call(base_url=base_url, timeout=30)
    case.validate_response(response, checks=(not_a_server_error,))
