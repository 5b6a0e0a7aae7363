"""The benefit catalogue's names for the dialogue (the check, the actions); the catalogue specialists live in
:mod:`bot.answering.specialists.catalog`."""

from __future__ import annotations

from bot.answering.default import default_env
from bot.answering.specialists import catalog as _catalog
from bot.answering.specialists.catalog import CHECK_BUTTON, benefit_names
from bot.kb.loader import KnowledgeBase

__all__ = ["CHECK_BUTTON", "benefit_names", "benefits_named_in"]


def benefits_named_in(kb: KnowledgeBase, question: str, region: str) -> list[dict]:
    """The region's catalogued benefits named by the longest name or alias the question contains."""
    return _catalog.benefits_named_in(default_env(kb), question, region)
