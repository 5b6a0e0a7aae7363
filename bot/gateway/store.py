"""The gateway's shared short-lived state: memory by default, Redis when ``REDIS_URL`` is set.

One small interface for everything several gateway workers must agree on: web sessions that were ended,
rate-limit counters, the WeChat channel's last buttons, recent MsgIds, late answers and access token.
Every key expires (``ttl`` seconds); values are strings (callers store JSON). ``make run`` never needs
Redis: the memory store serves one process, which is all ``make run`` starts.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Optional, Protocol

MAX_MEMORY_KEYS = 100_000  # the memory store drops its oldest keys beyond this (a bound, not a cache policy)


class StoreUnavailableError(Exception):
    """The shared store (Redis) did not answer; handlers turn this into a 503 with a Chinese message."""


class Store(Protocol):
    async def get(self, key: str) -> Optional[str]: ...

    async def set(self, key: str, value: str, ttl: float) -> None: ...

    async def add(self, key: str, value: str, ttl: float) -> bool:
        """Set ``key`` only when it is absent; True when this call set it (an atomic claim across workers)."""

    async def pop(self, key: str) -> Optional[str]:
        """Get and delete in one step, so that only one worker gets the value."""

    async def delete(self, key: str) -> None: ...

    async def incr(self, key: str, ttl: float) -> int:
        """Add one to a counter and return it; a new counter expires ``ttl`` seconds after its first count."""

    async def version(self, key: str) -> int:
        """The current value of a counter (0 when absent): cheap to poll for a change."""

    async def close(self) -> None: ...


class MemoryStore:
    """The store of one process: a dict with expiry times, bounded in size, safe across threads."""

    def __init__(self, max_keys: int = MAX_MEMORY_KEYS, clock: Callable[[], float] = time.monotonic) -> None:
        self._items: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()
        self._max_keys = max_keys
        self._clock = clock

    def _live(self, key: str) -> Optional[str]:
        item = self._items.get(key)
        if item is None:
            return None
        if item[0] <= self._clock():
            del self._items[key]
            return None
        return item[1]

    def _put(self, key: str, value: str, ttl: float) -> None:
        self._items.pop(key, None)
        self._items[key] = (self._clock() + ttl, value)
        while len(self._items) > self._max_keys:
            self._items.popitem(last=False)

    async def get(self, key: str) -> Optional[str]:
        with self._lock:
            return self._live(key)

    async def set(self, key: str, value: str, ttl: float) -> None:
        with self._lock:
            self._put(key, value, ttl)

    async def add(self, key: str, value: str, ttl: float) -> bool:
        with self._lock:
            if self._live(key) is not None:
                return False
            self._put(key, value, ttl)
            return True

    async def pop(self, key: str) -> Optional[str]:
        with self._lock:
            value = self._live(key)
            self._items.pop(key, None)
            return value

    async def delete(self, key: str) -> None:
        with self._lock:
            self._items.pop(key, None)

    async def incr(self, key: str, ttl: float) -> int:
        with self._lock:
            current = self._live(key)
            if current is None:
                self._put(key, "1", ttl)
                return 1
            expires = self._items[key][0]
            value = int(current) + 1
            self._items[key] = (expires, str(value))  # the window does not move with each count
            return value

    async def version(self, key: str) -> int:
        with self._lock:
            value = self._live(key)
        return int(value) if value is not None and value.lstrip("-").isdigit() else 0

    async def close(self) -> None:
        return None

    def __len__(self) -> int:
        return len(self._items)


class RedisStore:
    """The same interface on Redis (``redis.asyncio``), every key under ``prefix`` so deployments can share one."""

    def __init__(self, url: str, prefix: str = "eldercare:") -> None:
        import redis.asyncio as redis  # only when configured: make run never needs Redis

        self._errors: tuple[type[BaseException], ...] = (redis.RedisError, OSError)
        self._redis = redis.from_url(url, decode_responses=True, socket_timeout=3, socket_connect_timeout=3)
        self._prefix = prefix

    def _key(self, key: str) -> str:
        return self._prefix + key

    @staticmethod
    def _ms(ttl: float) -> int:
        return max(1, int(ttl * 1000))

    async def _run(self, operation):  # type: ignore[no-untyped-def]
        try:
            return await operation
        except self._errors as exc:
            raise StoreUnavailableError(f"redis: {type(exc).__name__}: {exc}") from exc

    async def get(self, key: str) -> Optional[str]:
        return await self._run(self._redis.get(self._key(key)))

    async def set(self, key: str, value: str, ttl: float) -> None:
        await self._run(self._redis.set(self._key(key), value, px=self._ms(ttl)))

    async def add(self, key: str, value: str, ttl: float) -> bool:
        return bool(await self._run(self._redis.set(self._key(key), value, px=self._ms(ttl), nx=True)))

    async def pop(self, key: str) -> Optional[str]:
        async def getdel() -> Optional[str]:
            async with self._redis.pipeline(transaction=True) as pipe:
                value, _ = await pipe.get(self._key(key)).delete(self._key(key)).execute()
            return value

        return await self._run(getdel())

    async def delete(self, key: str) -> None:
        await self._run(self._redis.delete(self._key(key)))

    async def incr(self, key: str, ttl: float) -> int:
        async def count() -> int:
            async with self._redis.pipeline(transaction=True) as pipe:
                # PEXPIRE NX: the window starts with the first count and does not move with later ones
                value, _ = await pipe.incr(self._key(key)).pexpire(self._key(key), self._ms(ttl), nx=True).execute()
            return int(value)

        return await self._run(count())

    async def version(self, key: str) -> int:
        value = await self.get(key)
        return int(value) if value is not None and value.lstrip("-").isdigit() else 0

    async def close(self) -> None:
        try:
            await self._redis.close()
        except self._errors:
            pass


def make_store(redis_url: str, prefix: str) -> Store:
    """Redis when a URL is configured, else the memory store."""
    return RedisStore(redis_url, prefix) if redis_url else MemoryStore()
