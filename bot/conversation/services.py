"""What a turn may use: the knowledge base, the answering layer, the questionnaire, the vocabulary, and the
records kept for people (handoffs, feedback, unanswered questions). Built once per process and passed in,
so that tests and the simulator can give their own records."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from bot.conversation.answering import Answering
from bot.conversation.check import Questionnaire
from bot.conversation.facts import valid_value
from bot.conversation.message import Message, read_message
from bot.conversation.reading import Reader
from bot.conversation.state import Context
from bot.conversation.vocab import Vocabulary, vocabulary
from bot.handoff import Receipt
from bot.kb.loader import KnowledgeBase, load_kb


class Records(Protocol):
    """Where the conversation leaves something for a person to read."""

    def handoff(self, sender: str, channel: str, reason: str, transcript: list[dict[str, str]],
                facts: dict[str, Any]) -> Receipt: ...

    def feedback(self, sender: str, kind: str, question: str, answer: str = "",
                 clause_ids: list[str] | None = None) -> None: ...


class StoreRecords:
    """The app database (bot.store)."""

    def handoff(self, sender: str, channel: str, reason: str, transcript: list[dict[str, str]],
                facts: dict[str, Any]) -> Receipt:
        # recorded, and queued for an agent online on a live channel (bot/handoff.py, the workbench's queue)
        from bot.handoff import request_handoff

        return request_handoff(sender, channel, reason, transcript, facts)

    def feedback(self, sender: str, kind: str, question: str, answer: str = "",
                 clause_ids: list[str] | None = None) -> None:
        from bot import store

        store.record_feedback(sender, kind, question, answer, clause_ids or [])


class MemoryRecords:
    """Records kept in memory (the simulator, tests)."""

    def __init__(self) -> None:
        self.handoffs: list[dict[str, Any]] = []
        self.feedbacks: list[dict[str, Any]] = []

    def handoff(self, sender: str, channel: str, reason: str, transcript: list[dict[str, str]],
                facts: dict[str, Any]) -> Receipt:
        self.handoffs.append({"sender": sender, "reason": reason, "facts": facts})
        return Receipt(number=len(self.handoffs), queued=False, position=0, agents_online=0)

    def feedback(self, sender: str, kind: str, question: str, answer: str = "",
                 clause_ids: list[str] | None = None) -> None:
        self.feedbacks.append({"sender": sender, "kind": kind, "question": question})


@dataclass(frozen=True)
class Services:
    kb: KnowledgeBase
    vocab: Vocabulary
    answering: Answering
    questionnaire: Questionnaire
    reader: Reader
    records: Records

    def valid(self, name: str, value: Any) -> str | None:
        return valid_value(name, value, self.kb)

    def read(self, latest: Mapping[str, Any], ctx: Context) -> Message:
        """The user's message as the router sees it, in this context (offered buttons, the question asked)."""
        return read_message(latest, ctx.offered, vocab=self.vocab, reader=self.reader, answering=self.answering,
                            valid=self.valid, questionnaire=self.questionnaire,
                            asked=ctx.check.requested if ctx.check.active else None, region=ctx.facts.get("region"),
                            chosen=ctx.check.person)


def build_services(records: Records | None = None) -> Services:
    kb = load_kb()
    vocab = vocabulary()
    answering = Answering(kb)

    def same_place(a: str, b: str) -> bool:  # 龙华区 and 海口, 温州 and 温州
        return a == b or (answering.city_of(a) or a) == (answering.city_of(b) or b)

    return Services(kb=kb, vocab=vocab, answering=answering, questionnaire=Questionnaire(vocab, same_place),
                    reader=Reader(vocab, lambda n, v: valid_value(n, v, kb), nicknamed=nicknames_read(kb)),
                    records=records or StoreRecords())


def nicknames_read(kb: KnowledgeBase) -> Callable[[str, str | None], str]:
    """A place's nickname read as the place it means where the message or the conversation is (鹿城 in 温州鹿城户口
    也住鹿城 → 鹿城区); left as it is when no scope, or two, are named."""
    names = [(name, code) for code, region in kb.regions.items() for name in region.names if len(name) >= 2]

    def read(text: str, region: str | None) -> str:
        for nickname, means in kb.nicknames.items():
            if nickname not in text:
                continue
            rest_of_text = text.replace(nickname, "")
            named = {scope for name, code in names if name != nickname and name in rest_of_text
                     for scope in kb.covers(code) if scope in means}
            if not named and region:
                named = {scope for scope in kb.covers(region) if scope in means}
            if len(named) == 1:
                place = means[named.pop()]
                rest = place[len(nickname):] if place.startswith(nickname) else ""
                # (鹿城区 written in full stays as it is)
                text = re.sub(re.escape(nickname) + (f"(?!{re.escape(rest)})" if rest else ""), place, text)
        return text

    return read


@functools.lru_cache(maxsize=1)
def default_services() -> Services:
    """The services of the action server (one per process)."""
    return build_services()
