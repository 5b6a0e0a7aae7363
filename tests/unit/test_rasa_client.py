"""The gateway's Rasa client: an empty reply becomes an apology naming 12345; conversations keep a home
replica; a replica that cannot be reached (or fails with a 5xx) hands the message to the next one."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import httpx
import pytest

from bot.gateway.rasa_client import EMPTY_REPLY_TEXT, RasaClient, RasaUnavailableError
from bot.settings import load_settings


def client_for(handler: Callable[[httpx.Request], httpx.Response], replicas: int = 2) -> RasaClient:
    settings = replace(load_settings(), replicas=replicas, rasa_port=5005)
    return RasaClient(settings, httpx.AsyncClient(transport=httpx.MockTransport(handler)))


def send(client: RasaClient, sender: str = "web:a") -> list[dict[str, Any]]:
    return asyncio.run(client.send(sender, "你好", {"channel": "web"}))


@pytest.mark.parametrize("body", [[], [{"recipient_id": "web:a"}], [{"custom": {}}], {"not": "a list"}, None])
def test_an_empty_reply_becomes_an_apology_with_12345(body: Any) -> None:
    reply = send(client_for(lambda request: httpx.Response(200, json=body)))
    assert [m["text"] for m in reply] == [EMPTY_REPLY_TEXT]
    assert "12345" in EMPTY_REPLY_TEXT


def test_a_paused_conversation_stays_silent_for_the_agent() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path.endswith("/tracker"):
            return httpx.Response(200, json={"sender_id": "web:a", "paused": True})
        return httpx.Response(200, json=[])

    assert send(client_for(handler)) == []


def test_a_reply_with_text_is_passed_on() -> None:
    body = [{"recipient_id": "web:a", "text": "您好"}, {"recipient_id": "web:a", "custom": {"citations": []}}]
    assert send(client_for(lambda request: httpx.Response(200, json=body))) == body


def test_each_conversation_has_a_stable_home_replica_and_both_are_used() -> None:
    client = client_for(lambda request: httpx.Response(200, json=[{"text": "ok"}]))
    homes = {sender: client.replicas_for(sender)[0] for sender in (f"web:{i}" for i in range(40))}
    assert set(homes.values()) == {"http://127.0.0.1:5005", "http://127.0.0.1:5006"}
    assert all(client.replicas_for(sender)[0] == home for sender, home in homes.items())


@pytest.mark.parametrize("failure", ["connect", "503", "disconnect", "reset-at-connect"])
def test_a_failed_replica_hands_the_message_to_the_next(failure: str) -> None:
    seen: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":  # the next replica is asked whether it holds the turn: it does not
            return httpx.Response(200, json={"events": []})
        seen.append(request.url.port)
        if len(seen) == 1:
            if failure == "connect":
                raise httpx.ConnectError("refused", request=request)
            if failure == "disconnect":
                raise httpx.RemoteProtocolError("server disconnected", request=request)
            if failure == "reset-at-connect":
                # what httpcore/anyio raise for a socket reset right after connect (a replica being killed)
                raise AttributeError("'NoneType' object has no attribute 'getpeername'")
            return httpx.Response(503)
        return httpx.Response(200, json=[{"text": "您好"}])

    assert send(client_for(handler)) == [{"text": "您好"}]
    assert len(seen) == 2 and seen[0] != seen[1]


def test_a_turn_stored_before_its_replica_died_is_not_sent_again() -> None:
    import json

    posts: list[int] = []
    sent_id: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            posts.append(request.url.port)
            sent_id.append(json.loads(request.content)["metadata"]["turn_id"])
            raise httpx.ReadError("the replica was killed after storing the turn", request=request)
        events = [{"event": "user", "text": "你好", "metadata": {"turn_id": "an earlier turn"}},
                  {"event": "bot", "text": "早先的回答"},
                  {"event": "user", "text": "你好", "metadata": {"turn_id": sent_id[0]}},
                  {"event": "action", "name": "action_respond"},
                  {"event": "bot", "text": "您好", "data": {"buttons": [{"title": "是", "payload": "/affirm"}]}},
                  {"event": "action", "name": "action_listen"}]
        return httpx.Response(200, json={"events": events})

    reply = send(client_for(handler))
    assert len(posts) == 1  # stored once: the next replica is not asked to process it again
    assert reply == [{"recipient_id": "web:a", "text": "您好", "buttons": [{"title": "是", "payload": "/affirm"}]}]


def test_a_sender_with_control_characters_fails_over_without_a_crash() -> None:
    posts: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return httpx.Response(200, json={"events": []})
        posts.append(request.url.port)
        if len(posts) == 1:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, json=[{"text": "您好"}])

    assert send(client_for(handler), sender="web:a\x00\x07b") == [{"text": "您好"}]


def test_a_read_timeout_is_not_retried_elsewhere() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(RasaUnavailableError):
        send(client_for(handler))
    assert len(calls) == 1  # it may still be working on the message: sending it again could double it


def test_all_replicas_down_is_unavailable() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(RasaUnavailableError):
        send(client_for(handler, replicas=3))


def test_health_is_ok_while_one_replica_answers() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.port == 5005:
            raise httpx.ConnectError("refused", request=request)
        if request.url.path == "/status":
            return httpx.Response(200, json={"model_file": "m.tar.gz"})
        return httpx.Response(200)

    assert asyncio.run(client_for(handler).health()) == {"rasa": "ok", "actions": "ok"}
