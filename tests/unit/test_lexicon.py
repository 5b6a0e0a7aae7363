"""knowledge/synonyms.yaml and the jieba user dictionary built from the knowledge base."""

from __future__ import annotations

from collections import Counter

import jieba
import pytest

from bot.kb.lexicon import (
    MAX_WORD_CHARS,
    document_terms,
    lexicon_terms,
    load_synonym_groups,
    write_jieba_userdict,
)
from bot.kb.loader import load_kb
from bot.kb.numerals import normalize_text


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.fixture(scope="module")
def terms(kb):
    return lexicon_terms(kb)


def _corpus(kb) -> str:
    return normalize_text("\n".join(kb.sources.values()))


# ---------------------------------------------------------------------------------------------- synonyms
def test_synonym_groups_load_and_are_many():
    groups = load_synonym_groups()
    assert len(groups) >= 60
    assert all(g["canonical"] and g["variants"] for g in groups)


def test_synonyms_are_validated_by_the_loader(kb):
    # the loader checks knowledge/synonyms.yaml against knowledge/schema/synonyms.json (strict by default)
    assert len(kb.synonyms) == len(load_synonym_groups())


def test_every_canonical_term_is_in_the_documents(kb):
    corpus = _corpus(kb)
    missing = [g["canonical"] for g in load_synonym_groups() if normalize_text(g["canonical"]) not in corpus]
    assert missing == []


def test_no_term_in_two_groups():
    counts = Counter(m for g in load_synonym_groups() for m in {g["canonical"], *g["variants"]})
    assert [m for m, n in counts.items() if n > 1] == []


def test_key_colloquial_mappings():
    by_canonical = {g["canonical"]: set(g["variants"]) for g in load_synonym_groups()}
    assert {"瘫痪", "瘫在床上", "卧床不起", "生活不能自理"} <= by_canonical["失能"]
    assert {"五保户", "五保"} <= by_canonical["特困人员"]
    assert {"低保", "吃低保"} <= by_canonical["最低生活保障"]
    assert {"一个人住", "一个人过"} <= by_canonical["独居"]
    assert {"高龄补贴", "长寿金"} <= by_canonical["高龄津贴"]
    assert "装扶手" in by_canonical["适老化改造"]
    assert "养老院" in by_canonical["养老机构"]


# ---------------------------------------------------------------------------------------------- lexicon
def test_lexicon_shape(terms):
    assert terms == sorted(set(terms))
    words = [w for w, _f, _t in terms]
    assert len(words) == len(set(words))
    for word, freq, tag in terms:
        assert 2 <= len(word) <= MAX_WORD_CHARS
        assert not any(ch.isspace() for ch in word)
        assert freq > 0 and tag in {"n", "ns", "nz"}


def test_lexicon_sources(kb, terms):
    words = {w for w, _f, _t in terms}
    for group in load_synonym_groups():  # both sides of every synonym group
        for member in (group["canonical"], *group["variants"]):
            if member.isalnum() and 2 <= len(member) <= MAX_WORD_CHARS:  # no spaces or punctuation inside
                assert member in words, member
    assert {"海口", "三亚", "温州", "鹿城区", "昌吉", "美兰区"} <= words  # places
    assert {"海易办", "浙里康养", "养老服务超市"} <= words  # platforms named in the documents
    assert document_terms() and set(document_terms()) <= words
    for entry in kb.glossary:
        term = entry.get("term") or entry.get("name")
        if term and 2 <= len(term) <= MAX_WORD_CHARS and term.isalnum():
            assert term in words, term


def test_lexicon_without_kb_uses_files_only():
    words = {w for w, _f, _t in lexicon_terms(None)}
    assert "瘫在床上" in words
    assert "三亚" not in words


def test_write_userdict_and_segment(kb, tmp_path):
    path = write_jieba_userdict(kb, tmp_path / "jieba" / "userdict.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(lexicon_terms(kb))
    assert all(len(line.split(" ")) == 3 for line in lines)
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(path))
    words = tokenizer.lcut("俺娘瘫在床上，想装扶手，在海易办能申请吗")
    assert "瘫在床上" in words
    assert "装扶手" in words
    assert "海易办" in words
