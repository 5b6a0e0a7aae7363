"""Policy answers composed from the knowledge base, without Rasa."""

from __future__ import annotations

import pytest

from bot.answering.default import answer_question, compare_reply, details_reply
from bot.answering.extract import term_defined
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


def test_compare_says_which_region_has_no_such_subsidy() -> None:
    bubbles = [m["text"] for m in compare_reply("海口和温州的高龄补贴有啥不一样").messages]
    wenzhou = next(b for b in bubbles if b.startswith("温州市"))
    assert "没有写到“高龄补贴”" in wenzhou and "岗位津贴" not in wenzhou


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


def test_a_named_benefit_brings_what_the_documents_leave_open() -> None:
    text = texts(answer_question("海口80岁以上有高龄津贴吗"))
    assert "文件未规定高龄津贴的年龄和金额" in text and "12345" in text


def test_an_area_question_is_not_taken_for_an_age_question() -> None:
    text = texts(answer_question("温州农村每个村都有养老用房吗，多大"))
    assert "年龄" not in text
    assert "二百平方米" in text


def test_a_quoted_document_number_gets_the_documents_metadata() -> None:
    text = texts(answer_question("海府办函〔2023〕105号是个啥文件"))
    assert "海口市推进基本养老服务体系建设的实施方案" in text and "2023年7月17日" in text


def test_when_a_document_ends_comes_from_its_metadata_when_no_clause_says() -> None:
    text = texts(answer_question("昌吉的方案啥时候结束"))
    assert "实施期：2021年1月—12月" in text and "时限已过" in text
    # a clause that says it still answers: the stage's own dates
    assert "2021年10月—2021年12月" in texts(answer_question("昌吉试点巩固提升阶段到什么时候结束"))


def test_whether_a_regions_only_document_is_in_force_gets_its_status() -> None:
    text = texts(answer_question("温州的文件是正式的吗"))
    assert "征求意见稿" in text and "尚未正式施行" in text and "没有找到" not in text


def test_a_value_from_an_unrelated_sentence_is_not_an_answer() -> None:
    # 孤儿养育标准 (每人每月1450元) says nothing about nursing-home fees in 三亚.
    text = texts(answer_question("三亚的养老院一个月大概要多少钱"))
    assert "1450" not in text
    assert "没有" in text and "12345" in text


def test_a_frequency_question_gets_the_frequency() -> None:
    text = texts(answer_question("温州特殊困难老人多久探访一次"))
    assert "月探访率达到100%" in text


def test_a_phone_number_the_documents_do_not_give_is_not_borrowed() -> None:
    text = texts(answer_question("海口海甸街道社区养老服务中心电话多少"))
    assert "68723686" not in text
    assert "12345" in text


def test_a_question_without_place_that_only_a_region_answers_asks_the_place() -> None:
    reply = answer_question("老人免费体检是多大年纪开始")
    assert reply.slots.get("pending_question") or "65" in texts(reply)


def test_a_short_follow_up_continues_the_previous_topic() -> None:
    from bot.answering.default import follow_up

    last = "温州瘫在床上的老人每月几个小时免费服务"
    assert follow_up("在哪申请？", last) == f"{last} 在哪申请？"
    assert follow_up("要本地户口吗", last).startswith(last)
    assert follow_up("时间银行是什么", last) == "时间银行是什么"  # a topic of its own
    assert follow_up("海口的呢", last) == "海口的呢"  # another place: handled as a region follow-up
    assert follow_up("在哪申请", None) == "在哪申请"
    # what it costs and how long, asked alone, is about the previous topic too
    for short in ("免费吗", "要交钱吗", "多少钱一顿", "几个小时", "谁来管"):
        assert follow_up(short, "温州老人助餐有没有").startswith("温州老人助餐有没有"), short
    assert follow_up("体检免费吗", last) == "体检免费吗"


def test_the_price_of_a_meal_is_not_written_and_the_meal_clause_is_quoted() -> None:
    text = texts(answer_question("温州老人助餐有没有 多少钱一顿"))
    assert "没有写具体金额" in text and "助配餐" in text
    # 免费 is what is asked about 助餐, not a topic: the clause on free home care does not answer it
    assert "四十五小时" not in texts(answer_question("温州助餐免费吗"))


def test_the_value_for_the_degree_asked_leads_the_answer() -> None:
    assert "【每月可以享受不少于四十五小时" in texts(answer_question("温州重度失能老人每月免费服务几个小时"))
    assert "【每月可以享受不少于三十小时" in texts(answer_question("温州中度失能老人每月免费服务几个小时"))


def test_a_platform_named_before_the_topic_still_answers_where_to_apply() -> None:
    text = texts(answer_question("温州免费居家养老服务怎么申请"))
    assert "浙里康养" in text and "没有写办理渠道" not in text


def test_a_price_nobody_wrote_gets_no_unrelated_quote() -> None:
    text = texts(answer_question("温州助餐服务多少钱一餐"))
    assert "罚款" not in text
    assert "没有写" in text and "12345" in text
    assert "出处" not in text or "助配餐" in text  # a quote, if any, is on 助餐 (the documents' 助配餐)


def test_an_age_for_one_benefit_is_not_given_for_another() -> None:
    # 65周岁以上 is the age for free check-ups, not for free bus rides.
    text = texts(answer_question("海口老人几岁坐公交免费"))
    assert "65" not in text
    assert "没有" in text and "12345" in text


def test_a_value_about_children_does_not_answer_an_elders_question() -> None:
    text = texts(answer_question("海南老人每月生活补助标准多少钱"))
    assert "1450" not in text and "孤儿" not in text
    assert "12345" in text


def test_the_degree_asked_decides_the_value_even_with_other_facts() -> None:
    assert "【每月可以享受不少于三十小时" in texts(answer_question("温州低保中度失能每月免费服务几小时"))


def test_the_asked_citys_own_document_answers_before_the_provinces_plan() -> None:
    reply = answer_question("海口对家里困难的老人有什么养老补贴")
    assert reply.messages[0]["citations"][0]["doc_id"] == "haikou-2023-105"


def test_the_answer_window_reaches_the_number_asked_for() -> None:
    text = texts(answer_question("海南计划培训养老护理员多少人次"))
    assert "1.5万人次" in text and "规划期已结束" in text


