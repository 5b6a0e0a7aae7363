"""The assist service behind ``POST /api/agent/suggest``: the caller's words in, and out

    {"script", "sources", "facts", "results", "ask_caller"}  (+ "status", "topic", "fact_list", "notice")

``suggest`` is a plain function (no HTTP, no database): ``make eval`` and ``make bench`` call it directly.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jieba

from bot.agent import answering, facts
from bot.agent.answering import ANSWERED, ASK_REGION, UNANSWERED
from bot.agent.script import build_script, cited_docs, status_sentence, words
from bot.kb.model import REGION_SCOPES
from bot.kb.yamlio import read_yaml
from bot.privacy import mask_personal_numbers
from bot.rules import check, field_question
from bot.rules.result import ELIGIBLE, LIKELY, NEED_INFO, NOT_ELIGIBLE

VERDICTS = {ELIGIBLE: "可以享受", LIKELY: "评估后可能可以", NEED_INFO: "还需问清", NOT_ELIGIBLE: "不符合"}
MAX_ASK = 5
MAX_SOURCES = 3
TOPICS_FILE = Path(__file__).with_name("topics.yaml")
OUTSIDE_PLACE = "这个地方"



def suggest(text: str, region: str | None = None, profile: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything the ask panel shows for the caller's words. ``region`` is what the agent chose (a code or
    name, covered); ``profile`` the checklist as the agent edited it (its values win over detected ones, a
    None clears one)."""
    text = mask_personal_numbers(text).strip()
    detected = facts.detect(text)
    if region:
        detected["region"] = region
    merged = facts.valid_only({**detected, **(profile or {})})
    merged = {k: v for k, v in merged.items() if v is not None}
    place = answering.outside_place(text)
    covered = merged.get("region") if merged.get("region") and answering.kb().covers(str(merged["region"])) else None
    # the agent chose 其他地方: the caller is outside the documents' places, whatever else the words name
    chosen_outside = bool(region) and covered is None
    if chosen_outside:
        place = place or OUTSIDE_PLACE
    answer = answering.answer(text, covered, place if place and (not region or chosen_outside) else None)
    answered_in: list[str] = []
    if answer.status == ASK_REGION:
        # The documents differ by place: which places' documents answer? None → the documents are silent.
        answered_in = [scope for scope in REGION_SCOPES if answering.answer(text, scope).status == ANSWERED]
        if not answered_in:
            answer = answering.Answer(status=UNANSWERED)
    checked = check_profile(merged)
    return {
        "script": build_script(answer, covered, place, answered_in),
        "sources": sources(answer, text),
        "facts": merged,
        "fact_list": facts.labelled(merged),
        "results": checked["results"],
        "ask_caller": checked["ask_caller"],
        "notice": checked["notice"],
        "status": answer.status,
        "topic": suggest_topic(text),
    }


def check_profile(profile: dict[str, Any]) -> dict[str, Any]:
    """The rules engine's verdicts on a profile, for the checklist; and what to ask the caller next."""
    report = check(profile)
    results = [result_view(r) for r in report.results]
    ask: list[dict[str, str]] = []
    if not profile.get("region"):
        ask.append({"field": "region", "question": "老人户籍和居住在哪个市县？"})
    for result in report.results:
        for name in result.missing:
            if len(ask) < MAX_ASK and all(a["field"] != name for a in ask):
                ask.append({"field": name, "question": field_question(name)})
    return {"results": results, "ask_caller": ask, "notice": report.notice or ""}


def result_view(result: Any) -> dict[str, Any]:
    kb = answering.kb()
    data = result.to_dict()
    cites = []
    for cite in result.citations[:3]:
        doc = kb.documents[cite.doc_id]
        cites.append({"doc_id": cite.doc_id, "clause_id": cite.clause_id, "document": doc.short_name,
                      "label": answering.clause_label(cite.clause_id), "quote": cite.quote})
    data.update(verdict=VERDICTS.get(result.status, result.status), amount=str(result.amount or "") or None,
                citations=cites, questions=list(result.questions), content=result.content)
    return data


def sources(answer: answering.Answer, question: str) -> list[dict[str, Any]]:
    kb = answering.kb()
    quotes = {c["clause_id"]: c.get("quote") or "" for m in answer.messages for c in m.get("citations") or []}
    out = []
    for doc_id, clause_id in cited_docs(answer)[:MAX_SOURCES]:
        doc = kb.documents[doc_id]
        clause = kb.clauses.get(clause_id)
        text = clause.full_text if clause else quotes.get(clause_id, "")
        label = answering.clause_label(clause_id)
        out.append({
            "doc_id": doc_id, "clause_id": clause_id, "document": doc.short_name, "title": doc.title,
            "label": label, "text": text, "quote": quotes.get(clause_id, ""), "status": doc.status,
            "status_words": status_sentence(doc_id), "warning": "" if doc.in_force else doc.status_note,
            "highlights": highlights(question, text),
            "copy_text": f"《{doc.short_name}》{label}：{text}",
        })
    return out


def highlights(question: str, text: str) -> list[str]:
    """The question's words (jieba's segmentation) that the clause also has, neighbours that the clause has
    side by side joined into one run (免费 + 服务 → 免费服务)."""
    found: list[str] = []
    for piece in re.findall(r"[\u4e00-\u9fffA-Za-z0-9]+", question):
        run = ""
        for word in jieba.lcut(piece):
            if run and run + word in text:
                run += word
                continue
            if len(run) >= 2 and run not in function_words():
                found.append(run)
            # (a user dictionary may join 失能老人 into one word: its longest head the clause has still counts)
            run = word if word in text else _head_in(word, text)
        if len(run) >= 2 and run not in function_words():
            found.append(run)
    return list(dict.fromkeys(found))


def _head_in(word: str, text: str) -> str:
    return next((word[:n] for n in range(len(word) - 1, 1, -1) if word[:n] in text), "")


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    return frozenset(words()["function_words"])


@lru_cache(maxsize=1)
def _topics() -> list[dict[str, Any]]:
    return read_yaml(TOPICS_FILE)["topics"]


def topic_names() -> list[str]:
    return [t["name"] for t in _topics()]


def suggest_topic(text: str) -> str:
    for topic in _topics():
        if any(word in text for word in topic["words"]):
            return topic["name"]
    return _topics()[-1]["name"]
