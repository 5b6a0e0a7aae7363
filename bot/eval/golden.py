"""The golden snapshot: the assistant's replies to every question of the project's own sets.

    python -m bot.eval.golden            # compare with tests/data/golden/answers.jsonl, print the diff
    python -m bot.eval.golden --update   # rewrite the snapshot, print what changed

Each question is answered as `make eval` answers it (the region question, when asked, is answered with
the question's region), and "详细说明" is asked after it; every turn's texts, citations, buttons and
slots are recorded. A refactoring keeps the file identical; a change of behaviour shows in its diff
exactly which answers changed (tests/unit/test_golden.py compares).
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from bot.settings import PROJECT_ROOT

SNAPSHOT = PROJECT_ROOT / "tests" / "data" / "golden" / "answers.jsonl"
SETS = ("dev", "fresh", "blind3", "blind4", "blind5")


def set_path(name: str) -> Path:
    return PROJECT_ROOT / "tests" / "data" / f"{name}_questions.yaml"


def _turn(reply: Any) -> dict[str, Any]:
    return {"messages": reply.messages, "slots": reply.slots}


def answer_turns(question: str, region: str | None) -> list[dict[str, Any]]:
    """The replies to one question: the answer (after the region question when it is asked), then 详细说明."""
    from bot.answering.default import answer_question, details_reply
    from bot.eval.chat_eval import outside_place

    reply = answer_question(question, None, outside_place=outside_place(question))
    turns = [_turn(reply)]
    if reply.slots.get("pending_question"):
        reply = answer_question(question, region or "haikou")
        turns.append(_turn(reply))
    turns.append(_turn(details_reply(reply.slots.get("last_answer"))))
    return turns


def records() -> Iterator[dict[str, Any]]:
    for name in SETS:
        for entry in yaml.safe_load(set_path(name).read_text(encoding="utf-8")):
            yield {"set": name, "id": entry["id"], "question": entry["question"],
                   "turns": answer_turns(entry["question"], entry.get("region"))}


def dump(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def current_lines() -> list[str]:
    return [dump(r) for r in records()]


def readable(lines: list[str]) -> list[str]:
    """One line per message, so that a diff names the question and the bubble that changed."""
    out: list[str] = []
    for line in lines:
        record = json.loads(line)
        head = f"{record['set']}/{record['id']}"
        for t, turn in enumerate(record["turns"]):
            for m, message in enumerate(turn["messages"]):
                out.append(f"{head} turn{t} msg{m}: {json.dumps(message, ensure_ascii=False, sort_keys=True)}")
            out.append(f"{head} turn{t} slots: {json.dumps(turn['slots'], ensure_ascii=False, sort_keys=True)}")
    return out


def diff(old: list[str], new: list[str]) -> list[str]:
    return list(difflib.unified_diff(readable(old), readable(new), "snapshot", "now", n=0, lineterm=""))


def changed_questions(old: list[str], new: list[str]) -> list[str]:
    before = {(r["set"], r["id"]): r for r in map(json.loads, old)}
    after = {(r["set"], r["id"]): r for r in map(json.loads, new)}
    return [f"{s}/{i}" for (s, i) in sorted(set(before) | set(after)) if before.get((s, i)) != after.get((s, i))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--update", action="store_true", help="rewrite the snapshot with today's replies")
    args = parser.parse_args(argv)
    old = SNAPSHOT.read_text(encoding="utf-8").splitlines() if SNAPSHOT.exists() else []
    new = current_lines()
    changes = diff(old, new)
    for line in changes:
        print(line)
    print(f"{len(changed_questions(old, new))} of {len(new)} questions' replies differ from the snapshot")
    if args.update:
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text("\n".join(new) + "\n", encoding="utf-8")
        print(f"wrote {SNAPSHOT.relative_to(PROJECT_ROOT)}")
        return 0
    return 1 if changes else 0


if __name__ == "__main__":
    sys.exit(main())