def test_how_big_a_room_asks_for_square_metres_not_an_age() -> None:
    text = texts(answer_question("海口新建小区要配多大的养老服务用房"))
    assert "平方米" in text and "年龄" not in text


def test_the_condition_named_last_picks_its_own_value() -> None:
    text = texts(answer_question("温州开发商擅自拆除养老用房，情节严重的要罚多少钱"))
    assert "一百万元" in text


def test_where_to_apply_is_not_the_offices_in_charge_of_a_task() -> None:
    text = texts(answer_question("温州居家养老服务补贴怎么申请"))
    assert "浙里康养" in text and "税务局" not in text


def test_a_comparison_finds_a_rule_written_in_the_documents_own_words() -> None:
    # 失能老人 is written 失能失智老年人, 助餐 is written 助配餐
    text = texts(compare_reply("海口和温州对失能老人的免费服务时长有什么区别"))
    assert "四十五小时" in text and "征求意见稿" in text
    text = texts(compare_reply("海口和温州的老年助餐有啥不同"))
    assert "助配餐" in text and "海口市：收录的文件里没有找到" in text


def test_an_elliptical_follow_up_asks_the_last_question_for_another_case() -> None:
    from bot.answering.default import follow_up

    last = "温州重度失能的老人每个月有多少小时免费服务"
    asked = follow_up("那中度的呢", last)
    assert asked.startswith(last.replace("重度", "中度"))  # the last question, for the degree now named
    assert "三十小时" in texts(answer_question(asked, "wenzhou"))
    assert follow_up("时间银行是什么", last) == "时间银行是什么"


def test_an_internal_reporting_number_is_said_to_be_one() -> None:
    text = texts(answer_question("海口民政局的联系电话是多少"))
    if "0898-68723686" in text:
        assert "不是公众咨询热线" in text and "12345" in text


def test_each_part_of_a_two_part_question_is_answered() -> None:
    text = texts(answer_question("温州乡镇居家养老服务中心要配几个养老服务顾问？村里呢"))
    assert "至少配置2名" in text and "关于“村里呢”" in text and "至少配置1名" in text


def test_a_later_part_with_nothing_of_its_own_adds_no_bubble() -> None:
    # 怎么申请 names no topic of its own: an unrelated 申请 phrase must not be quoted for it
    assert "关于“" not in texts(answer_question("海口家庭养老床位一张补助多少钱，怎么申请"))


def test_a_number_question_without_a_number_in_the_documents_is_not_answered_with_a_quote() -> None:
    text = texts(answer_question("今年海南退休人员的养老金上调多少"))
    assert "没有" in text and "12345" in text


def test_which_departments_is_a_department_question_not_a_number_question() -> None:
    assert "市民政局、市卫健委、市财政局" in texts(answer_question("海口老年人能力综合评估由哪几个部门负责"))


def test_a_fine_does_not_answer_a_subsidy_question() -> None:
    text = texts(answer_question("温州居家养老服务机构的建设补助一平方补多少钱"))
    assert "罚款" not in text and "没有写" in text
    assert "五百元以上五千元以下罚款" in texts(answer_question("温州开发商不移交养老用房罚多少钱"))


def test_a_later_part_asking_a_contact_the_documents_lack_is_answered_honestly() -> None:
    text = texts(answer_question("昌吉市民政局在哪里办公，电话多少"))
    assert "没有写具体联系电话" in text  # (in the opening admission, or as the part's own line)


def test_hours_asked_in_zhongtou_are_hours() -> None:
    text = texts(answer_question("俺娘在温州瘫在床上，家里吃低保，一个月能给多少个钟头"))
    assert "四十五小时" in text and "没有写" not in text


def test_a_weak_match_on_one_word_is_not_an_answer() -> None:
    assert "没有找到" in texts(answer_question("以房养老、反向抵押在海口能办不"))


def test_articles_of_a_text_not_in_the_knowledge_base_get_an_honest_reply() -> None:
    text = texts(answer_question("海口居家养老条例第十条怎么规定的"))
    assert "没有收录" in text and "12345" in text and "海口市居家养老服务条例学习宣传贯彻实施方案" in text
    assert "征求意见稿" in texts(answer_question("温州条例原文怎么写的"))
    assert "没有收录" in texts(answer_question("海口居家養老服務條例第十條原文怎麼寫的"))  # traditional
    # 条例 with no place: which one is not known, so the place is asked
    assert answer_question("条例第五条").slots.get("pending_question")
    # the dates the notice does give are still answered
    assert "2023年7月1日" in texts(answer_question("海口居家养老服务条例什么时候施行"))


def test_what_a_quoted_document_is_about_gets_its_title_and_outline() -> None:
    text = texts(answer_question("161号文讲的什么"))
    assert "学习宣传贯彻工作实施方案" in text and "主要内容：一、指导思想" in text


def test_a_table_row_is_answered_with_its_cells_labelled_by_their_columns() -> None:
    text = texts(answer_question("昌吉确保财政资金投入居家养老这项任务谁负责"))
    assert "[责任单位：市财政局，民政局]" in text and "没有写" not in text
    text = texts(answer_question("海南十三五期间养老护理员实际培训了多少人"))
    assert "[2020实际值：3820人]" in text
    assert not unsupported_numbers(text)  # the cells' numbers are the knowledge base's, one by one


def test_the_document_another_was_based_on_is_quoted_with_its_number() -> None:
    text = texts(answer_question("昌吉市养老试点方案是根据州里哪个文件定的"))
    assert "昌州政办发〔2020〕62号" in text


def test_a_city_and_its_province_named_together_is_not_a_comparison() -> None:
    text = texts(answer_question("海口基本养老方案参照的海南省文件文号是什么"))
    assert "各地文件的规定如下" not in text
    assert "各地文件的规定如下" in texts(answer_question("海口和海南省的高龄补贴有什么区别"))


def test_a_users_word_counts_as_named_when_the_documents_use_its_synonym() -> None:
    text = texts(answer_question("吃低保的老人在昌吉有啥好处"))
    assert "没有找到" not in text and "低保" in text


def test_what_is_there_for_me_is_the_form_not_the_topic() -> None:
    # 有啥政策 must not pull in a clause only because it says 优待政策
    text = texts(answer_question("我爸老年痴呆了海口有啥政策"))
    assert "失智" in text and "公园" not in text


