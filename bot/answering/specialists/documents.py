"""Specialists on documents themselves: 文号, issuer, dates, status and period from their metadata; questions on the
articles of a text the knowledge base does not hold."""

from __future__ import annotations

import re

from bot.answering.citations import citation, source_line, status_warning
from bot.answering.config import CONFIG
from bot.answering.env import Env
from bot.answering.reply import ASK_ELSEWHERE, HUMAN_BUTTON, Reply, clip
from bot.answering.words import ARTICLE_QUESTION, BASIS_QUESTION, DOC_FACT_QUESTION, DOC_NUMBER_SERIAL, DOC_SERIAL
from bot.kb.model import MissingText
from bot.kb.numerals import normalize_text
from bot.kb.search import normalize_query


def _chinese_date(iso: str | None) -> str | None:
    if not iso:
        return None
    year, month, day = (int(x) for x in iso.split("-"))
    return f"{year}年{month}月{day}日"


def _period(start: str | None, end: str | None) -> str | None:
    """A document's period in the words such texts use: 2021—2025年, or 2021年1月—12月 within one year."""
    if not (start and end):
        return None
    (y1, m1, _), (y2, m2, _) = (tuple(int(x) for x in d.split("-")) for d in (start, end))
    if y1 == y2:
        return f"{y1}年{m1}月—{m2}月"
    return f"{y1}—{y2}年" if (m1, m2) == (1, 12) else f"{y1}年{m1}月—{y2}年{m2}月"


def own_document(env: Env, region: str | None) -> str | None:
    """The region's document when it has exactly one of its own (温州 → the draft), else None."""
    docs = [d.doc_id for d in env.kb.documents.values() if region and d.region == region]
    return docs[0] if len(docs) == 1 else None


def named_document(env: Env, question: str) -> str | None:
    """The document whose 文号 the question quotes (海府办函〔2023〕105号), if any."""
    asked = normalize_text(question)
    for doc in env.kb.documents.values():
        if doc.doc_number and normalize_text(doc.doc_number) in asked:
            return doc.doc_id
    # "105号文", "161号文件": the serial number alone, when exactly one document has it
    serials = set(DOC_SERIAL.findall(asked))
    matches = [d.doc_id for d in env.kb.documents.values() if d.doc_number
               and any(re.search(DOC_NUMBER_SERIAL.format(n=n), normalize_text(d.doc_number)) for n in serials)]
    return matches[0] if len(matches) == 1 else None


def outline(env: Env, doc_id: str) -> str:
    """The numbered top-level headings of a document (一、指导思想；二、工作目标…)."""
    return "；".join(f"{c.label}{c.title}" for c in env.kb.clauses_of(doc_id) if c.level == 1 and c.label and c.title
                    and not c.label.startswith("附件"))


def front_clause(env: Env, doc_id: str) -> str:
    """The clause that stands for a document as a whole: its letterhead, else its notice, else its first."""
    return next((c for c in (f"{doc_id}:header", f"{doc_id}:notice") if c in env.kb.clauses),
                env.kb.clauses_of(doc_id)[0].clause_id)


def doc_fact_reply(env: Env, doc_id: str, with_outline: bool = False) -> Reply:
    """A document's 文号, issuer, dates and legal status, from its metadata in knowledge/documents, and on
    request the headings of its parts."""
    doc = env.kb.documents[doc_id]
    parts = [f"《{doc.title}》"]
    if doc.doc_number:
        parts.append(f"文号：{doc.doc_number}")
    parts.append(f"发文机关：{doc.issuer}")
    for label, value in (("签发", doc.dates.signed), ("发布", doc.dates.published), ("施行", doc.dates.effective)):
        if _chinese_date(value):
            parts.append(f"{label}：{_chinese_date(value)}")
    period = _period(doc.dates.period_start, doc.dates.period_end)
    if period and period not in doc.status_note:
        parts.append(f"实施期：{period}")
    parts.append(f"效力：{doc.status_note}" if doc.status != "in_force" else "效力：正式印发的文件")
    clause_id = front_clause(env, doc_id)
    reply = Reply(slots={"last_answer": {"question": "", "clause_ids": [clause_id], "status": "answered"}})
    reply.say("；".join(parts[:1]) + "\n" + "；".join(parts[1:]), citations=[citation(env.kb, clause_id)])
    headings = outline(env, doc_id) if with_outline else ""
    if headings:
        reply.say(clip(f"主要内容：{headings}。", CONFIG.max_bubble_chars))
    return reply


def _named_length(missing: MissingText, asked: str) -> int:
    """How long the longest of the text's names that the (normalised) question uses is; 0 when none."""
    return max((len(n) for n in (missing.title, *missing.aliases) if normalize_text(n) in asked), default=0)


def missing_text_reply(env: Env, question: str, region: str | None) -> Reply | None:
    """An honest reply to a question about the articles of a text the knowledge base does not hold (the
    海口 条例 itself, only its 宣贯 notice is here), instead of loosely related clauses."""
    asked = normalize_text(normalize_query(question))  # 條例第十條 too
    if not ARTICLE_QUESTION.search(asked):
        return None
    scopes = env.kb.covers(region) if region else [d.region for d in env.kb.documents.values()]
    named = sorted(((_named_length(m, asked), doc, m) for doc in env.kb.documents.values() if doc.region in scopes
                    for m in doc.missing_texts), key=lambda t: -t[0])
    named = [t for t in named if t[0]]
    if not named or (len(named) > 1 and named[1][0] == named[0][0]):
        return None  # none, or 条例 with no place: which one is not known
    _, doc, missing = named[0]
    clause_id = front_clause(env, doc.doc_id)
    reply = Reply(slots={"last_answer": {"question": question, "status": "not_specified"}})
    reply.say(f"{missing.note}我不能替您说《{missing.title}》的具体条文，免得说错；请以正式公布的全文为准。"
              f"{source_line(env.kb, clause_id)}\n{ASK_ELSEWHERE}", citations=[citation(env.kb, clause_id)],
              buttons=[HUMAN_BUTTON])
    warning = status_warning(env.kb, doc.doc_id)
    if warning:
        reply.say(warning)
    return reply


def asks_doc_fact(question: str) -> bool:
    """The question asks about a document itself (文号, dates, status), not about what it was based on."""
    normalized = normalize_query(question)
    return bool(DOC_FACT_QUESTION.search(normalized)) and not BASIS_QUESTION.search(normalized)
