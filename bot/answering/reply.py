"""A reply: the chat messages to send (text, buttons, citations) and the slots to set; short bubbles."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.answering.config import CONFIG
from bot.answering.words import NUMERAL
from bot.kb.loader import KnowledgeBase

ASK_ELSEWHERE = "具体请拨打12345政务服务便民热线，或咨询当地民政局。"
# The opening of every answer whose passage does not state what was asked, then the nearest clause, marked.
NOT_ANSWERED = "收录的文件里没有直接回答这个问题，"
ABOUT_THIS = "这方面的"  # (没有写这方面的负责部门 — not twice when the missing words start with it: 这方面的补贴)
# how an answer's source line opens (citations.source_line)
SOURCE_OPEN = "（出处："
# how every admission opens (…直接回答这个问题 / …直接提到“洗澡” / …三亚自己的文件)
ADMISSION_START = "收录的文件里没有"
NEAREST = "最接近的规定是（仅供参考，不是对您问题的回答）："
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


def quick_replies(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """(region code, button title) of the places offered for "which place?", from knowledge/regions.yaml."""
    data = kb.data("regions") or {}
    return [(str(x["code"]), str(x["title"])) for x in data.get("quick_replies") or []]


def region_buttons(kb: KnowledgeBase) -> list[dict[str, str]]:
    """The covered places (and 其他地方) as quick replies to "which place?"."""
    return [{"title": title, "payload": f'/inform{{"region":"{code}"}}'} for code, title in quick_replies(kb)]


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


def clip(text: str, limit: int = CONFIG.max_bubble_chars, around: str | None = None, from_start: bool = False) -> str:
    """Shorten text to about `limit` characters, keeping `around` (the key words) inside the window (from the
    text's start when `from_start`, which the caller chose). The cut falls at a sentence end, else a phrase
    end, never inside a number, a quotation or brackets."""
    text = text.strip()
    if len(text) <= limit:
        return text
    start = 0
    if around and around in text and not from_start:
        pos = text.index(around)
        start = max(0, min(pos - limit // 3, len(text) - limit))
        start = _phrase_start(text, start, pos)
    # Never start inside a number: a clipped "0898-6872…" would state a number the text does not have.
    while start > 0 and NUMERAL.match(text[start]) and NUMERAL.match(text[start - 1]):
        start -= 1
    keep = text.index(around) + len(around) if around and around in text[start:] else start
    end = safe_end(text, start, limit, keep)
    tail = "" if end >= len(text) or text[end - 1] in SENTENCE_ENDS else "…"
    return ("…" if start else "") + text[start:end] + tail


SENTENCE_ENDS = "。；;！？!?"
# a figure: a digit, or two numerals in a row (四十五, not the 一 of 统一)
_FIGURE = re.compile(rf"\d|{NUMERAL.pattern}{{2,}}")
# Where a window may end when no sentence ends in its second half (not after a colon: what it announces follows).
_CUT_AFTER = "，、,。；;！？!?"
_CLOSERS = {"“": "”", "‘": "’", "（": "）", "(": ")", "【": "】", "[": "]", "《": "》", "「": "」"}


def _left_open(text: str) -> bool:
    """A quotation or bracket opened in the text is not closed in it."""
    stack: list[str] = []
    for ch in text:
        if ch in _CLOSERS:
            stack.append(_CLOSERS[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
    return bool(stack)


def safe_end(text: str, start: int, limit: int, keep: int = 0) -> int:
    """Where a window of about `limit` characters from `start` ends: at the end of the sentence, else of the
    phrase, it is in, when that comes within CONFIG.window_overrun_chars; else at the last sentence or phrase
    end of its second half (after `keep`); never inside a number, a quotation or brackets."""
    end = start + limit - 1
    if end >= len(text):
        return len(text)
    reach = min(len(text), end + CONFIG.window_overrun_chars)
    floor = max(keep, start + limit // 2)

    def first(positions: range, ends: str) -> int | None:
        return next((i for i in positions if text[i - 1] in ends and not _left_open(text[start:i])), None)

    sentence = first(range(end, reach + 1), SENTENCE_ENDS)
    if sentence:
        return sentence
    phrase = first(range(end, reach + 1), _CUT_AFTER)
    back = first(range(end, floor, -1), SENTENCE_ENDS)
    # a cut inside a sentence keeps its part only when that part states a figure (…赡养人死亡…的重度失能失智老年人，
    # 每月可以享受不少于四十五小时…，); a part that is only its condition (…无力进行赡养的重度失能失智老年人，) ends the
    # window at the sentence before it
    if phrase and (back is None or _FIGURE.search(text[sentence_start(text, phrase - 1):phrase])):
        return phrase
    cut = back or first(range(end, floor, -1), _CUT_AFTER)
    if cut:
        return cut
    while end < len(text) and NUMERAL.match(text[end - 1]) and NUMERAL.match(text[end]):
        end += 1
    return end


def sentence_start(text: str, at: int) -> int:
    """Where the sentence holding position ``at`` begins."""
    while at > 0 and text[at - 1] not in SENTENCE_ENDS:
        at -= 1
    return at


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
