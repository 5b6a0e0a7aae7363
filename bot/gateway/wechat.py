"""WeChat 公众号 channel: GET/POST /wechat, in plaintext (明文), compatible (兼容) or safe mode (安全模式).

WeChat's servers call this endpoint, never the user's phone:

* ``GET /wechat?signature&timestamp&nonce&echostr`` once, when the server URL is saved in the OA's 服务器配置:
  the reply is ``echostr`` when the signature (SHA-1 of the sorted token, timestamp and nonce) is right.
* ``POST /wechat?signature&timestamp&nonce[&encrypt_type=aes&msg_signature]`` for every message or event,
  with an XML body (encrypted in ``<Encrypt>`` in 安全模式/兼容模式: bot/gateway/wechat_crypto.py). The reply
  is one passive XML text message within WeChat's 5 seconds, or ``success``; anything else (an HTTP error,
  a timeout) makes WeChat retry and then tell the user "该公众号暂时无法提供服务", so every failure after the
  signature check is a polite text reply, never a 5xx.

Replays are refused: a signed timestamp older (or further ahead) than ``WECHAT_MAX_SKEW`` seconds is a 403.
WeChat's own retries (same ``MsgId``; events: same sender and ``CreateTime``) get the first reply again and
never reach Rasa twice. An answer slower than ``WECHAT_REPLY_TIMEOUT`` is sent later as a customer-service
message (bot/gateway/wechat_client.py), with the typing indicator meanwhile.

Users are namespaced as ``wechat:<openid>`` in Rasa, like ``web:<sender>`` for the widget, and their text is
masked (ID-card and mobile numbers) exactly as the web channel does before Rasa sees it. Buttons cannot be
shown in a passive text reply: they become a numbered list, and a reply of just a number ("2", "２", "１．")
sends the payload of that button.

State (the last buttons per user, recent MsgIds with their replies, answers still being computed or
delivered late) is in the shared store (bot/gateway/store.py): memory for one process, Redis with
``REDIS_URL`` so that several workers or replicas agree.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import re
import time
import unicodedata
from collections.abc import Mapping
from typing import Any, Optional
from xml.parsers import expat

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from bot.gateway.deps import get_rasa
from bot.gateway.rasa_client import TAPPED, RasaClient, RasaUnavailableError
from bot.gateway.ratelimit import RateLimitedError, RateLimiter
from bot.gateway.schemas import MAX_TEXT_CHARS, to_chat_messages
from bot.gateway.store import Store, StoreUnavailableError
from bot.gateway.web import UNAVAILABLE, conversation_id
from bot.gateway.wechat_client import WeChatSendError, get_customer_service
from bot.gateway.wechat_crypto import CryptoError, Opened, open_message, seal
from bot.privacy import mask_personal_numbers
from bot.settings import Settings

CHANNEL = "wechat"
PATH = "/wechat"
MAX_BODY_BYTES = 64 * 1024  # the gateway's limit (app.MAX_BODY_BYTES; a test keeps the two equal)
MAX_REPLY_BYTES = 2048  # WeChat's limit on a passive text reply's Content, in UTF-8 bytes
GREETING = "/greet"  # the greet intent, sent when a user follows the account (rule: greet → utter_greet)

# What the user reads when there is nothing to ask Rasa, or Rasa cannot answer.
UNSUPPORTED = "暂时只能看懂文字和语音。请把您的问题打字发给我，或者按住“按住 说话”说给我听。"
VOICE_UNCLEAR = "没听清您说的话，请再说一遍，或者打字告诉我。"
EMPTY_TEXT = "请把您想问的问题发给我，比如：温州的老人能享受什么补贴？"
TOO_LONG = f"您的消息太长了（最多{MAX_TEXT_CHARS}个字），请简短地说说您想问什么，或者分几次发送。"
SLOW = "正在查询，请稍后再发一次。"
RATE_LIMITED = "您发送得太快了，请稍等一分钟再发。有急事请拨打12345。"
RASA_DOWN = UNAVAILABLE["error"]
TRUNCATED = "（回复“详细说明”看全文）"
WARNING_MARK = "⚠️"
CHOICES_INTRO = "回复数字即可："
SUCCESS = "success"  # WeChat's "received, no reply" answer (no retry, nothing shown to the user)

BUTTONS_TTL = 30 * 60  # a numeric reply refers to the buttons of the last answer for this long
MSGID_TTL = 5 * 60  # WeChat retries within about 15 s; keep ids well beyond that
PENDING_TTL = 2 * 60  # an answer that came too late is kept this long for the user's second try
IN_PROGRESS = "\x00in-progress"  # a MsgId being answered now: its retries get "success"

_OPENID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
_CN_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# After NFKC (全角 → ASCII): "2", "2.", "第2个", "二", "2。" … — just a choice, nothing else.
_CHOICE = re.compile(r"^第?([0-9]{1,2}|[一二两三四五六七八九十])[个项条号]?[.。、,，:：)）!！\s]*$")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")
_UTF8_NAMES = {"utf-8", "utf8", "us-ascii", "ascii"}

logger = logging.getLogger(__name__)
router = APIRouter()


# --- signature -------------------------------------------------------------------------------------------------


def signature(token: str, timestamp: str, nonce: str) -> str:
    """WeChat's signature: SHA-1 (hex) of token, timestamp and nonce sorted and concatenated."""
    return hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode("utf-8")).hexdigest()


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": message, "part": CHANNEL})


