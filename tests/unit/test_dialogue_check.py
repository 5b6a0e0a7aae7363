"""The results of an entitlement check as the dialogue shows them."""

from __future__ import annotations

from bot.dialogue.check import results_reply


def _bubble(reply, title: str) -> str:
    return next((m["text"] for m in reply.messages if m["text"].startswith(title)), "")


def test_a_self_described_hardship_is_not_enough_for_an_eligible_verdict() -> None:
    # 家里条件不好 → 经济困难 is what the user says; the subsidy needs the official recognition first.
    reply = results_reply({"region": "haikou", "economic": "hardship", "age": "70"})
    assert "经济困难老年人养老服务补贴" in _bubble(reply, "🔎")
    assert "经济困难老年人养老服务补贴" not in _bubble(reply, "✅")


def test_a_subsidy_whose_recipients_the_uncollected_list_sets_is_to_be_confirmed() -> None:
    # 建立经济困难老年人养老服务补贴制度: who receives it is set by the 清单, not collected — a 低保 elder may, to be
    # confirmed (a ✅ was judged an overclaim in users7 and users9)
    reply = results_reply({"region": "haikou", "economic": "dibao", "age": "70"})
    assert "经济困难老年人养老服务补贴" in _bubble(reply, "🔎")
    assert "经济困难老年人养老服务补贴" not in _bubble(reply, "✅")


def test_an_unknown_place_gets_the_covered_places_not_an_empty_list() -> None:
    reply = results_reply({"age": "82", "disability": "severe"})
    text = "\n".join(m["text"] for m in reply.messages)
    assert "没法按当地的政策查" in text and "温州" in text and "12345" in text
    assert "没有找到适用的项目" not in text
    assert [b["title"] for b in reply.messages[-1]["buttons"]][:2] == ["海口", "海南其他市县"]


def test_the_full_checklist_agrees_with_the_results() -> None:
    from bot.dialogue.check import checklist_reply

    reply = checklist_reply({"profile": {"region": "haikou", "economic": "hardship", "age": 70}})
    bubble = next(m["text"] for m in reply.messages if m["text"].startswith("【经济困难老年人养老服务补贴】"))
    assert bubble.startswith("【经济困难老年人养老服务补贴】经评估/认定后可能享受")


def test_an_elder_living_with_the_family_is_not_asked_whether_left_behind() -> None:
    from bot.dialogue.check import next_questions, profile_for_rules

    slots = {"region": "danzhou", "economic": "dibao", "disability": "severe", "living": "with_family",
             "rural": "true", "lives_with_severely_disabled_child": "false"}
    assert profile_for_rules(slots)["left_behind"] is False
    assert "left_behind" not in next_questions(slots, [], 0)
    # …but a stated answer stands
    assert profile_for_rules({**slots, "left_behind": "true"})["left_behind"] is True
    assert "left_behind" in next_questions({k: v for k, v in slots.items() if k != "living"}, [], 0)


def test_a_verdict_on_one_benefit_says_what_it_gives_once() -> None:
    from bot.dialogue.check import benefit_verdict_reply

    reply = benefit_verdict_reply(["changji.family_doctor_contract"], {"region": "changji", "age": "71"})
    text = reply.messages[0]["text"]
    assert "上门巡诊" in text  # 家庭医生上门吗 is answered by what the service is
    slots = {"region": "wenzhou", "age": "71", "disability": "severe", "economic": "dibao", "hukou_local": "true",
             "resides_local": "true"}
    text = benefit_verdict_reply(["wenzhou.free_home_care_hours"], slots).messages[0]["text"]
    assert text.count("四十五小时") == 1


WENZHOU_SEVERE_DIBAO = {"profile": {"region": "wenzhou", "hukou_local": True, "resides_local": True,
                                    "disability": "severe", "economic": "dibao", "age": 83}}
HAIKOU_MANY_ITEMS = {"profile": {"region": "haikou", "hukou_local": True, "resides_local": True,
                                 "disability": "severe", "economic": "dibao", "age": 87, "living": "alone"}}


def test_how_to_apply_after_the_results_is_answered_for_the_item_found() -> None:
    from bot.dialogue.check import practical_reply

    text = "\n".join(m["text"] for m in practical_reply("怎么申请", WENZHOU_SEVERE_DIBAO, "wenzhou").messages)
    assert "浙里康养" in text and "出处" in text and "征求意见稿" in text


def test_whether_it_costs_money_after_the_results_quotes_the_free_hours() -> None:
    from bot.dialogue.check import practical_reply

    text = "\n".join(m["text"] for m in practical_reply("那要钱不", WENZHOU_SEVERE_DIBAO, "wenzhou").messages)
    assert "免费居家养老服务" in text and "四十五小时" in text


def test_with_many_items_the_first_are_answered_each_labelled_and_the_rest_are_named() -> None:
    from bot.dialogue.check import MAX_PRACTICAL_ITEMS, found_names, practical_reply

    names = found_names(HAIKOU_MANY_ITEMS)
    reply = practical_reply("要钱不？", HAIKOU_MANY_ITEMS, "haikou")
    text = "\n".join(m["text"] for m in reply.messages)
    assert all(name in text for name in names[:MAX_PRACTICAL_ITEMS])
    assert f"另有{len(names) - MAX_PRACTICAL_ITEMS}项" in text and f"{names[MAX_PRACTICAL_ITEMS]}要钱不" in text
    assert reply.messages[-1].get("buttons") and not reply.slots  # the results stay what follow-ups are about


def test_nothing_found_gives_no_practical_reply() -> None:
    from bot.dialogue.check import practical_reply

    assert practical_reply("怎么申请", {"profile": {"region": "outside", "age": 80}}, None) is None


def test_an_item_waiting_for_a_fact_shows_what_it_gives_and_how_to_apply() -> None:
    from bot.dialogue.check import practical_reply, results_reply

    reply = results_reply({"region": "lucheng", "age": "83", "resides_local": "true", "disability": "moderate",
                           "economic": "dibao_edge"})
    text = "\n".join(m["text"] for m in reply.messages)
    assert "还需确认：户籍在本市" in text and "确认符合的话：每月可以享受不少于三十小时" in text
    practical = practical_reply("怎么申请", reply.slots["last_check"], "lucheng")
    # (温州's 探访关爱, "可能" for every elder, comes first and says its channel is not written; then this item)
    assert practical is not None and "浙里康养" in "\n".join(m["text"] for m in practical.messages)
