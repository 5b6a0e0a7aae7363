"""Citations made readable for people: a label in words and the document's status, from the knowledge base.

The answering code may already send ``label``, ``status`` and ``status_note``; whatever it leaves out is
filled in here from ``knowledge/``, so that a widget never has to show ``doc_id`` or ``clause_id``.
"""

from __future__ import annotations

from bot.dialogue.messages import short_clause_label
from bot.gateway.schemas import ChatMessage
from bot.kb.loader import load_kb


def enrich(messages: list[ChatMessage]) -> list[ChatMessage]:
    kb = load_kb()
    for message in messages:
        for cite in message.citations or []:
            doc = kb.documents.get(cite.doc_id)
            if doc is None:
                continue
            if cite.status is None:
                cite.status = doc.status
            if cite.status_note is None and doc.status != "in_force":
                cite.status_note = doc.status_note
            if cite.label is None:
                where = short_clause_label(kb, cite.clause_id) if cite.clause_id in kb.clauses else ""
                cite.label = f"《{doc.short_name}》{where}"
    return messages
