"""Check knowledge/ for mistakes and explain each one so civil-affairs staff can fix it.

    python -m bot.kb validate

Checks: YAML syntax and JSON Schema of every file; unique ids; clause text verbatim in the document source;
parents, levels and heading paths; every clause reference (any field named ``cites``, ``clause_id``,
``clauses``…) in every kind; every ``value``/``quote`` found in a cited clause (after ``normalize_text``, so
"45小时" matches "四十五小时"); regions and document regions; sources present.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from bot.kb.loader import KNOWLEDGE_ROOT, PRIMARY_ID_KEYS, discover, entries_of, entry_id, schema_validator
from bot.kb.model import heading_segment
from bot.kb.numerals import normalize_text, strip_whitespace
from bot.kb.yamlio import read_yaml

REF_KEYS = ("cites", "cite", "clause_id", "clause_ids", "clauses", "clause")
VALUE_KEYS = ("value", "values", "quote", "quotes")
# Kinds whose own structure is checked specifically (their clause_id fields define clauses, not cite them).
STRUCTURAL_KINDS = ("clauses", "documents", "regions")


@dataclass(frozen=True)
class ValidationError:
    file: str
    entry: str
    field: str
    message: str
    hint: str

    def __str__(self) -> str:
        return (f"{self.file} | {self.entry or '-'} | {self.field or '-'}\n"
                f"    问题 problem: {self.message}\n    修改 fix:     {self.hint}")


class _Collector:
    def __init__(self, root: Path):
        self.root = root
        self.errors: list[ValidationError] = []

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def add(self, path: Path | str, entry: Optional[str], field: str, message: str, hint: str) -> None:
        file = self.rel(path) if isinstance(path, Path) else path
        self.errors.append(ValidationError(file, entry or "", field, message, hint))


def _short(text: str, n: int = 40) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


# ---------------------------------------------------------------------------------------------- schema


def _schema_name(root: Path, kind: str, path: Path) -> str:
    own = f"{kind}_{path.stem}"
    return own if (root / "schema" / f"{own}.json").exists() else kind


def _file_validator(root: Path, kind: str, path: Path):
    """The schema of one file: knowledge/schema/<kind>_<file>.json when there is one (the vocabulary files of
    knowledge/nlu/ each have theirs), else the kind's."""
    return schema_validator(root, _schema_name(root, kind, path))


def _schema_errors(col: _Collector, kind: str, path: Path, data: Any) -> None:
    validator = _file_validator(col.root, kind, path)
    if validator is None:
        return
    for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        parts = list(err.absolute_path)
        node: Any = data
        entry = None
        for part in parts:
            if isinstance(node, dict) and entry_id(node) and node is not data:
                entry = entry_id(node)
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
        if isinstance(node, dict) and entry_id(node) and node is not data and entry is None:
            entry = entry_id(node)
        if entry is None and isinstance(data, dict) and kind == "documents":
            entry = entry_id(data)
        field = next((str(p) for p in reversed(parts) if isinstance(p, str)), "")
        if err.validator == "required":
            missing = err.message.split("'")[1] if "'" in err.message else ""
            field = missing or field
        description = err.schema.get("description", "") if isinstance(err.schema, dict) else ""
        where = "/".join(map(str, parts)) or "(top level)"
        col.add(path, entry, field,
                f"不符合格式要求 schema violation at {where}: {err.message}",
                (f"{description} " if description else "")
                + f"See knowledge/schema/{_schema_name(col.root, kind, path)}.json for the allowed fields and values.")


# ---------------------------------------------------------------------------------------------- clauses


