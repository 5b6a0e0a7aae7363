"""'Which document was this one based on?' from the document's own preamble."""

from __future__ import annotations

from bot.answering.default import answer_question, default_env
from bot.answering.specialists.basis import basis_reply


def texts(reply) -> str:
    return "\n".join(m["text"] for m in reply.messages)


def test_the_province_document_a_city_plan_implements_is_named_with_its_number() -> None:
    text = texts(answer_question("海口那个基本养老服务实施方案是照着省里哪个文件定的"))
    assert "琼府办函〔2022〕328 号" in text and "中办发" not in text  # 省里: the province's document only
    assert "出处：《海口市推进基本养老服务体系建设实施方案》开头" in text


def test_without_a_level_every_cited_document_is_listed() -> None:
    text = texts(answer_question("海口基本养老方案依据哪些文件"))
    assert "中办发〔2022〕42号" in text and "琼府办函〔2022〕328 号" in text


def test_a_pilot_names_the_prefecture_document_and_is_flagged() -> None:
    text = texts(answer_question("来电人咨询：昌吉市试点方案依据的州级文件"))
    assert "昌州政办发〔2020〕62号" in text and "时限已过" in text


def test_a_draft_names_the_regulation_it_implements_not_its_short_name() -> None:
    text = texts(answer_question("温州的实施意见是根据哪个文件定的"))
    assert "《温州市居家养老服务促进条例》" in text and "依据的文件是：《条例》" not in text
    assert "征求意见稿" in text


def test_other_questions_and_unclear_documents_are_left_to_the_search() -> None:
    kb = default_env()
    assert basis_reply(kb, "海口基本养老方案什么时候发的", "haikou") is None
    assert basis_reply(kb, "这个方案依据什么文件", None) is None  # which of five documents is not plain
