"""Command line for the knowledge base.

    python -m bot.kb validate [--root knowledge]   check everything; exit 1 on any problem
    python -m bot.kb show <clause_id> [--root …]   print one clause (with its sub-clauses' ids)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional

from bot.kb.loader import KNOWLEDGE_ROOT, KnowledgeBaseError, load_kb
from bot.kb.validate import validate

INVENTORY_KINDS = ("contacts", "benefits", "figures", "glossary", "synonyms")


def _validate(root: Path) -> int:
    errors = validate(root)
    if errors:
        for err in errors:
            print(err)
        print(f"\n{len(errors)} problem(s) found in {root}.")
        print(f"共发现 {len(errors)} 个问题，请按提示修改后重新运行。")
        return 1
    kb = load_kb(root)
    print(f"knowledge base OK: {root}")
    print("documents:")
    for doc in kb.documents.values():
        count = len(kb.clauses_of(doc.doc_id))
        print(f"  {doc.doc_id:<20} {doc.status:<10} {count:>4} clauses  {doc.short_name}")
    counts = []
    for kind in INVENTORY_KINDS:
        entries = kb.entries(kind) if kind != "contacts" else list(kb.contacts.values())
        if entries or kind in kb.files:
            counts.append(f"{kind}: {len(entries)}")
    others = [k for k in kb.kinds() if k not in (*INVENTORY_KINDS, "documents", "clauses", "regions")]
    counts.extend(f"{kind}: {len(kb.entries(kind))}" for kind in others)
    print(f"regions: {len(kb.scopes)} scopes, {len(kb.regions)} places")
    if counts:
        print("; ".join(counts))
    return 0


def _show(root: Path, clause_id: str) -> int:
    kb = load_kb(root, strict=False)
    clause = kb.clauses.get(clause_id)
    if clause is None:
        prefix = clause_id.split(":", 1)[0]
        close = [c for c in kb.clauses if c.startswith(clause_id)] or [
            c for c in kb.clauses if c.startswith(prefix + ":")][:20]
        print(f"no clause '{clause_id}'." + (f" Did you mean: {', '.join(close[:20])}" if close else ""))
        return 1
    doc = kb.document_of(clause_id)
    print(f"{clause.clause_id}  (level {clause.level}, parent {clause.parent or '-'})")
    print(kb.citation(clause_id))
    print(f"[{doc.status}] {doc.status_note}")
    if clause.title:
        print(f"title: {clause.title}")
    if clause.text:
        print(clause.text)
    if clause.columns:
        print("columns: " + " | ".join(clause.columns))
    if clause.cells:
        print("cells: " + " | ".join(c.replace("\n", " ") for c in clause.cells))
    kids = kb.children(clause_id)
    if kids:
        print("sub-clauses: " + ", ".join(k.clause_id for k in kids))
    return 0


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.kb", description="knowledge base tools")
    parser.add_argument("--root", type=Path, default=KNOWLEDGE_ROOT, help="knowledge directory")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check every file; exit 1 on any problem")
    show = sub.add_parser("show", help="print a clause")
    show.add_argument("clause_id")
    args = parser.parse_args(argv)
    try:
        if args.command == "validate":
            return _validate(args.root.resolve())
        return _show(args.root.resolve(), args.clause_id)
    except KnowledgeBaseError as exc:
        print(exc)
        return 1


if __name__ == "__main__":
    sys.exit(main())