def _check_clauses(col: _Collector, clause_files: list[tuple[Path, Any]], documents: dict[str, dict],
                   sources: dict[str, str]) -> dict[str, dict]:
    clauses: dict[str, dict] = {}
    seen_files: dict[str, Path] = {}
    for path, data in clause_files:
        if not isinstance(data, dict):
            continue
        doc_id = data.get("doc_id")
        if doc_id != path.stem:
            col.add(path, doc_id, "doc_id", f"doc_id '{doc_id}' differs from the file name '{path.stem}'",
                    "The file must be named <doc_id>.yaml; rename the file or fix doc_id.")
        if doc_id not in documents:
            col.add(path, doc_id, "doc_id", f"no document '{doc_id}' in knowledge/documents/",
                    f"Add knowledge/documents/{doc_id}.yaml or fix doc_id.")
        seen_files[str(doc_id)] = path
        source = sources.get(str(doc_id))
        source_flat = strip_whitespace(source) if source is not None else None
        local: dict[str, dict] = {}
        expected_headings: dict[str, str] = {}
        for item in data.get("clauses") or []:
            if not isinstance(item, dict) or not isinstance(item.get("clause_id"), str):
                continue
            cid = item["clause_id"]
            if cid in clauses:
                col.add(path, cid, "clause_id", f"clause id '{cid}' is used twice",
                        "Every clause_id must be unique. Give the new clause a new id; never renumber "
                        "existing ids (answers and other files cite them).")
                continue
            clauses[cid] = item
            local[cid] = item
            if not cid.startswith(f"{doc_id}:"):
                col.add(path, cid, "clause_id", f"clause id does not start with '{doc_id}:'",
                        f"Clause ids are '<doc_id>:<number path>', e.g. '{doc_id}:2.3'.")
            # parent / level / heading
            parent_id = item.get("parent")
            parent = None
            if parent_id is not None:
                parent = local.get(parent_id)
                if parent is None:
                    where = "later in the file" if parent_id in [
                        c.get("clause_id") for c in data.get("clauses") or [] if isinstance(c, dict)
                    ] else "nowhere"
                    col.add(path, cid, "parent", f"parent '{parent_id}' is {where} before this clause",
                            "parent must be the clause_id of an earlier clause of the same document "
                            "(or null for a top-level clause).")
            expected_level = (parent.get("level", 0) + 1) if parent else 1
            if parent_id is None or parent is not None:
                if item.get("level") != expected_level:
                    col.add(path, cid, "level", f"level is {item.get('level')}, expected {expected_level}",
                            "level = the parent's level + 1 (1 for top-level clauses).")
                segment = heading_segment(str(item.get("label") or ""), str(item.get("title") or ""),
                                          cid.split(":", 1)[-1])
                parent_heading = expected_headings.get(str(parent_id)) if parent else None
                expected_heading = f"{parent_heading} › {segment}" if parent else segment
                expected_headings[cid] = expected_heading
                if item.get("heading") != expected_heading:
                    col.add(path, cid, "heading", f"heading '{_short(item.get('heading', ''), 60)}' does not "
                            f"match the label/title path",
                            f"Set heading to: {expected_heading}")
            # verbatim checks
            if source_flat is None:
                continue
            for field in ("text", "title"):
                value = item.get(field) or ""
                if value and strip_whitespace(value) not in source_flat:
                    col.add(path, cid, field,
                            f"{field} is not a verbatim excerpt of sources/{doc_id}.txt: '{_short(value)}'",
                            f"Copy the words exactly from knowledge/sources/{doc_id}.txt (only spaces and "
                            "line breaks may differ); do not retype, reword or change punctuation.")
            for k, cell in enumerate(item.get("cells") or []):
                if cell and strip_whitespace(cell) not in source_flat:
                    col.add(path, cid, f"cells[{k}]", f"table cell not found in sources/{doc_id}.txt: "
                            f"'{_short(cell)}'", "Copy the cell exactly from the source text.")
        # leaves need text; table rows match their columns
        has_children = {c.get("parent") for c in local.values()}
        for cid, item in local.items():
            if cid not in has_children and not (item.get("text") or "").strip():
                col.add(path, cid, "text", "clause has no text and no sub-clauses",
                        "Fill in the clause's words from the source, or delete the empty clause.")
            parent = local.get(item.get("parent") or "")
            cells = item.get("cells")
            if cells is not None and parent is not None and parent.get("columns") and \
                    len(cells) != len(parent["columns"]):
                col.add(path, cid, "cells", f"{len(cells)} cells but the table has {len(parent['columns'])} "
                        "columns", "Give one cell per column (use '' for an empty cell).")
        if source is not None:
            for after, gap in uncovered_text(source, list(local.values())):
                col.add(path, after or None, "text",
                        f"words of sources/{doc_id}.txt are in no clause (after {after or 'the start'}): "
                        f"'{_short(gap, 60)}'",
                        "Every word of the document must belong to a clause: put the words back into "
                        "the clause they belong to, or add a clause for them (keep clauses in document "
                        "order).")
    for doc_id in documents:
        if doc_id not in seen_files:
            col.add(f"documents/{doc_id}.yaml", doc_id, "doc_id", "document has no clauses file",
                    f"Add knowledge/clauses/{doc_id}.yaml.")
    return clauses