def test_the_offices_in_charge_do_not_take_the_room_of_an_elders_answer() -> None:
    text = texts(answer_question("温洲农村每个村都有养老用房吗，多大"))
    assert "每个行政村至少配置一处" in text and "二百平方米" in text
    assert "责任单位" not in text


def test_a_department_question_names_the_offices_once_then_the_measure() -> None:
    text = texts(answer_question("温州农村居家养老服务用房谁负责配置"))
    assert text.count("市自然资源和规划局") == 1
    assert "行政村" in text


def test_a_passage_a_little_over_the_window_is_not_cut_short() -> None:
    # cutting the last 17 characters lost the plain-words explanation (时间换时间)
    text = texts(answer_question("时间银行养老是个什么意思，能讲通俗点吗", "hainan"))
    assert "时间换时间" in text and "通俗…" not in text


def test_everyday_words_for_fraud_find_the_anti_fraud_clause() -> None:
    text = texts(answer_question("海口老有人忽悠老人搞养老投资，政府管不管"))
    assert "养老诈骗" in text


def test_a_public_hotline_in_an_answer_gets_no_internal_line_note() -> None:
    text = texts(answer_question("海口养老服务热线是多少"))
    assert "12345" in text and "📌 12345" not in text


def test_free_bus_rides_bring_the_note_that_the_text_does_not_say_what_the_benefit_is() -> None:
    text = texts(answer_question("海口老人坐公交免费吗"))
    assert "优待" in text and "文件未规定享受优待的年龄条件和具体优待内容" in text


def test_a_passage_about_other_people_gives_way_to_a_close_one_about_elders() -> None:
    text = texts(answer_question("海口农村老人有什么福利"))
    assert "妇女" not in text and "儿童" not in text


def test_whether_a_plan_still_applies_gets_its_status() -> None:
    text = texts(answer_question("海南十四五规划现在还管用吗"))
    assert "规划期已结束" in text and "发文机关" in text


def test_traditional_characters_reach_every_answer_cue() -> None:
    text = texts(answer_question("海口護理補貼在哪申請"))
    assert "海易办" in text  # the apply cue and the benefit's name, read in simplified characters


def test_a_fact_in_the_next_paragraph_of_the_clause_answers_how_often() -> None:
    text = texts(answer_question("海口探访关爱多久一次"))
    assert "月探访率达到" in text and "没有写具体频次" not in text
    assert "中新网" not in text  # the province's note on its 巡访 is not 海口's


def test_how_to_claim_a_benefit_the_texts_name_another_way() -> None:
    # 怎么领 asks where to apply; the plan writes 高龄补贴 for 高龄津贴: quoted, with no channel invented
    text = texts(answer_question("三亚的高龄津贴怎么领"))
    assert "没有写办理渠道" in text and "高龄补贴" in text and "12345" in text


def test_a_visit_said_in_everyday_words() -> None:
    assert "探访关爱" in texts(answer_question("温州独居老人有人上门看望吗"))


def test_a_batch_is_not_a_count() -> None:
    # 形成一批…示范单位 does not answer 有几个
    text = texts(answer_question("昌吉居家养老服务中心有几个"))
    assert "【在养老服务领域形成一批" not in text and "没有写" in text and "具体数字" in text


def test_a_deadline_is_not_a_count() -> None:
    text = texts(answer_question("昌吉的老年人日间照料中心有多少个"))
    assert "【2021年底前" not in text and "没有写具体数字" in text


def test_a_compound_is_not_mentioned_without_its_head() -> None:
    # 养老服务顾问 is a 顾问: a passage on 养老服务 alone does not answer what Haikou's 顾问 do
    assert "没有找到" in texts(answer_question("海口养老服务顾问是干啥的"))


def test_a_list_question_gets_the_whole_listing_sentence() -> None:
    text = texts(answer_question("海口市基本养老服务清单包括哪些项目"))
    assert "高龄津贴" in text and "家庭适老化改造" in text and "护理补贴" in text and "出处" in text


def test_a_subsidy_the_clause_does_not_speak_of_is_said_to_be_unwritten() -> None:
    text = texts(answer_question("海南的老人助餐有补贴吗"))
    assert text.startswith("收录的文件里没有直接回答这个问题，没有写这方面的补贴") and "12345" in text
    # the nearest clause comes after the referral, marked as no answer
    assert text.index("12345") < text.index("最接近的规定是（仅供参考") < text.index("助餐")
    # a clause that speaks of the money answers as it is
    assert "职业培训补贴" in texts(answer_question("海口参加照护培训有补贴不"))


def test_a_thing_no_document_names_is_said_to_be_unnamed_before_the_nearest_clause() -> None:
    text = texts(answer_question("温州免费居家养老服务能帮忙洗澡不"))
    assert text.startswith("收录的文件里没有直接提到“洗澡”") and "12345" in text and "出处" in text
    # question forms and words the documents use are not flagged
    assert "没有直接提到" not in texts(answer_question("海口家庭养老床位还搞不搞"))
    assert "没有直接提到" not in texts(answer_question("温州重度失能老人每月多少小时免费服务"))


def test_a_table_rows_unit_goes_with_its_figures() -> None:
    text = texts(answer_question("海南养老床位有多少张"))
    assert "32张" in text and "出处" in text


def test_a_unit_column_goes_with_the_rows_figures_and_a_figure_is_not_said_to_be_missing() -> None:
    # the indicator table has a 单位 column (%): "47.2" alone, or "文件里没有写具体比例", would mislead
    text = texts(answer_question("海南十四五 乡镇街道 综合功能养老服务机构覆盖率 2020现状 目标"))
    assert "[2020实际值：47.2%]" in text and "[2025目标值：60%]" in text
    assert "没有写" not in text and "[单位" not in text


def test_a_comparison_without_a_topic_asks_which_item() -> None:
    assert "比较哪一项" in texts(compare_reply("那海口和温州比哪个好"))
    text = texts(compare_reply("老人助餐有没有 那海口和温州比哪个好"))  # the topic just answered
    assert "温州市：" in text and "助配餐" in text
    assert "比较哪一项" not in texts(compare_reply("海南和温州养老床位比例"))  # 比例 is not 比


