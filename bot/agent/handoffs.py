"""The live handoff queue: join, place, claim, reply, release, and claims left idle going back.

State lives in the app database (``handoff_live`` beside ``handoff_requests``), so the action server (which
queues) and the gateway (which agents use) share it, and several gateway workers can too. What the citizen
sees is written into Rasa's tracker by the gateway (``bot.agent.tracker``); this module only keeps state.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from bot.agent import clock
from bot.agent.db import reading, transaction
from bot.agent.models import OUTCOMES, HandoffLive
from bot.store import HandoffRequest

QUEUED, CLAIMED, CLOSED = "queued", "claimed", "closed"


class HandoffError(Exception):
    """A queue action that cannot be done now; ``status`` is the HTTP status the gateway answers with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


@dataclass(frozen=True)
class Live:
    handoff_id: int
    sender_id: str
    channel: str
    state: str
    agent: str | None


def enqueue(handoff_id: int, url: str | None = None) -> None:
    with transaction(url) as session:
        session.add(HandoffLive(handoff_id=handoff_id, state=QUEUED, queued_at=clock.now()))


def open_for_sender(sender_id: str, url: str | None = None) -> int | None:
    """The sender's handoff still queued or claimed (asking twice does not queue twice)."""
    with reading(url) as session:
        return session.execute(
            select(HandoffLive.handoff_id).join(HandoffRequest, HandoffRequest.id == HandoffLive.handoff_id)
            .where(HandoffRequest.sender_id == sender_id, HandoffLive.state.in_((QUEUED, CLAIMED)))
            .order_by(HandoffLive.handoff_id.desc())).scalars().first()


def position(handoff_id: int, url: str | None = None) -> int:
    """1 for the first waiting conversation; 0 when it is not waiting (claimed or closed)."""
    with reading(url) as session:
        row = session.get(HandoffLive, handoff_id)
        if row is None or row.state != QUEUED:
            return 0
        ahead = session.execute(select(func.count()).select_from(HandoffLive).where(
            HandoffLive.state == QUEUED, HandoffLive.queued_at < row.queued_at)).scalar_one()
        return int(ahead) + 1


def _request(session, handoff_id: int) -> HandoffRequest:  # type: ignore[no-untyped-def]
    row = session.get(HandoffRequest, handoff_id)
    if row is None:
        raise HandoffError(404, f"没有编号为{handoff_id}的转人工记录")
    return row


def _live(session, handoff_id: int) -> HandoffLive:  # type: ignore[no-untyped-def]
    _request(session, handoff_id)
    row = session.get(HandoffLive, handoff_id)
    if row is None:
        raise HandoffError(409, "这条记录没有进入在线排队（当时没有工作人员在线），请按记录回电或处理")
    return row


def _view(request: HandoffRequest, live: HandoffLive) -> Live:
    return Live(live.handoff_id, request.sender_id, request.channel, live.state, live.agent)


def claim(handoff_id: int, agent: str, url: str | None = None) -> Live:
    with transaction(url) as session:
        live = _live(session, handoff_id)
        if live.state == CLOSED:
            raise HandoffError(409, "这个对话已经结束")
        if live.state == CLAIMED and live.agent != agent:
            raise HandoffError(409, f"这个对话已由{live.agent}接入")
        now = clock.now()
        if live.state != CLAIMED:
            live.claimed_at = now
        live.state, live.agent, live.last_agent_at = CLAIMED, agent, now
        return _view(_request(session, handoff_id), live)


def unclaim(handoff_id: int, url: str | None = None) -> None:
    """Back to the queue (the pause could not be written: the citizen would wait for nobody)."""
    with transaction(url) as session:
        live = session.get(HandoffLive, handoff_id)
        if live is not None and live.state == CLAIMED:
            live.state, live.agent = QUEUED, None


def mine(handoff_id: int, agent: str, session) -> HandoffLive:  # type: ignore[no-untyped-def]
    live = _live(session, handoff_id)
    if live.state != CLAIMED or live.agent != agent:
        raise HandoffError(409, "请先接入这个对话" if live.state == QUEUED else "这个对话不在您手上")
    return live


def touch(handoff_id: int, agent: str, replied: bool = False, url: str | None = None) -> Live:
    """The agent acted on their conversation (a reply): it is not idle."""
    with transaction(url) as session:
        live = mine(handoff_id, agent, session)
        live.last_agent_at = clock.now()
        if replied:
            live.replies_sent += 1
        return _view(_request(session, handoff_id), live)


def release(handoff_id: int, agent: str, outcome: str, note: str, url: str | None = None) -> Live:
    if outcome not in OUTCOMES:
        raise HandoffError(422, f"outcome 须为 {'、'.join(OUTCOMES)} 之一")
    with transaction(url) as session:
        live = mine(handoff_id, agent, session)
        live.state, live.closed_at, live.outcome, live.note = CLOSED, clock.now(), outcome, note
        request = _request(session, handoff_id)
        request.status = "closed"
        return _view(request, live)


def requeue_idle(idle_seconds: float, url: str | None = None) -> list[Live]:
    """Claims whose agent has done nothing for ``idle_seconds`` go back to the queue, at their old place."""
    cutoff = clock.now() - timedelta(seconds=idle_seconds)
    with transaction(url) as session:
        rows = session.execute(select(HandoffLive).where(HandoffLive.state == CLAIMED,
                                                         HandoffLive.last_agent_at < cutoff)).scalars().all()
        out = []
        for live in rows:
            live.state, live.agent = QUEUED, None
            out.append(_view(_request(session, live.handoff_id), live))
        return out


def summary(request: HandoffRequest, live: HandoffLive | None) -> dict[str, Any]:
    return {
        "id": request.id, "created_at": clock.iso(request.created_at), "created": clock.local_text(request.created_at),
        "sender_id": request.sender_id,
        "channel": request.channel, "reason": request.reason, "status": request.status,
        "transcript": json.loads(request.transcript), "facts": json.loads(request.profile),
        "live": None if live is None else {
            "state": live.state, "agent": live.agent, "queued_at": clock.iso(live.queued_at),
            "claimed_at": clock.iso(live.claimed_at), "last_agent_at": clock.iso(live.last_agent_at),
            "closed_at": clock.iso(live.closed_at), "outcome": live.outcome, "note": live.note,
            "replies_sent": live.replies_sent},
    }


def get(handoff_id: int, url: str | None = None) -> dict[str, Any]:
    with reading(url) as session:
        request = _request(session, handoff_id)
        return summary(request, session.get(HandoffLive, handoff_id))


def waiting_and_claimed(url: str | None = None) -> list[dict[str, Any]]:
    """The queue as agents see it: waiting conversations in order (with their place), then claimed ones."""
    with reading(url) as session:
        rows = session.execute(
            select(HandoffRequest, HandoffLive).join(HandoffLive, HandoffLive.handoff_id == HandoffRequest.id)
            .where(HandoffLive.state.in_((QUEUED, CLAIMED))).order_by(HandoffLive.queued_at)).all()
    out, place = [], 0
    for request, live in rows:
        item = summary(request, live)
        if live.state == QUEUED:
            place += 1
            item["position"] = place
        out.append(item)
    return out
