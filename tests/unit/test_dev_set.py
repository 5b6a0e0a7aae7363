"""The public dev question set: shape, enums, and every fact verbatim in its document's text."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEV_SET = ROOT / "tests" / "data" / "dev_questions.yaml"
SOURCES = ROOT / "knowledge" / "sources"
SEEDS = ROOT.parent / "shared" / "seeds"

SEED_FILES = {
    "haikou-2023-161": "000_1abbf14cef100cdd.txt",
    "haikou-2023-105": "001_f9d7a11bbf395e00.txt",
    "hainan-2021-plan": "002_6ddbd7126e41b308.txt",
    "wenzhou-2022-draft": "003_7e0ac6d23ada8b7c.txt",
    "changji-2021-1": "004_022a0e2e90386261.txt",
}
REGIONS = {"haikou", "hainan", "wenzhou", "changji", None}
TOPICS = {
    "eligibility", "amount", "apply", "department", "doc_fact", "facility",
    "figure", "glossary", "penalty", "staffing", "other", "unanswerable",
}
KEYS = {"id", "question", "region", "topic", "doc_id", "facts"}


@cache
def entries() -> list[dict]:
    return yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))


@cache
def doc_text(doc_id: str) -> str:
    source = SOURCES / f"{doc_id}.txt"
    if source.exists():
        return source.read_text(encoding="utf-8")
    seed = SEEDS / SEED_FILES[doc_id]
    if not seed.exists():
        pytest.skip(f"neither {source} nor {seed} exists")
    return seed.read_text(encoding="utf-8")


def test_size_and_unique_ids():
    items = entries()
    answerable = [e for e in items if e["topic"] != "unanswerable"]
    assert len(items) >= 220
    assert len(answerable) >= 200
    assert 15 <= len(items) - len(answerable) <= 40
    ids = Counter(e["id"] for e in items)
    assert [i for i, n in ids.items() if n > 1] == []
    questions = Counter(e["question"] for e in items)
    assert [q for q, n in questions.items() if n > 1] == []


def test_fields_and_enums():
    for e in entries():
        assert set(e) == KEYS, e
        assert isinstance(e["question"], str) and e["question"].strip(), e
        assert e["region"] in REGIONS, e
        assert e["topic"] in TOPICS, e
        assert isinstance(e["facts"], list), e
        if e["topic"] == "unanswerable":
            assert e["doc_id"] is None and e["facts"] == [], e
        else:
            assert e["doc_id"] in SEED_FILES, e
            assert 1 <= len(e["facts"]) <= 3, e
            assert all(isinstance(f, str) and f for f in e["facts"]), e


def test_every_document_is_covered():
    docs = Counter(e["doc_id"] for e in entries() if e["doc_id"])
    assert set(docs) == set(SEED_FILES)
    assert min(docs.values()) >= 10


@pytest.mark.parametrize("doc_id", sorted(SEED_FILES))
def test_facts_are_verbatim(doc_id):
    text = doc_text(doc_id)
    missing = [
        (e["id"], fact)
        for e in entries()
        if e["doc_id"] == doc_id
        for fact in e["facts"]
        if fact not in text
    ]
    assert missing == []
