"""What a reply in the check says to the question asked (see bot.conversation.check.Questionnaire.read)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.conversation.state import Person


@dataclass(frozen=True)
class ReplyReading:
    """What a reply to the question about ``field`` says."""

    field: str
    value: str | None = None  # the asked fact
    unknown: bool = False  # 不清楚 / 跳过
    described: str | None = None  # the user's description, which fixes no value
    facts: dict[str, str] = field(default_factory=dict)  # other facts stated in the reply
    people: tuple[Person, ...] = ()  # two elders in the reply: whom first?

    @property
    def readable(self) -> bool:
        return self.value is not None or self.unknown or self.described is not None or bool(self.people)
