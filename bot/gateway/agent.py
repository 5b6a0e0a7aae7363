"""The 12345 agents' workbench over HTTP: ``/agent`` (the console) and ``/api/agent/*``.

Sign-in sets an HttpOnly, SameSite=Strict session cookie and returns a CSRF token that every POST (but the
login) must send back as ``X-CSRF-Token``. Without a valid session every ``/api/agent/*`` endpoint answers 401;
staff-only ones answer 403 to agents. Errors are ``{"detail": {"error", "message", "fields"?}}``: ``error`` in
English for programs, ``message`` in Chinese for the console. docs/workbench.md describes each endpoint.

Wire it with ``app.include_router(agent.router)``.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any, Optional

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse
from pydantic import Field, StrictBool, StrictStr, validator

from bot.agent import accounts, assist, audit, handoffs, review, tickets, wechat_window
from bot.agent.config import AgentConfig, load_config
from bot.agent.facts import field_catalog, labelled, typed, valid_only
from bot.agent.handoffs import HandoffError
from bot.agent.models import OUTCOMES
from bot.agent.tracker import (
    BACK,
    JOINED,
    REQUEUED,
    TrackerUnavailableError,
    TrackerWriter,
    bot_event,
    pause_event,
    resume_event,
    transcript,
)
from bot.gateway.schemas import RequestModel
from bot.gateway.store import StoreUnavailableError
from bot.gateway.web import notify
from bot.gateway.wechat_client import WeChatSendError, send_customer_message
from bot.kb.loader import load_kb
from bot.privacy import mask_personal_numbers
from bot.rules.profile import Profile

COOKIE = "agent_session"
WECHAT_PREFIX = "wechat:"
CONSOLE_DIR = Path(__file__).resolve().parent.parent / "web" / "agent"
ASSETS = {"agent.css": "text/css; charset=utf-8", "agent.js": "text/javascript; charset=utf-8"}
MAX_ID = 2**31 - 1
MAX_NOTE = 2000
CONSOLE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
                               "form-action 'self'",
    "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
logger = logging.getLogger(__name__)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Load the profile extractor and the answer pipeline in the background: the first agent's question
    # is then as fast as the others, and the gateway does not wait for it to start.
    warm = asyncio.get_running_loop().run_in_executor(None, _warm_up)
    yield
    warm.cancel()


def _warm_up() -> None:
    try:
        assist.suggest("温州重度失能老人每月免费服务多少小时")
    except Exception:  # a warm-up must never stop the gateway; the first real request reports any error
        logger.exception("agent workbench warm-up failed")


router = APIRouter(lifespan=_lifespan)


# --- dependencies ------------------------------------------------------------------------------------------------


def _error(status: int, error: str, message: str, fields: list[str] | None = None,
           headers: dict[str, str] | None = None) -> HTTPException:
    detail: dict[str, Any] = {"error": error, "message": message}
    if fields:
        detail["fields"] = fields
    return HTTPException(status_code=status, detail=detail, headers=headers)


def get_config() -> AgentConfig:
    return load_config()


def get_tracker(request: Request) -> TrackerWriter:
    writer = getattr(request.app.state, "agent_tracker", None)
    if writer is None:
        writer = request.app.state.agent_tracker = TrackerWriter(request.app.state.settings)
    return writer


def signed_in(request: Request, response: Response,
              config: AgentConfig = Depends(get_config)) -> accounts.ActiveSession:
    session = accounts.session_for(request.cookies.get(COOKIE), config)
    if session is None:
        raise _error(401, "not signed in", "请先登录")
    response.headers["Cache-Control"] = "no-store"
    return session


def with_csrf(request: Request, session: accounts.ActiveSession = Depends(signed_in)) -> accounts.ActiveSession:
    if not session.csrf_ok(request.headers.get("x-csrf-token")):
        raise _error(403, "missing or wrong X-CSRF-Token header", "页面已过期，请刷新后再试", ["X-CSRF-Token"])
    return session


def staff_only(session: accounts.ActiveSession = Depends(signed_in)) -> accounts.ActiveSession:
    if session.agent.role != "staff":
        raise _error(403, "staff role required", "只有民政工作人员（staff）能看")
    return session


def staff_with_csrf(session: accounts.ActiveSession = Depends(with_csrf)) -> accounts.ActiveSession:
    return staff_only(session)


async def _write(request: Request, writer: TrackerWriter, sender_id: str, events: list[dict[str, Any]],
                 required: bool = False) -> None:
    """Append to the citizen's tracker, then wake the widget's waiting /api/chat/updates at once. A WeChat user
    gets the texts as customer-service messages first, within WeChat's window (48 hours, 5 messages after
    their last message); ``required``: when that cannot be done, nothing is written and the agent is told."""
    if sender_id.startswith(WECHAT_PREFIX):
        texts = [e["text"] for e in events if e.get("event") == "bot"]
        await _to_wechat(request, writer, sender_id, texts, required)
    await writer.append(sender_id, events)
    store = getattr(request.app.state, "store", None)
    if store is not None:
        try:
            await notify(store, sender_id)
        except StoreUnavailableError:
            pass  # the widget still sees the message at its next poll


async def _to_wechat(request: Request, writer: TrackerWriter, sender_id: str, texts: list[str],
                     required: bool) -> None:
    window = wechat_window.window(await writer.events(sender_id), time.time())
    if not window.open or window.messages_left < len(texts):
        if required:
            raise _error(409, "outside WeChat's customer-service window (48 hours, 5 messages)",
                         "微信客服消息的额度已用完（用户最后一条消息后48小时内最多5条），请打电话联系来电人，或等对方再发消息")
        return
    openid = sender_id.removeprefix(WECHAT_PREFIX)
    try:
        for text in texts:
            await send_customer_message(request.app, openid, text)
    except WeChatSendError as exc:
        logger.warning("wechat delivery to %s failed: %s", sender_id, exc)
        if required:
            detail = {"error": f"wechat: {exc}", "part": "wechat",
                      "message": "微信没有送达这条消息，请稍后再试或电话联系"}
            raise HTTPException(status_code=503, detail=detail) from exc


def _who(session: accounts.ActiveSession) -> str:
    return session.agent.username


# --- the console ---------------------------------------------------------------------------------------------


@router.get("/agent", include_in_schema=False)
async def console() -> FileResponse:
    return FileResponse(CONSOLE_DIR / "index.html", headers=CONSOLE_HEADERS)


@router.get("/agent/{asset}", include_in_schema=False)
async def console_asset(asset: str) -> FileResponse:
    if asset not in ASSETS:
        raise _error(404, "no such file", "没有这个文件")
    return FileResponse(CONSOLE_DIR / asset, media_type=ASSETS[asset], headers=CONSOLE_HEADERS)


# --- sign-in ---------------------------------------------------------------------------------------------------


class LoginRequest(RequestModel):
    username: StrictStr = Field(..., min_length=1, max_length=64)
    password: StrictStr = Field(..., min_length=1, max_length=accounts.MAX_PASSWORD)

    class Config:
        extra = "forbid"


def _cookie_secure(request: Request) -> bool:
    return request.url.scheme == "https" or os.environ.get("AGENT_COOKIE_SECURE", "").strip() == "1"


@router.post("/api/agent/login", tags=["agent"])
def login(body: LoginRequest, request: Request, response: Response,
          config: AgentConfig = Depends(get_config)) -> dict[str, Any]:
    result = accounts.login(body.username, body.password, config)
    name = body.username.strip()[:64]
    if result.signed_in is None:
        if result.locked_seconds:
            audit.record(name, "login_locked")
            minutes = max(1, round(result.locked_seconds / 60))
            raise _error(429, "too many failed logins: this name is locked for a while",
                         f"登录失败次数太多，这个账号已暂时锁定，请{minutes}分钟后再试",
                         headers={"Retry-After": str(result.locked_seconds)})
        audit.record(name, "login_failed")
        raise _error(401, "wrong username or password", "用户名或密码不对")
    signed = result.signed_in
    audit.record(signed.agent.username, "login")
    response.set_cookie(COOKIE, signed.token, httponly=True, samesite="strict", secure=_cookie_secure(request),
                        path="/api/agent", max_age=int(config.session_max_seconds))
    response.headers["Cache-Control"] = "no-store"
    return {"username": signed.agent.username, "role": signed.agent.role, "csrf_token": signed.csrf_token}


@router.post("/api/agent/logout", tags=["agent"])
def logout(response: Response, session: accounts.ActiveSession = Depends(with_csrf)) -> dict[str, Any]:
    accounts.logout(session.id)
    audit.record(_who(session), "logout")
    response.delete_cookie(COOKIE, path="/api/agent", httponly=True, samesite="strict")
    return {"ok": True}


@router.get("/api/agent/me", tags=["agent"])
def me(session: accounts.ActiveSession = Depends(signed_in), config: AgentConfig = Depends(get_config)) -> dict:
    return {"username": session.agent.username, "role": session.agent.role, "csrf_token": session.csrf_token,
            "agents_online": accounts.agents_online(config), "claim_idle_seconds": config.claim_idle_seconds}


@router.get("/api/agent/fields", tags=["agent"])
def fields(session: accounts.ActiveSession = Depends(signed_in)) -> dict[str, Any]:
    return {"fields": field_catalog(), "topics": assist.topic_names(), "outcomes": OUTCOMES}


# --- ask panel -----------------------------------------------------------------------------------------------


class SuggestRequest(RequestModel):
    text: StrictStr = Field(..., min_length=1, max_length=1000, description="The caller's words")
    region: Optional[StrictStr] = Field(None, max_length=40, description="Covered region code or name")
    profile: Optional[Profile] = Field(None, description="The checklist as the agent edited it")

    class Config:
        extra = "forbid"

    @validator("text")
    def _not_blank(cls, value: str) -> str:  # noqa: N805
        if not value.strip():
            raise ValueError("text must not be empty")
        return value


class CheckRequest(RequestModel):
    profile: Profile

    class Config:
        extra = "forbid"


def _covered_region(region: Optional[str]) -> Optional[str]:
    if region is None or not region.strip():
        return None
    if not load_kb().covers(region.strip()):
        raise _error(422, f"region: unknown or not covered: {region!r}", "所选地区不在收录范围", ["region"])
    return region.strip()


@router.post("/api/agent/suggest", tags=["agent"])
def suggest(body: SuggestRequest, session: accounts.ActiveSession = Depends(with_csrf)) -> dict[str, Any]:
    region = _covered_region(body.region)
    profile = body.profile.dict(exclude_unset=True) if body.profile else None
    result = assist.suggest(body.text, region, profile)
    audit.record(_who(session), "suggest", text=body.text, status=result["status"])
    return result


@router.post("/api/agent/check", tags=["agent"])
def check_profile(body: CheckRequest, session: accounts.ActiveSession = Depends(with_csrf)) -> dict[str, Any]:
    profile = body.profile.known()
    audit.record(_who(session), "check", facts=profile)
    return {**assist.check_profile(profile), "facts": profile, "fact_list": labelled(profile)}


# --- call records ----------------------------------------------------------------------------------------------


class TicketRequest(RequestModel):
    question: StrictStr = Field(..., min_length=1, max_length=MAX_NOTE)
    outcome: StrictStr = Field(..., description=" | ".join(OUTCOMES))
    region: Optional[StrictStr] = Field(None, max_length=40)
    topic: Optional[StrictStr] = Field(None, max_length=40)
    script: Optional[StrictStr] = Field(None, max_length=5000)
    note: Optional[StrictStr] = Field(None, max_length=MAX_NOTE)
    sources: list[dict[str, Any]] = Field(default_factory=list, max_items=20)
    verdicts: list[dict[str, Any]] = Field(default_factory=list, max_items=60)
    facts: dict[str, Any] = Field(default_factory=dict)
    handoff_id: Optional[int] = Field(None, ge=1, le=MAX_ID)

    class Config:
        extra = "forbid"

    @validator("outcome")
    def _outcome(cls, value: str) -> str:  # noqa: N805
        if value not in OUTCOMES:
            raise ValueError(f"must be one of {', '.join(OUTCOMES)}")
        return value

    @validator("question")
    def _question(cls, value: str) -> str:  # noqa: N805
        if not value.strip():
            raise ValueError("question must not be empty")
        return value.strip()

    @validator("topic")
    def _topic(cls, value: Optional[str]) -> Optional[str]:  # noqa: N805
        if value is not None and value not in assist.topic_names():
            raise ValueError(f"must be one of {', '.join(assist.topic_names())}")
        return value


@router.post("/api/agent/tickets", status_code=201, tags=["agent"])
def create_ticket(body: TicketRequest, session: accounts.ActiveSession = Depends(with_csrf)) -> dict[str, Any]:
    data = body.dict()
    data["region"] = _covered_region(body.region) if body.region else None
    data["verdicts"] = [{k: v.get(k) for k in ("benefit_id", "name", "status", "amount")} for v in body.verdicts]
    data["sources"] = [{k: s.get(k) for k in ("doc_id", "clause_id", "document", "label")} for s in body.sources]
    ticket = tickets.create(_who(session), data)
    audit.record(_who(session), "ticket_create", ticket_id=ticket["id"], handoff_id=body.handoff_id,
                 outcome=body.outcome, topic=ticket["topic"])
    return ticket


def _filters(start: Optional[date], end: Optional[date], topic: Optional[str], outcome: Optional[str]) -> None:
    if start and end and start > end:
        raise _error(422, "from: must not be after to", "开始日期不能晚于结束日期", ["from", "to"])
    if outcome and outcome not in OUTCOMES:
        raise _error(422, f"outcome: must be one of {', '.join(OUTCOMES)}", "结果只能是已解答、已转办或需跟进",
                     ["outcome"])


@router.get("/api/agent/tickets", tags=["agent"])
def list_tickets(start: Optional[date] = Query(None, alias="from"), end: Optional[date] = Query(None, alias="to"),
                 topic: Optional[str] = Query(None, max_length=40),
                 outcome: Optional[str] = Query(None, max_length=20),
                 session: accounts.ActiveSession = Depends(signed_in)) -> dict[str, Any]:
    _filters(start, end, topic, outcome)
    return {"tickets": tickets.search(start, end, topic or None, outcome or None)}


@router.get("/api/agent/tickets.csv", tags=["agent"])
def export_tickets(start: Optional[date] = Query(None, alias="from"), end: Optional[date] = Query(None, alias="to"),
                   topic: Optional[str] = Query(None, max_length=40),
                   outcome: Optional[str] = Query(None, max_length=20),
                   session: accounts.ActiveSession = Depends(signed_in)) -> Response:
    _filters(start, end, topic, outcome)
    rows = tickets.search(start, end, topic or None, outcome or None)
    audit.record(_who(session), "tickets_export", rows=len(rows), start=str(start or ""), end=str(end or ""),
                 topic=topic or "", outcome=outcome or "")
    return Response(content=tickets.to_csv(rows), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="call-records.csv"',
                             "Cache-Control": "no-store"})


# --- handoffs --------------------------------------------------------------------------------------------------


def _handoff_error(exc: HandoffError) -> HTTPException:
    return _error(exc.status, exc.message if exc.status != 404 else "no such handoff", exc.message)


async def _sweep(request: Request, writer: TrackerWriter, config: AgentConfig) -> None:
    """Claims left idle go back to the queue; the citizen is told, and the bot answers again meanwhile."""
    for live in await run_in_threadpool(handoffs.requeue_idle, config.claim_idle_seconds):
        await run_in_threadpool(audit.record, live.agent or "system", "requeue_idle", live.handoff_id)
        try:
            await _write(request, writer, live.sender_id, [resume_event(), bot_event(REQUEUED)])
        except TrackerUnavailableError as exc:
            logger.warning("handoff %s: could not tell the citizen it was requeued: %s", live.handoff_id, exc)


@router.get("/api/agent/queue", tags=["agent"])
async def queue(request: Request, session: accounts.ActiveSession = Depends(signed_in),
                config: AgentConfig = Depends(get_config),
                writer: TrackerWriter = Depends(get_tracker)) -> dict[str, Any]:
    await _sweep(request, writer, config)
    items = await run_in_threadpool(handoffs.waiting_and_claimed)
    for item in items:
        checked = await run_in_threadpool(_results_for, item["facts"])
        item["fact_list"] = checked["fact_list"]
        item["verdicts"] = [{"name": r["name"], "status": r["status"], "verdict": r["verdict"]}
                            for r in checked["results"] if r["status"] in ("eligible", "likely")]
    online = await run_in_threadpool(accounts.agents_online, config)
    return {"queue": items, "agents_online": online}


def _results_for(facts: dict[str, Any]) -> dict[str, Any]:
    profile = valid_only(typed({k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in facts.items()
                                if v is not None and k != "dementia"}))
    return {**assist.check_profile(profile), "fact_list": labelled(profile)}


@router.get("/api/agent/handoffs/{handoff_id}", tags=["agent"])
async def handoff(handoff_id: int = PathParam(..., ge=1, le=MAX_ID), after: float = Query(0.0, ge=0, le=1e11),
                  session: accounts.ActiveSession = Depends(signed_in),
                  writer: TrackerWriter = Depends(get_tracker)) -> dict[str, Any]:
    """A handoff by its number (编号): the citizen's transcript, facts and verdicts; with ``after``, only the
    messages since that tracker timestamp (the console polls this while a conversation is open)."""
    try:
        record = await run_in_threadpool(handoffs.get, handoff_id)
    except HandoffError as exc:
        raise _handoff_error(exc) from exc
    if not after:
        await run_in_threadpool(audit.record, _who(session), "handoff_view", handoff_id)
    live_messages: Optional[list[dict[str, Any]]] = None
    window: Optional[dict[str, Any]] = None
    try:
        events = await writer.events(record["sender_id"])
        live_messages = transcript(events, after)
        if record["sender_id"].startswith(WECHAT_PREFIX):
            window = wechat_window.window(events, time.time()).to_dict()
    except TrackerUnavailableError:
        live_messages = None  # Rasa down: the transcript stored with the request still shows
    checked = await run_in_threadpool(_results_for, record["facts"])
    return {**record, **checked, "messages": live_messages, "tracker": live_messages is not None,
            "wechat_window": window}


class ReplyRequest(RequestModel):
    text: StrictStr = Field(..., min_length=1, max_length=1000)

    class Config:
        extra = "forbid"

    @validator("text")
    def _not_blank(cls, value: str) -> str:  # noqa: N805
        if not value.strip():
            raise ValueError("text must not be empty")
        return value.strip()


class ReleaseRequest(RequestModel):
    outcome: StrictStr
    note: StrictStr = Field("", max_length=MAX_NOTE)

    class Config:
        extra = "forbid"

    @validator("outcome")
    def _outcome(cls, value: str) -> str:  # noqa: N805
        if value not in OUTCOMES:
            raise ValueError(f"must be one of {', '.join(OUTCOMES)}")
        return value


def _rasa_down() -> HTTPException:
    return HTTPException(status_code=503, detail={"error": "rasa: unreachable", "part": "rasa",
                                                  "message": "对话服务暂时连不上，请稍后再试"})


@router.post("/api/agent/handoffs/{handoff_id}/claim", tags=["agent"])
async def claim(request: Request, handoff_id: int = PathParam(..., ge=1, le=MAX_ID),
                session: accounts.ActiveSession = Depends(with_csrf),
                writer: TrackerWriter = Depends(get_tracker)) -> dict[str, Any]:
    try:
        live = await run_in_threadpool(handoffs.claim, handoff_id, _who(session))
    except HandoffError as exc:
        raise _handoff_error(exc) from exc
    try:
        await _write(request, writer, live.sender_id, [pause_event(), bot_event(JOINED, _who(session))])
    except TrackerUnavailableError as exc:
        await run_in_threadpool(handoffs.unclaim, handoff_id)  # undo: nobody can talk to the citizen now
        raise _rasa_down() from exc
    await run_in_threadpool(audit.record, _who(session), "claim", handoff_id)
    return await run_in_threadpool(handoffs.get, handoff_id)


@router.post("/api/agent/handoffs/{handoff_id}/reply", tags=["agent"])
async def reply(request: Request, body: ReplyRequest, handoff_id: int = PathParam(..., ge=1, le=MAX_ID),
                session: accounts.ActiveSession = Depends(with_csrf),
                writer: TrackerWriter = Depends(get_tracker)) -> dict[str, Any]:
    try:
        live = await run_in_threadpool(handoffs.touch, handoff_id, _who(session))
    except HandoffError as exc:
        raise _handoff_error(exc) from exc
    event = bot_event(body.text, _who(session))
    try:
        await _write(request, writer, live.sender_id, [event], required=True)
    except TrackerUnavailableError as exc:
        raise _rasa_down() from exc
    await run_in_threadpool(handoffs.touch, handoff_id, _who(session), True)
    await run_in_threadpool(audit.record, _who(session), "reply", handoff_id, text=body.text)
    return {"ok": True, "timestamp": event["timestamp"]}


@router.post("/api/agent/handoffs/{handoff_id}/release", tags=["agent"])
async def release(request: Request, body: ReleaseRequest, handoff_id: int = PathParam(..., ge=1, le=MAX_ID),
                  session: accounts.ActiveSession = Depends(with_csrf),
                  writer: TrackerWriter = Depends(get_tracker)) -> dict[str, Any]:
    try:
        live = await run_in_threadpool(handoffs.touch, handoff_id, _who(session))
    except HandoffError as exc:
        raise _handoff_error(exc) from exc
    try:
        await _write(request, writer, live.sender_id, [resume_event(), bot_event(BACK)])
    except TrackerUnavailableError as exc:
        raise _rasa_down() from exc
    await run_in_threadpool(handoffs.release, handoff_id, _who(session), body.outcome, body.note)
    await run_in_threadpool(audit.record, _who(session), "release", handoff_id, outcome=body.outcome, note=body.note)
    return await run_in_threadpool(handoffs.get, handoff_id)


# --- staff review ----------------------------------------------------------------------------------------------


class ReviewRequest(RequestModel):
    note: StrictStr = Field("", max_length=MAX_NOTE)
    reviewed: StrictBool = True

    class Config:
        extra = "forbid"


@router.get("/api/agent/feedback", tags=["agent"])
def feedback(kind: Optional[str] = Query(None, max_length=20), reviewed: Optional[bool] = Query(None),
             session: accounts.ActiveSession = Depends(staff_only)) -> dict[str, Any]:
    if kind and kind not in review.KINDS:
        raise _error(422, f"kind: must be one of {', '.join(review.KINDS)}", "类别只能是没答上来或没帮助", ["kind"])
    return {"items": review.items(kind or None, reviewed)}


@router.post("/api/agent/feedback/{feedback_id}/review", tags=["agent"])
def review_feedback(body: ReviewRequest, feedback_id: int = PathParam(..., ge=1, le=MAX_ID),
                    session: accounts.ActiveSession = Depends(staff_with_csrf)) -> dict[str, Any]:
    try:
        item = review.review(feedback_id, _who(session), review_note(body.note), body.reviewed)
    except review.NotFoundError as exc:
        raise _error(404, "no such feedback", f"没有编号为{feedback_id}的反馈") from exc
    audit.record(_who(session), "feedback_review", feedback_id=feedback_id, reviewed=body.reviewed)
    return item


def review_note(note: str) -> str:
    return mask_personal_numbers(note.strip())


@router.get("/api/agent/audit", tags=["agent"])
def audit_log(username: Optional[str] = Query(None, max_length=64), action: Optional[str] = Query(None, max_length=40),
              limit: int = Query(200, ge=1, le=1000), session: accounts.ActiveSession = Depends(staff_only)) -> dict:
    return {"entries": audit.entries(username, action, limit)}
