"""'Which stages / measures are there' from the documents' structure."""

from __future__ import annotations

from bot.answering.default import answer_question, default_env
from bot.answering.specialists.parts import parts_reply


def texts(reply) -> str:
    return "\n".join(m["text"] for m in reply.messages)


def test_the_stages_of_a_plan_are_listed_with_their_dates_and_source() -> None:
    text = texts(answer_question("昌吉养老改革试点分几个阶段"))
    for stage in ("动员部署阶段", "组织实施阶段", "验收评估阶段", "巩固提升阶段（2021年10月—2021年12月）"):
        assert stage in text
    assert "出处" in text and "时限已过" in text


def test_the_part_may_be_named_before_the_asking_words() -> None:
    text = texts(answer_question("温州的保障措施有哪些"))
    assert "强化组织领导" in text and "严格督查问责" in text and "征求意见稿" in text


def test_measures_for_people_are_not_a_sections_parts() -> None:
    assert parts_reply(default_env(), "海口对失能老人有哪些措施", "haikou") is None


def test_a_section_no_document_of_the_region_has_gets_no_list() -> None:
    assert parts_reply(default_env(), "海口宣贯方案有哪些保障措施", "haikou") is None