def test_a_second_follow_up_continues_the_first_topic_not_the_first_follow_up() -> None:
    from bot.answering.default import answer_follow_up, followed_topic

    first = answer_question("俺们村的老人能去日间照料中心吗，昌吉的")
    who = answer_follow_up("谁来管", followed_topic("谁来管", first.slots["last_answer"]), "changji")
    assert "责任单位" in texts(who) and "没有直接提到" not in texts(who)  # 谁来管 is a question form
    assert who.slots["last_answer"]["topic"] == "俺们村的老人能去日间照料中心吗，昌吉的"
    apply = answer_follow_up("咋去申请", followed_topic("咋去申请", who.slots["last_answer"]), "changji")
    assert apply.slots["last_answer"]["question"] == "俺们村的老人能去日间照料中心吗，昌吉的 咋去申请"


def test_whether_it_costs_money_is_not_answered_by_a_clause_silent_on_fees() -> None:
    assert "没有直接回答这个问题，没有写是否收费" in texts(answer_question("昌吉日间照料中心要钱不"))
    text = texts(answer_question("海口65岁老人体检要钱吗"))  # the clause says 免费
    assert "免费体检" in text and "没有写是否收费" not in text
    # the clause shown says nothing of a fare, though other sentences of it say 免费
    assert "没有写是否收费" in texts(answer_question("海口老人坐公交车要不要钱"))


@pytest.mark.parametrize("question", ["温州子女不赡养老人该怎么办", "海口老人被养老公寓骗了找谁投诉"])
def test_what_to_do_is_not_answered_by_the_duty_itself(question: str) -> None:
    text = texts(answer_question(question))
    assert text.startswith("收录的文件里没有直接回答这个问题") and "12345" in text


def test_cantonese_question_words_ask_as_mandarin_ones() -> None:
    text = texts(answer_question("三亚高龄津贴几多钱"))
    assert "没有写具体金额或标准" in text


def test_the_window_keeps_the_sentence_that_names_what_was_asked_when_the_clause_ends_inside_it() -> None:
    # 轮候 is the documents' word for 排队; the window must not start after the sentence that says it
    text = texts(answer_question("海口公办养老院要排队吗？怎么安排入住"))
    assert "入住评估轮候制度" in text


def test_a_district_is_answered_from_its_citys_documents_and_kept_as_the_place() -> None:
    # mid-check the remembered place is 龙华区: the answer is Haikou's, not the province plan's lottery figures
    reply = answer_question("高齡津貼一個月多少錢", "longhua")
    text = texts(reply)
    assert "海口" in text and "没有写" in text and "福利彩票" not in text
    assert reply.slots["region"] == "longhua"


def test_a_subsidy_without_a_figure_quotes_only_the_sentences_on_it() -> None:
    text = texts(answer_question("海南高龄补贴一个月多少钱"))
    assert "没有写" in text and "福利彩票" not in text


def test_has_it_a_subsidy_without_a_final_particle_is_a_subsidy_question() -> None:
    text = texts(answer_question("我想问下温州那边助餐有没有补贴"))
    assert "没有写这方面的补贴" in text and "助配餐" in text and "征求意见稿" in text


def test_the_window_does_not_cut_the_sentence_that_names_the_rare_word() -> None:
    # the window that starts earlier holds as many of the question's words, but ends inside the 军人 sentence
    text = texts(answer_question("军属想住海口公办养老院，能优先吗"))
    assert "同等条件下优先安排" in text


def test_an_office_word_without_an_applying_verb_is_not_where_to_apply() -> None:
    # 养老服务顾问实现乡镇（街道）全覆盖 names 乡镇（街道） but says nothing of applying there
    text = texts(answer_question("温州家庭养老床位怎么申请"))
    assert "没有写办理渠道" in text and "12345" in text


def test_the_platform_the_text_names_answers_which_platform_without_a_false_not_written() -> None:
    text = texts(answer_question("溫州的居家養老服務要透過什麼平台申請"))
    assert "浙里康养" in text and "没有写" not in text


def test_a_fact_worded_otherwise_is_not_said_to_be_unwritten() -> None:
    # 民政部门作为…行政主管部门 names the office; 每两年举办一次 the frequency: "文件里没有写…" would be false
    department = texts(answer_question("海口居家养老这块到底归哪个部门管"))
    assert "民政部门" in department and "没有写" not in department
    frequency = texts(answer_question("海口养老护理员技能大赛多久搞一次"))
    assert "每两年" in frequency and "没有写" not in frequency


def test_closing_down_is_not_a_closing_time() -> None:
    text = texts(answer_question("海南养老院要是关门了，老人怎么安置"))
    assert "开放时间" not in text and "人员安置" in text


def test_to_what_degree_asks_for_the_target_rate() -> None:
    text = texts(answer_question("海口对独居老人的探访要达到什么程度"))
    assert "月探访率达到" in text and "100%" in text


def test_who_pays_is_answered_with_the_funding_mix_the_text_names() -> None:
    text = texts(answer_question("昌吉老人吃饭的钱谁来出"))
    assert "企业让一点、慈善捐一点、个人掏一点" in text


def test_offices_in_charge_in_round_brackets_leave_the_answer_to_what_was_asked() -> None:
    # (责任单位：…) in full-width brackets, as 昌吉 writes it, is left out like 【责任单位：…】
    text = texts(answer_question("昌吉老人吃饭的钱谁来出"))
    assert "（责任单位" not in text
    department = texts(answer_question("昌吉养老失信联合惩戒归哪些部门管"))
    assert department.count("责任单位") == 1


def test_a_word_repeated_before_another_value_does_not_pick_that_value() -> None:
    # 低保标准 is named before both figures; 农村 only before the rural one
    assert "【农村低保标准达到5237元" in texts(answer_question("海南农村低保一年给多少钱"))


def test_who_pays_is_answered_from_the_sentence_on_money_named_by_a_synonym() -> None:
    # the clause says 配餐送餐, not 送饭 or 助餐: the funding sentence is still about the question
    assert "个人掏一点" in texts(answer_question("昌吉给老人送饭的钱谁来出"))


