"""Passage search: region filter, normalisation, colloquial and traditional-character questions.

The example questions here are deliberately not taken from tests/data/dev_questions.yaml.
"""

from __future__ import annotations

import pytest

from bot.kb.loader import load_kb
from bot.kb.numerals import normalize_text
from bot.kb.search import (
    KINDS,
    SearchHit,
    detect_region,
    get_index,
    normalize_query,
    search,
    split_responsibility,
    split_sentences,
)

HAIKOU_SCOPE = {"haikou-2023-161", "haikou-2023-105", "hainan-2021-plan"}


def top(query: str, region: str | None = None, k: int = 3) -> list[SearchHit]:
    return search(query, region=region, k=k)


def contains(hit: SearchHit, fact: str) -> bool:
    return normalize_text(fact) in normalize_text(hit.text)


# ---------------------------------------------------------------------------------------------- text helpers
def test_normalize_query_traditional_fullwidth_numerals():
    assert normalize_query("溫州癱瘓老人每個月") == "温州瘫痪老人每个月"
    assert normalize_query("ＡＰＰ１２３４５") == "app12345"
    assert "45小时" in normalize_query("不少于四十五小时")


def test_split_sentences_joins_short_pieces():
    text = "第一句话比较长，说明了一些事情。短句。第三句话也足够长，不会被合并到前面去。"
    parts = split_sentences(text)
    assert "".join(parts) == text
    assert all(len(p) >= 10 for p in parts)
    assert len(parts) == 2


def test_split_responsibility_notes():
    body, note = split_responsibility("做好某项工作。[责任单位：市民政局、市财政局，各县（市、区）政府]")
    assert body == "做好某项工作。"
    assert note.startswith("[责任单位")
    body, note = split_responsibility("做好某项工作。(市民政局、市卫健委按照职责分工负责)")
    assert note == "(市民政局、市卫健委按照职责分工负责)"
    assert split_responsibility("普通句子（括号里不是单位）") == ("普通句子（括号里不是单位）", "")


# ---------------------------------------------------------------------------------------------- API shape
def test_hit_fields_and_one_hit_per_clause():
    hits = top("养老护理员培训", k=5)
    assert 1 <= len(hits) <= 5
    assert len({h.clause_id for h in hits}) == len(hits)
    kb = load_kb()
    for hit in hits:
        assert hit.kind == "clause"
        assert hit.clause_id in kb.clauses
        assert hit.doc_id == kb.clauses[hit.clause_id].doc_id
        assert hit.doc_status == kb.documents[hit.doc_id].status
        assert hit.heading == kb.clauses[hit.clause_id].heading
        assert hit.text.strip()
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_empty_and_bad_arguments():
    assert search("") == []
    assert search("   ") == []
    assert search("的了吗呢") == []
    assert search("养老", k=0) == []
    with pytest.raises(ValueError):
        search("养老", kinds=("nonsense",))
    assert set(KINDS) >= {"clause", "glossary", "figure", "benefit"}


def test_index_is_cached():
    assert get_index() is get_index()


# ---------------------------------------------------------------------------------------------- region filter
def test_region_filter_haikou_includes_hainan_plan():
    hits = top("养老机构护理型床位占比", region="haikou", k=5)
    assert hits and {h.doc_id for h in hits} <= HAIKOU_SCOPE


def test_region_filter_sanya_is_hainan_only():
    hits = top("三亚养老院护理床位占比要到多少", region="三亚", k=5)
    assert hits and {h.doc_id for h in hits} == {"hainan-2021-plan"}
    assert any(contains(h, "不低于60%") for h in hits[:2])


def test_region_filter_wenzhou_and_changji():
    assert {h.doc_id for h in top("家庭养老床位", region="wenzhou", k=5)} == {"wenzhou-2022-draft"}
    assert {h.doc_id for h in top("家庭照护床位", region="changji", k=5)} == {"changji-2021-1"}


def test_district_resolves_to_city_scope():
    hits = top("美兰区有没有给老人的免费体检", region="美兰区")
    assert hits and {h.doc_id for h in hits} <= HAIKOU_SCOPE
    assert hits[0].clause_id == "haikou-2023-105:2.3.9"


def test_uncovered_region_gives_nothing():
    assert top("北京的老人高龄补贴多少", region="北京") == []


def test_region_detected_from_query():
    assert detect_region("鹿城区的独居老人") == "lucheng"
    assert detect_region("咱们三亚的养老院") == "sanya"
    assert detect_region("养老护理员培训") is None
    hits = top("温州的养老服务顾问怎么配")
    assert hits and {h.doc_id for h in hits} == {"wenzhou-2022-draft"}


# ------------------------------------------------------------------------------------ finding the clause
def test_traditional_characters_and_colloquial_words():
    hits = top("俺爹在溫州癱瘓在床，家裡是低保戶，每個月政府給多少小時免費服務")
    assert hits[0].clause_id == "wenzhou-2022-draft:3.3.8"
    assert contains(hits[0], "四十五小时")
    assert hits[0].doc_status == "draft"


def test_traditional_characters_penalty():
    hits = top("溫州養老服務用房被擅自拆除罰多少錢")
    assert hits[0].clause_id == "wenzhou-2022-draft:3.5.17"
    assert contains(hits[0], "五百元以上五千元以下")


def test_colloquial_five_guarantee_elder_in_hospital():
    hits = top("在海口没儿没女的五保老人住院了谁伺候", region="haikou")
    assert hits[0].clause_id == "haikou-2023-105:2.3.7"
    assert contains(hits[0], "住院期间照料护理服务")


def test_colloquial_dementia():
    hits = top("昌吉有没有专门给失智老人的康复中心", region="changji")
    assert hits[0].clause_id == "changji-2021-1:2.2"
    assert contains(hits[0], "阿尔茨海默症康复中心")


