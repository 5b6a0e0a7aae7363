"""Passage text helpers: phrases, sentences, the offices-in-charge notes, list lengths."""

from __future__ import annotations

import re
from collections.abc import Collection

from bot.answering.words import RESPONSIBILITY_NOTE


def without_duties(text: str) -> str:
    """The text without its lists of offices in charge (unless that leaves nothing)."""
    return RESPONSIBILITY_NOTE.sub("", text).strip() or text


# A table row's labelled cell ([2025目标值：60%]) is one phrase: its label belongs to its value.
_CELL = re.compile(r"(\[[^\[\]]*\])")


def split_phrases(text: str) -> list[str]:
    pieces = []
    for part in _CELL.split(text):
        pieces += [part] if _CELL.fullmatch(part) else re.split(r"(?<=[，,；;。：:！？!?])", part)
    return [p for p in pieces if p.strip()]


def context_start(phrases: list[str], index: int, values: Collection[int] = (), limit: int | None = None) -> int:
    """Where the run of phrases leading up to phrase `index` starts: at the sentence start, after the
    previous value, or `limit` phrases back, whichever comes first."""
    start = index
    floor = 0 if limit is None else max(0, index - limit)
    while start > floor and start - 1 not in values and not phrases[start - 1].rstrip().endswith(_SENTENCE_ENDS):
        start -= 1
    return start


def sentence_of(phrases: list[str], index: int) -> str:
    start = context_start(phrases, index)
    stop = index
    while stop < len(phrases) - 1 and not phrases[stop].rstrip().endswith(_SENTENCE_ENDS):
        stop += 1
    return "".join(phrases[start:stop + 1])


def neighbourhood(phrases: list[str], index: int) -> str:
    """The sentence holding phrase `index` with the sentences just before and after it."""
    ends = [i for i, p in enumerate(phrases) if p.rstrip().endswith(_SENTENCE_ENDS)]
    before = [e for e in ends if e < index]
    after = [e for e in ends if e >= index]
    start = before[-2] + 1 if len(before) >= 2 else 0
    stop = after[1] + 1 if len(after) >= 2 else len(phrases)
    return "".join(phrases[start:stop])


_SENTENCE_ENDS = ("。", "！", "？", "!", "?")


def side_by_side(text: str, pairs: list[tuple[str, str]]) -> int:
    """How many of the question's neighbouring word pairs the text states close together (物业管养老 →
    物业+养老服务): of two windows naming the same words, the one where they go together says it."""
    return sum(1 for a, b in pairs if re.search(f"{re.escape(a)}.{{0,3}}{re.escape(b)}", text))


def sentence_cut(window: str, word: str) -> bool:
    """No sentence end follows the word's first place in the window: the window ends inside its sentence."""
    return not re.search(r"[。；;！？!?]", window[window.index(word):])


def enumerations(text: str, item_chars: int) -> list[str]:
    """The runs of items separated by 、 (生活照料、起居照护、康复辅助), items of at most ``item_chars`` characters."""
    item = f"[^、，,。；;：:（）()]{{1,{item_chars}}}"
    return re.findall(f"(?:{item}、)+{item}", text)


def list_length(text: str) -> int:
    """The number of items in the passage's longest enumeration (生活照料、起居照护、康复辅助 → 3)."""
    return max((run.count("、") + 1 for run in enumerations(text, 12)), default=0)


def only_listed(text: str, word: str, items: int) -> bool:
    """Every mention of ``word`` in ``text`` is an item of an enumeration of at least ``items`` things (服务项目包含
    …、老年人健康管理、…、高龄津贴 names 健康 only as one of many): the passage names it, it says nothing of it."""
    listed = [run for run in enumerations(text, 16) if run.count("、") + 1 >= items]
    inside = sum(run.count(word) for run in listed)
    return inside > 0 and inside == text.count(word)


BARE_FIGURE = re.compile(r"\d+(\.\d+)?")


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


SENTENCE = re.compile(r"(?<=[。；;！？!?])")