def test_a_subsidy_for_institutions_does_not_answer_whether_a_service_has_one() -> None:
    # the clause on 补助 for 居家养老服务机构 shares only the money word with the question
    text = texts(answer_question("温州助餐有补助吗"))
    assert "没有写这方面的补贴" in text and "助配餐" in text and "建设补助" not in text


def test_a_short_passage_takes_the_next_sentence_that_names_more_of_the_question() -> None:
    # the best sentence is on 医养结合机构; the places of the pilot are in the sentence after it
    assert "厚德康养家园" in texts(answer_question("昌吉医养结合试点放在哪几家机构"))


def test_a_follow_up_naming_another_degree_asks_for_that_degree_only() -> None:
    from bot.answering.default import answer_follow_up

    topic = "温州重度失能的老人每个月免费服务几个小时"
    assert "【每月可以享受不少于三十小时" in texts(answer_follow_up("那中度的呢", topic, "wenzhou"))
    light = texts(answer_follow_up("那轻度的呢", topic, "wenzhou"))
    assert "没有写具体时长" in light and "【" not in light  # the text gives hours for 中度 and 重度 only


def test_whether_there_is_a_subsidy_no_document_of_the_region_names_is_said_plainly() -> None:
    # a 昌吉 clause says 高龄 and 政府补贴 (for home adaptation), which is no 高龄补贴
    text = texts(answer_question("昌吉的老人过八十岁有没有高龄补贴"))
    assert "没有写到“高龄补贴”" in text and "适老化改造" not in text and "12345" in text


def test_a_price_question_gets_no_quote_that_only_names_the_place_in_passing() -> None:
    # a clause on internships in 养老服务机构 says nothing about what a 养老院 costs
    text = texts(answer_question("海口养老院一个月多少钱"))
    assert "没有写" in text and "金额" in text and "实习" not in text and "12345" in text
    # …while the clause whose topic is the service asked about is still quoted
    assert "助配餐" in texts(answer_question("温州助餐一顿多少钱"))


def test_a_rural_question_gets_the_rural_figure_not_the_towns() -> None:
    # 3.2.5 sets 三千平方米 for a town centre and 二百平方米 per village
    for question in ("温州农村居家养老用房面积有要求吗", "溫州農村每個村都要有居家養老用房嗎 最少多大"):
        text = texts(answer_question(question))
        assert text.startswith("【每处套内建筑面积原则上不少于二百平方米】"), text


def test_a_subsidy_per_square_metre_asks_for_money_not_an_area() -> None:
    text = texts(answer_question("温州居家养老服务机构建设补助 每平方米多少"))
    assert "没有写具体金额" in text and "二百平方米" not in text


def test_who_wrote_a_named_document_and_a_second_part_are_both_answered() -> None:
    text = texts(answer_question("海南十四五民政事业发展规划是哪个单位编的，设置了几项主要指标"))
    assert "发文机关：海南省民政厅" in text and "16项主要发展指标" in text and "没有写负责部门" not in text


def test_a_status_the_elder_does_not_have_steers_away_from_its_clauses() -> None:
    # 不是低保户也不是特困: one of the 其他老年人, whom 2.4.17 lets use spare beds; not the 特困 clause
    text = texts(answer_question("我不是低宝户也不是特困，公办养老院有空床的话我能住进去吗，海口的"))
    assert "床位仍有空余的" in text and "其他老年人" in text


def test_a_which_services_question_prefers_a_close_passage_listing_many_more() -> None:
    text = texts(answer_question("海南养老机构上门给居家老人能提供哪些服务"))
    assert "生活照料、起居照护、康复辅助、助医服务" in text


def test_a_service_no_document_names_is_said_to_be_unnamed_whatever_else_the_question_says() -> None:
    # 服务 and 老年人 are rarer in the index's eyes than 助浴, which no document uses at all
    text = texts(answer_question("昌吉老年人助浴服务有没有"))
    assert text.startswith("收录的文件里没有直接提到“助浴”") and "12345" in text


def test_of_windows_naming_the_same_words_the_one_where_they_go_together_is_shown() -> None:
    # 物业 and 养老 occur in two sentences; only the second says 物业+养老服务, and it ends the clause
    text = texts(answer_question("昌吉有没有物业管养老的模式"))
    assert "物业+养老服务" in text.split("（出处")[0]


def test_whether_two_benefits_go_together_is_said_to_be_unwritten_before_the_nearest_clause() -> None:
    # no document says whether two allowances can be had together: the 有效衔接 clause is not an answer
    reply = answer_question("海口独居老人的高龄津贴和护理补贴能一起领吗？我外婆两样都想申请")
    text = texts(reply)
    assert text.startswith("收录的文件里没有直接回答") and "能不能同时享受" in text
    assert text.index("最接近的规定") < text.index("有效衔接")


def test_how_a_procedure_is_done_on_the_phone_is_not_answered_by_a_clause_naming_the_topic() -> None:
    # 养老金资格认证 is not in the documents; the clause on 基本养老金 is only the nearest rule
    text = texts(answer_question("海口养老金资格认证在手机上怎么做"))
    assert text.startswith("收录的文件里没有直接回答") and "最接近的规定" in text


def test_a_citys_own_measure_comes_before_the_provinces_review_of_past_work() -> None:
    # 海南's “十三五”时期发展回顾 (救助流浪乞讨人员2.9万人次) says what was done; 海口's own clause says what is done
    reply = answer_question("我们海口这边路边有个老太太，好像是流浪的，找不到家了，你们管不管？")
    assert reply.messages[0]["citations"][0]["clause_id"] == "haikou-2023-105:2.3.10"
    assert "无偿食宿" in texts(reply)


def test_a_term_no_document_defines_asked_with_no_place_is_said_to_be_undefined_first() -> None:
    reply = answer_question("特困是啥意思")
    text = texts(reply)
    assert text.startswith("收录的文件都没有给“特困人员”下定义") and "12345" in text
    assert reply.slots["last_answer"]["status"] == "not_specified"


def test_how_to_download_or_use_an_app_is_not_answered_by_a_clause_naming_the_platform() -> None:
    for question in ("溫州的養老服務超市要去哪下載 有APP嗎", "海口海易办app咋用"):
        text = texts(answer_question(question))
        assert text.startswith("收录的文件里没有直接回答") and "怎么下载、怎么用" in text, question


