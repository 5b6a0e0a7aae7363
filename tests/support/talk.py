"""A conversation with the engine in process (no Rasa server): what the action server would do, turn by turn.

    talk = Talk()
    talk("帮我妈查查能享受什么")     # → the reply's text
    talk.ctx.facts                 # what is remembered
"""

from __future__ import annotations

import functools
import re
from typing import Any

from bot.conversation.engine import Outcome, respond
from bot.conversation.route import Turn
from bot.conversation.services import MemoryRecords, Services, build_services
from bot.conversation.state import Context
from bot.conversation.turn import TurnIn

PAYLOAD = re.compile(r"^/(\w+)")


@functools.lru_cache(maxsize=1)
def services() -> Services:
    return build_services(MemoryRecords())


class Talk:
    def __init__(self, sender: str = "test") -> None:
        self.ctx = Context()
        self.sender = sender
        self.last: Outcome | None = None
        self.turns: list[Turn | None] = []

    def __call__(self, text: str, intent: str | None = None, tapped: bool = False) -> str:
        """The reply to ``text``, typed (or, ``tapped``, the payload of a button the user tapped)."""
        s = services()
        latest: dict[str, Any] = {"text": text, "metadata": {"tapped": True} if tapped else {}}
        payload = PAYLOAD.match(text)
        if payload:
            latest["intent"] = {"name": payload.group(1), "confidence": 1.0}
        elif intent:
            latest["intent"] = {"name": intent, "confidence": 0.9}
        self.last = respond(TurnIn(s.read(latest, self.ctx), self.ctx, sender=self.sender), s)
        self.ctx = self.last.ctx
        self.turns.append(self.last.turn)
        return "\n".join(m["text"] for m in self.last.reply.messages)

    def buttons(self) -> list[dict[str, str]]:
        assert self.last is not None
        return [b for m in self.last.reply.messages for b in m.get("buttons") or []]

    def tap(self, title_part: str) -> str:
        for button in self.buttons():
            if title_part in button["title"]:
                return self(button["payload"], tapped=True)
        raise AssertionError(f"no button {title_part!r} in {self.buttons()}")
