"""Typed, immutable records of the knowledge base (see knowledge/README.md for the file formats)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

DOC_STATUSES = ("in_force", "draft", "plan_ended", "pilot")
REGION_SCOPES = ("haikou", "hainan", "wenzhou", "changji")
CONTACT_KINDS = ("hotline", "platform", "office")

# Labels that are list markers rather than numbers; they are not shown in heading paths.
BULLET_LABELS = ("——", "")
# Heading words for clauses that have neither label nor title.
SPECIAL_SEGMENTS = {
    "header": "文头",
    "notice": "通知",
    "preamble": "开头",
    "closing": "结尾",
    "attachments": "附件",
}


@dataclass(frozen=True)
class Dates:
    signed: Optional[str] = None
    published: Optional[str] = None
    effective: Optional[str] = None
    period_start: Optional[str] = None
    period_end: Optional[str] = None


@dataclass(frozen=True)
class MissingText:
    """A text a document refers to whose wording the knowledge base does not hold (an attachment left out)."""
    title: str
    aliases: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Document:
    doc_id: str
    file: str
    title: str
    short_name: str
    issuer: str
    doc_number: Optional[str]
    region: str
    dates: Dates
    status: str
    status_note: str
    notes: Optional[str] = None
    missing_texts: tuple[MissingText, ...] = ()

    @property
    def in_force(self) -> bool:
        return self.status == "in_force"


@dataclass(frozen=True)
class Clause:
    clause_id: str
    parent: Optional[str]
    level: int
    label: str
    title: str
    heading: str
    text: str
    columns: tuple[str, ...] = ()
    cells: tuple[str, ...] = ()

    @property
    def doc_id(self) -> str:
        return self.clause_id.split(":", 1)[0]

    @property
    def local_id(self) -> str:
        return self.clause_id.split(":", 1)[1]

    @property
    def full_text(self) -> str:
        """Title and text together (the run-in heading of an item is part of what the item says)."""
        if self.title and self.text:
            joiner = "" if self.title.endswith(("。", "：", ":")) else "。"
            return f"{self.title}{joiner}{self.text}"
        return self.title or self.text


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    parent: Optional[str] = None
    kind: str = "city"
    cities: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    note: Optional[str] = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Contact:
    id: str
    name: str
    kind: str
    region: Optional[str]
    description: str
    cites: tuple[str, ...] = ()
    note: Optional[str] = None
    phone: Optional[str] = None
    fallback: bool = False
    extra: dict = field(default_factory=dict, compare=False, hash=False)


def heading_segment(label: str, title: str, local_id: str) -> str:
    """How one clause appears in a heading path, e.g. ``9.健全老年人社会福利制度`` or ``第五章 促进…``."""
    label = label or ""
    title = title or ""
    shown_label = "" if label in BULLET_LABELS else label
    if shown_label and title:
        sep = "" if shown_label[-1] in "、.．)）:：" else " "
        return f"{shown_label}{sep}{title}"
    if title:
        return title
    if shown_label:
        return f"序号{shown_label}" if shown_label.isdigit() else shown_label
    last = local_id.rsplit(".", 1)[-1]
    if local_id in SPECIAL_SEGMENTS:
        return SPECIAL_SEGMENTS[local_id]
    match = re.fullmatch(r"p(\d+)", last)
    if match:
        return f"第{match.group(1)}段"
    match = re.fullmatch(r"r(\d+)", last)
    if match:
        return f"第{match.group(1)}行"
    return last
