"""The pipeline with the repository's knowledge base, behind the functions the dialogue called before
(``answer_question(question, region)`` …): for callers that hold no :class:`~bot.answering.Answerer` yet.

:func:`default_env` is the one place that fetches the knowledge base and its index; everything else in
:mod:`bot.answering` gets them handed in.
"""

from __future__ import annotations

from bot.answering import kinds as _kinds
from bot.answering import topics as _topics
from bot.answering.compare import compare_reply as _compare_reply
from bot.answering.compare import compare_topic as _compare_topic
from bot.answering.compose import outside_coverage_reply as _outside_coverage_reply
from bot.answering.details import details_reply as _details_reply
from bot.answering.env import Env
from bot.answering.followups import follow_up as _follow_up
from bot.answering.followups import followed_topic as _followed_topic
from bot.answering.followups import is_follow_up as _is_follow_up
from bot.answering.pipeline import answer_follow_up as _answer_follow_up
from bot.answering.pipeline import answer_for_region as _answer_for_region
from bot.answering.pipeline import answer_question as _answer_question
from bot.answering.places import city_of as _city_of
from bot.answering.places import only_a_place as _only_a_place
from bot.answering.places import without_places as _without_places
from bot.answering.reply import Reply
from bot.kb.loader import KnowledgeBase, load_kb
from bot.kb.search import SearchHit, get_index

_ENVS: dict[int, Env] = {}


def default_env(kb: KnowledgeBase | None = None) -> Env:
    """The pipeline's services for `kb` (default: the repository's knowledge base), built once per knowledge base."""
    kb = kb or load_kb()
    env = _ENVS.get(id(kb))
    if env is None or env.kb is not kb:
        env = _ENVS[id(kb)] = Env(kb, get_index(kb))
    return env


def answer_question(question: str, remembered_region: str | None = None, outside_place: str | None = None) -> Reply:
    return _answer_question(default_env(), question, remembered_region, outside_place)


def answer_follow_up(question: str, topic: str | None, region: str | None) -> Reply:
    return _answer_follow_up(default_env(), question, topic, region)


def answer_for_region(question: str, region: str) -> Reply:
    return _answer_for_region(default_env(), question, region)


def asks_practical(question: str) -> bool:
    return _kinds.asks_practical(default_env(), question)


def detect_answer_kind(question: str):  # noqa: ANN201 (a QuestionKind or None, as before)
    return _kinds.detect_answer_kind(default_env(), question)


def compare_reply(question: str) -> Reply:
    return _compare_reply(default_env(), question)


def compare_topic(question: str) -> list[str]:
    return _compare_topic(default_env(), question)


def details_reply(last_answer: dict | None) -> Reply:
    return _details_reply(default_env(), last_answer)


def follow_up(question: str, last_question: str | None) -> str:
    return _follow_up(default_env(), question, last_question)


def followed_topic(question: str, last_answer: dict) -> str | None:
    return _followed_topic(default_env(), question, last_answer)


def is_follow_up(question: str) -> bool:
    return _is_follow_up(default_env(), question)


def only_a_place(kb: KnowledgeBase, text: str) -> str | None:
    return _only_a_place(default_env(kb), text)


def without_places(kb: KnowledgeBase, question: str) -> str:
    return _without_places(default_env(kb), question)


def city_of(kb: KnowledgeBase, region: str | None) -> str | None:
    return _city_of(default_env(kb), region)


def outside_coverage_reply(kb: KnowledgeBase, place: str | None = None) -> Reply:
    return _outside_coverage_reply(default_env(kb), place)


def on_topic(kb: KnowledgeBase, hit: SearchHit, question: str, needed: int = 1) -> bool:
    return _topics.on_topic(default_env(kb), hit, question, needed)


def rare_topic_words(question: str) -> list[str]:
    return _topics.rare_topic_words(default_env(), question)


def relevance_words(question: str) -> list[str]:
    return _topics.relevance_words(default_env(), question)
