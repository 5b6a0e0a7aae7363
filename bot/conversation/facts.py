"""Which values a fact about the elder may take: every value that reaches the conversation's memory passes here.

A value comes from the profile extractor, a button the assistant offered, or a short answer; whatever its
source, it is checked against the rules' profile (type, range, allowed codes) and the covered places, so a
typed ``/inform{"age":1e400}`` or ``{"region":"<script>"}`` can never become a fact.
"""

from __future__ import annotations

import functools
import math
from typing import Any

from bot.kb.loader import KnowledgeBase, load_kb
from bot.rules import PROFILE_FIELDS, Profile

# Ages the check takes: an elder's (a number outside is a typo or not an age at all).
AGE_RANGE = (40, 120)
# Fields outside the rules' profile that the dialogue still keeps (dementia: asked to know the degree).
EXTRA_BOOLEANS = ("dementia",)
OUTSIDE = "outside"


@functools.lru_cache(maxsize=1)
def _enums() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for name, model_field in Profile.__fields__.items():
        allowed = getattr(model_field.outer_type_, "__args__", None)
        if allowed and all(isinstance(a, str) for a in allowed):
            out[name] = tuple(allowed)
    return out


def allowed_values() -> dict[str, tuple[str, ...]]:
    """The codes each enumerated or true/false field allows."""
    out = dict(_enums())
    for name, model_field in Profile.__fields__.items():
        if model_field.outer_type_ is bool:
            out[name] = ("true", "false")
    out.update({name: ("true", "false") for name in EXTRA_BOOLEANS})
    out["disabled_cert_grade"] = ("0", "1", "2", "3", "4")
    return out


FIELDS: tuple[str, ...] = (*PROFILE_FIELDS, *EXTRA_BOOLEANS)  # = bot.conversation.state.FACT_FIELDS


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else None
    # (isdecimal, not isdigit: ¹ and ① are digits that int() refuses)
    if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) <= 3:
        return int(value.strip())
    return None


def valid_value(name: str, value: Any, kb: KnowledgeBase | None = None) -> str | None:
    """The fact's value as the conversation stores it ("82", "true", "severe", "wenzhou"), or None when
    ``value`` is not a value ``name`` can take."""
    if name not in FIELDS or value is None:
        return None
    if name == "region":
        if not isinstance(value, str) or not 0 < len(value) <= 40:
            return None
        if value == OUTSIDE:
            return value
        region = (kb or load_kb()).region(value)
        return region.code if region is not None else None
    if name == "age":
        age = _whole_number(value)
        return str(age) if age is not None and AGE_RANGE[0] <= age <= AGE_RANGE[1] else None
    if isinstance(value, bool):
        value = "true" if value else "false"
    if name == "disabled_cert_grade":
        grade = _whole_number(value)
        value = str(grade) if grade is not None else value
    allowed = allowed_values().get(name)
    return value if isinstance(value, str) and allowed is not None and value in allowed else None

