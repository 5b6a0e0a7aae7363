"""A live handoff from a WeChat user: the agent's replies go out as customer-service messages (through the
channel's wechatpy client, against a local fake of the WeChat API on loopback), within WeChat's window of
48 hours and 5 messages after the user's last message, which the console shows."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from bot.agent import accounts
from bot.gateway import agent as agent_api
from bot.gateway.app import create_app
from bot.handoff import handoff_text, request_handoff
from bot.settings import load_settings
from tests.agent.conftest import PASSWORD, FakeTracker, sign_in
from tests.unit.fake_wechat import FakeWeChatApi

SENDER = "wechat:oWeChatUser123"


@pytest.fixture
def wechat(app_db: str, tracker: FakeTracker, monkeypatch):  # type: ignore[no-untyped-def]
    with FakeWeChatApi() as api:
        monkeypatch.setenv("WECHAT_APPID", "wx0123456789abcdef")
        monkeypatch.setenv("WECHAT_SECRET", "s3cret")
        monkeypatch.setenv("WECHAT_API_BASE", api.base)
        accounts.add_account("wang", PASSWORD, "agent")
        app = create_app(load_settings())
        app.dependency_overrides[agent_api.get_tracker] = lambda: tracker
        with TestClient(app) as client:
            yield client, api


def queued(tracker: FakeTracker, last_message_at: float) -> int:
    tracker.log[SENDER] = [{"event": "user", "text": "转人工", "timestamp": last_message_at}]
    receipt = request_handoff(SENDER, "wechat", "asked", [{"role": "user", "text": "转人工"}], {"region": "wenzhou"})
    assert receipt.queued and "排在第1位" in handoff_text(receipt)
    return receipt.number


def test_replies_reach_the_wechat_user_within_the_window(wechat, tracker: FakeTracker) -> None:  # type: ignore[no-untyped-def]
    client, api = wechat
    headers = sign_in(client)
    number = queued(tracker, time.time() - 3600)
    assert client.post(f"/api/agent/handoffs/{number}/claim", headers=headers).status_code == 200
    assert client.post(f"/api/agent/handoffs/{number}/reply", json={"text": "您好，我是12345坐席"},
                       headers=headers).status_code == 200
    sent = [body["text"]["content"] for body in api.sent("send")]
    assert sent == ["工作人员已接入，请问有什么可以帮您？", "您好，我是12345坐席"]
    assert all(body["touser"] == "oWeChatUser123" for body in api.sent("send"))
    window = client.get(f"/api/agent/handoffs/{number}").json()["wechat_window"]
    assert window["open"] and window["messages_left"] == 3 and 46 < window["hours_left"] <= 47
    for i in range(3):
        assert client.post(f"/api/agent/handoffs/{number}/reply", json={"text": f"第{i}条"},
                           headers=headers).status_code == 200
    refused = client.post(f"/api/agent/handoffs/{number}/reply", json={"text": "第六条"}, headers=headers)
    assert refused.status_code == 409 and "5条" in refused.json()["detail"]["message"]
    assert "第六条" not in tracker.texts(SENDER) and len(api.sent("send")) == 5
    # the user writes again: a new window
    tracker.log[SENDER].append({"event": "user", "text": "好的", "timestamp": time.time()})
    assert client.post(f"/api/agent/handoffs/{number}/reply", json={"text": "收到"}, headers=headers).status_code == 200


def test_after_48_hours_the_agent_is_told_to_phone(wechat, tracker: FakeTracker) -> None:  # type: ignore[no-untyped-def]
    client, api = wechat
    headers = sign_in(client)
    number = queued(tracker, time.time() - 49 * 3600)
    assert client.post(f"/api/agent/handoffs/{number}/claim", headers=headers).status_code == 200  # (nothing sent)
    assert client.get(f"/api/agent/handoffs/{number}").json()["wechat_window"]["open"] is False
    response = client.post(f"/api/agent/handoffs/{number}/reply", json={"text": "您好"}, headers=headers)
    assert response.status_code == 409 and "电话" in response.json()["detail"]["message"]
    assert api.sent("send") == []


def test_wechat_refusing_a_message_is_a_503_and_nothing_is_recorded_as_said(wechat, tracker: FakeTracker) -> None:  # type: ignore[no-untyped-def]
    client, api = wechat
    headers = sign_in(client)
    number = queued(tracker, time.time() - 60)
    client.post(f"/api/agent/handoffs/{number}/claim", headers=headers)
    api.send_error = {"errcode": 45015, "errmsg": "response out of time limit"}
    response = client.post(f"/api/agent/handoffs/{number}/reply", json={"text": "没送到的话"}, headers=headers)
    assert response.status_code == 503 and response.json()["detail"]["part"] == "wechat"
    assert "没送到的话" not in tracker.texts(SENDER)


def test_without_the_accounts_appid_wechat_users_are_sent_to_12345(app_db: str, tracker: FakeTracker,
                                                                  monkeypatch) -> None:
    monkeypatch.delenv("WECHAT_APPID", raising=False)
    accounts.add_account("wang", PASSWORD, "agent")
    with TestClient(create_app(load_settings())) as client:
        sign_in(client)
        receipt = request_handoff(SENDER, "wechat", "asked", [], {})
    assert not receipt.queued and "12345" in handoff_text(receipt)
