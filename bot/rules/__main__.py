"""Command line for the entitlement engine.

    python -m bot.rules check profile.json [--json] [--as-of 2026-01-01]
    echo '{"region": "haikou", "age": 70}' | python -m bot.rules check -
    python -m bot.rules list                      # the catalog: id, region, document, name

``check`` prints a readable Chinese report grouped as 可以享受 / 经评估或认定后可能享受 / 还需要了解 / 不符合
(``--json`` prints the API response instead). Exit status: 0 on success, 2 when the profile is invalid.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Optional

from pydantic import ValidationError

from bot.rules.catalog import load_catalog
from bot.rules.engine import check
from bot.rules.profile import Profile
from bot.rules.result import STATUS_TITLES, STATUSES, Report, Result

MARKS = {"met": "✓", "not_met": "✗", "unknown": "?"}


def _profile_line(profile: Profile) -> str:
    vocab = load_catalog().vocab
    parts = []
    for name, value in profile.known().items():
        if name == "region":
            parts.append(f"所在地：{value}")
        elif name in vocab:
            parts.append(vocab[name].value_label(value) if vocab[name].kind == "boolean"
                         else f"{vocab[name].title}：{vocab[name].value_label(value)}")
    return "；".join(parts) or "（未提供任何情况）"


def _result_lines(result: Result) -> list[str]:
    lines = [f"  ■ {result.name}  [{result.benefit_id}]"]
    if result.amount is not None:
        lines.append(f"      标准：{result.amount.text}")
    lines.extend(f"      {reason}" for reason in result.reasons)
    for item in result.checklist:
        known = f"（{item.known}）" if item.known and item.known not in item.condition else ""
        group = f"〔{item.group}〕" if item.group else ""
        lines.append(f"      {MARKS[item.state]} {group}{item.condition}{known}")
    if result.apply is not None:
        lines.append(f"      办理：{result.apply.text}")
    for warning in result.warnings:
        lines.append(f"      ⚠ {warning}")
    sources = sorted({c.source or c.clause_id for c in result.citations})
    lines.extend(f"      依据：{s}" for s in sources)
    return lines


def render(report: Report, profile: Profile) -> str:
    """The readable report."""
    lines = [f"老人情况：{_profile_line(profile)}"]
    if report.notice:
        lines.append(report.notice)
        return "\n".join(lines)
    lines.append(f"适用文件范围：{'、'.join(report.scopes)}")
    for status in STATUSES:
        group = report.by_status(status)
        if not group:
            continue
        lines.append("")
        lines.append(f"【{STATUS_TITLES[status]}】（{len(group)}项）")
        for result in group:
            lines.extend(_result_lines(result))
    return "\n".join(lines)


def _read_profile(source: str) -> dict:
    text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    data = json.loads(text)
    # Accept the API body ({"profile": {...}}) as well as a bare profile.
    return data["profile"] if isinstance(data, dict) and isinstance(data.get("profile"), dict) else data


def _list() -> int:
    for rule in load_catalog().rules:
        print(f"{rule.benefit_id:<36} {rule.region:<8} {rule.doc_id:<20} {rule.name}")
    return 0


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.rules", description="entitlement checks")
    sub = parser.add_subparsers(dest="command", required=True)
    chk = sub.add_parser("check", help="evaluate one profile (JSON file, or - for stdin)")
    chk.add_argument("profile")
    chk.add_argument("--json", action="store_true", help="print the API response instead of the report")
    chk.add_argument("--as-of", type=date.fromisoformat, default=None, help="evaluation date (YYYY-MM-DD)")
    sub.add_parser("list", help="list the benefit catalog")
    args = parser.parse_args(argv)
    if args.command == "list":
        return _list()
    try:
        profile = Profile.parse_obj(_read_profile(args.profile))
    except (OSError, ValueError) as exc:  # json errors and pydantic.ValidationError are ValueErrors
        detail = exc if isinstance(exc, ValidationError) else f"cannot read {args.profile}: {exc}"
        print(f"老人情况有误 invalid profile: {detail}", file=sys.stderr)
        return 2
    report = check(profile, as_of=args.as_of)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render(report, profile))
    return 0


if __name__ == "__main__":
    sys.exit(main())
