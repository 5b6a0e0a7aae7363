"""The entitlement engine: three-valued logic, verdict properties, scoping, the profile model and the CLI."""

from __future__ import annotations

import ast
import json
import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from bot.bench.rules_bench import random_profile
from bot.kb.loader import load_kb
from bot.kb.numerals import normalize_text
from bot.rules import Profile, check, evaluate, load_catalog
from bot.rules.__main__ import main as cli
from bot.rules.logic import FALSE, TRUE, UNKNOWN, AllOf, AnyOf, Not, Open, Predicate
from bot.rules.result import STATUSES

REQUIRED_IDS = {
    "wenzhou.free_home_care_hours", "haikou.free_health_checkup", "haikou.elderly_service_subsidy",
    "haikou.care_subsidy", "haikou.high_age_allowance", "haikou.care_visits",
    "haikou.public_care_home_priority",
    "haikou.tekun_centralized_care", "haikou.family_caregiver_training", "haikou.home_adaptation",
    "haikou.preferential_treatment", "haikou.temporary_assistance", "hainan.key_visits",
    "hainan.low_cost_care_for_hardship", "changji.hospital_green_channel", "changji.family_doctor_contract",
    "changji.home_adaptation", "changji.family_care_bed", "changji.tekun_nursing_home",
    "changji.targeted_medical_service",
}
REGIONS = ("haikou", "sanya", "wenzhou", "changji")


def _by_id(results) -> dict[str, Any]:
    return {r.benefit_id: r for r in results}


# ---------------------------------------------------------------------------------------------- logic


def _leaf(field: str, index: int) -> Predicate:
    node = Predicate(field, "is_true", None, lambda v: v is True, field, "c", "q")
    node.index = index
    return node


@pytest.mark.parametrize(("a", "b", "all_", "any_"), [
    (True, True, TRUE, TRUE), (True, False, FALSE, TRUE), (False, False, FALSE, FALSE),
    (True, None, UNKNOWN, TRUE), (False, None, FALSE, UNKNOWN), (None, None, UNKNOWN, UNKNOWN),
])
def test_kleene_all_and_any(a, b, all_, any_) -> None:
    x, y = _leaf("a", 0), _leaf("b", 1)
    both, either = AllOf((x, y), "all", None, None), AnyOf((x, y), "any", None, None)
    both.index, either.index = 2, 3
    states = [UNKNOWN] * 4
    values = {"a": a, "b": b}
    assert both.eval(values, states) == all_
    assert either.eval(values, states) == any_
    negated = Not(x, "not", None, None)
    negated.index = 3
    expected = UNKNOWN if a is None else (FALSE if a else TRUE)
    assert negated.eval(values, states) == expected


def test_open_condition_is_never_decided() -> None:
    node = Open("高龄", "undefined", "", "age", "c", "q")
    node.index = 0
    states = [TRUE]
    assert node.eval({"age": 120}, states) == UNKNOWN and states == [UNKNOWN]


# ---------------------------------------------------------------------------------------------- catalog


def test_required_catalog_is_present() -> None:
    assert REQUIRED_IDS <= set(load_catalog().by_id)


def test_every_citation_resolves_and_quotes_the_clause() -> None:
    kb = load_kb()
    for rule in load_catalog().rules:
        assert rule.citations, rule.benefit_id
        for cit in rule.citations:
            clause = kb.clauses[cit.clause_id]
            hay = normalize_text(clause.full_text + "".join(clause.cells))
            assert normalize_text(cit.quote) in hay, (rule.benefit_id, cit)
            assert cit.doc_id == clause.doc_id and cit.source.startswith("《")


def test_benefit_files_pass_the_kb_validator() -> None:
    from bot.kb.validate import validate

    errors = [e for e in validate() if e.file.startswith("benefits/")]
    assert errors == [], "\n".join(map(str, errors))


def test_profile_model_matches_the_vocabulary_in_data() -> None:
    vocab = load_catalog().vocab
    assert tuple(Profile.__fields__) == vocab.order
    for name, model_field in Profile.__fields__.items():
        words = vocab[name]
        assert words.title and words.ask, name
        literal = getattr(model_field.outer_type_, "__args__", None)
        if words.kind == "enum":
            assert literal is not None and set(literal) == set(words.values), name
            assert set(words.labels) == set(words.values), f"{name}: every value needs a label"
        if words.kind == "boolean":
            assert model_field.outer_type_ is bool and words.yes and words.no, name


