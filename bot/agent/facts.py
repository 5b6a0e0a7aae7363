"""The caller's facts: detected in their words, typed for the rules engine, and labelled for the checklist."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from bot.agent import answering
from bot.rules import field_label, parse_profile, value_label
from bot.rules.catalog import load_catalog
from bot.rules.profile import PROFILE_FIELDS

# The checklist always shows these (the facts a hotline agent asks first); others appear when detected,
# asked for by a rule, or added by the agent.
CORE_FIELDS = ("region", "age", "hukou_local", "resides_local", "rural", "disability", "economic", "living",
               "disabled_cert_grade")


def typed(raw: dict[str, str]) -> dict[str, Any]:
    """Extractor strings as profile values ("true" → True, "82" → 82); a value the engine rejects is dropped.
    A place outside coverage keeps its words (北京) so that the check says it is not covered."""
    facts: dict[str, Any] = {}
    for name, value in raw.items():
        if name not in PROFILE_FIELDS or (name == "region" and value == "outside"):
            continue
        if value in ("true", "false"):
            facts[name] = value == "true"
        elif name in ("age", "disabled_cert_grade"):
            try:
                facts[name] = int(float(value))
            except (TypeError, ValueError):
                continue
        else:
            facts[name] = value
    return valid_only(facts)


def valid_only(facts: dict[str, Any]) -> dict[str, Any]:
    while facts:
        try:
            parse_profile(facts)
            return facts
        except ValidationError as error:
            bad = {str(e["loc"][0]) for e in error.errors() if e.get("loc")}
            kept = {k: v for k, v in facts.items() if k not in bad}
            facts = kept if len(kept) < len(facts) else {}
    return facts


def detect(text: str) -> dict[str, Any]:
    raw = answering.extract_profile(text)
    if raw.get("region") == "outside":
        place = answering.outside_place(text)
        raw = {k: v for k, v in raw.items() if k != "region"} | ({"region": place} if place else {})
    return typed(raw)


def labelled(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """Each known fact with its name and value in words: {field, label, value, text}."""
    kb = answering.kb()
    out = []
    for name, value in facts.items():
        if value is None:
            continue
        if name == "region":
            region = kb.region(str(value))
            text = region.name if region else f"{value}（不在收录范围）"
        else:
            text = value_label(name, value)
        out.append({"field": name, "label": field_label(name), "value": value, "text": text})
    return out


def field_catalog() -> list[dict[str, Any]]:
    """Every profile field the checklist can show: name, label, question, kind and the choices in words."""
    vocab = load_catalog().vocab
    kb = answering.kb()
    out: list[dict[str, Any]] = [{
        "field": "region", "label": "所在地", "question": "老人户籍和居住在哪个市县？", "kind": "enum", "core": True,
        "choices": [{"value": code, "text": kb.regions[code].name} for code in kb.regions]}]
    for name in PROFILE_FIELDS:
        if name == "region" or name not in vocab:
            continue
        words = vocab[name]
        entry: dict[str, Any] = {"field": name, "label": words.title, "question": words.ask, "kind": words.kind,
                                 "core": name in CORE_FIELDS}
        if words.kind == "boolean":
            entry["choices"] = [{"value": True, "text": words.yes}, {"value": False, "text": words.no}]
        elif words.values:
            entry["choices"] = [{"value": v, "text": words.value_label(v)} for v in words.values]
        else:
            entry.update(minimum=words.minimum, maximum=words.maximum, unit=words.unit)
        out.append(entry)
    return out
