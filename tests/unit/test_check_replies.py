"""How the check reads a reply to the question it asked, in the user's own words (issue 18, point 2): yes or no
said apart from the answer, dialect negations, several statuses denied one by one, an answer said unsure."""

from __future__ import annotations

import dataclasses

import pytest

from bot.conversation.services import MemoryRecords, build_services
from bot.conversation.state import Context
from bot.sim.simulator import no_nlu

SERVICES = build_services(MemoryRecords())


def read(field: str, text: str):  # noqa: ANN201 - a ReplyReading
    message = SERVICES.read(no_nlu(text), Context())
    return SERVICES.questionnaire.read(field, message, region="wenzhou")


@pytest.mark.parametrize("field,text,value", [
    # a yes or no said first, then why (voice and WeChat text stop with a space)
    ("supporter_unable", "是 儿子透析 自己都顾不过来", "true"),
    # the yes said first decides, whatever 没法 / 没有 the explanation holds
    ("supporter_unable", "是的 我残疾二级 没法照顾他 他也没有别的子女", "true"),
    ("lives_with_severely_disabled_child", "对 儿子一级智力残疾", "true"),
    ("family_planning_special", "是 独生儿子没了 失独", "true"),
    ("living", "对 一个人住", "alone"),
    # 不是，外地的 is No + 外地的, never 不 + 是，外地的 (which read as local)
    ("hukou_local", "不是，外地的", "false"),
    ("hukou_local", "不是 外地的", "false"),
    ("hukou_local", "不是 本地的", "false"),
    ("hukou_local", "是 本地的", "true"),
    # statuses named, then all denied: none of them
    ("economic", "低保特困都无 不困难", "none"),
    # an assessed level said with its assessment; a relative or a whole household lived with; 自己一个人 (users10)
    ("disability", "评估下来是重度", "severe"),
    ("disability", "评估讲是中度", "moderate"),
    ("living", "阿婆跟我舅住", "with_family"),
    ("living", "跟我姐一家住", "with_family"),
    ("living", "自己一个人", "alone"),
    ("living", "就他们俩在家 我们姐弟都在三亚", "empty_nest"),
    ("economic", "no 低保 no 特困 no 邊緣", "none"),
    ("economic", "不是 低保 不是 特困 也不是 边缘", "none"),
    ("economic", "弗是低保 弗是边缘 特困也弗是", "none"),  # 吴语 弗 (users11 d11-28)
    # users20: 吴语 伐 negates too (d20-02); an agent relays the caller (d20-03); whose household (d20-22)
    ("economic", "伐是低保 伐是边缘 也伐是特困 屋里也伐困难", "none"),
    ("economic", "来电人说是低保户", "dibao"),
    ("living", "跟我舅舅家住", "with_family"),
    ("living", "跟儿子家住", "with_family"),
    # users32 d32-18 / d32-02: values named, then "those things" all denied; a lifetime in the village
    ("economic", "低保边缘这些都不是 我们每月寄钱", "none"),
    ("economic", "低保那些都不是", "none"),
    ("resides_local", "一世人都在村里", "true"),
    # users32 d32-01 / d32-13: the two of them with no verb; 对个 is a Wu yes; 府城 is in 琼山 (the place known)
    ("living", "就他们俩 我在深圳", "empty_nest"),
    ("priority_care_family", "对个 阿拉阿爸是病故军人 伊是遗属 有优抚证", "true"),
    # users31 d31-19: a bare number first, then words with no number of their own (the zodiac sign)
    ("age", "七十六 属虎的嘛", "76"),
    ("rural", "对头 村头的", "true"),
    ("living", "佢同我舅父一齊住", "with_family"),
    # 能自理 in a story is a description; as the answer to the check's 能自理吗 it is the answer
    ("disability", "自己能照顾自己", "none"),
    ("economic", "全部都唔係", "none"),
    ("living", "就俺一个", "alone"),
    # each status denied in its own clause, in dialect or after a closing denial: none of them (users10: 特困 was
    # recorded, the last status named)
    ("economic", "低保没吃过 边缘户也不是 特困更挨不上", "none"),
    ("economic", "冇低保 邊緣都唔係 特困就更加唔係啦", "none"),
    ("economic", "低保特困邊緣 統統沒有", "none"),
    # a turn or a double denial states one
    ("economic", "不是低保但是特困", "tekun"),
    ("economic", "更正一下 我爸去年办了低保边缘 不是啥都没有", "dibao_edge"),
    # statuses denied one by one: none of them
    ("economic", "不是低保 也不算困难", "none"),
    ("economic", "不是低保但是特困", "tekun"),
    # Cantonese and Wu answers (屋企 = 家里, 冇 / 呒没 = 没有, 一齊 = 一起)
    ("economic", "冇低保 又唔係特困 屋企唔算困難", "none"),
    ("living", "同我哋一齊住", "with_family"),
    ("organ_donor_family", "呒没", "false"),
    # whom she lives with, said first, then more (就她跟我爸，我们都在外地打工)
    ("living", "就她跟我爸 我们都在乌鲁木齐打工", "empty_nest"),
    # a place taken back right after another one
    ("region", "不是海口 是文昌", "wenchang"),
    ("living", "佢自己一個住", "alone"),
    # users15 d15-07 / d15-11 / d15-20: who or when it was assessed, said after the level or before it
    ("disability", "中度 社区评过的", "moderate"),
    ("disability", "评过 重度", "severe"),
    ("disability", "中度 去年评的", "moderate"),
    ("disability", "评估过个 讲是中度", "moderate"),  # users16 d16-02 (吴语)
    # users17 d17-02 / d17-10: when (旧年 = last year, 吴语) or by whom (县里) it was assessed; 评了个
    ("disability", "旧年评过 讲是中度", "moderate"),
    ("disability", "重度 县里评的", "severe"),
    ("disability", "评了个中度", "moderate"),
    # the village or town the elder lives in is within the place already named (d17-10)
    ("hukou_local", "户口在本村", "true"),
    ("resides_local", "一直住村里", "true"),
    # the elder writing names themselves first (d17-15 就我和儿子, d17-18 我跟老汉两个)
    ("living", "就我和儿子", "with_family"),
    ("living", "我跟老汉两个", "empty_nest"),
    # the only child died: no supporter (d17-10)
    ("supporter_unable", "儿子去世了 没有别的子女", "true"),
    # users18 d18-01 / d18-06 / d18-14 / d18-18 / d18-03: whom they live with, in the user's words
    ("living", "他俩跟我弟一家住", "with_family"),
    ("living", "跟我二叔一家住", "with_family"),
    ("living", "就俺老两口", "empty_nest"),
    ("living", "就我自己", "alone"),
    ("resides_local", "一直在村上住着呢", "true"),
    # users24 d24-18: a hardship conceded, then denied after 但 — with the statuses denied, none of them
    ("economic", "低保不是 特困也不是 边缘户也不是 手头紧巴 但不算困难", "none"),
    # users24 d24-18 / d24-23: 带着 (with) and the Cantonese / Hainanese 孙仔 (grandson)
    ("living", "我们两个老的带着小儿子住", "with_family"),
    ("living", "同孙仔一齐住", "with_family"),
])
def test_a_reply_in_own_words_answers_the_question(field: str, text: str, value: str) -> None:
    assert read(field, text).value == value


