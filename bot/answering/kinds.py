"""Stage *understand*: which kind of fact a question asks for, from the registry of question kinds
(knowledge/nlu/question_kinds.yaml)."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from bot.answering.env import Env
from bot.answering.words import (
    ANSWER_KINDS,
    COST_KIND,
    ELIGIBILITY_QUESTION,
    KINDS,
    OTHER_WORDING,
    PRACTICAL_KINDS,
    QUESTION_FORM,
    VAGUE_NUMBER,
    YES_NO_MONEY_KINDS,
)
from bot.kb.search import normalize_query
from bot.kb.vocabulary import QuestionKind


@lru_cache(maxsize=4)
def platform_names(env: Env) -> tuple[str, ...]:
    """The platforms and hotlines of the contact list: naming one says where to go by itself."""
    return tuple(c.name for c in env.kb.contacts.values() if c.kind in ("platform", "hotline"))


@lru_cache(maxsize=4)
def apply_kind(env: Env) -> QuestionKind:
    """"Where/how to apply" questions: the answer must name a platform or office the texts name (the
    contact list's platforms and hotlines, then the registry's `states_names`)."""
    kind = KINDS["apply"]
    names = sorted(set(platform_names(env)), key=len, reverse=True) + list(kind.states_names)
    return replace(kind, fact=re.compile("|".join(re.escape(n) for n in names)))


def asks_practical(env: Env, question: str) -> bool:
    """怎么申请 / 找谁 / 要钱不 / 几个小时: a question about using a service, not about who qualifies."""
    kind = detect_answer_kind(env, question)
    return (kind is not None and kind.name in PRACTICAL_KINDS) or bool(
        COST_KIND.question.search(normalize_query(question)))


def detect_answer_kind(env: Env, question: str) -> QuestionKind | None:
    """The kind of fact asked: the first in the registry's order, of those named in a clause that asks (低保标准跟城市
    低保标准比，是个什么比例: the ratio — the 标准 of the first clause is its topic, not asked)."""
    norm = without_referent(VAGUE_NUMBER.sub(" ", normalize_query(question)))  # (老伴走了好几年了 asks for no length)
    found = [(kind, matches) for kind in ANSWER_KINDS if (matches := list(kind.question.finditer(norm)))]
    if not found:
        return None
    kind = next((k for k, matches in found if any(QUESTION_FORM.search(_clause_of(norm, m)) for m in matches)),
                found[0][0])
    return apply_kind(env) if kind.name == "apply" else kind


def _clause_start(norm: str, at: int) -> int:
    return max(norm.rfind(c, 0, at) for c in CLAUSE_BREAKS) + 1


def _clause_of(norm: str, match: re.Match[str]) -> str:
    ends = [i for c in CLAUSE_BREAKS if (i := norm.find(c, match.end())) >= 0]
    return norm[_clause_start(norm, match.start()):min(ends, default=len(norm))]


CLAUSE_BREAKS = "，,。；;！？!? "


def without_referent(norm: str) -> str:
    """A clause that asks whether someone qualifies names the benefit it asks about, figure and all (温州那个每月
    免费几十个小时她有份吗): that clause up to the asking words asks for no figure — blanked."""
    asked = ELIGIBILITY_QUESTION.search(norm)
    if asked is None:
        return norm
    return norm[:_clause_start(norm, asked.start())] + " " + norm[asked.end():]


def yes_no_money_kind(normalized: str) -> QuestionKind | None:
    """The yes/no kind about money a (normalised) question asks — 要钱不 (cost), 有补贴吗 (subsidy) — or None."""
    return next((k for k in YES_NO_MONEY_KINDS if k.question.search(normalized)), None)


def says_in_other_words(kind: QuestionKind, shown: str) -> bool:
    """The passage shown states the asked kind of fact in other words than the kind's pattern."""
    pattern = OTHER_WORDING.get(kind.name)
    return pattern is not None and bool(pattern.search(shown))