def test_with_no_place_what_no_covered_place_states_is_admitted_for_all_of_them_first() -> None:
    # (no region's documents say how to claim 长护险: said of them all, with whom to ask, before the place is asked)
    reply = answer_question("长护险咋报")
    text = texts(reply)
    assert text.startswith("收录的文件（海南省、海口市、温州市、昌吉市）都没有写办理渠道") and "12345" in text
    assert reply.slots["last_answer"]["status"] == "not_specified"


def test_a_story_told_with_spaces_for_stops_is_answered_from_its_asking_part() -> None:
    # voice text: 户口 in the story must not be the word the 四十五小时 value has to sit next to; 好几年 asks no length
    text = texts(answer_question("我婆婆户口在温州鹿城人也住鹿城 评估是重度失能 "
                                 "听说政府每个月有免费上门服务 能给几个钟头"))
    assert text.startswith("【每月可以享受不少于四十五小时")
    text = texts(answer_question("俺是退伍的老兵 今年八十一 老伴走了好几年了 一个人住海口美兰 "
                                 "俺小儿子现在还在部队当兵 俺要是想住公家办的养老院 能不能给排前头"))
    assert "没有写具体时长" not in text and "现役军人家属" in text


def test_a_keyword_query_with_one_long_piece_is_still_one_query() -> None:
    text = texts(answer_question("温州居家养老服务机构建设补助 每平方米多少"))
    assert "具体面积" not in text


def test_a_familys_own_words_for_carer_training_and_respite_find_the_clauses() -> None:
    assert "职业培训补贴" in texts(answer_question("家里老人失能了，我们家属想去学护理，海口给不给补贴？"))
    assert "喘息服务" in texts(answer_question("家里老人失智，我们照顾不过来了，海南有没有那种让家属喘口气的服务？"))


def test_a_practical_fact_no_place_states_is_admitted_before_the_place_is_asked() -> None:
    reply = answer_question("助浴服务在哪里预约")
    text = texts(reply)
    assert text.startswith("收录的文件（") and "都没有写" in text and "12345" in text
    assert reply.slots["pending_question"] and any(b["title"] for m in reply.messages for b in m.get("buttons", []))
    # where a place's documents do say it, the place is asked as before
    assert "都没有写" not in texts(answer_question("免费体检多大年纪能享受"))


def test_whether_a_rule_exists_is_answered_by_the_rule_even_without_the_figure() -> None:
    text = texts(answer_question("温州有没有规定给养老护理员发岗位津贴，一个月发多少"))
    assert text.startswith("文件里有这方面的规定：") and "岗位津贴制度" in text
    assert "但文件里没有写具体金额或标准" in text and "不是对您问题的回答" not in text


def test_a_penalty_asked_is_answered_by_the_clause_of_penalties() -> None:
    # the clause of fines comes after three clauses on the rooms themselves: the kind reaches further down
    text = texts(answer_question("温州开发商建好小区不移交养老用房会不会被罚"))
    assert "责令限期改正" in text or "每平方米五百元以上五千元以下" in text
    # what happens to a developer in 海南's plan: not allowed to complete the acceptance
    assert "不得组织竣工验收" in texts(answer_question("海南开发商新小区不建养老设施怎么处理"))


@pytest.mark.parametrize("question,admitted", [
    # users17: asked with no place and stated nowhere — said of every covered place first (not only "which place?")
    ("老人遗嘱公证免费吗", "都没有写是否收费"),
    ("老年人能力评估分几个等级？", "都没有写具体的评估或划分标准"),
    ("经济困难老年人的认定标准是什么？", "都没有写具体的评估或划分标准"),
    ("独居老人装紧急呼叫器政府给不给出钱", "都没有写这方面的补贴"),
])
def test_a_question_no_covered_place_answers_is_admitted_for_all_of_them(question: str, admitted: str) -> None:
    text = texts(answer_question(question))
    assert text.startswith("收录的文件（海南省、海口市、温州市、昌吉市）" + admitted) and "12345" in text


def test_a_scale_the_passage_states_is_an_answer() -> None:
    # 分几级 asks for the scale; 四级养老服务设施网络 states it
    text = texts(answer_question("海口 养老服务设施网络 分几级"))
    assert "四级" in text and "没有写" not in text


def test_a_term_named_in_a_story_is_not_what_the_asking_clause_asks() -> None:
    # users17 u17-065: 算重点优抚对象 is a statement; the asking clause asks the hours
    text = texts(answer_question("阿拉老倌是退伍老兵 算重点优抚对象 我是伊老婆 在瓯海 评过是中度失智 "
                                 "每个月免费服务有几个钟头伐"))
    assert "三十小时" in text and "下定义" not in text


def test_whether_one_qualifies_for_a_benefit_named_by_its_figure_is_no_question_of_the_figure() -> None:
    # users17 u17-073: 那个每月免费几十个小时 names the benefit; 她有份吗 asks who has it — the clause with its groups
    text = texts(answer_question("我奶奶不是低保 也不是优抚对象 就是普通退休 在永嘉 "
                                 "温州那个每月免费几十个小时她有份吗"))
    assert "没有写" not in text and "最低生活保障家庭成员" in text and "赡养人死亡" in text


def test_a_size_asked_of_the_rooms_named_before_is_an_area() -> None:
    text = texts(answer_question("老小区本来没有养老用房的，海口要求补上的话单处最少得多大"))
    assert "200 平方米" in text and "年龄" not in text


@pytest.mark.parametrize("question,expected", [
    # users17 u17-020: a voice typo of the term (床为) is the glossary's term
    ("海口家庭养老床为是啥意思", "没有给“家庭养老床位”下定义"),
    # u17-026: 严肃追究责任 states no penalty
    ("海口条例对养老服务机构违规有什么罚则", "没有写处罚的规定"),
    # u17-082: whether the final version of a draft is out — no document says
    ("温州这个实施意见正式稿发了没有", "没有写现在是否已经出台"),
    # u17-019: a household registered elsewhere, then whether the benefit is had — the clause sets no 户籍 condition
    ("俺家老爷子东北户口 每年来海口猫冬 海口那个65岁以上免费体检俺们能做不", "没有写户籍方面的要求"),
    # u17-027: an attachment listed by its name only
    ("161号通知后面附件2重点学习宣传内容具体是哪几条", "内容没有收录"),
])
def test_what_the_documents_leave_unsaid_is_admitted_first(question: str, expected: str) -> None:
    text = texts(answer_question(question))
    assert expected in text and ("最接近" not in text or text.index(expected) < text.index("最接近"))


