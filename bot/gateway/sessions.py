"""Web chat sessions: an unguessable sender id with a signed token, issued by the server.

``POST /api/chat/session`` returns ``{"sender", "token"}``. The token is ``<sender>.<issued>.<mac>``, the
MAC being HMAC-SHA256 with the server secret (``SESSION_SECRET``, else generated once into ``$DATA_DIR``),
so every gateway worker and replica that shares the secret can check it without a lookup. A token is good
for the retention period (``RETENTION_DAYS``); ending a session (``DELETE /api/chat/session``) puts its
sender on a deny list in the shared store, so all workers refuse it from then on.

Senders issued here start with ``ws-``: that prefix is reserved, so a client without the token cannot
write into (or read) a session's conversation by sending its sender id to ``/api/chat``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass
from typing import Optional

from fastapi import Request

from bot.gateway.store import Store

PREFIX = "ws-"
_TOKEN = re.compile(r"[A-Za-z0-9_.-]+")  # what issue() writes: URL-safe base64 pieces and digits
REVOKED = "session:revoked:"


class SessionError(Exception):
    """A missing, malformed, expired or ended token (401), or a token for another sender (403)."""

    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(error)
        self.status, self.error, self.message = status, error, message

    def body(self) -> dict[str, str]:
        return {"error": self.error, "message": self.message, "field": "Authorization"}


def missing() -> SessionError:
    return SessionError(401, "missing bearer token (Authorization: Bearer <token> from POST /api/chat/session)",
                        "请刷新页面，重新打开对话。")


def invalid() -> SessionError:
    return SessionError(401, "invalid or expired session token", "对话已过期，请刷新页面重新开始。")


def other() -> SessionError:
    return SessionError(403, "the token belongs to another sender", "无权查看这段对话。")


def new_sender() -> str:
    return PREFIX + secrets.token_urlsafe(24)  # 192 random bits


def _mac(secret: str, payload: str) -> str:
    digest = hmac.new(secret.encode("utf-8"), payload.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def issue(secret: str, sender: str, now: Optional[float] = None) -> str:
    payload = f"{sender}.{int(time.time() if now is None else now)}"
    return f"{payload}.{_mac(secret, payload)}"


def verify(secret: str, token: str, max_age: float, now: Optional[float] = None) -> str:
    """The sender a token was issued for; SessionError(401) when it is malformed, forged or too old."""
    if len(token) > 256 or not _TOKEN.fullmatch(token):
        raise invalid()
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].startswith(PREFIX) or not parts[1].isdigit() or len(parts[1]) > 12:
        raise invalid()
    sender, issued, mac = parts
    expected = _mac(secret, f"{sender}.{issued}")
    if not hmac.compare_digest(expected.encode("ascii"), mac.encode("utf-8", "replace")):
        raise invalid()
    age = (time.time() if now is None else now) - int(issued)
    if age > max_age or age < -300:  # (a little clock skew between replicas is fine)
        raise invalid()
    return sender


@dataclass(frozen=True)
class Sessions:
    secret: str
    max_age: float
    store: Store

    async def create(self) -> tuple[str, str]:
        sender = new_sender()
        return sender, issue(self.secret, sender)

    async def end(self, sender: str) -> None:
        await self.store.set(REVOKED + sender, "1", self.max_age)

    async def sender_of(self, authorization: Optional[str]) -> Optional[str]:
        """The sender of an ``Authorization: Bearer`` header; None without the header; SessionError if bad."""
        if authorization is None:
            return None
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise invalid()
        sender = verify(self.secret, token.strip(), self.max_age)
        if await self.store.get(REVOKED + sender) is not None:
            raise invalid()
        return sender

    async def require(self, authorization: Optional[str], sender: Optional[str]) -> str:
        """The token's sender, which must be ``sender`` when one is named (401 without a token, 403 another's)."""
        owner = await self.sender_of(authorization)
        if owner is None:
            raise missing()
        if sender is not None and sender != owner:
            raise other()
        return owner


def get_sessions(request: Request) -> Sessions:
    return request.app.state.sessions