def _code_strings(path: Path) -> set[str]:
    """Identifiers and string literals of a module, without docstrings (which may give examples)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            out.add(node.value)
        elif isinstance(node, ast.Name):
            out.add(node.id)
    return out


def test_engine_knows_no_region_or_benefit() -> None:
    root = Path(__file__).resolve().parents[2] / "bot" / "rules"
    strings = set().union(*(_code_strings(root / f) for f in ("engine.py", "logic.py", "catalog.py")))
    for word in ("haikou", "hainan", "wenzhou", "changji", "sanya", "高龄", "失能", "特困", "tekun"):
        assert not [s for s in strings if word in s], f"'{word}' is hard-coded in the engine"
    for field in ("age", "economic", "disability", "hukou_local", "severe"):  # profile fields and codes
        assert field not in strings, f"'{field}' is hard-coded in the engine"


def _entry(conditions: dict, **extra: Any) -> dict:
    entry = {"id": "haikou.test", "name": "测试", "region": "haikou", "doc_id": "haikou-2023-105",
             "cites": ["haikou-2023-105:2.3.9"], "target_group": "测试", "content": "测试",
             "rule": {"conditions": conditions,
                      "outcomes": [{"content": "x", "cite": "haikou-2023-105:2.3.9", "quote": "免费体检"}]}}
    entry.update(extra)
    return entry


CITE = {"cite": "haikou-2023-105:2.3.9", "quote": "65 周岁以上"}


@pytest.mark.parametrize(("conditions", "message"), [
    ({"field": "agee", "op": ">=", "value": 65, **CITE}, "unknown profile field 'agee'"),
    ({"field": "economic", "op": "in", "codes": ["poor"], **CITE}, "not allowed for 'economic'"),
    ({"field": "age", "op": "is_true", **CITE}, "needs a yes/no field"),
    ({"field": "hukou_local", "op": "is_true"}, "needs a citation"),
    ({"any": [{"ref": "nothing"}], **CITE}, "ref 'nothing'"),
    ({"field": "region", "op": "in", "codes": ["haikou"], **CITE}, "unknown profile field 'region'"),
])
def test_bad_rules_are_rejected_with_the_place(conditions: dict, message: str) -> None:
    from bot.rules.catalog import RuleError, compile_rule

    catalog = load_catalog()
    with pytest.raises(RuleError) as err:
        compile_rule(_entry(conditions), catalog.kb, catalog.vocab)
    assert message in str(err.value) and "haikou.test" in str(err.value)


def test_group_citation_is_inherited_by_its_leaves() -> None:
    from bot.rules.catalog import compile_rule

    catalog = load_catalog()
    rule = compile_rule(_entry({"any": [{"field": "homeless", "op": "is_true"}], **CITE}), catalog.kb,
                        catalog.vocab)
    leaf, group = rule.leaves[0]
    assert leaf.cite == CITE["cite"] and leaf.quote == CITE["quote"] and group


# ---------------------------------------------------------------------------------------------- scope


def test_no_region_asks_for_it() -> None:
    report = check({"age": 70})
    assert report.results == () and "城市" in report.notice and "海口" in report.notice
    assert evaluate({}) == []


def test_uncovered_region_names_the_covered_ones() -> None:
    report = check({"region": "北京", "age": 70})
    assert report.results == ()
    for name in ("海南", "海口", "温州", "昌吉"):
        assert name in report.notice


@pytest.mark.parametrize(("region", "scopes"), [
    ("haikou", ("haikou", "hainan")), ("海口市", ("haikou", "hainan")), ("美兰", ("haikou", "hainan")),
    ("三亚", ("hainan",)), ("wenzhou", ("wenzhou",)), ("鹿城区", ("wenzhou",)), ("changji", ("changji",)),
])
def test_scopes_follow_the_region(region: str, scopes: tuple) -> None:
    report = check({"region": region})
    assert report.scopes == scopes
    assert {r.region for r in report.results} == set(scopes)


def test_results_are_ordered_by_verdict() -> None:
    results = evaluate({"region": "haikou", "age": 70, "economic": "dibao", "disability": "moderate"})
    order = [STATUSES.index(r.status) for r in results]
    assert order == sorted(order)


def test_draft_and_pilot_documents_are_flagged() -> None:
    wz = _by_id(evaluate({"region": "wenzhou"}))["wenzhou.free_home_care_hours"]
    assert any("征求意见稿" in w for w in wz.warnings)
    cj = _by_id(evaluate({"region": "changji", "age": 80}))["changji.hospital_green_channel"]
    assert any("试点" in w for w in cj.warnings)
    hn = _by_id(evaluate({"region": "sanya"}))["hainan.key_visits"]
    assert any("规划期已结束" in w for w in hn.warnings)
    hk = _by_id(evaluate({"region": "haikou", "age": 70, "resides_local": True}))[
        "haikou.free_health_checkup"]
    assert hk.warnings == ()


def test_deadline_warning_depends_on_the_date() -> None:
    profile = {"region": "changji", "economic": "tekun", "tekun_mode": "dispersed"}
    during = _by_id(evaluate(profile, as_of=date(2021, 6, 1)))["changji.home_adaptation"]
    after = _by_id(evaluate(profile, as_of=date(2022, 1, 1)))["changji.home_adaptation"]
    assert not any("实施时限（2021年底前）" in w for w in during.warnings)
    assert any("实施时限（2021年底前）已过" in w for w in after.warnings)


# ---------------------------------------------------------------------------------------------- properties


def _profiles(count: int, seed: int) -> list[Profile]:
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        profile = random_profile(rng, rng.choice((0.1, 0.3, 0.6)))
        if profile.region is not None and check(profile).scopes:
            out.append(profile)
    return out


def _complete(profile: Profile, rng: random.Random) -> Profile:
    """The same profile with every unknown field filled in."""
    full = random_profile(rng, 1.0).dict()
    data = {**full, **profile.known()}
    if data.get("economic") != "tekun":
        data["tekun_mode"] = None
    elif data.get("tekun_mode") is None:
        data["tekun_mode"] = rng.choice(("dispersed", "centralized"))
    return Profile.parse_obj(data)


def _extend(profile: Profile, rng: random.Random) -> Profile:
    """The same profile with some more fields known (never changing a known one)."""
    full = _complete(profile, rng).dict()
    data = profile.known()
    for name, value in full.items():
        if name not in data and rng.random() < 0.5:
            data[name] = value
    if data.get("tekun_mode") is not None and data.get("economic") != "tekun":
        data.pop("tekun_mode")
    return Profile.parse_obj(data)


def test_knowing_more_never_reverses_a_decided_verdict() -> None:
    """Unknown is not no: a verdict reached with less information is never contradicted by more (eligible
    never turns need_info or not_eligible, not_eligible never turns eligible, likely stays likely)."""
    rng = random.Random(11)
    for profile in _profiles(300, 3):
        before = _by_id(evaluate(profile))
        after = _by_id(evaluate(_extend(profile, rng)))
        for benefit_id, result in before.items():
            if result.status != "need_info":
                assert after[benefit_id].status == result.status, (benefit_id, profile.known())
            if result.status == "eligible" and result.amount is not None:
                assert after[benefit_id].amount == result.amount


def test_full_information_always_decides() -> None:
    """need_info only ever means "a field is missing": with every field known, no result asks for more."""
    rng = random.Random(5)
    for profile in _profiles(200, 4):
        for result in evaluate(_complete(profile, rng)):
            assert result.status != "need_info", (result.benefit_id, result.missing)


def test_missing_fields_are_unknown_in_the_profile() -> None:
    for profile in _profiles(200, 6):
        for result in evaluate(profile):
            for name in result.missing:
                assert getattr(profile, name) is None, (result.benefit_id, name)


def test_high_age_allowance_is_never_eligible() -> None:
    rng = random.Random(9)
    profiles = [Profile(region="haikou", age=age) for age in range(0, 131)]
    profiles += [_complete(Profile(region="haikou"), rng) for _ in range(200)]
    for profile in profiles:
        result = _by_id(evaluate(profile))["haikou.high_age_allowance"]
        assert result.status in ("likely", "need_info")
        assert result.amount is None
        assert any("文件未规定高龄津贴的年龄和金额" in r for r in result.reasons + result.warnings)


def test_evaluate_is_pure() -> None:
    profile = Profile(region="haikou", age=80, economic="hardship", living="alone")
    snapshot = profile.dict()
    first = [r.to_dict() for r in evaluate(profile)]
    assert [r.to_dict() for r in evaluate(profile)] == first
    assert profile.dict() == snapshot


# ---------------------------------------------------------------------------------------------- profile


@pytest.mark.parametrize(("data", "field"), [
    ({"age": -5}, "age"), ({"age": "abc"}, "age"), ({"age": 131}, "age"), ({"age": 70.5}, "age"),
    ({"age": True}, "age"), ({"disability": "very"}, "disability"), ({"economic": "poor"}, "economic"),
    ({"disabled_cert_grade": 5}, "disabled_cert_grade"), ({"hukou_local": "maybe"}, "hukou_local"),
    ({"nickname": "x"}, "nickname"), ({"economic": "dibao", "tekun_mode": "dispersed"}, "tekun_mode"),
])
def test_malformed_profile_names_the_field(data: dict, field: str) -> None:
    with pytest.raises(ValidationError) as err:
        Profile.parse_obj(data)
    assert field in {str(loc) for e in err.value.errors() for loc in e["loc"]}


def test_profile_accepts_json_like_values() -> None:
    profile = Profile.parse_obj({"region": " 三亚 ", "age": "70", "hukou_local": "true",
                                 "disabled_cert_grade": 0})
    assert profile.region == "三亚" and profile.age == 70 and profile.hukou_local is True
    assert profile.known() == {"region": "三亚", "age": 70, "hukou_local": True, "disabled_cert_grade": 0}


# ---------------------------------------------------------------------------------------------- CLI


def test_cli_prints_a_grouped_report(tmp_path: Path, capsys) -> None:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps({"profile": {"region": "wenzhou", "hukou_local": True, "resides_local": True,
                                            "economic": "dibao", "disability": "severe"}}), encoding="utf-8")
    assert cli(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "【可以享受】" in out and "四十五小时" in out and "征求意见稿" in out and "依据：《" in out


def test_cli_json_and_invalid_profile(tmp_path: Path, capsys) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"region": "haikou", "age": 70}', encoding="utf-8")
    assert cli(["check", "--json", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["results"]
    path.write_text('{"age": -5}', encoding="utf-8")
    assert cli(["check", str(path)]) == 2
    assert "age" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------- helpers


def test_helpers_for_the_dialogue_layer() -> None:
    from bot.rules import field_label, field_question, parse_profile, value_label

    assert field_label("age") == "年龄" and field_label("dementia") == "dementia"
    assert field_question("hukou_local") == "是否具有本市户籍"
    assert value_label("disability", "severe") == "重度失能" and value_label("age", 70) == "70周岁"
    profile = parse_profile({"region": "haikou"})
    assert parse_profile(profile) is profile
    result = _by_id(evaluate({"region": "wenzhou", "hukou_local": True, "resides_local": True,
                              "economic": "dibao", "disability": "severe"}))["wenzhou.free_home_care_hours"]
    item = result.checklist[0]
    assert item["state"] == item.state == "met" and item["label"] == item.condition
    assert item.get("nothing") is None and item[0] == item.condition
    assert str(result.amount) == "每月可以享受不少于四十五小时的免费居家养老服务"


def test_an_item_waiting_for_a_fact_keeps_the_amount_the_known_facts_select() -> None:
    profile = Profile(region="lucheng", age=83, resides_local=True, disability="moderate", economic="dibao_edge")
    [result] = [r for r in evaluate(profile) if r.benefit_id.startswith("wenzhou") and r.status == "need_info"
                and "hukou_local" in r.missing][:1]
    assert result.amount is None  # not claimed while a condition is open
    assert result.amount_if_confirmed is not None and "三十小时" in str(result.amount_if_confirmed)
    assert "amount_if_confirmed" not in result.to_dict()
