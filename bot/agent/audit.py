"""The audit log: every agent action, who, when, what, which handoff or ticket."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from bot.agent import clock
from bot.agent.db import reading, transaction
from bot.agent.models import AuditEntry
from bot.privacy import mask_personal_numbers

MAX_DETAIL_CHARS = 500


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return mask_personal_numbers(value)[:MAX_DETAIL_CHARS]
    if isinstance(value, dict):
        return {k: _masked(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_masked(v) for v in value][:20]
    return value


def record(username: str, action: str, handoff_id: int | None = None, ticket_id: int | None = None,
           url: str | None = None, **detail: Any) -> None:
    with transaction(url) as session:
        session.add(AuditEntry(at=clock.now(), username=username[:64], action=action, handoff_id=handoff_id,
                               ticket_id=ticket_id, detail=json.dumps(_masked(detail), ensure_ascii=False)))


def entries(username: str | None = None, action: str | None = None, limit: int = 200,
            url: str | None = None) -> list[dict[str, Any]]:
    with reading(url) as session:
        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        if username:
            query = query.where(AuditEntry.username == username)
        if action:
            query = query.where(AuditEntry.action == action)
        return [{"id": r.id, "at": clock.iso(r.at), "username": r.username, "action": r.action,
                 "handoff_id": r.handoff_id, "ticket_id": r.ticket_id, "detail": json.loads(r.detail)}
                for r in session.execute(query).scalars()]
