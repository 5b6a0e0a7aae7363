"""Check that a reply states no number the knowledge base does not contain."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.kb.loader import load_kb
from bot.kb.numerals import normalize_text

ALWAYS_ALLOWED = {"12345"}  # the government service hotline, named in every referral
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@lru_cache(maxsize=1)
def _kb_numbers() -> frozenset[str]:
    kb = load_kb()
    numbers: set[str] = set()
    texts = [c.full_text for c in kb.clauses.values()] + [d.status_note for d in kb.documents.values()]
    texts.append(kb.coverage_note)
    for text in texts:
        numbers.update(_NUMBER.findall(normalize_text(text)))
        for piece in text.split():  # a table row's cells ("1166 2000 3820") are separate numbers
            numbers.update(_NUMBER.findall(normalize_text(piece)))
    return frozenset(numbers)


def unsupported_numbers(text: str) -> list[str]:
    """Numbers in `text` (after numeral normalisation) that appear nowhere in the knowledge base."""
    found = _NUMBER.findall(normalize_text(text))
    return [n for n in found if n not in ALWAYS_ALLOWED and n not in _kb_numbers()]
