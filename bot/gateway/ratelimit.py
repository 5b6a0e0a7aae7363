"""Per-sender and per-address rate limits for the chat API, counted in the shared store.

Fixed one-minute windows (``incr`` with a TTL): cheap, shared by every worker through the store, and good
enough to stop a script flooding the assistant. An elder typing never comes near the limits
(``RATE_LIMIT_SENDER`` messages per sender, ``RATE_LIMIT_IP`` requests per address, per minute). The
client address is the one uvicorn reports; behind a reverse proxy, uvicorn takes it from
``X-Forwarded-For`` when the proxy's address is in ``FORWARDED_ALLOW_IPS``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Optional

from fastapi import Request
from fastapi.responses import JSONResponse

from bot.gateway.store import Store

WINDOW = 60
MESSAGE = "您发送得太快了，请稍等一分钟再试。有急事请拨打12345。"


class RateLimitedError(Exception):
    def __init__(self, what: str, retry_after: int) -> None:
        super().__init__(what)
        self.what, self.retry_after = what, retry_after

    def response(self) -> JSONResponse:
        return JSONResponse(
            status_code=429,
            content={"error": f"too many requests ({self.what}); retry after {self.retry_after} s",
                     "message": MESSAGE, "retry_after": self.retry_after},
            headers={"Retry-After": str(self.retry_after)},
        )


@dataclass(frozen=True)
class RateLimiter:
    store: Store
    per_sender: int
    per_ip: int
    window: int = WINDOW

    async def count(self, kind: str, key: str, limit: int) -> None:
        if limit <= 0:  # 0 turns a limit off
            return
        now = time.time()
        slot = int(now // self.window)
        if await self.store.incr(f"rl:{kind}:{key}:{slot}", self.window) > limit:
            raise RateLimitedError(f"{kind} limit {limit}/{self.window}s", max(1, int((slot + 1) * self.window - now)))

    async def check(self, request: Request, sender: Optional[str] = None) -> None:
        """Count one request from this address (and sender); RateLimitedError when over a limit."""
        await self.count("ip", client_address(request), self.per_ip)
        if sender is not None:
            await self.count("sender", sender, self.per_sender)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def get_limiter(request: Request) -> RateLimiter:
    return request.app.state.limiter
