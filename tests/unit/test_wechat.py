"""WeChat 公众号 channel with a fake Rasa: signature, XML in and out, message types, choices, retries, limits."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
import xml.etree.ElementTree as ET  # only for parsing the gateway's own replies
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from bot.dialogue.messages import REGION_BUTTONS  # the buttons the assistant really sends
from bot.gateway import app as gateway_app
from bot.gateway import wechat
from bot.gateway.app import create_app
from bot.gateway.deps import get_rasa
from bot.gateway.rasa_client import RasaUnavailableError
from bot.settings import load_settings

TOKEN = "elderCareTest2024"
OPENID = "oUser_4Fj-abcdefghijklmnopq"
ACCOUNT = "gh_0123456789ab"
GREETING_BUTTONS = [
    {"title": "查查能享受什么", "payload": "帮我查查老人能享受什么待遇"},
    {"title": "问政策", "payload": "居家养老有哪些服务"},
    {"title": "转人工", "payload": "/human_handoff"},
]


class FakeRasa:
    def __init__(self) -> None:
        self.reply: list[dict[str, Any]] = [{"recipient_id": f"wechat:{OPENID}", "text": "您好"}]
        self.down = False
        self.delay = 0.0
        self.sent: list[tuple[str, str, dict]] = []

    async def send(self, sender: str, text: str, metadata: dict) -> list[dict[str, Any]]:
        self.sent.append((sender, text, metadata))
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.down:
            raise RasaUnavailableError("rasa: ConnectError")
        json.dumps({"sender": sender, "message": text}, ensure_ascii=False).encode("utf-8")
        return self.reply

    async def health(self) -> dict[str, str]:
        return {"rasa": "ok", "actions": "ok"}


def make_client(fake: FakeRasa, token: str = TOKEN, timeout: float = 4.0) -> TestClient:
    settings = dataclasses.replace(load_settings(), wechat_token=token, wechat_reply_timeout=timeout)
    app = create_app(settings)
    app.dependency_overrides[get_rasa] = lambda: fake
    return TestClient(app)


@pytest.fixture
def fake() -> FakeRasa:
    return FakeRasa()


@pytest.fixture
def client(fake: FakeRasa) -> TestClient:
    with make_client(fake) as test_client:
        yield test_client


def signed(token: str = TOKEN, timestamp: str | None = None, nonce: str = "382910") -> dict[str, str]:
    timestamp = timestamp or str(int(time.time()))  # (older than WECHAT_MAX_SKEW would be refused as a replay)
    return {"signature": wechat.signature(token, timestamp, nonce), "timestamp": timestamp, "nonce": nonce}


_msg_ids = iter(range(10_000_000, 99_999_999))


def message_xml(msg_type: str = "text", msg_id: str | None = None, openid: str = OPENID, **fields: str) -> bytes:
    if msg_id is None and msg_type != "event":
        msg_id = str(next(_msg_ids))
    parts = [f"<ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>", f"<FromUserName><![CDATA[{openid}]]></FromUserName>",
             f"<CreateTime>{fields.pop('CreateTime', '1714000001')}</CreateTime>",
             f"<MsgType><![CDATA[{msg_type}]]></MsgType>"]
    parts += [f"<{name}><![CDATA[{value}]]></{name}>" for name, value in fields.items()]
    if msg_id:
        parts.append(f"<MsgId>{msg_id}</MsgId>")
    return ("<xml>" + "".join(parts) + "</xml>").encode("utf-8")


def post(client: TestClient, body: bytes, params: dict[str, str] | None = None) -> httpx.Response:
    return client.post("/wechat", params=params or signed(), content=body, headers={"content-type": "text/xml"})


def say(client: TestClient, text: str, **kwargs: Any) -> str:
    """Send a text message and return the Content of the XML reply."""
    response = post(client, message_xml("text", Content=text, **kwargs))
    assert response.status_code == 200, response.text
    return reply_fields(response)["Content"]


def reply_fields(response: httpx.Response) -> dict[str, str]:
    assert response.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == "xml"
    return {child.tag: child.text or "" for child in root}


# --- signature and verification ---------------------------------------------------------------------------------


def test_signature_is_sha1_of_sorted_token_timestamp_nonce() -> None:
    import hashlib

    expected = hashlib.sha1("".join(sorted([TOKEN, "1714000000", "382910"])).encode()).hexdigest()
    assert wechat.signature(TOKEN, "1714000000", "382910") == expected
    assert wechat.signature(TOKEN, "382910", "1714000000") == expected  # the order given does not matter


def test_verification_echoes_echostr_as_plain_text(client: TestClient) -> None:
    response = client.get("/wechat", params={**signed(), "echostr": "5837397749971390218"})
    assert response.status_code == 200
    assert response.text == "5837397749971390218"
    assert response.headers["content-type"].startswith("text/plain")


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_bad_signature_is_403(client: TestClient, fake: FakeRasa, method: str) -> None:
    params = {**signed(token="someone-else"), "echostr": "x"}
    response = client.request(method, "/wechat", params=params, content=message_xml(Content="你好"))
    assert response.status_code == 403
    assert "signature" in response.json()["error"]
    assert fake.sent == []


@pytest.mark.parametrize("missing", ["signature", "timestamp", "nonce"])
def test_missing_signature_parameters_are_403_naming_them(client: TestClient, fake: FakeRasa, missing: str) -> None:
    params = {k: v for k, v in {**signed(), "echostr": "x"}.items() if k != missing}
    assert client.get("/wechat", params=params).status_code == 403
    response = client.post("/wechat", params=params, content=message_xml(Content="你好"))
    assert response.status_code == 403
    assert missing in response.json()["error"]
    assert fake.sent == []


def test_no_query_at_all_is_403(client: TestClient) -> None:
    assert client.get("/wechat").status_code == 403
    assert client.post("/wechat", content=message_xml(Content="你好")).status_code == 403


def test_tampered_timestamp_is_403(client: TestClient) -> None:
    params = {**signed(), "timestamp": "1714000099", "echostr": "x"}
    assert client.get("/wechat", params=params).status_code == 403


def test_channel_disabled_without_token(fake: FakeRasa) -> None:
    with make_client(fake, token="") as client:
        get = client.get("/wechat", params={**signed(token=""), "echostr": "x"})
        posted = client.post("/wechat", params=signed(token=""), content=message_xml(Content="你好"))
    for response in (get, posted):
        assert response.status_code == 404
        assert "disabled" in response.json()["error"] and "WECHAT_TOKEN" in response.json()["error"]
    assert fake.sent == []


def test_missing_echostr_is_400(client: TestClient) -> None:
    assert client.get("/wechat", params=signed()).status_code == 400


# --- messages ---------------------------------------------------------------------------------------------------


def test_text_message_round_trip(client: TestClient, fake: FakeRasa) -> None:
    before = int(time.time())
    response = post(client, message_xml("text", Content="你好"))
    assert response.status_code == 200
    fields = reply_fields(response)
    assert fields["ToUserName"] == OPENID and fields["FromUserName"] == ACCOUNT  # swapped
    assert fields["MsgType"] == "text"
    assert fields["Content"] == "您好"
    assert before <= int(fields["CreateTime"]) <= int(time.time())
    assert fake.sent == [(f"wechat:{OPENID}", "你好", {"channel": "wechat"})]


def test_bubbles_are_joined_with_blank_lines(client: TestClient, fake: FakeRasa) -> None:
    fake.reply = [{"text": "海口：每月补贴。（出处：《海口…》二、（三）9）"},
                  {"custom": {"citations": [{"doc_id": "x"}]}},
                  {"text": "还想了解什么？"}]
    assert say(client, "海口有什么补贴") == "海口：每月补贴。（出处：《海口…》二、（三）9）\n\n还想了解什么？"


def test_voice_message_uses_the_recognition(client: TestClient, fake: FakeRasa) -> None:
    body = message_xml("voice", MediaId="media1", Format="amr", Recognition="温州有什么补贴？")
    response = post(client, body)
    assert reply_fields(response)["Content"] == "您好"
    assert fake.sent == [(f"wechat:{OPENID}", "温州有什么补贴？", {"channel": "wechat"})]


@pytest.mark.parametrize("recognition", [None, "", "  "])
def test_voice_without_recognition_asks_again(client: TestClient, fake: FakeRasa, recognition: str | None) -> None:
    extra = {} if recognition is None else {"Recognition": recognition}
    response = post(client, message_xml("voice", MediaId="media1", Format="amr", **extra))
    assert reply_fields(response)["Content"] == wechat.VOICE_UNCLEAR
    assert fake.sent == []


def test_subscribe_event_sends_the_greeting(client: TestClient, fake: FakeRasa) -> None:
    fake.reply = [{"text": "您好！我是养老政策助手。", "buttons": GREETING_BUTTONS}]
    response = post(client, message_xml("event", Event="subscribe", EventKey=""))
    content = reply_fields(response)["Content"]
    assert content.startswith("您好！我是养老政策助手。\n\n回复数字即可：\n1 查查能享受什么\n2 问政策\n3 转人工")
    assert fake.sent == [(f"wechat:{OPENID}", "/greet", {"channel": "wechat"})]


@pytest.mark.parametrize("event", ["unsubscribe", "CLICK", "LOCATION", "VIEW"])
def test_other_events_get_success_and_no_rasa_turn(client: TestClient, fake: FakeRasa, event: str) -> None:
    response = post(client, message_xml("event", Event=event))
    assert response.status_code == 200 and response.text == "success"
    assert fake.sent == []


@pytest.mark.parametrize("msg_type", ["image", "location", "link", "video", "shortvideo", "file"])
def test_other_message_types_get_a_friendly_text(client: TestClient, fake: FakeRasa, msg_type: str) -> None:
    response = post(client, message_xml(msg_type, PicUrl="http://example.com/p.jpg", MediaId="m"))
    assert response.status_code == 200
    assert reply_fields(response)["Content"].startswith("暂时只能看懂文字和语音")
    assert fake.sent == []


def test_blank_text_is_answered_without_rasa(client: TestClient, fake: FakeRasa) -> None:
    assert say(client, "   ") == wechat.EMPTY_TEXT
    assert say(client, "字" * 1001) == wechat.TOO_LONG
    assert fake.sent == []


def test_personal_numbers_are_masked_before_rasa(client: TestClient, fake: FakeRasa) -> None:
    say(client, "我电话13812345678，身份证11010519491231002X")
    voice = message_xml("voice", Recognition="我的手机是１３８ １２３４ ５６７８。")
    post(client, voice)
    sent = [text for _, text, _ in fake.sent]
    assert sent[0] == "我电话138****5678，身份证110*************2X"
    assert sent[1] == "我的手机是138****5678。"


def test_bot_text_with_cdata_end_survives(client: TestClient, fake: FakeRasa) -> None:
    fake.reply = [{"text": "a]]>b <c> & d"}]
    assert say(client, "你好") == "a]]>b <c> & d"


def test_empty_rasa_answer_is_success(client: TestClient, fake: FakeRasa) -> None:
    fake.reply = []
    response = post(client, message_xml(Content="👍"))
    assert response.status_code == 200 and response.text == "success"


# --- buttons and numeric replies --------------------------------------------------------------------------------


def test_buttons_become_a_numbered_list_and_a_number_sends_the_payload(client: TestClient, fake: FakeRasa) -> None:
    fake.reply = [{"text": "请问老人在哪个地方？", "buttons": REGION_BUTTONS}]
    content = say(client, "帮我查查")
    assert content == "请问老人在哪个地方？\n\n回复数字即可：\n1 海口\n2 海南其他市县\n3 温州\n4 昌吉\n5 其他地方"
    say(client, "2")
    assert fake.sent[-1][1] == '/inform{"region":"hainan"}'
    assert fake.sent[-1][2].get("tapped") is True  # a numbered choice is a tap


def test_a_payload_typed_by_hand_is_sent_as_text_without_the_tap_mark(client: TestClient, fake: FakeRasa) -> None:
    fake.reply = [{"text": "请问老人在哪个地方？", "buttons": REGION_BUTTONS}]
    say(client, "帮我查查")
    say(client, REGION_BUTTONS[1]["payload"])
    assert fake.sent[-1][1] == REGION_BUTTONS[1]["payload"] and "tapped" not in fake.sent[-1][2]


@pytest.mark.parametrize(("reply", "index"), [("２", 1), ("１．", 0), ("3.", 2), (" 4 ", 3), ("第五个", 4), ("三", 2)])
def test_number_forms_map_to_the_payload(client: TestClient, fake: FakeRasa, reply: str, index: int) -> None:
    fake.reply = [{"text": "请问老人在哪个地方？", "buttons": REGION_BUTTONS}]
    say(client, "帮我查查")
    say(client, reply)
    assert fake.sent[-1][1] == REGION_BUTTONS[index]["payload"]


def test_numbers_out_of_range_or_without_buttons_are_sent_as_text(client: TestClient, fake: FakeRasa) -> None:
    say(client, "1")  # no buttons yet
    fake.reply = [{"text": "请问老人在哪个地方？", "buttons": REGION_BUTTONS}]
    say(client, "帮我查查")
    say(client, "6")
    say(client, "82")
    assert [text for _, text, _ in fake.sent] == ["1", "帮我查查", "6", "82"]


def test_choices_belong_to_the_last_answer_and_to_one_user(client: TestClient, fake: FakeRasa) -> None:
    fake.reply = [{"text": "请问老人在哪个地方？", "buttons": REGION_BUTTONS}]
    say(client, "帮我查查")
    say(client, "1", openid="oSomeoneElse")  # another user has no buttons
    assert fake.sent[-1] == ("wechat:oSomeoneElse", "1", {"channel": "wechat"})
    fake.reply = [{"text": "好的。"}]
    say(client, "温州")  # an answer without buttons: numbers are text again
    say(client, "2")
    assert fake.sent[-1][1] == "2"


def test_buttons_across_bubbles_are_numbered_once(client: TestClient, fake: FakeRasa) -> None:
    fake.reply = [{"text": "答案一", "buttons": [{"title": "详细说明", "payload": "/ask_details"}]},
                  {"text": "答案二", "buttons": [{"title": "详细说明", "payload": "/ask_details"},
                                                 {"title": "👍 有帮助", "payload": '/feedback{"helpful":"yes"}'}]}]
    assert say(client, "问题") == "答案一\n\n答案二\n\n回复数字即可：\n1 详细说明\n2 👍 有帮助"
    say(client, "2")
    assert fake.sent[-1][1] == '/feedback{"helpful":"yes"}'


def test_choice_number() -> None:
    assert [wechat.choice_number(t) for t in ["1", "２", "１．", "2。", "第2个", "十", "两"]] == [1, 2, 1, 2, 2, 10, 2]
    assert [wechat.choice_number(t) for t in ["82岁", "1和2", "我选1", "", "一二"]] == [None] * 5


# --- retries, slowness, failures --------------------------------------------------------------------------------


def test_retry_with_the_same_msgid_is_answered_from_the_cache(client: TestClient, fake: FakeRasa) -> None:
    body = message_xml("text", msg_id="6054768590064713728", Content="你好")
    first = post(client, body)
    fake.reply = [{"text": "不该出现"}]
    retries = [post(client, body, params=signed(nonce=str(n))) for n in range(3)]
    assert len(fake.sent) == 1
    assert all(r.status_code == 200 and r.content == first.content for r in retries)


def test_retry_of_an_event_is_deduplicated_by_user_and_create_time(client: TestClient, fake: FakeRasa) -> None:
    body = message_xml("event", Event="subscribe", CreateTime="1714000555")
    first, second = post(client, body), post(client, body)
    assert first.content == second.content and len(fake.sent) == 1
    post(client, message_xml("event", Event="subscribe", CreateTime="1714000999"))  # a later follow is new
    assert len(fake.sent) == 2


def test_retry_while_the_first_is_still_in_progress_gets_success(client: TestClient, fake: FakeRasa) -> None:
    asyncio.run(client.app.state.store.set(f"wechat:msg:{OPENID}:777", wechat.IN_PROGRESS, 60))
    response = post(client, message_xml("text", msg_id="777", Content="你好"))
    assert response.status_code == 200 and response.text == "success"
    assert fake.sent == []


def test_same_msgid_from_another_user_is_not_a_retry(client: TestClient, fake: FakeRasa) -> None:
    post(client, message_xml("text", msg_id="42", Content="你好"))
    post(client, message_xml("text", msg_id="42", openid="oOther", Content="你好"))
    assert len(fake.sent) == 2


def test_rasa_down_is_a_polite_text_not_an_error(client: TestClient, fake: FakeRasa) -> None:
    fake.down = True
    response = post(client, message_xml(Content="你好"))
    assert response.status_code == 200
    content = reply_fields(response)["Content"]
    assert content == wechat.RASA_DOWN and "12345" in content


def test_real_rasa_client_unreachable_is_a_polite_text(fake: FakeRasa) -> None:
    settings = dataclasses.replace(load_settings(), wechat_token=TOKEN, rasa_port=9)  # discard port
    with TestClient(create_app(settings)) as client:
        response = post(client, message_xml(Content="你好"))
    assert response.status_code == 200 and reply_fields(response)["Content"] == wechat.RASA_DOWN


def test_slow_rasa_gets_please_send_again_and_the_resend_gets_the_late_answer(fake: FakeRasa) -> None:
    fake.delay = 0.5
    fake.reply = [{"text": "温州：每月补贴。"}]
    with make_client(fake, timeout=0.1) as client:
        started = time.monotonic()
        assert say(client, "温州有什么补贴") == wechat.SLOW
        assert time.monotonic() - started < 0.45
        time.sleep(0.6)
        assert say(client, "温州有什么补贴") == "温州：每月补贴。"  # the answer already computed
        assert len(fake.sent) == 1
        fake.delay = 0
        assert say(client, "温州有什么补贴") == "温州：每月补贴。"  # delivered once: now a new question
        assert len(fake.sent) == 2


def test_slow_then_another_question_goes_to_rasa(fake: FakeRasa) -> None:
    fake.delay = 0.3
    with make_client(fake, timeout=0.05) as client:
        assert say(client, "问题一") == wechat.SLOW
        fake.delay = 0
        assert say(client, "问题二") == "您好"
    assert [text for _, text, _ in fake.sent] == ["问题一", "问题二"]


# --- limits and malformed input ---------------------------------------------------------------------------------


def test_long_reply_is_cut_at_a_bubble_boundary_under_2048_bytes(client: TestClient, fake: FakeRasa) -> None:
    bubbles = [f"第{i}段：" + "居家养老服务补贴。" * 25 for i in range(1, 8)]  # ≈ 700 bytes each
    fake.reply = [{"text": b} for b in bubbles]
    fake.reply[-1]["buttons"] = REGION_BUTTONS
    content = say(client, "详细说说")
    assert len(content.encode("utf-8")) <= 2048
    text, _, choices = content.partition("\n\n回复数字即可：")
    assert text.endswith("\n" + wechat.TRUNCATED)
    kept = text.removesuffix("\n" + wechat.TRUNCATED).split("\n\n")
    assert kept == bubbles[: len(kept)] and 1 <= len(kept) < len(bubbles)
    assert choices.startswith("\n1 海口")
    say(client, "3")
    assert fake.sent[-1][1] == '/inform{"region":"wenzhou"}'


def test_a_status_warning_survives_when_a_long_reply_is_cut(client: TestClient, fake: FakeRasa) -> None:
    bubbles = [f"第{i}段：" + "居家养老服务补贴。" * 25 for i in range(1, 8)]
    warning = "⚠️ 本文件为征求意见稿（2022年），尚未正式施行，内容以正式发布文件为准。"
    fake.reply = [{"text": b} for b in bubbles] + [{"text": warning}]
    content = say(client, "详细说说")
    assert len(content.encode("utf-8")) <= 2048
    assert warning in content and content.startswith(bubbles[0])


def test_one_huge_bubble_is_cut_within_the_limit(client: TestClient, fake: FakeRasa) -> None:
    fake.reply = [{"text": "这是很长的一段条文。" * 300}]
    content = say(client, "全文")
    assert len(content.encode("utf-8")) <= 2048
    assert content.endswith("。\n" + wechat.TRUNCATED)


def test_reply_that_fits_exactly_is_not_cut() -> None:
    text = "好" * (2048 // 3)
    assert wechat.render([{"text": text}]) == (text, [])


def test_malformed_xml_is_400(client: TestClient, fake: FakeRasa) -> None:
    for body in (b"<xml><Content>hi</xml>", b"not xml", b"", b'{"text": "hi"}', "<xml>你好".encode("gbk")):
        response = post(client, body)
        assert response.status_code == 400, body
        assert "malformed XML" in response.json()["error"]
    assert fake.sent == []


def test_wrong_root_or_missing_fields_are_400(client: TestClient) -> None:
    assert "root element" in post(client, b"<html><Content>hi</Content></html>").json()["error"]
    no_sender = b"<xml><ToUserName>gh</ToUserName><MsgType>text</MsgType><Content>hi</Content></xml>"
    response = post(client, no_sender)
    assert response.status_code == 400 and "FromUserName" in response.json()["error"]
    bad_openid = message_xml(Content="hi", openid="../../conversations/x")
    assert post(client, bad_openid).status_code == 400


def test_encrypted_message_without_a_key_is_400_with_a_hint(client: TestClient) -> None:
    body = b"<xml><ToUserName>gh_1</ToUserName><Encrypt><![CDATA[abc]]></Encrypt></xml>"
    response = post(client, body)
    assert response.status_code == 400 and "WECHAT_AES_KEY" in response.json()["error"]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<xml><ToUserName>gh</ToUserName><FromUserName>oUser</FromUserName><MsgType>text</MsgType>
<Content>&lol3;</Content><MsgId>1</MsgId></xml>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xml><ToUserName>gh</ToUserName><FromUserName>oUser</FromUserName><MsgType>text</MsgType>
<Content>&xxe;</Content><MsgId>1</MsgId></xml>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?><!DOCTYPE xml SYSTEM "http://127.0.0.1:9/evil.dtd">
<xml><ToUserName>gh</ToUserName><FromUserName>oUser</FromUserName><MsgType>text</MsgType></xml>"""


