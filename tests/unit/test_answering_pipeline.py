"""The answer pipeline's parts: the typed Question, the typed context, the Answerer, citations in words, and
the vocabulary files' validation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.answering import AnswerContext, Answerer, AnswerStatus, clause_label
from bot.answering.rerank import RERANKERS
from bot.answering.specialists import SPECIALISTS
from bot.kb.loader import KNOWLEDGE_ROOT, load_kb
from bot.kb.validate import validate


def texts(reply) -> str:
    return "\n".join(m["text"] for m in reply.messages)


ANSWERER = Answerer(load_kb())


def test_a_question_is_understood_once_into_typed_fields() -> None:
    q = ANSWERER.understand("溫州重度失能的老人每個月能有多少小時免費服務？")
    assert q.simplified.startswith("温州") and q.normalized.startswith("温州")
    assert q.place == "wenzhou" and q.region == "wenzhou" and q.regions == ("wenzhou",)
    assert q.kind == "hours" and "hours" in q.kinds and q.asks and not q.follow_up
    assert q.continues is None and q.outside_place is None
    district = ANSWERER.understand("龙华区高龄津贴一个月多少钱")
    assert district.place == "longhua" and district.region == "haikou" and district.kind == "money"


def test_places_parts_and_statements() -> None:
    assert ANSWERER.understand("北京的老人有什么补贴").outside_place == "北京"
    assert ANSWERER.understand("海口和温州的高龄补贴有啥不一样").compares
    assert ANSWERER.understand("昌吉有吗").only_place == "changji"
    assert len(ANSWERER.understand("温州乡镇要配几个养老服务顾问？村里呢").parts) == 2
    assert not ANSWERER.understand("我妈82岁，温州户口，瘫在床上").asks
    assert "definition" in ANSWERER.understand("时间银行是什么意思").forms


def test_a_follow_up_continues_the_last_answers_topic() -> None:
    first = ANSWERER.answer("温州重度失能的老人每个月免费服务几个小时")
    context = Answerer.context_of(first)
    assert context.status is AnswerStatus.ANSWERED and context.region == "wenzhou"
    follow = ANSWERER.understand("那中度的呢", context)
    assert follow.follow_up and follow.ellipsis and follow.continues == context.question
    assert "三十小时" in texts(ANSWERER.reply(follow))
    there = ANSWERER.understand("昌吉有吗", context)
    assert there.only_place == "changji" and "出处" in texts(ANSWERER.reply(there))


def test_the_context_survives_a_slot_and_garbage_gives_an_empty_one() -> None:
    context = AnswerContext("温州助餐有补贴吗", "温州助餐", AnswerStatus.NOT_SPECIFIED, ("wenzhou-2022-draft:3.3.8",),
                            region="wenzhou")
    assert AnswerContext.from_slot(context.to_slot()) == context
    old = {"question": "q", "status": "answered", "clause_ids": ["a:1", 3], "answer": "x", "other": 1}
    assert AnswerContext.from_slot(old).clause_ids == ("a:1",) and AnswerContext.from_slot(old).answered
    for garbage in (None, "x", 3, [], {"status": "weird", "clause_ids": "no"}, {"question": 5}):
        parsed = AnswerContext.from_slot(garbage)
        assert parsed.status is AnswerStatus.NONE and not parsed.answered and parsed.clause_ids == ()


def test_stages_are_listed_in_one_place() -> None:
    assert [s.name for s in SPECIALISTS][:2] == ["missing_text", "basis"]
    assert len(RERANKERS) == 12 and RERANKERS[0].__name__ == "member_rows_last"


def test_a_clause_is_cited_in_words() -> None:
    kb = load_kb()
    label = clause_label(kb, "wenzhou-2022-draft:3.3.8")
    assert label == "《温州市居家养老服务促进条例实施意见（征求意见稿）》第三部分（三）第8条"
    assert clause_label(kb, "hainan-2021-plan:box8.1", with_document=False) == "第五章专栏8第1项"
    assert clause_label(kb, "haikou-2023-161:header", with_document=False) == "文头"


def test_a_broken_vocabulary_file_is_reported_by_make_kb(tmp_path: Path) -> None:
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_ROOT, root)
    kinds = root / "nlu" / "question_kinds.yaml"
    kinds.write_text(kinds.read_text(encoding="utf-8").replace("search_order:", "search_ordre:"), encoding="utf-8")
    problems = validate(root)
    assert any(p.file == "nlu/question_kinds.yaml" and "search_order" in str(p) for p in problems)


def test_details_show_the_clause_in_words_and_only_related_clauses_of_its_document() -> None:
    first = ANSWERER.answer("海口老人免费体检是多大年纪")
    assert any(c.startswith("hainan-2021-plan") for c in first.slots["last_answer"]["clause_ids"])
    details = [m["text"] for m in ANSWERER.details(Answerer.context_of(first)).messages]
    assert details[0].startswith("《海口市推进基本养老服务体系建设实施方案》第二部分（三）第9条")
    assert not any("海南" in text for text in details)  # the province plan's passages are no relatives


def test_a_window_never_ends_inside_a_number_a_quotation_or_brackets() -> None:
    from bot.answering.reply import clip

    text = "赡养人死亡的重度失能失智老年人，每月可以享受不少于四十五小时的免费居家养老服务。其后还有很多内容" * 3
    cut = clip(text, 30)
    assert cut.endswith("服务。") or cut.endswith("，…"), cut
    quoted = "依托“浙里康养”和“养老服务超市”，为具有本市户籍并居住在本市的老年人提供服务，其余从略。"
    assert clip(quoted, 12).count("“") == clip(quoted, 12).count("”")


def test_a_window_never_ends_after_a_sentences_condition_without_what_it_gives() -> None:
    from bot.answering.reply import clip

    first = "其中低保家庭中的重度失能失智老年人，每月可以享受不少于四十五小时的免费居家养老服务；"
    second = "赡养人死亡或者伤病残无力进行赡养的重度失能失智老年人，每月可以享受不少于四十五小时的免费居家养老服务。"
    cut = clip(first + second, len(first) + 20)
    assert cut == first + "…" or cut.endswith("小时的免费居家养老服务；"), cut  # not …老年人，…
    # a part of a sentence that states its figure may stay
    kept = clip(first + "赡养人死亡的老年人，每月不少于四十五小时，另有一长串说明文字，" * 3, len(first) + 30)
    assert "四十五小时，" in kept[len(first):]


def test_a_window_starting_with_qizhong_takes_the_sentence_it_refers_to() -> None:
    text = texts(ANSWERER.answer("温州重点优抚对象家庭每月能享受多少小时免费服务"))
    assert "具有本市户籍并居住在本市" in text and "四十五小时" in text


def test_an_answer_that_does_not_state_what_was_asked_opens_honestly_then_marks_the_nearest_clause() -> None:
    text = texts(ANSWERER.answer("海南高龄补贴一个月多少钱"))
    assert text.startswith("收录的文件里没有直接回答这个问题") and "12345" in text
    assert text.index("12345") < text.index("最接近的规定是（仅供参考")


def test_a_question_with_no_place_says_which_places_the_documents_cover_before_quoting() -> None:
    first = ANSWERER.answer("老人免费体检是多大年纪开始").messages[0]["text"]
    assert first.startswith("您没有说是哪里。收录的文件只有海南省、海口市、温州市、昌吉市的")
    # (no document says whether 助餐 is subsidised: that is said of every covered place first, then the place asked)
    asked = ANSWERER.answer("老人助餐有补贴吗").messages[0]
    assert asked["text"].startswith("收录的文件（海南省、海口市、温州市、昌吉市）都没有写这方面的补贴")
    assert [b["title"] for b in asked["buttons"]][0] == "海口"


def test_a_long_answer_comes_in_bubbles_that_break_at_sentence_ends() -> None:
    reply = ANSWERER.answer("温州重点优抚对象家庭每月能享受多少小时免费服务")
    first, second = reply.messages[0]["text"], reply.messages[1]["text"]
    assert first.endswith("。") and "出处" not in first and reply.messages[0]["citations"]
    assert "出处" in second


def test_a_story_around_the_question_does_not_hide_the_answer() -> None:
    # the asking clause names the topic; the story's words (懒得开火) are in no document
    question = ANSWERER.understand("温州有没有老人助餐配餐的地方？我爸一个人在家懒得开火", AnswerContext())
    assert question.focus == "温州有没有老人助餐配餐的地方" != question.simplified
    assert "助配餐" in texts(ANSWERER.answer(question))
    # a keyword query is one clause, whatever its spaces
    assert ANSWERER.understand("温州 重度失能 低保 时长", AnswerContext()).focus == "温州 重度失能 低保 时长"
    # the documents' word for what people call 开药
    assert "续方配药" in texts(ANSWERER.answer(ANSWERER.understand("我爸在温州，高血压每月要去医院开药，能方便点吗",
                                                                  AnswerContext())))


def test_a_question_without_a_topic_of_its_own_asks_about_the_clause_before_it() -> None:
    # 多久来一回 asks about 定期上门看看; the story (一个人住, 儿女上班) is no topic; the frequency is stated
    story = "我家老爷子一个人在海口住，儿女都在外地上班，"
    question = ANSWERER.understand(story + "听说社区会定期上门看看老人，多久来一回？", AnswerContext())
    assert question.focus == "听说社区会定期上门看看老人，多久来一回"
    text = texts(ANSWERER.answer(question))
    assert "月探访率达到 100%" in text and "没有直接回答" not in text
    # 好几年 is a vague number, not a question
    assert ANSWERER.understand("瘫在床上好几年了，温州每个月有几个钟头免费服务", AnswerContext()).focus \
        == "温州每个月有几个钟头免费服务"


@pytest.mark.parametrize("message,focus", [
    # the conditions before the asking clause are its question, not a story around it
    ("海口的公办养老院要是有空床，我们又不是困难户，能不能住？",
     "海口的公办养老院要是有空床，我们又不是困难户，能不能住？"),
    ("我爸身体还行，如果以后瘫了，温州能给几个钟头服务", "如果以后瘫了，温州能给几个钟头服务"),
])
def test_conditions_are_part_of_the_question(message: str, focus: str) -> None:
    assert ANSWERER.understand(message, AnswerContext()).focus == focus


def test_a_negated_status_reads_as_the_other_elders() -> None:
    # 又不是困难户: the beds left for 本地其他老年人, not the clause on the 经济困难 ones
    text = texts(ANSWERER.answer("海口的公办养老院要是有空床，我们又不是困难户，能不能住？"))
    assert "面向本地其他老年人提供普惠服务" in text


@pytest.mark.parametrize("question,answer", [
    ("我妈年纪大了，一个人在三亚，屋里没人做饭，海南有没有长者饭堂", "长者饭堂"),
    ("我爸老年痴呆好几年了，在昌吉，有没有专门照护这种老人的地方", "阿尔茨海默症"),
    ("海口有没有帮老人买意外险？我奶奶八十几岁了", "意外伤害险"),
])
def test_a_story_asks_for_no_age_or_length_of_its_own(question: str, answer: str) -> None:
    # 年纪大了, 好几年了, 八十几岁 tell; the asking clause asks whether there is such a service
    text = texts(ANSWERER.answer(ANSWERER.understand(question, AnswerContext())))
    assert answer in text and "没有直接回答" not in text


def test_a_window_that_leaves_out_its_clauses_residence_condition_is_shown_with_it() -> None:
    question = ANSWERER.understand("温州赡养人伤残无力赡养的中度失能老人，每月有几个小时免费服务", AnswerContext())
    text = texts(ANSWERER.answer(question))
    assert "三十小时" in text and "具有本市户籍并居住在本市" in text


def test_a_second_part_asking_another_kind_of_fact_is_answered_too() -> None:
    # 去哪儿申请 is answered by the benefit's channel; 要带啥材料 is not written, and the reply says so
    text = texts(ANSWERER.answer(ANSWERER.understand("海口的护理补贴要去哪儿申请？要带啥材料？", AnswerContext())))
    assert "办理渠道" in text and "关于“要带啥材料”" in text and "没有写需要的材料" in text


@pytest.mark.parametrize("message,outside,covered", [
    ("阜康市的老人能不能用昌吉市那个家庭照护床位", "阜康", "昌吉市"),
    ("台州的养老服务顾问配置标准跟温州一样吗", "台州", "温州市"),
])
def test_a_place_outside_named_beside_a_covered_one_is_said_not_covered(message: str, outside: str,
                                                                        covered: str) -> None:
    question = ANSWERER.understand(message, AnswerContext())
    assert question.also_outside == outside and question.outside_place is None
    reply = ANSWERER.answer(question)
    first = reply.messages[0]["text"]
    assert first.startswith(f"收录的文件里没有{outside}的规定") and f"下面是{covered}的规定" in first
    assert reply.messages[1]["citations"]  # the quote follows in its own bubble


def test_the_place_asked_is_the_one_in_the_asking_clause_not_the_story() -> None:
    # 嫁来海南 is the story; the question asks about 海口
    question = ANSWERER.understand("我是独生女 嫁来海南十几年了 我妈从湖南老家搬来海口跟我住 户口还在湖南 "
                                   "海口给老人的免费体检她能做吗", AnswerContext())
    assert question.region == "haikou"
    assert "65 周岁以上老年人" in texts(ANSWERER.answer(question))


def test_a_city_far_from_the_covered_places_is_outside() -> None:
    # the prefecture-level cities are listed (places_outside.yaml), everyday words that are also cities are not
    far = ANSWERER.understand("俺是河南周口嘞 俺娘八十三 有啥补贴没", AnswerContext())
    assert far.outside_place in ("河南", "周口")
    assert ANSWERER.understand("我妈在德州，有啥补贴", AnswerContext()).outside_place == "德州"
    assert ANSWERER.understand("祝您安康，海口高龄补贴怎么领", AnswerContext()).also_outside is None
    # a name inside a word is no place: 以上海南 is 以上 + 海南
    assert ANSWERER.understand("养老院床位到多少张以上海南才鼓励设医务室", AnswerContext()).also_outside is None


@pytest.mark.parametrize("message,missing", [
    ("海口高龄津贴每月几百", "没有写具体金额或标准"),  # an amount in round figures is asked
    ("海口哪有长者饭堂", "没有写具体地址"),  # where a place is: no document lists one
])
def test_what_no_document_states_is_said_first(message: str, missing: str) -> None:
    first = ANSWERER.answer(message).messages[0]["text"]
    assert first.startswith("收录的文件里没有直接回答这个问题") and missing in first


def test_a_vague_number_in_a_story_asks_nothing() -> None:
    assert ANSWERER.understand("海口养老人才培养体系是哪几块", AnswerContext()).kind != "money"
    assert ANSWERER.understand("我妈每月就几百块的养老金，海口有啥补贴", AnswerContext()).kind != "money"


def test_a_covered_place_is_no_outside_one_inside_it() -> None:
    # 桂林洋 is in 海口: it names no 桂林
    assert ANSWERER.understand("我爷爷在海口桂林洋那边 今年九十八", AnswerContext()).also_outside is None


def test_how_long_a_month_asks_for_hours_not_money() -> None:
    question = ANSWERER.understand("温州中度失能 低保边缘户 免费居家养老服务一个月多少时间", AnswerContext())
    assert question.kind != "money"


def test_seeing_a_doctor_is_the_documents_word_for_it() -> None:
    # 看病 is no word the documents use, but 就医/就诊 is: the clause on 绿色通道 answers, not under "not the answer"
    text = texts(ANSWERER.answer("温州 老人看病 有绿色通道吗"))
    assert "开通绿色通道" in text and "不是对您问题的回答" not in text


@pytest.mark.parametrize("message,terms", [
    ("特困跟低保有啥不一样", "“特困”和“低保”"),
    ("低保边缘户和低保户有区别吗", "“低保边缘户”和“低保户”"),  # 低保 inside 低保边缘户 is no term of its own
    ("失能和失智有啥区别", "“失能”和“失智”"),  # two names of one term: its definition (失能含失智)
])
def test_how_two_terms_differ_is_said_to_be_unwritten_first(message: str, terms: str) -> None:
    text = texts(ANSWERER.answer(message))
    assert text.startswith(f"收录的文件都没有讲{terms}有什么区别") and "12345" in text
    assert "（出处：" in text and "您问的是哪个地方" not in text


def test_a_definition_asked_in_quotes_is_the_glossarys() -> None:
    text = texts(ANSWERER.answer("问：什么是“家庭养老床位”？"))
    assert text.startswith("收录的文件都没有给“家庭养老床位”下定义")


def test_where_a_rule_comes_from_names_the_documents_that_state_it_not_which_place() -> None:
    text = texts(ANSWERER.answer("特殊困难老年人月探访率要到百分之百 这是哪里的规定"))
    assert "您问的是哪个地方" not in text
    assert "《海口市推进基本养老服务体系建设实施方案》" in text and "《温州市居家养老服务促进条例实施意见" in text


def test_a_later_part_asking_the_price_is_answered_on_its_own_after_the_first() -> None:
    # 能上门吗 is answered by the clause; 要收钱不 is not: said as that part's own line, not the whole answer
    text = texts(ANSWERER.answer("温州的家庭医生能上门给我妈打针换药吗 要收钱不"))
    assert text.startswith("支持签约责任医生") and "不是对您问题的回答" not in text
    assert "关于“要收钱不”：文件里没有写是否收费" in text


def test_a_date_the_draft_leaves_open_is_said_to_be_unfixed() -> None:
    text = texts(ANSWERER.answer("温州这个居家养老的实施意见到底哪天开始实行"))
    assert "2022年*月1日" in text and "还没有定下具体日期" in text and "12345" in text


@pytest.mark.parametrize("message,place", [
    ("三沙市有没有公办养老院，老人能不能去住", "三沙"), ("文昌有长者饭堂吗", "文昌"), ("琼海有几家养老院", "琼海")])
def test_whether_a_city_with_only_the_provinces_plan_has_something_is_said_to_be_unwritten(message: str,
                                                                                           place: str) -> None:
    text = texts(ANSWERER.answer(message))
    assert text.startswith(f"收录的文件里没有{place}自己的文件，也没有写{place}的具体情况") and "12345" in text
    assert "海南省“十四五”民政事业发展规划" in text  # the province's plan follows, as such
    # 海口 has documents of its own: no such lead
    assert not texts(ANSWERER.answer("海口有没有日间照料中心")).startswith("收录的文件里没有海口")


def test_every_part_the_passage_does_not_state_is_named_in_the_admission() -> None:
    text = texts(ANSWERER.answer("我们是昌吉市一家养老企业 想接社区日间照料中心的运营 有啥补贴 流程怎么走"))
    assert text.startswith("收录的文件里没有直接回答这个问题，没有写这方面的补贴、办理渠道")
    phone = texts(ANSWERER.answer("昌吉市民政局在哪里办公，电话多少"))
    assert phone.count("具体联系电话") == 1  # said once, not again as the later part's line


def test_a_price_the_clause_states_in_its_own_words_is_shown() -> None:
    # 采取“企业让一点、慈善捐一点、个人掏一点”方式: the meals' cost, in the clause's sentence on meals
    text = texts(ANSWERER.answer("昌吉 老人送饭 要钱不"))
    assert "个人掏一点" in text and not text.startswith("收录的文件里没有直接回答")


def test_a_place_outside_beside_a_covered_one_is_said_first_also_when_nothing_answers() -> None:
    text = texts(ANSWERER.answer("阜康的老人 能不能按昌吉市那个养老试点方案享受"))
    assert text.startswith("收录的文件里没有阜康的规定")


def test_a_fact_no_place_states_is_said_to_be_unwritten_before_asking_the_place() -> None:
    text = texts(ANSWERER.answer("高龄津贴多少岁能领"))
    assert text.startswith("收录的文件（") and "都没有写具体年龄条件" in text


def test_a_kin_word_with_a_place_is_no_unnamed_topic() -> None:
    # 奶奶家 is where the toilet is, no thing the documents fail to name
    text = texts(ANSWERER.answer("三亞我奶奶家廁所想裝扶手 政府幫不幫做適老化改造？"))
    assert "没有直接提到“奶奶家”" not in text and "适老化改造" in text


def test_a_close_passage_of_the_same_document_that_says_more_follows_the_answer() -> None:
    # the best clause is on the subsidies; its neighbour, nearly as close, is the training asked about
    text = texts(ANSWERER.answer("我妈在海口 中风以后卧床了 我们做子女的想学怎么护理 政府有没有培训 有补贴吗"))
    assert "相关的还有一条：" in text and "家庭成员照护培训" in text and "第二部分（五）第21条" in text
    # shown once, after the answer's own source and before its notes
    assert text.count("相关的还有一条") == 1 and text.index("第二部分（三）第9条") < text.index("相关的还有一条")
    # the pilot homes of 医养结合 are in the clause after the targets' one
    assert "厚德康养家园" in texts(ANSWERER.answer("昌吉医养结合先在哪几家试点"))


@pytest.mark.parametrize("message", [
    "养老机构护理型床位占比要达到多少",  # the value asked is in the answer: nothing more
    "昌吉改革试点的中央专项资金怎么管",  # the task table's row only restates the clause shown
    "老人过世了丧葬补贴能领多少",  # no amount anywhere: an admission, no second passage
])
def test_no_second_passage_when_the_answer_has_the_value_or_it_would_repeat_it(message: str) -> None:
    assert "相关的还有一条" not in texts(ANSWERER.answer(message))


def test_an_amount_of_a_named_payment_and_an_either_or_office_are_kinds_of_fact() -> None:
    assert ANSWERER.understand("老人过世了丧葬补贴能领多少").kind == "money"
    assert ANSWERER.understand("高龄津贴多少岁能领").kind == "age"
    assert ANSWERER.understand("重度残疾人护理补贴到底是民政发还是残联发").kind == "department"


@pytest.mark.parametrize("message,kind,missing", [
    ("我媽在昌吉市住了快三十年 戶口一直在甘肅老家 昌吉簽家庭醫生要不要本地戶口", "hukou_rule", "户籍方面的要求"),
    ("海南乡镇社工站建好了没", "issued", "现在是否已经出台、开始或建成"),
    ("我妈在温州每月那四十五小时用不完 能不能折成钱发", "cash_instead", "折成现金"),
    ("我爸在昌吉市 想住公办养老院 排队要排多久", "duration", "具体时长"),  # (2021年 is a date, no length)
    ("我妈在海口一个养老机构交了两万块预付费 现在老板跑了人找不到 这个上哪去告", "recourse", "该找谁"),
    # users24: a price asked in 温州话 (几钿), a rating's scoring, a platform's steps, where to seek mediation
    ("温州的居家养老服务中心吃一餐饭几钿", "money", "具体金额"),
    ("温州的养老服务机构星级是怎么打分的", "criteria", "评估或划分标准"),
    ("在海口用海易办申请养老服务补贴的具体步骤是啥", "steps", "办理入口和步骤"),
    ("温州的子女不尽赡养义务 老人可以到哪里申请调解", "recourse", "该找谁"),
])
def test_a_question_the_nearest_clause_does_not_answer_is_admitted_first(message: str, kind: str,
                                                                          missing: str) -> None:
    # users10: these showed the nearest clause as the answer
    assert ANSWERER.understand(message).kind == kind
    text = texts(ANSWERER.answer(message))
    assert "收录的文件里没有直接回答这个问题" in text and missing in text and "12345" in text
    assert text.index("收录的文件里没有直接回答") < text.index("（出处") if "（出处" in text else True


def test_a_voice_typo_cut_across_two_words_is_read_as_the_documents_term() -> None:
    # 买义外险: the segmenter cut 义外险 (意外险) into 买义 / 外险
    text = texts(ANSWERER.answer("我爸老是摔跤 海口有没有政府帮老人买义外险的"))
    assert "意外伤害险" in text and not text.startswith("抱歉")


@pytest.mark.parametrize("message", ["我们家不是低保也不是边缘户 我爸重度失能 温州那个免费服务还有我们的份吗",
                                     "温州市享受政府免费居家养老服务需要满足哪些条件？"])
def test_whether_someone_qualifies_gets_every_group_of_a_short_clause(message: str) -> None:
    # users9/10: the sentence on 赡养人死亡或者伤病残 was cut behind 详细说明
    text = texts(ANSWERER.answer(message))
    assert "具有本市户籍并居住在本市" in text and "最低生活保障边缘家庭成员" in text and "赡养人死亡或者伤病残" in text


@pytest.mark.parametrize("message,kind", [
    ("昌吉低保老人每个月能领多少", "money"),  # what is received is money
    ("养老护理员考试费多少", "money"),
    ("海口老人坐公交免费是多少岁开始", None),  # 免费 is no fee asked
    ("温州特殊困难老人多久上门探访一次", "frequency"),  # words between 多久 and 一次
    ("三亚哪家养老院好", "recommend"),
    ("失能是怎么评的 重度和中度按什么划", "criteria"),
    ("昌吉的试点方案现在还执行吗", "still_valid"),
    ("海南普惠养老价格有标准吗", "issued"),
    # users14: 咋签 / 咋评 / 结果出来没 / 能报多少 / 负责哪些工作
    ("海口家庭医生咋签", "apply"),
    ("失能咋评", "criteria"),
    ("海南民政十四五规划2023年中期评估结果出来没", "issued"),
    ("长期护理保险能报多少", "money"),
    ("养老服务顾问主要负责哪些工作", "duties"),
    # users16: 材料 named is not 材料 asked; 每个月能有多少免费上门服务 asks hours, not money
    ("宣贯条例的图片视频材料最晚啥时候交市局", None),
    ("她每个月能有多少免费上门服务", None),
    ("海口申请护理补贴要什么材料", "materials"),
])
def test_the_kind_asked_is_read_from_its_form(message: str, kind: str | None) -> None:
    question = ANSWERER.understand(message, AnswerContext())
    wrong = ("money", "recommend", "criteria", "materials")
    assert (question.kind == kind) if kind else question.kind not in wrong, question.kind


@pytest.mark.parametrize("message,missing", [
    ("三亚哪家养老院好", "文件不评价、不推荐具体机构"),
    ("温州失能是怎么评的 重度和中度按什么划", "具体的评估或划分标准"),
    ("海南普惠养老价格有标准吗", "现在是否已经出台"),
    ("海口家庭医生咋签", "办理渠道"),
    ("海南民政十四五规划2023年中期评估结果出来没", "现在是否已经出台"),
    ("温州养老服务顾问负责什么", "具体的工作职责"),
])
def test_what_the_documents_cannot_say_is_admitted_before_the_nearest_clause(message: str, missing: str) -> None:
    first = ANSWERER.answer(message).messages[0]["text"]
    assert first.startswith("收录的文件里没有直接回答这个问题") and missing in first


def test_an_a_not_a_question_word_is_no_voice_typo() -> None:
    # users12 u12-157: 政府发不发 (is it given out) was read as 罚不罚 (fined or not)
    question = ANSWERER.understand("老人防走失的定位手环 政府发不发", AnswerContext())
    assert question.kind != "penalty" and "罚不罚" not in question.normalized


def test_what_a_concept_is_asked_as_a_definition() -> None:
    # users12 u12-141: 是个什么概念 — only 海口's plan defines it, so no place needs asking
    first = ANSWERER.answer("基本养老服务到底是个什么概念").messages[0]["text"]
    assert "基础性、普惠性、兜底性服务" in first


def test_a_place_named_as_the_model_is_no_comparison() -> None:
    # users12 d12-27: 三亚有没有温州那种…服务 asks about 三亚; 海口和温州的…有什么不同 compares
    assert not ANSWERER.understand("三亚有没有温州那种免费服务", AnswerContext()).compares
    assert ANSWERER.understand("海口和温州的上门服务有什么不同", AnswerContext()).compares


@pytest.mark.parametrize("message,expected", [
    # users14: everyday words for 探访 / 照护培训 / 单人户, and the place names out of the search words
    ("我爸一个人住三亚 老家是万宁的 政府会不会定期有人去看看他", "巡访"),
    ("我阿嬤住海口 確診Alzheimer 家裡人都不會照顧 政府有沒有教家屬護理的課", "照护培训"),
    ("来电人问：家里就老人一个人 能不能单独办低保 海南有这个政策吗", "单人户"),
    ("海口有沒有哪個App可以查養老政策 還是只能打電話", "海易办"),  # users16 u16-022
])
def test_everyday_words_find_the_clause_that_answers(message: str, expected: str) -> None:
    text = texts(ANSWERER.answer(message))
    assert expected in text and "没有找到" not in text, text


def test_the_place_named_as_the_model_is_not_the_place_asked_about() -> None:
    # users14 u14-060: 海口's 65岁 check-up was given for 儋州, which no document grants it
    question = ANSWERER.understand("我爸妈在海口 我岳父岳母在儋州 海口那个65岁免费体检 儋州的老人也能做吗",
                                   AnswerContext())
    assert question.place == "danzhou", question.place
    assert "65 周岁以上老年人,提供免费体检" not in texts(ANSWERER.answer(question))


@pytest.mark.parametrize("message,place", [
    ("丽水有没有温州那样的免费居家服务", "丽水"), ("上海有没有温州那种免费服务", "上海"),
    ("我老公是温州人 公公一个人留在丽水老家 丽水有没有温州那样的免费居家服务", "丽水")])
def test_a_place_outside_asked_about_is_said_to_be_outside_whatever_model_it_names(message: str, place: str) -> None:
    # users14 u14-133 / u14-126: 温州's hours were given for 丽水; 台北 was not known
    text = texts(ANSWERER.answer(message))
    assert text.startswith((f"收录的文件里没有{place}的规定", f"“{place}”的政策不在我收录的文件里")), text


@pytest.mark.parametrize("message,expected", [
    ("海口有冇老人家搭巴士嘅優待呀", "乘坐公共交通工具等优待政策"),
    ("我爸妈在昌吉市三工镇种了一辈子地 现在干不动了 村里那个互助幸福院白天能去待着吗", "互助幸福院日间照料"),
    # users31 u31-026 / u31-075: a daughter (闺女) is whom one lives with, 听讲 how one heard — neither is a topic
    ("俺从哈尔滨搬来海口跟闺女住 听说要整啥一刻钟养老服务圈 啥时候能整好", "一刻钟"),
    ("听讲温州有养老服务顾问 我外婆住文成乡下村里 村里也有吗", "村居（社区）至少配置1名养老服务顾问"),
])
def test_kin_and_dialect_question_words_are_never_the_word_the_documents_lack(message: str, expected: str) -> None:
    # users14 u14-008 / u14-102: 「收录的文件里没有直接提到“有无”/“爸妈”」, then the answer marked as not one
    text = texts(ANSWERER.answer(message))
    assert expected in text and "没有直接提到" not in text, text


def test_the_asking_clauses_words_decide_among_near_tied_passages_after_a_story() -> None:
    # users15 u15-008: 社区医生 in the story brought 家庭医生签约 first; 免费体检 要多大年纪 is answered by 65 周岁
    text = texts(ANSWERER.answer("我爸六十八了 退休前在港务局开吊车 前几年装了心脏支架 "
                                 "社区医生说海口老人可以免费体检 是真的吗 要多大年纪"))
    assert "65 周岁以上老年人,提供免费体检" in text and "没有写" not in text, text


@pytest.mark.parametrize("message,expected", [
    ("今天早上在海口东站门口看到一个老大爷 说不清家在哪 衣服也破 看着七十多 政府对这种流浪老人有什么办法", "无偿食宿"),
    ("我妈一个人在昌吉住，腿脚不好，听说政府给困难老人家里做试老化改造，到底哪些人家能享受", "分散供养特困人员"),
])
def test_after_a_story_the_asking_clauses_say_whether_the_passage_answers(message: str, expected: str) -> None:
    # users16 u16-012: the story's rare words (东站, 衣服) made the right clause look off topic: "not found"
    text = texts(ANSWERER.answer(message))
    assert expected in text and "没有找到" not in text, text


def test_obtaining_assistance_by_deceit_in_users_words_finds_the_penalty_clause() -> None:
    # users25 u25-053: 骗低保 ~ 骗取 (the plan's 失信联合惩戒 clause), not the clause on 认定办法
    text = texts(ANSWERER.answer("海南有人虚报家庭收入骗低保 会有啥后果"))
    assert "信用纪录" in text or "失信" in text


def test_a_document_named_by_a_title_no_document_mentions_is_admitted_first() -> None:
    # users25 u25-070 showed another 条例's clause for a title asked about; a title nowhere in the documents is
    # said to be unmentioned before the nearest rule
    text = texts(ANSWERER.answer("《海口市老年人乘车优待办法》是怎么规定的"))
    assert "没有直接提到" in text and "海口市老年人乘车优待办法" in text
    assert text.index("没有直接提到") < text.index("最接近")


def test_a_covered_documents_title_in_other_brackets_is_no_unmentioned_title() -> None:
    # users31 u31-081: the 温州 draft's title quoted with 〈〉 for its inner brackets was said to be unmentioned
    title = "《温州市人民政府办公室关于贯彻落实〈温州市居家养老服务促进条例〉的实施意见》"
    text = texts(ANSWERER.answer(f"{title}自何时起施行？"))
    assert "本意见自2022年*月1日起施行" in text and "没有直接提到" not in text, text


def test_a_verb_softened_by_a_little_is_no_word_the_documents_lack() -> None:
    # users31 u31-027: 「收录的文件里没有直接提到“学点”」 (学点 正规的护理: to learn some nursing)
    text = texts(ANSWERER.answer("我辞了工作在家照顾婆婆 住秀英 想去学点正规的护理 有没有补贴"))
    assert "没有直接提到“学点”" not in text, text


@pytest.mark.parametrize("message,expected", [
    # users31 u31-079 / -024 / -049 / -050 / -071: the everyday word for what a clause rules
    ("苍南村里的居家养老服务中心 电费一直按商业电价收 对不对", "执行居民生活类价格"),
    ("我们公司在海口做居家养老上门服务 想用小区里配套的养老用房 要交租金吗", "无偿或抵偿使用配套建设的养老服务设施"),
    ("在陵水办低包 跑了三趟 每趟都说缺个材料 有没有一次给讲清楚的规定", "一次性告知"),
    ("听村里人讲有人瞒着收入吃低保 在海南查出来会咋处理", "失信联合惩戒"),
    ("我在平阳 家里一楼店面空着 要是借给村里老人当活动的地方 政府鼓励不", "将闲置的场所、设施用于居家养老服务"),
    # users32 u32-042 / u32-043: visiting her now and then (定期去看她) is 巡访 / 探访; 减免 is 无偿或低偿
    ("我阿婆在五指山的村里一个人过，我们子女都在海口上班，村里会不会有人定期去看她？", "巡访"),
    ("如果我爸家里经济困难、人又有点糊涂了，在东方想住养老院，费用能不能减免？", "无偿或低偿"),
    # users31 u31-058: after a story (要去评失能), the asking clause's one rare word (评估) decides among close passages
    ("我妈在澄迈，要去评失能，评估用的什么标准", "评估标准"),
])
def test_everyday_words_for_what_a_clause_rules_find_it(message: str, expected: str) -> None:
    text = texts(ANSWERER.answer(message))
    assert expected in text and "没有找到" not in text, text


@pytest.mark.parametrize("message,expected", [
    # users29 d29-02 (left then): a hotline agent's framing is who writes — its 12345 found the clause on 12345
    ("我是12345热线的，来电人问海口老人免费体检多大年纪能做", "65 周岁以上老年人,提供免费体检"),
    ("12345这边有个来电，老人问温州免费居家养老服务一个月多少小时", "四十五小时"),
])
def test_a_hotline_agents_framing_is_not_the_question(message: str, expected: str) -> None:
    assert expected in texts(ANSWERER.answer(message))


@pytest.mark.parametrize("message,expected", [
    # users32: what users call what the clauses rule — 福彩金 (u32-011), 管吃住 / 找家里人 (u32-014), 留人工的办法
    # (u32-023), 精神病 (u32-050), 投钱 … 整治 (u32-046), a stage of the 昌吉 pilot asked by its name (u32-107)
    ("海口福彩金养老占几成", "不低于 55%"),
    ("我舅舅七十好几了，在海口火车站那一片流浪好几年了，政府管不管他吃住？能不能帮着找家里人", "无偿食宿"),
    ("我在海口 不会用智能手机 去政府办事还给不给我们老人留人工的办法", "传统服务和智能化创新服务并行"),
    ("我叔叔得精神病好多年了，六十八，住三亚，家里没人能照看，省里有没有能长期养护的地方", "精神卫生服务设施"),
    ("我爸在琼海，上回被人拉去听讲座，买了保健品，还让他投钱说是什么养老项目，海南对这种有没有整治", "集中整治"),
    ("昌吉居家社区养老改革试点的组织实施阶段是啥时候", "2021年1月—2021年7月"),
])
def test_users_words_for_clauses_find_them_users32(message: str, expected: str) -> None:
    assert expected in texts(ANSWERER.answer(message))


def test_a_list_question_gets_the_listing_sentence_of_the_clause_found() -> None:
    # users32 u32-008: 清单里都有哪些项目 found the clause's first sentence (制定发布…明确服务对象、项目) — the items
    # are listed in its next sentence (服务项目包含…)
    text = texts(ANSWERER.answer("海口基本养老服务清单里都有哪些项目"))
    assert "服务项目包含" in text and "高龄津贴" in text


@pytest.mark.parametrize("message,missing", [
    # users32 u32-089 / u32-031 / u32-063: what the documents do not say is admitted before the nearest rule
    ("我妈在瑞安评了个中度失能，我们觉得评低了，能不能申请重新评", "能不能重新评估"),
    ("我爸户口在儋州，人一直住海口龙华，高龄补贴该回儋州领还是在海口领？", "该在哪里领取"),
    ("文昌长护险开始了没有", "现在是否已经出台、开始或建成"),
])
def test_a_review_where_to_claim_or_a_start_no_clause_states_is_admitted_first(message: str, missing: str) -> None:
    text = texts(ANSWERER.answer(message))
    assert text.startswith("收录的文件里没有直接回答") and missing in text and "最接近" in text, text


def test_whether_one_pays_asked_with_yao_bu_yao_shows_the_share_the_clause_states() -> None:
    # users31 u31-101: 自己要不要掏钱 was no cost question (only 自己掏钱 was): the 物业 sentence was shown
    assert "个人掏一点" in texts(ANSWERER.answer("昌吉社区老年食堂吃饭 自己要不要掏钱"))
