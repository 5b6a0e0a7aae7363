"""WeChat channel against a local fake WeChat: 安全模式 and 兼容模式, key change, wrong key or AppID, replays,
late answers by customer-service message (fake API on loopback), shared state, encodings, fuzzing."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import os
import random
import time
import xml.etree.ElementTree as ET  # only for the gateway's own (decrypted) replies
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from bot.gateway import wechat
from bot.gateway.app import create_app
from bot.gateway.deps import get_rasa
from bot.gateway.store import MemoryStore
from bot.gateway.wechat_client import WeChatSendError, send_customer_message
from bot.gateway.wechat_crypto import valid_aes_key
from bot.settings import load_settings
from tests.unit.fake_wechat import FakeWeChatApi, FakeWeChatServer

TOKEN = "secureToken2024"
APPID = "wx0123456789abcdef"
ACCOUNT = "gh_secure0000"
OPENID = "oSecure_abcdefghijklmnopqrst"


def aes_key() -> str:
    return base64.b64encode(os.urandom(32)).decode().rstrip("=")


KEY, OLD_KEY = aes_key(), aes_key()


class FakeRasa:
    def __init__(self) -> None:
        self.reply: list[dict[str, Any]] = [{"text": "您好"}]
        self.delay = 0.0
        self.sent: list[tuple[str, str]] = []

    async def send(self, sender: str, text: str, metadata: dict) -> list[dict[str, Any]]:
        self.sent.append((sender, text))
        if self.delay:
            await asyncio.sleep(self.delay)
        return self.reply

    async def health(self) -> dict[str, str]:
        return {"rasa": "ok", "actions": "ok"}


def make_app(fake: FakeRasa, **changes: Any):  # type: ignore[no-untyped-def]
    settings = dataclasses.replace(load_settings(), wechat_token=TOKEN, wechat_appid=APPID, wechat_aes_key=KEY,
                                   **changes)
    app = create_app(settings)
    app.dependency_overrides[get_rasa] = lambda: fake
    return app


@pytest.fixture
def fake() -> FakeRasa:
    return FakeRasa()


@pytest.fixture
def client(fake: FakeRasa) -> TestClient:
    with TestClient(make_app(fake)) as test_client:
        yield test_client


_ids = iter(range(70_000_000, 79_999_999))


def text_xml(content: str, openid: str = OPENID, msg_id: int | None = None) -> str:
    return (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id or next(_ids)}</MsgId></xml>")


def push(client: TestClient, query: dict[str, str], body: bytes) -> httpx.Response:
    return client.post("/wechat", params=query, content=body, headers={"content-type": "text/xml"})


def content_of(xml: str) -> dict[str, str]:
    return {child.tag: child.text or "" for child in ET.fromstring(xml)}


# --- 安全模式 and 兼容模式 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("compatible", [False, True])
def test_encrypted_message_gets_an_encrypted_reply(client: TestClient, fake: FakeRasa, compatible: bool) -> None:
    weixin = FakeWeChatServer(TOKEN, APPID, KEY)
    query, body = weixin.encrypted(text_xml("温州有什么补贴"), ACCOUNT, compatible=compatible)
    response = push(client, query, body)
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/xml")
    assert "<Encrypt>" in response.text and "您好" not in response.text
    reply = content_of(weixin.open_reply(response.text))
    assert reply["Content"] == "您好" and reply["ToUserName"] == OPENID and reply["FromUserName"] == ACCOUNT
    assert fake.sent == [(f"wechat:{OPENID}", "温州有什么补贴")]


def test_compatible_mode_trusts_the_encrypted_copy(client: TestClient, fake: FakeRasa) -> None:
    weixin = FakeWeChatServer(TOKEN, APPID, KEY)
    query, body = weixin.encrypted(text_xml("真的问题"), ACCOUNT, compatible=True)
    tampered = body.replace("真的问题".encode(), "伪造的问题".encode(), 1)  # the plaintext copy is not signed
    assert push(client, query, tampered).status_code == 200
    assert fake.sent == [(f"wechat:{OPENID}", "真的问题")]


def test_previous_key_is_accepted_while_the_key_changes(fake: FakeRasa) -> None:
    with TestClient(make_app(fake, wechat_aes_key_previous=OLD_KEY)) as client:
        old = FakeWeChatServer(TOKEN, APPID, OLD_KEY)
        response = push(client, *old.encrypted(text_xml("旧密钥"), ACCOUNT))
        assert response.status_code == 200
        assert content_of(old.open_reply(response.text))["Content"] == "您好"  # answered with the key that worked
        new = FakeWeChatServer(TOKEN, APPID, KEY)
        assert content_of(new.open_reply(push(client, *new.encrypted(text_xml("新密钥"), ACCOUNT)).text))


@pytest.mark.parametrize("sender", [FakeWeChatServer(TOKEN, APPID, aes_key()),  # a wrong key
                                    FakeWeChatServer(TOKEN, "wxSomeoneElse0000", KEY)])  # another AppID
def test_wrong_key_or_appid_is_403(client: TestClient, fake: FakeRasa, sender: FakeWeChatServer) -> None:
    response = push(client, *sender.encrypted(text_xml("你好"), ACCOUNT))
    assert response.status_code == 403 and "WECHAT_AES_KEY" in response.json()["error"]
    assert fake.sent == []


def test_bad_or_missing_msg_signature_is_403(client: TestClient, fake: FakeRasa) -> None:
    weixin = FakeWeChatServer(TOKEN, APPID, KEY)
    query, body = weixin.encrypted(text_xml("你好"), ACCOUNT)
    assert push(client, {**query, "msg_signature": "0" * 40}, body).status_code == 403
    assert push(client, {k: v for k, v in query.items() if k != "msg_signature"}, body).status_code == 403
    assert fake.sent == []


@pytest.mark.parametrize("encrypted", ["", "not base64 !!", "QUJD", base64.b64encode(os.urandom(64)).decode(),
                                       base64.b64encode(os.urandom(7)).decode(), "A" * 60_000])
def test_garbage_ciphertext_is_refused_without_5xx(client: TestClient, encrypted: str) -> None:
    weixin = FakeWeChatServer(TOKEN, APPID, KEY)
    query = weixin.query()
    query.update(encrypt_type="aes", msg_signature=wechat.hashlib.sha1(
        "".join(sorted([TOKEN, query["timestamp"], query["nonce"], encrypted])).encode()).hexdigest())
    body = f"<xml><ToUserName>gh</ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>".encode()
    response = push(client, query, body)
    assert response.status_code in (400, 403, 413), response.text


def test_encrypted_body_with_a_dtd_inside_is_400(client: TestClient, fake: FakeRasa) -> None:
    weixin = FakeWeChatServer(TOKEN, APPID, KEY)
    inner = '<!DOCTYPE xml [<!ENTITY x "y">]>' + text_xml("&x;")
    response = push(client, *weixin.encrypted(inner, ACCOUNT))
    assert response.status_code == 400 and "DTD" in response.json()["error"]
    assert fake.sent == []


def test_aes_key_shape() -> None:
    assert valid_aes_key(KEY) and not valid_aes_key("short") and not valid_aes_key("!" * 43)


# --- replays ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("age", [301, 3600, -400])
def test_old_or_future_timestamps_are_refused_as_replays(client: TestClient, fake: FakeRasa, age: int) -> None:
    weixin = FakeWeChatServer(TOKEN, APPID, KEY)
    stale = str(int(time.time()) - age)
    response = push(client, weixin.query(timestamp=stale), text_xml("你好").encode())
    assert response.status_code == 403 and "replay" in response.json()["error"]
    response = push(client, *weixin.encrypted(text_xml("你好"), ACCOUNT, timestamp=stale))
    assert response.status_code == 403
    assert client.get("/wechat", params={**weixin.query(timestamp=stale), "echostr": "x"}).status_code == 403
    assert fake.sent == []


@pytest.mark.parametrize("timestamp", ["abc", "1e9", "9" * 30, "-5", " "])
def test_odd_timestamps_are_403(client: TestClient, timestamp: str) -> None:
    weixin = FakeWeChatServer(TOKEN, APPID, KEY)
    assert push(client, weixin.query(timestamp=timestamp), text_xml("你好").encode()).status_code == 403


def test_a_replayed_message_never_reaches_rasa_twice(client: TestClient, fake: FakeRasa) -> None:
    weixin = FakeWeChatServer(TOKEN, APPID, KEY)
    xml = text_xml("你好", msg_id=555)
    first = push(client, *weixin.encrypted(xml, ACCOUNT, nonce="a"))
    again = push(client, *weixin.encrypted(xml, ACCOUNT, nonce="b"))
    assert first.status_code == again.status_code == 200
    assert content_of(weixin.open_reply(again.text))["Content"] == "您好"
    assert len(fake.sent) == 1


def test_retries_reaching_another_worker_are_answered_from_the_shared_store(fake: FakeRasa) -> None:
    store = MemoryStore()
    one, two = make_app(fake), make_app(fake)
    one.state.store = two.state.store = store
    weixin = FakeWeChatServer(TOKEN, APPID, KEY)
    with TestClient(one) as first, TestClient(two) as second:
        xml = text_xml("你好", msg_id=777)
        a = push(first, weixin.query(), xml.encode())
        b = push(second, weixin.query(nonce="other"), xml.encode())
        assert a.content == b.content and len(fake.sent) == 1
        fake.reply = [{"text": "请选择", "buttons": [{"title": "海口", "payload": "/inform_haikou"}]}]
        push(first, weixin.query(), text_xml("帮我查").encode())
        push(second, weixin.query(), text_xml("1").encode())  # the buttons shown by the other worker
        assert fake.sent[-1] == (f"wechat:{OPENID}", "/inform_haikou")


# --- slow answers by customer-service message -------------------------------------------------------------------


def test_slow_answer_is_sent_by_customer_service_message(fake: FakeRasa) -> None:
    fake.delay, fake.reply = 0.4, [{"text": "温州：每月45小时。"}]
    with FakeWeChatApi() as api, TestClient(make_app(fake, wechat_secret="s3cret", wechat_reply_timeout=0.05,
                                                     wechat_api_base=api.base)) as client:
        weixin = FakeWeChatServer(TOKEN, APPID, KEY)
        started = time.monotonic()
        response = push(client, weixin.query(), text_xml("温州失能老人每月几小时").encode())
        assert response.status_code == 200 and response.text == "success"  # never "send it again"
        assert time.monotonic() - started < 0.35
        sent = api.wait_for("send")
        assert sent == [{"touser": OPENID, "msgtype": "text", "text": {"content": "温州：每月45小时。"}}]
        assert api.sent("typing") == [{"touser": OPENID, "command": "Typing"}]
        # A second slow answer uses the cached access token.
        push(client, weixin.query(), text_xml("再问一个").encode())
        assert len(api.wait_for("send", 2)) == 2 and api.tokens_issued == 1
    assert len(fake.sent) == 2


def test_expired_access_token_is_refreshed_and_the_message_sent(fake: FakeRasa) -> None:
    with FakeWeChatApi() as api:
        app = make_app(fake, wechat_secret="s3cret", wechat_api_base=api.base)
        with TestClient(app):
            asyncio.run(send_customer_message(app, OPENID, "工作人员：您好"))
            api.expire_next_token_use = True
            asyncio.run(send_customer_message(app, OPENID, "第二条"))
        assert [b["text"]["content"] for b in api.sent("send")] == ["工作人员：您好", "第二条"]
        assert api.tokens_issued == 2


def test_customer_service_failure_keeps_the_answer_for_a_resend(fake: FakeRasa) -> None:
    fake.delay, fake.reply = 0.3, [{"text": "迟到的答案"}]
    with FakeWeChatApi() as api, TestClient(make_app(fake, wechat_secret="s3cret", wechat_reply_timeout=0.05,
                                                     wechat_api_base=api.base)) as client:
        api.send_error = {"errcode": 45015, "errmsg": "response out of time limit"}
        weixin = FakeWeChatServer(TOKEN, APPID, KEY)
        assert push(client, weixin.query(), text_xml("问题").encode()).text == "success"
        assert api.wait_for("send", accepted=False) and api.sent("send") == []
        time.sleep(0.2)
        fake.delay = 0
        again = push(client, weixin.query(), text_xml("问题").encode())
        assert content_of(again.text)["Content"] == "迟到的答案"
    assert len(fake.sent) == 1


def test_send_customer_message_without_credentials_says_so(fake: FakeRasa) -> None:
    app = make_app(fake)
    with TestClient(app), pytest.raises(WeChatSendError, match="WECHAT_SECRET"):
        asyncio.run(send_customer_message(app, OPENID, "你好"))


def test_unreachable_wechat_api_is_a_send_error(fake: FakeRasa) -> None:
    app = make_app(fake, wechat_secret="s3cret", wechat_api_base="http://127.0.0.1:9/cgi-bin/")
    with TestClient(app), pytest.raises(WeChatSendError):
        asyncio.run(send_customer_message(app, OPENID, "你好"))


# --- encodings and hostile XML ----------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [
    '<?xml version="1.0" encoding="GBK"?><xml><Content>你好</Content></xml>'.encode("gbk"),
    b'<?xml version="1.0" encoding="x-unknown-42"?><xml/>',
    '<?xml version="1.0" encoding="UTF-16"?><xml/>'.encode("utf-16"),
    b"<?xml version='1.0' encoding='Shift_JIS'?><xml/>",
])
def test_non_utf8_encodings_are_a_clear_400(client: TestClient, fake: FakeRasa, body: bytes) -> None:
    weixin = FakeWeChatServer(TOKEN, APPID, KEY)
    response = push(client, weixin.query(), body)
    assert response.status_code == 400 and "UTF-8" in response.json()["error"]
    assert fake.sent == []


def test_utf8_declaration_and_bom_are_fine(client: TestClient, fake: FakeRasa) -> None:
    weixin = FakeWeChatServer(TOKEN, APPID, KEY)
    for prefix in (b'<?xml version="1.0" encoding="utf-8"?>', b"\xef\xbb\xbf"):
        assert push(client, weixin.query(), prefix + text_xml("你好").encode()).status_code == 200
    assert len(fake.sent) == 2


def hostile_bodies() -> list[bytes]:
    rng = random.Random(21)
    deep = b"<xml>" + b"<a>" * 5000 + b"</a>" * 5000 + b"</xml>"
    wide = b"<xml>" + b"".join(b"<F%d>x</F%d>" % (i, i) for i in range(3000)) + b"</xml>"
    return [
        deep, wide, b"<xml>" + b"<a b='1'" * 1000 + b"/></xml>", bytes(rng.randrange(256) for _ in range(2000)),
        b"<xml><FromUserName>" + b"o" * 50_000 + b"</FromUserName></xml>", b"\x00\x00\x00",
        b"<xml><MsgType>text</MsgType><FromUserName>oX</FromUserName><ToUserName>g</ToUserName>"
        b"<Content>\xed\xa0\x80</Content></xml>",
        b"<xml><![CDATA[" + b"]]>" * 100 + b"</xml>", b"<?xml version='1.0'?><!-- " + b"-" * 1000 + b" --><xml/>",
        b"<xml><MsgType>event</MsgType><FromUserName>oX</FromUserName><ToUserName>g</ToUserName>"
        b"<Event>subscribe</Event></xml>",  # an event without CreateTime
        b"<xml><MsgType>text</MsgType><FromUserName>oX</FromUserName><ToUserName>g</ToUserName>"
        b"<Content>1</Content><MsgId>" + b"9" * 5000 + b"</MsgId></xml>",
        b"<?xml-stylesheet href='x'?><xml/>", b"<x:xml xmlns:x='urn:x'/>",
    ]


@pytest.mark.parametrize("index", range(len(hostile_bodies())))
def test_fuzzed_bodies_never_give_5xx(client: TestClient, index: int) -> None:
    weixin = FakeWeChatServer(TOKEN, APPID, KEY)
    body = hostile_bodies()[index]
    for query in (weixin.query(), {**weixin.query(), "encrypt_type": "aes", "msg_signature": "x"}):
        response = push(client, query, body)
        assert response.status_code < 500, (index, response.status_code, response.text[:200])


@pytest.mark.parametrize("query", [
    {"signature": "x" * 5000, "timestamp": "1", "nonce": "n"},
    {"signature": "\u4f60", "timestamp": "\u4f60", "nonce": "\u4f60"},
    {"signature": "", "timestamp": "", "nonce": ""},
    {"encrypt_type": "aes"},
])
def test_fuzzed_queries_never_give_5xx(client: TestClient, query: dict[str, str]) -> None:
    for method in ("GET", "POST"):
        response = client.request(method, "/wechat", params=query, content=text_xml("你好").encode())
        assert 400 <= response.status_code < 500
