"""The search index saved at kb-build (bot.kb.index_cache): the same answers as a built one, never stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.kb import index_cache
from bot.kb.jieba_base import new_tokenizer
from bot.kb.loader import KNOWLEDGE_ROOT, load_kb
from bot.kb.search import SearchIndex

QUERIES = [("高龄津贴多少钱", "haikou"), ("温州家庭养老床位", "wenzhou"), ("低宝老人有啥补贴", None),
           ("昌吉助餐", "changji"), ("wenzhou jiating chuangwei", None)]


@pytest.fixture(scope="module")
def built() -> SearchIndex:
    return SearchIndex(load_kb())


def _hits(index: SearchIndex) -> list[list[tuple[str, float]]]:
    return [[(h.clause_id, round(h.score, 6)) for h in index.search(q, region=r, k=5)] for q, r in QUERIES]


def test_a_saved_index_answers_as_the_built_one(built: SearchIndex, tmp_path: Path) -> None:
    path = index_cache.save(built, KNOWLEDGE_ROOT, tmp_path / "index.pickle")
    loaded = index_cache.load(KNOWLEDGE_ROOT, path)
    assert isinstance(loaded, SearchIndex)
    loaded.attach(built.kb)
    assert _hits(loaded) == _hits(built)
    assert loaded.correct_sound_alikes("低宝") == built.correct_sound_alikes("低宝")


def test_an_index_of_other_files_is_not_used(built: SearchIndex, tmp_path: Path) -> None:
    other = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_ROOT, other)
    path = index_cache.save(built, other, tmp_path / "index.pickle")
    assert index_cache.load(other, path) is not None
    first = next(p for p in sorted(other.rglob("*.yaml")))
    first.write_text(first.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert index_cache.load(other, path) is None  # an edit changes the fingerprint


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x04K\x01."])
def test_a_damaged_or_missing_file_is_ignored(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "index.pickle"
    assert index_cache.load(KNOWLEDGE_ROOT, path) is None
    path.write_bytes(content)
    assert index_cache.load(KNOWLEDGE_ROOT, path) is None


def test_tokenizers_share_the_dictionary_but_not_their_words() -> None:
    first, second = new_tokenizer(), new_tokenizer()
    first.add_word("俺娘瘫床", 100_000)
    assert "俺娘瘫床" in first.FREQ and "俺娘瘫床" not in second.FREQ
    assert second.FREQ.get("养老") == first.FREQ.get("养老") > 0
