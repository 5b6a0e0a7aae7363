"""The assist service (bot.agent.assist.suggest): the script is the answer said aloud, key fact first, with the
document's name and status in words; an honest 文件里没有写 when the documents are silent; no number that is not in
the knowledge base. Also the eval runner on its fixture, and `agents add`."""

from __future__ import annotations

import io
import re

from bot.agent import accounts
from bot.agent.assist import highlights, suggest, suggest_topic
from bot.agent.config import load_config
from bot.cli.agents import add
from bot.dialogue.facts import unsupported_numbers
from bot.eval import assist_eval
from tests.agent.conftest import PASSWORD


def test_an_answer_leads_with_the_key_fact_then_names_the_document_and_its_status() -> None:
    result = suggest("温州重度失能老人每月免费服务多少小时")
    script = result["script"]
    assert script.startswith("每月可以享受不少于四十五小时的免费居家养老服务。")
    assert "依据是《温州市居家养老服务促进条例实施意见（征求意见稿）》第三部分（三）第8条" in script
    assert "这是温州的征求意见稿，还没正式施行" in script
    assert "（出处" not in script and "⚠️" not in script and "【" not in script
    source = result["sources"][0]
    assert source["status"] == "draft" and "征求意见稿" in source["warning"] and source["text"]
    assert source["copy_text"].startswith("《温州市居家养老服务促进条例实施意见（征求意见稿）》第三部分（三）第8条：")
    assert "四十五" in source["text"] and "重度失能" in source["highlights"]


def test_what_the_documents_do_not_say_in_those_words_comes_first_with_whom_to_ask() -> None:
    # (the nearest clause is no answer: it stays in the sources panel, as any related clause does)
    result = suggest("海口有没有人上门帮老人洗澡")
    script = result["script"]
    assert result["status"] == "not_specified" and script.startswith("文件里没有写。收录的文件里没有直接提到“洗澡”。")
    assert "依据里" in script and result["sources"]
    assert script.endswith("由12345转交相关部门答复。")
    # 钟头 is the user's word for 小时: the hours are the answer, not something the documents do not name
    script = suggest("我家老太太在温州，重度失能，一个月能有几个钟头免费上门服务")["script"]
    assert script.startswith("每月可以享受不少于四十五小时")


def test_an_ended_plan_and_a_document_in_force_are_said_in_words() -> None:
    assert "这是海南的规划，规划期（2021到2025年）已经结束" in suggest("海南养老机构上门能提供哪些服务")["script"]
    assert "这是海口现行的文件" in suggest("海口的老人能免费体检吗")["script"]


def test_when_the_documents_are_silent_the_script_says_so_and_refers() -> None:
    for text, region in [("助浴怎么收费", None), ("老人坐公交免费吗", "wenzhou")]:
        result = suggest(text, region)
        assert "文件里没有写" in result["script"] and "民政局" in result["script"], result["script"]
        assert not re.findall(r"\d+", result["script"].replace("12345", "")), result["script"]
        assert result["sources"] == []
    absent = suggest("昌吉有没有高龄补贴")
    assert absent["script"].startswith("文件里没有写。") and "高龄补贴" in absent["script"]


def test_a_place_outside_coverage_is_not_answered() -> None:
    result = suggest("北京的高龄津贴一个月多少钱")
    assert result["status"] == "outside" and "“北京”不在收录的政策范围内" in result["script"]
    assert result["results"] == [] and "不在本助手收录的政策范围内" in result["notice"]


def test_without_a_place_the_agent_is_told_to_ask_where_first_and_where_the_documents_answer() -> None:
    result = suggest("家庭养老床位有什么要求")
    assert result["status"] == "ask_region" and "先问清老人户籍和居住在哪里" in result["script"]
    assert "海口" in result["script"].split("。")[-2]  # which places' documents answer it
    assert result["ask_caller"][0]["field"] == "region"
    for nowhere in ("农村五保户一个月能领多少钱", "养老金资格认证在手机上怎么做"):
        # asked "where?", but no place's documents answer (the 基本养老金 clause is only the nearest rule)
        assert suggest(nowhere)["status"] == "unanswered" and "文件里没有写" in suggest(nowhere)["script"]


def test_a_caller_the_agent_marks_as_outside_is_not_answered_from_a_covered_place() -> None:
    # 阜康 is in 昌吉州 but not 昌吉市: the agent chose 其他地方, so the 昌吉 pilot is not read out as the answer
    result = suggest("我家在昌吉州阜康市，昌吉那个养老试点我们能不能参加？", "outside")
    assert result["status"] == "outside" and "阜康市" in result["script"] and "12345" in result["script"]
    assert suggest("我妈在乌鲁木齐，那边有没有家庭养老床位？", "outside")["status"] == "outside"


