"""The Chinese words for profile fields and values, read from data (``knowledge/schema/benefits.json``,
``$defs/profile``).

The engine never hard-codes a label: "年龄65周岁以上", "具有本市户籍", "失能失智程度为中度失能或重度失能" are
all built from these entries, so wording is fixed in the knowledge base, not in code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

SCHEMA_FILE = Path("schema") / "benefits.json"


class VocabularyError(Exception):
    """The profile vocabulary in the benefits schema is missing or malformed."""


@dataclass(frozen=True)
class FieldWords:
    name: str
    kind: str  # "boolean" | "integer" | "enum" | "string"
    title: str
    ask: str
    yes: str = ""
    no: str = ""
    unit: str = ""
    values: tuple[Any, ...] = ()  # allowed codes (enum values, or integer codes with labels)
    labels: dict[str, str] = field(default_factory=dict)  # code (as str) → wording
    minimum: Optional[int] = None
    maximum: Optional[int] = None

    def value_label(self, value: Any) -> str:
        """How a known value reads: 70 → "70周岁", True → "具有本市户籍", "severe" → "重度失能"."""
        if self.kind == "boolean":
            return self.yes if value else self.no
        label = self.labels.get(str(value))
        if label:
            return label
        return f"{_num(value)}{self.unit}"

    def codes_label(self, codes: tuple[Any, ...]) -> str:
        return "或".join(self.labels.get(str(c), str(c)) for c in codes)


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


@dataclass(frozen=True)
class Vocabulary:
    fields: dict[str, FieldWords]
    order: tuple[str, ...]  # the schema's field order: the tie-break when ordering missing fields
    rank: dict[str, int] = field(default_factory=dict)  # field → position in order

    def __getitem__(self, name: str) -> FieldWords:
        return self.fields[name]

    def __contains__(self, name: object) -> bool:
        return name in self.fields


def _field_words(name: str, spec: dict[str, Any]) -> FieldWords:
    if "enum" in spec:
        kind, values = "enum", tuple(spec["enum"])
    else:
        kind = str(spec.get("type", "string"))
        labels = spec.get("x-labels") or {}
        values = tuple(int(k) for k in labels) if kind == "integer" and labels else ()
    title = spec.get("title") or name
    return FieldWords(
        name=name, kind=kind, title=title, ask=spec.get("x-ask") or title,
        yes=spec.get("x-yes", title), no=spec.get("x-no", f"不是{title}"), unit=spec.get("x-unit", ""),
        values=values, labels={str(k): v for k, v in (spec.get("x-labels") or {}).items()},
        minimum=spec.get("minimum"), maximum=spec.get("maximum"),
    )


def load_vocabulary(kb_root: Path) -> Vocabulary:
    path = kb_root / SCHEMA_FILE
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
        props = schema["$defs"]["profile"]["properties"]
    except (OSError, ValueError, KeyError) as exc:
        raise VocabularyError(f"cannot read the profile vocabulary from {path}: {exc}") from exc
    fields = {name: _field_words(name, spec) for name, spec in props.items()}
    return Vocabulary(fields=fields, order=tuple(fields), rank={name: i for i, name in enumerate(fields)})
