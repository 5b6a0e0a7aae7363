"""The services every stage of the answer pipeline uses, handed in once: the knowledge base and its index."""

from __future__ import annotations

from bot.kb.loader import KnowledgeBase
from bot.kb.search import SearchIndex


class Env:
    """The knowledge base and its search index, given to the pipeline's constructor (never fetched from a
    global in the middle of logic). Hashable by identity, so per-knowledge-base values may be cached."""

    __slots__ = ("kb", "index")

    def __init__(self, kb: KnowledgeBase, index: SearchIndex):
        self.kb = kb
        self.index = index
