"""The conversation's one door into the answering layer (cited answers from the knowledge base).

Every answer turn goes through :class:`Answering`; the router reads what it needs about a message's wording
through :meth:`Answering.understand`. Swapping the answering implementation touches this module only.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from bot.dialogue import answers as _answers
from bot.dialogue.messages import Reply
from bot.kb.loader import KnowledgeBase
from bot.kb.search import get_index


@dataclass(frozen=True)
class Wording:
    """What the answering layer reads in a message's wording (not its facts)."""

    follow_up: bool  # a short question with no topic of its own: 在哪申请, 要钱不, 那中度的呢
    ellipsis: bool  # 那中度的呢 / 要是没有低保呢: the last question again, for another case
    only_place: str | None  # 昌吉有吗 / 温州的呢: one covered place and nothing else asked
    kind: str | None  # the kind of fact asked: money, hours, department, apply …
    practical: bool  # how to apply, what it costs, where, which office …
    topic_words: tuple[str, ...]  # rare words naming a topic of the message's own
    compare_topic: bool  # a comparison names what to compare


class Answering:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    # ------------------------------------------------------------------ reading a message's wording
    def understand(self, text: str) -> Wording:
        kind = _answers.detect_answer_kind(text)
        return Wording(
            follow_up=_answers.is_follow_up(text), ellipsis=_answers.is_ellipsis(text),
            only_place=_answers.only_a_place(self.kb, text), kind=kind.name if kind else None,
            practical=_answers.asks_practical(text), topic_words=self.topic_words_of(text),
            compare_topic=bool(_answers.compare_topic(text)))

    def topic_words_of(self, text: str) -> tuple[str, ...]:
        """The message's rare words that name something the documents speak of (or an everyday service
        users ask for by name): 机器人, 天气 or a typo name no topic."""
        known = get_index().text_field.idf
        services = _answers.everyday_services()

        def documents_use(word: str) -> bool:  # the word, or a part of it of two characters or more (空巢老人)
            return any(word[i:j] in known for i in range(len(word)) for j in range(i + 2, len(word) + 1))

        return tuple(w for w in _answers.rare_topic_words(text)
                     if (w in services or documents_use(w)) and not w.isdigit())

    def yes_no_money(self, text: str) -> bool:
        """要钱不 / 有补贴吗: a yes/no question about money."""
        from bot.kb.search import normalize_query

        asked = normalize_query(text)
        return any(k.question.search(asked) for k in _answers.YES_NO_MONEY_KINDS)

    def benefit_phrases(self, text: str) -> tuple[str, ...]:
        """The catalogued benefits' names and aliases the text uses (高龄津贴, 免费体检 …), longest first."""
        found = [name for name in self._benefit_names if name in text]
        return tuple(n for n in found if not any(n != other and n in other for other in found))

    @functools.cached_property
    def _benefit_names(self) -> tuple[str, ...]:
        from bot.dialogue.catalog import benefit_names

        names = {n for b in self.kb.benefits for n in benefit_names(b) if len(n) >= 2}
        return tuple(sorted(names, key=len, reverse=True))

    def without_places(self, text: str) -> str:
        return _answers.without_places(self.kb, text)

    def city_of(self, region: str | None) -> str | None:
        return _answers.city_of(self.kb, region)

    # ------------------------------------------------------------------ answers
    def answer(self, question: str, region: str | None, outside_place: str | None = None) -> Reply:
        return _answers.answer_question(question, region, outside_place=outside_place)

    def follow_up(self, question: str, last_answer: dict[str, Any], region: str | None) -> tuple[Reply, str]:
        """The answer continuing the last answer's topic, and the question as searched."""
        topic = _answers.followed_topic(question, last_answer)
        reply = _answers.answer_follow_up(question, topic, region)
        return reply, (_answers.continued(question, topic) if topic else question)

    def for_region(self, question: str, region: str) -> Reply:
        return _answers.answer_for_region(question, region)

    def compare(self, question: str) -> Reply:
        return _answers.compare_reply(question)

    def details(self, last_answer: dict[str, Any] | None, last_check: dict[str, Any] | None) -> Reply:
        return _answers.details_reply(last_answer, last_check)

    def outside_coverage(self, place: str | None) -> Reply:
        return _answers.outside_coverage_reply(self.kb, place)

    def region_question(self, question: str) -> Reply:
        return _answers.region_question(question)
