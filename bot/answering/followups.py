"""Follow-ups: a short question continuing the last answer's topic (在哪申请), the same question for another
case (那中度的呢) or another place (昌吉有吗)."""

from __future__ import annotations

import re

from bot.answering.config import CONFIG
from bot.answering.env import Env
from bot.answering.topics import topic_words
from bot.answering.words import (
    ALTERNATIVES,
    DEFINITION_FORM,
    ELLIPSIS,
    FOLLOW_UP_WORDS,
    MEASURE_WORDS,
)


def _core(question: str) -> str:
    """The question without spaces and punctuation."""
    return re.sub(r"[\s，,。.？?！!～~]", "", question)


def is_ellipsis(question: str) -> bool:
    """"那中度的呢", "要是没有低保呢": the last question again, for another case."""
    return bool(ELLIPSIS.match(_core(question)))


def is_follow_up(env: Env, question: str) -> bool:
    """A short question with no topic of its own (在哪申请, 要啥条件, 那中度的呢): it continues the last one."""
    if len(_core(question)) > CONFIG.follow_up_max_chars or env.index.detect_region(question):
        return False
    if is_ellipsis(question):
        return True  # 那中度的呢: the last question, for 中度
    own_words = [w for w in topic_words(env, question, top=4) if w not in MEASURE_WORDS and w not in FOLLOW_UP_WORDS]
    return not own_words  # 时间银行是什么 names a topic of its own


def follow_up(env: Env, question: str, last_question: str | None) -> str:
    """"在哪申请？" right after an answer about 温州免费居家养老服务 asks about that: the question to search."""
    return continued(question, last_question) if last_question and is_follow_up(env, question) else question


def continued(question: str, topic: str) -> str:
    """The question to search for a follow-up of ``topic``: "谁能申请" after "家庭养老床位是啥" asks who may
    apply for it, not what it is again."""
    if DEFINITION_FORM.search(topic) and not DEFINITION_FORM.search(question):
        topic = DEFINITION_FORM.sub(" ", topic)
    for group in ALTERNATIVES:  # 那轻度的呢 after a question on 重度: the question for 轻度, not for both
        asked = [w for w in group if w in question]
        if len(asked) == 1:
            for other in group:
                topic = topic.replace(other, asked[0]) if other != asked[0] else topic
    return f"{topic} {question}"


def followed_topic(env: Env, question: str, last_answer: dict) -> str | None:
    """The question ``question`` continues, or None when it has a topic of its own: the last answer's own
    topic question, not a follow-up that was added to it (谁来管 then 咋申请 both ask about 日间照料中心)."""
    topic = last_answer.get("topic") or last_answer.get("question")
    return topic if topic and is_follow_up(env, question) else None
