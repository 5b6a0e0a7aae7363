"""The workbench's settings, read from environment variables with embedded defaults (docs/workbench.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass


def _seconds(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        value = -1.0
    if not 0 < value < 1e7:
        raise SystemExit(f"error: environment variable {name} must be a positive number of seconds, got {raw!r}")
    return value


@dataclass(frozen=True)
class AgentConfig:
    # A signed-in agent whose console has not called the server for this long is no longer "online":
    # the console polls the queue every few seconds, so a closed tab drops out within a minute.
    online_seconds: float
    # A claimed conversation with no reply or action by its agent for this long goes back to the queue.
    claim_idle_seconds: float
    # A session unused for this long ends; a session never lasts longer than session_max_seconds.
    session_idle_seconds: float
    session_max_seconds: float
    # After max_failures failed logins within lockout_seconds, the name is locked for lockout_seconds.
    lockout_seconds: float
    max_failures: int
    # The hours of the centre's online agents, said to citizens when nobody is online (set by the operator).
    service_hours: str


def load_config() -> AgentConfig:
    return AgentConfig(
        online_seconds=_seconds("AGENT_ONLINE_SECONDS", 60),
        claim_idle_seconds=_seconds("AGENT_CLAIM_IDLE_SECONDS", 300),
        session_idle_seconds=_seconds("AGENT_SESSION_IDLE_SECONDS", 2 * 3600),
        session_max_seconds=_seconds("AGENT_SESSION_MAX_SECONDS", 12 * 3600),
        lockout_seconds=_seconds("AGENT_LOCKOUT_SECONDS", 300),
        max_failures=5,
        service_hours=os.environ.get("AGENT_SERVICE_HOURS", "").strip(),
    )