@pytest.mark.parametrize("field,text", [
    ("economic", "不是低保"),  # not that one, which says not which
    ("rural", "唔係農村"),  # 粤: not rural — never read as 农村
])
def test_a_single_denial_records_nothing_it_denies(field: str, text: str) -> None:
    reading = read(field, text)
    assert reading.value != ("dibao" if field == "economic" else "true")
    assert "economic" not in reading.facts and reading.facts.get("rural") != "true"


def test_an_answer_said_unsure_is_unknown() -> None:
    assert read("living", "好像跟她儿子住 不确定").unknown


@pytest.mark.parametrize("opening,expected,absent", [
    # a child's illness is the child's; the supporter who cannot support is the elder's situation
    ("社区养老顾问录入：温州鹿城 88岁 已评估重度失智 儿子尿毒症透析 没法赡养",
     {"supporter_unable": "true", "disability": "severe"}, ["seriously_ill"]),
    # one person the worker met, not a group asked about (流浪的老人家: 老人家 is no 人家 "other people")
    ("我是社区工作人员 在海口龙华遇到一个流浪的老人家 说不清家在哪 帮他查查能有哪些帮助",
     {"homeless": "true"}, []),
    # 昌吉 said just before a county of the prefecture around it that the documents do not cover
    ("我是昌吉的 呼图壁县 七十二了 帮我看看", {"region": "outside", "age": "72"}, []),
    ("我公公在昌吉市宁边路 确诊了老年痴呆 还查出肺癌 家里吃城市低保", {"seriously_ill": "true"}, []),
    ("我是三工镇的 七十了 跟老婆子两个人 娃娃们都在乌鲁木齐", {"living": "empty_nest"}, []),
    ("我姥爷在三亚 今年九十了 跟我们一家住 帮他看看", {"living": "with_family"}, []),
    ("我们楼里有个阿婆八十二 带着一个重度残疾的儿子过 帮她看看", {"lives_with_severely_disabled_child": "true"}, []),
])
def test_an_opening_is_read_for_the_elder_only(opening: str, expected: dict, absent: list) -> None:
    facts = SERVICES.read(no_nlu(opening), Context()).facts
    assert {k: facts.get(k) for k in expected} == expected
    assert not [k for k in absent if k in facts]


def test_the_prefecture_named_apart_from_the_county_is_still_the_place_asked_about() -> None:
    reading = SERVICES.read(no_nlu("俺家在阜康，离昌吉不远，昌吉的敬老院收不收阜康的特困老人"), Context()).reading
    assert reading.places == ("changji",) and reading.outside_place


def test_never_assessed_said_in_cantonese_is_unknown() -> None:
    assert read("disability", "冇評過 行路慢啲啫").unknown
    assert read("disability", "无评估过 天天要人看着").unknown  # 海南话 无 (d24-23)


@pytest.mark.parametrize("opening,expected", [
    # users20: a number said alone between spaces is the age (d20-23, d20-24: 七十二 was joined to 低保)
    ("我妈在海口龙华 七十二 低保", {"age": "72", "economic": "dibao"}),
    ("帮我爸查查 他住鹿城 七十六", {"age": "76"}),
    # what 事实无人照护 / 无其他赡养人 state (u20-073, u20-096)
    ("儋州那大镇 阿婆 86岁 失能已评估 事实无人照护 分散供养特困", {"no_caregiver": "true", "economic": "tekun"}),
    ("温州平阳 90岁 重度失智（已评估），唯一的儿子已去世，无其他赡养人", {"supporter_unable": "true"}),
    # the caller relays (来电人说是): stated, not hearsay
    ("来电人说她妈是低保户 七十三了 在海口", {"economic": "dibao", "age": "73"}),
    # users21 d21-03: the caller reports the household's status (来电人称…为低保家庭); d21-23: 椰城 is 海口
    ("温州12345 来电人为其父咨询 父亲温州鹿城户籍 常住鹿城 经评估为中度失能 来电人称家庭为低保家庭 请核查可享受服务",
     {"economic": "dibao", "disability": "moderate"}),
    ("椰城 八十岁 帮我查查", {"region": "haikou", "age": "80"}),
    # users21 d21-19 / u21-072: living with a child or a relative said in the opening is with the family; d21-25:
    # 我们都在外面打工 (the writer, a child) makes the rural parents 留守
    ("我妈七十七 在五指山 跟我哥住 我哥是重度残疾 一级的 帮我妈查查", {"living": "with_family"}),
    ("帮我外公查下 儋州那大的 九十岁 评过是重度残疾 跟我舅住", {"living": "with_family"}),
    ("我爸妈在屯昌乡下 我们都在外面打工 他们两个住 帮我爸查查", {"left_behind": "true"}),
    # a child said to be away working is no subject of what follows (d20-09: 一个人住村里 was the son's)
    ("马大爷，76岁，农村低保，儿子在外地打工，一个人住村里，能享受啥", {"living": "alone", "left_behind": "true"}),
])
def test_a_note_states_what_it_says(opening: str, expected: dict) -> None:
    facts = SERVICES.read(no_nlu(opening), Context()).facts
    assert {k: facts.get(k) for k in expected} == expected


@pytest.mark.parametrize("text,absent", [
    # users20 u20-026 / u20-091 / u20-065 / u20-131: a category asked about, a rule's age asked about with the
    # question cut at a comma, a description, an approximate age — no fact
    ("我和老伴每年冬天去海口住四个月 在海口社区会不会把我们当特殊困难老人来探访", ["economic"]),
    ("温州八十岁有高龄补贴伐 多少铜钿", ["age"]),
    ("三亚养老院一个月大概多少钱 我妈能自理", ["disability"]),
    ("我在重庆 老汉儿八十几了 这个能帮他查一哈不", ["age"]),
    # users21 u21-095 / u21-050 / u21-114: a case asked of (那中度的呢 还是温州低保家庭), a status whose standard is
    # asked, what the assistant said — no fact
    ("那中度的呢 还是温州低保家庭", ["economic"]),
    ("我妈想跟我哥住 能享受啥", ["living"]),  # a wish
    ("我妈虚岁八十 在海口", ["age"]),  # 虚岁 is one or two above the 周岁 the rules count (users21 d21-23)
    ("来电人东方市 替姨妈咨询低保每人每年标准是多少", ["economic"]),
    ("刚才你说海口六十五岁免费体检 那昌吉呢 昌吉有没有", ["age", "region"]),
])
def test_words_that_state_nothing_record_nothing(text: str, absent: list) -> None:
    facts = SERVICES.read(no_nlu(text), Context()).facts
    assert not [k for k in absent if k in facts], facts


def test_a_place_one_comes_from_is_no_place_asked_about_beside_the_covered_one() -> None:
    for text in ("前年从沈阳搬到海口龙华跟俺们住 这嘎达给老人免费检查身体不",
                 "我係香港人，退休後住咗喺海口，可唔可以享受免費體檢？",
                 "咱东北来的在三亚猫冬 三亚有几个区域性养老服务中心啊"):
        reading = SERVICES.read(no_nlu(text), Context()).reading
        assert reading.places and reading.outside_place is None, text
    # …and a place outside asked about, with no covered place named, is said (u20-129)
    assert SERVICES.read(no_nlu("玛纳斯县的老人看病有没有70岁以上的绿色通道"), Context()).reading.outside_place


