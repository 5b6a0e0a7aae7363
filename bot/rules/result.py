"""What the engine returns: one :class:`Result` per benefit in scope, wrapped in a :class:`Report`.

``Result.to_dict()`` is exactly the API shape of ``POST /api/entitlements``; the extra attributes
(``content``, ``hints``, ``questions``, ``apply``, ``department``, ``doc_id``) are for the dialogue layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple, Optional

ELIGIBLE, LIKELY, NEED_INFO, NOT_ELIGIBLE = "eligible", "likely", "need_info", "not_eligible"
STATUSES = (ELIGIBLE, LIKELY, NEED_INFO, NOT_ELIGIBLE)
STATUS_TITLES = {
    ELIGIBLE: "可以享受",
    LIKELY: "经评估或认定后可能享受",
    NEED_INFO: "还需要了解",
    NOT_ELIGIBLE: "不符合",
}


@dataclass(frozen=True)
class Citation:
    doc_id: str
    clause_id: str
    quote: str
    source: str = ""  # 《short name》heading path, for people; not part of the API shape

    def to_dict(self) -> dict[str, str]:
        return {"doc_id": self.doc_id, "clause_id": self.clause_id, "quote": self.quote}


@dataclass(frozen=True)
class Amount:
    text: str  # the document's words, e.g. 每月可以享受不少于四十五小时的免费居家养老服务
    value: float
    unit: str  # e.g. 小时/月

    def __str__(self) -> str:
        return self.text

    def to_dict(self) -> dict[str, Any]:
        value: Any = int(self.value) if float(self.value).is_integer() else self.value
        return {"text": self.text, "value": value, "unit": self.unit}


class ChecklistItem(NamedTuple):
    """One condition and its state. A tuple: the engine builds many per request, cheaply."""

    condition: str  # plain Chinese: 年龄65周岁以上 / 具有本市户籍 / 经认定生活不能自理
    state: str  # met | not_met | unknown
    field: Optional[str] = None  # profile field it reads (None for a condition no field decides)
    known: Optional[str] = None  # the profile's value in words, e.g. 70周岁, when known
    group: Optional[str] = None  # label of the enclosing group (an `any`: one of its items suffices)
    kind: Optional[str] = None  # for unchecked conditions: assessment | wish | undefined | unspecified
    note: Optional[str] = None
    clause_id: Optional[str] = None
    quote: Optional[str] = None

    @property
    def label(self) -> str:
        """Alias of ``condition``."""
        return self.condition

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        # Mapping-style access (item["state"], item["label"]) for callers that treat items as dicts.
        if isinstance(key, str):
            if key == "label" or key in self._fields:
                return getattr(self, key)
            raise KeyError(key)
        return tuple.__getitem__(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"condition": self.condition, "state": self.state}
        for key, value in zip(self._fields[2:], tuple.__getitem__(self, slice(2, None))):
            if value is not None:
                out[key] = value
        return out


@dataclass(frozen=True)
class Apply:
    text: str
    contacts: tuple[str, ...]
    clause_id: str
    quote: str


@dataclass(frozen=True)
class Result:
    benefit_id: str
    name: str
    region: str
    status: str
    checklist: tuple[ChecklistItem, ...]
    reasons: tuple[str, ...]  # plain Chinese; the last ones are the "what would change" hints
    missing: tuple[str, ...]  # profile fields, most decisive first
    citations: tuple[Citation, ...]
    warnings: tuple[str, ...]
    amount: Optional[Amount] = None
    # --- for the dialogue layer (not in the API shape) ---
    hints: tuple[str, ...] = ()  # what would change the verdict (also the last entries of reasons)
    questions: tuple[str, ...] = ()  # how to ask for each missing field, same order as missing
    content: str = ""  # what the benefit gives (catalog wording)
    doc_id: str = ""
    apply: Optional[Apply] = None
    department: Optional[str] = None
    # need_info only: the amount the facts known so far already select, should the missing ones hold
    amount_if_confirmed: Optional[Amount] = None

    def to_dict(self) -> dict[str, Any]:
        """The API shape: benefit_id, name, region, status, amount (when known), checklist, reasons,
        missing, citations, warnings."""
        out: dict[str, Any] = {
            "benefit_id": self.benefit_id, "name": self.name, "region": self.region, "status": self.status,
        }
        if self.amount is not None:
            out["amount"] = self.amount.to_dict()
        out["checklist"] = [item.to_dict() for item in self.checklist]
        out["reasons"] = list(self.reasons)
        out["missing"] = list(self.missing)
        out["citations"] = [c.to_dict() for c in self.citations]
        out["warnings"] = list(self.warnings)
        return out


@dataclass(frozen=True)
class Report:
    """Results for one profile, plus a notice when nothing could be evaluated (no or unknown region)."""

    results: tuple[Result, ...]
    notice: Optional[str] = None
    region: Optional[str] = None  # the resolved region code (三亚 → sanya), None when not covered
    scopes: tuple[str, ...] = ()  # document scopes that apply (haikou → haikou, hainan)

    def by_status(self, status: str) -> list[Result]:
        return [r for r in self.results if r.status == status]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"results": [r.to_dict() for r in self.results]}
        if self.notice:
            out["notice"] = self.notice
        return out
