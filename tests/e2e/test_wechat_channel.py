"""The WeChat 公众号 channel through the real stack: signed XML in, a cited passive text reply out."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET  # parses the gateway's own replies only

import httpx

from bot.gateway.wechat import signature
from tests.e2e.conftest import WECHAT_AES_KEY, WECHAT_APPID, WECHAT_TOKEN, Assistant
from tests.unit.fake_wechat import FakeWeChatServer

OPENID = "oE2eUser_abcdefghijklmnopqrs"


def _push(assistant: Assistant, content: str, msg_id: int, msg_type: str = "text") -> httpx.Response:
    timestamp, nonce = str(int(time.time())), "e2e-nonce"
    body = (f"<xml><ToUserName><![CDATA[gh_e2e]]></ToUserName><FromUserName><![CDATA[{OPENID}]]></FromUserName>"
            f"<CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>"
            f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId></xml>")
    params = {"signature": signature(WECHAT_TOKEN, timestamp, nonce), "timestamp": timestamp, "nonce": nonce}
    return httpx.post(f"{assistant.url}/wechat", params=params, content=body.encode("utf-8"),
                      headers={"content-type": "text/xml"}, timeout=30)


def test_server_verification_echoes_with_the_right_token(assistant: Assistant) -> None:
    timestamp, nonce = str(int(time.time())), "n1"
    params = {"signature": signature(WECHAT_TOKEN, timestamp, nonce), "timestamp": timestamp, "nonce": nonce,
              "echostr": "hello-wechat"}
    assert httpx.get(f"{assistant.url}/wechat", params=params, timeout=10).text == "hello-wechat"
    params["signature"] = "0" * 40
    assert httpx.get(f"{assistant.url}/wechat", params=params, timeout=10).status_code == 403


def test_a_question_gets_a_cited_answer_as_passive_xml(assistant: Assistant) -> None:
    response = _push(assistant, "温州瘫在床上的老人每月有几个小时免费服务", 9_100_000_001)
    assert response.status_code == 200
    reply = ET.fromstring(response.text)
    assert reply.findtext("ToUserName") == OPENID and reply.findtext("MsgType") == "text"
    content = reply.findtext("Content") or ""
    assert "四十五小时" in content and "出处" in content and "征求意见稿" in content
    assert len(content.encode("utf-8")) <= 2048


def test_an_image_gets_a_friendly_text(assistant: Assistant) -> None:
    response = _push(assistant, "", 9_100_000_002, msg_type="image")
    assert response.status_code == 200
    assert "文字" in (ET.fromstring(response.text).findtext("Content") or "")


def test_safe_mode_message_gets_an_encrypted_cited_answer(assistant: Assistant) -> None:
    weixin = FakeWeChatServer(WECHAT_TOKEN, WECHAT_APPID, WECHAT_AES_KEY)
    xml = (f"<xml><ToUserName><![CDATA[gh_e2e]]></ToUserName><FromUserName><![CDATA[{OPENID}]]></FromUserName>"
           f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
           f"<Content><![CDATA[温州瘫在床上的老人每月有几个小时免费服务]]></Content><MsgId>9100000003</MsgId></xml>")
    query, body = weixin.encrypted(xml, "gh_e2e")
    response = httpx.post(f"{assistant.url}/wechat", params=query, content=body,
                          headers={"content-type": "text/xml"}, timeout=30)
    assert response.status_code == 200 and "<Encrypt>" in response.text
    content = ET.fromstring(weixin.open_reply(response.text)).findtext("Content") or ""
    assert "四十五小时" in content and "出处" in content


def test_replayed_request_is_refused(assistant: Assistant) -> None:
    timestamp, nonce = str(int(time.time()) - 3600), "old"
    params = {"signature": signature(WECHAT_TOKEN, timestamp, nonce), "timestamp": timestamp, "nonce": nonce}
    response = httpx.post(f"{assistant.url}/wechat", params=params, content=b"<xml/>", timeout=10)
    assert response.status_code == 403
