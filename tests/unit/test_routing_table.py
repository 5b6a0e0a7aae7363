"""The routing table (tests/data/routing.yaml): context + message → kind of turn, row by row, whatever the
classifier says (unless the row names its intent), and the same for the message in traditional characters and
full-width forms."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.conversation.route import Turn, route
from bot.conversation.services import MemoryRecords, Services, build_services
from bot.conversation.state import Context
from bot.nlu.text import to_simplified

TABLE = Path(__file__).resolve().parents[1] / "data" / "routing.yaml"
DATA = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
PAYLOAD = re.compile(r"^/(\w+)")


@lru_cache(maxsize=1)
def services() -> Services:
    return build_services(MemoryRecords())


def context(name: str, offered: tuple[str, ...] = ()) -> Context:
    spec: dict[str, Any] = dict(DATA["contexts"][name] or {})
    slots = {**(spec.pop("facts", None) or {}), **spec, "offered": list(offered)}
    return Context.from_slots(slots, services().valid)


def kind(ctx: Context, text: str, intent: str | None, tapped: bool = True) -> Turn:
    """The route of ``text``; an offered payload is tapped (the channel says so) unless ``tapped`` is False."""
    s = services()
    latest: dict[str, Any] = {"text": text, "metadata": {"tapped": tapped and text in ctx.offered}}
    payload = PAYLOAD.match(text)
    if payload and text in ctx.offered:
        latest["intent"] = {"name": payload.group(1), "confidence": 1.0}
    elif intent:
        latest["intent"] = {"name": intent, "confidence": 0.9}
        latest["intent_ranking"] = [{"name": intent, "confidence": 0.9}]
    return route(s.read(latest, ctx), ctx)


def _rows() -> list[Any]:
    out = []
    for row in DATA["rows"]:
        name, text, expected = row[0], str(row[1]), row[2]
        intent = row[3] if len(row) > 3 else None
        out.append(pytest.param(name, text, expected, intent, id=f"{name}:{text[:24]}"))
    return out


def test_the_table_is_large_and_names_real_kinds() -> None:
    kinds = {t.value for t in Turn}
    assert len(DATA["rows"]) >= 300
    assert {row[2] for row in DATA["rows"]} <= kinds
    assert {row[0] for row in DATA["rows"]} <= set(DATA["contexts"])


@pytest.mark.parametrize("name,text,expected,intent", _rows())
def test_route(name: str, text: str, expected: str, intent: str | None) -> None:
    offered = (text,) if intent in ("offered", "typed_offered") else ()
    ctx = context(name, offered)
    if intent == "typed_offered":  # the payload of a button offered, typed by hand: text, never a choice
        assert kind(ctx, text, None, tapped=False).value == expected
        return
    if intent and intent != "offered":
        assert kind(ctx, text, intent).value == expected
        return
    seen = {i: kind(ctx, text, i).value for i in (None, *DATA["intents_tried"])}
    assert set(seen.values()) == {expected}, seen


def _traditional(text: str) -> str:
    from opencc import OpenCC

    return OpenCC("s2t").convert(text)


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in text)


@pytest.mark.parametrize("name,text,expected,intent", [r for r in _rows() if not r.values[1].startswith("/")])
def test_traditional_and_full_width_forms_take_the_same_route(name: str, text: str, expected: str,
                                                              intent: str | None) -> None:
    ctx = context(name)
    given = intent if intent not in (None, "offered") else None
    plain = kind(ctx, text, given)
    for variant in (_traditional(text), _full_width(text)):
        assert to_simplified(variant) or not text
        assert kind(ctx, variant, given) == plain, variant
