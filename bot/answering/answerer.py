"""The one entry point of the answer pipeline for the conversation layer.

    answerer = Answerer(load_kb())                       # the index is built (or taken) for that kb
    question = answerer.understand(text, AnswerContext.from_slot(last_answer_slot, region=region_slot))
    reply = answerer.reply(question)                     # the right turn for it (see :meth:`Answerer.reply`)

or, when the router has decided itself: :meth:`answer`, :meth:`follow_up`, :meth:`for_region`,
:meth:`compare`, :meth:`details`, :meth:`outside_coverage`.
"""

from __future__ import annotations

from bot.answering.compare import compare_reply, compare_topic
from bot.answering.compose import outside_coverage_reply
from bot.answering.context import AnswerContext, AnswerStatus
from bot.answering.details import details_reply
from bot.answering.env import Env
from bot.answering.pipeline import answer, answer_follow_up, answer_for_region
from bot.answering.question import Question, understand
from bot.answering.reply import Reply
from bot.kb.loader import KnowledgeBase
from bot.kb.search import SearchIndex, get_index


class Answerer:
    """The answer pipeline over one knowledge base and its search index."""

    def __init__(self, kb: KnowledgeBase, index: SearchIndex | None = None):
        self.env = Env(kb, index if index is not None else get_index(kb))

    def understand(self, text: str, context: AnswerContext | None = None) -> Question:
        """The message read once (see :class:`~bot.answering.question.Question`)."""
        return understand(text, context, self.env)

    def answer(self, question: Question | str, outside_place: str | None = None) -> Reply:
        """The answer to a question on its own (not continuing the last answer)."""
        if isinstance(question, str):
            question = self.understand(question)
        return answer(self.env, question, outside_place)

    def follow_up(self, question: Question) -> Reply:
        """The answer continuing the last answer's topic when the question has none of its own (在哪申请,
        那中度的呢); the reply keeps that topic for a second follow-up."""
        return answer_follow_up(self.env, question.simplified, question.continues, question.place)

    def for_region(self, context: AnswerContext, place: str) -> Reply:
        """"昌吉有吗" / "温州的呢" after an answer: the last question, asked for that place."""
        return answer_for_region(self.env, context.question, place)

    def compare(self, question: Question) -> Reply:
        """The regions side by side; a comparison naming no topic compares the one just answered."""
        text = question.simplified
        if question.context.answered and not compare_topic(self.env, text):
            text = f"{question.context.question} {text}"
        return compare_reply(self.env, text)

    def details(self, context: AnswerContext) -> Reply:
        """"详细说明": the whole clause behind the last answer and its related clauses."""
        return details_reply(self.env, context.to_slot() if context.clause_ids else None)

    def outside_coverage(self, place: str | None = None) -> Reply:
        """A place the documents do not cover: said plainly, with the covered regions and 12345."""
        return outside_coverage_reply(self.env, place)

    def reply(self, question: Question, outside_place: str | None = None) -> Reply:
        """The turn an answer-type message gets, decided from the question and its context: a place
        outside the coverage; a place alone after an answer (the same question there); a follow-up of the
        last answer; a comparison; else the answer."""
        context = question.context
        place = outside_place or (question.outside_place if not question.place else None)
        if place:
            return self.outside_coverage(place)
        if context.answered and question.only_place:
            return self.for_region(context, question.only_place)
        if context.answered and question.continues:
            return self.follow_up(question)
        return self.answer(question)

    @staticmethod
    def context_of(reply: Reply, before: AnswerContext | None = None) -> AnswerContext:
        """The context after a reply: its ``last_answer`` slot, or the one before when it sets none."""
        slot = reply.slots.get("last_answer")
        region = reply.slots.get("region") or (before.region if before else None)
        if slot is None:
            return (before or AnswerContext()).with_region(region)
        return AnswerContext.from_slot(slot, region=region)


__all__ = ["AnswerContext", "AnswerStatus", "Answerer", "Question"]
