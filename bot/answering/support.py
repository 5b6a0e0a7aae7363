"""Stage *support*: a second passage of the same document that the search ranks close to the answer's and that
says something the answer's window does not (公办养老院能不能住 → 床位仍有空余的…普惠服务, next to the clause on
whom the homes serve first). Users ask in their own words; the clause the ranking put first often answers one side
of the question and its neighbour the other. The second passage is shown as such, with its own source."""

from __future__ import annotations

import re

from bot.answering.compose import cited_answer
from bot.answering.config import CONFIG
from bot.answering.env import Env
from bot.answering.extract import key_fact
from bot.answering.question import Question
from bot.answering.reply import ADMISSION_START, SOURCE_OPEN, Reply
from bot.answering.text import compact
from bot.answering.topics import is_answer, names, other_people, rare_topic_words
from bot.answering.words import KINDS
from bot.kb.search import SearchHit, normalize_query
from bot.kb.vocabulary import QuestionKind

ALSO = "相关的还有一条："


def supporting_hit(env: Env, question: Question, hits: list[SearchHit], shown: str,
                   kind: QuestionKind | None) -> tuple[SearchHit, str] | None:
    """The first close passage of the answer's document, on the question's topic, whose window (cut as an answer
    would be) names a topic word the shown answer does not, with that window; ``kind`` is the kind of fact asked."""
    best = hits[0]
    words = rare_topic_words(env, question.focus or question.simplified)[:CONFIG.support_words]
    said = normalize_query(shown)
    for hit in hits[1:CONFIG.support_among]:
        if hit.clause_id is None or hit.clause_id == best.clause_id or hit.doc_id != best.doc_id:
            continue
        if hit.score < CONFIG.support_ratio * best.score or not is_answer(env, hit, question.simplified):
            continue
        other = cited_answer(env, question.simplified, [hit], focus=question.focus)
        last = other.slots.get("last_answer", {})
        window = str(last.get("answer") or "")
        if last.get("status") != "answered" or not window or ADMISSION_START in window:
            continue
        body = compact(window.split(SOURCE_OPEN)[0])
        if SOURCE_OPEN not in window or _repeats(body, compact(shown)) or other_people(question.simplified, window):
            continue
        # as much on the question's topic as the answer, and something of it the answer does not say
        said_words = {w for w in words if names(env, w, said)}
        its_words = {w for w in words if names(env, w, normalize_query(window))}
        if len(its_words) < max(1, len(said_words)) or not (its_words - said_words or (
                len(its_words) >= 2 and its_words >= said_words)):
            continue
        if kind is not None and key_fact(env, window, kind, question.simplified, question.focus) is None:
            continue  # the value asked, when the answer lacks it, is what the second passage must bring
        return hit, window
    return None


def _repeats(body: str, shown: str) -> bool:
    """Most of the passage's character pairs are already in the answer (a task table's row restating the
    clause shown, or the clause containing the row)."""
    body = re.sub(r"\[[^\[\]]*\]", "", body)  # (a row's labelled cells: its columns say nothing new)
    pairs = {body[i:i + 2] for i in range(len(body) - 1)}
    return not pairs or body in shown or shown in body or (
        sum(p in shown for p in pairs) / len(pairs) >= CONFIG.support_overlap)


def with_support(env: Env, question: Question, hits: list[SearchHit], reply: Reply) -> Reply:
    """The answer with the supporting passage after its own bubbles (before its notes and warning)."""
    last = reply.slots.get("last_answer", {})
    if last.get("status") != "answered" or len(hits) < 2:
        return reply
    shown = str(last.get("answer") or "")
    kind = KINDS.get(question.kind or "")
    if kind is not None and kind.fact is None:
        return reply
    if kind is not None and key_fact(env, shown, kind, question.simplified, question.focus):
        return reply  # the value asked is in the answer (护理型床位占比多少 → 不低于60%)
    found = supporting_hit(env, question, hits, shown, kind)
    if found is None:
        return reply
    hit, window = found
    at = next((i for i, m in enumerate(reply.messages) if m["text"].startswith(("📌", "⚠️"))), len(reply.messages))
    reply.messages.insert(at, {"text": ALSO + window})
    last["support"] = hit.clause_id
    return reply
