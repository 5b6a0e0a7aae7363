"""Properties of the reader (issue 18, point 3: a fact only from a statement about the elder): a question about
a group of elders — a status that qualifies elders at large, no one named — records no fact about anyone,
whatever other statuses, places and question forms it holds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.conversation.services import MemoryRecords, build_services
from bot.nlu.text import normalize_user_text

SERVICES = build_services(MemoryRecords())

PLACES = st.sampled_from(["", "海口", "温州", "昌吉市", "三亚 "])
GROUP_STATUSES = st.sampled_from(["失独", "特困", "低保", "独居", "空巢", "重度失能", "农村留守", "分散供养特困",
                                  "低保边缘"])
ELDERS = st.sampled_from(["老人", "老年人", "家庭的老人"])
MORE = st.sampled_from(["", "中度失智", "重度失能", "八十多岁", "没人照顾", "低保户", "自己愿意去敬老院"])
ASKING = st.sampled_from(["能享受啥", "有什么补贴", "政府管不管", "能不能享受免费服务", "享受哪些服务？",
                          "政府有人关心没有"])
BREAKS = st.sampled_from([" ", "，", ""])


@settings(max_examples=150, deadline=None)
@given(PLACES, GROUP_STATUSES, ELDERS, MORE, ASKING, BREAKS)
def test_a_question_about_a_group_of_elders_records_no_ones_facts(place: str, status: str, elders: str, more: str,
                                                                 asking: str, brk: str) -> None:
    text = brk.join(p for p in (f"{place}{status}{elders}", more, asking) if p)
    facts = SERVICES.reader.read(normalize_user_text(text)).facts
    assert set(facts) <= {"region"}, (text, facts)


WORKERS = st.sampled_from(["社工", "网格员", "村干部", "工作人员"])
NEIGHBOURS = st.sampled_from([("张大爷", "李奶奶"), ("王大妈", "赵爷爷"), ("老大爷", "老奶奶")])


@settings(max_examples=60, deadline=None)
@given(WORKERS, NEIGHBOURS, st.sampled_from(["：", " ", "，"]))
def test_a_worker_typing_two_elders_gives_their_place_and_each_ones_facts(worker: str, names: tuple[str, str],
                                                                          brk: str) -> None:
    # d9-25: the worker's own place is where the elders they serve are; each elder keeps their own age
    first, second = names
    text = f"我是温州瓯海一个社区的{worker} 帮两位老人问问{brk}{first}83岁一个人住，{second}79岁跟儿子住"
    reading = SERVICES.reader.read(normalize_user_text(text))
    assert reading.facts.get("region") == "ouhai", (text, reading)
    assert [p.facts.get("age") for p in reading.people] == ["83", "79"], (text, reading.people)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["管", "照顾", "伺候", "照料"]),
       st.sampled_from(["家里就我一个人", "家里只有我一个人", "就我一个人"]))
def test_the_writer_alone_caring_records_no_living_arrangement(verb: str, lead: str) -> None:
    # users10 u10-036 / d10-16: 家里就我一个人管 is the grandchild caring, not the grandmother living alone
    text = f"海口龙华区 我奶奶七十九 卧床三年了 {lead}{verb}"
    assert "living" not in SERVICES.reader.read(normalize_user_text(text)).facts, text


def test_the_writers_siblings_place_is_not_the_elders() -> None:
    reading = SERVICES.reader.read(normalize_user_text("就他们俩在家 我们姐弟都在三亚"))
    assert "region" not in reading.facts


def test_a_rules_age_and_a_denied_status_are_no_facts() -> None:
    # users11: 那个七十岁看病走绿色通道 is the rule's age; 没吃上低保 denies 低保
    asked = "我爸在阜康 昌吉那个七十岁看病走绿色通道 他能用吗"
    assert "age" not in SERVICES.reader.read(normalize_user_text(asked)).facts
    assert "economic" not in SERVICES.reader.read(normalize_user_text("我妈在温州 没吃上低保")).facts


TWO_PLACES = st.sampled_from([("海口", "三亚"), ("温州", "金华"), ("三亚", "儋州"), ("海口龙华", "海口美兰"),
                              ("昌吉", "北京"), ("文昌", "温州")])
KIN_PAIRS = st.sampled_from([("我爸", "我妈"), ("外公", "外婆"), ("我公公", "我婆婆"), ("爷爷", "奶奶")])


@settings(max_examples=80, deadline=None)
@given(TWO_PLACES, KIN_PAIRS, st.sampled_from(["在", "住", "住在"]), st.sampled_from(["", " ", "，"]),
       st.sampled_from(["", " 帮我查查", " 都八十了 能享受啥"]))
def test_two_elders_in_two_places_each_keep_their_own_place(places: tuple[str, str], kin: tuple[str, str], verb: str,
                                                           brk: str, tail: str) -> None:
    # users11 u11-023 / users10 d10-17: 我爸在温州 我妈在金华 gave the father 不居住在本市 (the mother's 金华)
    text = f"{kin[0]}{verb}{places[0]}{brk}{kin[1]}{verb}{places[1]}{tail}"
    reading = SERVICES.reader.read(normalize_user_text(text))
    assert not {"region", "resides_local", "hukou_local"} & set(reading.facts), (text, reading.facts)
    first, second = (p.facts for p in reading.people) if len(reading.people) == 2 else ({}, {})
    for person in (first, second):  # (不居住在本市 only of one whose own place is outside the documents)
        assert person.get("resides_local") != "false" or person.get("region") == "outside", (text, reading.people)
    if first.get("region") and second.get("region"):
        assert first["region"] != second["region"] or places[0][:2] == places[1][:2], (text, reading.people)


@pytest.mark.parametrize("text,region", [("我爸在北京 想查查他能享受啥", "outside"),
                                         ("我爸在阜康市 属于昌吉州 想查查他能享受啥", "outside"),
                                         ("my grandpa lives in Haikou, 85", "haikou"),
                                         ("我在乌鲁木齐上班 昌吉那些养老政策我爸能用吗", None)])
def test_the_elders_place_is_the_one_said_of_the_elder(text: str, region: str | None) -> None:
    # the writer's own 我 before a kin word (我爸在北京) is the elder's place; a place named with 那些政策 is the topic
    assert SERVICES.reader.read(normalize_user_text(text)).facts.get("region") == region


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["老伴", "羊缸子", "老头子", "老伴儿"]), st.integers(60, 99), st.integers(60, 99),
       st.sampled_from(["我{a} {s}{b}", "我跟我{s}都在昌吉市 我{a}她{b}", "俺{s}{b}，俺{a}，给俺俩都查查"]))
def test_the_writer_and_the_spouse_are_two_elders_each_with_their_own_age(spouse: str, mine: int, theirs: int,
                                                                         form: str) -> None:
    # users12 d12-14 / d12-31: 我七十一 老伴六十八 gave the writer the spouse's 68
    text = form.format(a=mine, b=theirs, s=spouse)
    people = {p.label: p.facts.get("age") for p in SERVICES.reader.read(normalize_user_text(text)).people}
    assert people.get("我自己") == str(mine) and str(theirs) in people.values(), (text, people)
    assert "age" not in SERVICES.reader.read(normalize_user_text(text)).facts


@pytest.mark.parametrize("text,region,expected", [
    ("温州鹿城户口也住鹿城", None, "lucheng"),  # users12 u12-096: 温州 named, 鹿城 is 温州's 鹿城区
    ("一直住在鹿城", "wenzhou", "lucheng"),  # in a check about 温州 (u12-101)
    ("我爸在鹿城", None, None),  # alone, 鹿城 may be 三亚 too: the check asks
])
def test_a_nickname_is_the_place_it_means_where_the_conversation_is(text: str, region: str | None,
                                                                   expected: str | None) -> None:
    assert SERVICES.reader.read(text, region).facts.get("region") == expected


def test_an_assessment_is_the_elders_and_the_writers_own_illness_is_not() -> None:
    # users12 d12-22: 儿子摔成重伤没法照顾他，评估是中度失能 — the elder's level; u12-073: 我是她女儿 自己也在化疗
    cadre = "帮村里一个老人问问 他82 儿子去年工地上摔成重伤没法照顾他 评估是中度失能"
    assert SERVICES.reader.read(normalize_user_text(cadre)).facts.get("disability") == "moderate"
    daughter = "就剩我老娘在永嘉 评的是重度失能 我是她女儿 自己也在化疗根本顾不上"
    facts = SERVICES.reader.read(normalize_user_text(daughter)).facts
    assert facts.get("disability") == "severe" and "seriously_ill" not in facts


def test_city_dibao_says_the_elder_is_no_rural_elder() -> None:
    # users12 u12-127: 城市低保 decides 昌吉's 适老化改造 (城市低保对象); 农村低保 says rural
    facts = SERVICES.reader.read(normalize_user_text("我爸在昌吉 住延安北路街道 七十三 城市低保")).facts
    assert facts.get("economic") == "dibao" and facts.get("rural") == "false"


def test_living_with_her_own_severely_disabled_child_named_as_hers() -> None:
    # users11 d11-10: 跟她那个一级残疾的儿子一起住 was dropped from the opening and asked again
    facts = SERVICES.reader.read(normalize_user_text("我妈在文昌 75了 跟她那个一级残疾的儿子一起住")).facts
    assert facts.get("lives_with_severely_disabled_child") == "true" and facts.get("living") == "with_family"


@pytest.mark.parametrize("text,field,value", [
    ("我大伯是五保户 住敬老院 我们都在外地 住院期间有没有人管他", "no_caregiver", None),  # u13-020: 有没有人管 asks
    ("阿婆在文昌 跟伊个重残的仔一起住", "lives_with_severely_disabled_child", "true"),  # d13-10, 海南话
    ("阿婆在文昌 跟伊个重残的仔一起住", "resides_local", "true"),
    ("海口龙华区 我奶奶七十九 卧床三年了 就俺一个人伺候", "living", None),  # the writer alone caring (template)
])
def test_words_read_in_dialect_and_questions(text: str, field: str, value: str | None) -> None:
    assert SERVICES.reader.read(normalize_user_text(text)).facts.get(field) == value


@settings(max_examples=40, deadline=None)
@given(TWO_PLACES, st.sampled_from(["老伴", "老伴儿", "羊缸子"]), st.sampled_from(["", " 帮我们查查"]))
def test_the_writers_place_and_the_spouses_place_are_each_their_own(places: tuple[str, str], spouse: str,
                                                                   tail: str) -> None:
    # 我在海口 老伴在三亚: 海口 is the writer's (it had gone to the spouse, with 不居住在本市)
    reading = SERVICES.reader.read(normalize_user_text(f"我在{places[0]} {spouse}在{places[1]}{tail}"))
    own = {p.label: p.facts for p in reading.people}
    assert own.get("我自己", {}).get("resides_local") != "false", (places, own)
    for facts in own.values():
        assert facts.get("resides_local") != "false" or facts.get("region") == "outside", (places, own)
