"""The validator: the real knowledge base is clean; each kind of mistake is reported precisely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.kb.__main__ import main as cli
from bot.kb.loader import KNOWLEDGE_ROOT
from bot.kb.validate import ValidationError, validate

# The core files only: these tests build their own catalogs (benefits, figures …) from scratch.
CATALOGS = shutil.ignore_patterns("benefits", "figures", "glossary.yaml", "nlu", "benefits.json", "figures.json",
                                  "glossary.json", "nlu_*.json")


def test_real_knowledge_base_is_clean():
    errors = validate()
    assert errors == [], "\n".join(map(str, errors))


@pytest.fixture()
def kb_copy(tmp_path: Path) -> Path:
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_ROOT, root, ignore=CATALOGS)
    return root


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def clause(data: dict, clause_id: str) -> dict:
    return next(c for c in data["clauses"] if c["clause_id"] == clause_id)


def find(errors: list[ValidationError], file: str, entry: str, field: str) -> ValidationError:
    hits = [e for e in errors if e.file == file and e.entry == entry and e.field == field]
    assert hits, "\n".join(map(str, errors))
    assert hits[0].message and hits[0].hint
    return hits[0]


def test_clause_text_not_verbatim(kb_copy):
    path = kb_copy / "clauses" / "haikou-2023-105.yaml"
    edit_yaml(path, lambda d: clause(d, "haikou-2023-105:2.3.9").update(
        text=clause(d, "haikou-2023-105:2.3.9")["text"].replace("65 周岁以上", "60 周岁以上")))
    err = find(validate(kb_copy), "clauses/haikou-2023-105.yaml", "haikou-2023-105:2.3.9", "text")
    assert "verbatim" in err.message


def test_whitespace_differences_are_fine(kb_copy):
    path = kb_copy / "clauses" / "haikou-2023-105.yaml"
    edit_yaml(path, lambda d: clause(d, "haikou-2023-105:2.3.9").update(
        text=clause(d, "haikou-2023-105:2.3.9")["text"].replace("65 周岁", "65周岁").replace("。", "。\n")))
    assert validate(kb_copy) == []


def test_dropped_text_is_reported(kb_copy):
    path = kb_copy / "clauses" / "wenzhou-2022-draft.yaml"

    def drop(d):
        c = clause(d, "wenzhou-2022-draft:3.3.8")
        c["text"] = c["text"].split("其中")[0]

    edit_yaml(path, drop)
    errors = validate(kb_copy)
    err = find(errors, "clauses/wenzhou-2022-draft.yaml", "wenzhou-2022-draft:3.3.8", "text")
    assert "in no clause" in err.message and "其中重点优抚对象" in err.message


def test_dangling_cite(kb_copy):
    path = kb_copy / "contacts.yaml"
    edit_yaml(path, lambda d: d["contacts"][0].update(cites=["haikou-2023-105:9.9.9"]))
    err = find(validate(kb_copy), "contacts.yaml", "hotline-12345-haikou", "cites")
    assert "haikou-2023-105:9.9.9" in err.message


def test_duplicate_clause_id(kb_copy):
    path = kb_copy / "clauses" / "haikou-2023-161.yaml"
    edit_yaml(path, lambda d: d["clauses"].append(dict(d["clauses"][-1])))
    err = find(validate(kb_copy), "clauses/haikou-2023-161.yaml", "haikou-2023-161:attachments", "clause_id")
    assert "twice" in err.message


def test_missing_parent_and_bad_level(kb_copy):
    path = kb_copy / "clauses" / "haikou-2023-161.yaml"

    def change(d):
        clause(d, "haikou-2023-161:3.1")["parent"] = "haikou-2023-161:7"
        clause(d, "haikou-2023-161:3.2")["level"] = 5

    edit_yaml(path, change)
    errors = validate(kb_copy)
    find(errors, "clauses/haikou-2023-161.yaml", "haikou-2023-161:3.1", "parent")
    find(errors, "clauses/haikou-2023-161.yaml", "haikou-2023-161:3.2", "level")


def test_heading_must_follow_titles(kb_copy):
    path = kb_copy / "clauses" / "haikou-2023-105.yaml"
    edit_yaml(path, lambda d: clause(d, "haikou-2023-105:2.3").update(title="完善保障机制"))
    errors = validate(kb_copy)
    find(errors, "clauses/haikou-2023-105.yaml", "haikou-2023-105:2.3", "heading")
    find(errors, "clauses/haikou-2023-105.yaml", "haikou-2023-105:2.3.9", "heading")


def test_bad_schema(kb_copy):
    path = kb_copy / "documents" / "wenzhou-2022-draft.yaml"
    edit_yaml(path, lambda d: d.update(status="active"))
    err = find(validate(kb_copy), "documents/wenzhou-2022-draft.yaml", "wenzhou-2022-draft", "status")
    assert "schema" in err.message and "knowledge/schema/documents.json" in err.hint


def test_clause_schema_error_names_the_clause(kb_copy):
    path = kb_copy / "clauses" / "changji-2021-1.yaml"
    edit_yaml(path, lambda d: clause(d, "changji-2021-1:annex2.r5").update(level="two"))
    find(validate(kb_copy), "clauses/changji-2021-1.yaml", "changji-2021-1:annex2.r5", "level")


def test_yaml_syntax_error(kb_copy):
    (kb_copy / "contacts.yaml").write_text("contacts:\n  - id: [oops\n", encoding="utf-8")
    errors = validate(kb_copy)
    assert any(e.file == "contacts.yaml" and "YAML" in e.message for e in errors)


def test_unknown_region(kb_copy):
    edit_yaml(kb_copy / "documents" / "changji-2021-1.yaml", lambda d: d.update(region="xinjiang"))
    find(validate(kb_copy), "documents/changji-2021-1.yaml", "changji-2021-1", "region")


def test_new_kind_gets_reference_and_value_checks(kb_copy):
    (kb_copy / "benefits").mkdir()
    good = {"benefits": [
        {"id": "wz-free-hours", "value": "45小时", "cites": ["wenzhou-2022-draft:3.3.8"]},
        {"id": "hk-checkup-age", "value": 65, "cites": ["haikou-2023-105:2.3.9"]},
        {"id": "nested", "amounts": [{"quote": "不少于三十小时", "clause_id": "wenzhou-2022-draft:3.3.8"}]},
        {"id": "in-title", "value": "2021年8月—2021年9月", "cites": ["changji-2021-1:3.3"]},
    ]}
    path = kb_copy / "benefits" / "test.yaml"
    path.write_text(yaml.safe_dump(good, allow_unicode=True), encoding="utf-8")
    assert validate(kb_copy) == []

    bad = {"benefits": [
        {"id": "wz-free-hours", "value": "50小时", "cites": ["wenzhou-2022-draft:3.3.8"]},
        {"id": "dangling", "value": "45小时", "cites": ["wenzhou-2022-draft:9"]},
        {"id": "uncited", "quote": "四十五小时"},
        {"id": "wz-free-hours", "value": "45小时", "cites": ["wenzhou-2022-draft:3.3.8"]},
    ]}
    path.write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    errors = validate(kb_copy)
    err = find(errors, "benefits/test.yaml", "wz-free-hours", "value")
    assert "50小时" in err.message
    find(errors, "benefits/test.yaml", "dangling", "cites")
    find(errors, "benefits/test.yaml", "uncited", "quote")
    find(errors, "benefits/test.yaml", "wz-free-hours", "id")


def test_new_kind_schema_is_applied(kb_copy):
    (kb_copy / "figures").mkdir()
    (kb_copy / "schema" / "figures.json").write_text(
        '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",'
        ' "required": ["figures"], "properties": {"figures": {"type": "array", "items":'
        ' {"type": "object", "required": ["id", "unit"]}}}}', encoding="utf-8")
    (kb_copy / "figures" / "beds.yaml").write_text(
        "figures:\n  - id: beds-per-1000\n    value: 32\n    cites: [hainan-2021-plan:c5.s1.p3]\n",
        encoding="utf-8")
    errors = validate(kb_copy)
    assert [(e.file, e.entry, e.field) for e in errors] == [("figures/beds.yaml", "beds-per-1000", "unit")]


def test_cli(kb_copy, capsys):
    assert cli(["--root", str(kb_copy), "validate"]) == 0
    out = capsys.readouterr().out
    assert "hainan-2021-plan" in out and "plan_ended" in out and "contacts: 16" in out
    assert cli(["--root", str(kb_copy), "show", "wenzhou-2022-draft:3.3.8"]) == 0
    out = capsys.readouterr().out
    assert "四十五小时" in out and "征求意见稿" in out
    assert cli(["--root", str(kb_copy), "show", "wenzhou-2022-draft:3.3.99"]) == 1
    edit_yaml(kb_copy / "contacts.yaml", lambda d: d["contacts"][0].update(cites=["nope:1"]))
    assert cli(["--root", str(kb_copy), "validate"]) == 1
    assert "nope:1" in capsys.readouterr().out


def test_a_card_pointing_back_to_text_it_does_not_show_is_reported(tmp_path: Path) -> None:
    # users22 u22-039: 公办养老机构重点为上述老年人… was shown alone; the groups it meant were not
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_ROOT, root)
    path = root / "benefits" / "haikou.yaml"
    text = path.read_text(encoding="utf-8")
    old = "重点为经济困难的空巢、留守、失能、残疾、高龄老年人以及计划生育特殊家庭老年人等提供"
    assert old in text
    path.write_text(text.replace(old, "重点为上述老年人提供"), encoding="utf-8")
    errors = [e for e in validate(root) if e.field == "content"]
    assert len(errors) == 1 and "上述" in str(errors[0])
