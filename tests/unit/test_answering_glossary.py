""""What does X mean?" from the glossary: the document's own definition, or that it gives none."""

from __future__ import annotations

import pytest

from bot.answering.default import answer_question, default_env
from bot.answering.specialists.glossary import glossary_reply


def texts(reply) -> str:
    return "\n".join(m["text"] for m in reply.messages)


def test_a_defined_term_gets_the_documents_definition_with_its_source() -> None:
    text = texts(answer_question("什么叫失能"))
    assert "失能(含失智" in text and "出处" in text and "包含失智" in text


def test_the_whole_definition_is_shown() -> None:
    text = texts(answer_question("時間銀行養老是咋回事"))
    assert "时间换时间,服务换服务" in text and "规划期已结束" in text


def test_a_term_the_document_only_uses_is_said_to_be_undefined() -> None:
    text = texts(answer_question("海口家庭养老床位是什么"))
    assert "没有给“家庭养老床位”下定义" in text and "出处" in text


def test_only_the_term_asked_about_counts() -> None:
    kb = default_env()
    # 居家养老服务 is inside the longer 一刻钟居家养老服务圈; 文号 is not a glossary term
    assert glossary_reply(kb, "一刻钟居家养老服务圈是个啥，海口建成没", "haikou") is None
    assert glossary_reply(kb, "昌吉居家和社区养老服务改革试点实施方案的文号和印发日期是什么", "changji") is None
    assert glossary_reply(kb, "海口探访关爱里的五社联动是啥", "haikou") is None or \
        "五社联动" in texts(glossary_reply(kb, "海口探访关爱里的五社联动是啥", "haikou"))


def test_a_term_the_regions_documents_never_name_is_explained_from_another_regions_saying_so() -> None:
    from bot.answering.default import answer_question

    text = "\n".join(m["text"] for m in answer_question("时间银行是啥", "wenzhou").messages)
    assert text.startswith("收录的温州市政策文件里没有提到“时间银行”养老模式")
    assert "《海南省“十四五”民政事业发展规划》的解释是" in text and "出处" in text and "规划期已结束" in text


def test_a_term_the_region_uses_without_defining_is_quoted_from_its_own_document() -> None:
    from bot.answering.default import answer_question

    text = "\n".join(m["text"] for m in answer_question("时间银行是啥", "changji").messages)
    assert "没有给“时间银行”下定义" in text and "昌吉" in text


def test_what_a_term_covers_is_answered_by_its_definition() -> None:
    text = texts(answer_question("方案里说的失能，包不包括老年痴呆那种失智的"))
    assert "失能(含失智" in text and "出处" in text


def test_a_term_that_means_what_kind_of_service_is_a_definition_question() -> None:
    text = texts(answer_question("基本养老服务到底指的是啥服务啊 跟普通养老有啥区别"))
    assert "基础性、普惠性、兜底性服务" in text


def test_the_members_of_a_group_are_its_definition() -> None:
    text = texts(answer_question("海口的特殊困难老人是哪些人"))
    assert "独居、空巢、留守、失能、重残、计划生育特殊家庭" in text and "以下简称特殊困难老年人" in text


def test_an_economic_group_is_not_read_as_the_special_difficulty_group() -> None:
    # 困难老年人 inside 经济困难老年人 names no glossary term of its own
    assert "“特殊困难老年人”" not in texts(answer_question("昌吉经济困难老年人包括哪些人"))


@pytest.mark.parametrize("question", ["俺娘就俺哥一个儿子 俺哥前年没了 这算不算计划生育特殊家庭",
                                      "老两口自己住 孩子在外地 算空巢吗", "我妈一个人住 算不算独居老人呢"])
def test_whether_someone_belongs_to_a_group_no_document_defines_is_said_first(question: str) -> None:
    # users14 u14-146 / u14-036: the list that names the group was quoted as if it answered
    text = texts(answer_question(question))
    assert text.startswith("收录的文件都没有给") and "下定义" in text and "12345" in text, text


def test_what_a_group_covers_is_still_asked_of_the_term_before_the_cue() -> None:
    text = texts(answer_question("海口特殊困难老人包不包括独居的"))
    assert "独居" in text and "没有给" not in text, text