def _check_request(settings: Settings, query: Mapping[str, str]) -> Optional[JSONResponse]:
    """None when the channel is on and the query is signed with our token; else the error response."""
    if not settings.wechat_token:
        return _error(404, "the WeChat channel is disabled: set WECHAT_TOKEN to the token of the Official "
                           "Account's 服务器配置 and restart the gateway")
    missing = [name for name in ("signature", "timestamp", "nonce") if not query.get(name)]
    if missing:
        return _error(403, f"missing WeChat signature parameter(s): {', '.join(missing)}")
    expected = signature(settings.wechat_token, query["timestamp"], query["nonce"])
    given = query["signature"].strip().lower().encode("utf-8", "replace")
    if not hmac.compare_digest(expected.encode("ascii"), given):
        return _error(403, "invalid WeChat signature (does WECHAT_TOKEN match the token in 服务器配置?)")
    stamp = query["timestamp"].strip()
    if not stamp.isdigit() or len(stamp) > 12 or abs(time.time() - int(stamp)) > settings.wechat_max_skew:
        return _error(403, f"stale or bad timestamp: a signed request older (or further ahead) than "
                           f"{settings.wechat_max_skew:.0f} s is refused as a replay (is the server's clock right?)")
    return None


# --- XML in and out --------------------------------------------------------------------------------------------


class XmlError(ValueError):
    """The body is not a WeChat message: malformed, or with a DTD / entity declarations."""


def parse_message(body: bytes) -> dict[str, str]:
    """The top-level fields of a WeChat XML message (``<xml><MsgType>…</MsgType>…</xml>``) as strings.

    Parsed with expat directly: a document type declaration (and with it every entity declaration, the
    material of XML bombs and external-entity attacks) is rejected as soon as it starts, and an entity
    reference without a declaration is an error. Nested elements (some events have them) are skipped.
    """
    _check_encoding(body)
    parser = expat.ParserCreate("UTF-8")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    fields: dict[str, str] = {}
    stack: list[str] = []
    text: list[str] = []

    def forbid(*_: Any) -> None:
        raise XmlError("XML with a DTD or entity declarations is not accepted")

    def start(name: str, _attrs: Any) -> None:
        if not stack and name != "xml":
            raise XmlError(f"the root element must be <xml>, not <{name}>")
        stack.append(name)
        if len(stack) == 2:
            text.clear()

    def end(name: str) -> None:
        if len(stack) == 2:
            fields.setdefault(name, "".join(text).strip())
        stack.pop()

    def data(chunk: str) -> None:
        if len(stack) == 2:
            text.append(chunk)

    parser.StartDoctypeDeclHandler = forbid
    parser.EntityDeclHandler = forbid
    parser.UnparsedEntityDeclHandler = forbid
    parser.ExternalEntityRefHandler = forbid
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    try:
        parser.Parse(body, True)
    except expat.ExpatError as exc:
        where = f"line {exc.lineno}, column {exc.offset}"
        raise XmlError(f"malformed XML: {expat.ErrorString(exc.code)} ({where})") from None
    except (ValueError, LookupError) as exc:  # an encoding expat cannot read (gbk, utf-16, unknown): issue 22
        raise XmlError(f"unsupported XML encoding: {exc}") from None
    return fields


