""""Which stages / steps / measures are there?" from the documents' own structure: the titles of the parts
of the one section whose parts the question asks about (昌吉试点分几个阶段 → 三、实施步骤's four stages).
"""

from __future__ import annotations

import re

from bot.dialogue.catalog import bare
from bot.dialogue.messages import Reply, citation, clip, close_answer, source_line
from bot.kb.loader import KnowledgeBase
from bot.kb.model import Clause

# 分几个阶段, 有哪些保障措施, 实施步骤有哪几步: the kind of part asked about.
_ASK = r"(几个|哪几个|哪些|哪几|几大|几条|几项|几步|几块)"
# (措施 or 方面 alone would catch 对失能老人有哪些措施: only a section's own word counts)
_PART = r"(阶段|步骤|步|部分|保障措施|环节)"
PARTS_QUESTION = re.compile(_ASK + _PART + "|" + _PART + r"(有|包括|分|分为|是)" + _ASK)
PARTS_CHARS = 200


def _sections(kb: KnowledgeBase, doc_id: str, noun: str) -> list[tuple[Clause, list[Clause]]]:
    """Sections of the document that are about `noun`: their own title says it (实施步骤, 保障措施), or
    every one of their (two or more) parts does (动员部署阶段, 组织实施阶段 …)."""
    found = []
    for clause in kb.clauses_of(doc_id):
        parts = [c for c in kb.children(clause.clause_id) if c.title]
        if len(parts) >= 2 and (noun in clause.title or all(noun in c.title for c in parts)):
            found.append((clause, parts))
    return found


def parts_reply(kb: KnowledgeBase, question: str, region: str | None) -> Reply | None:
    """The list of a section's parts, cited, when exactly one section of the region's documents is about
    the kind of part asked for; None otherwise (the clause search answers)."""
    asked = bare(question)
    match = PARTS_QUESTION.search(asked)
    if match is None:
        return None
    noun = match.group(2) or match.group(3)
    noun = "步骤" if noun == "步" else noun  # 分几步: 实施步骤
    docs = kb.documents_for(region) if region else list(kb.documents.values())
    found = [s for doc in docs for s in _sections(kb, doc.doc_id, noun)]
    if len(found) != 1:
        return None  # none, or several documents' 保障措施: the search picks by the other words
    section, parts = found[0]
    listing = "；".join(f"{c.label}{c.title}" for c in parts)
    doc = kb.document_of(section.clause_id)
    reply = Reply(slots={"last_answer": {"question": question, "status": "answered",
                                         "clause_ids": [section.clause_id]}})
    reply.say(f"《{doc.short_name}》“{section.title}”分为：{clip(listing, PARTS_CHARS)}"
              f"{source_line(kb, section.clause_id)}", citations=[citation(kb, section.clause_id)])
    return close_answer(reply, kb, doc.doc_id)
