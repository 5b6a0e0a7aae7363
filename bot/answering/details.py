""""详细说明": the whole clause behind the last answer, in bubbles, with related clauses."""

from __future__ import annotations

import re

from bot.answering.citations import citation, clause_label, status_warning
from bot.answering.config import CONFIG
from bot.answering.env import Env
from bot.answering.reply import Reply
from bot.answering.topics import names, relevance_words
from bot.kb.search import normalize_query


def _chunks(text: str, size: int = CONFIG.detail_chunk_chars) -> list[str]:
    """Split a long clause at sentence ends into bubbles of about `size` characters."""
    pieces, current = [], ""
    for sentence in re.split(r"(?<=[。；;！？])", text):
        if current and len(current) + len(sentence) > size:
            pieces.append(current)
            current = ""
        current += sentence
    if current:
        pieces.append(current)
    return pieces


def details_reply(env: Env, last_answer: dict | None) -> Reply:
    """The full text of the clause behind the last answer (a check's checklist is the dialogue's)."""
    clause_ids = [c for c in (last_answer or {}).get("clause_ids") or [] if c in env.kb.clauses]
    reply = Reply()
    if not clause_ids:
        reply.say("您想了解哪方面的详细内容？可以直接问我，比如“温州免费居家养老服务的条件”。")
        return reply
    clause_id = clause_ids[0]
    clause = env.kb.clauses[clause_id]
    title = f"“{clause.title}”" if clause.title and clause.title not in clause.heading.split(" › ")[:1] else ""
    reply.say(f"{clause_label(env.kb, clause_id)}{title}原文：")
    for piece in _chunks(clause.full_text):
        reply.say(piece)
    reply.messages[-1]["citations"] = [citation(env.kb, clause_id)]
    warning = status_warning(env.kb, clause.doc_id)
    if warning:
        reply.say(warning)
    related = related_clauses(env, clause_id, clause_ids[1:], str((last_answer or {}).get("question") or ""))
    if related:
        reply.say("同一文件的相关条款：" + "；".join(clause_label(env.kb, c, with_document=False) for c in related))
    return reply


# "详细说明" names at most this many related clauses.
MAX_RELATED = 2


def related_clauses(env: Env, clause_id: str, others: list[str], question: str) -> list[str]:
    """The other passages found for the question that are related to the clause shown: of the same document,
    and in the same section or naming one of the question's topic words (a funeral clause is no relative of a
    health check's)."""
    clause = env.kb.clauses[clause_id]
    words = relevance_words(env, question)[:3] if question else []
    related: list[str] = []
    for other_id in dict.fromkeys(others):
        other = env.kb.clauses.get(other_id)
        if other is None or other_id == clause_id or other.doc_id != clause.doc_id:
            continue
        text = normalize_query(f"{other.heading} {other.full_text}")
        if (other.parent is not None and other.parent == clause.parent) or any(names(env, w, text) for w in words):
            related.append(other_id)
    return related[:MAX_RELATED]
