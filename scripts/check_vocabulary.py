#!/usr/bin/env python3
"""No Chinese vocabulary in Python: list every regular expression or word list with Chinese words in bot/ and
actions/ outside message templates, and fail when there is any outside the allow-list.

Vocabulary (question forms, stop words, fillers, follow-up words, groups of people …) belongs in
knowledge/nlu/*.yaml, where `make kb` validates it. What counts as vocabulary here:

* a call of ``re.compile/search/match/fullmatch/sub/subn/findall/finditer/split`` whose pattern literal holds a
  Chinese character;
* a list, tuple or set literal (or ``frozenset``/``set``/``tuple`` of one) holding two or more short strings
  (at most 12 characters) with Chinese characters — a word list; a ``.split()`` of such a string;
* ``.strip()`` / ``.lstrip()`` / ``.rstrip()`` with Chinese characters, and ``in`` tests against a short Chinese
  literal (a character set or a word).

Message templates (replies, button titles) are longer text and are not matched by these rules; a line may
say ``# template`` to mark a short one. Run: ``python scripts/check_vocabulary.py [--all]``.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("bot", "actions")
CJK = re.compile(r"[\u4e00-\u9fff]")
RE_FUNCS = {"compile", "search", "match", "fullmatch", "sub", "subn", "findall", "finditer", "split"}
WORD_CHARS = 12
# Files the check does not hold to the rule yet, and why. Empty this list as they move their words to data.
ALLOWED = {
    # the conversation layer, rewritten in issue 18 (its owner empties these)
    "actions/": "conversation layer (issue 18)",
    "bot/nlu/": "NLU components (issue 18)",
    "bot/dialogue/check.py": "the entitlement check's dialogue (issue 18)",
    # numeral grammar and document-layout parsing, not domain vocabulary
    "bot/kb/numerals.py": "Chinese numerals → digits (numeral grammar)",
    "bot/kb/importer.py": "one-off importer of the seed pages (document layout; not run any more)",
    "bot/kb/loader.py": "place-name suffixes 省市县区 (region name grammar)",
    "bot/gateway/wechat.py": "WeChat channel's numbered-choice reply (channel protocol)",
    "bot/eval/": "evaluation harness: matches the assistant's own message templates",
    "bot/bench/": "benchmark inputs (place names a user might type)",
}


def literal(node: ast.AST) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(literal(v) for v in node.values)
    if isinstance(node, ast.BinOp):
        return literal(node.left) + literal(node.right)
    return ""


def short_words(node: ast.AST) -> list[str]:
    items = node.elts if isinstance(node, (ast.List, ast.Tuple, ast.Set)) else []
    # (f-strings are message templates)
    return [v for v in (literal(e) for e in items if not isinstance(e, ast.JoinedStr))
            if CJK.search(v) and len(v) <= WORD_CHARS]


def findings(path: Path) -> list[tuple[int, str]]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        what = ""
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            func = node.func
            if func.attr in RE_FUNCS and isinstance(func.value, ast.Name) and func.value.id == "re" and node.args \
                    and CJK.search(literal(node.args[0])):
                what = f"Chinese regular expression {literal(node.args[0])[:40]!r}"
            elif func.attr == "split" and CJK.search(literal(func.value)):
                what = "Chinese word list (split string)"
            elif func.attr in ("strip", "lstrip", "rstrip") and node.args and CJK.search(literal(node.args[0])):
                what = f"Chinese characters stripped {literal(node.args[0])!r}"
        elif isinstance(node, (ast.List, ast.Tuple, ast.Set)) and len(short_words(node)) >= 2:
            what = f"Chinese word list {short_words(node)[:4]}"
        elif isinstance(node, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops):
            for operand in (node.left, *node.comparators):
                text = literal(operand)
                if CJK.search(text) and len(text) <= 6:
                    what = f"Chinese word tested with in {text!r}"
        if what and not lines[node.lineno - 1].rstrip().endswith("# template"):
            found.append((node.lineno, what))
    return found


def main() -> int:
    show_all = "--all" in sys.argv[1:]  # also list each allowed finding, not only their count per file
    failing = 0
    for root in SCANNED:
        for path in sorted((ROOT / root).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            allowed = next((why for prefix, why in ALLOWED.items() if rel.startswith(prefix)), None)
            found = sorted(set(findings(path)))
            for line, what in found:
                if not allowed:
                    print(f"VOCABULARY {rel}:{line}: {what} — move it to knowledge/nlu/*.yaml")
                elif show_all:
                    print(f"allowed {rel}:{line}: {what} ({allowed})")
            if allowed and found and not show_all:
                print(f"allowed {rel}: {len(found)} ({allowed})")
            failing += 0 if allowed else len(found)
    print(f"check_vocabulary: {failing} Chinese word lists or regular expressions in Python outside the allow-list")
    return 1 if failing else 0

if __name__ == "__main__":
    sys.exit(main())
