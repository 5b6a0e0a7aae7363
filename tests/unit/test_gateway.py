"""Gateway behaviour with a fake Rasa: validation, message shaping, health and failures."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot.gateway.app import create_app
from bot.gateway.deps import get_rasa
from bot.gateway.rasa_client import RasaUnavailableError
from bot.gateway.schemas import MAX_TEXT_CHARS
from bot.settings import load_settings


class FakeRasa:
    def __init__(self, reply: list[dict[str, Any]] | None = None, down: bool = False) -> None:
        self.reply = reply if reply is not None else [{"recipient_id": "web:a", "text": "您好"}]
        self.down = down
        self.sent: list[tuple[str, str, dict]] = []

    async def send(self, sender: str, text: str, metadata: dict) -> list[dict[str, Any]]:
        if self.down:
            raise RasaUnavailableError("rasa: ConnectError")
        self.sent.append((sender, text, metadata))
        return self.reply

    async def health(self) -> dict[str, str]:
        return {"rasa": "down (ConnectError)" if self.down else "ok", "actions": "ok"}

    async def tracker(self, sender: str) -> dict[str, Any]:
        return {"events": [{"event": "user", "text": "你好"}, {"event": "bot", "text": "您好"},
                           {"event": "action", "name": "utter_greet"}]}


@pytest.fixture
def fake() -> FakeRasa:
    return FakeRasa()


@pytest.fixture
def client(fake: FakeRasa) -> TestClient:
    app = create_app(load_settings())
    app.dependency_overrides[get_rasa] = lambda: fake
    with TestClient(app) as test_client:
        yield test_client


def test_chat_forwards_with_channel_namespace(client: TestClient, fake: FakeRasa) -> None:
    response = client.post("/api/chat", json={"sender": "a", "text": "你好"})
    assert response.status_code == 200
    assert response.json() == {"sender": "a", "messages": [{"text": "您好"}]}
    assert fake.sent == [("web:a", "你好", {"channel": "web"})]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "你好"}, "sender"),
        ({"sender": "a"}, "text"),
        ({"sender": "a", "text": "   "}, "text"),
        ({"sender": "", "text": "你好"}, "sender"),
        ({"sender": "a b", "text": "你好"}, "sender"),
        ({"sender": "a/../b", "text": "你好"}, "sender"),
        ({"sender": "a", "text": "长" * (MAX_TEXT_CHARS + 1)}, "text"),
        ({"sender": "x" * 200, "text": "你好"}, "sender"),
        ({"sender": "a", "text": 123}, "text"),
        ({"sender": ["a"], "text": "你好"}, "sender"),
    ],
)
def test_invalid_chat_input_names_the_field(client: TestClient, body: dict, field: str) -> None:
    response = client.post("/api/chat", json=body)
    assert response.status_code == 422
    assert field in response.json()["fields"]
    assert field in response.json()["error"]


def test_malformed_json_is_422(client: TestClient) -> None:
    response = client.post("/api/chat", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422


def test_huge_body_is_413(client: TestClient) -> None:
    response = client.post("/api/chat", content=b"x" * 200_000, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "too large" in response.json()["error"]


def test_personal_numbers_are_masked_before_rasa(client: TestClient, fake: FakeRasa) -> None:
    client.post("/api/chat", json={"sender": "a", "text": "我电话13812345678，身份证11010519491231002X"})
    sent = fake.sent[0][1]
    assert "13812345678" not in sent and "11010519491231002X" not in sent
    assert "138****5678" in sent


def test_rasa_down_gives_503_naming_the_part(client: TestClient, fake: FakeRasa) -> None:
    fake.down = True
    response = client.post("/api/chat", json={"sender": "a", "text": "你好"})
    assert response.status_code == 503
    assert response.json()["detail"]["part"] == "rasa"


def test_healthz(client: TestClient, fake: FakeRasa) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "rasa": "ok", "actions": "ok"}
    fake.down = True
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["rasa"]


def test_healthz_with_nothing_running_names_both_parts() -> None:
    import os

    os.environ["RASA_PORT"], os.environ["ACTIONS_PORT"] = "9", "9"  # discard port: nothing listens
    try:
        with TestClient(create_app(load_settings())) as client:
            response = client.get("/healthz")
    finally:
        del os.environ["RASA_PORT"], os.environ["ACTIONS_PORT"]
    assert response.status_code == 503
    assert response.json()["down"] == ["rasa", "actions"]


def test_history_returns_user_and_bot_turns(client: TestClient) -> None:
    response = client.get("/api/chat/history", params={"sender": "a"})
    assert response.status_code == 200
    assert response.json()["messages"] == [{"role": "user", "text": "你好"}, {"role": "bot", "text": "您好"}]
    assert client.get("/api/chat/history", params={"sender": "a b"}).status_code == 422