def _check_encoding(body: bytes) -> None:
    """WeChat sends UTF-8: any other declared encoding (GBK, UTF-16 …) or byte-order mark is refused clearly."""
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise XmlError("the XML is UTF-16 (byte-order mark); WeChat messages are UTF-8")
    declared = _DECLARED_ENCODING.match(body.removeprefix(b"\xef\xbb\xbf"))
    if declared is not None:
        name = declared.group(1).decode("ascii", "replace").strip()
        if name.lower() not in _UTF8_NAMES:
            raise XmlError(f"the XML declares encoding {name[:40]!r}; only UTF-8 is accepted (WeChat sends UTF-8)")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise XmlError(f"malformed XML: not valid UTF-8 (byte {exc.start})") from None


def _cdata(value: str) -> str:
    value = _XML_INVALID.sub("", value)
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def reply_xml(to_user: str, from_user: str, content: str, now: Optional[int] = None) -> str:
    """A passive text reply: the user is ToUserName, the account FromUserName (swapped from the message)."""
    created = int(time.time()) if now is None else now
    return (
        f"<xml><ToUserName>{_cdata(to_user)}</ToUserName><FromUserName>{_cdata(from_user)}</FromUserName>"
        f"<CreateTime>{created}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content>{_cdata(content)}</Content></xml>"
    )


