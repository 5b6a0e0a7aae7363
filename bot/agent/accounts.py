"""Accounts, sign-in with lockout, and console sessions (cookie token + CSRF token).

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's low-memory profile). A name that fails
five times within the lockout window is locked for that window, whether or not it exists, so the lock says
nothing about which names are real; an unknown name costs the same hash as a known one.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select

from bot.agent import clock
from bot.agent.config import AgentConfig
from bot.agent.db import reading, transaction
from bot.agent.models import ROLES, AgentAccount, AgentSession, LoginFailure

USERNAME = re.compile(r"^[A-Za-z0-9_.\-\u4e00-\u9fff]{2,64}$")
MIN_PASSWORD = 8
MAX_PASSWORD = 200
# Console calls refresh "last seen" at most this often: polling every few seconds need not write each time.
TOUCH_EVERY = timedelta(seconds=5)

_hasher = PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified against for unknown names, so that they take as long as known ones (made on first use: the
    action server imports this module and never signs anyone in)."""
    return _hasher.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """A name or password that cannot be used; the message says why, in Chinese."""


@dataclass(frozen=True)
class Agent:
    id: int
    username: str
    role: str


@dataclass(frozen=True)
class SignedIn:
    agent: Agent
    token: str  # goes into the cookie; never stored
    csrf_token: str


@dataclass(frozen=True)
class LoginResult:
    signed_in: SignedIn | None = None
    locked_seconds: int = 0  # > 0: the name is locked for about this long


def validate_username(name: str) -> str:
    name = name.strip()
    if not USERNAME.match(name):
        raise AccountError("用户名须为2到64个字母、数字、汉字或 _ . -")
    return name


def validate_password(password: str) -> str:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise AccountError(f"密码须为{MIN_PASSWORD}到{MAX_PASSWORD}个字符")
    return password


def add_account(username: str, password: str, role: str = "agent", url: str | None = None) -> Agent:
    """Create an account; a name that exists gets its password and role replaced (a reset)."""
    username = validate_username(username)
    validate_password(password)
    if role not in ROLES:
        raise AccountError(f"角色须为 {' 或 '.join(ROLES)}")
    with transaction(url) as session:
        row = session.execute(select(AgentAccount).where(AgentAccount.username == username)).scalar_one_or_none()
        if row is None:
            row = AgentAccount(username=username)
            session.add(row)
        row.role, row.password_hash, row.active = role, _hasher.hash(password), True
        session.flush()
        return Agent(row.id, row.username, row.role)


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _locked_for(session, username: str, config: AgentConfig) -> int:  # type: ignore[no-untyped-def]
    since = clock.now() - timedelta(seconds=config.lockout_seconds)
    count, latest = session.execute(
        select(func.count(LoginFailure.id), func.max(LoginFailure.at))
        .where(LoginFailure.username == username, LoginFailure.at > since)).one()
    if count < config.max_failures or latest is None:
        return 0
    remaining = (clock.as_utc(latest) + timedelta(seconds=config.lockout_seconds) - clock.now()).total_seconds()
    return max(1, int(remaining))


def login(username: str, password: str, config: AgentConfig, url: str | None = None) -> LoginResult:
    """A new session for a right name and password; a failure is recorded (and may lock the name)."""
    name = username.strip()[:64]
    with transaction(url) as session:
        locked = _locked_for(session, name, config)
        if locked:
            return LoginResult(locked_seconds=locked)
        row = session.execute(select(AgentAccount).where(AgentAccount.username == name,
                                                         AgentAccount.active.is_(True))).scalar_one_or_none()
        if not _verify(row.password_hash if row else _dummy_hash(), password) or row is None:
            session.add(LoginFailure(username=name, at=clock.now()))
            session.flush()
            return LoginResult(locked_seconds=_locked_for(session, name, config))
        session.execute(delete(LoginFailure).where(LoginFailure.username == name))
        if _hasher.check_needs_rehash(row.password_hash):
            row.password_hash = _hasher.hash(password)
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        session.add(AgentSession(token_hash=_hash_token(token), account_id=row.id, csrf_token=csrf,
                                 created_at=clock.now(), last_seen_at=clock.now()))
        return LoginResult(signed_in=SignedIn(Agent(row.id, row.username, row.role), token, csrf))


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class ActiveSession:
    id: int
    agent: Agent
    csrf_token: str

    def csrf_ok(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(self.csrf_token.encode(), str(given).encode())


def session_for(token: str | None, config: AgentConfig, url: str | None = None) -> ActiveSession | None:
    """The live session a cookie token belongs to (and mark it seen), or None: unknown, ended, idle or too old."""
    if not token or len(token) > 200:
        return None
    now = clock.now()
    with transaction(url) as session:
        row = session.execute(select(AgentSession, AgentAccount)
                              .join(AgentAccount, AgentAccount.id == AgentSession.account_id)
                              .where(AgentSession.token_hash == _hash_token(token))).one_or_none()
        if row is None:
            return None
        sess, account = row
        idle = now - clock.as_utc(sess.last_seen_at)
        age = now - clock.as_utc(sess.created_at)
        if (sess.ended_at is not None or not account.active or idle > timedelta(seconds=config.session_idle_seconds)
                or age > timedelta(seconds=config.session_max_seconds)):
            if sess.ended_at is None:
                sess.ended_at = now
            return None
        if idle > TOUCH_EVERY:
            sess.last_seen_at = now
        return ActiveSession(sess.id, Agent(account.id, account.username, account.role), sess.csrf_token)


def logout(session_id: int, url: str | None = None) -> None:
    with transaction(url) as session:
        row = session.get(AgentSession, session_id)
        if row is not None and row.ended_at is None:
            row.ended_at = clock.now()


def agents_online(config: AgentConfig, url: str | None = None) -> list[str]:
    """Names of agents whose console called the server within the online window (live sessions)."""
    since = clock.now() - timedelta(seconds=config.online_seconds)
    with reading(url) as session:
        rows = session.execute(select(AgentAccount.username)
                               .join(AgentSession, AgentSession.account_id == AgentAccount.id)
                               .where(AgentSession.ended_at.is_(None), AgentSession.last_seen_at > since,
                                      AgentAccount.active.is_(True)).distinct()).scalars()
        return sorted(rows)