@pytest.mark.parametrize("opening,expected,people", [
    # a relative who died is no second elder to check (外公当年牺牲了, 我爸前年走了)
    ("我妈是烈士子女 外公当年牺牲了 她七十七 住海口秀英 帮她查查", {"age": "77", "priority_care_family": "true"}, 0),
    ("我给我妈问一下她今年七十九了户口在儋州 我爸前年走了 她就一个人住", {"age": "79", "living": "alone"}, 0),
    # a status that is a clause of its own in a hotline note is the elder's, though 户 names a group
    ("来电人反映：其母亲89岁，住海口龙华区，独居，低保户，请帮其查询可以享受哪些养老服务。",
     {"economic": "dibao", "living": "alone"}, 0),
    ("我七十三了 老伴走了 独生儿子十年前出车祸没了 住海口龙华 我能享受点啥", {"family_planning_special": "true"}, 0),
    # users14 u14-067: 阿公我 is the writer naming himself; 阿婆无在了 (海南话) has died — one elder, the writer
    ("阿公我住文昌 八十四了 阿婆无在了 自己一个住 帮我看有什么好享受", {"age": "84", "living": "alone"}, 0),
    ("老头子我今年八十 住海口", {"age": "80"}, 0),
    # users16 u16-115: an agent's note, no one named — an exact age and 核一下 make the statuses one person's
    ("12345转来一个情况 昌吉市延安北路街道 78岁 独居 城市低保 失能 麻烦核一下能享受哪些",
     {"age": "78", "living": "alone", "economic": "dibao"}, 0),
    # users17 d17-17: 烈士遗属 names the survivor, who lives — two elders, each with their own facts
    ("我媽是烈士遺屬 在瑞安 評了中度失智 我爸83歲身體還行 幫他們查查", {"priority_care_family": "true"}, 2),
    # d17-15: 我们两个 beside a son named is the writer and the son — one elder
    ("我七十四 住琼中 儿子是重度残疾 跟我住 我们两个以后怎么办", {"age": "74"}, 0),
    # d17-10: what an assessment found is the elder's level, after a clause on the son who died
    ("我是文成一个村的村干部 帮村里一个老人问问 81岁 儿子前年没了 评过是重度失能", {"disability": "severe"}, 0),
    # d17-24: a doctor's finding is no hearsay (医生说是重病), and what follows it is still stated
    ("婆婆在温州龙湾 癌症晚期 医生说是重病 家里没人能照顾 有什么帮助",
     {"seriously_ill": "true", "no_caregiver": "true"}, 0),
    # users18 u18-132: 家里就她一个 is living alone (not 家里就他一个儿子)
    ("俺娘在三亚 八十七了 农村的 俺在外地打工 家里就她一个 帮俺查查", {"living": "alone"}, 0),
    # u18-027: living with the family, alone at home by day — the arrangement is the family's
    ("我妈在海口跟我们一起住 就白天我们上班她一个人在家 这样算不算文件里说的独居老人", {"living": "with_family"}, 0),
    # d17-03: 阿大 (father, 新疆) in a place is where he lives
    ("我阿大在昌吉滨湖镇 六十八了 是特困 分散供养的", {"resides_local": "true", "age": "68"}, 0),
])
def test_an_opening_keeps_what_it_states(opening: str, expected: dict, people: int) -> None:
    reading = SERVICES.read(no_nlu(opening), Context()).reading
    assert {k: reading.facts.get(k) for k in expected} == expected and len(reading.people) == people


def test_a_status_asked_about_as_a_group_is_still_no_fact() -> None:
    assert "economic" not in SERVICES.read(no_nlu("低保户，能享受啥"), Context()).reading.facts
    # (users17 u17-124: 失独父母 / 独生子女父母 name a group, not the writer's parents)
    message = SERVICES.read(no_nlu("失独父母有啥补贴"), Context())
    assert "family_planning_special" not in message.reading.facts and not message.reading.kin_named


def test_a_place_written_with_its_province_is_read_as_the_place() -> None:
    # users17 u17-114: jieba keeps 广西南宁 as one word; cut, the place outside the coverage is read
    reading = SERVICES.read(no_nlu("来电人母亲在广西南宁 问南宁有没有居家养老上门服务"), Context()).reading
    assert reading.outside_place and not reading.places


@pytest.mark.parametrize("text", ["八十好几", "七十出头", "八十左右"])
def test_a_round_age_said_approximately_is_no_age_in_years(text: str) -> None:
    reading = read("age", text)
    assert reading.value is None and reading.described


def test_a_negated_verb_is_no_sound_alike_of_a_status() -> None:
    # 没迁过 (never moved) sounds like 没钱过: a two-character everyday synonym is no typo target
    assert "economic" not in read("hukou_local", "是的 户口一直在瓯海 没迁过").facts


def test_where_the_family_works_is_no_place_asked_about() -> None:
    from bot.conversation.engine import respond
    from bot.conversation.turn import TurnIn

    text = "我外婆住海口琼山区 一个人住 我们都在深圳上班顾不上 政府有没有人定期上门去看看她"
    outcome = respond(TurnIn(SERVICES.read(no_nlu(text), Context()), Context(), sender="t"), SERVICES)
    assert "深圳" not in outcome.reply.messages[0]["text"]


def test_the_writers_own_state_in_a_reply_about_him_is_not_the_elders() -> None:
    # 我残疾二级 beside 他 (the elder): the writer's own certificate, not the father's
    assert read("supporter_unable", "是的 我残疾二级 没法照顾他 他也没有别的子女").facts == {}
    # …but a place in a worker's own clause is the elder's village
    message = SERVICES.read(no_nlu("我是文昌一个村的村干部 村里有个五保老人 想帮他查查"), Context())
    assert message.reading.facts.get("region") == "wenchang"


def test_the_action_server_reads_the_text_as_typed() -> None:
    # Rasa's latest_message text is normalised (是的我残疾2级); the user event keeps the space that sets the yes apart
    from actions.respond import as_typed

    class Tracker:
        latest_message = {"text": "是的我残疾2级", "intent": {"name": "inform"}}
        events = [{"event": "user", "text": "是的 我残疾二级"}, {"event": "bot", "text": "…"}]

    assert as_typed(Tracker())["raw_text"] == "是的 我残疾二级"  # type: ignore[arg-type]


@pytest.mark.parametrize("text", [
    "温州失独老人 中度失智 能不能享受每个月的免费服务",  # every status of a question about a group is the group's
    "昌吉市失独家庭的老人 政府有人关心没有",
    "特困老人自己愿意去敬老院 能去吗",  # 老人自己 is the group's own wish
])
def test_a_question_about_a_group_of_elders_records_nothing(text: str) -> None:
    facts = SERVICES.read(no_nlu(text), Context()).reading.facts
    assert set(facts) <= {"region"}, facts


def test_statuses_beside_an_age_are_one_elders() -> None:
    # 海口 78岁 独居 低保户 (the normaliser joins 独居低保户): one elder, whose age is given
    facts = SERVICES.read(no_nlu("海口 78岁 独居 低保户 能享受啥"), Context()).reading.facts
    assert facts.get("economic") == "dibao" and facts.get("age") == "78"