def test_facility_standard_with_spoken_numbers():
    hits = top("海口新盖的小区每一百户要配多少平方的养老用房", region="haikou")
    assert hits[0].clause_id == "haikou-2023-105:2.4.14"
    assert contains(hits[0], "30 平方米")


def test_deadline_question():
    hits = top("温州旧小区没有居家养老用房，最晚哪年前要补上", region="wenzhou")
    assert hits[0].clause_id == "wenzhou-2022-draft:3.2.6"
    assert contains(hits[0], "2027年7月1日前")


def test_passages_are_short():
    for query, region in [("海南养老机构怎么监管", "hainan"), ("昌吉养老服务人才培训", "changji")]:
        for hit in top(query, region=region, k=5):
            assert len(hit.text) <= 520, hit


def test_department_question_gets_the_responsible_units():
    hits = top("温州给失能老人的免费居家服务由哪些部门负责", region="wenzhou")
    assert hits[0].clause_id == "wenzhou-2022-draft:3.3.8"
    assert "责任单位" in hits[0].text


def test_definition_question_gets_the_whole_definition():
    hits = top("时间银行是啥意思", k=3)
    assert any(contains(h, "时间换时间") for h in hits)


def test_other_kinds_when_present():
    kb = load_kb()
    if not kb.glossary:
        pytest.skip("no knowledge/glossary.yaml")
    hits = search("时间银行是什么", kinds=("glossary",), k=3)
    assert hits and all(h.kind == "glossary" for h in hits)


def test_sound_alike_typos_are_read_as_the_terms_the_documents_use() -> None:
    from bot.kb.search import get_index, normalize_query

    index = get_index()
    assert index.correct_sound_alikes(normalize_query("海口低宝老人有啥补帖")) == "海口低保老人有啥补贴"
    assert index.correct_sound_alikes(normalize_query("家庭养老床为是啥")) == "家庭养老床位是啥"
    assert index.detect_region("温洲的老人") == "wenzhou"
    # real words stay as they are, even when a document term sounds the same
    assert index.correct_sound_alikes(normalize_query("孩子都在外地")) == normalize_query("孩子都在外地")
    # the unit after a number is not a typo (2025年建 ≠ 年检)
    assert index.correct_sound_alikes(normalize_query("到2025年建几张")) == normalize_query("到2025年建几张")
    # a typo the segmenter cut into two single characters (体|捡) is still the documents' 体检
    assert "免费体检" in index.correct_sound_alikes(normalize_query("在海口能免费体捡吗"))
    assert index.correct_sound_alikes(normalize_query("能不能住进去")) == normalize_query("能不能住进去")
    # a fix never makes a place with its neighbours (来电人问昌吉市: 人问 → 人文 would name 文昌)
    assert index.correct_sound_alikes(normalize_query("来电人问昌吉市的事")) == normalize_query("来电人问昌吉市的事")
    assert index.detect_region("来电人问昌吉市的事") == "changji"
    # a character read two ways (长: chang / zhang) sounds like the term either way (users25 u25-087: 常护险)
    assert "长护险" in index.correct_sound_alikes(normalize_query("海口常护险怎么申请"))
    # one character cut off a word nobody writes (静 + 老院, u25-107) — but not a word people ask with (发多少钱)
    assert "敬老院" in index.correct_sound_alikes(normalize_query("海口的静老院收不收人"))
    assert "发多少钱" in index.correct_sound_alikes(normalize_query("高龄津贴一个月发多少钱"))


def test_typed_pinyin_is_read_as_the_terms_of_that_sound() -> None:
    from bot.kb.search import get_index, normalize_query

    index = get_index()
    assert index.correct_sound_alikes(normalize_query("Wenzhou jiating chuangwei")) == "温州 家庭 床位"
    assert index.detect_region("haikou gaoling jintie") == "haikou"
    assert index.correct_sound_alikes("app怎么下载") == "app怎么下载"  # English stays English


def test_synonyms_of_a_users_word_are_the_documents_terms() -> None:
    from bot.kb.search import get_index

    assert "低保" in get_index().synonyms_of("吃低保的")
    assert "失能" not in get_index().synonyms_of("阿尔茨海默")


def test_a_misheard_word_is_corrected_only_where_the_documents_word_fits() -> None:
    from bot.kb.search import get_index, normalize_query

    index = get_index()
    assert "月探访率" in index.correct_sound_alikes(normalize_query("温州 特困老人 月探方率 目标"))
    # real words that fit their neighbours are left alone
    assert index.correct_sound_alikes(normalize_query("政府公示了吗")).replace(" ", "") == "政府公示了吗"
    assert "事实" in index.correct_sound_alikes(normalize_query("事实无人照护"))


def test_a_word_the_asked_regions_documents_never_use_is_translated_by_its_synonyms() -> None:
    from bot.kb.search import get_index

    # 昌吉 writes 助餐, 温州 writes 助配餐: asked about 温州, 助餐 weighs as the user's own word would
    hits = get_index().search("温州助餐有没有补贴", region="wenzhou", k=3)
    assert "wenzhou-2022-draft:3.3.9" in [h.clause_id for h in hits]


def test_conversational_fillers_are_not_topic_words() -> None:
    from bot.kb.search import get_index

    terms = get_index().query_terms("我想问下温州那边助餐有没有补贴")
    assert not {"我想", "问下", "那边"} & set(terms)


def test_a_list_of_attachments_answers_only_questions_that_name_a_document():
    # the titles of the attachments repeat 居家养老服务 but say nothing on where to apply
    top = search("海口哪里可以申请居家养老服务", region="haikou", k=1)[0]
    assert not top.clause_id.endswith(":attachments")
