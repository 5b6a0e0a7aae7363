"""Web channel: the portal widget's chat API (sessions, messages, history, updates).

* ``POST /api/chat/session`` → ``{"sender", "token", "expires_in"}``; ``DELETE`` ends it.
* ``POST /api/chat`` → the bot's messages. With ``Authorization: Bearer <token>`` the sender must be the
  token's, and the reply carries ``after`` for ``/api/chat/updates``. Without a token it works as before for
  plain API users, except on session senders (``ws-…``), which need their token.
* ``GET /api/chat/history`` (token required) → the conversation as the user saw it: the bot's buttons and
  citations, and the user's taps as the button titles.
* ``GET /api/chat/updates?after=N&wait=25`` (token required) → bot messages written to the conversation
  after position N, e.g. a human agent's replies, long-polled: it answers as soon as there is one, or after
  ``wait`` seconds with none. Whoever writes to a tracker outside a user's turn (the agent console) may call
  :func:`notify` so that waiting widgets look at once instead of at their next poll (``POLL_SECONDS``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Optional

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from bot.gateway import conversation
from bot.gateway.citations import enrich
from bot.gateway.deps import get_rasa
from bot.gateway.rasa_client import TAPPED, RasaClient, RasaUnavailableError
from bot.gateway.ratelimit import RateLimitedError, RateLimiter, get_limiter
from bot.gateway.schemas import (
    MAX_SENDER_CHARS,
    ChatRequest,
    ChatResponse,
    HistoryResponse,
    SessionResponse,
    UpdatesResponse,
    to_chat_messages,
)
from bot.gateway.sessions import PREFIX, SessionError, Sessions, get_sessions, missing, other
from bot.gateway.store import Store, StoreUnavailableError
from bot.privacy import mask_personal_numbers

CHANNEL = "web"
UNAVAILABLE = {"error": "助手暂时无法应答，请稍后再试，或拨打12345。", "part": "rasa"}
STORE_DOWN = {"error": "shared state store unavailable", "message": "助手暂时无法应答，请稍后再试，或拨打12345。",
              "part": "store"}
MAX_WAIT_SECONDS = 25
POLL_SECONDS = 1.0  # how often a waiting /api/chat/updates re-reads the tracker (an agent's reply shows within it)
NOTIFY_CHECK_SECONDS = 0.2
SENDER_PATTERN = r"^[^\s/?#%\\]+$"
logger = logging.getLogger(__name__)
router = APIRouter(tags=["web chat"])


def conversation_id(channel: str, sender: str) -> str:
    """Rasa sender id: channels get separate namespaces so ids from two channels never collide."""
    return f"{channel}:{sender}"


def _updates_key(conversation: str) -> str:
    return f"updates:{conversation}"


async def notify(store: Store, conversation: str) -> None:
    """Tell waiting ``/api/chat/updates`` calls that ``conversation`` (e.g. ``web:ws-…``) has new bot messages.

    Optional: without it they see the messages within ``POLL_SECONDS``. ``store`` is ``app.state.store``.
    """
    await store.incr(_updates_key(conversation), 3600)


def install_error_handlers(app: FastAPI) -> None:
    """A refused session is a 401/403 and too many requests a 429, each with a Chinese ``message``."""

    async def refused(request: Request, exc: Exception) -> JSONResponse:
        if isinstance(exc, SessionError):
            return JSONResponse(status_code=exc.status, content=exc.body(), headers={"WWW-Authenticate": "Bearer"})
        assert isinstance(exc, RateLimitedError)
        return exc.response()

    app.add_exception_handler(SessionError, refused)
    app.add_exception_handler(RateLimitedError, refused)


async def session_owner(
    request: Request,
    sender: Optional[str] = Query(None, min_length=1, max_length=MAX_SENDER_CHARS, regex=SENDER_PATTERN),
    authorization: Optional[str] = Header(None),
    sessions: Sessions = Depends(get_sessions),
    limiter: RateLimiter = Depends(get_limiter),
) -> str:
    """The sender of the request's session token, which must be ``sender`` when named; counted for rate limits."""
    owner = await sessions.require(authorization, sender)
    await limiter.check(request)
    return owner


@router.post("/api/chat/session", response_model=SessionResponse, summary="Start a web chat session")
async def start_session(request: Request, sessions: Sessions = Depends(get_sessions),
                        limiter: RateLimiter = Depends(get_limiter)) -> SessionResponse:
    await limiter.check(request)
    sender, token = await sessions.create()
    return SessionResponse(sender=sender, token=token, expires_in=int(sessions.max_age))


