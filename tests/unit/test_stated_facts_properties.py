"""Properties of what is recorded about the elder (issue 18: "never record a fact the person did not state").

Messages are generated from the conversation vocabulary (knowledge/nlu/dialogue.yaml: worker roles and
workplaces) and a few group words, not written one by one:

* a worker asking about those they serve (我是…网格员 / 我在…社工站上班 + a group + a question) records no fact
  about a person — no living arrangement, economic status, disability, dementia, age;
* a status said of somebody else with 的 (跟她那个二级残疾的儿子住) is never recorded for the elder;
* a space between two clauses of three or more characters never joins their words (the normaliser's comma).
"""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.nlu.text import normalize_user_text
from bot.settings import PROJECT_ROOT
from tests.support.talk import Talk

SLOW = settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

DIALOGUE = yaml.safe_load((PROJECT_ROOT / "knowledge" / "nlu" / "dialogue.yaml").read_text(encoding="utf-8"))
ROLES = DIALOGUE["lists"]["worker_roles"]
WORKPLACES = [w for w in DIALOGUE["lists"]["workplaces"] if len(w) >= 3]
PLACES = ["三亚", "海口龙华", "温州鹿城区", "昌吉", "琼海", "文昌一个镇"]
GROUPS = ["独居老人", "空巢老人", "失能老人", "低保老人", "特困老人", "经济困难的老人", "重度残疾的老人",
          "老年痴呆的老人"]
ASKS = ["文件对上门探访有要求吗", "补贴怎么申请", "能享受哪些服务", "有没有政策支持", "该找哪个部门"]
PERSON_FIELDS = {"living", "economic", "disability", "dementia", "disabled_cert_grade", "age", "tekun_mode"}
OTHERS = ["儿子", "小儿子", "女儿", "叔叔", "舅舅", "邻居"]
OTHER_STATUSES = ["一级残疾", "二级残疾", "重度失能", "老年痴呆", "低保"]
KIN = ["我妈", "我爸", "奶奶", "外公"]

worker_messages = st.one_of(
    # (one clause, as typed without stops: the writer's 我 in the same sentence as the group)
    st.builds("我是{}一个社区的{}想定期去看{}{}".format, st.sampled_from(PLACES), st.sampled_from(ROLES),
              st.sampled_from(GROUPS), st.sampled_from(ASKS)),
    st.builds("我在{}的{}上班想帮帮{}{}".format, st.sampled_from(PLACES), st.sampled_from(WORKPLACES),
              st.sampled_from(GROUPS), st.sampled_from(ASKS)))


@SLOW
@given(worker_messages)
def test_a_workers_question_records_no_fact_about_a_person(text: str) -> None:
    talk = Talk()
    talk(text)
    assert not PERSON_FIELDS & set(talk.ctx.facts), (text, talk.ctx.facts)


@SLOW
@given(st.sampled_from(KIN), st.sampled_from(PLACES), st.sampled_from(OTHER_STATUSES), st.sampled_from(OTHERS))
def test_a_status_said_of_somebody_else_is_not_the_elders(kin: str, place: str, status: str, other: str) -> None:
    talk = Talk()
    talk(f"{kin}住{place} 跟那个{status}的{other}一起住 有人上门看看不")
    recorded = {k: v for k, v in talk.ctx.facts.items() if k in {"disability", "disabled_cert_grade", "dementia",
                                                                   "economic"}}
    assert not recorded, (kin, place, status, other, talk.ctx.facts)


@given(st.lists(st.text(alphabet="我妈住海口有时候认不得人家里吃低保能享受啥", min_size=3, max_size=8), min_size=2,
                max_size=4))
@settings(max_examples=200, deadline=None, derandomize=True)
def test_long_clauses_typed_with_spaces_keep_their_pause(clauses: list[str]) -> None:
    text = normalize_user_text(" ".join(clauses))
    assert text.count("，") >= len(clauses) - 1
    assert normalize_user_text(text) == text  # idempotent