@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD])
def test_dtd_and_entities_are_rejected(client: TestClient, fake: FakeRasa, body: bytes) -> None:
    response = post(client, body)
    assert response.status_code == 400
    assert "DTD" in response.json()["error"]
    assert fake.sent == []


def test_undeclared_entity_is_400(client: TestClient) -> None:
    assert post(client, message_xml(Content="x").replace(b"<![CDATA[x]]>", b"&xxe;")).status_code == 400


def test_oversized_body_is_413(client: TestClient, fake: FakeRasa) -> None:
    big = message_xml(Content="长" * 30_000)  # 90 KB
    assert post(client, big).status_code == 413

    def chunked():  # no Content-Length: the channel counts the bytes itself
        for _ in range(100):
            yield b"<a>" + b"x" * 1000 + b"</a>"

    response = client.post("/wechat", params=signed(), content=chunked())
    assert response.status_code == 413 and "too large" in response.json()["error"]
    assert fake.sent == []


def test_body_limit_is_the_gateways() -> None:
    assert wechat.MAX_BODY_BYTES == gateway_app.MAX_BODY_BYTES


# --- helpers ----------------------------------------------------------------------------------------------------


def test_reply_timeout_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WECHAT_TOKEN", "abc")
    monkeypatch.setenv("WECHAT_REPLY_TIMEOUT", "3.5")
    settings = load_settings()
    assert settings.wechat_token == "abc" and settings.wechat_reply_timeout == 3.5
    monkeypatch.setenv("WECHAT_REPLY_TIMEOUT", "soon")
    with pytest.raises(SystemExit, match="WECHAT_REPLY_TIMEOUT"):
        load_settings()
