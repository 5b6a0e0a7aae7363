"""How often a word becomes a fact the user never stated: the conversation's reader (bot.conversation.reading, the
path every message takes) on tests/data/profile_precision.yaml, a set written blind from the rule "a fact only from
a statement about the elder": ≥ 170 messages where nothing may be recorded, and positives with exactly what may be.

`python -m bot.eval.profile_precision [--misses]` prints:
  negatives clean   — share of the nothing-to-record messages where nothing was recorded
  precision         — recorded facts that are right, over all messages
  recall            — stated facts (positives) that were recorded
Places compare by coverage scope: the set writes haikou for a 海口 district and hainan for any other Hainan city.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import yaml

from bot.conversation.services import MemoryRecords, build_services
from bot.settings import PROJECT_ROOT

SET = PROJECT_ROOT / "tests" / "data" / "profile_precision.yaml"


def _label(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _scope(kb: Any, code: str) -> str:
    """海口龙华区 → haikou, 三亚 → hainan: the set's coarser place codes."""
    if code == "outside":
        return code
    region = kb.region(code)
    while region is not None and region.parent and region.kind != "city":
        region = kb.region(region.parent)
    if region is None:
        return code
    if region.code == "haikou" or region.parent is None:
        return region.code
    return region.parent if region.parent == "hainan" else region.code


def measure(path: Path = SET) -> dict[str, Any]:
    s = build_services(MemoryRecords())
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    tp = fp = fn = 0
    clean = negatives = 0
    misses: list[dict[str, Any]] = []
    by_field: dict[str, int] = {}
    for item in items:
        want = {k: _label(v) for k, v in (item.get("facts") or {}).items()}
        if "region" in want:
            want["region"] = _scope(s.kb, want["region"])
        reading = s.reader.read(str(item["text"]))
        got = dict(reading.facts)
        if reading.people:  # two elders: a fact said of each (我们老两口自己过) is recorded whoever is checked first
            got.update(dict(set.intersection(*(set(p.facts.items()) for p in reading.people))))
        if "region" in got:
            got["region"] = _scope(s.kb, got["region"])
        wrong = {k: v for k, v in got.items() if want.get(k) != v}
        missed = {k: v for k, v in want.items() if got.get(k) != v}
        tp += len(got) - len(wrong)
        fp += len(wrong)
        fn += len(missed)
        for name in wrong:
            by_field[name] = by_field.get(name, 0) + 1
        if not want:
            negatives += 1
            clean += not got
        if wrong or missed:
            misses.append({"id": item["id"], "text": item["text"], "recorded": got, "labelled": want})
    return {"messages": len(items), "negatives": negatives, "negatives_clean": clean,
            "precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn) if tp + fn else 1.0,
            "false_facts_by_field": dict(sorted(by_field.items(), key=lambda kv: -kv[1])), "misses": misses}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--misses", action="store_true", help="list the messages read differently from the labels")
    args = parser.parse_args()
    figures = measure()
    print(f"profile facts (blind precision set, {figures['messages']} messages): "
          f"negatives with nothing recorded {figures['negatives_clean']}/{figures['negatives']} "
          f"({figures['negatives_clean'] / max(1, figures['negatives']):.1%}), "
          f"precision {figures['precision']:.3f}, recall {figures['recall']:.3f}; "
          f"facts recorded wrongly by field: {figures['false_facts_by_field']}")
    if args.misses:
        for miss in figures["misses"]:
            print(f"  {miss['id']} {miss['text']}\n      recorded {miss['recorded']}  labelled {miss['labelled']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
