"""What every turn handler takes and gives back."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from bot.conversation.message import Message
from bot.conversation.state import Context
from bot.dialogue.messages import Reply


@dataclass(frozen=True)
class TurnIn:
    m: Message
    ctx: Context
    sender: str = ""
    channel: str = ""
    transcript: tuple[dict[str, str], ...] = ()


def absorb(ctx: Context, reply: Reply, *, keep_region: bool = False) -> Context:
    """The context after a reply of the answering layer, whose slot updates (last_answer, region asked about,
    pending_question, last_check) become the context's typed fields; the reply keeps only its messages."""
    slots: dict[str, Any] = dict(reply.slots)
    reply.slots = {}
    changes: dict[str, Any] = {}
    if isinstance(slots.get("last_answer"), dict):
        changes["last_answer"] = slots["last_answer"]
    if "pending_question" in slots:
        changes["pending_question"] = slots["pending_question"] or None
    if slots.get("region") and not keep_region:
        changes["topic_region"] = str(slots["region"])
    if "last_check" in slots:
        changes["last_check"] = slots["last_check"] if isinstance(slots["last_check"], dict) else None
    return replace(ctx, **changes) if changes else ctx


def said(reply: Reply, text: str, buttons: list[dict[str, str]] | None = None) -> Reply:
    reply.say(text, buttons=buttons)
    return reply


def first(text: str, reply: Reply) -> Reply:
    """``reply`` with ``text`` as its first bubble."""
    reply.messages.insert(0, {"text": text})
    return reply
