"""Drive simulated users (bot.bench.users) concurrently for a bounded time and collect turn latencies."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from bot.bench.users import Send, converse, questions
from bot.gateway.rasa_client import EMPTY_REPLY_TEXT, TAPPED


class TurnFailedError(Exception):
    """A request that did not get a normal answer (non-200, transport error)."""


@dataclass
class Samples:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    empty: int = 0  # no message at all, or the gateway's apology for an empty reply from Rasa
    conversations: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)

    def error(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1


def gateway_sender(client: httpx.AsyncClient, base: str, samples: Samples) -> Send:
    async def send(sender: str, text: str, shown: str | None) -> list[dict[str, Any]]:
        body = {"sender": sender, "text": text} if shown is None else {"sender": sender, "text": text, "shown": shown}
        return await _timed(samples, client.post(f"{base}/api/chat", json=body),
                            lambda body: body.get("messages", []))
    return send


def webhook_sender(client: httpx.AsyncClient, rasa: str, samples: Samples) -> Send:
    async def send(sender: str, text: str, shown: str | None) -> list[dict[str, Any]]:
        metadata = {} if shown is None else {TAPPED: True}
        return await _timed(samples, client.post(f"{rasa}/webhooks/rest/webhook",
                                                 json={"sender": sender, "message": text, "metadata": metadata}),
                            lambda body: body if isinstance(body, list) else [])
    return send


def parse_sender(client: httpx.AsyncClient, rasa: str, token: str, samples: Samples) -> Send:
    async def send(_sender: str, text: str, _shown: str | None) -> list[dict[str, Any]]:
        await _timed(samples, client.post(f"{rasa}/model/parse", params={"token": token}, json={"text": text}),
                     lambda body: [{"text": body.get("intent", {}).get("name", "")}])
        return []
    return send


async def _timed(samples: Samples, request: Any, messages_of: Any) -> list[dict[str, Any]]:
    start = time.perf_counter()
    try:
        response = await request
    except httpx.HTTPError as exc:
        samples.error(type(exc).__name__)
        raise TurnFailedError(type(exc).__name__) from exc
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        samples.error(f"HTTP {response.status_code}")
        raise TurnFailedError(f"HTTP {response.status_code}")
    samples.latencies_ms.append(elapsed)
    messages = messages_of(response.json())
    if not messages or any(m.get("text") == EMPTY_REPLY_TEXT for m in messages):
        samples.empty += 1
    return messages


async def run_users(make_send: Any, users: int, seconds: float, seed: int = 7,
                    only_questions: bool = False) -> tuple[Samples, float]:
    """``users`` concurrent simulated users with no pause between messages, for ``seconds``."""
    samples = Samples()
    pool = questions()
    limits = httpx.Limits(max_connections=users + 10, max_keepalive_connections=users + 10)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        send = make_send(client, samples)
        deadline = time.monotonic() + seconds

        async def user(index: int) -> None:
            rng = random.Random(seed * 1000 + index)
            number = 0
            while time.monotonic() < deadline:
                number += 1
                sender = f"bench-{seed}-{index}-{number}"
                try:
                    if only_questions:
                        await send(sender, rng.choice(pool), None)
                    else:
                        await converse(_until(send, deadline), sender, rng, pool)
                    samples.conversations += 1
                except (TurnFailedError, _DeadlineError):
                    continue

        began = time.monotonic()
        await asyncio.gather(*(user(i) for i in range(users)))
        return samples, time.monotonic() - began


class _DeadlineError(Exception):
    pass


def _until(send: Send, deadline: float) -> Send:
    """``send`` that stops a conversation once the phase's time is up (no new turn is started)."""
    async def bounded(sender: str, text: str, shown: str | None) -> list[dict[str, Any]]:
        if time.monotonic() >= deadline:
            raise _DeadlineError
        return await send(sender, text, shown)
    return bounded
