"""End-to-end: the real Rasa server, action server and gateway, over HTTP."""

from __future__ import annotations

import socket

import httpx

from tests.e2e.conftest import Assistant


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_healthz_reports_all_parts(assistant: Assistant) -> None:
    response = httpx.get(f"{assistant.url}/healthz", timeout=10)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "rasa": "ok", "actions": "ok"}


def test_greeting_says_what_the_assistant_does(assistant: Assistant) -> None:
    reply = assistant.chat("e2e-greet", "你好")
    text = reply["messages"][0]["text"]
    assert reply["sender"] == "e2e-greet"
    for words in ("养老", "海口", "温州", "昌吉", "12345"):
        assert words in text
    assert reply["messages"][0]["buttons"]


def test_bad_input_is_a_clear_422(assistant: Assistant) -> None:
    response = httpx.post(f"{assistant.url}/api/chat", json={"sender": "x", "text": ""}, timeout=10)
    assert response.status_code == 422
    assert response.json()["fields"] == ["text"]


def test_handoff_is_reachable(assistant: Assistant) -> None:
    reply = assistant.chat("e2e-handoff", "转人工")
    assert "12345" in reply["messages"][0]["text"]


def test_conversation_survives_stop_and_restart(assistant: Assistant) -> None:
    session = httpx.post(f"{assistant.url}/api/chat/session", timeout=10).json()
    sender, auth = session["sender"], {"Authorization": f"Bearer {session['token']}"}
    for text in ("你好", "谢谢"):
        reply = httpx.post(f"{assistant.url}/api/chat", json={"sender": sender, "text": text}, headers=auth, timeout=60)
        assert reply.status_code == 200
    assert assistant.stop() == 0
    assert not any(port_open(port) for port in assistant.ports()), "a process outlived the stop"
    assistant.start()
    # The session (a signed token, secret kept in the data dir) and the conversation both survive the restart.
    history = httpx.get(f"{assistant.url}/api/chat/history", headers=auth, timeout=10).json()
    user_turns = [m["text"] for m in history["messages"] if m["role"] == "user"]
    assert user_turns == ["你好", "谢谢"]
    assert httpx.get(f"{assistant.url}/api/chat/history", params={"sender": sender}, timeout=10).status_code == 401
    reply = httpx.post(f"{assistant.url}/api/chat", json={"sender": sender, "text": "再见"}, headers=auth, timeout=60)
    assert reply.json()["messages"]
