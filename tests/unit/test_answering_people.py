"""'Who is the 组长?' from a document's own table of members."""

from __future__ import annotations

from bot.answering.default import answer_question, default_env
from bot.answering.specialists.people import people_reply


def texts(reply) -> str:
    return "\n".join(m["text"] for m in reply.messages)


def test_the_holder_of_a_role_is_named_with_the_post_and_the_table_cited() -> None:
    text = texts(answer_question("昌吉养老改革领导小组组长是谁"))
    assert "【组长】马红军（市委副书记、市长）" in text
    assert "出处：《昌吉市居家和社区养老服务改革试点实施方案》附件1第一部分" in text and "时限已过" in text


def test_a_role_held_by_several_lists_them_and_a_long_list_says_how_many() -> None:
    assert "刘晓泉" in texts(answer_question("昌吉领导小组副组长都有谁"))
    assert "阿达力" not in texts(answer_question("昌吉领导小组副组长都有谁"))  # 常务副组长 is another role
    assert "等36人" in texts(answer_question("昌吉领导小组成员有哪些人"))


def test_members_of_a_family_or_a_region_without_such_a_table_get_no_list() -> None:
    kb = default_env()
    assert people_reply(kb, "昌吉低保家庭成员有哪些人能享受", "changji") is None
    assert people_reply(kb, "海口领导小组组长是谁", "haikou") is None
    assert people_reply(kb, "昌吉领导小组负责什么", "changji") is None


def test_a_second_part_of_the_question_gets_its_own_answer_after_the_holder() -> None:
    reply = answer_question("昌吉领导小组谁当组长，办公室设在哪")
    text = texts(reply)
    assert text.index("马红军") < text.index("领导小组办公室设在市民政局")
    assert text.count("时限已过") == 1  # the same warning is said once
    assert reply.slots.get("region") == "changji"
