"""What the conversation remembers between turns, as typed values.

Rasa keeps it in slots (JSON-safe values); :meth:`Context.from_slots` reads them back and never raises: a value
that is not what it should be (an old tracker, a hand-edited database, a value a typed payload once smuggled in)
is dropped, so it is treated as unknown instead of breaking every later turn.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.rules import PROFILE_FIELDS as RULES_FIELDS

# The facts the conversation keeps: the rules' profile, and 失智 (asked to learn the degree of disability).
FACT_FIELDS: tuple[str, ...] = (*RULES_FIELDS, "dementia")
PROFILE_FIELDS = FACT_FIELDS

# Payloads remembered as offered (buttons of this conversation), newest last.
MAX_OFFERED = 60
# What the last reply was about, as the answering layer records it (the `last_answer` slot).
ANSWERED_STATUSES = ("answered", "not_specified")


def _str_list(value: Any, allowed: Callable[[str], bool] = lambda _: True) -> list[str]:
    if not isinstance(value, (list, tuple)):
        return []
    return [str(v) for v in value if isinstance(v, (str, int)) and not isinstance(v, bool) and allowed(str(v))]


def _counts(value: Any) -> dict[str, int]:
    if not isinstance(value, Mapping):
        return {}
    out: dict[str, int] = {}
    for key, count in value.items():
        if key in PROFILE_FIELDS and isinstance(count, int) and not isinstance(count, bool) and 0 <= count <= 100:
            out[str(key)] = count
    return out


# where an elder is: shared by a household, but a fact of one person when two are said to be in two places
PLACE_FIELDS = frozenset({"region", "hukou_local", "resides_local"})


@dataclass(frozen=True)
class Person:
    """An elder the user spoke of, by the words they used (老头子), with the facts said of them alone."""

    label: str
    facts: dict[str, str] = field(default_factory=dict)

    def to_slot(self) -> dict[str, Any]:
        return {"label": self.label, "facts": dict(self.facts)}

    @classmethod
    def from_slot(cls, value: Any, valid: Callable[[str, Any], str | None]) -> Person | None:
        if not isinstance(value, Mapping) or not isinstance(value.get("label"), str):
            return None
        facts = value.get("facts") if isinstance(value.get("facts"), Mapping) else {}
        return cls(label=value["label"][:20], facts=valid_facts(facts, valid))


@dataclass(frozen=True)
class CheckState:
    """The entitlement check under way (or just finished)."""

    active: bool = False
    requested: str | None = None  # the field asked last
    asks: dict[str, int] = field(default_factory=dict)  # field → times asked in this check
    unknown: tuple[str, ...] = ()  # fields recorded as unknown (不清楚, unreadable twice, described only)
    described: dict[str, str] = field(default_factory=dict)  # field → the user's own description (unknown)
    turns: int = 0  # user turns since the check started
    choosing: tuple[Person, ...] = ()  # two elders named: which one first?
    others: tuple[Person, ...] = ()  # elders to check after this one, with what was said of them
    person: str = ""  # the elder this check is for, in the user's words, once chosen among two

    def asked(self, name: str) -> int:
        return self.asks.get(name, 0)

    def to_slot(self) -> dict[str, Any]:
        return {"active": self.active, "requested": self.requested, "asks": dict(self.asks),
                "unknown": list(self.unknown), "described": dict(self.described), "turns": self.turns,
                "choosing": [p.to_slot() for p in self.choosing], "others": [p.to_slot() for p in self.others],
                "person": self.person}

    @classmethod
    def from_slot(cls, value: Any, valid: Callable[[str, Any], str | None]) -> CheckState:
        if not isinstance(value, Mapping):
            return cls()
        requested = value.get("requested")
        turns = value.get("turns")
        described = value.get("described") if isinstance(value.get("described"), Mapping) else {}
        people = [Person.from_slot(p, valid) for p in value.get("choosing") or [] if isinstance(p, Mapping)]
        others = [Person.from_slot(p, valid) for p in value.get("others") or [] if isinstance(p, Mapping)]
        return cls(
            active=value.get("active") is True,
            requested=requested if requested in PROFILE_FIELDS else None,
            asks=_counts(value.get("asks")),
            unknown=tuple(_str_list(value.get("unknown"), lambda f: f in PROFILE_FIELDS)),
            described={str(k): str(v)[:60] for k, v in described.items() if k in PROFILE_FIELDS},
            turns=turns if isinstance(turns, int) and not isinstance(turns, bool) and 0 <= turns < 10_000 else 0,
            choosing=tuple(p for p in people if p), others=tuple(p for p in others if p),
            person=str(value.get("person"))[:20] if isinstance(value.get("person"), str) else "",
        )


def valid_facts(facts: Mapping[Any, Any], valid: Callable[[str, Any], str | None]) -> dict[str, str]:
    out = {}
    for name, value in facts.items():
        checked = valid(str(name), value) if name in PROFILE_FIELDS else None
        if checked is not None:
            out[str(name)] = checked
    return out


@dataclass(frozen=True)
class Context:
    """Everything a turn needs to know about the conversation so far."""

    facts: dict[str, str] = field(default_factory=dict)  # what the user stated about the elder being checked
    check: CheckState = field(default_factory=CheckState)
    last_answer: dict[str, Any] = field(default_factory=dict)  # what the last reply answered (answering layer)
    last_check: dict[str, Any] | None = None  # the profile of the last finished check
    pending_question: str | None = None  # a question waiting for "which place?"
    topic_region: str | None = None  # the place the conversation's questions are about
    offered: tuple[str, ...] = ()  # payloads of the buttons offered in this conversation
    clarify: int = 0  # consecutive messages not understood

    @property
    def in_check(self) -> bool:
        return self.check.active

    @property
    def answered(self) -> bool:
        """The last reply answered a question (a follow-up may continue it)."""
        return self.last_answer.get("status") in ANSWERED_STATUSES and bool(self.last_answer.get("question"))

    @property
    def after_results(self) -> bool:
        """The last reply was a check's results or a verdict."""
        return self.last_answer.get("status") == "check" and bool(self.last_check)

    @property
    def region(self) -> str | None:
        """The place answers are about: the one asked about last, else the elder's."""
        return self.topic_region or self.facts.get("region")

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any], valid: Callable[[str, Any], str | None]) -> Context:
        """The context from Rasa's slot values; a malformed value is dropped, never raised on."""
        facts = valid_facts({n: slots.get(n) for n in PROFILE_FIELDS if slots.get(n) is not None}, valid)
        last_answer = slots.get("last_answer")
        last_check = slots.get("last_check")
        topic = slots.get("topic_region")
        pending = slots.get("pending_question")
        clarify = slots.get("clarify")
        return cls(
            facts=facts,
            check=CheckState.from_slot(slots.get("check"), valid),
            last_answer=dict(last_answer) if isinstance(last_answer, Mapping) else {},
            last_check=dict(last_check) if isinstance(last_check, Mapping) else None,
            pending_question=pending[:1000] if isinstance(pending, str) and pending else None,
            topic_region=valid("region", topic) if topic is not None else None,
            offered=tuple(_str_list(slots.get("offered")))[-MAX_OFFERED:],
            clarify=clarify if isinstance(clarify, int) and not isinstance(clarify, bool) and 0 <= clarify < 100 else 0,
        )


def slot_updates(before: Context, after: Context) -> dict[str, Any]:
    """The slots to set so that the tracker holds ``after`` (only what changed)."""
    out: dict[str, Any] = {}
    for name in PROFILE_FIELDS:
        if before.facts.get(name) != after.facts.get(name):
            out[name] = after.facts.get(name)
    pairs = {
        "check": (before.check.to_slot(), after.check.to_slot()),
        "last_answer": (before.last_answer, after.last_answer),
        "last_check": (before.last_check, after.last_check),
        "pending_question": (before.pending_question, after.pending_question),
        "topic_region": (before.topic_region, after.topic_region),
        "offered": (list(before.offered), list(after.offered)),
        "clarify": (before.clarify, after.clarify),
    }
    for name, (old, new) in pairs.items():
        if old != new:
            out[name] = new
    return out