def test_cash_beyond_a_free_service_is_said_to_be_unwritten() -> None:
    script = suggest("温州评上重度失能以后，除了免费服务，还有没有钱发？")["script"]
    assert "没有写" in script and "12345" in script and "四十五" not in script


def test_a_related_clause_with_figures_stays_in_the_sources_when_the_documents_do_not_say() -> None:
    result = suggest("海口养老护理员工资一般多少")
    if result["status"] == "not_specified":
        assert result["script"].startswith("文件里没有写") and "依据里" in result["script"]
        assert not re.findall(r"\d", result["script"].replace("12345", ""))


def test_scripts_state_no_number_outside_the_knowledge_base() -> None:
    for text in ["温州重度失能老人每月免费服务多少小时", "海口高龄津贴多少钱", "昌吉家庭照护床位有什么条件",
                 "海南特困老人集中供养", "我妈80岁住海口低保，能享受什么"]:
        assert unsupported_numbers(suggest(text)["script"]) == [], text


def test_facts_are_typed_and_personal_numbers_never_reach_them() -> None:
    result = suggest("我爸八十五了，海口户口，身份证号110101194001011234，电话13812345678，低保")
    assert result["facts"] == {"age": 85, "region": "haikou", "hukou_local": True, "economic": "dibao"}
    assert {"field": "economic", "label": "经济状况", "value": "dibao", "text": "低保对象"} in result["fact_list"]


def test_highlights_are_the_questions_words_found_in_the_clause() -> None:
    found = highlights("温州失能老人每月免费服务多少小时", "失能老年人每月可以享受不少于四十五小时的免费服务")
    # (失能 or 失能老: whether the segmenter has a user dictionary joining 失能老人 depends on what ran before)
    assert found[0] in ("失能", "失能老") and found[1:] == ["每月", "免费服务", "小时"]
    assert suggest_topic("高龄津贴多少钱") == "补贴津贴" and suggest_topic("你好") == "其他"


def test_the_eval_runner_judges_facts_sources_and_honesty(capsys) -> None:
    assert assist_eval.main(["--set", str(assist_eval.FIXTURE)]) == 0
    out = capsys.readouterr().out
    assert "100.0% (2/2)" in out and "100.0% (1/1)" in out and "numbers not in the knowledge base:             0" in out
    item = {"answerable": True, "doc_id": "wenzhou-2022-draft", "facts": ["三十小时"]}
    wrong_source = {"script": "每月不少于三十小时", "sources": [{"doc_id": "haikou-2023-105"}]}
    assert assist_eval.judge(item, wrong_source)[0] is False
    assert assist_eval.judge({"answerable": False}, {"script": "文件里没有写，每月800元", "sources": []})[0] is False


def test_agents_add_reads_the_password_from_stdin_and_refuses_weak_ones(app_db: str, capsys) -> None:
    assert add("zhao", "agent", io.StringIO(PASSWORD + "\n")) == 0
    assert add("qian", "staff", io.StringIO("short\n")) == 2
    assert "8到200" in capsys.readouterr().err
    assert accounts.login("zhao", PASSWORD, load_config()).signed_in is not None
    assert add("zhao", "staff", io.StringIO("another-pass-1\n")) == 0  # a reset
    assert accounts.login("zhao", PASSWORD, load_config()).signed_in is None
    assert accounts.login("zhao", "another-pass-1", load_config()).signed_in.agent.role == "staff"


def test_the_wechat_window_is_48_hours_and_5_messages_after_the_users_last_message() -> None:
    from bot.agent.wechat_window import window

    user = {"event": "user", "text": "在吗", "timestamp": 1000.0}
    agent = [{"event": "bot", "text": str(i), "timestamp": 1001.0 + i, "metadata": {"from": "agent"}} for i in range(3)]
    bot = {"event": "bot", "text": "助手", "timestamp": 1000.5}
    open_window = window([user, bot, *agent], now=1000.0 + 3600)
    assert open_window.open and open_window.messages_left == 2 and open_window.seconds_left == 47 * 3600
    assert not window([user, *agent, *agent[:2]], now=2000).open  # five sent: the quota is used up
    assert not window([user], now=1000.0 + 48 * 3600 + 1).open
    assert window([user, *agent, {**user, "timestamp": 5000.0}], now=5001).messages_left == 5  # a new window
    assert not window([], now=0).open
