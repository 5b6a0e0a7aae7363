"""The agent's suggested script: what the pipeline answered, said aloud — key fact first, then the source and
the document's status in words; or an honest "文件里没有写" with whom to ask. It only rearranges the answer's
own words and the knowledge base's metadata: it states no number of its own (12345 aside)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.agent import answering
from bot.agent.answering import ANSWERED, ASK_REGION, NOT_SPECIFIED, OUTSIDE, Answer
from bot.kb.yamlio import read_yaml

WORDS_FILE = Path(__file__).with_name("script_words.yaml")
KEY_MARK = re.compile(r"【([^】]+)】…?")
MARKS = re.compile(r"^[⚠️📌\s]+")
WARNING_MARK = "⚠️"


@lru_cache(maxsize=1)
def words() -> dict[str, Any]:
    return read_yaml(WORDS_FILE)


@lru_cache(maxsize=8)
def pattern(name: str) -> re.Pattern[str]:
    """A pattern of script_words.yaml: source_note, silence (the documents do not say), referral, place_suffix."""
    return re.compile(words()["patterns"][name])


def place_name(code: str | None) -> str:
    """温州市 → 温州, 海南省 → 海南: the region as a person says it."""
    kb = answering.kb()
    region = kb.regions.get(code or "")
    name = region.name if region else (code or "")
    return pattern("place_suffix").sub("", name) if len(name) > 2 else name


def status_sentence(doc_id: str) -> str:
    doc = answering.kb().documents[doc_id]
    template = words()["status"].get(doc.status, "")
    start = (doc.dates.period_start or doc.dates.signed or doc.dates.published or "")[:4]
    end = (doc.dates.period_end or "")[:4]
    if "{end}" in template and not (start and end):
        template = re.sub(r"（[^）]*\{end\}[^）]*）", "", template)
    if "{start}" in template and not start:
        template = template.replace("{start}年", "")
    return template.format(place=place_name(doc.region), start=start, end=end)


def spoken(text: str) -> str:
    """A bubble's text as one readable passage, key fact first: no source note, no 【】 marker, no emoji, no
    12345 referral (the agent is the hotline)."""
    text = without_referral(MARKS.sub("", pattern("source_note").sub("", text)).strip())
    match = KEY_MARK.search(text)
    if match:
        before, rest = text[:match.start()].strip(), text[match.end():].strip()
        key = match.group(1).strip("。；，")
        if pattern("silence").search(before):
            # "收录的文件里没有直接提到“洗澡”。最相关的规定是：" — what the documents do not say comes first
            lead = f"{before}{key}。"
        else:
            if before.endswith(("：", ":")):  # an introduction to the key fact, which now comes first
                before = before[:before.rfind("。") + 1]
            lead = f"{key}。{before}" if before else f"{key}。"
        text = words()["key_then_text"].format(key=lead.rstrip("。"), text=rest) if rest else lead
    text = text.replace("\n", " ").strip()
    return text if text.endswith(("。", "！", "？", "…", "；")) else text + "。"


def without_referral(text: str) -> str:
    """The text without its sentence that sends the caller to 12345 (the script ends with its own referral)."""
    def cut(match: re.Match[str]) -> str:  # (…请问当地民政局或拨打12345。下面是… keeps its full stop)
        before = match.string[:match.start()].rstrip("，,")
        ends = match.group(0).endswith(("。", "！", "？"))
        return "。" if ends and before and not before.endswith(("。", "！", "？", "：", "\n")) else ""

    return pattern("chat_only").sub("", pattern("referral").sub(cut, text)).replace("，。", "。").strip()


def silence_sentences(text: str) -> str:
    """Of an answer that the documents do not state the thing asked, only what says so: the related clauses
    it goes on to quote (with their figures, true but not the answer) are left to the sources panel."""
    text = MARKS.sub("", pattern("source_note").sub("", without_referral(text)))
    sentences = re.findall(r"[^。！？]+[。！？]?", text)
    return "".join(s.strip() for s in sentences if pattern("silence").search(s) and not s.strip().endswith(("：", ":")))


def cited_docs(answer: Answer) -> list[tuple[str, str]]:
    """(doc_id, clause_id) of every citation, in order, once each."""
    seen: dict[tuple[str, str], None] = {}
    for message in answer.messages:
        for cite in message.get("citations") or []:
            if cite.get("doc_id") and cite.get("clause_id"):
                seen.setdefault((cite["doc_id"], cite["clause_id"]), None)
    return list(seen)


def build_script(answer: Answer, region: str | None, place_outside: str | None = None,
                 answered_in: list[str] | None = None) -> str:
    w = words()
    if answer.status == OUTSIDE:
        return w["outside"].format(place=place_outside or "这个地方") + w["referral"]
    if answer.status == ASK_REGION:
        places = "、".join(place_name(code) for code in answered_in or [])
        return w["ask_region"] + (w["answered_in"].format(places=places) if places else "")
    bubbles = [m["text"] for m in answer.messages if m.get("text") and not m["text"].startswith(WARNING_MARK)]
    if answer.status == ANSWERED and cited_docs(answer):
        parts = [spoken(b) for b in bubbles]
        partly_silent = any(pattern("silence").search(b) for b in bubbles)
        for doc_id in dict.fromkeys(d for d, _ in cited_docs(answer)):
            clause_id = next(c for d, c in cited_docs(answer) if d == doc_id)
            document = answering.kb().documents[doc_id].short_name
            parts.append(w["source"].format(document=document, label=answering.clause_label(clause_id)))
            parts.append(status_sentence(doc_id))
        if partly_silent:
            parts.append(w["referral"])  # the nearest clause, not the thing asked: say whom to ask
        return "".join(parts)
    if answer.status == NOT_SPECIFIED:
        said = "".join(silence_sentences(b) for b in bubbles)
        related = w["see_sources"] if cited_docs(answer) else ""
        lead = "" if said.startswith(w["not_specified"].rstrip("。")) else w["not_specified"]
        return lead + said + related + w["referral"]
    place = "、".join(place_name(s) for s in answering.kb().covers(region)) if region else ""
    return w["unanswered"].format(place=place) + w["referral"]