@router.delete("/api/chat/session", status_code=204, summary="End a web chat session (its token stops working)")
async def end_session(authorization: Optional[str] = Header(None),
                      sessions: Sessions = Depends(get_sessions)) -> Response:
    await sessions.end(await sessions.require(authorization, None))
    return Response(status_code=204)


@router.post("/api/chat", response_model=ChatResponse, response_model_exclude_none=True)
async def chat(request: Request, body: ChatRequest, authorization: Optional[str] = Header(None),
               rasa: RasaClient = Depends(get_rasa), sessions: Sessions = Depends(get_sessions),
               limiter: RateLimiter = Depends(get_limiter)) -> ChatResponse:
    owner = await sessions.sender_of(authorization)
    if owner is None and body.sender.startswith(PREFIX):
        raise missing()  # a session's conversation needs its token
    if owner is not None and owner != body.sender:
        raise other()
    await limiter.check(request, body.sender)
    text = mask_personal_numbers(body.text)
    metadata: dict[str, Any] = {"channel": CHANNEL}
    if body.shown is not None:  # (the widget sends a button's title with its payload when the user taps it)
        metadata["shown"] = mask_personal_numbers(body.shown.strip())
        metadata[TAPPED] = True
    conv = conversation_id(CHANNEL, body.sender)
    try:
        raw = await rasa.send(conv, text, metadata)
        after = None
        if owner is not None:
            after = conversation.after_turn((await rasa.tracker(conv, include_events="ALL")).get("events") or [])
    except RasaUnavailableError as exc:
        logger.warning("chat for %s failed: %s", body.sender, exc)
        raise HTTPException(status_code=503, detail=UNAVAILABLE) from exc
    return ChatResponse(sender=body.sender, messages=enrich(to_chat_messages(raw)), after=after)


async def _events(rasa: RasaClient, sender: str) -> list[dict[str, Any]]:
    try:
        tracker = await rasa.tracker(conversation_id(CHANNEL, sender), include_events="ALL")
    except RasaUnavailableError as exc:
        raise HTTPException(status_code=503, detail=UNAVAILABLE) from exc
    events = tracker.get("events") if isinstance(tracker, dict) else None
    return events if isinstance(events, list) else []


@router.get("/api/chat/history", response_model=HistoryResponse, response_model_exclude_none=True)
async def history(owner: str = Depends(session_owner), rasa: RasaClient = Depends(get_rasa)) -> HistoryResponse:
    """The conversation so far (needs the session's token), so that the widget can restore it after a reload."""
    events = await _events(rasa, owner)
    return HistoryResponse(sender=owner, messages=conversation.history(events), after=len(events))


@router.get("/api/chat/updates", response_model=UpdatesResponse, response_model_exclude_none=True)
async def updates(
    request: Request,
    after: int = Query(0, ge=0, le=10**9, description="position from /api/chat, /api/chat/history or a previous call"),
    wait: float = Query(MAX_WAIT_SECONDS, ge=0, le=MAX_WAIT_SECONDS, description="seconds to wait for a message"),
    owner: str = Depends(session_owner),
    rasa: RasaClient = Depends(get_rasa),
) -> UpdatesResponse:
    """Bot messages written after position ``after`` (an agent's replies), waiting up to ``wait`` seconds."""
    store: Store = request.app.state.store
    conv = conversation_id(CHANNEL, owner)
    deadline = time.monotonic() + wait
    while True:
        version = await _version(store, conv)
        events = await _events(rasa, owner)
        after = min(after, len(events))  # (a position beyond the end: start again from the end)
        messages = conversation.bot_messages(events[after:])
        if messages or time.monotonic() >= deadline or await request.is_disconnected():
            return UpdatesResponse(sender=owner, messages=messages, after=len(events))
        after = len(events)
        await _wait_for_news(store, conv, version, min(POLL_SECONDS, deadline - time.monotonic()))


async def _version(store: Store, conv: str) -> int:
    try:
        return await store.version(_updates_key(conv))
    except StoreUnavailableError:
        return 0


async def _wait_for_news(store: Store, conv: str, version: int, seconds: float) -> None:
    """Sleep up to ``seconds``, less when :func:`notify` is called for the conversation."""
    end = time.monotonic() + max(seconds, 0)
    while time.monotonic() < end:
        await asyncio.sleep(min(NOTIFY_CHECK_SECONDS, max(end - time.monotonic(), 0)))
        if await _version(store, conv) != version:
            return
