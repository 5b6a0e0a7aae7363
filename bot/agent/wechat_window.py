"""What is left of WeChat's customer-service window for a conversation (客服消息下发额度).

An Official Account may send customer-service messages to a user only after the user's own message: at most
``MAX_MESSAGES`` within ``WINDOW_SECONDS`` of it (WeChat's rule since June 2023: 5 messages in 48 hours; a new
message from the user starts a new window, the quota does not add up). The window is read from the
conversation's tracker events: the user's messages, and the agent's replies sent since the last of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

WINDOW_SECONDS = 48 * 3600
MAX_MESSAGES = 5


@dataclass(frozen=True)
class Window:
    seconds_left: int
    messages_left: int

    @property
    def open(self) -> bool:
        return self.seconds_left > 0 and self.messages_left > 0

    def to_dict(self) -> dict[str, Any]:
        return {"open": self.open, "seconds_left": self.seconds_left, "messages_left": self.messages_left,
                "hours_left": round(self.seconds_left / 3600, 1)}


def window(events: list[dict[str, Any]], now: float) -> Window:
    last_user = max((float(e.get("timestamp") or 0) for e in events if e.get("event") == "user"), default=None)
    if last_user is None:
        return Window(0, 0)
    sent = sum(1 for e in events if e.get("event") == "bot" and float(e.get("timestamp") or 0) > last_user
               and (e.get("metadata") or {}).get("from") in ("agent", "workbench"))
    return Window(max(0, int(last_user + WINDOW_SECONDS - now)), max(0, MAX_MESSAGES - sent))