# --- rendering Rasa's messages into one text -------------------------------------------------------------------


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _cut(text: str, limit: int) -> str:
    """The longest head of ``text`` within ``limit`` bytes, ending at a sentence or line end when one is near."""
    head = text.encode("utf-8")[:max(limit, 0)].decode("utf-8", "ignore")
    for i in range(len(head) - 1, len(head) // 2, -1):
        if head[i] in "。！？；\n":
            return head[: i + 1].rstrip()
    return head


def render(raw: list[dict[str, Any]], limit: int = MAX_REPLY_BYTES) -> tuple[str, list[tuple[str, str]]]:
    """Rasa's messages as one text within ``limit`` bytes, and the (title, payload) of the buttons listed.

    Bubbles are joined with blank lines (citations are already part of their text); the buttons of all
    bubbles follow as a numbered list. When everything does not fit, whole bubbles are dropped from the end
    (the first is cut if it alone is too long) and the reader is told how to see the full text.
    """
    messages = to_chat_messages(raw)
    bubbles = [m.text.strip() for m in messages if m.text.strip()]
    buttons: list[tuple[str, str]] = []
    for message in messages:
        for button in message.buttons or []:
            if button.payload not in [p for _, p in buttons]:
                buttons.append((button.title, button.payload))

    def choices(items: list[tuple[str, str]]) -> list[str]:
        if not items:
            return []
        return [CHOICES_INTRO + "\n" + "\n".join(f"{i} {title}" for i, (title, _) in enumerate(items, 1))]

    text = "\n\n".join(bubbles + choices(buttons))
    if _size(text) <= limit:
        return text, buttons
    # Too long: keep the choices (they are the way on), as many whole bubbles as fit, and the notice.
    while buttons and _size("\n\n".join([TRUNCATED, *choices(buttons)])) > limit // 2:
        buttons.pop()
    budget = limit - _size("\n".join(["", TRUNCATED])) - _size("".join("\n\n" + c for c in choices(buttons)))
    # A document's status warning (draft, plan ended) is never dropped: it goes with whatever is kept.
    warnings = [b for b in bubbles if b.startswith(WARNING_MARK)]
    if _size("\n\n".join(warnings)) > budget // 2:
        warnings = []
    rest = budget - (_size("\n\n".join(warnings)) + 2 if warnings else 0)
    kept: list[str] = []
    for bubble in (b for b in bubbles if b not in warnings):
        if _size("\n\n".join([*kept, bubble])) > rest:
            break
        kept.append(bubble)
    if not kept and bubbles and bubbles[0] not in warnings:
        kept = [_cut(bubbles[0], rest)]
    body = "\n\n".join([*kept, *warnings])
    return "\n\n".join([f"{body}\n{TRUNCATED}".strip(), *choices(buttons)]), buttons


def choice_number(text: str) -> Optional[int]:
    """The number of a reply that is only a choice ("2", "２", "１．", "第二个"), else None."""
    match = _CHOICE.match(unicodedata.normalize("NFKC", text).strip())
    if not match:
        return None
    value = match.group(1)
    return int(value) if value.isdigit() else _CN_NUMBERS[value]


def _clean(text: str) -> str:
    return "".join(ch for ch in text if ch in "\n\t" or ord(ch) >= 32).strip()


# --- state shared by workers (bot/gateway/store.py) -------------------------------------------------------------


def _key(kind: str, openid: str, extra: str = "") -> str:
    return f"wechat:{kind}:{openid}" + (f":{extra}" if extra else "")


async def _buttons(store: Store, openid: str) -> list[tuple[str, str]]:
    raw = await store.get(_key("buttons", openid))
    return [tuple(b) for b in json.loads(raw)] if raw else []  # type: ignore[misc]


async def _remember_buttons(store: Store, openid: str, buttons: list[tuple[str, str]]) -> None:
    if buttons:
        await store.set(_key("buttons", openid), json.dumps(buttons, ensure_ascii=False), BUTTONS_TTL)
    else:
        await store.delete(_key("buttons", openid))


class _Channel:
    """One request's view of the channel: settings, Rasa, the store, the customer-service API, running tasks."""

    def __init__(self, app: FastAPI, rasa: RasaClient) -> None:
        self.settings: Settings = app.state.settings
        self.rasa = rasa
        self.store: Store = app.state.store
        self.service = get_customer_service(app)
        self.limiter: RateLimiter = app.state.limiter
        tasks = getattr(app.state, "wechat_tasks", None)
        self.tasks: set[asyncio.Future] = tasks if tasks is not None else set()
        app.state.wechat_tasks = self.tasks

    def keep(self, task: asyncio.Future) -> None:
        """Hold a strong reference to a background task until it is done (its errors are logged, not lost)."""
        self.tasks.add(task)

        def done(finished: asyncio.Future) -> None:
            self.tasks.discard(finished)
            if not finished.cancelled() and finished.exception() is not None:
                logger.error("wechat: background delivery failed: %r", finished.exception())

        task.add_done_callback(done)


# --- the conversation ------------------------------------------------------------------------------------------


async def _rendered(channel: _Channel, openid: str, raw: list[dict[str, Any]]) -> Optional[str]:
    content, buttons = render(raw)
    await _remember_buttons(channel.store, openid, buttons)
    return content or None


async def _converse(channel: _Channel, openid: str, text: str, tapped: bool = False) -> Optional[str]:
    """Send ``text`` to Rasa and render the answer within WeChat's budget; None for no reply.

    An answer not ready in time is delivered by customer-service message when the account has the API
    (WECHAT_APPID and WECHAT_SECRET), with the typing indicator meanwhile, and the reply now is ``success``.
    Without the API the user is asked to send it again, and the same text then gets the late answer.
    """
    late_key, pending_key = _key("late", openid), _key("pending", openid)
    late = await channel.store.get(late_key)
    if late is not None and json.loads(late)["text"] == text:
        await channel.store.delete(late_key)
        return json.loads(late)["reply"]
    pending = await channel.store.get(pending_key)
    if pending is not None and pending == text:
        return SUCCESS if channel.service.configured else SLOW  # (still being answered, maybe by another worker)
    await channel.store.set(pending_key, text, PENDING_TTL)
    metadata: dict[str, Any] = {"channel": CHANNEL, TAPPED: True} if tapped else {"channel": CHANNEL}
    task = asyncio.ensure_future(channel.rasa.send(conversation_id(CHANNEL, openid), text, metadata))
    try:
        raw = await asyncio.wait_for(asyncio.shield(task), channel.settings.wechat_reply_timeout)
    except asyncio.TimeoutError:
        channel.keep(asyncio.ensure_future(_deliver_late(channel, openid, text, task)))
        if channel.service.configured:
            logger.info("wechat: rasa slow for %s; the answer goes by customer-service message", openid)
            return SUCCESS
        logger.info("wechat: rasa slow for %s; asked the user to send again", openid)
        return SLOW
    except RasaUnavailableError as exc:
        logger.warning("wechat: chat for %s failed: %s", openid, exc)
        await channel.store.delete(pending_key)
        return RASA_DOWN
    except Exception:  # a reply WeChat shows is better than a 500 it turns into "无法提供服务"
        logger.exception("wechat: chat for %s failed", openid)
        await channel.store.delete(pending_key)
        return RASA_DOWN
    await channel.store.delete(pending_key)
    return await _rendered(channel, openid, raw)


async def _deliver_late(channel: _Channel, openid: str, text: str, task: asyncio.Future) -> None:
    """Wait for an answer that missed the reply budget, then send it (or keep it for the user's resend)."""
    if channel.service.configured:
        try:
            await channel.service.typing(openid)
        except WeChatSendError as exc:
            logger.info("wechat: typing indicator for %s not shown: %s", openid, exc)
    try:
        content = await _rendered(channel, openid, await task)
    except Exception as exc:  # noqa: BLE001 - Rasa failed after all: say so rather than nothing
        logger.warning("wechat: late chat for %s failed: %r", openid, exc)
        content = RASA_DOWN
    finally:
        await channel.store.delete(_key("pending", openid))
    if not content:
        return
    if channel.service.configured:
        try:
            await channel.service.send_text(openid, content)
            return
        except WeChatSendError as exc:
            logger.warning("wechat: customer-service message to %s failed: %s; kept for a resend", openid, exc)
    late = json.dumps({"text": text, "reply": content}, ensure_ascii=False)
    await channel.store.set(_key("late", openid), late, PENDING_TTL)


async def _answer(channel: _Channel, message: dict[str, str]) -> Optional[str]:
    """The text to reply to one message or event, or None for none."""
    openid = message["FromUserName"]
    msg_type = message["MsgType"].lower()
    if msg_type == "event":
        if message.get("Event", "").lower() == "subscribe":
            return await _converse(channel, openid, GREETING)
        return None  # unsubscribe, menu clicks, location reports…: nothing to say
    if msg_type == "text":
        text = _clean(message.get("Content", ""))
        if not text:
            return EMPTY_TEXT
    elif msg_type == "voice":
        # Recognition is WeChat's speech-to-text (needs 接收语音识别结果 switched on for the account).
        text = _clean(message.get("Recognition", ""))
        if not text:
            return VOICE_UNCLEAR
    else:
        return UNSUPPORTED
    if len(text) > MAX_TEXT_CHARS:
        return TOO_LONG
    try:
        await channel.limiter.count("wechat", openid, channel.limiter.per_sender)
    except RateLimitedError:
        return RATE_LIMITED
    number = choice_number(text)
    buttons = await _buttons(channel.store, openid)
    if number is not None and 1 <= number <= len(buttons):
        # our own payload (nothing personal to mask), chosen by its number: a tap
        return await _converse(channel, openid, buttons[number - 1][1], tapped=True)
    return await _converse(channel, openid, mask_personal_numbers(text))


async def _read_body(request: Request, limit: int) -> Optional[bytes]:
    """The body, or None when it is over ``limit`` bytes (also without a Content-Length, e.g. chunked)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


@router.get(PATH, response_class=PlainTextResponse, summary="WeChat server verification (echostr)")
async def verify(request: Request) -> Response:
    denied = _check_request(request.app.state.settings, request.query_params)
    if denied is not None:
        return denied
    echostr = request.query_params.get("echostr")
    if echostr is None:
        return _error(400, "missing echostr")
    return PlainTextResponse(echostr)


@router.post(PATH, summary="WeChat message push (plaintext, 兼容 or 安全模式): one passive XML reply")
async def receive(request: Request, rasa: RasaClient = Depends(get_rasa)) -> Response:
    settings: Settings = request.app.state.settings
    query = request.query_params
    denied = _check_request(settings, query)
    if denied is not None:
        return denied
    body = await _read_body(request, MAX_BODY_BYTES)
    if body is None:
        return _error(413, f"request body too large (max {MAX_BODY_BYTES} bytes)")
    try:
        message = parse_message(body)
    except XmlError as exc:
        return _error(400, str(exc))
    opened: Optional[Opened] = None
    if query.get("encrypt_type", "raw").lower() == "aes" or (message.get("Encrypt") and not message.get("MsgType")):
        if not message.get("Encrypt"):
            return _error(400, "encrypt_type=aes but the message has no <Encrypt>")
        try:
            opened = open_message(settings, message["Encrypt"], query.get("msg_signature"), query["timestamp"],
                                  query["nonce"])
            message = parse_message(opened.xml)  # 兼容模式: the encrypted copy is the one that is signed
        except CryptoError as exc:
            return _error(exc.status, str(exc))
        except XmlError as exc:
            return _error(400, f"the decrypted message: {exc}")
    for name in ("ToUserName", "FromUserName", "MsgType"):
        if not message.get(name):
            return _error(400, f"the WeChat message has no {name}")
    openid, account = message["FromUserName"], message["ToUserName"]
    if not _OPENID.match(openid):
        return _error(400, "FromUserName is not an OpenID (letters, digits, _ and -, at most 128)")

    try:
        return await _respond(_Channel(request.app, rasa), message, opened, query)
    except StoreUnavailableError as exc:  # (Redis down: still a polite reply, never an error page in WeChat)
        logger.error("wechat: %s", exc)
        return _reply(opened, query, reply_xml(openid, account, RASA_DOWN))


async def _respond(channel: _Channel, message: dict[str, str], opened: Optional[Opened],
                   query: Mapping[str, str]) -> Response:
    openid, account = message["FromUserName"], message["ToUserName"]
    # Retries of a slow message repeat its MsgId (events: FromUserName + CreateTime): answer from the store.
    msg_id = message.get("MsgId") or (message.get("CreateTime") and f"event:{message['CreateTime']}")
    key = _key("msg", openid, msg_id[:64]) if msg_id else None
    if key is not None and not await channel.store.add(key, IN_PROGRESS, MSGID_TTL):
        cached = await channel.store.get(key)
        return _reply(opened, query, SUCCESS if cached in (None, IN_PROGRESS) else cached)
    try:
        content = await _answer(channel, message)
    except BaseException:
        if key is not None:
            await channel.store.delete(key)
        raise
    reply = reply_xml(openid, account, content) if content and content != SUCCESS else SUCCESS
    if key is not None:
        await channel.store.set(key, reply, MSGID_TTL)
    return _reply(opened, query, reply)


def _reply(opened: Optional[Opened], query: Mapping[str, str], body: str) -> Response:
    if body == SUCCESS:
        return PlainTextResponse(SUCCESS)  # (plain "success" is right in every mode)
    if opened is not None:
        body = seal(opened, body, query.get("nonce", ""), str(int(time.time())))
    return Response(content=body, media_type="application/xml")
