"""The conversation's context for answering: the last answer, typed (its question, topic, status, clauses,
benefits, region), with a JSON-safe slot form so that it can live in a Rasa slot."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class AnswerStatus(str, Enum):
    """What the last answer did."""

    NONE = ""  # nothing answered yet
    ANSWERED = "answered"  # a passage (or catalogue entry) answered
    NOT_SPECIFIED = "not_specified"  # the documents speak of the topic but not of the asked fact
    UNANSWERED = "unanswered"  # nothing in the documents answers
    CHECK = "check"  # the last turn gave an entitlement check's results or a verdict

    @classmethod
    def of(cls, value: Any) -> AnswerStatus:
        try:
            return cls(value if isinstance(value, str) else "")
        except ValueError:
            return cls.NONE


@dataclass(frozen=True)
class AnswerContext:
    """The last answer, as the next message's understanding needs it."""

    question: str = ""
    topic: str = ""  # the topic question a follow-up continues (the first one asked, not the follow-up)
    status: AnswerStatus = AnswerStatus.NONE
    clause_ids: tuple[str, ...] = ()
    benefit_ids: tuple[str, ...] = ()
    region: str | None = None  # the place remembered for the conversation (a region code, or "outside")
    answer: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)  # other slot keys, kept as they came

    @property
    def answered(self) -> bool:
        """An answer was given that a follow-up or another place may continue."""
        return self.status in (AnswerStatus.ANSWERED, AnswerStatus.NOT_SPECIFIED) and bool(self.question)

    @property
    def followed(self) -> str:
        """The question a follow-up continues: the topic, else the last question."""
        return self.topic or self.question

    def with_region(self, region: str | None) -> AnswerContext:
        return AnswerContext(self.question, self.topic, self.status, self.clause_ids, self.benefit_ids, region,
                             self.answer, dict(self.extra))

    def to_slot(self) -> dict[str, Any]:
        """The JSON-safe dict stored in the ``last_answer`` slot (the layout the dialogue has always used)."""
        slot: dict[str, Any] = dict(self.extra)
        slot.update({"question": self.question, "status": self.status.value})
        for key, value in (("topic", self.topic), ("clause_ids", list(self.clause_ids)),
                           ("benefit_ids", list(self.benefit_ids)), ("region", self.region),
                           ("answer", self.answer)):
            if value:
                slot[key] = value
        return slot

    @classmethod
    def from_slot(cls, value: Any, region: str | None = None) -> AnswerContext:
        """The context from a slot value: a dict as :meth:`to_slot` writes it, an older dict, or anything
        else (None, garbage), which gives an empty context. Never raises."""
        if not isinstance(value, dict):
            return cls(region=region)

        def text(key: str) -> str:
            item = value.get(key)
            return item if isinstance(item, str) else ""

        def ids(key: str) -> tuple[str, ...]:
            items = value.get(key)
            return tuple(i for i in items if isinstance(i, str)) if isinstance(items, (list, tuple)) else ()

        known = {"question", "topic", "status", "clause_ids", "benefit_ids", "region", "answer"}
        extra = {k: v for k, v in value.items() if isinstance(k, str) and k not in known}
        slot_region = value.get("region") if isinstance(value.get("region"), str) else None
        return cls(question=text("question"), topic=text("topic"), status=AnswerStatus.of(value.get("status")),
                   clause_ids=ids("clause_ids"), benefit_ids=ids("benefit_ids"), region=region or slot_region,
                   answer=text("answer"), extra=extra)
