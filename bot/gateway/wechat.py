"""WeChat 公众号 channel (plaintext mode of the Official Account message API): GET/POST /wechat.

WeChat's servers call this endpoint, never the user's phone:

* ``GET /wechat?signature&timestamp&nonce&echostr`` once, when the server URL is saved in the OA's 服务器配置:
  the reply is ``echostr`` when the signature (SHA-1 of the sorted token, timestamp and nonce) is right.
* ``POST /wechat?signature&timestamp&nonce`` for every message or event, with an XML body. The reply is one
  passive XML text message, within WeChat's 5 seconds; anything else (an HTTP error, a timeout) makes WeChat
  retry and then tell the user "该公众号暂时无法提供服务", so every failure after the signature check is a
  polite text reply, never a 5xx.

Users are namespaced as ``wechat:<openid>`` in Rasa, like ``web:<sender>`` for the widget, and their text is
masked (ID-card and mobile numbers) exactly as the web channel does before Rasa sees it. Buttons cannot be
shown in a passive text reply: they become a numbered list, and a reply of just a number ("2", "２", "１．")
sends the payload of that button.

State (the last buttons per user, recent MsgIds with their replies, answers still being computed) lives in
this process's memory, bounded in size and time. A deployment with several gateway workers or replicas needs
a shared store for it (e.g. Redis), otherwise a retry or a numeric reply may reach a worker that never saw
the original message.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import re
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Optional
from xml.parsers import expat

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from bot.gateway.deps import get_rasa
from bot.gateway.rasa_client import RasaClient, RasaUnavailableError
from bot.gateway.schemas import MAX_TEXT_CHARS, to_chat_messages
from bot.gateway.web import UNAVAILABLE, conversation_id
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
RASA_DOWN = UNAVAILABLE["error"]
TRUNCATED = "（回复“详细说明”看全文）"
WARNING_MARK = "⚠️"
CHOICES_INTRO = "回复数字即可："
SUCCESS = "success"  # WeChat's "received, no reply" answer (no retry, nothing shown to the user)

BUTTONS_TTL = 30 * 60  # a numeric reply refers to the buttons of the last answer for this long
MSGID_TTL = 5 * 60  # WeChat retries within about 15 s; keep ids well beyond that
PENDING_TTL = 2 * 60  # an answer that came too late is kept this long for the user's second try
MAX_USERS = 10_000
MAX_MSGIDS = 10_000

_OPENID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
_CN_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# After NFKC (全角 → ASCII): "2", "2.", "第2个", "二", "2。" … — just a choice, nothing else.
_CHOICE = re.compile(r"^第?([0-9]{1,2}|[一二两三四五六七八九十])[个项条号]?[.。、,，:：)）!！\s]*$")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

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
    parser = expat.ParserCreate()
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


# --- per-process state -----------------------------------------------------------------------------------------


class TTLMap:
    """A small dict whose entries expire after ``ttl`` seconds; the oldest go first beyond ``max_items``."""

    def __init__(self, ttl: float, max_items: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self.max_items, self.clock = ttl, max_items, clock
        self._items: OrderedDict[str, tuple[float, Any]] = OrderedDict()

    def get(self, key: str, default: Any = None) -> Any:
        item = self._items.get(key)
        if item is None:
            return default
        if item[0] <= self.clock():
            del self._items[key]
            return default
        return item[1]

    def set(self, key: str, value: Any) -> None:
        self._items.pop(key, None)
        self._items[key] = (self.clock() + self.ttl, value)
        now = self.clock()
        while self._items and (len(self._items) > self.max_items or next(iter(self._items.values()))[0] <= now):
            self._items.popitem(last=False)

    def pop(self, key: str) -> Any:
        item = self._items.pop(key, None)
        return None if item is None else item[1]

    def __len__(self) -> int:
        return len(self._items)


@dataclass
class _Pending:
    """A message sent to Rasa whose answer took longer than WeChat waits; the user is asked to send it again."""

    text: str
    task: asyncio.Future


_IN_PROGRESS = object()
_MISSING = object()


@dataclass
class WeChatState:
    """In-memory, per-process state of the channel (see the module docstring for multi-worker deployments)."""

    buttons: TTLMap = field(default_factory=lambda: TTLMap(BUTTONS_TTL, MAX_USERS))  # openid → [(title, payload)]
    replies: TTLMap = field(default_factory=lambda: TTLMap(MSGID_TTL, MAX_MSGIDS))  # message key → reply body
    pending: TTLMap = field(default_factory=lambda: TTLMap(PENDING_TTL, MAX_USERS))  # openid → _Pending
    tasks: set = field(default_factory=set)  # strong references to Rasa calls still running


def get_state(app: FastAPI) -> WeChatState:
    state = getattr(app.state, "wechat", None)
    if state is None:
        state = app.state.wechat = WeChatState()
    return state


# --- the conversation ------------------------------------------------------------------------------------------


async def _converse(state: WeChatState, rasa: RasaClient, openid: str, text: str, timeout: float) -> Optional[str]:
    """Send ``text`` to Rasa and render the answer; a polite text when Rasa is slow or down; None for no answer."""
    pending = state.pending.get(openid)
    if pending is None or pending.text != text or pending.task.cancelled():
        # The same text again after "正在查询…" gets the answer already on its way, not a second Rasa turn.
        task = asyncio.ensure_future(rasa.send(conversation_id(CHANNEL, openid), text, {"channel": CHANNEL}))
        state.tasks.add(task)
        task.add_done_callback(_forget(state))
        pending = _Pending(text, task)
        state.pending.set(openid, pending)
    try:
        raw = await asyncio.wait_for(asyncio.shield(pending.task), timeout)
    except asyncio.TimeoutError:
        logger.info("wechat: rasa slower than %.1f s for %s; asked the user to send again", timeout, openid)
        return SLOW
    except RasaUnavailableError as exc:
        logger.warning("wechat: chat for %s failed: %s", openid, exc)
        return RASA_DOWN
    except Exception:  # a reply WeChat shows is better than a 500 it turns into "无法提供服务"
        logger.exception("wechat: chat for %s failed", openid)
        return RASA_DOWN
    finally:
        if pending.task.done() and state.pending.get(openid) is pending:
            state.pending.pop(openid)
    content, buttons = render(raw)
    if buttons:
        state.buttons.set(openid, buttons)
    else:
        state.buttons.pop(openid)
    return content or None


def _forget(state: WeChatState) -> Callable[[asyncio.Future], None]:
    def done(task: asyncio.Future) -> None:
        state.tasks.discard(task)
        if not task.cancelled():
            task.exception()  # retrieved: an answer nobody waits for any more is not an "unretrieved" error

    return done


async def _answer(state: WeChatState, rasa: RasaClient, message: dict[str, str], timeout: float) -> Optional[str]:
    """The text to reply to one message or event, or None for none."""
    openid = message["FromUserName"]
    msg_type = message["MsgType"].lower()
    if msg_type == "event":
        if message.get("Event", "").lower() == "subscribe":
            return await _converse(state, rasa, openid, GREETING, timeout)
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
    number = choice_number(text)
    buttons = state.buttons.get(openid) or []
    if number is not None and 1 <= number <= len(buttons):
        outgoing = buttons[number - 1][1]  # our own payload: nothing personal to mask
    else:
        outgoing = mask_personal_numbers(text)
    return await _converse(state, rasa, openid, outgoing, timeout)


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


@router.post(PATH, summary="WeChat message push (plaintext mode): one passive XML text reply")
async def receive(request: Request, rasa: RasaClient = Depends(get_rasa)) -> Response:
    settings: Settings = request.app.state.settings
    denied = _check_request(settings, request.query_params)
    if denied is not None:
        return denied
    body = await _read_body(request, MAX_BODY_BYTES)
    if body is None:
        return _error(413, f"request body too large (max {MAX_BODY_BYTES} bytes)")
    try:
        message = parse_message(body)
    except XmlError as exc:
        return _error(400, str(exc))
    if message.get("Encrypt") and not message.get("MsgType"):
        return _error(400, "encrypted messages (安全模式) are not supported: set the Official Account's "
                           "消息加解密方式 to 明文模式 or 兼容模式")
    for name in ("ToUserName", "FromUserName", "MsgType"):
        if not message.get(name):
            return _error(400, f"the WeChat message has no {name}")
    openid, account = message["FromUserName"], message["ToUserName"]
    if not _OPENID.match(openid):
        return _error(400, "FromUserName is not an OpenID (letters, digits, _ and -, at most 128)")

    state = get_state(request.app)
    # Retries of a slow message repeat its MsgId (events: FromUserName + CreateTime): answer from the cache.
    msg_id = message.get("MsgId") or (message.get("CreateTime") and f"event:{message['CreateTime']}")
    key = f"{openid}:{msg_id}" if msg_id else None
    if key is not None:
        cached = state.replies.get(key, _MISSING)
        if cached is not _MISSING:
            return _reply(cached if cached is not _IN_PROGRESS else SUCCESS)
        state.replies.set(key, _IN_PROGRESS)
    try:
        content = await _answer(state, rasa, message, settings.wechat_reply_timeout)
    except BaseException:
        if key is not None:
            state.replies.pop(key)
        raise
    reply = reply_xml(openid, account, content) if content else SUCCESS
    if key is not None:
        state.replies.set(key, reply)
    return _reply(reply)


def _reply(body: str) -> Response:
    if body == SUCCESS:
        return PlainTextResponse(SUCCESS)
    return Response(content=body, media_type="application/xml")