def test_what_is_done_to_who_breaks_a_rule_is_answered_from_the_penalty_clause() -> None:
    # u17-087: 擅自拆了 … 怎么处理 asks what befalls the developer (三（五）16 责令限期改正)
    assert "责令限期改正" in texts(answer_question("温州小区居家养老用房被开发商擅自拆了 民政怎么处理"))


def test_a_street_named_stays_in_the_search_when_its_city_is_known() -> None:
    # u17-094: 绿洲路街道 is 昌吉's 智慧健康养老示范街道 — the passage naming it answers 那边有啥服务
    reply = answer_question("我丈母娘住昌吉绿洲路街道 听说那是智慧养老示范街道 "
                            "她一个人在家我们上班不放心 那边有啥服务")
    assert reply.slots["last_answer"]["clause_ids"][0] == "changji-2021-1:2.9"


@pytest.mark.parametrize("question,expected", [
    # users18 u18-074: 养不了老人 is the supporter who cannot support — the window shows that sentence
    ("要是温州老人的独子出车祸瘫了 养不了老人 老人又是中度失智 有免费服务不", "赡养人死亡或者伤病残无力进行赡养"),
    # u18-101: who pays for the meals (钱到底谁出)
    ("昌吉老年助餐的钱到底谁出", "个人掏一点"),
])
def test_the_passage_part_that_answers_is_shown(question: str, expected: str) -> None:
    assert expected in texts(answer_question(question))


def test_a_walking_aid_named_in_everyday_words_finds_the_rental_clause() -> None:
    # users18 u18-013: 助行的家什 is a 康复辅助器具
    text = texts(answer_question("俺是东北来海口猫冬的 腿脚不得劲 听说社区能租那种助行的家什 有这说法没"))
    assert "康复辅助器具社区租赁服务" in text


def test_a_measure_word_asked_is_no_topic_the_value_must_name() -> None:
    # users19 u19-044: 几张 is the form of the question, not a word 每千名老年人口养老床位数达到32张 must name
    assert "32张" in texts(answer_question("海南到2025年 每一千个老人要有几张养老床"))


def test_the_kind_asked_is_read_from_the_clauses_that_ask() -> None:
    # users20 u20-059: 低保标准 in the first clause is its topic; 是个什么比例 asks the ratio
    text = texts(answer_question("来电人问：海南农村低保标准跟城市低保标准比，是个什么比例"))
    assert "77%" in text and "80%" in text


def test_whether_the_elder_pays_is_answered_by_the_clause_sentence_that_states_it() -> None:
    # users20 u20-103: the passage found speaks of 老年供餐; the clause's sentence on 送餐 states 个人掏一点
    text = texts(answer_question("昌吉送饭上门的那个 老汉们要自己掏钱吗撒"))
    assert "个人掏一点" in text and "没有写" not in text


def test_a_made_up_word_ending_in_a_grammar_character_is_no_sound_alike() -> None:
    # users20 u20-081: 水电气是 → 气是 was read as 起始, and "没有直接提到‘起始’" hid the answer
    text = texts(answer_question("我们在温州开了家居家养老服务中心 水电气是按商业价还是居民价"))
    assert "居民生活类价格" in text and "起始" not in text


def test_a_row_of_a_members_table_answers_only_who_holds_a_post() -> None:
    # users20 u20-108: a township named as the writer's place found 叶尔江 阿什里乡乡长 before the coverage clause
    text = texts(answer_question("我是阿什里乡的干部 方案要求农村社区综合服务设施覆盖到多少"))
    assert "乡长" not in text
    assert "马红军" in texts(answer_question("昌吉领导小组组长是谁"))


def test_a_free_ticket_asked_and_not_written_is_admitted_first() -> None:
    # users20 u20-122: 门票免不免 — the 优待 clause says nothing of a fee
    text = texts(answer_question("海口老人去公园景点门票免不免"))
    assert text.startswith("收录的文件里没有直接回答这个问题") and "是否收费" in text


def test_what_a_term_covers_is_answered_by_the_sentence_that_says_what_it_is() -> None:
    # users20 u20-036: 具体指哪些内容 got the sentence naming 服务内容, not 是指…包括物质帮助、照护服务、关爱服务
    assert "物质帮助、照护服务、关爱服务" in texts(answer_question("海口说的基本养老服务具体指哪些内容"))
    # …and a list in apposition says it too (政府监管、行业自律、社会监督“三位一体”)
    assert "政府监管、行业自律、社会监督" in texts(answer_question("温州 居家养老 监管 三位一体 指啥"))


@pytest.mark.parametrize("question,missing", [
    # users22 u22-012: how often, put as a choice (每年一次还是两年一次), which the clause on the check-up does not say
    ("海口六十五岁以上那个免费体检 是每年一次还是两年一次", "没有写具体频次"),
    # u22-095: unused hours carried over to next month — a kind of its own, written nowhere
    ("温州那个三十小时 能攒到下个月用吗", "留到以后用"),
    # users23 u23-080 / u23-028: 换成钞票 is cash instead; 每年都涨吗 asks how often
    ("温州免费服务钟头用勿光 好换成钞票伐", "折成现金"),
    ("海口养老金每年都涨吗", "没有写具体频次"),
])
def test_a_kind_of_fact_no_clause_states_is_admitted_first(question: str, missing: str) -> None:
    text = texts(answer_question(question))
    assert text.startswith("收录的文件") and missing in text and "12345" in text


def test_a_thing_no_document_names_is_admitted_before_any_place_is_asked() -> None:
    # users22 u22-119: no place's nearest clause would answer 换身份证 — said first, not only "which place?"
    text = texts(answer_question("老人换身份证能上门办吗"))
    assert text.startswith("收录的文件") and "12345" in text


