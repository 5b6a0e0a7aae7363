"""Policy answers composed from the knowledge base, without Rasa."""

from __future__ import annotations

from bot.dialogue.answers import answer_question, compare_reply, details_reply
from bot.dialogue.facts import unsupported_numbers


def texts(reply) -> str:
    return "\n".join(m["text"] for m in reply.messages)


def test_answer_is_cited_and_flags_a_draft() -> None:
    reply = answer_question("温州重度失能的老人每个月能有多少小时免费上门服务？")
    text = texts(reply)
    assert "四十五小时" in text
    assert "出处" in text and "温州" in text
    assert "征求意见稿" in text
    assert reply.messages[0]["citations"][0]["clause_id"] == "wenzhou-2022-draft:3.3.8"
    assert reply.slots["region"] == "wenzhou"


def test_missing_amount_is_said_plainly_with_whom_to_ask() -> None:
    text = texts(answer_question("海口高龄津贴一个月发多少钱", "haikou"))
    assert "没有写" in text and "12345" in text
    assert not unsupported_numbers(text)


def test_place_outside_coverage_gets_an_honest_reply() -> None:
    text = texts(answer_question("北京的老人有什么补贴", outside_place="北京"))
    assert "北京" in text and "12345" in text and "温州" in text


def test_remembered_region_is_used() -> None:
    reply = answer_question("65岁以上有免费体检吗", "haikou")
    assert "体检" in texts(reply)
    assert reply.messages[0]["citations"][0]["doc_id"] == "haikou-2023-105"


def test_answers_carry_feedback_and_details_buttons() -> None:
    reply = answer_question("温州重度失能老人免费服务多少小时")
    titles = [b["title"] for b in reply.messages[-1]["buttons"]]
    assert "详细说明" in titles and any("有帮助" in t for t in titles)


def test_details_show_the_whole_clause() -> None:
    first = answer_question("温州重度失能老人免费服务多少小时")
    reply = details_reply(first.slots["last_answer"])
    assert "三十小时" in texts(reply)


def test_compare_names_each_region_and_its_status() -> None:
    text = texts(compare_reply("温州和海口的免费体检有什么区别"))
    assert "温州" in text and "海口" in text


def test_unsupported_numbers_catches_invented_figures() -> None:
    assert unsupported_numbers("每月不少于四十五小时，请拨打12345") == []
    assert unsupported_numbers("高龄津贴每月发放987654元") == ["987654"]


def test_verdict_on_a_named_benefit_uses_the_rules() -> None:
    from bot.dialogue.check import benefit_verdict_reply, benefits_named

    ids = benefits_named(["免费上门服务"], "wenzhou")
    assert ids == ["wenzhou.free_home_care_hours"]
    reply = benefit_verdict_reply(ids, {"region": "wenzhou", "disability": "severe", "economic": "dibao",
                                        "hukou_local": "true", "resides_local": "true", "age": "82"})
    text = texts(reply)
    assert "可以享受" in text and "四十五小时" in text and "征求意见稿" in text


def test_invalid_slot_values_are_treated_as_unknown() -> None:
    from bot.dialogue.check import profile_for_rules, results_reply

    assert profile_for_rules({"region": "haikou", "age": "999", "economic": "rich", "living": "alone"}) == {
        "region": "haikou", "living": "alone"}
    assert results_reply({"region": "haikou", "age": "abc", "disability": "very"}).messages
