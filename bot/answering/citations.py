"""Citations for people and machines: the clause's label, the source line of an answer, the citation
dict of the API (ids for machines), and the status warning of a draft, an ended plan or a pilot."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.answering.reply import DETAILS_BUTTON, FEEDBACK_BUTTONS, Reply
from bot.answering.words import BOX_LABEL, LABELS
from bot.kb.loader import KnowledgeBase
from bot.kb.model import SPECIAL_SEGMENTS

# Chinese numerals that would run on after a digit (附件1 then 一、).
_CN_DIGITS = "一二三四五六七八九十"


def short_clause_label(kb: KnowledgeBase, clause_id: str) -> str:
    """A compact clause reference such as 三、(三)8. — the labels of the clause and its ancestors."""
    chain = [*reversed(kb.ancestors(clause_id)), kb.clauses[clause_id]]
    labels = ""
    for label in (c.label.strip() for c in chain if c.label and c.label.strip("—-·•:： ")):
        # "专栏8" then "1." must not read as 专栏81: separate digits that would run together.
        # (附件1 then 一、 must not read as 附件11 either)
        labels += ("·" if labels[-1:].isdigit() and (label[:1].isdigit() or label[:1] in _CN_DIGITS) else "") + label
    if labels:
        return labels.rstrip("、.．:：")
    segment = clause_id.rsplit(":", 1)[-1]
    # a preamble's heading is the document's own title: 开头 says where the words are
    return SPECIAL_SEGMENTS.get(segment) or kb.clauses[clause_id].heading.split(" › ")[-1]


def _label_words(label: str, in_list: bool) -> str | None:
    """One numbering label in words (三、 → 第三部分, 8. → 第8条), from passage_wording.yaml; None when no
    form matches (the label is then shown as printed)."""
    for pattern, words, list_words in LABELS:
        match = pattern.match(label.strip())
        if match:
            number = match.group(1) if match.groups() else ""
            return (list_words if in_list else words).format(n=number)
    return None


def clause_label(kb: KnowledgeBase, clause_id: str, with_document: bool = True) -> str:
    """Where a clause is, in words a person understands: 《温州市居家养老服务促进条例实施意见（征求意见稿）》
    第三部分（三）第8条 — the document's short title and the clause's numbering, never its id. Use it
    wherever a clause is cited to people (answers, result cards); ids stay in the API's citations."""
    if clause_id not in kb.clauses:
        return ""
    chain = [*reversed(kb.ancestors(clause_id)), kb.clauses[clause_id]]
    words, in_list = "", False
    for clause in chain:
        label = (clause.label or "").strip()
        said = _label_words(label, in_list) if label else ""
        words += label.rstrip("、.．:：") if said is None else said
        # items of a box (专栏) or of a table are its entries, not articles
        in_list = in_list or bool(clause.columns) or bool(BOX_LABEL.match(label))
    if not words:
        segment = clause_id.rsplit(":", 1)[-1]
        words = SPECIAL_SEGMENTS.get(segment) or kb.clauses[clause_id].heading.split(" › ")[-1]
    return f"《{kb.document_of(clause_id).short_name}》{words}" if with_document else words


def source_line(kb: KnowledgeBase, clause_id: str) -> str:
    """An answer's source, in words: （出处：《…实施意见（征求意见稿）》第三部分（三）第8条）."""
    return f"（出处：{clause_label(kb, clause_id)}）"


def citation(kb: KnowledgeBase, clause_id: str, quote: str | None = None) -> dict[str, Any]:
    """The API's citation of a clause: ids and the quote for machines, the label in words and the document's
    status (in_force / draft / plan_ended / pilot, with its note) for people."""
    doc = kb.document_of(clause_id)
    return {"doc_id": doc.doc_id, "clause_id": clause_id, "title": doc.short_name,
            "quote": quote if quote is not None else kb.clauses[clause_id].full_text,
            "label": clause_label(kb, clause_id), "status": doc.status, "status_note": doc.status_note}


def status_warning(kb: KnowledgeBase, doc_id: str) -> str | None:
    """The document's status note for anything not plainly in force (draft, ended plan, pilot)."""
    doc = kb.documents[doc_id]
    return None if doc.status == "in_force" else f"⚠️ {doc.status_note}"


def status_warnings(kb: KnowledgeBase, doc_ids: Iterable[str]) -> list[str]:
    """One warning per document, named, that is not plainly in force (for replies drawing on several)."""
    docs = [kb.documents[d] for d in dict.fromkeys(doc_ids)]
    return [f"⚠️ 《{doc.short_name}》：{doc.status_note}" for doc in docs if doc.status != "in_force"]


def scope_names(kb: KnowledgeBase, region: str) -> str:
    """Whose documents apply to a place, by name: 海口 → 海口市、海南省; 三亚 → 海南省."""
    return "、".join(kb.regions[s].name for s in kb.covers(region) if s in kb.regions)


def close_answer(reply: Reply, kb: KnowledgeBase, doc_id: str, notes: Iterable[str] = ()) -> Reply:
    """The end every cited answer shares: its 📌 notes, the document's status warning, and the 详细说明 and
    feedback buttons."""
    for note in notes:
        reply.say(f"📌 {note}")
    warning = status_warning(kb, doc_id)
    if warning:
        reply.say(warning)
    reply.add_buttons([DETAILS_BUTTON, *FEEDBACK_BUTTONS])
    return reply
