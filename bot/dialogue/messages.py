"""Chat message helpers shared by every reply: bubbles, buttons, citations, status warnings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.kb.loader import KnowledgeBase
from bot.kb.model import SPECIAL_SEGMENTS

MAX_BUBBLE_CHARS = 120
ASK_ELSEWHERE = "具体请拨打12345政务服务便民热线，或咨询当地民政局。"

FEEDBACK_BUTTONS = [
    {"title": "👍 有帮助", "payload": '/feedback{"helpful":"yes"}'},
    {"title": "👎 没帮助", "payload": '/feedback{"helpful":"no"}'},
]
DETAILS_BUTTON = {"title": "详细说明", "payload": "/ask_details"}
# After the check results, the same request shows the per-condition checklist.
CHECKLIST_BUTTON = {"title": "看完整清单", "payload": "/ask_details"}
# What the conversation is about once a check has given its results (follow-ups, 看完整清单).
CHECK_LAST_ANSWER = {"status": "check", "question": "entitlement_check"}
HUMAN_BUTTON = {"title": "转人工", "payload": "/human_handoff"}
# The covered places, as quick replies to "which place?" (海南其他市县: the province's plan alone).
REGION_BUTTONS = [
    {"title": "海口", "payload": '/inform{"region":"haikou"}'},
    {"title": "海南其他市县", "payload": '/inform{"region":"hainan"}'},
    {"title": "温州", "payload": '/inform{"region":"wenzhou"}'},
    {"title": "昌吉", "payload": '/inform{"region":"changji"}'},
    {"title": "其他地方", "payload": '/inform{"region":"outside"}'},
]


@dataclass
class Reply:
    """Messages to send and slots to set; actions turn this into dispatcher calls and SlotSet events."""

    messages: list[dict[str, Any]] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)

    def say(self, text: str, buttons: list[dict] | None = None, citations: list[dict] | None = None) -> None:
        message: dict[str, Any] = {"text": text}
        if buttons:
            message["buttons"] = list(buttons)  # (a shared list of buttons must not change with this message)
        if citations:
            message["citations"] = citations
        self.messages.append(message)

    def add_buttons(self, buttons: list[dict]) -> None:
        if self.messages:
            self.messages[-1].setdefault("buttons", []).extend(buttons)

    def drop_button(self, button: dict) -> None:
        """Take a button off every message (帮我查查 while the check is already under way)."""
        for message in self.messages:
            if button in message.get("buttons", []):
                message["buttons"] = [b for b in message["buttons"] if b != button]


def merged(replies: list[Reply]) -> Reply:
    """The messages of several replies as one, each text once (the same draft warning follows each), with
    the buttons of the last; no slots, so what the conversation is about stays as it was."""
    out = Reply()
    for reply in replies:
        for message in reply.messages:
            if all(message["text"] != m["text"] for m in out.messages):
                out.messages.append({k: v for k, v in message.items() if k != "buttons"})
    last_buttons = replies[-1].messages[-1].get("buttons") if replies and replies[-1].messages else None
    if last_buttons:
        out.add_buttons(last_buttons)
    return out


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


def source_line(kb: KnowledgeBase, clause_id: str) -> str:
    doc = kb.document_of(clause_id)
    return f"（出处：《{doc.short_name}》{short_clause_label(kb, clause_id)}）"


def citation(kb: KnowledgeBase, clause_id: str, quote: str | None = None) -> dict[str, Any]:
    doc = kb.document_of(clause_id)
    return {"doc_id": doc.doc_id, "clause_id": clause_id, "title": doc.short_name,
            "quote": quote if quote is not None else kb.clauses[clause_id].full_text}


def status_warning(kb: KnowledgeBase, doc_id: str) -> str | None:
    """The document's status note for anything not plainly in force (draft, ended plan, pilot)."""
    doc = kb.documents[doc_id]
    return None if doc.status == "in_force" else f"⚠️ {doc.status_note}"


def status_warnings(kb: KnowledgeBase, doc_ids: Iterable[str]) -> list[str]:
    """One warning per document, named, that is not plainly in force (for replies drawing on several)."""
    docs = [kb.documents[d] for d in dict.fromkeys(doc_ids)]
    return [f"⚠️ 《{doc.short_name}》：{doc.status_note}" for doc in docs if doc.status != "in_force"]


def clip(text: str, limit: int = MAX_BUBBLE_CHARS, around: str | None = None) -> str:
    """Shorten text to about `limit` characters, keeping `around` (the key words) inside the window."""
    text = text.strip()
    if len(text) <= limit:
        return text
    start = 0
    if around and around in text:
        pos = text.index(around)
        start = max(0, min(pos - limit // 3, len(text) - limit))
        start = _phrase_start(text, start, pos)
    end = start + limit - 1
    # Never cut inside a number: a clipped "0898-6872…" would state a number the text does not have.
    while start > 0 and text[start].isdigit() and text[start - 1].isdigit():
        start -= 1
    while end < len(text) and text[end - 1].isdigit() and text[end].isdigit():
        end += 1
    return ("…" if start else "") + text[start:end] + "…"


def _phrase_start(text: str, start: int, keep: int) -> int:
    """Move a cut forward to the start of the next phrase (after ，、；。), so a snippet does not begin in
    the middle of a word — unless that would cut into the text at `keep`."""
    if start <= 0 or text[start - 1] in _PHRASE_ENDS:
        return start
    for i in range(start, min(keep, len(text))):
        if text[i] in _PHRASE_ENDS:
            return i + 1
    return start


_PHRASE_ENDS = "，、；。,;：:！？!?"
_CN_DIGITS = "一二三四五六七八九十"


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
