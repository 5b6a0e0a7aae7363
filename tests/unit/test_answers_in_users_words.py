"""Answers to questions in users' own words whose words the documents write otherwise (users29, blind): the
mechanism each one needed — a synonym, a kind's other wording, a story's vague number, a verb that refers back."""

from __future__ import annotations

import pytest

from bot.answering import Answerer
from bot.kb.loader import load_kb

ANSWERER = Answerer(load_kb())


def texts(reply) -> str:  # noqa: ANN001 - a Reply
    return "\n".join(m["text"] for m in reply.messages)


@pytest.mark.parametrize("question,expected", [
    # 时间能存起来以后用: the time bank's 储蓄 states it (the carry_over kind reads 储蓄) — u29-104
    ("我在昌吉当志愿者陪老人聊天，时间能存起来以后自己用吗", "储蓄"),
    # 几时开始作数: when it takes effect (作数 ~ 施行) — u29-067
    ("温州个实施意见几时开始作数个", "起施行"),
    # 陪他聊聊、开导开导 ~ 心理疏导 — u29-108
    ("我大伯在昌吉榆树沟镇，前年大娘走了，他一个人守着院子，村里有没有人来陪他聊聊、开导开导", "心理疏导"),
    # 其他几个一分钱不出: 几个 after 其他 asks no number; 家里人要尽责 ~ 家庭尽责 — u29-006
    ("听人讲海口的条例写了家里人要尽责，我们兄弟四个就我一个管老娘，其他几个一分钱不出，这个条例管不管得了",
     "家庭尽责"),
])
def test_an_answer_in_other_words_is_found(question: str, expected: str) -> None:
    text = texts(ANSWERER.answer(question))
    assert expected in text and not text.startswith(("抱歉", "收录的文件里没有")), text


def test_an_asking_clause_that_ends_on_a_bare_verb_takes_the_clause_before_it() -> None:
    # 外省户口能在海口办吗 after 我们想在海口领结婚证: what is to be done (婚姻登记) is part of the question — u29-052
    question = ANSWERER.understand("我68，老伴户口在湖南，我们想在海口领结婚证，外省户口能在海口办吗")
    assert "结婚证" in question.focus
    assert "婚姻登记" in texts(ANSWERER.answer("我68，老伴户口在湖南，我们想在海口领结婚证，外省户口能在海口办吗"))


def test_how_far_a_rate_goes_is_the_form_of_the_question_not_its_topic() -> None:
    # 探访能做到啥程度: 程度 / 做到 are no topic words (golden c067 had lost its 100% when an index change reweighed
    # them); the visits' monthly rate answers
    reply = ANSWERER.answer("俺爸一个人住在海口 社区会不会定期有人上门看看他 探访能做到啥程度")
    assert "月探访率达到 100%" in texts(reply)