def uncovered_text(source: str, items: list[dict]) -> list[tuple[str, str]]:
    """Pieces of a source (whitespace removed) that no clause label/title/text contains, each with the id
    of the clause they follow. Clauses are searched in file order. Punctuation-only gaps and a heading
    repeated right after the clause that carries it (附件:名词解释 / 名词解释) are not reported."""
    src = strip_whitespace(source)
    covered = [False] * len(src)
    owner: list[str] = [""] * len(src)
    cursor = 0
    last_id = ""
    titles_before: dict[int, str] = {}
    for item in items:
        start = cursor
        cid = str(item.get("clause_id", ""))
        for piece in (item.get("label"), item.get("title"), item.get("text")):
            piece = strip_whitespace(piece or "")
            if not piece:
                continue
            pos = src.find(piece, start)
            if pos < 0:
                continue
            for k in range(pos, pos + len(piece)):
                covered[k] = True
            cursor = max(cursor, pos + len(piece))
        for k in range(start, cursor):
            owner[k] = owner[k] or cid
        titles_before[cursor] = strip_whitespace(item.get("title") or "")
        last_id = cid
    gaps: list[tuple[str, str]] = []
    k = 0
    while k < len(src):
        if covered[k]:
            k += 1
            continue
        j = k
        while j < len(src) and not covered[j]:
            j += 1
        gap = src[k:j]
        previous = next((owner[i] for i in range(k - 1, -1, -1) if owner[i]), last_id if k else "")
        repeated_title = bool(gap.strip("。:：")) and gap.strip("。:：") == titles_before.get(k)
        if not re.fullmatch(r"[。，,:：;；]*", gap) and not repeated_title:
            gaps.append((previous, gap))
        k = j
    return gaps


# ---------------------------------------------------------------------------------------------- references


def _refs_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _scalar_values(value: Any) -> list[Any]:
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, (str, int, float)):
        return [value]
    if isinstance(value, list):
        return [v for x in value for v in _scalar_values(x)]
    return []


def _value_forms(value: Any) -> list[str]:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    forms = [normalize_text(str(value))]
    if isinstance(value, (int, float)) and 0 < value < 1:
        forms.append(normalize_text(f"{value * 100:g}%"))
    return [f for f in forms if f]


def _clause_haystack(item: dict) -> str:
    parts = [item.get("title") or "", item.get("text") or "", *(item.get("cells") or [])]
    return normalize_text(" ".join(str(p) for p in parts))


def _check_references(col: _Collector, path: Path, data: Any, clauses: dict[str, dict]) -> None:
    def walk(node: Any, inherited: list[str], entry: Optional[str], trail: str) -> None:
        if isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, inherited, entry, f"{trail}[{i}]")
            return
        if not isinstance(node, dict):
            return
        entry = entry_id(node) or entry
        own: list[str] = []
        for key in REF_KEYS:
            if key in node:
                refs = _refs_in(node[key])
                for ref in refs:
                    if ref not in clauses:
                        col.add(path, entry, key, f"cites clause '{ref}', which does not exist",
                                "Use an existing clause_id from knowledge/clauses/<doc_id>.yaml (show one "
                                "with `python -m bot.kb show <clause_id>`).")
                own.extend(r for r in refs if r in clauses)
        refs = own or inherited
        for key in VALUE_KEYS:
            if key not in node:
                continue
            values = _scalar_values(node[key])
            if values and not refs:
                col.add(path, entry, key,
                        f"{key} '{_short(values[0])}' has no cited clause to check it against",
                        "Add `cites: [<clause_id>]` naming the clause the value comes from.")
                continue
            hay = [_clause_haystack(clauses[r]) for r in refs]
            for value in values:
                forms = _value_forms(value)
                if forms and not any(f in h for f in forms for h in hay):
                    col.add(path, entry, key,
                            f"{key} '{_short(value)}' does not appear in the cited clause(s) "
                            f"{', '.join(refs)}",
                            "Correct the value, cite the clause that states it, or use a `quote` with the "
                            "document's exact words (numbers may be written 45 or 四十五).")
        for key, value in node.items():
            if key in REF_KEYS or key in VALUE_KEYS:
                continue
            walk(value, refs, entry, f"{trail}.{key}" if trail else key)

    walk(data, [], None, "")


# ---------------------------------------------------------------------------------------------- main


