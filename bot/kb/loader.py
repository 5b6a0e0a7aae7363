"""Load knowledge/ into an immutable, cached :class:`KnowledgeBase`.

Layout (see knowledge/README.md):

    knowledge/documents/<doc_id>.yaml   one document's metadata          → kb.documents
    knowledge/clauses/<doc_id>.yaml     its clauses                        → kb.clauses
    knowledge/sources/<doc_id>.txt      its verbatim text                  → kb.sources
    knowledge/regions.yaml              regions and place names            → kb.region(), kb.covers()
    knowledge/contacts.yaml             hotlines, platforms, offices       → kb.contacts
    knowledge/<kind>/*.yaml             any other kind (benefits, figures…) → kb.entries(kind)
    knowledge/<kind>.yaml               any other kind (glossary, synonyms…) → kb.entries(kind)
    knowledge/schema/<kind>.json        JSON Schema for every file of that kind (optional but recommended)

A new kind needs no code here: add the folder or file and its schema; ``kb.entries(kind)`` returns its
entries (dicts) and ``python -m bot.kb validate`` checks its schema, its clause references (any field named
``cites``/``clause_id``/``clauses``) and that any ``value``/``quote`` appears in the cited clause.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Optional

from bot.kb.model import Clause, Contact, Dates, Document, MissingText, Region
from bot.kb.yamlio import read_yaml

KNOWLEDGE_ROOT = Path(__file__).resolve().parents[2] / "knowledge"

# Kinds with typed records; every other folder/file is a generic kind.
CORE_KINDS = ("documents", "clauses", "regions", "contacts")
# Folders that do not hold YAML entries.
NON_KIND_DIRS = ("schema", "sources")
# Keys under which a generic kind's file may hold its list of entries.
ENTRY_LIST_KEYS = ("entries", "items")
# Keys that identify an entry of a catalog kind; ids must be unique within the kind.
PRIMARY_ID_KEYS = ("id", "benefit_id", "figure_id", "term_id")
ID_KEYS = (*PRIMARY_ID_KEYS, "clause_id", "doc_id", "code", "term", "canonical", "key", "name")


class KnowledgeBaseError(Exception):
    """The knowledge base cannot be loaded (missing files or schema violations)."""


@dataclass(frozen=True)
class KBFile:
    kind: str
    path: Path
    data: Any


def discover(root: Path) -> list[tuple[str, Path]]:
    """(kind, path) of every YAML file under root, in a stable order."""
    found: list[tuple[str, Path]] = []
    if not root.is_dir():
        return found
    for entry in sorted(root.iterdir()):
        if entry.name.startswith((".", "_")):
            continue
        if entry.is_dir():
            if entry.name in NON_KIND_DIRS:
                continue
            for path in sorted([*entry.glob("*.yaml"), *entry.glob("*.yml")]):
                found.append((entry.name, path))
        elif entry.suffix in (".yaml", ".yml"):
            found.append((entry.stem, entry))
    return found


def schema_path(root: Path, kind: str) -> Path:
    return root / "schema" / f"{kind}.json"


@functools.lru_cache(maxsize=32)
def _schema_validator(path: Path):
    import jsonschema

    schema = json.loads(path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def schema_validator(root: Path, kind: str):
    """A jsonschema validator for this kind, or None when knowledge/schema/<kind>.json does not exist."""
    path = schema_path(root, kind)
    return _schema_validator(path.resolve()) if path.exists() else None


def entries_of(data: Any, kind: str) -> list[dict]:
    """The entries of one file of a generic kind: a top-level list, or the list under the kind's name,
    ``entries``/``items``, or the only list of mappings in the file; otherwise the file itself."""
    if data is None:
        return []
    if isinstance(data, list):
        return [x for x in data if isinstance(x, dict)]
    if not isinstance(data, dict):
        return []
    for key in (kind, *ENTRY_LIST_KEYS):
        if isinstance(data.get(key), list):
            return [x for x in data[key] if isinstance(x, dict)]
    lists = [v for v in data.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
    if len(lists) == 1:
        return list(lists[0])
    return [data]


def entry_id(entry: Mapping) -> Optional[str]:
    for key in ID_KEYS:
        value = entry.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return str(value)
    return None


def _norm_name(name: str) -> str:
    return unicodedata.normalize("NFKC", name or "").strip().replace(" ", "")


class KnowledgeBase:
    """Read-only view of knowledge/. Obtain it with :func:`load_kb` (cached)."""

    def __init__(self, root: Path, documents: dict[str, Document], clauses: dict[str, Clause],
                 sources: dict[str, str], regions: dict[str, Region], scopes: tuple[str, ...],
                 contacts: dict[str, Contact], coverage_note: str, files: dict[str, tuple[KBFile, ...]]):
        self.root = root
        self.documents: Mapping[str, Document] = MappingProxyType(documents)
        self.clauses: Mapping[str, Clause] = MappingProxyType(clauses)
        self.sources: Mapping[str, str] = MappingProxyType(sources)
        self.regions: Mapping[str, Region] = MappingProxyType(regions)
        self.scopes = scopes
        self.contacts: Mapping[str, Contact] = MappingProxyType(contacts)
        self.coverage_note = coverage_note
        self.files: Mapping[str, tuple[KBFile, ...]] = MappingProxyType(files)
        region_data = files["regions"][0].data if files.get("regions") else {}
        # a name two covered places go by (鹿城: 温州's 鹿城区, and 三亚): name → scope → the place it means there
        self.nicknames: Mapping[str, Mapping[str, str]] = MappingProxyType({
            str(n["name"]): MappingProxyType({str(k): str(v) for k, v in (n.get("means") or {}).items()})
            for n in (region_data or {}).get("nicknames") or []})
        by_doc: dict[str, list[Clause]] = {}
        kids: dict[Optional[str], list[Clause]] = {}
        for clause in clauses.values():
            by_doc.setdefault(clause.doc_id, []).append(clause)
            kids.setdefault(clause.parent, []).append(clause)
        self._by_doc = {k: tuple(v) for k, v in by_doc.items()}
        self._children = {k: tuple(v) for k, v in kids.items()}
        names: dict[str, str] = {}
        for region in regions.values():
            for name in (region.code, *region.names):
                names.setdefault(_norm_name(name), region.code)
        self._region_names = names

    # ------------------------------------------------------------------ documents and clauses
    def clauses_of(self, doc_id: str) -> list[Clause]:
        """All clauses of a document, in document order ([] for an unknown doc_id)."""
        return list(self._by_doc.get(doc_id, ()))

    def children(self, clause_id: str) -> list[Clause]:
        """Direct children of a clause, in document order."""
        return list(self._children.get(clause_id, ()))

    def ancestors(self, clause_id: str) -> list[Clause]:
        """Parent, grandparent, … of a clause (nearest first)."""
        out = []
        clause = self.clauses.get(clause_id)
        while clause is not None and clause.parent:
            clause = self.clauses.get(clause.parent)
            if clause is not None:
                out.append(clause)
        return out

    def descendants(self, clause_id: str) -> list[Clause]:
        out: list[Clause] = []
        for child in self.children(clause_id):
            out.append(child)
            out.extend(self.descendants(child.clause_id))
        return out

    def document_of(self, clause_id: str) -> Document:
        return self.documents[clause_id.split(":", 1)[0]]

    def citation(self, clause_id: str) -> str:
        """Human citation: 《short name》heading path, e.g.
        《海口市推进基本养老服务体系建设实施方案》二、重点工作 › (三)完善… › 9.健全老年人社会福利制度."""
        clause = self.clauses[clause_id]
        return f"《{self.document_of(clause_id).short_name}》{clause.heading}"

    # ------------------------------------------------------------------ regions
    def region(self, name_or_code: str) -> Optional[Region]:
        """Resolve a region code, name or alias (三亚 → sanya, 海口市 → haikou); None when not covered."""
        if not name_or_code:
            return None
        key = _norm_name(name_or_code)
        code = self._region_names.get(key) or self._region_names.get(key.lower())
        if code is None and len(key) > 2 and key[-1] in "省市县区":
            code = self._region_names.get(key[:-1])
        return self.regions.get(code) if code else None

    def covers(self, name_or_code: str) -> list[str]:
        """Region scopes whose documents apply to a place, most specific first.

        sanya → ["hainan"], haikou → ["haikou", "hainan"], meilan → ["haikou", "hainan"],
        wenzhou → ["wenzhou"], anything unknown (北京) → []."""
        region = self.region(name_or_code)
        out: list[str] = []
        seen: set[str] = set()
        while region is not None and region.code not in seen:
            seen.add(region.code)
            if region.code in self.scopes:
                out.append(region.code)
            region = self.regions.get(region.parent) if region.parent else None
        return out

    def documents_for(self, name_or_code: str) -> list[Document]:
        """Documents that apply to a place (via :meth:`covers`), most specific scope first."""
        scopes = self.covers(name_or_code)
        return [d for s in scopes for d in self.documents.values() if d.region == s]

    def contacts_for(self, name_or_code: Optional[str]) -> list[Contact]:
        """Contacts for a place (its scopes, most specific first); all contacts when None."""
        if name_or_code is None:
            return list(self.contacts.values())
        scopes = self.covers(name_or_code)
        return [c for s in scopes for c in self.contacts.values() if c.region == s]

    # ------------------------------------------------------------------ other kinds (extension point)
    def kinds(self) -> list[str]:
        return sorted(self.files)

    def entries(self, kind: str) -> list[dict]:
        """Entries of any kind as plain dicts (benefits, figures, glossary, synonyms, …); [] if absent."""
        out: list[dict] = []
        for kb_file in self.files.get(kind, ()):
            out.extend(entries_of(kb_file.data, kind))
        return out

    def data(self, kind: str) -> Any:
        """The parsed content of a single-file kind (knowledge/<kind>.yaml), or None."""
        files = self.files.get(kind, ())
        return files[0].data if len(files) == 1 else None

    @property
    def benefits(self) -> list[dict]:
        return self.entries("benefits")

    @property
    def figures(self) -> list[dict]:
        return self.entries("figures")

    @property
    def glossary(self) -> list[dict]:
        return self.entries("glossary")

    @property
    def synonyms(self) -> list[dict]:
        return self.entries("synonyms")


# ---------------------------------------------------------------------------------------------- building


def _document(data: dict) -> Document:
    dates = data.get("dates") or {}
    return Document(
        doc_id=data["doc_id"],
        file=data["file"],
        title=data["title"],
        short_name=data["short_name"],
        issuer=data["issuer"],
        doc_number=data.get("doc_number"),
        region=data["region"],
        dates=Dates(**{k: (str(v) if v is not None else None) for k, v in dates.items()}),
        status=data["status"],
        status_note=data["status_note"],
        notes=data.get("notes"),
        missing_texts=tuple(MissingText(m["title"], tuple(m.get("aliases") or ()), m["note"])
                            for m in data.get("missing_texts") or []),
    )


def _clause(data: dict) -> Clause:
    return Clause(
        clause_id=data["clause_id"],
        parent=data.get("parent"),
        level=int(data["level"]),
        label=data.get("label") or "",
        title=data.get("title") or "",
        heading=data.get("heading") or "",
        text=data.get("text") or "",
        columns=tuple(data.get("columns") or ()),
        cells=tuple(data.get("cells") or ()),
    )


def _regions(data: dict) -> tuple[dict[str, Region], tuple[str, ...]]:
    regions: dict[str, Region] = {}
    scopes = []
    for item in data.get("regions") or []:
        cities = item.get("cities") or []
        districts = item.get("districts") or []
        regions[item["code"]] = Region(
            code=item["code"], name=item["name"], aliases=tuple(item.get("aliases") or ()),
            parent=item.get("parent"), kind=item.get("kind", "city"),
            cities=tuple(c["code"] for c in cities), districts=tuple(d["code"] for d in districts),
            note=item.get("note"),
        )
        scopes.append(item["code"])
        for sub, kind in [*((c, "city") for c in cities), *((d, "district") for d in districts)]:
            regions.setdefault(sub["code"], Region(
                code=sub["code"], name=sub["name"], aliases=tuple(sub.get("aliases") or ()),
                parent=item["code"], kind=kind, note=sub.get("note"),
            ))
    return regions, tuple(scopes)


CONTACT_FIELDS = ("id", "name", "kind", "region", "description", "cites", "note", "phone", "fallback")


def _contact(data: dict) -> Contact:
    return Contact(
        id=data["id"], name=data["name"], kind=data["kind"], region=data.get("region"),
        description=data["description"], cites=tuple(data.get("cites") or ()), note=data.get("note"),
        phone=str(data["phone"]) if data.get("phone") is not None else None,
        fallback=bool(data.get("fallback", False)),
        extra={k: v for k, v in data.items() if k not in CONTACT_FIELDS},
    )


def schema_problems(root: Path, kind: str, data: Any) -> list[str]:
    validator = schema_validator(root, kind)
    if validator is None:
        return []
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in validator.iter_errors(data)]


def read_files(root: Path, strict: bool = True) -> dict[str, tuple[KBFile, ...]]:
    files: dict[str, list[KBFile]] = {}
    problems: list[str] = []
    for kind, path in discover(root):
        try:
            data = read_yaml(path)
        except Exception as exc:  # yaml.YAMLError and OSError
            problems.append(f"{path.relative_to(root)}: cannot read YAML: {exc}")
            continue
        if strict:
            problems.extend(f"{path.relative_to(root)}: {p}" for p in schema_problems(root, kind, data))
        files.setdefault(kind, []).append(KBFile(kind, path, data))
    if problems:
        raise KnowledgeBaseError("knowledge base is invalid (run `python -m bot.kb validate`):\n  "
                                 + "\n  ".join(problems[:30]))
    return {k: tuple(v) for k, v in files.items()}


def build(root: Path, strict: bool = True) -> KnowledgeBase:
    if not root.is_dir():
        raise KnowledgeBaseError(f"no knowledge base at {root}")
    files = read_files(root, strict=strict)
    documents = {}
    for f in files.get("documents", ()):
        doc = _document(f.data)
        documents[doc.doc_id] = doc
    documents = dict(sorted(documents.items(), key=lambda kv: kv[1].file))
    clause_files = {f.data.get("doc_id"): f for f in files.get("clauses", ()) if isinstance(f.data, dict)}
    clauses: dict[str, Clause] = {}
    ordered = [d for d in documents if d in clause_files] + [d for d in clause_files if d not in documents]
    for doc_id in ordered:
        for item in clause_files[doc_id].data.get("clauses") or []:
            clause = _clause(item)
            clauses[clause.clause_id] = clause
    sources = {}
    for doc_id in documents:
        path = root / "sources" / f"{doc_id}.txt"
        if path.exists():
            sources[doc_id] = path.read_text(encoding="utf-8")
    region_data = files["regions"][0].data if files.get("regions") else {}
    regions, scopes = _regions(region_data or {})
    contacts = {}
    for f in files.get("contacts", ()):
        for item in entries_of(f.data, "contacts"):
            contact = _contact(item)
            contacts[contact.id] = contact
    return KnowledgeBase(
        root=root, documents=documents, clauses=clauses, sources=sources, regions=regions, scopes=scopes,
        contacts=contacts, coverage_note=(region_data or {}).get("coverage_note", ""), files=files,
    )


@functools.lru_cache(maxsize=8)
def _load_cached(root: Path, strict: bool) -> KnowledgeBase:
    return build(root, strict=strict)


def load_kb(root: Optional[Path | str] = None, *, strict: bool = True) -> KnowledgeBase:
    """The knowledge base under ``root`` (default: the repository's knowledge/), cached per resolved path.

    With ``strict`` (default) every file is checked against its JSON Schema and a
    :class:`KnowledgeBaseError` is raised on any violation. Call :func:`clear_cache` after editing files
    in a long-running process."""
    return _load_cached(Path(root or KNOWLEDGE_ROOT).resolve(), strict)


def clear_cache() -> None:
    _load_cached.cache_clear()
    _schema_validator.cache_clear()


load_kb.cache_clear = clear_cache  # type: ignore[attr-defined]


def iter_clause_texts(kb: KnowledgeBase, clause_ids: Iterable[str]) -> list[str]:
    return [kb.clauses[c].full_text for c in clause_ids if c in kb.clauses]
