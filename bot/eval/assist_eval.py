"""The agent-assist golden set: does the suggested script state the right fact from the right source, and
does it say honestly when the documents are silent?

`python -m bot.eval.assist_eval [--set FILE] [--misses]` — runs the service behind ``/api/agent/suggest``
(:func:`bot.agent.assist.suggest`) on each caller utterance and prints:

* answerable items: the share whose script contains every fact (word for word, or once numerals and dates
  are normalised) and whose sources include the item's document;
* unanswerable items: the share whose script says 文件里没有写 (or sends the caller to 12345) and states no
  number but 12345;
* numbers in any script that are nowhere in the knowledge base (must be 0), and suggest's time per call.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from bot.agent.assist import suggest
from bot.dialogue.facts import unsupported_numbers
from bot.eval.chat_eval import canonical, has_fact
from bot.settings import PROJECT_ROOT

GOLDEN_SET = PROJECT_ROOT / "tests" / "data" / "assist_golden.yaml"
FIXTURE = PROJECT_ROOT / "tests" / "data" / "assist_fixture.yaml"
SILENT_MARKERS = ("文件里没有写", "12345")
_DIGITS = re.compile(r"\d+")


def load(path: Path) -> list[dict[str, Any]]:
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(items, list):
        raise SystemExit(f"error: {path} must be a YAML list of items")
    return items


def judge(item: dict[str, Any], result: dict[str, Any]) -> tuple[bool, str]:
    """(passed, why not) for one item."""
    script = result["script"]
    if item.get("answerable"):
        text = canonical(script)
        missing = [f for f in item.get("facts") or [] if not has_fact(str(f), script, text)]
        docs = [s["doc_id"] for s in result["sources"]]
        if missing:
            return False, f"script lacks {missing}"
        if item.get("doc_id") and item["doc_id"] not in docs:
            return False, f"sources {docs} lack {item['doc_id']}"
        return True, ""
    if not any(marker in script for marker in SILENT_MARKERS):
        return False, "does not say the documents are silent"
    numbers = [n for n in _DIGITS.findall(canonical(script)) if n != "12345"]
    return (not numbers, f"states numbers {numbers}" if numbers else "")


def run(items: list[dict[str, Any]]) -> dict[str, Any]:
    suggest("温州重度失能老人每月免费服务多少小时")  # warm-up: the first call loads the NLU and the index
    rows, timings, unsupported = [], [], []
    for item in items:
        start = time.perf_counter()
        result = suggest(str(item["utterance"]), item.get("region") or None)
        timings.append((time.perf_counter() - start) * 1000)
        passed, why = judge(item, result)
        unsupported += unsupported_numbers(result["script"])
        rows.append({"id": item.get("id"), "answerable": bool(item.get("answerable")), "passed": passed,
                     "why": why, "utterance": item["utterance"], "script": result["script"]})
    timings.sort()
    return {"rows": rows, "unsupported": unsupported, "p50_ms": statistics.median(timings) if timings else 0.0,
            "p95_ms": timings[max(0, int(len(timings) * 0.95) - 1)] if timings else 0.0}


def _share(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "n/a (no items)"
    passed = sum(r["passed"] for r in rows)
    return f"{100 * passed / len(rows):.1f}% ({passed}/{len(rows)})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.eval.assist_eval")
    parser.add_argument("--set", type=Path, default=None,
                        help=f"items to run (default {GOLDEN_SET.name}, else the runner's 3-item fixture)")
    parser.add_argument("--misses", action="store_true", help="print each miss with its script")
    args = parser.parse_args(argv)
    path = args.set or (GOLDEN_SET if GOLDEN_SET.exists() else FIXTURE)
    report = run(load(path))
    answerable = [r for r in report["rows"] if r["answerable"]]
    silent = [r for r in report["rows"] if not r["answerable"]]
    print(f"agent assist ({path.name}, {len(report['rows'])} utterances)")
    print(f"  script states the fact with the right source: {_share(answerable)}")
    print(f"  honest when the documents are silent:          {_share(silent)}")
    print(f"  numbers not in the knowledge base:             {len(report['unsupported'])}"
          + (f" {sorted(set(report['unsupported']))}" if report["unsupported"] else ""))
    print(f"  suggest time: p50 {report['p50_ms']:.1f} ms, p95 {report['p95_ms']:.1f} ms")
    if args.misses:
        for row in report["rows"]:
            if not row["passed"]:
                print(f"  ✗ {row['id']}: {row['why']}\n      {row['utterance']}\n      → {row['script']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
