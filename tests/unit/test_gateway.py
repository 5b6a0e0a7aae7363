"""Gateway behaviour with a fake Rasa: validation, message shaping, health and failures."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from bot.gateway.app import create_app
from bot.gateway.deps import get_rasa
from bot.gateway.rasa_client import RasaClient, RasaUnavailableError
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
        # What httpx does with json=...: a string that is not encodable as UTF-8 fails here, as it would for real.
        json.dumps({"sender": sender, "message": text, "metadata": metadata}, ensure_ascii=False).encode("utf-8")
        self.sent.append((sender, text, metadata))
        return self.reply

    async def health(self) -> dict[str, str]:
        return {"rasa": "down (ConnectError)" if self.down else "ok", "actions": "ok"}

    async def tracker(self, sender: str, include_events: str = "AFTER_RESTART") -> dict[str, Any]:
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
    assert response.json()["message"].startswith("请求有误：")


def test_too_long_text_is_explained_in_chinese(client: TestClient) -> None:
    response = client.post("/api/chat", json={"sender": "a", "text": "长" * (MAX_TEXT_CHARS + 1)})
    assert f"最多{MAX_TEXT_CHARS}字" in response.json()["message"]


def test_malformed_json_is_422(client: TestClient) -> None:
    response = client.post("/api/chat", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["fields"] == ["body"] and "不是有效的JSON" in response.json()["message"]


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
    session = client.post("/api/chat/session").json()
    auth = {"Authorization": f"Bearer {session['token']}"}
    response = client.get("/api/chat/history", params={"sender": session["sender"]}, headers=auth)
    assert response.status_code == 200
    assert response.json()["messages"] == [{"role": "user", "text": "你好"}, {"role": "bot", "text": "您好"}]
    assert client.get("/api/chat/history", params={"sender": "a b"}, headers=auth).status_code == 422
    assert client.get("/api/chat/history", params={"sender": "a"}).status_code == 401  # no token: no history


# JSON may carry lone UTF-16 surrogates ("\\ud800"); Python decodes them into strings that cannot be encoded as
# UTF-8, so forwarding them to Rasa used to fail with a 500. They are a 422 naming the field, before any forwarding.
LONE_SURROGATE_BODIES = [
    (b'{"sender": "X1", "text": "\\ud800"}', "text"),
    (b'{"sender": "X1", "text": "\\u4f60\\udfff\\u597d"}', "text"),
    (b'{"sender": "X1", "text": "\\ude00\\ud83d"}', "text"),  # a pair in the wrong order is two lone halves
    (b'{"sender": "\\ud800", "text": "\\u4f60\\u597d"}', "sender"),
    (b'{"sender": "a\\udc00b", "text": "\\u4f60\\u597d"}', "sender"),
    (b'{"sender": ["\\ud800"], "text": "\\u4f60\\u597d"}', "sender.0"),
    (b'{"sender": "X1", "text": "\xed\xa0\x80"}', "text"),  # a surrogate encoded in the raw bytes (CESU-8)
    (b'{"sender": "X1", "text": "hi", "\\ud800": 1}', "body"),  # an unknown field whose name is bad
]


@pytest.mark.parametrize(("body", "field"), LONE_SURROGATE_BODIES)
def test_lone_surrogate_in_chat_is_422_naming_the_field(
    client: TestClient, fake: FakeRasa, body: bytes, field: str
) -> None:
    response = client.post("/api/chat", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert response.json()["fields"] == [field]
    assert response.json()["error"].startswith(f"{field}: ")
    assert "surrogate" in response.json()["error"]
    assert response.json()["detail"][0]["type"] == "value_error.str.not_utf8"
    assert fake.sent == []


def test_surrogate_pair_is_valid_text(client: TestClient, fake: FakeRasa) -> None:
    body = b'{"sender": "X1", "text": "\\u4f60\\u597d\\ud83d\\ude00"}'  # 你好😀: a proper pair is one character
    response = client.post("/api/chat", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 200
    assert fake.sent == [("web:X1", "你好😀", {"channel": "web"})]


def test_lone_surrogate_never_reaches_the_real_rasa_client() -> None:
    """The original failure: the real client (httpx) could not encode the message and the gateway answered 500."""
    requests: list[httpx.Request] = []

    def rasa(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, json=[{"recipient_id": "web:X1", "text": "您好"}])

    async def real_client() -> RasaClient:
        return RasaClient(load_settings(), httpx.AsyncClient(transport=httpx.MockTransport(rasa)))

    app = create_app(load_settings())
    app.dependency_overrides[get_rasa] = real_client
    with TestClient(app, raise_server_exceptions=False) as test_client:
        bad = test_client.post("/api/chat", content=b'{"sender":"X1","text":"\\ud800"}',
                               headers={"content-type": "application/json"})
        good = test_client.post("/api/chat", json={"sender": "X1", "text": "你好"})
    assert bad.status_code == 422 and bad.json()["fields"] == ["text"]
    assert good.status_code == 200 and good.json()["messages"] == [{"text": "您好"}]
    assert len(requests) == 1 and json.loads(requests[0].content)["message"] == "你好"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b'{"profile": {"region": "\\ud800"}}', "profile.region"),
        (b'{"profile": {"region": "\\u6d77\\u53e3\\udbff"}}', "profile.region"),
        (b'{"profile": {"disability": "\\ud800"}}', "profile.disability"),  # the enum error would echo it
        (b'{"profile": {"age": "\\ud800"}}', "profile.age"),
        (b'{"profile": {"\\ud800": 1}}', "profile"),  # an unknown field's name cannot be echoed, so the parent
        (b'{"profile": "\\ud800"}', "profile"),
        (b'{"profile": {"region": "haikou"}, "\\ud800": 1}', "body"),
    ],
)
def test_lone_surrogate_in_entitlements_is_422_naming_the_field(client: TestClient, body: bytes, field: str) -> None:
    response = client.post("/api/entitlements", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert response.json()["fields"] == [field]
    assert "surrogate" in response.json()["error"]


def test_undecodable_query_strings_are_not_500(client: TestClient) -> None:
    # Query strings are percent-decoded with replacement characters, so no lone surrogate gets through there.
    auth = {"Authorization": f"Bearer {client.post('/api/chat/session').json()['token']}"}
    assert client.get("/api/chat/history", params={"sender": "\ufffd"}, headers=auth).status_code == 403
    assert client.get("/api/chat/history?sender=%ED%A0%80", headers=auth).status_code == 403
    assert client.get("/api/kb/search?q=%ED%A0%80").status_code == 200


def test_full_width_and_spaced_personal_numbers_are_masked_before_rasa(client: TestClient, fake: FakeRasa) -> None:
    text = "手机１３８１２３４５６７８，身份证 110101 19400101 1234，我妈85岁"
    assert client.post("/api/chat", json={"sender": "a", "text": text}).status_code == 200
    assert fake.sent[0][1] == "手机138****5678，身份证 110*************34，我妈85岁"
