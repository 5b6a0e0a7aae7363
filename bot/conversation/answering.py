"""The conversation's one door into the answer pipeline (:class:`bot.answering.Answerer`).

Every answer turn goes through :class:`Answering`; the router reads what it needs about a message's wording
through :meth:`Answering.understand` (the pipeline's own :class:`~bot.answering.Question`, read once).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from bot.answering import AnswerContext, Answerer, Question
from bot.answering.compare import compare_topic
from bot.answering.kinds import asks_practical
from bot.answering.places import city_of, named_scopes, without_places
from bot.answering.reply import Reply
from bot.answering.specialists.catalog import benefit_names
from bot.answering.topics import everyday_services, rare_topic_words
from bot.answering.words import ACROSS_PLACES
from bot.kb.loader import KnowledgeBase
from bot.kb.search import normalize_query
from bot.nlu.profile import get_extractor, same_line


@dataclass(frozen=True)
class Wording:
    """What the answer pipeline reads in a message's wording (not its facts)."""

    follow_up: bool  # a short question with no topic of its own: 在哪申请, 要钱不, 那中度的呢
    ellipsis: bool  # 那中度的呢 / 要是没有低保呢: the last question again, for another case
    only_place: str | None  # 昌吉有吗 / 温州的呢: one covered place and nothing else asked
    kind: str | None  # the kind of fact asked: money, hours, department, apply …
    practical: bool  # how to apply, what it costs, where, which office …
    topic_words: tuple[str, ...]  # rare words naming a topic of the message's own
    compare_topic: bool  # a comparison names what to compare
    compares: bool = False  # it asks to compare regions (two places, not one inside the other, or 比较/不同)
    across_places: bool = False  # it speaks of the places at large (各地, 哪个地方), naming none


class Answering:
    def __init__(self, kb: KnowledgeBase, answerer: Answerer | None = None) -> None:
        self.kb = kb
        self.answerer = answerer or Answerer(kb)
        self.env = self.answerer.env

    # ------------------------------------------------------------------ reading a message's wording
    def understand(self, text: str, last_answer: dict[str, Any] | None = None,
                   region: str | None = None) -> Question:
        return self.answerer.understand(text, AnswerContext.from_slot(last_answer or {}, region=region))

    def wording(self, text: str) -> Wording:
        q = self.understand(text)
        return Wording(
            follow_up=q.follow_up, ellipsis=q.ellipsis, only_place=q.only_place, kind=q.kind,
            practical=asks_practical(self.env, q.simplified), topic_words=self.topic_words_of(text),
            compare_topic=bool(compare_topic(self.env, q.simplified)), compares=q.compares,
            across_places=bool(ACROSS_PLACES.search(normalize_query(q.simplified))))

    def topic_words_of(self, text: str) -> tuple[str, ...]:
        """The message's rare words that name something the documents speak of (or an everyday service
        users ask for by name): 机器人, 天气 or a typo name no topic."""
        known = self.env.index.text_field.idf
        services = everyday_services()

        def documents_use(word: str) -> bool:  # the word, or a part of it of two characters or more (空巢老人)
            return any(word[i:j] in known for i in range(len(word)) for j in range(i + 2, len(word) + 1))

        return tuple(w for w in rare_topic_words(self.env, text)
                     if (w in services or documents_use(w)) and not w.isdigit())

    def benefit_phrases(self, text: str) -> tuple[str, ...]:
        """The catalogued benefits' names and aliases the text uses (高龄津贴, 免费体检 …), longest first."""
        found = [name for name in self._benefit_names if name in text]
        return tuple(n for n in found if not any(n != other and n in other for other in found))

    @functools.cached_property
    def _benefit_names(self) -> tuple[str, ...]:
        names = {n for b in self.kb.benefits for n in benefit_names(b) if len(n) >= 2}
        return tuple(sorted(names, key=len, reverse=True))

    def city_of(self, region: str | None) -> str | None:
        return city_of(self.env, region)

    def without_other_places(self, question: str, asked: tuple[str, ...]) -> str:
        """The question without the covered places it names that are not those asked about, nor around or inside
        them (孩子都去海口打工了 就我们老两口在白沙村里 …: 海口 is where the children work; 白沙 is asked about)."""
        parents = get_extractor().parents
        others = tuple(c for c in named_scopes(self.env, question)
                       if not any(same_line(c, place, parents) for place in asked))
        return without_places(self.env, question, others) if others else question

    # ------------------------------------------------------------------ answers
    def answer(self, question: str, region: str | None, outside_place: str | None = None) -> Reply:
        return self.answerer.answer(self.understand(question, region=region), outside_place)

    def follow_up(self, question: str, last_answer: dict[str, Any], region: str | None) -> tuple[Reply, str]:
        """The answer continuing the last answer's topic, and the question as searched."""
        q = self.understand(question, last_answer, region)
        if not q.continues:
            return self.answerer.answer(q), q.simplified
        return self.answerer.follow_up(q), q.search_text

    def for_region(self, question: str, region: str) -> Reply:
        return self.answerer.for_region(AnswerContext(question=question), region)

    def compare(self, question: str, last_answer: dict[str, Any] | None = None) -> Reply:
        return self.answerer.compare(self.understand(question, last_answer))

    def details(self, last_answer: dict[str, Any] | None) -> Reply:
        return self.answerer.details(AnswerContext.from_slot(last_answer or {}))

    def outside_coverage(self, place: str | None) -> Reply:
        return self.answerer.outside_coverage(place)
