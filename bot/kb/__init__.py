"""The structured knowledge base (knowledge/): documents, verbatim sources, clauses, regions, contacts,
and any further kinds (benefits, figures, glossary, synonyms…).

    from bot.kb import load_kb
    kb = load_kb()
    kb.clauses["haikou-2023-105:2.3.9"].text
    kb.covers("三亚")  # → ["hainan"]

Check the data with ``python -m bot.kb validate``; see knowledge/README.md for the file formats.
"""

from bot.kb.loader import KnowledgeBase, KnowledgeBaseError, clear_cache, load_kb
from bot.kb.model import Clause, Contact, Dates, Document, Region

__all__ = [
    "Clause", "Contact", "Dates", "Document", "KnowledgeBase", "KnowledgeBaseError", "Region", "clear_cache",
    "load_kb",
]
