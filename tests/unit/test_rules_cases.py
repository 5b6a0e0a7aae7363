"""Runs the entitlement rule tests written as data (tests/rules/<benefit_id>.yaml) and checks their coverage:
every benefit has an eligible case (likely when it can never be better), a case where each checkable
condition is not met, a not_eligible case when the rule can fail, and a need_info case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.rules import evaluate, load_catalog
from bot.rules.catalog import Rule
from bot.rules.logic import Open, Predicate

CASES_DIR = Path(__file__).resolve().parents[1] / "rules"
EXPECT_KEYS = {"status", "amount", "missing", "not_met", "warning", "reason"}


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data.get("benefit_id") == path.stem, f"{path.name}: benefit_id must equal the file name"
    return data


CASE_FILES = sorted(CASES_DIR.glob("*.yaml"))
ALL_CASES = [(path.stem, case) for path in CASE_FILES for case in _load(path)["cases"]]


def _run(benefit_id: str, case: dict[str, Any]):
    rule = load_catalog().by_id[benefit_id]
    profile = dict(case.get("profile") or {})
    profile.setdefault("region", rule.region)
    return next((r for r in evaluate(profile) if r.benefit_id == benefit_id), None)


@pytest.mark.parametrize(("benefit_id", "case"), ALL_CASES,
                         ids=[f"{b}:{c['name']}" for b, c in ALL_CASES])
def test_case(benefit_id: str, case: dict[str, Any]) -> None:
    expect = case["expect"]
    assert set(expect) <= EXPECT_KEYS, f"unknown expect keys: {set(expect) - EXPECT_KEYS}"
    result = _run(benefit_id, case)
    if expect["status"] == "absent":
        assert result is None, f"{benefit_id} should not be in scope, got {result and result.status}"
        return
    assert result is not None, f"{benefit_id} is not in the results for this profile"
    shown = f"\nreasons: {result.reasons}\nmissing: {result.missing}"
    assert result.status == expect["status"], shown
    if "missing" in expect:
        assert list(result.missing) == expect["missing"], shown
    if "amount" in expect:
        assert result.amount is not None and result.amount.value == expect["amount"], shown
    elif result.status not in ("eligible", "likely"):
        assert result.amount is None
    if "not_met" in expect:
        not_met = {item.field for item in result.checklist if item.state == "not_met"}
        assert set(expect["not_met"]) <= not_met, f"not met: {not_met}{shown}"
    if "warning" in expect:
        assert any(expect["warning"] in w for w in result.warnings), result.warnings
    if "reason" in expect:
        assert any(expect["reason"] in r for r in result.reasons), shown
    # whatever the verdict, the answer is explained and cited
    assert result.reasons and result.citations and result.checklist
    if result.status == "need_info":
        assert result.missing and len(result.questions) == len(result.missing)
    else:
        assert not result.missing


def test_every_benefit_has_a_case_file() -> None:
    ids = set(load_catalog().by_id)
    files = {p.stem for p in CASE_FILES}
    assert ids - files == set(), f"benefits without tests/rules/<id>.yaml: {sorted(ids - files)}"
    assert files - ids == set(), f"case files for unknown benefits: {sorted(files - ids)}"


def _coverage_problems(rule: Rule) -> list[str]:
    cases = [c for b, c in ALL_CASES if b == rule.benefit_id]
    results = [(c, _run(rule.benefit_id, c)) for c in cases if c["expect"]["status"] != "absent"]
    statuses = {r.status for _, r in results if r is not None}
    problems = []
    best = "eligible" if rule.can_be_eligible else "likely"
    if best not in statuses:
        problems.append(f"no {best} case")
    if rule.can_fail and "not_eligible" not in statuses:
        problems.append("no not_eligible case")
    has_fields = any(isinstance(leaf, Predicate) or (isinstance(leaf, Open) and leaf.field)
                     for leaf, _ in rule.leaves)
    if has_fields and "need_info" not in statuses:
        problems.append("no need_info case")
    for position, (leaf, _) in enumerate(rule.leaves):
        if not isinstance(leaf, Predicate):
            continue
        if not any(r is not None and r.checklist[position].state == "not_met" for _, r in results):
            problems.append(f"no case where '{leaf.label}' ({leaf.field}) is not met")
    return problems


@pytest.mark.parametrize("benefit_id", sorted(load_catalog().by_id))
def test_cases_cover_the_rule(benefit_id: str) -> None:
    problems = _coverage_problems(load_catalog().by_id[benefit_id])
    assert problems == [], f"{benefit_id}: " + "; ".join(problems)