@pytest.mark.parametrize("question,region,clause", [
    # users22 u22-015: 给哪些人的 asks who, not a list — the clause that says whom it is for, not the catalogue
    ("海口的养老服务不贴是给哪些人的", "haikou", "第二部分（三）第9条"),
    # u22-001: 要自己掏钱吗 asks about the clause before it (能力评估), not about any free service
    ("海口老人能力平姑，要自己掏钱吗", "haikou", "第二部分（二）第3条"),
    # u22-013: a topic named only in a long enumeration (服务项目包含…老年人健康管理…) is no statement about it
    ("我爸快66了 身体还算硬朗 海口政府在健康这块对老人有啥", "haikou", "第二部分（三）第9条"),
    # u22-024: after a story, the passage naming all the asking clause's words (政府买服务 + 优先)
    ("我爸不是特困也不是低保 就他一个人住海口 八十多了 政府买服务的时候会优先他吗", "haikou", "第二部分（四）第18条"),
    # u22-109: what the person asked about is (是诗独老人 — 失独, a voice typo) belongs to the question about 他
    ("我爷爷在六工镇 是诗独老人 村里会有人关心他吗", "changji", "第二部分（八）"),
])
def test_the_clause_that_answers_what_was_asked_comes_first(question: str, region: str, clause: str) -> None:
    assert clause in texts(answer_question(question, region))


def test_how_many_person_times_asks_a_count_not_a_ratio() -> None:
    # users23 u23-048: the figure is the answer, not "没有写具体比例"
    text = texts(answer_question("海南養老護理員培訓到2025年底要達到多少人次？"))
    assert "1.5万人次" in text and "没有写" not in text


def test_a_term_the_clause_defines_is_explained_when_the_window_uses_it_alone() -> None:
    # users22 u22-005 / users23 u23-019: the 月探访率 sentence says 特殊困难老年人; the clause defines them earlier
    # (向独居、空巢…等老年人(以下简称特殊困难老年人)) — the user who lives alone sees that she is one of them
    whole = ("支持志愿服务组织等参与探访关爱服务,向独居、空巢、留守、失能、重残、计划生育特殊家庭等老年人"
             "(以下简称特殊困难老年人)开展探访关爱服务。"
             "落实差异化探访制度,2025 年底前,全市特殊困难老年人月探访率达到 100%。")
    window = "…落实差异化探访制度,2025 年底前,全市特殊困难老年人月探访率达到 100%。"
    assert term_defined(window, whole) == ("特殊困难老年人", "独居、空巢、留守、失能、重残、计划生育特殊家庭等老年人")
    assert term_defined(whole, whole) is None  # the window that holds the definition says it itself
    text = texts(answer_question("我奶奶一个人住在海口龙华区，八十七了，社区会不会定期有人去看看她？", "haikou"))
    assert "独居、空巢、留守" in text


def test_a_word_no_document_uses_in_the_story_is_not_what_is_asked() -> None:
    # users26 u26-083 / u26-017: 癌症晚期 and 骑楼老街 tell where the asker stands; 安宁疗护 / 安置 are asked and
    # answered — no "没有直接提到" before the clause that answers
    text = texts(answer_question("我老头癌症晚期了，温州有冇安宁疗护个", "wenzhou"))
    assert "安宁疗护" in text and "没有直接提到" not in text
    text = texts(answer_question("海口骑楼老街那边有个老爷爷在街边睡了好几天，问他家在哪也说不清，这种情况政府怎么安置",
                                 "haikou"))
    assert "安置" in text and "没有直接提到" not in text


def test_who_leads_is_answered_by_a_clause_naming_others_who_take_part() -> None:
    # users26 u26-052: 构建乡镇牵头,…农村留守妇女…广泛参与的农村互助养老服务格局 — about elders, 妇女 take part
    text = texts(answer_question("临高农村搞互助养老 是谁牵头", "hainan"))
    assert "乡镇牵头" in text and "没有写" not in text


def test_a_few_months_in_a_story_asks_for_no_length() -> None:
    # users26 u26-025: 用几个月就不用了 is "a few months", no duration asked; the renting clause answers
    text = texts(answer_question("我爸在海口刚换完髋关节，轮椅买新的太贵了，用几个月就不用了，社区能租吗", "haikou"))
    assert "租赁" in text and "没有写具体时长" not in text


def test_the_year_asked_and_the_city_asked_pick_the_passage_naming_them() -> None:
    # users26 u26-054: 2022年 asked — 到2022年…不低于50%, not the 2025 60% that ranked first
    text = texts(answer_question("海南规划对2022年养老机构护理型床位占比的要求是多少", "hainan"))
    assert "50%" in text.split("（出处")[0]
    # u26-058: 儋州 asked in the province's plan — 在海口市、三亚市、儋州市等地级市各建设1所 first
    text = texts(answer_question("我大伯精神病好多年了，现在老了住儋州，规划里有没有专门的精神卫生福利设施", "danzhou"))
    assert "儋州市等地级市各建设1所" in text.split("（出处")[0]


def test_sent_to_visit_and_taken_to_hospital_are_the_documents_services() -> None:
    # users26 u26-008: 派人上门看独居老人 is 探访 (105号二（二）5); u26-050: 陪她去医院 is 助医
    text = texts(answer_question("我老汉儿一个人住海口琼山，社区每个月都要派人上门看独居老人，真的假的", "haikou"))
    assert "探访" in text
    text = texts(answer_question("我奶奶在万宁，上门服务都包括啥，能不能陪她去医院", "hainan"))
    assert "助医服务" in text


def test_a_term_asked_about_is_answered_by_the_clause_that_defines_it() -> None:
    # users27 u27-134: 特殊困难老人指哪些 — 105号二（二）5 defines them (…等老年人(以下简称特殊困难老年人)); a news line
    # that only uses the words is no answer, and "没有写具体的含义" was untrue
    text = texts(answer_question("特殊困难老人指哪些", "haikou"))
    assert "独居、空巢、留守" in text and "没有写" not in text


def test_a_status_denied_in_the_story_does_not_choose_the_passage() -> None:
    # users27 u27-054: 不是低保户 (read by the search as 普通老人) sent the subsidy question to a line on 普通老年人's
    # prices; the asking clause's topic (高龄补贴 制度) decides — 建立老年人高龄补贴、长寿补贴制度
    text = texts(answer_question("澄迈我奶奶93了 不是低保户 海南到底有没有高龄补贴这个制度", "chengmai"))
    assert "高龄补贴、长寿补贴制度" in text and "这方面的这方面的" not in text
