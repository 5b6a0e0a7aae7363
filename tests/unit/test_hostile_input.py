"""Hostile and malformed requests get a clear 4xx (or a normal answer), never a 5xx (issue 22)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from bot.gateway.app import create_app
from bot.gateway.deps import get_rasa
from bot.settings import load_settings
from tests.hostile_corpus import cases

TOKEN = "hostileToken"


class EchoRasa:
    async def send(self, sender: str, text: str, metadata: dict) -> list[dict]:
        text.encode("utf-8")  # what a real client would do with the text
        return [{"recipient_id": sender, "text": "收到"}]

    async def health(self) -> dict[str, str]:
        return {"rasa": "ok", "actions": "ok"}

    async def tracker(self, sender: str) -> dict:
        return {"events": []}


@pytest.fixture(scope="module")
def client() -> TestClient:
    settings = load_settings()
    settings = type(settings)(**{**settings.__dict__, "wechat_token": TOKEN})
    app = create_app(settings)
    app.dependency_overrides[get_rasa] = EchoRasa
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def _case_id(value: object) -> str:
    return value if isinstance(value, str) and " " in value else ""


@pytest.mark.parametrize(("name", "method", "path", "headers", "body"), cases(TOKEN), ids=_case_id)
def test_no_hostile_request_gets_a_5xx(client: TestClient, name: str, method: str, path: str,
                                       headers: dict, body: object) -> None:
    response = client.request(method, path, headers=headers, content=body)
    assert response.status_code < 500, f"{name}: {response.status_code} {response.text[:300]}"
    if 400 <= response.status_code < 500 and response.headers.get("content-type", "").startswith("application/json"):
        assert response.json(), name  # a clear error, not an empty body


def test_chunked_body_over_the_limit_is_413(client: TestClient) -> None:
    from tests.hostile_corpus import MB, chunks

    response = client.post("/api/chat", headers={"content-type": "application/json"}, content=chunks(MB))
    assert response.status_code == 413
    assert response.json()["field"] == "body"


def test_small_chunked_body_is_answered(client: TestClient) -> None:
    response = client.post("/api/chat", headers={"content-type": "application/json"},
                           content=iter([b'{"sender": "c", ', b'"text": "\xe4\xbd\xa0\xe5\xa5\xbd"}']))
    assert response.status_code == 200
    assert response.json()["messages"][0]["text"] == "收到"


@pytest.mark.parametrize("path", ["/api/chat/history?sender=a%00b", "/api/chat/history?sender=a%7fb",
                                  "/api/kb/search?q=a%01"])
def test_control_characters_in_queries_are_422_naming_the_parameter(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 422
    assert response.json()["fields"] == [path.split("?")[1].split("=")[0]]


def test_deep_nesting_is_422_naming_the_body(client: TestClient) -> None:
    response = client.post("/api/entitlements", headers={"content-type": "application/json"},
                           content=b'{"profile": {"age": ' + b"[" * 900 + b"1" + b"]" * 900 + b"}}")
    assert response.status_code == 422
    assert response.json()["fields"] == ["body"]
