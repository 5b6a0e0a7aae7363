"""Generate everything derived from knowledge/: the jieba user dictionary (and, later, lookups).

One source of truth: nothing written here is edited by hand; `make kb-build` rewrites it.
"""

from __future__ import annotations

from pathlib import Path

from bot.kb.lexicon import lexicon_terms
from bot.kb.loader import load_kb
from bot.nlu.spacy_build import build_spacy_pipeline
from bot.nlu.terms import profile_lexicon
from bot.settings import PROJECT_ROOT

BUILD_DIR = PROJECT_ROOT / "build"
JIEBA_DICT = BUILD_DIR / "jieba" / "userdict.txt"


def _write_if_changed(path: Path, content: str) -> bool:
    """Write only on change, so that the training fingerprint stays stable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_text(encoding="utf-8") == content:
        return False
    path.write_text(content, encoding="utf-8")
    return True


def build_jieba_dict() -> Path:
    # Policy terms and places (bot.kb.lexicon) plus the colloquial profile phrases (bot.nlu.terms).
    terms: dict[str, tuple[int, str]] = {}
    for word, freq, tag in [*lexicon_terms(load_kb()), *profile_lexicon()]:
        if word.strip() and word not in terms:
            terms[word] = (freq, tag)
    lines = sorted(f"{word} {freq} {tag}" for word, (freq, tag) in terms.items())
    _write_if_changed(JIEBA_DICT, "\n".join(lines) + ("\n" if lines else ""))
    return JIEBA_DICT


def build_all() -> None:
    path = build_jieba_dict()
    count = sum(1 for _ in path.open(encoding="utf-8"))
    print(f"built {path.relative_to(PROJECT_ROOT)} ({count} terms)")
    spacy_dir = build_spacy_pipeline()
    print(f"built {spacy_dir.relative_to(PROJECT_ROOT)} (spaCy profile extractor)")
