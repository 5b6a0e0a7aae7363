"""The shared store: the memory store, and the same behaviour on Redis (when one runs on this machine)."""

from __future__ import annotations

import asyncio
import dataclasses
import secrets
import socket

import pytest
from fastapi.testclient import TestClient

from bot.gateway import ratelimit
from bot.gateway.app import create_app
from bot.gateway.store import MemoryStore, RedisStore, StoreUnavailableError, make_store
from bot.settings import load_settings

REDIS_URL = "redis://127.0.0.1:6379/13"  # a database of its own, and a random key prefix per test


def redis_running() -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.3)
        return sock.connect_ex(("127.0.0.1", 6379)) == 0


def stores() -> list:
    found = [pytest.param("memory", id="memory")]
    found.append(pytest.param("redis", id="redis", marks=pytest.mark.skipif(not redis_running(),
                                                                             reason="no Redis on 127.0.0.1:6379")))
    return found


def new_store(kind: str):  # type: ignore[no-untyped-def]
    return MemoryStore() if kind == "memory" else RedisStore(REDIS_URL, f"test-{secrets.token_hex(4)}:")


@pytest.mark.parametrize("kind", stores())
def test_store_operations(kind: str) -> None:
    async def run() -> None:
        store = new_store(kind)
        try:
            assert await store.get("a") is None
            await store.set("a", "1", 10)
            assert await store.get("a") == "1"
            assert await store.add("a", "2", 10) is False and await store.get("a") == "1"
            assert await store.add("b", "x", 10) is True
            assert await store.pop("b") == "x" and await store.get("b") is None and await store.pop("b") is None
            assert [await store.incr("n", 10) for _ in range(3)] == [1, 2, 3]
            assert await store.version("n") == 3 and await store.version("none") == 0
            await store.delete("a")
            assert await store.get("a") is None
            await store.set("short", "v", 0.05)
            await asyncio.sleep(0.15)
            assert await store.get("short") is None
        finally:
            await store.close()

    asyncio.run(run())


def test_memory_store_expiry_and_bound() -> None:
    now = [0.0]
    store = MemoryStore(max_keys=3, clock=lambda: now[0])

    async def run() -> None:
        for key in "abcd":
            await store.set(key, key, 10)
        assert len(store) == 3 and await store.get("a") is None and await store.get("d") == "d"
        assert await store.incr("n", 5) == 1
        now[0] = 4
        assert await store.incr("n", 5) == 2  # the window does not move with each count
        now[0] = 6
        assert await store.incr("n", 5) == 1

    asyncio.run(run())


def test_make_store_without_redis_is_memory() -> None:
    assert isinstance(make_store("", "p:"), MemoryStore)


def test_redis_down_is_store_unavailable_and_a_503() -> None:
    async def run() -> None:
        store = RedisStore("redis://127.0.0.1:9/0")  # the discard port: nothing answers
        with pytest.raises(StoreUnavailableError):
            await store.get("x")

    asyncio.run(run())
    settings = dataclasses.replace(load_settings(), redis_url="redis://127.0.0.1:9/0")
    with TestClient(create_app(settings)) as client:
        response = client.post("/api/chat/session")
    assert response.status_code == 503 and "12345" in response.json()["message"]


@pytest.mark.skipif(not redis_running(), reason="no Redis on 127.0.0.1:6379")
def test_two_gateways_on_redis_share_sessions_and_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    # (the limiter's clock held in one window: the four requests never straddle a minute's boundary)
    monkeypatch.setattr(ratelimit, "time", type("FrozenClock", (), {"time": staticmethod(lambda: 1_000_020.0)}))
    settings = dataclasses.replace(load_settings(), redis_url=REDIS_URL, redis_prefix=f"t-{secrets.token_hex(4)}:",
                                   rate_limit_ip=4)
    with TestClient(create_app(settings)) as one, TestClient(create_app(settings)) as two:
        session = one.post("/api/chat/session").json()
        auth = {"Authorization": f"Bearer {session['token']}"}
        assert two.delete("/api/chat/session", headers=auth).status_code == 204
        assert one.delete("/api/chat/session", headers=auth).status_code == 401  # ended on the other worker
        codes = [c.post("/api/chat/session").status_code for c in (one, two, one, two)]
        assert codes == [200, 200, 200, 429]  # four per minute from this address, counted across both
