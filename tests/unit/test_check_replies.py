"""How the check reads a reply to the question it asked, in the user's own words (issue 18, point 2): yes or no
said apart from the answer, dialect negations, several statuses denied one by one, an answer said unsure."""

from __future__ import annotations

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
    ("lives_with_severely_disabled_child", "对 儿子一级智力残疾", "true"),
    ("family_planning_special", "是 独生儿子没了 失独", "true"),
    ("living", "对 一个人住", "alone"),
    # 不是，外地的 is No + 外地的, never 不 + 是，外地的 (which read as local)
    ("hukou_local", "不是，外地的", "false"),
    ("hukou_local", "不是 外地的", "false"),
    ("hukou_local", "不是 本地的", "false"),
    ("hukou_local", "是 本地的", "true"),
    # statuses denied one by one: none of them
    ("economic", "不是低保也不是边缘", "none"),
    ("economic", "伐是低保 也伐是边缘", "none"),
    ("economic", "不是低保 也不算困难", "none"),
    ("economic", "不是低保但是特困", "tekun"),
    ("living", "佢自己一個住", "alone"),
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
