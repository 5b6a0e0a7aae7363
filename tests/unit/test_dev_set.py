"""The question sets (dev and the blind fresh set): shape, enums, and every fact verbatim in its document's text."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SETS = {
    "dev": (ROOT / "tests" / "data" / "dev_questions.yaml", 220, 200),  # path, min entries, min answerable
    "fresh": (ROOT / "tests" / "data" / "fresh_questions.yaml", 180, 150),
    "blind3": (ROOT / "tests" / "data" / "blind3_questions.yaml", 110, 90),
    "blind4": (ROOT / "tests" / "data" / "blind4_questions.yaml", 120, 95),
    "blind5": (ROOT / "tests" / "data" / "blind5_questions.yaml", 100, 85),
}
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
    "figure", "glossary", "penalty", "staffing", "other", "unanswerable", "hours", "target", "service",
}
KEYS = {"id", "question", "region", "topic", "doc_id", "facts"}


@cache
def entries(name: str) -> list[dict]:
    return yaml.safe_load(SETS[name][0].read_text(encoding="utf-8"))


@cache
def doc_text(doc_id: str) -> str:
    """The document's text in knowledge/sources, plus the seed file when present (its page lines hold the
    publication date a few questions ask for)."""
    source = SOURCES / f"{doc_id}.txt"
    seed = SEEDS / SEED_FILES[doc_id]
    texts = [p.read_text(encoding="utf-8") for p in (source, seed) if p.exists()]
    if not texts:
        pytest.skip(f"neither {source} nor {seed} exists")
    return "\n".join(texts)


@pytest.mark.parametrize("name", sorted(SETS))
def test_size_and_unique_ids(name):
    items = entries(name)
    _, min_items, min_answerable = SETS[name]
    answerable = [e for e in items if e["topic"] != "unanswerable"]
    assert len(items) >= min_items
    assert len(answerable) >= min_answerable
    assert 15 <= len(items) - len(answerable) <= 45
    ids = Counter(e["id"] for e in items)
    assert [i for i, n in ids.items() if n > 1] == []
    questions = Counter(e["question"] for e in items)
    assert [q for q, n in questions.items() if n > 1] == []


@pytest.mark.parametrize("name", sorted(SETS))
def test_fields_and_enums(name):
    for e in entries(name):
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


@pytest.mark.parametrize("name", sorted(SETS))
def test_every_document_is_covered(name):
    docs = Counter(e["doc_id"] for e in entries(name) if e["doc_id"])
    assert set(docs) == set(SEED_FILES)
    assert min(docs.values()) >= (5 if name.startswith("blind") else 10)  # blind sets are smaller


@pytest.mark.parametrize("name", sorted(SETS))
@pytest.mark.parametrize("doc_id", sorted(SEED_FILES))
def test_facts_are_verbatim(name, doc_id):
    text = doc_text(doc_id)
    missing = [
        (e["id"], fact)
        for e in entries(name)
        if e["doc_id"] == doc_id
        for fact in e["facts"]
        if fact not in text
    ]
    assert missing == []
