""""详细说明": the whole clause behind the last answer, in bubbles, with related clauses."""

from __future__ import annotations

import re

from bot.answering.citations import citation, source_line, status_warning
from bot.answering.config import CONFIG
from bot.answering.env import Env
from bot.answering.reply import Reply


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
    reply.say(f"《{env.kb.document_of(clause_id).short_name}》{clause.heading}：")
    for piece in _chunks(clause.full_text):
        reply.say(piece)
    reply.messages[-1]["citations"] = [citation(env.kb, clause_id)]
    warning = status_warning(env.kb, clause.doc_id)
    if warning:
        reply.say(warning)
    related = [c for c in clause_ids[1:] if c != clause_id][:2]
    if related:
        reply.say("相关条款：" + "；".join(source_line(env.kb, c).strip("（）") for c in related))
    return reply