def test_the_writers_own_place_beside_the_elders_in_the_third_person_is_not_theirs() -> None:
    reading = SERVICES.read(no_nlu("就他们老两口自己住 我在广州"), Context()).reading
    assert "region" not in reading.facts and reading.outside_place is None and reading.writer_outside == "广州"


def test_the_writers_place_outside_is_said_when_the_check_asks_the_elders() -> None:
    # users14 u14-129: 临沂 was dropped silently and the place asked as if nothing had been said
    from bot.conversation.engine import respond
    from bot.conversation.turn import TurnIn
    message = SERVICES.read(no_nlu("俺在山东临沂 俺娘不是低保户 八十八了 能领啥补贴不"), Context())
    text = "\n".join(str(b.get("text")) for b in respond(TurnIn(message, Context()), SERVICES).reply.messages)
    assert "“山东临沂”不在收录的政策范围内" in text and "economic" not in message.facts


@pytest.mark.parametrize("text", ["应该不是低保吧 也不是特困", "不是 低保 不是 特困", "不是特困 也不是低保",
                                  # (特困 left open: the statuses named are not all of them)
                                  "低保边缘都不是", "不是低保也不是边缘", "伐是低保 也伐是边缘"])
def test_statuses_denied_that_leave_others_open_are_no_value(text: str) -> None:
    # users12 d12-21: 低保 and 特困 denied leave 低保边缘 and 经济困难 open — no "none", the user's words kept
    reading = read("economic", text)
    assert reading.value is None and reading.described, reading


@pytest.mark.parametrize("field,text,value", [
    ("living", "他一个人在村里住", "alone"),  # users12 d12-19: a place at home between 一个人 and 住
    ("living", "她自己一个人在老房子住", "alone"),
])
def test_living_alone_said_with_where_at_home(field: str, text: str, value: str) -> None:
    assert read(field, text).value == value


def test_a_place_qualified_with_nage_in_a_reply_is_the_place() -> None:
    # users12 d12-05: 三亚那个鹿城 不是温州的 — 那个 qualifies 鹿城 with 三亚; no question is asked
    reading = SERVICES.reader.read("三亚那个鹿城 不是温州的")
    assert reading.facts.get("region") == "sanya"


def test_the_couple_alone_with_the_children_elsewhere_is_an_empty_nest_and_no_place() -> None:
    # users12 d12-31: 就我们两个 娃子在乌鲁木齐 — the children's 乌鲁木齐 ended a 昌吉 check as a place outside
    reading = read("living", "就我们两个 娃子在乌鲁木齐")
    assert reading.value == "empty_nest" and "region" not in reading.facts


def test_a_mumble_of_filler_sounds_is_no_yes() -> None:
    # users12 d12-17: 嗯嗯嗯啊 to 户口在本市吗 was taken as yes (户籍 recorded, never stated); 嗯嗯 is still a yes
    assert read("hukou_local", "嗯嗯嗯啊").value is None
    assert read("hukou_local", "嗯嗯").value == "true"


@pytest.mark.parametrize("field,text,value", [
    ("disability", "重度 评估过的", "severe"),  # users13 d13-12: the level, then that it was assessed
    ("disability", "中度 評估過", "moderate"),  # d13-19, in traditional characters
    ("hukou_local", "伐是温州户口 是青田的", "false"),  # d13-16: a 户籍 denied with its place
])
def test_an_answer_with_what_backs_it(field: str, text: str, value: str) -> None:
    assert read(field, text).value == value


def test_since_an_event_is_now_and_a_service_name_is_no_place() -> None:
    # users13 u13-046: 我妈走了以后他就一个人住在海口龙华 (since then); u13-122: 农村幸福大院 is a service's name
    facts = SERVICES.reader.read("我爸七十九 前年我妈走了以后他就一个人住在海口龙华").facts
    assert facts.get("region") == "longhua" and facts.get("living") == "alone"
    assert "rural" not in SERVICES.reader.read("滨湖镇那个农村幸福大院盖好了没 我们家老人能住进去不").facts


@pytest.mark.parametrize("text", ["穷是穷 低保没办下来", "低保申请了没申请上", "低保一直办不下来"])
def test_a_status_applied_for_but_not_granted_is_not_that_status(text: str) -> None:
    # users14 d14-24: 低保没办下来 was recorded as 低保
    assert read("economic", text).value != "dibao"


def test_one_kind_of_a_group_denied_says_nothing_of_the_group() -> None:
    # users15 u15-019: 不是烈属 (a veteran's grandson writing) was recorded as no 重点优抚对象
    facts = SERVICES.read(no_nlu("我爷爷是退伍老兵 不是烈属 住海口"), Context()).reading.facts
    assert "priority_care_family" not in facts
    denied = SERVICES.read(no_nlu("我爸不是重点优抚对象 住海口"), Context()).reading.facts
    assert denied["priority_care_family"] == "false"


def test_a_covered_place_asked_about_is_not_the_elders_beside_her_own_place_outside() -> None:
    # users15 d15-23: 那个昌吉的养老政策能用吧 recorded the 阜康 elder as 昌吉市 (then ✅ 绿色通道)
    facts = SERVICES.read(no_nlu("我爷爷在阜康 阜康是昌吉州的 那个昌吉的养老政策能用吧"), Context()).reading.facts
    assert facts.get("region") == "outside", facts


def test_a_place_one_winters_in_is_still_the_place_asked_about() -> None:
    # users18 u18-050: 河南来乐东过冬 — 乐东 is no residence, but it is what the question is about (not only 河南)
    reading = SERVICES.read(no_nlu("俺是河南来乐东过冬的 听说海南乡下低保一年才五千来块 真的假的"), Context()).reading
    assert "ledong" in reading.places


@pytest.mark.parametrize("text,field", [
    # users19 u19-118 / u19-130: a status qualifying what is asked about, no one named and no age — a group's
    ("重度失能每个月45个小时免费服务 要啥条件", "disability"),
    ("经济困难的失能老人住养老院，能不能不花钱或者少花钱？", "economic"),
])
def test_a_status_qualifying_the_thing_asked_about_is_no_fact(text: str, field: str) -> None:
    reading = SERVICES.read(no_nlu(text), Context()).reading
    assert field not in reading.facts and field in reading.topics


@pytest.mark.parametrize("field,reply,value", [
    # users22 d22-13: a value said, then retracted (哦不对), is taken back; what follows is read for the same fact
    ("living", "一个人住…哦不对 上个月他侄女搬过去跟他住了", "with_family"),
    ("living", "一个人住，不对，跟我弟住", "with_family"),
    ("living", "一个人住 不对", None),  # nothing said instead: still not known, asked again
    ("economic", "低保 不对 是特困", "tekun"),
])
def test_a_value_retracted_is_taken_back(field: str, reply: str, value: str | None) -> None:
    reading = read(field, reply)
    assert reading.value == value and reading.facts.get(field) in (None, value)


