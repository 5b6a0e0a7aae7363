""""Which document was this one based on?" (参照的省里文件, 依据的州级文件) from the document's own preamble:
the documents it cites by title and 文号 (为贯彻落实《…》(琼府办函〔2022〕328 号)…, 根据…《…》（昌州政办发…）).
"""

from __future__ import annotations

import re

from bot.dialogue.catalog import bare
from bot.dialogue.messages import Reply, citation, close_answer, source_line
from bot.kb.loader import KnowledgeBase
from bot.kb.model import Clause, Document

BASIS_QUESTION = re.compile(r"(根据|依据|参照|照着|依照|遵照)[^，,。？?]{0,14}(文件|通知|规定)|上位文件")
# The sentence of a preamble that names what the document implements.
BASIS_SENTENCE = re.compile(r"(贯彻落实|根据|依据|按照|参照)[^。]*?《[^。]*?。")
# One cited document: its title, and its 文号 in brackets when it follows.
CITED = re.compile(r"《[^》]+》(?:\s*[（(][^（）()]*?[〔\[]\d{4}[〕\]][^（）()]*?号\s*[）)])?")
# (以下简称《条例》) names no further document
SHORT_NAME_NOTE = re.compile(r"[（(]以下简称[^）)]*[）)]")
# The level of government a question asks about, and how a cited title or 文号 shows it.
LEVELS = ((re.compile(r"省"), re.compile(r"省|琼")), (re.compile(r"州"), re.compile(r"州")),
          (re.compile(r"中央|国家|国务院"), re.compile(r"中央|国务院|中办")))


def _basis(kb: KnowledgeBase, doc_id: str) -> tuple[Clause, list[str]] | None:
    """The clause that states what the document implements, and the documents it cites there."""
    for clause in kb.clauses_of(doc_id):
        sentence = BASIS_SENTENCE.search(clause.full_text)
        cited = CITED.findall(SHORT_NAME_NOTE.sub("", sentence.group(0))) if sentence else []
        if cited:
            return clause, cited
    return None


def _named_by(question: str, doc: Document) -> int:
    """How many of the document name's character pairs the question uses (基本养老方案 ~ 基本养老服务…方案)."""
    name = doc.short_name + doc.title
    return sum(question[i:i + 2] in name for i in range(len(question) - 1))


def _asked_level(question: str, cited: list[str]) -> list[str]:
    """The cited documents of the level the question names (省里哪个文件), or all of them."""
    for asked, shown in LEVELS:
        if asked.search(question):
            picked = [c for c in cited if shown.search(c)]
            return picked or cited
    return cited


def basis_reply(kb: KnowledgeBase, question: str, region: str | None) -> Reply | None:
    """The documents that the asked-about document implements, cited to its preamble; None when the
    question does not ask that, or the document it means is not plain or cites none."""
    asked = bare(question)
    if not BASIS_QUESTION.search(asked):
        return None
    docs = kb.documents_for(region) if region else list(kb.documents.values())
    ranked = sorted(docs, key=lambda d: -_named_by(asked, d))
    if not ranked or (len(ranked) > 1 and _named_by(asked, ranked[0]) == _named_by(asked, ranked[1])):
        return None
    doc = ranked[0]
    found = _basis(kb, doc.doc_id)
    if found is None:
        return None
    clause, cited = found
    reply = Reply(slots={"last_answer": {"question": question, "status": "answered",
                                         "clause_ids": [clause.clause_id]}})
    reply.say(f"《{doc.short_name}》依据的文件是：{'、'.join(_asked_level(asked, cited))}"
              f"{source_line(kb, clause.clause_id)}", citations=[citation(kb, clause.clause_id)])
    return close_answer(reply, kb, doc.doc_id)
