"""The workbench's ONE adapter to the answering pipeline, the NLU and the knowledge base.

Everything the assist service needs from them comes through here, so that when answering moves only these
imports change: ``bot.answering``'s ``answer_question(text, region) -> Reply`` (messages with ``text`` and
``citations`` of ``doc_id``/``clause_id``), its clause label in words, the profile extractor, and
``load_kb()`` for clause text, document title and status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.answering import clause_label as _clause_label
from bot.answering.default import answer_question
from bot.kb.loader import KnowledgeBase, load_kb
from bot.nlu.profile import extract_entities
from bot.nlu.profile import extract_profile as _extract_profile

__all__ = ["Answer", "answer", "clause_label", "extract_profile", "kb", "outside_place"]

ANSWERED, NOT_SPECIFIED, UNANSWERED, ASK_REGION, OUTSIDE = (
    "answered", "not_specified", "unanswered", "ask_region", "outside")


@dataclass
class Answer:
    """What the answering pipeline said: its bubbles (text, citations) and what kind of answer it was."""

    status: str
    messages: list[dict[str, Any]] = field(default_factory=list)


def kb() -> KnowledgeBase:
    return load_kb()


def clause_label(clause_id: str) -> str:
    """第三部分（三）第8条 — where the clause is, in words a person understands (as the chat's sources say it)."""
    return _clause_label(load_kb(), clause_id, with_document=False)


def outside_place(text: str) -> str | None:
    """The words of a place outside coverage that the text names (北京), if any."""
    for entity in extract_entities(text):
        if entity.get("entity") == "region" and entity.get("value") == "outside":
            return str(entity.get("text") or "") or None
    return None


def extract_profile(text: str) -> dict[str, str]:
    return _extract_profile(text)


def answer(text: str, region: str | None, place_outside: str | None = None) -> Answer:
    reply = answer_question(text, region, outside_place=place_outside)
    slots = reply.slots
    if place_outside:
        status = OUTSIDE
    elif slots.get("pending_question"):
        status = ASK_REGION  # the pipeline asked which place: the documents differ by place
    else:
        status = str((slots.get("last_answer") or {}).get("status") or "")
        if status not in (ANSWERED, NOT_SPECIFIED, UNANSWERED):
            # catalogue answers (terms, who leads …) cite; a reply with no citation answered nothing
            status = ANSWERED if any(m.get("citations") for m in reply.messages) else UNANSWERED
    return Answer(status=status, messages=[{"text": m.get("text", ""), "citations": m.get("citations") or []}
                                           for m in reply.messages])