def validate(kb_root: Optional[Path | str] = None) -> list[ValidationError]:
    """Every problem in the knowledge base under kb_root (default: repository knowledge/)."""
    root = Path(kb_root or KNOWLEDGE_ROOT).resolve()
    col = _Collector(root)
    if not root.is_dir():
        col.add(str(root), None, "", "knowledge directory not found", "Check the path.")
        return col.errors
    files: list[tuple[str, Path, Any]] = []
    for kind, path in discover(root):
        try:
            data = read_yaml(path)
        except Exception as exc:  # yaml errors carry the line number in their text
            col.add(path, None, "", f"YAML cannot be read: {_short(str(exc), 200)}",
                    "Fix the YAML syntax at the line shown (indentation, a missing ':' or an unquoted "
                    "value starting with a special character such as '[' '{' '*' '&').")
            continue
        _schema_errors(col, kind, path, data)
        files.append((kind, path, data))

    # documents and sources
    documents: dict[str, dict] = {}
    for kind, path, data in files:
        if kind != "documents" or not isinstance(data, dict):
            continue
        doc_id = data.get("doc_id")
        if doc_id != path.stem:
            col.add(path, doc_id, "doc_id", f"doc_id '{doc_id}' differs from the file name '{path.stem}'",
                    "The file must be named <doc_id>.yaml.")
        if doc_id in documents:
            col.add(path, doc_id, "doc_id", f"document id '{doc_id}' is used twice", "Use a unique doc_id.")
        documents[str(doc_id)] = data
    sources: dict[str, str] = {}
    for doc_id in documents:
        source = root / "sources" / f"{doc_id}.txt"
        if source.exists():
            sources[doc_id] = source.read_text(encoding="utf-8")
        else:
            col.add(f"documents/{doc_id}.yaml", doc_id, "doc_id",
                    f"source text sources/{doc_id}.txt is missing",
                    "Every document needs its verbatim text in knowledge/sources/<doc_id>.txt.")
    if (root / "sources").is_dir():
        for source in sorted((root / "sources").glob("*.txt")):
            if source.stem not in documents:
                col.add(source, source.stem, "", "source text without a document",
                        f"Add knowledge/documents/{source.stem}.yaml or remove the file.")

    clauses = _check_clauses(col, [(p, d) for k, p, d in files if k == "clauses"], documents, sources)

    # regions
    region_codes: dict[str, str] = {}
    names: dict[str, str] = {}
    top_level: set[str] = set()
    for kind, path, data in files:
        if kind != "regions" or not isinstance(data, dict):
            continue
        items = [r for r in data.get("regions") or [] if isinstance(r, dict)]
        places = []
        for r in items:
            top_level.add(str(r.get("code")))
            places.append((r, r.get("parent")))
            places.extend((sub, r.get("code")) for key in ("cities", "districts")
                          for sub in r.get(key) or [] if isinstance(sub, dict))
        for place, _parent in places:
            code = str(place.get("code"))
            if code in region_codes:
                col.add(path, code, "code", f"region code '{code}' is used twice",
                        "Region codes must be unique.")
            region_codes[code] = code
            for name in [place.get("name"), *(place.get("aliases") or [])]:
                if not isinstance(name, str):
                    continue
                if name in names and names[name] != code:
                    col.add(path, code, "aliases", f"name '{name}' also belongs to region '{names[name]}'",
                            "A place name may point to one region only; remove it from one of them.")
                names.setdefault(name, code)
        for r in items:
            if r.get("parent") is not None and r.get("parent") not in region_codes:
                col.add(path, r.get("code"), "parent", f"parent region '{r.get('parent')}' does not exist",
                        "Use the code of another entry under regions, or null.")
    for doc_id, doc in documents.items():
        if top_level and doc.get("region") not in top_level:
            col.add(f"documents/{doc_id}.yaml", doc_id, "region",
                    f"region '{doc.get('region')}' is not a region in regions.yaml",
                    f"Use one of: {', '.join(sorted(top_level))}.")

    # ids unique within each other kind; region fields; references and values everywhere
    refers_back = _refers_back(root)
    for kind in sorted({k for k, _, _ in files} - set(STRUCTURAL_KINDS)):
        seen: dict[str, Path] = {}
        for k, path, data in files:
            if k != kind:
                continue
            for entry in entries_of(data, kind):
                key = next((k for k in PRIMARY_ID_KEYS if isinstance(entry.get(k), str)), None)
                eid = entry.get(key) if key else None
                if eid is not None:
                    if eid in seen:
                        col.add(path, eid, key, f"{key} '{eid}' is used twice in {kind}",
                                "Give every entry its own id.")
                    seen[eid] = path
                region = entry.get("region")
                if isinstance(region, str) and region_codes and region not in region_codes:
                    col.add(path, entry_id(entry), "region", f"unknown region '{region}'",
                            f"Use a region code from regions.yaml, e.g. {', '.join(sorted(top_level))}.")
            _check_references(col, path, data, clauses)
            if kind == "benefits" and refers_back is not None:
                _check_self_contained(col, refers_back, path, data)
    return col.errors


def _refers_back(root: Path) -> re.Pattern[str] | None:
    """The words that point back to earlier text (passage_wording.yaml ``window.refers_back``), read once."""
    source = root / "nlu" / "passage_wording.yaml"
    wording = read_yaml(source) if source.exists() else {}
    words = ((wording or {}).get("window") or {}).get("refers_back") or []
    return re.compile("|".join(f"(?:{w})" for w in words)) if words else None


def _check_self_contained(col: _Collector, pattern: re.Pattern[str], path: Path, data: Any) -> None:
    """A card's content is shown on its own: no word pointing back to a clause the reader does not see."""
    for entry in entries_of(data, "benefits"):
        content = entry.get("content") if isinstance(entry, dict) else None
        if isinstance(content, str) and pattern.search(content):
            col.add(path, entry_id(entry), "content",
                    f"content '{_short(content)}' points back ('{pattern.search(content).group(0)}') to text the "
                    "card does not show",
                    "Name what it refers to, in the document's words (e.g. the groups listed before it).")
