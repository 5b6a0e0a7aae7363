"""The real knowledge base loads, and its lookups answer the questions the bot asks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.kb.loader import KNOWLEDGE_ROOT, KnowledgeBaseError, load_kb
from bot.kb.model import Clause, Document

DOC_IDS = ["haikou-2023-161", "haikou-2023-105", "hainan-2021-plan", "wenzhou-2022-draft", "changji-2021-1"]


# The core files only: these tests build their own catalogs (benefits, figures …) from scratch.
CATALOGS = shutil.ignore_patterns("benefits", "figures", "glossary.yaml", "nlu", "benefits.json", "figures.json",
                                  "glossary.json", "nlu_*.json")


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def test_documents(kb):
    assert list(kb.documents) == DOC_IDS
    statuses = {d.doc_id: d.status for d in kb.documents.values()}
    assert statuses == {
        "haikou-2023-161": "in_force", "haikou-2023-105": "in_force", "hainan-2021-plan": "plan_ended",
        "wenzhou-2022-draft": "draft", "changji-2021-1": "pilot",
    }
    doc = kb.documents["haikou-2023-105"]
    assert isinstance(doc, Document)
    assert doc.short_name == "海口市推进基本养老服务体系建设实施方案"
    assert doc.doc_number == "海府办函〔2023〕105号"
    assert doc.dates.signed == "2023-07-17" and doc.dates.published == "2023-07-19"
    assert "征求意见稿" in kb.documents["wenzhou-2022-draft"].status_note
    assert "规划期已结束" in kb.documents["hainan-2021-plan"].status_note
    assert "试点" in kb.documents["changji-2021-1"].status_note
    for doc_id in DOC_IDS:
        assert kb.sources[doc_id].strip()


def test_records_are_frozen(kb):
    clause = kb.clauses["haikou-2023-105:2.3.9"]
    with pytest.raises(AttributeError):
        clause.text = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        kb.clauses["x"] = clause  # type: ignore[index]


def test_cached(kb):
    assert load_kb() is kb
    assert load_kb(KNOWLEDGE_ROOT) is kb


@pytest.mark.parametrize(
    ("clause_id", "words"),
    [
        ("haikou-2023-105:2.3.9", ["65 周岁以上老年人", "免费体检", "高龄长寿老年人补贴"]),
        ("haikou-2023-105:2.2.4", ["12345 热线", "海易办", "金民工程"]),
        ("haikou-2023-105:2.2.5", ["月探访率达到 100%", "五社联动"]),
        ("haikou-2023-161:preamble", ["2022年11月21日", "将于7月1日起施行"]),
        ("haikou-2023-161:4.4", ["0898-68723686", "2023年12月1日前"]),
        ("haikou-2023-161:header", ["海民发〔2023〕161号"]),
        ("wenzhou-2022-draft:3.3.8", ["四十五小时", "三十小时", "浙里康养"]),
        ("wenzhou-2022-draft:3.5.17", ["五十万元以上一百万元以下罚款"]),
        ("wenzhou-2022-draft:closing", ["本意见自2022年*月1日起施行"]),
        ("hainan-2021-plan:c5.s1.p3", ["32张"]),
        ("hainan-2021-plan:box8.5", ["2025年底不低于60%"]),
        ("hainan-2021-plan:glossary.6", ["时间换时间"]),
        ("changji-2021-1:annex2.r12", ["人均", "回购或租赁"][1:]),
        ("changji-2021-1:annex2.r3", ["65岁以上老年人签约服务比例达到70%以上"]),
        ("changji-2021-1:annex1.r1", ["马红军"]),
    ],
)
def test_spot_check_clause_text(kb, clause_id, words):
    clause = kb.clauses[clause_id]
    for word in words:
        assert word in clause.text
    assert word in kb.sources[clause.doc_id]


def test_titles_and_headings(kb):
    clause = kb.clauses["haikou-2023-105:2.3.9"]
    assert (clause.label, clause.title, clause.level) == ("9.", "健全老年人社会福利制度", 3)
    assert clause.heading == "二、重点工作 › (三)完善基本养老服务保障机制 › 9.健全老年人社会福利制度"
    assert clause.parent == "haikou-2023-105:2.3"
    assert kb.citation("haikou-2023-105:2.3.9").startswith("《海口市推进基本养老服务体系建设实施方案》二、重点工作")
    assert kb.clauses["wenzhou-2022-draft:1"].title == "指导思想"  # unnumbered in the text, logically 一、
    assert kb.clauses["hainan-2021-plan:c5"].label == "第五章"
    assert kb.clauses["hainan-2021-plan:box8"].label == "专栏8"
    assert kb.clauses["hainan-2021-plan:glossary.8"].title == "金民工程"


def test_items_do_not_swallow_siblings(kb):
    nine = kb.clauses["haikou-2023-105:2.3.9"].text
    assert "10." not in nine and "完善临时救助制度" not in nine
    eight = kb.clauses["wenzhou-2022-draft:3.3.8"].text
    assert "有效拓展社区居家养老服务" not in eight
    for clause in kb.clauses.values():
        # a clause's text never contains the heading of one of its siblings
        siblings = kb.children(clause.parent) if clause.parent else []
        for sib in siblings:
            if sib.clause_id != clause.clause_id and sib.label not in ("", "——") and len(sib.title) >= 6:
                assert f"{sib.label}{sib.title}" not in clause.text, (clause.clause_id, sib.clause_id)


def test_structure_navigation(kb):
    assert [c.clause_id for c in kb.children("haikou-2023-105:2.3")] == [
        f"haikou-2023-105:2.3.{n}" for n in range(6, 13)]
    assert [c.clause_id for c in kb.ancestors("haikou-2023-105:2.3.9")] == [
        "haikou-2023-105:2.3", "haikou-2023-105:2"]
    clauses = kb.clauses_of("wenzhou-2022-draft")
    assert all(isinstance(c, Clause) for c in clauses)
    assert clauses[0].clause_id == "wenzhou-2022-draft:preamble"
    assert kb.clauses_of("nope") == []
    box8 = [c.clause_id for c in kb.children("hainan-2021-plan:box8")]
    assert box8 == [f"hainan-2021-plan:box8.{n}" for n in range(1, 7)]
    rows = kb.children("changji-2021-1:annex2")
    assert [c.clause_id for c in rows] == [f"changji-2021-1:annex2.r{n}" for n in range(1, 32)]
    columns = ("工作任务", "序号", "任务分工", "责任单位", "时间进度")
    assert kb.clauses["changji-2021-1:annex2"].columns == columns
    assert kb.clauses["changji-2021-1:annex2.r3"].cells[0] == "（二）深入推进医疗卫生与养老服务相结合"
    row = kb.clauses["hainan-2021-plan:c1.s4.t1.r14"]
    assert row.cells == ("14", "每千名老年人口养老床位数(张)", "", "30", "32", "预期性")


def test_clause_counts(kb):
    counts = {d: len(kb.clauses_of(d)) for d in DOC_IDS}
    assert counts["haikou-2023-105"] >= 35
    assert counts["hainan-2021-plan"] >= 200
    assert all(n > 10 for n in counts.values())


@pytest.mark.parametrize(
    ("place", "code", "scopes"),
    [
        ("三亚", "sanya", ["hainan"]),
        ("三亚市", "sanya", ["hainan"]),
        ("sanya", "sanya", ["hainan"]),
        ("琼中", "qiongzhong", ["hainan"]),
        ("海口", "haikou", ["haikou", "hainan"]),
        ("海口市", "haikou", ["haikou", "hainan"]),
        ("美兰区", "meilan", ["haikou", "hainan"]),
        ("海南省", "hainan", ["hainan"]),
        ("温州", "wenzhou", ["wenzhou"]),
        ("乐清", "yueqing", ["wenzhou"]),
        ("昌吉市", "changji", ["changji"]),
        ("北京", None, []),
        ("昌吉州", None, []),
        ("", None, []),
    ],
)
def test_regions(kb, place, code, scopes):
    region = kb.region(place)
    assert (region.code if region else None) == code
    assert kb.covers(place) == scopes


def test_region_details(kb):
    hainan = kb.region("海南")
    assert len(hainan.cities) >= 18 and "sanya" in hainan.cities
    assert kb.region("三亚").parent == "hainan"
    assert set(kb.region("haikou").districts) >= {"xiuying", "longhua", "qiongshan", "meilan"}
    assert [d.doc_id for d in kb.documents_for("三亚")] == ["hainan-2021-plan"]
    assert [d.doc_id for d in kb.documents_for("海口")] == ["haikou-2023-161", "haikou-2023-105",
                                                           "hainan-2021-plan"]
    assert "海南" in kb.coverage_note and "温州" in kb.coverage_note


def test_contacts(kb):
    hotline = kb.contacts["hotline-12345-haikou"]
    assert hotline.kind == "hotline" and hotline.fallback and hotline.cites == ("haikou-2023-105:2.2.4",)
    for region in ("haikou", "hainan", "wenzhou", "changji"):
        assert any(c.fallback and c.phone == "12345" for c in kb.contacts_for(region)), region
    ids = {c.id for c in kb.contacts_for("温州")}
    assert {"platform-zheli-kangyang", "platform-wenzhou-elderly-supermarket"} <= ids
    for contact in kb.contacts.values():
        assert contact.cites or contact.note
        for cid in contact.cites:
            assert cid in kb.clauses


def test_generic_kinds_load(tmp_path: Path):
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_ROOT, root, ignore=CATALOGS)
    (root / "benefits").mkdir()
    (root / "benefits" / "wenzhou.yaml").write_text(
        "benefits:\n  - id: wz-free-hours\n    value: 45小时\n    cites: [wenzhou-2022-draft:3.3.8]\n",
        encoding="utf-8")
    (root / "glossary.yaml").write_text("- term: 金民工程\n  cites: [hainan-2021-plan:glossary.8]\n",
                                        encoding="utf-8")
    kb = load_kb(root)
    assert kb.benefits == [{"id": "wz-free-hours", "value": "45小时", "cites": ["wenzhou-2022-draft:3.3.8"]}]
    assert kb.glossary[0]["term"] == "金民工程"
    assert "benefits" in kb.kinds() and kb.figures == []
    assert kb.synonyms  # the shared synonyms file is a generic kind too


def test_strict_load_rejects_schema_violations(tmp_path: Path):
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_ROOT, root, ignore=CATALOGS)
    path = root / "documents" / "haikou-2023-105.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: in_force", "status: active"),
                    encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="status"):
        load_kb(root)
    assert load_kb(root, strict=False).documents["haikou-2023-105"].status == "active"
