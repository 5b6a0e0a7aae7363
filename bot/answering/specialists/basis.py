""""Which document was this one based on?" (参照的省里文件, 依据的州级文件) from the document's own preamble:
the documents it cites by title and 文号 (为贯彻落实《…》(琼府办函〔2022〕328 号)…, 根据…《…》（昌州政办发…）).
"""

from __future__ import annotations

from bot.answering.citations import citation, close_answer, source_line
from bot.answering.env import Env
from bot.answering.reply import Reply
from bot.answering.specialists.catalog import bare
from bot.answering.words import BASIS_QUESTION, BASIS_SENTENCE, CITED, LEVELS, SHORT_NAME_NOTE
from bot.kb.model import Clause, Document


def _basis(env: Env, doc_id: str) -> tuple[Clause, list[str]] | None:
    """The clause that states what the document implements, and the documents it cites there."""
    for clause in env.kb.clauses_of(doc_id):
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


def basis_reply(env: Env, question: str, region: str | None) -> Reply | None:
    """The documents that the asked-about document implements, cited to its preamble; None when the
    question does not ask that, or the document it means is not plain or cites none."""
    asked = bare(question)
    if not BASIS_QUESTION.search(asked):
        return None
    docs = env.kb.documents_for(region) if region else list(env.kb.documents.values())
    ranked = sorted(docs, key=lambda d: -_named_by(asked, d))
    if not ranked or (len(ranked) > 1 and _named_by(asked, ranked[0]) == _named_by(asked, ranked[1])):
        return None
    doc = ranked[0]
    found = _basis(env, doc.doc_id)
    if found is None:
        return None
    clause, cited = found
    reply = Reply(slots={"last_answer": {"question": question, "status": "answered",
                                         "clause_ids": [clause.clause_id]}})
    reply.say(f"《{doc.short_name}》依据的文件是：{'、'.join(_asked_level(asked, cited))}"
              f"{source_line(env.kb, clause.clause_id)}", citations=[citation(env.kb, clause.clause_id)])
    return close_answer(reply, env.kb, doc.doc_id)
