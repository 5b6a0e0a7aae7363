"""Specialist replies: questions a catalogue, a document's metadata or its structure answers better than the
one clause that shares most words with the question. Each implements :class:`Specialist`; the pipeline asks
them in the order of :data:`SPECIALISTS` and the first reply wins."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from bot.answering.env import Env
from bot.answering.reply import Reply
from bot.answering.specialists.basis import basis_reply
from bot.answering.specialists.catalog import (
    absent_subsidy_reply,
    benefit_content_reply,
    benefit_fact_reply,
    group_catalog_reply,
)
from bot.answering.specialists.documents import missing_text_reply
from bot.answering.specialists.glossary import difference_reply, glossary_reply
from bot.answering.specialists.parts import parts_reply
from bot.answering.specialists.people import people_reply
from bot.answering.words import SUBSIDY_KIND
from bot.kb.search import normalize_query


class Asked(Protocol):
    """What a specialist reads of a question (a :class:`bot.answering.question.Question` has it)."""

    simplified: str
    focus: str  # the asking clauses (the whole message when it tells no story)
    region: str | None
    place: str | None  # the place asked about as named (儋州), inside the region's scope
    kind: str | None


class Specialist(Protocol):
    """One kind of question answered from somewhere other than the best clause."""

    name: str
    # its reply is about the question's place (set as the conversation's region) and answers the first part
    # of a two-part question, the later part getting an answer of its own
    catalogue: bool

    def reply(self, env: Env, asked: Asked) -> Reply | None: ...


@dataclass(frozen=True)
class _Specialist:
    name: str
    answer: Callable[[Env, Asked], Reply | None]
    catalogue: bool = True

    def reply(self, env: Env, asked: Asked) -> Reply | None:
        return self.answer(env, asked)


def _absent_subsidy(env: Env, asked: Asked) -> Reply | None:
    """昌吉有没有高龄补贴: its documents never name one, whatever clause says 高龄 and 补贴."""
    if not SUBSIDY_KIND.question.search(normalize_query(asked.simplified)):
        return None
    return absent_subsidy_reply(env, asked.simplified, asked.region)


def _glossary(env: Env, asked: Asked) -> Reply | None:
    """The definition asked for in the asking clauses — or in them with a voice typo of the term read as the term
    (家庭养老床为是啥意思), looked up again only when the reading changed a word."""
    reply = glossary_reply(env, asked.focus, asked.region)
    heard = env.index.correct_sound_alikes(asked.focus)
    return reply if reply is not None or heard == asked.focus else glossary_reply(env, heard, asked.region)


SPECIALISTS: tuple[Specialist, ...] = (
    # the articles of a text the knowledge base does not hold (条例第十条)
    _Specialist("missing_text", lambda env, q: missing_text_reply(env, q.simplified, q.region), catalogue=False),
    # the documents a plan implements (参照的省里文件)
    _Specialist("basis", lambda env, q: basis_reply(env, q.simplified, q.region)),
    # who holds a role, from a members' table (组长是谁)
    _Specialist("people", lambda env, q: people_reply(env, q.simplified, q.region)),
    # how two terms differ, which no document says (特困跟低保有啥不一样); as the asking clauses say it (a story's
    # statement 算重点优抚对象 … 每个月有几个钟头 asks the hours, not what the term means)
    _Specialist("difference", lambda env, q: difference_reply(env, q.focus, q.region), catalogue=False),
    # what a term means, from the glossary (什么叫失能)
    _Specialist("glossary", lambda env, q: _glossary(env, q)),
    # the parts of a section (分几个阶段)
    _Specialist("parts", lambda env, q: parts_reply(env, q.simplified, q.region)),
    # what there is for a group of people (海口对高龄老人有什么政策)
    _Specialist("group_catalog", lambda env, q: group_catalog_reply(env, q.simplified, q.region)),
    # where to apply for, or who is in charge of, a benefit named (护理补贴在哪申请)
    _Specialist("benefit_fact", lambda env, q: benefit_fact_reply(env, q.simplified, q.region, q.kind)),
    # what a benefit named gives, or whether the region has it (家庭医生能提供啥服务)
    _Specialist("benefit_content", lambda env, q: benefit_content_reply(env, q.simplified, q.region)),
    # a subsidy only other regions' documents provide (昌吉有没有高龄补贴)
    _Specialist("absent_subsidy", _absent_subsidy, catalogue=False),
)
