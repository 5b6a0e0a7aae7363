"""The assistant's own records, through SQLAlchemy: handoff requests, feedback, unanswered questions.

SQLite in the data dir by default; APP_DB_URL points it at PostgreSQL in production. Hotline
agents' tools read the handoff queue from here.

When the database is unavailable (down, unreachable, read-only, its file gone) the first failure is logged
as one clear line and so is the recovery, not a traceback per request: a handoff then raises
:class:`StoreUnavailableError` (the user gets the gateway's polite reply with 12345, no made-up ticket),
while logging an unanswered question is best effort and never stops the answer. Nothing needs a restart:
the engine is made again and connections are checked before use (``pool_pre_ping``).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

from sqlalchemy import Column, DateTime, Integer, String, Text, create_engine, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, declarative_base

from bot.settings import PROJECT_ROOT

Base = declarative_base()
logger = logging.getLogger(__name__)
_unavailable: set[str] = set()  # databases whose failure is logged and whose recovery is not yet


class StoreUnavailableError(RuntimeError):
    """The app database cannot be written now (logged once); a handoff cannot get a ticket."""


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


@contextmanager
def _writing(url: str | None) -> Iterator[Session]:
    """A write transaction; a database error is logged once per outage and becomes StoreUnavailableError."""
    where = url or database_url()
    try:
        with Session(engine(url)) as session, session.begin():
            yield session
    except DBAPIError as exc:
        if where not in _unavailable:
            _unavailable.add(where)
            logger.error("app database unavailable, nothing is recorded until it is back: %s",
                         str(exc.orig).splitlines()[0] if exc.orig else type(exc).__name__)
        raise StoreUnavailableError("the app database is unavailable") from None
    if where in _unavailable:
        _unavailable.discard(where)
        logger.warning("app database is available again")


def record_handoff(sender_id: str, channel: str, reason: str, transcript: list[dict[str, str]],
                   profile: dict[str, Any], url: str | None = None) -> int:
    with _writing(url) as session:
        row = HandoffRequest(sender_id=sender_id, channel=channel, reason=reason,
                             transcript=json.dumps(transcript, ensure_ascii=False),
                             profile=json.dumps(profile, ensure_ascii=False))
        session.add(row)
        session.flush()
        ticket = int(row.id)
    return ticket


def record_feedback(sender_id: str, kind: str, question: str, answer: str = "",
                    clause_ids: list[str] | None = None, url: str | None = None) -> int:
    """The new row's id; 0 when an unanswered question could not be logged (best effort, logged once)."""
    try:
        with _writing(url) as session:
            row = Feedback(sender_id=sender_id, kind=kind, question=question, answer=answer,
                           clause_ids=json.dumps(clause_ids or [], ensure_ascii=False))
            session.add(row)
            session.flush()
            row_id = int(row.id)
    except StoreUnavailableError:
        if kind == "unanswered":  # logged automatically: the answer must not fail for it
            return 0
        raise
    return row_id


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
