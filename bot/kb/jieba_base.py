"""Private jieba tokenizers that share one read of jieba's dictionary.

Each ``jieba.Tokenizer`` reads jieba's 350,000-word dictionary when it initialises (about 0.6 s, from jieba's
own cache file). One process holds several private tokenizers (the search index's, the profile extractor's),
each with its own user words, so the dictionary is read once per process and every new tokenizer starts from
a copy of its counts (a few milliseconds)."""

from __future__ import annotations

import functools
import logging
from typing import Any


@functools.lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, int], int]:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    base = jieba.Tokenizer()
    base.initialize()
    return base.FREQ, base.total


def new_tokenizer() -> Any:
    """A fresh, initialised ``jieba.Tokenizer`` with jieba's default dictionary and no user words."""
    import jieba

    freq, total = _dictionary()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ = dict(freq)  # add_word changes the counts: each tokenizer owns its copy
    tokenizer.total = total
    tokenizer.initialized = True
    return tokenizer
