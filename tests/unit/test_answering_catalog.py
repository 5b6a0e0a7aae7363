"""'What is there for <group>' questions: the region's benefits for that group, each cited."""

from __future__ import annotations

from bot.answering.default import answer_question, default_env
from bot.answering.specialists.catalog import group_catalog_reply
from bot.dialogue.facts import unsupported_numbers


def texts(reply) -> str:
    return "\n".join(m["text"] for m in reply.messages)


def test_a_group_gets_the_benefits_naming_it_each_with_its_source() -> None:
    reply = answer_question("海口对高龄老人有什么政策")
    text = texts(reply)
    assert "高龄津贴" in text and "文件未规定领取年龄和金额" in text
    assert "时间银行" not in text
    bullets = [m for m in reply.messages if m["text"].startswith("•")]
    assert len(bullets) >= 2 and all("出处" in m["text"] and m["citations"] for m in bullets)
    assert any(b["payload"].startswith("帮我查查") for b in reply.messages[-1]["buttons"])
    assert reply.slots["region"] == "haikou"
    assert not unsupported_numbers(text)


def test_asking_for_subsidies_lists_only_subsidies() -> None:
    text = texts(answer_question("咱家条件不好，海口对经济困难的老人有啥补贴？"))
    assert "养老服务补贴" in text and "照料护理补贴" in text
    assert "公办养老机构" not in text


def test_a_plan_past_its_period_is_flagged_in_the_list() -> None:
    text = texts(answer_question("海南失能老人有啥照顾", "hainan"))
    assert "规划期已结束" in text


def test_one_matching_benefit_or_no_group_is_left_to_the_clause_answer() -> None:
    kb = default_env()
    assert group_catalog_reply(kb, "器官捐献人的家属在温州养老有什么照顾吗", "wenzhou") is None
    assert group_catalog_reply(kb, "海口有什么政策", "haikou") is None
    assert group_catalog_reply(kb, "海口对高龄老人有什么政策", None) is None


def test_where_to_apply_for_a_named_benefit_is_the_catalogues_cited_channel() -> None:
    reply = answer_question("海口护理补贴在哪申请")
    text = texts(reply)
    assert "12345 热线" in text and "海易办" in text and "出处" in text
    assert "残疾人" not in text  # not the province's disability allowance
    assert reply.messages[0]["citations"][0]["clause_id"] == "haikou-2023-105:2.2.4"
    assert "详细说明" in [b["title"] for b in reply.messages[-1]["buttons"]]


def test_the_citys_own_entry_comes_before_the_provinces() -> None:
    text = texts(answer_question("海口哪里可以申请适老化改造"))
    assert "海易办" in text and "规划期已结束" not in text


def test_who_is_in_charge_of_a_named_benefit_quotes_the_clause() -> None:
    text = texts(answer_question("海口老年人健康档案归哪个部门建"))
    assert "市卫生健康部门" in text and "原文" in text


def test_a_draft_benefits_channel_is_flagged() -> None:
    text = texts(answer_question("温州免费居家养老服务怎么申请"))
    assert "浙里康养" in text and "征求意见稿" in text


def test_a_channel_the_service_comes_through_is_not_where_to_apply() -> None:
    # 依托“浙里康养”…提供 says what the service comes through: 去哪里办 is not written, so say so first
    reply = answer_question("我姑姑住温州瑞安，要申请那个免费居家养老服务，去哪里办？")
    text = texts(reply)
    assert text.startswith("收录的文件里没有直接回答") and "12345" in text
    assert text.index("最接近的规定") < text.index("浙里康养")
    assert reply.slots["last_answer"]["status"] == "not_specified"
    # …but it answers which platform the service comes through
    reply = answer_question("温州的免费居家养老服务是通过什么平台提供的")
    assert texts(reply).startswith("【") and reply.slots["last_answer"]["status"] == "answered"


def test_a_long_list_names_the_rest_and_skips_the_provinces_duplicate() -> None:
    text = texts(answer_question("海口失能老人有啥照顾"))
    assert "还有：" in text
    assert "特殊困难老年人家庭适老化改造（海南省）" not in text  # 海口's own 适老化改造 entry stands for it


def test_a_group_question_in_traditional_characters_gets_the_list_too() -> None:
    text = texts(answer_question("海口對高齡老人有什麼政策"))
    assert "高龄津贴" in text and "时间银行" not in text


def test_a_subsidy_only_other_regions_provide_is_said_to_be_absent_with_what_this_region_has() -> None:
    reply = answer_question("溫州失能老人護理補貼每個月能領多少錢")
    text = texts(reply)
    assert "收录的温州市政策文件里没有写到“失能老人护理补贴”" in text
    assert "免费居家养老服务" in text and "出处" in text  # what 温州 provides for disabled elders
    assert "征求意见稿" in text and "12345" in text
    assert reply.slots["last_answer"]["status"] == "not_specified"
    assert not unsupported_numbers(text)


def test_a_subsidy_the_region_names_is_not_called_absent() -> None:
    kb = default_env()
    from bot.answering.specialists.catalog import absent_subsidy

    assert absent_subsidy(kb, "海口护理补贴多少钱", "haikou") is None  # 海口's own catalogue entry
    assert absent_subsidy(kb, "三亚护理补贴多少钱", "sanya") is None  # the 海南 plan writes 护理补贴
    assert absent_subsidy(kb, "温州公办养老院要排队吗", "wenzhou") is None  # not a subsidy: written other ways
    assert absent_subsidy(kb, "昌吉高龄补贴一个月多少钱", "changji")[0] == "高龄补贴"


def test_no_answer_names_whose_documents_were_searched() -> None:
    text = texts(answer_question("温州老人学电脑有地方吗"))
    assert "收录的温州市政策文件里没有找到" in text and "12345" in text


def test_a_subsidy_the_region_writes_another_way_is_not_called_absent() -> None:
    from bot.answering.specialists.catalog import absent_subsidy

    assert absent_subsidy(default_env(), "三亚的高龄津贴怎么领", "sanya") is None  # the plan writes 高龄补贴


def test_what_a_named_benefit_gives_comes_from_its_catalogue_entry() -> None:
    text = texts(answer_question("昌吉高龄、失能老人家庭医生能提供啥服务"))
    assert "定期体检、上门巡诊、家庭病床" in text and "出处" in text and "试点" in text


def test_a_benefit_named_after_the_question_is_not_what_is_asked() -> None:
    from bot.answering.specialists.catalog import benefit_content_reply

    question = "海口基本养老服务清单里都有哪些服务项目，高龄津贴算不算"
    assert benefit_content_reply(default_env(), question, "haikou") is None


def test_whether_a_region_has_a_benefit_gets_what_its_catalogue_says() -> None:
    from bot.answering.default import answer_question

    text = "\n".join(m["text"] for m in answer_question("海口有没有高龄补贴").messages)
    assert text.startswith("【高龄津贴】") and "文件未规定领取年龄和金额" in text and "海南省“十四五”" not in text