@pytest.mark.parametrize("opening,expected,absent", [
    ("我妈八十了 低保 不对 是特困", {"age": "80", "economic": "tekun"}, []),  # only the value retracted goes
    ("我妈八十了 低保 不对", {"age": "80"}, ["economic"]),
    ("我妈在海口 八十了 我搬回来跟我妈住了", {"living": "with_family"}, []),
    ("我妈八十了 他侄女想搬过去跟她住", {}, ["living"]),  # a wish
    ("我老伴瘫了 我跟她住", {}, ["living"]),  # the spouse writing: a couple, not the family moving in
    ("海口八十岁有高龄津贴对不对", {}, ["age"]),  # 对不对 asks; it retracts nothing
])
def test_a_retraction_takes_back_only_what_it_follows(opening: str, expected: dict, absent: list) -> None:
    facts = SERVICES.read(no_nlu(opening), Context()).facts
    assert {k: facts.get(k) for k in expected} == expected
    assert not [k for k in absent if k in facts], facts


@pytest.mark.parametrize("opening,expected,absent", [
    # users22 d22-03 / d22-18: the children said to work in a place named make a rural elder 留守 (not in a
    # question, which may ask just that)
    ("我是阿什里乡的干部 帮村里一个老人查查 七十三岁 一个人住 儿女都在乌鲁木齐打工", {"left_behind": "true"}, []),
    ("阿婆在万宁农村 七十九 子女都去海口做工了 伊一个人在家", {"left_behind": "true"}, []),
    ("我妈在屯昌农村 儿子在海口打工 算留守吗", {}, ["left_behind"]),
    # d22-22: where the writer is, their spouse (the elder) is — unless the spouse is put elsewhere
    ("我在昌吉榆树沟镇 我老汉七十八了 帮他查哈", {"region": "yushugou", "age": "78"}, []),
    # u22-042: one elder a worker helps (帮辖区一位…老人) is a person, not a group; alone, 一位… may ask at large
    ("社区网格员 帮辖区一位海口的失独老人查查能享受哪些", {"family_planning_special": "true", "region": "haikou"}, []),
    ("一位失独老人能享受什么", {}, ["family_planning_special"]),
    # u22-070: 跟儿子一起, a clause of its own in a list of facts, is living with the family
    ("我72 住三亚崖州 跟儿子一起 看看我能享受啥", {"living": "with_family"}, []),
    # users24: the elders someone cares for are a group (u24-045); the village that asks is no place lived in
    ("镇上让她去看望村里的空巢老人 有补助吗", {}, ["living", "rural"]),
    # a status in a facility's name is the facility's (u24-128)
    ("我爸在儋州 想去那个失智老人照护中心 能去吗", {}, ["dementia"]),
    # the place moved to is where she is now (u24-005)
    ("我妈七十九 以前在美兰区住 去年搬到龙华区我弟家了", {"region": "longhua", "age": "79"}, []),
    # 八十外 (闽南话: over eighty) is no age in years (u24-130)
    ("阮老爸九十外 住海口", {"region": "haikou"}, ["age"]),
    # the family's status said of a relative (u24-039), not of a neighbour's son
    ("我婆婆八十三 住海口美兰 儿子在部队当现役军人", {"priority_care_family": "true", "age": "83"}, []),
    ("我妈住海口 八十三 隔壁李叔的儿子是现役军人", {"age": "83"}, ["priority_care_family"]),
    # only him left (u24-038); a village cadre's place is where the elder of the village is (d24-21)
    ("我岳父 三亚天涯镇 七十九 老伴走了 现在就剩他一个", {"living": "alone", "age": "79"}, []),
    ("我是万宁一个村的村委委员 村里有个老大爷没人管 帮他查查", {"region": "wanning"}, []),
    # users25: a status denied in dialect (吴语 勿是, u25-099) or after it (特困更不是, d25-10); a place of one's
    # youth (年轻时在琼山, u25-005); a number said alone before a clause that starts like a unit (八十二 分散…, u25-072)
    ("阿拉爹爹 瑞安 八十一 勿是低保", {"age": "81", "region": "ruian"}, ["economic"]),
    ("我妈 海口 七十七 特困更不是 低保也没有", {"age": "77"}, ["economic"]),
    # a denial that closes the status's clause (特困也不是), not one before another status (不是低保也不是低保边缘)
    ("我爸 温州 八十 特困也不是 低保也不是", {"age": "80"}, ["economic"]),
    ("我爸 温州 八十 他是特困不是低保", {"age": "80", "economic": "tekun"}, []),
    ("我奶奶快九十了 年轻时在文昌教书 现在想去海口的养老院", {}, ["region"]),
    ("阿婆 万宁 七十八 分散供养特困", {"age": "78", "economic": "tekun"}, []),
    # alone in the village says both (d25-15: 伊一个人在村里)
    ("阿公在琼海 伊一个人在乡下", {"living": "alone", "rural": "true"}, []),
    ("我爸一个人在村里住 八十了", {"living": "alone", "rural": "true", "age": "80"}, []),
])
def test_an_opening_states_what_a_person_would_read_in_it(opening: str, expected: dict, absent: list) -> None:
    facts = SERVICES.read(no_nlu(opening), Context()).facts
    assert {k: facts.get(k) for k in expected} == expected
    assert not [k for k in absent if k in facts], facts


@pytest.mark.parametrize("field,reply,value,unknown", [
    ("living", "同我細佬一家住", "with_family", False),  # d22-24: Cantonese 细佬, a younger brother
    ("rural", "好像是农村 不太确定", None, True),  # d22-12: a value said, then doubted — not known
])
def test_a_reply_in_dialect_or_doubt_is_read_as_meant(field: str, reply: str, value: str | None, unknown: bool) -> None:
    reading = read(field, reply)
    assert reading.value == value and reading.unknown == unknown


def test_the_other_elders_doubt_leaves_the_chosen_ones_answer() -> None:
    # users22 d22-02: 爸 chosen; 我妈还没评过 is the mother's, the father's 重度失能 stands
    message = SERVICES.read(no_nlu("我爸去年评的重度失能 我妈还没评过"), Context())
    reading = SERVICES.questionnaire.read("disability", message, region="wenzhou", chosen="爸")
    assert reading.value == "severe" and not reading.unknown
    alone = SERVICES.questionnaire.read("disability", SERVICES.read(no_nlu("我爸还没评过"), Context()),
                                        region="wenzhou")
    assert alone.value is None


@pytest.mark.parametrize("field,reply,value", [
    # users23 d23-01 / d23-10: the two of them living on their own is a couple, not alone
    ("living", "俺俩老的自个儿住 闺女在沈阳上班", "empty_nest"),
    ("living", "两个老人家自己住 孩子都去海口做工", "empty_nest"),
    # d23-20: 小叔子 (the writer's husband's brother) is the elder's son
    ("living", "就她跟小叔子两个住", "with_family"),
])
def test_who_lives_together_is_read_from_the_words_for_them(field: str, reply: str, value: str) -> None:
    assert read(field, reply).value == value


def test_a_status_not_awarded_or_someone_elses_grade_is_not_recorded() -> None:
    # users23 d23-14: 没评低保 — not awarded; d23-20: the son's 一级残疾 is not the elder's certificate
    assert read("economic", "家里穷是穷 没评低保").value != "dibao"
    reading = read("lives_with_severely_disabled_child", "对头 小叔子一级残疾 跟她住")
    assert reading.value == "true" and "disabled_cert_grade" not in reading.facts


