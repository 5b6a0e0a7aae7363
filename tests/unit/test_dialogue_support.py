"""Fallback replies: topic guesses worth offering, and complaints met with an apology and 12345."""

from __future__ import annotations

from bot.dialogue.support import clarify_reply


def titles(reply) -> list[str]:
    return [b["title"] for b in reply.messages[-1]["buttons"]]


def test_a_complaint_gets_an_apology_12345_and_a_human_not_topic_guesses() -> None:
    reply = clarify_reply("你们政府就是骗人的", ["ask_policy"], None)
    assert "12345" in reply.messages[0]["text"] and "转人工" in titles(reply)
    assert "全面履行政府主导责任" not in titles(reply)


def test_only_topics_sharing_a_rare_word_are_offered() -> None:
    assert titles(clarify_reply("阿斯顿发生", [], None)) == ["查查老人能享受什么", "都不是"]
    offered = titles(clarify_reply("海口 养老 社区 服务站 多少", [], None))
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in offered)
    assert len(offered) >= 2


def test_a_message_about_the_elder_offers_the_check_first() -> None:
    reply = clarify_reply("我爸85了，海口的，有啥补贴", ["correct", "check_entitlement"], "haikou", personal=True)
    assert "查查" in reply.messages[0]["text"]
    assert titles(reply)[0] == "查查老人能享受什么" and titles(reply)[-1] == "都不是"


def test_the_check_offer_carries_the_facts_of_the_message() -> None:
    reply = clarify_reply("我爸85了，海口的，有啥补贴", [], "haikou", personal=True)
    assert reply.messages[0]["buttons"][0]["payload"].startswith("我爸85了，海口的")


def test_a_bare_place_is_offered_as_the_same_question_there() -> None:
    from bot.dialogue.support import clarify_reply

    reply = clarify_reply("那昌吉呢", ["nlu_fallback", "goodbye"], "haikou", place="昌吉")
    buttons = reply.messages[-1]["buttons"]
    assert "昌吉" in reply.messages[-1]["text"]
    assert buttons[0] == {"title": "是，昌吉", "payload": "昌吉"} and buttons[-1]["title"] == "都不是"
