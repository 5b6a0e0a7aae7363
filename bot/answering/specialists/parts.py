""""Which stages / steps / measures are there?" from the documents' own structure: the titles of the parts
of the one section whose parts the question asks about (昌吉试点分几个阶段 → 三、实施步骤's four stages).
"""

from __future__ import annotations

from bot.answering.citations import citation, close_answer, source_line
from bot.answering.config import CONFIG
from bot.answering.env import Env
from bot.answering.reply import Reply, clip
from bot.answering.specialists.catalog import bare
from bot.answering.words import PARTS_QUESTION
from bot.kb.model import Clause


def _sections(env: Env, doc_id: str, noun: str) -> list[tuple[Clause, list[Clause]]]:
    """Sections of the document that are about `noun`: their own title says it (实施步骤, 保障措施), or
    every one of their (two or more) parts does (动员部署阶段, 组织实施阶段 …)."""
    found = []
    for clause in env.kb.clauses_of(doc_id):
        parts = [c for c in env.kb.children(clause.clause_id) if c.title]
        if len(parts) >= 2 and (noun in clause.title or all(noun in c.title for c in parts)):
            found.append((clause, parts))
    return found


def parts_reply(env: Env, question: str, region: str | None) -> Reply | None:
    """The list of a section's parts, cited, when exactly one section of the region's documents is about
    the kind of part asked for; None otherwise (the clause search answers)."""
    asked = bare(question)
    match = PARTS_QUESTION.search(asked)
    if match is None:
        return None
    noun = match.group(2) or match.group(3)
    noun = "步骤" if noun == "步" else noun  # 分几步: 实施步骤
    docs = env.kb.documents_for(region) if region else list(env.kb.documents.values())
    found = [s for doc in docs for s in _sections(env, doc.doc_id, noun)]
    if len(found) != 1:
        return None  # none, or several documents' 保障措施: the search picks by the other words
    section, parts = found[0]
    listing = "；".join(f"{c.label}{c.title}" for c in parts)
    doc = env.kb.document_of(section.clause_id)
    reply = Reply(slots={"last_answer": {"question": question, "status": "answered",
                                         "clause_ids": [section.clause_id]}})
    reply.say(f"《{doc.short_name}》“{section.title}”分为：{clip(listing, CONFIG.parts_chars)}"
              f"{source_line(env.kb, section.clause_id)}", citations=[citation(env.kb, section.clause_id)])
    return close_answer(reply, env.kb, doc.doc_id)