def test_the_writers_place_outside_is_not_the_elders_known_place() -> None:
    # users23 d23-04: the elder is in 三亚 (said before); 我在深圳 is where the writer works
    reading = SERVICES.reader.read("跟保姆住 我在深圳", "sanya")
    assert "region" not in reading.facts and reading.outside_place is None


@pytest.mark.parametrize("opening,expected,absent", [
    # users23 u23-003: 老家文昌 is where he comes from; he lives in 美兰 (alone, 老家X is still the place)
    ("我爸今年九十，老家文昌的，十年前搬来海口跟我们住美兰区，户口也迁过来了", {"region": "meilan"}, []),
    ("我妈老家文昌的 八十了", {"region": "wenchang"}, []),
    # d23-06: the writer asks for their own check — where they are is the elder's place, whoever else 他 is
    ("我儿子是低保户，他自己在府城单过。我想查查我自己能享受啥，我在海口", {"region": "haikou"}, ["economic"]),
    # the writer's place, then the spouse's own: the spouse (the elder) is where they are said to be
    ("我在三亚 我老伴在海口 八十了", {"region": "haikou", "resides_local": "true"}, []),
    # d23-23: a worker's 社区 names where the elder of their 辖区 is (工作人员 is a role, not working away)
    ("北京南路街道社区工作人员：辖区马大爷，80岁，肝硬化晚期，一个人住，城市低保，请帮查一下",
     {"region": "beijingnanlu", "age": "80"}, []),
    # u23-100: a record kept of a group (留守老人台账) is no status of anyone
    ("我们六工镇要建农村留守老人台账吗 啥时候要弄好", {}, ["left_behind"]),
])
def test_whose_place_and_status_a_message_states(opening: str, expected: dict, absent: list) -> None:
    facts = SERVICES.read(no_nlu(opening), Context()).facts
    assert {k: facts.get(k) for k in expected} == expected
    assert not [k for k in absent if k in facts], facts


def test_another_s_home_beside_the_elder_is_a_place_not_a_second_elder() -> None:
    # users25 d25-17: 屯昌是我岳父家 corrects where the father is; the father-in-law is no elder to choose
    assert SERVICES.reader.people_count("我妈是在琼海 万宁是我公公家") == 1
    assert SERVICES.reader.people_count("我妈八十了 我公公七十九") == 2
    # beside the writer's spouse, 他爸 is the 公公 named again (users25 d25-10)
    assert SERVICES.reader.people_count("我老公身体不好 顾不上他爸 公公一个人住琼海") == 1
    assert SERVICES.read(no_nlu("我老婆她妈八十了 岳母住海口"), Context()).facts.get("age") == "80"


def test_the_writers_husbands_illness_beside_his_father_is_not_the_fathers() -> None:
    # users25 d25-10: 我老公尿毒症天天透析 照顾不了他爸了 — the illness is the husband's
    reading = SERVICES.read(no_nlu("我老公癌症晚期在化疗 没法照顾他爸 公公八十五住平阳"), Context()).reading
    assert "seriously_ill" not in reading.facts
    assert not any("seriously_ill" in p.facts for p in reading.people)


def test_a_place_measured_from_is_not_where_the_elder_is() -> None:
    # users24 d24-17: 昌吉州奇台县 离昌吉市还远着呢 — 奇台 (outside), not 昌吉市
    assert SERVICES.read(no_nlu("我爸在呼图壁县 离昌吉市还远"), Context()).facts.get("region") == "outside"
    assert SERVICES.read(no_nlu("我妈住琼海 离海口不远 八十了"), Context()).facts.get("region") == "qionghai"



@pytest.mark.parametrize("field,reply,value", [
    # users26 d26-01: a status, then a bare "have not" closing its clause, as one of its kind (低保那些都没有)
    ("economic", "日子紧 但不算困难 低保那些都没有", "none"),
    ("economic", "低保没吃过 边缘户也不是 特困更挨不上", "none"),
    # d26-24: the married pair on their own (两口子自己过) is no elder living alone
    ("living", "两口子自己过", "empty_nest"),
])
def test_users26_replies_are_read_as_said(field: str, reply: str, value: str) -> None:
    assert read(field, reply).value == value


@pytest.mark.parametrize("reply,not_values", [
    # d26-22: 没批 denies 低保 only — 紧巴 is not denied, so no "none" (the normaliser joined the pause)
    ("紧巴 低保申请过没批", ("none", "dibao")),
    ("低保没有", ("dibao",)),  # a status with a bare 没有 closing its clause is no status
    ("我妈不是低保 家里不困难 低保是我弟弟", ("dibao",)),  # d26-14: the brother's 低保
])
def test_a_denial_or_anothers_status_never_becomes_a_value(reply: str, not_values: tuple) -> None:
    reading = read("economic", reply)
    assert reading.value not in not_values and reading.facts.get("economic") not in not_values


@pytest.mark.parametrize("opening,expected,absent", [
    # d26-14: whose a status is, said right after it (低保是我弟弟, 我弟弟那边是低保户)
    ("帮我妈查查 她九十了 住龙湾跟我们一家 我弟弟那边是低保户 跟我妈不是一个户口本", {"age": "90"}, ["economic"]),
    ("我妈不是低保 家里不困难 低保是我弟弟", {}, ["economic"]),
    ("我妈是低保 八十了", {"economic": "dibao"}, []),
    # d26-23: 外地户口在海口住 — 户口 belongs to 外地户口; 在海口住 is where she lives
    ("外地户口在海口住 我湖南的 六十八", {"hukou_local": "false", "resides_local": "true", "age": "68"}, []),
    ("上海户口在温州住", {"hukou_local": "false", "region": "wenzhou"}, []),
    # d26-24 / u26-023: 两口子自己过 (the pair) and 不得低保 (西南官话: does not get it)
    ("保亭新政镇 村里有个老伯七十五 农村低保 两口子自己过", {"living": "empty_nest", "economic": "dibao"}, []),
    ("我妈在海口 她不得低保也不是特困", {"region": "haikou"}, ["economic"]),
    # u26-038 / u26-097: a town of a district is the district; widowed and on one's own now
    ("石山镇 阿婆七十九 一个人住 低保户", {"region": "xiuying", "age": "79"}, []),
    ("我在龙湾 今年七十 老伴前年走了 现在一个人 我能享受点啥", {"living": "alone", "age": "70"}, []),
])
def test_users26_openings_state_what_they_say(opening: str, expected: dict, absent: list) -> None:
    facts = SERVICES.read(no_nlu(opening), Context()).facts
    assert {k: facts.get(k) for k in expected} == expected
    assert not [k for k in absent if k in facts], facts


def test_a_couple_said_together_lives_as_a_couple_each() -> None:
    # 我爸妈自己住: the two on their own — each is 空巢, not the mother alone
    people = SERVICES.read(no_nlu("我爸妈自己住"), Context()).reading.people
    assert [p.facts.get("living") for p in people] == ["empty_nest", "empty_nest"]


