"""Web channel with a fake Rasa: sessions and tokens, history as the user saw it, updates, rate limits,
security headers, CORS, and hostile input (no 5xx)."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot.gateway import ratelimit, sessions, web
from bot.gateway.app import create_app
from bot.gateway.deps import get_rasa
from bot.gateway.store import MemoryStore
from bot.settings import load_settings

CITATION = {"doc_id": "wenzhou-2022-draft", "clause_id": "wenzhou-2022-draft:3.3.8", "title": "温州实施意见",
            "quote": "每月不少于45小时"}
REGION_BUTTONS = [{"title": "海口", "payload": '/inform{"region":"haikou"}'},
                  {"title": "温州", "payload": '/inform{"region":"wenzhou"}'}]


class FakeRasa:
    """Keeps a tracker per conversation the way Rasa does (user, action, bot…, action_listen)."""

    def __init__(self) -> None:
        self.trackers: dict[str, list[dict[str, Any]]] = {}
        self.reply: list[dict[str, Any]] = [{"text": "您好"}]
        self.sent: list[tuple[str, str, dict]] = []
        self.lock = threading.Lock()

    def events(self, conv: str) -> list[dict[str, Any]]:
        return self.trackers.setdefault(conv, [{"event": "action", "name": "action_session_start"},
                                              {"event": "session_started"},
                                              {"event": "action", "name": "action_listen"}])

    async def send(self, sender: str, text: str, metadata: dict) -> list[dict[str, Any]]:
        self.sent.append((sender, text, metadata))
        with self.lock:
            events = self.events(sender)
            events.append({"event": "user", "text": text, "metadata": metadata, "timestamp": time.time()})
            events.append({"event": "action", "name": "action_answer"})
            for raw in self.reply:
                data = {"buttons": raw.get("buttons"), "custom": raw.get("custom")}
                events.append({"event": "bot", "text": raw.get("text"), "data": data})
            events.append({"event": "action", "name": "action_listen"})
        return self.reply

    def agent_says(self, conv: str, text: str) -> None:
        with self.lock:
            self.events(conv).append({"event": "bot", "text": text, "data": {}, "metadata": {"agent": "王"}})

    async def tracker(self, sender: str, include_events: str = "AFTER_RESTART") -> dict[str, Any]:
        assert include_events == "ALL"
        with self.lock:
            return {"sender_id": sender, "events": list(self.events(sender))}

    async def health(self) -> dict[str, str]:
        return {"rasa": "ok", "actions": "ok"}


def make_app(fake: FakeRasa, **changes: Any):  # type: ignore[no-untyped-def]
    app = create_app(dataclasses.replace(load_settings(), **changes))
    app.dependency_overrides[get_rasa] = lambda: fake
    return app


@pytest.fixture
def fake() -> FakeRasa:
    return FakeRasa()


@pytest.fixture
def client(fake: FakeRasa) -> TestClient:
    with TestClient(make_app(fake)) as test_client:
        yield test_client


def new_session(client: TestClient) -> tuple[str, dict[str, str]]:
    response = client.post("/api/chat/session")
    assert response.status_code == 200
    body = response.json()
    return body["sender"], {"Authorization": f"Bearer {body['token']}"}


# --- sessions ---------------------------------------------------------------------------------------------------


def test_session_ids_are_unguessable_and_tokens_signed(client: TestClient) -> None:
    first, second = client.post("/api/chat/session").json(), client.post("/api/chat/session").json()
    assert first["sender"] != second["sender"]
    assert first["sender"].startswith("ws-") and len(first["sender"]) >= 32
    assert first["expires_in"] == 180 * 86400
    secret = client.app.state.settings.session_secret
    assert sessions.verify(secret, first["token"], 3600) == first["sender"]
    with pytest.raises(sessions.SessionError):
        sessions.verify("another-secret", first["token"], 3600)


def test_token_expires_after_the_retention() -> None:
    token = sessions.issue("s", "ws-abc", now=1_000_000)
    assert sessions.verify("s", token, max_age=100, now=1_000_050) == "ws-abc"
    with pytest.raises(sessions.SessionError):
        sessions.verify("s", token, max_age=100, now=1_000_101)


def test_session_secret_is_generated_once_with_mode_0600(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("SESSION_SECRET", raising=False)
    first = load_settings().session_secret
    assert load_settings().session_secret == first and len(first) >= 32
    assert (tmp_path / "session_secret").stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv("SESSION_SECRET", "from-env")
    assert load_settings().session_secret == "from-env"


@pytest.mark.parametrize("path", ["/api/chat/history", "/api/chat/updates"])
def test_history_and_updates_need_the_right_token(client: TestClient, path: str) -> None:
    sender, auth = new_session(client)
    other_sender, other_auth = new_session(client)
    params = {"sender": sender, "wait": "0"}
    assert client.get(path, params=params).status_code == 401
    assert client.get(path, params=params, headers={"Authorization": "Bearer nonsense"}).status_code == 401
    forged = {"Authorization": auth["Authorization"][:-2] + "xx"}
    assert client.get(path, params=params, headers=forged).status_code == 401
    assert client.get(path, params=params, headers={"Authorization": "Basic abc"}).status_code == 401
    forbidden = client.get(path, params=params, headers=other_auth)
    assert forbidden.status_code == 403 and forbidden.json()["field"] == "Authorization"
    assert client.get(path, params=params, headers=auth).status_code == 200
    assert client.get(path, params={"wait": "0"}, headers=auth).json()["sender"] == sender  # sender from the token
    assert "message" in client.get(path, params=params).json()  # a Chinese line for the widget


def test_chat_with_a_token_checks_the_sender(client: TestClient, fake: FakeRasa) -> None:
    sender, auth = new_session(client)
    other, _ = new_session(client)
    ok = client.post("/api/chat", json={"sender": sender, "text": "你好"}, headers=auth)
    assert ok.status_code == 200 and isinstance(ok.json()["after"], int)
    assert client.post("/api/chat", json={"sender": other, "text": "你好"}, headers=auth).status_code == 403
    # A session's conversation cannot be written to without its token, even by someone who knows the id.
    assert client.post("/api/chat", json={"sender": sender, "text": "你好"}).status_code == 401
    # Plain API users without a session keep working, and get no position.
    plain = client.post("/api/chat", json={"sender": "api-user-1", "text": "你好"})
    assert plain.status_code == 200 and "after" not in plain.json()
    assert [conv for conv, _, _ in fake.sent] == [f"web:{sender}", "web:api-user-1"]


def test_ended_session_is_refused_everywhere(client: TestClient) -> None:
    sender, auth = new_session(client)
    assert client.delete("/api/chat/session", headers=auth).status_code == 204
    assert client.get("/api/chat/history", headers=auth).status_code == 401
    assert client.post("/api/chat", json={"sender": sender, "text": "你好"}, headers=auth).status_code == 401
    assert client.delete("/api/chat/session").status_code == 401


def test_two_workers_sharing_secret_and_store_agree(fake: FakeRasa) -> None:
    store = MemoryStore()
    first, second = make_app(fake), make_app(fake)
    first.state.store = second.state.store = store
    for app in (first, second):
        app.state.sessions = dataclasses.replace(app.state.sessions, store=store)
    with TestClient(first) as one, TestClient(second) as two:
        sender, auth = new_session(one)
        assert two.get("/api/chat/history", headers=auth).status_code == 200
        assert one.delete("/api/chat/session", headers=auth).status_code == 204
        assert two.get("/api/chat/history", headers=auth).status_code == 401


# --- history ----------------------------------------------------------------------------------------------------


def test_history_shows_buttons_citations_and_tapped_titles(client: TestClient, fake: FakeRasa) -> None:
    sender, auth = new_session(client)
    fake.reply = [{"text": "您好！", "buttons": REGION_BUTTONS}]
    client.post("/api/chat", json={"sender": sender, "text": "/greet", "shown": ""}, headers=auth)
    fake.reply = [{"text": "温州：每月45小时。"}, {"custom": {"citations": [CITATION]}},
                  {"text": "⚠️ 本文件为征求意见稿"}]
    client.post("/api/chat", json={"sender": sender, "text": REGION_BUTTONS[1]["payload"], "shown": "温州"},
                headers=auth)
    assert fake.sent[-1][2].get("tapped") is True  # a button's payload with its title: a tap
    history = client.get("/api/chat/history", headers=auth).json()
    messages = history["messages"]
    assert [m["role"] for m in messages] == ["bot", "user", "bot", "bot"]  # the opening /greet is hidden
    assert messages[0]["buttons"] == REGION_BUTTONS
    assert messages[1] == {"role": "user", "text": "温州"}  # the title, never the payload
    cite = messages[2]["citations"][0]
    assert cite["quote"] == "每月不少于45小时"
    assert history["after"] == len(fake.trackers[f"web:{sender}"])


def test_a_payload_sent_without_a_title_is_typed_text(client: TestClient, fake: FakeRasa) -> None:
    sender, auth = new_session(client)
    client.post("/api/chat", json={"sender": sender, "text": REGION_BUTTONS[1]["payload"]}, headers=auth)
    assert "tapped" not in fake.sent[-1][2]  # the conversation takes no choice from it


def test_history_maps_an_old_payload_to_its_button_title(client: TestClient, fake: FakeRasa) -> None:
    sender, auth = new_session(client)
    events = fake.events(f"web:{sender}")
    events += [{"event": "bot", "text": "在哪？", "data": {"buttons": REGION_BUTTONS}},
               {"event": "user", "text": REGION_BUTTONS[0]["payload"], "metadata": {"channel": "web"}},
               {"event": "user", "text": '/inform{"economic":"tekun"}'}]
    messages = client.get("/api/chat/history", headers=auth).json()["messages"]
    assert [m["text"] for m in messages] == ["在哪？", "海口"]  # an unmatched payload is not shown raw


def test_citations_get_a_readable_label_and_status(client: TestClient, fake: FakeRasa) -> None:
    from bot.kb.loader import load_kb

    kb = load_kb()
    doc = next(d for d in kb.documents.values() if d.status == "draft")
    clause = next(c for c in kb.clauses if kb.document_of(c).doc_id == doc.doc_id)
    fake.reply = [{"text": "答案", "custom": {"citations": [{"doc_id": doc.doc_id, "clause_id": clause}]}}]
    cite = client.post("/api/chat", json={"sender": "a", "text": "问"}).json()["messages"][0]["citations"][0]
    assert cite["status"] == "draft" and cite["status_note"] == doc.status_note
    assert cite["label"].startswith(f"《{doc.short_name}》")
    fake.reply = [{"text": "答案", "custom": {"citations": [{"doc_id": doc.doc_id, "clause_id": clause,
                                                            "label": "《某文件》第8条", "status": "draft"}]}}]
    cite = client.post("/api/chat", json={"sender": "a", "text": "问"}).json()["messages"][0]["citations"][0]
    assert cite["label"] == "《某文件》第8条"  # what the answering code says is kept


# --- updates ----------------------------------------------------------------------------------------------------


def test_updates_deliver_an_agents_reply_after_the_turn(client: TestClient, fake: FakeRasa) -> None:
    sender, auth = new_session(client)
    after = client.post("/api/chat", json={"sender": sender, "text": "转人工"}, headers=auth).json()["after"]
    empty = client.get("/api/chat/updates", params={"after": after, "wait": 0}, headers=auth).json()
    assert empty["messages"] == [] and empty["after"] == after  # the turn's own answer is not repeated
    fake.agent_says(f"web:{sender}", "您好，我是民政局的小王。")
    got = client.get("/api/chat/updates", params={"after": after, "wait": 0}, headers=auth).json()
    assert got["messages"] == [{"text": "您好，我是民政局的小王。"}] and got["after"] == after + 1


def test_updates_long_poll_wakes_within_two_seconds(client: TestClient, fake: FakeRasa) -> None:
    sender, auth = new_session(client)
    after = client.get("/api/chat/history", headers=auth).json()["after"]
    threading.Timer(0.5, fake.agent_says, args=(f"web:{sender}", "稍等，我帮您查。")).start()
    started = time.monotonic()
    got = client.get("/api/chat/updates", params={"after": after, "wait": 10}, headers=auth).json()
    assert got["messages"][0]["text"] == "稍等，我帮您查。"
    assert time.monotonic() - started < 2.0


def test_notify_wakes_a_waiting_poll_at_once(client: TestClient, fake: FakeRasa, monkeypatch) -> None:
    monkeypatch.setattr(web, "POLL_SECONDS", 30.0)  # only notify can wake it in time
    sender, auth = new_session(client)
    after = client.get("/api/chat/history", headers=auth).json()["after"]

    def agent() -> None:
        fake.agent_says(f"web:{sender}", "来了")
        asyncio.run(web.notify(client.app.state.store, f"web:{sender}"))

    threading.Timer(0.4, agent).start()
    started = time.monotonic()
    got = client.get("/api/chat/updates", params={"after": after, "wait": 5}, headers=auth).json()
    assert got["messages"] == [{"text": "来了"}] and time.monotonic() - started < 1.5


def test_updates_with_a_position_beyond_the_end_resyncs(client: TestClient) -> None:
    _, auth = new_session(client)
    got = client.get("/api/chat/updates", params={"after": 999999, "wait": 0}, headers=auth).json()
    assert got["messages"] == [] and got["after"] == 3


@pytest.mark.parametrize("params", [{"after": "-1"}, {"after": "x"}, {"wait": "26"}, {"wait": "nan"},
                                    {"after": "1" * 40}, {"sender": "a b"}])
def test_bad_update_parameters_are_422(client: TestClient, params: dict) -> None:
    _, auth = new_session(client)
    response = client.get("/api/chat/updates", params={"wait": "0", **params}, headers=auth)
    assert response.status_code == 422


# --- rate limits ------------------------------------------------------------------------------------------------


@pytest.fixture
def one_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """The limiter's clock held inside one fixed window: the counted requests never straddle a minute's boundary (a
    test of the limit, not of the clock; otherwise it fails when the minute turns between two requests)."""
    monkeypatch.setattr(ratelimit, "time", type("FrozenClock", (), {"time": staticmethod(lambda: 1_000_020.0)}))


def test_rate_limit_per_sender_is_a_friendly_429(fake: FakeRasa, one_window: None) -> None:
    with TestClient(make_app(fake, rate_limit_sender=3, rate_limit_ip=100)) as client:
        codes = [client.post("/api/chat", json={"sender": "flood", "text": "你好"}).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        limited = client.post("/api/chat", json={"sender": "flood", "text": "你好"})
        assert "请稍等" in limited.json()["message"] and int(limited.headers["Retry-After"]) >= 1
        assert client.post("/api/chat", json={"sender": "calm", "text": "你好"}).status_code == 200
    assert len(fake.sent) == 4


def test_rate_limit_per_address(fake: FakeRasa, one_window: None) -> None:
    with TestClient(make_app(fake, rate_limit_sender=100, rate_limit_ip=5)) as client:
        codes = [client.post("/api/chat", json={"sender": f"s{i}", "text": "你好"}).status_code for i in range(5)]
        assert codes == [200] * 5
        assert client.post("/api/chat/session").status_code == 429
        assert client.get("/healthz").status_code == 200  # health checks are never limited


# --- headers and CORS -------------------------------------------------------------------------------------------


def test_pages_have_a_strict_csp_and_security_headers(client: TestClient) -> None:
    for path in ("/", "/chat", "/demo", "/widget.js", "/static/chat.js", "/static/chat.css"):
        response = client.get(path)
        assert response.status_code == 200, path
        csp = response.headers["content-security-policy"]
        assert "unsafe-inline" not in csp and "script-src 'self'" in csp, path
        assert response.headers["x-content-type-options"] == "nosniff"
    assert client.get("/api/chat/session").headers["content-security-policy"].startswith("default-src 'none'")
    assert client.get("/chat").headers["x-frame-options"] == "SAMEORIGIN"


def test_pages_have_no_inline_script_or_style() -> None:
    import re

    from bot.gateway.pages import WEB_DIR

    for page in ("chat.html", "demo.html"):
        text = (WEB_DIR / page).read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), page
        assert "<style" not in text and " style=" not in text and " on" + "click=" not in text, page


def test_chat_page_may_be_framed_only_by_allowed_origins(fake: FakeRasa) -> None:
    portal = "https://www.example.gov.cn"
    with TestClient(make_app(fake, allowed_origins=(portal,))) as client:
        chat = client.get("/chat")
        assert f"frame-ancestors 'self' {portal}" in chat.headers["content-security-policy"]
        assert "x-frame-options" not in chat.headers
        assert "frame-ancestors 'self';" in client.get("/demo").headers["content-security-policy"]
        preflight = client.options("/api/chat", headers={"Origin": portal, "Access-Control-Request-Method": "POST",
                                                         "Access-Control-Request-Headers": "authorization"})
        assert preflight.headers["access-control-allow-origin"] == portal
        evil = client.options("/api/chat", headers={"Origin": "https://evil.example",
                                                    "Access-Control-Request-Method": "POST"})
        assert "access-control-allow-origin" not in evil.headers
        simple = client.post("/api/chat", json={"sender": "a", "text": "你好"}, headers={"Origin": portal})
        assert simple.headers["access-control-allow-origin"] == portal


def test_allowed_origins_never_star(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_ORIGINS", "https://a.gov.cn, http://127.0.0.1:8080")
    assert load_settings().allowed_origins == ("https://a.gov.cn", "http://127.0.0.1:8080")
    for bad in ("*", "https://a.gov.cn/path", "javascript:alert(1)", "a.gov.cn"):
        monkeypatch.setenv("ALLOWED_ORIGINS", bad)
        with pytest.raises(SystemExit, match="ALLOWED_ORIGINS"):
            load_settings()


def test_demo_page_embeds_the_widget_from_the_public_url(fake: FakeRasa) -> None:
    with TestClient(make_app(fake, public_url="http://127.0.0.1:8123")) as client:
        demo = client.get("/demo")
    assert 'src="http://127.0.0.1:8123/widget.js"' in demo.text
    assert "http://127.0.0.1:8123" in demo.headers["content-security-policy"]


# --- hostile input ----------------------------------------------------------------------------------------------

HOSTILE_AUTH = ["Bearer ", "Bearer " + "A" * 5000, "Bearer ws-x.1.y", "Bearer ws-x.99999999999999999999.y",
                "Bearer ws-a.b.c.d", "Bearer \u00e9\u00e9", "bearer\tws-x", "Bearer ws-x.-1.abc", "Bearer ..",
                "Bearer ws-" + "\u4f60" * 10 + ".1.x"]


@pytest.mark.parametrize("authorization", HOSTILE_AUTH)
def test_hostile_tokens_are_401_never_5xx(client: TestClient, authorization: str) -> None:
    headers = {"Authorization": authorization.encode("utf-8")}  # raw bytes, as a hostile client sends them
    for method, path, kwargs in [("GET", "/api/chat/history", {}), ("GET", "/api/chat/updates?wait=0", {}),
                                 ("POST", "/api/chat", {"json": {"sender": "ws-x", "text": "hi"}}),
                                 ("DELETE", "/api/chat/session", {})]:
        response = client.request(method, path, headers=headers, **kwargs)
        assert response.status_code == 401, (method, path, response.text)


@pytest.mark.parametrize("body", [b"", b"null", b"[]", b'{"sender": "a", "text": "hi", "shown": 5}',
                                  b'{"sender": "a", "text": "hi", "shown": "' + b"x" * 300 + b'"}',
                                  b'{"sender": "a", "text": "hi", "shown": "\\ud800"}', b"\xff\xfe"])
def test_hostile_chat_bodies_are_4xx(client: TestClient, body: bytes) -> None:
    response = client.post("/api/chat", content=body, headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500, response.text
