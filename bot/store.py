"""The assistant's own records, through SQLAlchemy: handoff requests, feedback, unanswered questions.

SQLite in the data dir by default; APP_DB_URL points it at PostgreSQL in production. Hotline
agents' tools read the handoff queue from here.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

from sqlalchemy import Column, DateTime, Integer, String, Text, create_engine, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, declarative_base

from bot.settings import PROJECT_ROOT

Base = declarative_base()


def _now() -> datetime:
    return datetime.now(timezone.utc)


class HandoffRequest(Base):
    """A user asked for a human; an agent can pick the conversation up from this queue."""

    __tablename__ = "handoff_requests"
    id = Column(Integer, primary_key=True)
    created_at = Column(DateTime(timezone=True), default=_now, nullable=False)
    sender_id = Column(String(200), nullable=False, index=True)
    channel = Column(String(50), nullable=False)
    status = Column(String(20), nullable=False, default="open", index=True)
    reason = Column(String(200), nullable=False)
    transcript = Column(Text, nullable=False)  # JSON list of {"role", "text"}
    profile = Column(Text, nullable=False)  # JSON dict of the facts gathered so far


class Feedback(Base):
    """有帮助/没帮助 on an answer, or a question the assistant could not answer."""

    __tablename__ = "feedback"
    id = Column(Integer, primary_key=True)
    created_at = Column(DateTime(timezone=True), default=_now, nullable=False)
    sender_id = Column(String(200), nullable=False, index=True)
    kind = Column(String(20), nullable=False, index=True)  # helpful | not_helpful | unanswered
    question = Column(Text, nullable=False)
    answer = Column(Text, nullable=False, default="")
    clause_ids = Column(Text, nullable=False, default="[]")


def database_url() -> str:
    data_dir = os.environ.get("DATA_DIR", "").strip() or str(PROJECT_ROOT / "var")
    return os.environ.get("APP_DB_URL", "").strip() or f"sqlite:///{os.path.abspath(data_dir)}/app.db"


def engine(url: str | None = None) -> Engine:
    # (the URL is resolved before the cache: a cached engine(None) would keep the first APP_DB_URL for good)
    return _engine(url or database_url())


@lru_cache(maxsize=4)
def _engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        os.makedirs(os.path.dirname(url.removeprefix("sqlite:///")) or ".", exist_ok=True)
    eng = create_engine(url, future=True, pool_pre_ping=True)
    Base.metadata.create_all(eng)
    return eng


def record_handoff(sender_id: str, channel: str, reason: str, transcript: list[dict[str, str]],
                   profile: dict[str, Any], url: str | None = None) -> int:
    with Session(engine(url)) as session, session.begin():
        row = HandoffRequest(sender_id=sender_id, channel=channel, reason=reason,
                             transcript=json.dumps(transcript, ensure_ascii=False),
                             profile=json.dumps(profile, ensure_ascii=False))
        session.add(row)
        session.flush()
        return int(row.id)


def record_feedback(sender_id: str, kind: str, question: str, answer: str = "",
                    clause_ids: list[str] | None = None, url: str | None = None) -> int:
    with Session(engine(url)) as session, session.begin():
        row = Feedback(sender_id=sender_id, kind=kind, question=question, answer=answer,
                       clause_ids=json.dumps(clause_ids or [], ensure_ascii=False))
        session.add(row)
        session.flush()
        return int(row.id)


def open_handoffs(url: str | None = None) -> list[dict[str, Any]]:
    with Session(engine(url)) as session:
        rows = session.execute(select(HandoffRequest).where(HandoffRequest.status == "open")
                               .order_by(HandoffRequest.created_at)).scalars()
        return [{"id": r.id, "sender_id": r.sender_id, "channel": r.channel, "reason": r.reason,
                 "created_at": r.created_at.isoformat(), "transcript": json.loads(r.transcript),
                 "profile": json.loads(r.profile)} for r in rows]


def feedback_rows(kind: str | None = None, url: str | None = None) -> list[dict[str, Any]]:
    with Session(engine(url)) as session:
        query = select(Feedback).order_by(Feedback.created_at)
        if kind:
            query = query.where(Feedback.kind == kind)
        return [{"id": r.id, "sender_id": r.sender_id, "kind": r.kind, "question": r.question,
                 "answer": r.answer, "clause_ids": json.loads(r.clause_ids)}
                for r in session.execute(query).scalars()]