def test_the_family_apart_from_the_elders_is_not_where_they_live() -> None:
    # users26 d26-04: 他俩跟保姆住 我们都在海口 — 我们 is the writer's side; the elders' 儋州 stands
    assert "region" not in SERVICES.reader.read("他俩跟保姆住 我们都在海口", "danzhou").facts
    assert SERVICES.reader.read("我们都在海口 我妈八十了").facts.get("region") == "haikou"


def test_users26_one_elder_told_of_and_the_writer_as_the_second() -> None:
    # d26-20: 街上有个流浪老人 — one person (流浪 stated), not the group 流浪老人 asked about
    told = SERVICES.read(no_nlu("街上有个流浪老人 没地方住 帮看下有什么政策"), Context())
    assert told.facts.get("homeless") == "true"
    assert "homeless" not in SERVICES.read(no_nlu("流浪老人有什么政策"), Context()).facts
    # d26-02: 我倈两个 (吴语: the two of us) with 老头 — the husband, then the writer, each checked
    people = SERVICES.read(no_nlu("我倈两个老个都在平阳 老头八十三 评过重度失能 我七十九还走得动 帮我倈查查"),
                           Context()).reading.people
    assert [p.facts.get("age") for p in people] == ["83", "79"]
    # d26-19: 低保特困边缘 哪个都不沾 — the statuses listed, then none of them
    assert read("economic", "低保特困边缘 哪个都不沾").value == "none"


@pytest.mark.parametrize("opening,expected,absent", [
    # users27 u27-045 / u27-094: 低保边沿户 and the documents' 最低生活保障边缘家庭 are 低保边缘, not 低保
    ("我爸在万宁 家里是低保边沿户", {"economic": "dibao_edge"}, []),
    ("文成 老人83 最低生活保障边缘家庭 本地户口", {"economic": "dibao_edge", "age": "83"}, []),
    # u27-018 / u27-076 / u27-081 / u27-026 / u27-041: no cash on one; 村居; 我们照料中心; 农村那几个敬老院; 听人讲
    ("市民在海口遇到一位老爷子，说不清家在哪里，身上没钱，民政管不管", {}, ["economic"]),
    ("养老服务顾问是干嘛的 平阳我们村居里有没有", {}, ["rural"]),
    ("我们照料中心电费一直按商业电价交的 温州文件说应该按啥价", {}, ["no_caregiver"]),
    ("海口农村那几个敬老院以后归区里管还是包给企业", {}, ["rural"]),
    ("定安我大伯一个人过 听人讲低保可以单独一个人办 是不是真的", {"living": "alone"}, ["economic"]),
    # a list of statuses closed by one denial (低保 边缘 特困那些都不是)
    ("我妈八十 不困难 低保 边缘 特困那些都不是", {"age": "80"}, ["economic"]),
])
def test_users27_openings_state_only_what_they_say(opening: str, expected: dict, absent: list) -> None:
    facts = SERVICES.read(no_nlu(opening), Context()).facts
    assert {k: facts.get(k) for k in expected} == expected
    assert not [k for k in absent if k in facts], facts


def test_users27_replies_keep_others_facts_apart() -> None:
    # d27-14: the disabled child's 一级残疾证, said to "does she live with a severely disabled child?"
    reading = read("lives_with_severely_disabled_child", "系 就是我叔 有一级残疾证")
    assert reading.value == "true" and "disabled_cert_grade" not in reading.facts
    # d27-11: 特困的是我大姐 — the sister's; d27-21: the statuses listed, then denied
    assert read("economic", "我妈不困难 有退休金 低保 边缘 特困都不沾 特困的是我大姐").value != "tekun"
    assert read("economic", "都有退休金 不困难 低保 边缘 特困那些都不是").value != "dibao_edge"
    # d27-21: 我们去年搬到呼图壁了 — the family moved; the elders (他们老两口) stay where they were
    moved = SERVICES.reader.read("不对 我们去年搬到呼图壁了 现在就他们老两口自己住", "changji")
    assert moved.facts == {"living": "empty_nest"}


def test_users28_a_rules_age_and_the_two_of_them() -> None:
    # d28-01: 65岁免费体检我妈能做吗, asked mid-check — the rule's age, not hers (我妈80岁 高龄补贴能领吗 is hers)
    assert "age" not in SERVICES.read(no_nlu("等一下，65岁免费体检我妈能做吗"), Context()).facts
    assert SERVICES.read(no_nlu("我妈80岁 高龄补贴能领吗"), Context()).facts.get("age") == "80"
    # d28-02: 佢兩個自己住 (Cantonese: the two of them on their own) is 空巢, not alone
    assert read("living", "佢兩個自己住").value == "empty_nest"


def test_the_writers_group_away_is_no_childrens_absence_for_an_uncle() -> None:
    # users28 u28-013: 我舅舅…住海口的敬老院…我们都在外地打工 — the nephews are not his children: no 留守
    text = ("我舅舅是特困供养的，一直住海口的敬老院，上个月肺炎住院了，我们都在外地打工赶不回去，"
            "住院期间的护理政府管不管")
    assert "left_behind" not in SERVICES.read(no_nlu(text), Context()).facts
    parents = SERVICES.read(no_nlu("我爸妈在屯昌乡下 我们都在外面打工 他们两个住 帮我爸查查"), Context()).facts
    assert parents.get("left_behind") == "true"


def test_a_street_of_a_district_names_it() -> None:
    # users28 d28-15: 鹿城五马街道 is 温州's 鹿城区 (鹿城 alone is also 三亚, and asked)
    assert SERVICES.read(no_nlu("她住鹿城五马街道 八十了"), Context()).facts.get("region") == "lucheng"


# ---- users29 (blind, run at 4c92324): mechanisms behind its invented facts ----

@pytest.mark.parametrize("text", ["不是 有我们", "不算 有我舅"])
def test_a_no_before_words_that_say_the_opposite_is_no_answer(text: str) -> None:
    # d29-10 / d29-12: 不是 / 不算 then 有我们 to 有人照顾吗 had been read as "nobody cares" — the words after the no
    # say somebody does; the check asks again rather than record either
    reading = read("no_caregiver", text)
    assert reading.value != "true"


@pytest.mark.parametrize("text", ["有我舅", "有我们", "我舅管他", "侄女管她", "没有我们"])
def test_somebody_named_as_there_answers_whether_someone_cares(text: str) -> None:
    # answers may be templates over profile_terms.yaml's vocab (有{carer}, {carer_relative}管她); 没有我们 is no
    assert read("no_caregiver", text).value == ("true" if text.startswith("没") else "false")


def test_a_description_beside_a_yes_leaves_the_level_to_the_assessment() -> None:
    # d29-06: 好好的 没评 to 能自理吗 — the classifier's affirm is no level when the reply says it was never assessed
    message = dataclasses.replace(SERVICES.read(no_nlu("好好的 没评"), Context()), intent="affirm")
    reading = SERVICES.questionnaire.read("disability", message, region="haikou")
    assert reading.value is None


def test_two_elders_said_to_live_on_their_own_together_are_an_empty_nest_each() -> None:
    # d29-09: 阿公阿婆…两人自己住 had made each one 独居
    message = SERVICES.read(no_nlu("阮阿公阿婆住琼海博鳌，阿公88，阿婆85，两人自己住，帮伊两个看下"), Context())
    people = message.reading.people
    assert [p.facts.get("living") for p in people] == ["empty_nest", "empty_nest"]


