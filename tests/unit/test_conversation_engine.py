"""The conversation engine in process: untrusted payloads, values out of range, exceptions in a turn, replies in
users' own words, two elders, and what the results say about facts that stay unknown."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.conversation import engine
from bot.conversation.facts import valid_value
from bot.conversation.route import Turn
from bot.conversation.state import Context
from tests.support.talk import Talk, services


def in_check_at(question_word: str) -> Talk:
    talk = Talk()
    talk("帮我妈查查能享受什么")
    assert talk.ctx.check.active
    return talk


def until_asked(talk: Talk, field: str) -> None:
    """Answer 不清楚 until the check asks about ``field``."""
    for _ in range(12):
        if talk.ctx.check.requested == field:
            return
        talk("不清楚")
    raise AssertionError(f"{field} was never asked")


def at_question(place: str, field: str) -> Talk:
    """A check for 我妈 in ``place``, answered 不清楚 until it asks about ``field``."""
    talk = in_check_at("哪个地方")
    talk(place)
    until_asked(talk, field)
    return talk


def until_done(talk: Talk, limit: int) -> str:
    """Answer 不清楚 until the check ends (at most ``limit`` times); the last reply (the results)."""
    text = ""
    for _ in range(limit):
        if not talk.ctx.check.active:
            break
        text = talk("不清楚")
    return text


# ------------------------------------------------------------------ payloads and values
@pytest.mark.parametrize("payload", ['/inform{"age":1e400}', '/inform{"age":"999"}', '/inform{"region":{"a":[1,[2]]}}',
                                     '/inform{"region":"<script>alert(1)</script>"}', '/inform{"disability":"worst"}',
                                     '/inform{', "/", '/human_handoff{"x":1}', "/restart", '/inform{"age":-5}'])
def test_a_payload_the_assistant_did_not_offer_is_only_text(payload: str) -> None:
    talk = in_check_at("哪个地方")
    text = talk(payload)
    assert text and "<script>" not in text and talk.last.turn == Turn.CHECK_REPLY
    assert talk.ctx.facts == {}
    assert "不查了" in talk("不查了") or not talk.ctx.check.active  # the next message works
    assert not talk.ctx.check.active
    assert "重新" in talk("重新查") and talk.ctx.check.active


def test_an_offered_button_is_taken_and_its_value_checked() -> None:
    talk = in_check_at("哪个地方")
    talk.tap("温州")
    assert talk.ctx.facts["region"] == "wenzhou"


def test_an_offered_buttons_payload_typed_by_hand_records_nothing() -> None:
    # (users17–19: a typed /inform{"economic":"tekun"} equal to a button on screen was taken as the choice)
    talk = in_check_at("哪个地方")
    payload = next(b["payload"] for b in talk.buttons() if "温州" in b["title"])
    assert payload in talk.ctx.offered
    text = talk(payload)  # typed, not tapped
    assert text and talk.last.turn == Turn.CHECK_REPLY and "region" not in talk.ctx.facts
    talk.tap("温州")
    assert talk.ctx.facts["region"] == "wenzhou"


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan, 1e400, "1e400", 10**100, True, None, [], {}, "八十",
                                   "<script>", "", 39, 121, "82 ", 82.5])
def test_an_age_outside_the_elders_range_is_no_age(value: object) -> None:
    checked = valid_value("age", value)
    assert checked is None or 40 <= int(checked) <= 120


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@example({"age": "¹"})  # a digit int() refuses (found by this test)
@given(st.dictionaries(st.sampled_from(["region", "age", "economic", "check", "last_answer", "last_check", "offered",
                                        "clarify", "topic_region", "pending_question", "hukou_local", "living"]),
                       st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
                                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8),
                                                                                                inner, max_size=4),
                                    max_leaves=12)))
def test_slots_of_any_shape_give_a_context_and_never_raise(slots: dict) -> None:
    ctx = Context.from_slots(slots, services().valid)
    for name, value in ctx.facts.items():
        assert services().valid(name, value) == value
    assert isinstance(ctx.check.asks, dict)


def test_an_exception_in_a_turn_gets_a_polite_reply_and_the_next_message_works(monkeypatch: pytest.MonkeyPatch) -> None:
    talk = Talk()
    talk("帮我妈查查能享受什么")
    talk("温州")

    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setitem(engine.HANDLERS, Turn.CHECK_REPLY, broken)
    text = talk("82")
    assert "12345" in text and talk.last.turn is None
    assert talk.ctx.facts.get("region") == "wenzhou"  # what was said is kept
    monkeypatch.undo()
    assert "岁数" in talk("帮我妈查查能享受什么") or talk.ctx.check.active


# ------------------------------------------------------------------ no question a third time
@pytest.mark.parametrize("reply", ["嗯？", "asdf", "😀", "哈哈", "你说啥"])
def test_an_unreadable_reply_twice_records_the_fact_as_unknown_and_goes_on(reply: str) -> None:
    talk = in_check_at("哪个地方")
    talk("温州")
    question = talk.last.reply.messages[-1]["text"]
    asked = talk.ctx.check.requested
    assert question in talk(reply)
    text = talk(reply)
    assert "先记为不清楚" in text and asked in talk.ctx.check.unknown
    assert text.count(question) == 0 or talk.ctx.check.requested != asked


# ------------------------------------------------------------------ replies in users' own words
@pytest.mark.parametrize("reply,field,value", [
    ("对头", "hukou_local", "true"), ("是的吧", "hukou_local", "true"), ("应该不是", "hukou_local", "false"),
    ("不是本地的", "hukou_local", "false"), ("不算", "hukou_local", "false"), ("外地户口", "hukou_local", "false"),
])
def test_yes_and_no_in_their_own_words(reply: str, field: str, value: str) -> None:
    talk = in_check_at("哪个地方")
    talk("温州")
    until_asked(talk, field)
    talk(reply)
    assert talk.ctx.facts.get(field) == value


def test_a_reply_that_describes_two_elders_asks_which_first() -> None:
    talk = at_question("海口", "disability")
    assert "先查哪一位" in talk("老头子瘫了，老太太还能走")
    talk.tap("老太太")
    assert "disability" not in talk.ctx.facts  # (瘫了 is no level; 还能走 neither)


@pytest.mark.parametrize("reply,value", [("跟老伴儿住", "empty_nest"), ("就我们老两口", "empty_nest"),
                                         ("一个人住", "alone"), ("跟闺女一家住", "with_family"),
                                         ("外公外婆两个人住，我们在深圳", "empty_nest"),
                                         ("就她跟我哥一起住", "with_family"), ("我妈跟我住", "with_family"),
                                         ("一个人住，儿子在外地", "alone"),
                                         # whom she lives with, by who they are (the elder's spouse or parent, a
                                         # younger relative, the writer)
                                         ("跟我外公俩", "empty_nest"), ("同老公两个住", "empty_nest"),
                                         ("跟孙女过", "with_family"), ("和我一块住", "with_family")])
def test_living_arrangements_in_their_own_words(reply: str, value: str) -> None:
    talk = at_question("三亚", "living")
    talk(reply)
    assert talk.ctx.facts.get("living") == value


@pytest.mark.parametrize("question", ["你们能不能用语音回答我", "那个上门服务是按月算还是按年算的"])
def test_a_question_of_its_own_in_the_check_is_answered_and_the_check_asks_on(question: str) -> None:
    talk = at_question("三亚", "living")
    text = talk(question)
    assert talk.last.turn == Turn.CHECK_QUESTION and "没太明白" not in text
    assert talk.ctx.check.active and "living" not in talk.ctx.facts


def test_a_living_arrangement_that_is_none_of_the_options_stays_unknown() -> None:
    talk = at_question("三亚", "living")
    text = talk("跟保姆住")
    assert "living" not in talk.ctx.facts and "living" in talk.ctx.check.unknown and "不清楚" in text


def test_a_description_of_abilities_does_not_become_a_level_and_the_results_say_what_each_gives() -> None:
    talk = Talk()
    talk("我妈82岁，温州户口，住在温州，家里低保，帮我查查")
    until_asked(talk, "disability")
    text = talk("穿衣服要人帮，吃饭还行")
    assert "能力评估" in text and "disability" not in talk.ctx.facts
    while talk.ctx.check.active:
        text = talk("不清楚")
    assert "穿衣服要人帮" in text and "按能力评估结果" in text and "重度失能" in text


def test_two_elders_in_one_reply_asks_which_first_and_offers_the_other_at_the_end() -> None:
    talk = in_check_at("哪个地方")
    talk("海口")
    text = talk("老头子重度失能，老太太没失能")
    assert "先查哪一位" in text and {b["title"] for b in talk.buttons()} == {"老头子", "老太太"}
    talk.tap("老头子")
    assert talk.ctx.facts.get("disability") == "severe"
    while talk.ctx.check.active:
        talk("不清楚")
    assert any(b["title"] == "再查老太太" for b in talk.buttons())
    text = talk.tap("再查老太太")
    assert "老太太" in text and talk.ctx.check.active and talk.ctx.facts.get("disability") == "none"  # 没失能
    assert talk.ctx.facts.get("region") == "haikou"  # the household's place is kept


# ------------------------------------------------------------------ facts only from statements about the elder
@pytest.mark.parametrize("question", ["经济困难老人有什么补贴", "算不算特殊困难老人", "低保户能享受啥补贴",
                                      "养老金怎么算", "什么是特困人员", "80岁以上老人有什么补贴",
                                      "我邻居是低保户，能领啥", "如果是独居老人呢", "低保边缘家庭怎么认定"])
def test_words_in_a_question_about_a_group_are_no_facts(question: str) -> None:
    talk = Talk()
    talk(question)
    assert {k: v for k, v in talk.ctx.facts.items() if k != "region"} == {}
    assert not talk.ctx.check.active


def test_the_results_separate_what_was_told_from_what_is_unknown() -> None:
    talk = Talk()
    talk("我妈82岁，温州户口，住在温州，重度失能，帮我查查")
    while talk.ctx.check.active:
        text = talk("不清楚")
    assert "您告诉我的：温州市、82周岁" in text and "还不清楚的：" in text and "经济状况" in text


# (不困难 alone denies 困难 only: not a value — users14–17 judged it so)
@pytest.mark.parametrize("reply,field,value", [("都不是，孩子每月给钱", "economic", "none"),
                                               ("都不是 經濟上沒有困難", "economic", "none")])
def test_a_short_answer_first_then_more_words(reply: str, field: str, value: str) -> None:
    talk = in_check_at("哪个地方")
    talk("海口")
    until_asked(talk, field)
    talk(reply)
    assert talk.ctx.facts.get(field) == value


@pytest.mark.parametrize("reply", ["不清楚，得问社区", "不知道，要问问村里"])
def test_whom_to_ask_is_no_fact_and_the_question_is_recorded_unknown(reply: str) -> None:
    talk = at_question("海口", "economic")
    before = dict(talk.ctx.facts)
    talk(reply)
    assert talk.ctx.facts == before and "economic" in talk.ctx.check.unknown


@pytest.mark.parametrize("reply,age", [("75岁，不对，说错了，是57岁", "57"), ("九十，不对，八十九", "89")])
def test_a_correction_inside_one_message_keeps_the_corrected_value(reply: str, age: str) -> None:
    talk = at_question("海口", "age")
    talk(reply)
    assert talk.ctx.facts.get("age") == age


def test_once_one_of_two_elders_is_chosen_naming_both_again_does_not_restart_the_choice() -> None:
    talk = Talk()
    assert "先查哪一位" in talk("外公外婆都在海口，帮他们查查能享受啥")
    talk.tap("外公")
    until_asked(talk, "living")
    text = talk("外公外婆两个人住")
    assert "先查哪一位" not in text and talk.ctx.facts.get("living") == "empty_nest"


@pytest.mark.parametrize("question,place", [("我妈在杭州，海口那个免费体检杭州有没有", "杭州"),
                                            ("我爸住台州，温州那种上门服务我们能享受吗", "台州")])
def test_an_elder_outside_the_covered_places_hears_so_first_when_asking_about_a_covered_rule(
        question: str, place: str) -> None:
    talk = Talk()
    text = talk(question)
    assert text.startswith(f"您说的“{place}”不在我收录的文件范围内") and "12345" in text.split("\n")[0]
    assert talk.ctx.facts.get("region") in (None, "outside")


def test_a_correction_that_denies_the_old_value_keeps_the_new_one_while_another_question_is_asked() -> None:
    talk = at_question("海口", "age")
    talk("78")
    talk("不困难")
    talk("不好意思，刚才年纪打反了，是87不是78")
    assert talk.ctx.facts.get("age") == "87"


def test_kin_the_elder_lives_with_are_no_second_elder() -> None:
    talk = Talk()
    talk("帮我奶奶查查，她住海口")
    until_asked(talk, "living")
    text = talk("跟我爸妈一起住")
    assert "先查哪一位" not in text and talk.ctx.facts.get("living") == "with_family"


@pytest.mark.parametrize("reply", ["他俩自己住，我一个月回去一趟", "爷爷奶奶自己住"])
def test_two_people_living_on_their_own_are_an_empty_nest_not_alone(reply: str) -> None:
    talk = at_question("海口", "living")
    talk(reply)
    assert talk.ctx.facts.get("living") == "empty_nest"


def test_a_hotline_note_keeps_the_mothers_age_not_the_callers() -> None:
    talk = Talk()
    talk("12345坐席：来电人男65岁，替母亲核查。母亲92岁，温州龙湾户籍并常住，低保家庭，已评重度失能。")
    assert talk.ctx.check.active and talk.ctx.facts.get("age") == "92"


def test_a_neighbour_named_before_the_elder_does_not_hide_the_elders_facts() -> None:
    talk = Talk()
    talk("隔壁王奶奶九十二了，住海口府城，儿女都在国外，她托我帮她查查能享受啥政策")
    assert talk.ctx.facts.get("age") == "92"


@pytest.mark.parametrize("text,unstated", [
    ("我妈想住海口的公办养老院，能不能优先安排", "resides_local"),  # a wish, not where she lives
    ("我爸是特困，本人愿意去敬老院集中供养，问能不能进", "tekun_mode"),  # willing, not yet supported there
    ("海南城市低保标准是多少？农村的呢？", "rural"),  # a question about the countryside
    ("爸妈在温州退休养老 温州的居家养老服务他们能用吗 要不要温州户籍", "hukou_local"),  # whether it is needed
    ("我们在做摸底 文件里说的失能包不包括失智 老年痴呆的算哪类", "dementia"),  # which category, asked
    # a worker's question: the groups they serve are no facts about the writer
    ("我是三亚一个社区的网格员 辖区独居老人多 文件对上门探访有要求吗", "living"),
    ("我在白沙一个乡镇的社工站工作 经济困难的失能老人补贴怎么申请", "economic"),
    ("我在琼海一个镇的卫生院上班 失能老人的家庭医生签约怎么做", "disability"),
    # a status said of somebody else (的 + a younger relative or a third party)
    ("外公七十九住琼海 跟他那个一级残疾的小儿子一起住 有人上门不", "disabled_cert_grade"),
    ("俺娘住昌吉 隔壁有个低保的大爷天天来串门 俺娘能领啥", "economic"),
    # a place-like status naming a kind of service (农村那种幸福院), not where the elder lives
    ("温州乡下那个幸福院收不收人 我妈八十了", "rural"),
    # an age given as about that age
    ("我妈七十上下 住温州 帮她查查", "age"),
])
def test_a_wish_or_a_question_records_no_fact_about_where_the_elder_is(text: str, unstated: str) -> None:
    talk = Talk()
    talk(text)
    assert unstated not in talk.ctx.facts


@pytest.mark.parametrize("text,age", [
    ("我爸在琼海乡下 七十六了 一个人过 帮他看看", "76"),  # 76了: joined to the words around it
    ("我是退休的社区干部 今年七十二了 住文昌 我能享受啥", "72"),  # retired: speaks of himself
])
def test_an_age_stated_with_le_is_recorded(text: str, age: str) -> None:
    talk = Talk()
    talk(text)
    assert talk.ctx.facts.get("age") == age


def test_clauses_typed_with_spaces_are_not_joined_into_other_words() -> None:
    # 认不得人 + 家里 would read 人家 (somebody else) and drop the 低保 said of the household
    talk = Talk()
    talk("我爸住万宁 有时候认不得人 家里吃低保 他能享受啥")
    assert talk.last.turn == Turn.START_CHECK and talk.ctx.facts.get("economic") == "dibao"


def test_both_elders_to_be_checked_starts_the_check() -> None:
    talk = Talk()
    talk("爷爷瘫在床上 奶奶还能走 两个都要查 住昌吉")
    assert talk.ctx.check.active


def test_a_family_outside_asking_about_a_covered_places_home_hears_that_first() -> None:
    talk = Talk()
    text = talk("俺家在阜康，离昌吉不远，昌吉的敬老院收不收阜康的特困老人")
    assert text.startswith("您说的“阜康”不在我收录的文件范围内") and talk.ctx.facts.get("region") in (None, "outside")


def test_asking_what_the_checks_question_means_gets_the_documents_word_then_the_question_again() -> None:
    talk = at_question("海口", "family_planning_special")
    text = talk("不清楚啥意思")
    assert "计划生育特殊家庭" in text and "出处" in text
    assert talk.ctx.check.requested == "family_planning_special" and "family_planning_special" not in talk.ctx.facts


def test_an_elder_the_checked_one_lives_with_is_offered_at_the_end() -> None:
    talk = Talk()
    talk("我妈七十七，住海口，跟我爸两个人过，帮她查查")
    assert talk.ctx.check.active and not talk.ctx.check.choosing
    text = until_done(talk, 15)
    assert "再查爸" in text
    talk("再查爸")
    assert talk.ctx.check.active and talk.ctx.check.person == "爸" and "age" not in talk.ctx.facts


def test_the_writers_spouse_beside_a_parent_is_not_offered_as_another_elder() -> None:
    talk = Talk()
    talk("我妈八十了住海口，我老公是她独子，帮我妈查查")
    assert talk.ctx.check.active and not talk.ctx.check.others


def test_a_request_for_a_person_inside_the_check_is_a_handoff_whatever_it_asks() -> None:
    talk = in_check_at("哪个地方")
    text = talk("能不能让真人跟我说？我看不懂这些，转人工吧")
    assert "人工" in text and "12345" in text


def test_a_fact_the_rules_infer_is_not_read_back_as_said() -> None:
    talk = at_question("海口", "living")
    talk("跟儿子住")
    text = until_done(talk, 12)
    told = next(line for line in text.splitlines() if line.startswith("您告诉我的"))
    assert "不是留守" not in told and "据此推定" in text


@pytest.mark.parametrize("text,spouse", [
    ("俺老伴儿七十四，俺七十七，俺俩户口都在温州乐清，也住乐清，给俺俩都查查", "老伴儿"),
    ("老头子评了重度失能，我还能动弹，我俩都是永嘉的，有啥政策能帮帮我们", "老头子"),
])
def test_the_writer_and_their_spouse_both_asked_for_are_two_elders(text: str, spouse: str) -> None:
    talk = Talk()
    talk(text)
    assert {p.label for p in talk.ctx.check.choosing} == {spouse, "我自己"}


def test_the_writer_chosen_of_the_two_keeps_their_own_age() -> None:
    talk = Talk()
    talk("俺老伴儿七十四，俺七十七，俺俩户口都在温州乐清，也住乐清，给俺俩都查查")
    talk.tap("我自己")
    assert talk.ctx.facts.get("age") == "77" and talk.ctx.check.person == "我自己"


def test_denying_one_option_of_a_choice_records_none_of_them() -> None:
    # 不是低保 to 经济情况属于哪一种: not 低保, which does not say 都不是 (she may be 低保边缘)
    talk = at_question("温州", "economic")
    talk("不是低保")
    assert "economic" not in talk.ctx.facts


def test_the_second_of_two_elders_in_two_places_is_checked_in_their_own_place() -> None:
    # users10 d10-17: 我爸在温州 我妈在金华 — the mother's 金华 is neither the father's nor carried to her check as 温州
    talk = Talk()
    assert "先查哪一位" in talk("帮我查查 我爸在温州 我妈在金华")
    talk.tap("爸")
    assert talk.ctx.facts.get("region") == "wenzhou" and talk.ctx.facts.get("resides_local") != "false"
    assert talk.ctx.check.others and talk.ctx.check.others[0].facts.get("region") == "outside"


def test_a_question_with_a_check_request_for_a_named_elder_is_answered_then_checked() -> None:
    # users20 d20-11: …想住公办养老院 能不能优先？顺便帮她查查
    talk = Talk()
    text = talk("我婆婆是因公牺牲军人的遗属 住海口美兰 八十岁 想住公办养老院 能不能优先？顺便帮她查查")
    assert talk.last.turn == Turn.ANSWER_THEN_CHECK
    assert "优先安排" in text and "出处" in text  # the answer first, cited
    assert talk.ctx.check.active and talk.ctx.facts.get("age") == "80"  # then the check, with what was told
    assert not any(b["title"] == "帮老人查查能享受什么" for b in talk.buttons())  # (no offer of what has begun)


def test_what_can_be_had_asked_alone_starts_the_check() -> None:
    talk = Talk()
    talk("能领啥")  # users20 u20-123
    assert talk.last.turn == Turn.START_CHECK and talk.ctx.check.active


def test_a_question_about_the_situation_told_searches_that_situation() -> None:
    # users20 u20-110: 独生女…没了 … 社区对这种家庭有啥关照 — the 计划生育特殊家庭 clause, not a roster row
    talk = Talk()
    text = talk("我姑姑姑父住昌吉延安北路 独生女十年前出车祸没了 两个人都七十多 社区对这种家庭有啥关照")
    assert "计划生育特殊家庭" in text and "杨红" not in text


def test_the_policies_at_large_for_a_situation_told_search_that_situation() -> None:
    # users32 d32-11: 独生子前几年车祸没了 … 有啥政策 had been answered 没有找到
    talk = Talk()
    text = talk("陵水本号镇 我叔78岁 独生子前几年车祸没了 跟我婶两个住 有啥政策")
    assert "计划生育特殊家庭" in text and "没有找到" not in text


def test_the_place_lived_in_is_asked_about_not_where_the_children_work() -> None:
    # users21 u21-058: 孩子都去海口打工了 就我们老两口在白沙村里 — 海口's 105号 clause was quoted for 白沙
    talk = Talk()
    text = talk("孩子都去海口打工了 就我们老两口在白沙村里 有没有人来看看我们")
    assert "海口市推进基本养老服务体系建设实施方案" not in text and "海南省" in text


def test_a_name_also_said_of_the_wider_area_is_asked_not_taken() -> None:
    # users24 d24-17, users25 d25-21: 住昌吉 was taken for 昌吉市 though the elder lived in 奇台 / 阜康 (昌吉州)
    talk = Talk()
    first = talk("帮我妈查查 她住昌吉")
    assert "是昌吉市，还是" in first and "region" not in talk.ctx.facts
    talk("昌吉")  # the place chosen, as the buttons name it
    assert talk.ctx.facts.get("region") == "changji"
    other = Talk()
    other("帮我妈查查 她住昌吉")
    other.tap("其他地方")
    assert other.ctx.facts.get("region") == "outside"
    # the city or one of its streets said in full is the place
    for opening in ("帮我妈查查 她住昌吉市", "帮我妈查查 她住昌吉宁边路街道"):
        named = Talk()
        assert "还是" not in named(opening)
        assert named.ctx.facts.get("region") in ("changji", "ningbianlu")
