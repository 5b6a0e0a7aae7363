"""Simulated users for the load benchmark: they do not depend on the dialogue's exact flow.

A user either asks one question (from the dev question set), or starts an entitlement check
("帮我妈查查能享受什么") and answers whatever the assistant asks by tapping one of the offered buttons
(sometimes "不清楚") until it stops asking or 15 turns have passed. Every conversation has its own sender.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.settings import PROJECT_ROOT

CHECK_OPENERS = ("帮我妈查查能享受什么", "我爸能享受哪些养老待遇", "帮老人查一下能领什么补贴")
MAX_CHECK_TURNS = 15
QUESTION_SHARE = 0.5

# send(sender, text, shown) → the assistant's messages ([{"text", "buttons"?}]), or raises; shown is the title of the
# button tapped (its payload is the text), None for typed text
Send = Callable[[str, str, "str | None"], Awaitable[list[dict[str, Any]]]]


def questions(path: Path = PROJECT_ROOT / "tests" / "data" / "dev_questions.yaml") -> list[str]:
    return [item["question"] for item in yaml.safe_load(path.read_text(encoding="utf-8")) if item.get("question")]


def offered_buttons(messages: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The buttons of the last message that has any (what a user could tap next)."""
    for message in reversed(messages):
        if message.get("buttons"):
            return list(message["buttons"])
    return []


@dataclass
class Conversation:
    kind: str  # "question" | "check"
    turns: int = 0


async def converse(send: Send, sender: str, rng: random.Random, pool: list[str]) -> Conversation:
    """One simulated conversation; exceptions from ``send`` propagate (the runner counts them)."""
    if rng.random() < QUESTION_SHARE:
        await send(sender, rng.choice(pool), None)
        return Conversation("question", 1)
    messages = await send(sender, rng.choice(CHECK_OPENERS), None)
    conversation = Conversation("check", 1)
    while conversation.turns < MAX_CHECK_TURNS:
        buttons = offered_buttons(messages)
        if not buttons:
            break
        dont_know = [b for b in buttons if "不清楚" in b.get("title", "")]
        button = dont_know[0] if dont_know and rng.random() < 0.2 else rng.choice(buttons)
        messages = await send(sender, button["payload"], button.get("title", ""))
        conversation.turns += 1
    return conversation