def test_hukou_in_one_township_and_home_in_another_of_the_same_city_is_living_there() -> None:
    # d29-21: 户口在阿什里乡，人现在住在榆树沟镇 — both 昌吉市: 居住在本市, not "不居住在本市"
    facts = SERVICES.read(no_nlu("她户口在阿什里乡，人现在住在榆树沟镇她侄女家"), Context()).facts
    assert facts.get("resides_local") == "true" and facts.get("hukou_local") == "true"
    # (two cities of one province are not one: 三亚户口住在琼海 does not live in 三亚)
    facts = SERVICES.read(no_nlu("我妈三亚户口 住在琼海"), Context()).facts
    assert facts.get("resides_local") != "true"


@pytest.mark.parametrize("text", ["不是特困也没有低保，就是手头紧，算不算重点保障对象", "村里说这样办不了低保",
                                  "低保办不了", "特困评不上"])
def test_a_status_denied_before_another_or_by_a_verb_is_not_recorded(text: str) -> None:
    # u29-038: 不是特困也没有低保 — 也没有 denies 低保, not 特困 a second time; u29-044: 办不了低保
    assert SERVICES.read(no_nlu(text), Context()).facts.get("economic") not in ("tekun", "dibao")


def test_where_a_son_called_zai_works_is_no_place_asked_about() -> None:
    # u29-039: 阮仔去广东做工 (海南话 仔 = the son) — 广东 is where the son is, not the place asked about
    reading = SERVICES.read(no_nlu("阮仔去广东做工 阮一个人在琼中村里 有无人会来看阮"), Context()).reading
    assert reading.outside_place is None and reading.places == ("qiongzhong",)


def test_never_assessed_in_a_note_leaves_only_the_level_open() -> None:
    # 一个人住 低保 没评过 (a note with spaces for stops): 没评过 is no doubt on 独居 and 低保 said beside it
    facts = SERVICES.read(no_nlu("我妈86岁 温州鹿城户口也住鹿城 一个人住 低保 没评过"), Context()).facts
    assert facts.get("living") == "alone" and facts.get("economic") == "dibao" and "disability" not in facts
    # …and as a reply to the economic question 低保 没评过 is 低保; to the level question 能自理 没评过 stays unknown
    assert read("economic", "低保 没评过").value == "dibao"
    assert read("disability", "能自理 没评过").unknown


def test_an_english_no_before_a_status_denies_it() -> None:
    # users30 u30-066: 儋州 77 … no 低保 had been read back as 低保对象
    assert "economic" not in SERVICES.read(no_nlu("儋州 77 no 低保 帮我查查"), Context()).facts


@pytest.mark.parametrize("text,absent", [
    # users30 u30-034: where she lived before the move is no residence now (not 不居住在本市 for 海口)
    ("我妈在温州评过重度失能 现在搬来海口跟我住 温州评的能用吗", ["resides_local"]),
    # users30 u30-014: nobody at the hospital bed for now is no 事实无人照护
    ("我舅舅是特困 住院了 没人陪床 我们都在外地赶不回去 医院有人管吗", ["no_caregiver"]),
])
def test_a_past_place_or_a_hospital_stay_states_no_standing_fact(text: str, absent: list) -> None:
    facts = SERVICES.read(no_nlu(text), Context()).facts
    assert not [k for k in absent if k in facts], facts


@pytest.mark.parametrize("opening,expected", [
    # users30 d30-02: a son who died is no subject of what follows, and a worker's 老伴 is the elder's, not the writer's
    ("我是白龙街道的网格员 帮辖区一个阿婆问问 76岁 独子没了十年了 老伴去年也走了 现在一个人住", {"living": "alone"}),
    # users30 d30-10: where a diagnosis was made is no facility named (老年痴呆医院确诊了)
    ("我妈77 在陵水黎安 老年痴呆医院确诊了 评过中度失能", {"dementia": "true"}),
])
def test_an_opening_keeps_the_facts_told_after_a_death_or_a_diagnosis(opening: str, expected: dict) -> None:
    facts = SERVICES.read(no_nlu(opening), Context()).facts
    assert {k: facts.get(k) for k in expected} == expected


def test_users31_an_uncle_by_his_written_name_and_the_family_elsewhere() -> None:
    # d31-06: 舅父 is an uncle (a longer relative word holds its 父), and 同…一齐住 is living with him
    assert SERVICES.reader.people_count("外婆唔係一個人住 佢同我舅父一齊住") == 1
    assert SERVICES.reader.people_count("我妈八十了 我爸八十三") == 2
    # d31-11: the elder's place known, 我们都在成都 is where the children are, not the elder
    assert "region" not in SERVICES.reader.read("算是嘛 我们都在成都", "wuzhishan").facts
    assert read("rural", "对头 村头的").value == "true"


def test_users32_openings_keep_an_age_a_place_and_one_person_per_elder() -> None:
    # d32-10: 82了 then a clause starting 以前 is an age (以前 is no threshold after a closed 82了); 永兴岛 is 三沙
    facts = SERVICES.read(no_nlu("我爸在永兴岛 82了 以前打鱼的 帮看看有啥政策"), Context()).facts
    assert facts.get("age") == "82" and facts.get("region") == "sansha"
    # d32-01: 老头子 / 老太太 after 爸妈 are the same two, not a third and a fourth elder
    assert SERVICES.reader.people_count("我爸妈都在府城 老头子八十二 老太太七十九 你帮看看他俩能享受点啥") == 2
    assert SERVICES.reader.people_count("我爸九十了 我老头子也八十了 帮他俩查查") == 2  # her husband stays himself
    # d32-07: a cousin's 重度 is the cousin's (a clause after 表哥 speaks of him)
    cousin = "帮我姑妈查一下 她在三亚崖州 76了 跟我表哥住 表哥是一级残疾 重度的"
    assert "disability" not in SERVICES.read(no_nlu(cousin), Context()).facts
    assert read("resides_local", "一直住府城").value == "true"


def test_users32_a_place_imagined_in_the_question_is_asked_about_and_the_writers_work_place_is_not() -> None:
    # u32-086: 要是把他接来温州住，能享受…吗 asks about 温州, where he might move (海口 stays his place)
    reading = SERVICES.reader.read("我爸住海口，我在温州，要是把他接来温州住，能享受那个免费服务的钟头吗")
    assert reading.places == ("haikou", "wenzhou") and reading.facts.get("region") == "haikou"
    # u32-066: 阿拉 (吴语 I) 在上海上班 is where the writer works — no place outside asked about
    message = "阿拉姆妈八十三，住鹿城，阿拉在上海上班，伊问子女到底要尽哪些义务"
    assert SERVICES.reader.read(message).outside_place is None


def test_users32_a_spouse_who_died_in_service_and_the_certificate_state_the_family_status() -> None:
    # u32-093: 老伴是病故军人 有优抚证 — the 三（三）8 group (重点优抚对象家庭成员) had been dropped
    note = "苍南灵溪镇 陈阿婆 86岁 本地户籍 住本地 评过重度失能 老伴是病故军人 有优抚证 一个人住"
    facts = SERVICES.read(no_nlu(note), Context()).facts
    assert facts.get("priority_care_family") == "true"
