"""Stage *understand*: which kind of fact a question asks for, from the registry of question kinds
(knowledge/nlu/question_kinds.yaml)."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.answering.env import Env
from bot.answering.words import ANSWER_KINDS, COST_KIND, OTHER_WORDING, PRACTICAL_KINDS
from bot.kb.search import normalize_query
from bot.kb.vocabulary import QuestionKind


@lru_cache(maxsize=1)
def platform_names(env: Env) -> tuple[str, ...]:
    """The platforms and hotlines of the contact list: naming one says where to go by itself."""
    return tuple(c.name for c in env.kb.contacts.values() if c.kind in ("platform", "hotline"))


@lru_cache(maxsize=1)
def apply_kind(env: Env) -> QuestionKind:
    """"Where/how to apply" questions: the answer must name a platform or office the texts name."""
    names = sorted(set(platform_names(env)), key=len, reverse=True) + ["社区", "乡镇（街道）", "民政部门", "民政局"]
    question = re.compile(r"在哪(里|儿)?(申请|办|报名|领)|(怎么|怎样|如何|咋)(申请|办理|报名|领取|申领|领)|"
                          r"去哪(里|儿)?(申请|办|报名|领)|"
                          r"哪(里|儿)(可以|能|能够|才能)(申请|办|报名|领)|"
                          r"通过什么(平台|渠道)|哪个平台|什么平台|找谁办")
    return QuestionKind("apply", question, re.compile("|".join(re.escape(n) for n in names)), "办理渠道")


def asks_practical(env: Env, question: str) -> bool:
    """怎么申请 / 找谁 / 要钱不 / 几个小时: a question about using a service, not about who qualifies."""
    kind = detect_answer_kind(env, question)
    return (kind is not None and kind.name in PRACTICAL_KINDS) or bool(
        COST_KIND.question.search(normalize_query(question)))


def detect_answer_kind(env: Env, question: str) -> QuestionKind | None:
    norm = normalize_query(question)
    if apply_kind(env).question.search(norm):
        return apply_kind(env)
    for kind in ANSWER_KINDS:
        if kind.question.search(norm):
            return kind
    return None


def says_in_other_words(kind: QuestionKind, shown: str) -> bool:
    """The passage shown states the asked kind of fact in other words than the kind's pattern."""
    pattern = OTHER_WORDING.get(kind.name)
    return pattern is not None and bool(pattern.search(shown))
