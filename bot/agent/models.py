"""The workbench's tables, in the assistant's app database (``bot.store``: SQLite by default, PostgreSQL when
``APP_DB_URL`` says so). New tables only: the existing ``handoff_requests`` and ``feedback`` rows are read,
never altered, so an app database from before the workbench keeps working."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Text

from bot.agent import clock
from bot.store import Base

ROLES = ("agent", "staff")
OUTCOMES = {"answered": "已解答", "referred": "已转办/转介", "follow_up": "需跟进"}


class AgentAccount(Base):
    """A hotline agent or a civil-affairs staff member. No default account exists: `agents add` creates them."""

    __tablename__ = "agent_accounts"
    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True)
    role = Column(String(10), nullable=False, default="agent")
    password_hash = Column(String(255), nullable=False)  # argon2id, with its own salt and parameters
    created_at = Column(DateTime(timezone=True), default=clock.now, nullable=False)
    active = Column(Boolean, nullable=False, default=True)


class AgentSession(Base):
    """A signed-in console. The cookie holds a random token; only its SHA-256 is stored."""

    __tablename__ = "agent_sessions"
    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), nullable=False, unique=True)
    account_id = Column(Integer, ForeignKey("agent_accounts.id"), nullable=False, index=True)
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(DateTime(timezone=True), default=clock.now, nullable=False)
    last_seen_at = Column(DateTime(timezone=True), default=clock.now, nullable=False, index=True)
    ended_at = Column(DateTime(timezone=True), nullable=True)


class LoginFailure(Base):
    """One failed login for a name (known or not): five within the lockout window lock the name."""

    __tablename__ = "agent_login_failures"
    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, index=True)
    at = Column(DateTime(timezone=True), default=clock.now, nullable=False)


class AuditEntry(Base):
    """Who did what, when, to which handoff or ticket."""

    __tablename__ = "agent_audit_log"
    id = Column(Integer, primary_key=True)
    at = Column(DateTime(timezone=True), default=clock.now, nullable=False, index=True)
    username = Column(String(64), nullable=False, index=True)
    action = Column(String(40), nullable=False, index=True)
    handoff_id = Column(Integer, nullable=True, index=True)
    ticket_id = Column(Integer, nullable=True, index=True)
    detail = Column(Text, nullable=False, default="{}")  # JSON, personal numbers masked


class Ticket(Base):
    """A call record: what the caller asked, what the agent said from which sources, and the outcome."""

    __tablename__ = "agent_tickets"
    id = Column(Integer, primary_key=True)
    created_at = Column(DateTime(timezone=True), default=clock.now, nullable=False, index=True)
    agent = Column(String(64), nullable=False, index=True)
    question = Column(Text, nullable=False)
    region = Column(String(40), nullable=True)
    topic = Column(String(40), nullable=False, default="其他", index=True)
    script = Column(Text, nullable=False, default="")
    sources = Column(Text, nullable=False, default="[]")  # JSON [{doc_id, clause_id, title, label}]
    verdicts = Column(Text, nullable=False, default="[]")  # JSON [{benefit_id, name, status, amount}]
    facts = Column(Text, nullable=False, default="{}")  # JSON profile as the agent left it
    outcome = Column(String(20), nullable=False, index=True)
    note = Column(Text, nullable=False, default="")
    handoff_id = Column(Integer, nullable=True, index=True)


class FeedbackReview(Base):
    """Staff's review of one feedback row (👎 or a question the assistant could not answer)."""

    __tablename__ = "feedback_reviews"
    feedback_id = Column(Integer, ForeignKey("feedback.id"), primary_key=True)
    reviewed = Column(Boolean, nullable=False, default=True)
    reviewer = Column(String(64), nullable=False)
    reviewed_at = Column(DateTime(timezone=True), default=clock.now, nullable=False)
    note = Column(Text, nullable=False, default="")


class HandoffLive(Base):
    """A handoff that joined the live queue (a citizen on a live channel while an agent was online).

    queued → claimed (the bot is paused, one agent talks) → closed (released: the bot is back). A claim left
    idle goes back to queued."""

    __tablename__ = "handoff_live"
    handoff_id = Column(Integer, ForeignKey("handoff_requests.id"), primary_key=True)
    state = Column(String(10), nullable=False, default="queued", index=True)
    queued_at = Column(DateTime(timezone=True), default=clock.now, nullable=False, index=True)
    agent = Column(String(64), nullable=True)
    claimed_at = Column(DateTime(timezone=True), nullable=True)
    last_agent_at = Column(DateTime(timezone=True), nullable=True)
    closed_at = Column(DateTime(timezone=True), nullable=True)
    outcome = Column(String(20), nullable=True)
    note = Column(Text, nullable=False, default="")
    replies_sent = Column(Integer, nullable=False, default=0)
