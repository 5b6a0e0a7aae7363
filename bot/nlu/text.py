"""Normalise what users type before anything else reads it (pure Python: no Rasa, no spaCy).

``normalize_user_text("我們家老爺子八十五歲了")`` → ``"我们家老爷子85岁了"``. Steps, in this order:

1. invisible characters (zero-width space/joiner, BOM) are removed;
2. full-width → half-width for letters, digits, the ideographic space and the ASCII-like symbols
   ``％＋－．／＝＠＃＄＆＊＜＞＾＿｀｜～`` (``１３８－１２３４`` → ``138-1234``). Punctuation used in Chinese
   prose is **kept as typed**: ``，。！？：；、（）【】「」“”‘’`` stay Chinese and ``,.!?`` stay ASCII, so the
   training data keeps the punctuation its authors wrote and the intent classifier sees what users send;
3. traditional → simplified characters (OpenCC ``t2s``; 歲 → 岁, 戶口 → 户口, 癱 → 瘫), then Cantonese characters
   → the Mandarin ones they mean (佢唔想去 → 他不想去; knowledge/nlu/kept_words.yaml);
4. whitespace: every run of spaces, tabs, line breaks becomes one space; a space between two Chinese
   characters (voice input, "瘫 在 床上") is removed, or becomes "，" between two runs of three or more
   (有时候认不得人 家里吃低保: a pause between clauses); leading and trailing spaces are dropped;
5. Chinese numerals that are ages or amounts → digits, with :func:`bot.kb.numerals.normalize_numbers`
   (八十五岁 → 85岁, 九十多岁 → 90多岁, 快九十了 → 快90了, 每月三百块 → 每月300块, 一级残疾 → 1级残疾) plus
   the
   classical age form 六十有五 → 65. Idioms and everyday words that contain numerals are kept
   (七老八十, 一个人, 两个人, 一家人, 一辈子, 三无, 五保, 三天两头 …: see knowledge/nlu/kept_words.yaml).

Messages that start with ``/`` (``/inform{"region": "温州"}``: buttons and intent payloads) are left alone.
The function is idempotent: normalising normalised text changes nothing.

:func:`normalize_with_alignment` also returns an :class:`Alignment` that maps character offsets between
the original and the normalised text; the Rasa component (:mod:`bot.nlu.normalizer`) uses it to move the
entity annotations of the training examples, and the profile extractor to report offsets in the text it
was given.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from bot.kb.numerals import normalize_numbers, protect_words, restore_words
from bot.kb.yamlio import read_yaml

# Everyday words and idioms that contain numeral characters but are not ages or amounts. normalize_numbers
# would otherwise turn 一个人住 into 1个人住 (个 is a measure word) and 七老八十 into 七老80.
KEPT_WORDS_FILE = Path(__file__).resolve().parents[2] / "knowledge" / "nlu" / "kept_words.yaml"


@functools.lru_cache(maxsize=1)
def _normaliser_words() -> dict[str, Any]:
    """knowledge/nlu/kept_words.yaml, read once for the kept words and the dialect table."""
    return read_yaml(KEPT_WORDS_FILE) or {}


@functools.lru_cache(maxsize=1)
def kept_words() -> tuple[str, ...]:
    """Everyday words and idioms that contain numeral characters but are not ages or amounts
    (knowledge/nlu/kept_words.yaml): normalize_numbers would otherwise turn 一个人住 into 1个人住."""
    return tuple(str(w) for w in _normaliser_words().get("words") or ())

@functools.lru_cache(maxsize=1)
def _dialect() -> tuple[Optional[re.Pattern[str]], dict[str, str], dict[int, str]]:
    """Cantonese words and characters → the Mandarin ones they mean (knowledge/nlu/kept_words.yaml)."""
    data = _normaliser_words()
    words = {str(k): str(v) for k, v in (data.get("dialect_words") or {}).items()}
    uneven = [k for k, v in words.items() if len(k) != len(v)]
    if uneven:  # offsets must stay aligned
        raise ValueError(f"{KEPT_WORDS_FILE}: dialect_words of another length: {', '.join(uneven)}")
    pattern = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True)))) if words else None
    return pattern, words, str.maketrans({str(k): str(v) for k, v in (data.get("dialect_characters") or {}).items()})


@functools.lru_cache(maxsize=1)
def _english() -> tuple[Optional[re.Pattern[str]], dict[str, str]]:
    """English words users mix in → the Chinese words the readers use (knowledge/nlu/kept_words.yaml)."""
    words = {str(k).lower(): str(v) for k, v in (_normaliser_words().get("english_words") or {}).items()}
    if not words:
        return None, {}
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    # (the space after a word goes with it: 有没有 探访关爱服务 would read as two clauses)
    return re.compile(f"(?<![A-Za-z])({alternation})(?![A-Za-z]) ?", re.IGNORECASE), words


def to_chinese_words(text: str) -> str:
    """My grandma lives in Haikou … home visit service? → My 奶奶 lives in 海口 … 探访关爱服务?: the English words
    of elder-care talk read as the Chinese ones (the offsets move: see :func:`normalize_with_alignment`)."""
    pattern, words = _english()
    if pattern is None or not any("a" <= c.lower() <= "z" for c in text):
        return text
    return pattern.sub(lambda m: words[m.group(1).lower()], text)


def to_mandarin(text: str) -> str:
    """边度有得食 → 哪里有得食, 佢唔想去 → 他不想去: dialect words and characters read as Mandarin, offsets
    unchanged."""
    pattern, words, table = _dialect()
    if pattern is not None:
        text = pattern.sub(lambda m: words[m.group(0)], text)
    return text.translate(table)


_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_FULLWIDTH_KEEP = set("，。！？：；、（）【】「」『』“”‘’《》〈〉［］｛｝＂＇")
_WS = re.compile(r"\s+")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # the Chinese characters' blocks (a script, no vocabulary)
_CJK = _HAN + "\u3000-\u303f\uff00-\uff0f\uff1a-\uff20"
_CJK_SPACE = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_CN_DIGIT = "一二三四五六七八九"
# 六十有五 → 65, 八十有二 → 82 (classical "sixty and five"); not 八十有余 (that is 80-odd).
_YOU_AGE = re.compile(f"(?<![{_CN_DIGIT}十百])([二三四五六七八九]十|一百)有([{_CN_DIGIT}])(?![十百千万])")
_PRIVATE_BASE = 0xF000  # private use area; bot.kb.numerals uses 0xE000…


def _fullwidth_to_halfwidth(text: str) -> str:
    out = []
    for ch in text:
        code = ord(ch)
        if ch == "\u3000":
            out.append(" ")
        elif 0xFF01 <= code <= 0xFF5E and ch not in _FULLWIDTH_KEEP:
            out.append(chr(code - 0xFEE0))
        else:
            out.append(ch)
    return "".join(out)


@functools.lru_cache(maxsize=1)
def _opencc() -> Any:
    try:
        import opencc
    except ImportError:  # pragma: no cover - OpenCC is in requirements.lock
        return None
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified with OpenCC t2s; character by character when a phrase rule would change the
    length (so that offsets stay aligned)."""
    converter = _opencc()
    if converter is None or not text:
        return text
    converted = converter.convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(c if len(c := converter.convert(ch)) == 1 else ch for ch in text)


# A space between two runs of Chinese characters at least this long stands for a pause between clauses (WeChat
# typing: 有时候认不得人 家里吃低保), not for voice input splitting words (瘫 在 床上): it becomes a comma, so that
# words of two clauses are not joined into a third (认不得人家里 → 人家).
CLAUSE_RUN = 3
_HAN_RUN_BEFORE = re.compile(f"[{_HAN}]+$")
_HAN_RUN_AFTER = re.compile(f"[{_HAN}]+")


def _space_between(text: str, at: int) -> str:
    before = _HAN_RUN_BEFORE.search(text, 0, at)
    after = _HAN_RUN_AFTER.match(text, at + 1)
    long_runs = before and after and min(len(before.group(0)), len(after.group(0))) >= CLAUSE_RUN
    return "，" if long_runs or _number_alone(text, before, after) else ""


def _number_alone(text: str, before: re.Match[str] | None, after: re.Match[str] | None) -> bool:
    """A run of numerals with a space or an end on both sides (龙华 七十二 低保, 住鹿城 七十六) is an age or an amount
    told as a note: a clause of its own, so that it is not joined to the words after it (72低保). Not before a
    unit (八十 岁: voice input splitting)."""
    if after is not None and _NUMERALS_RUN.fullmatch(after.group(0)):
        end = after.end()
        following = _HAN_RUN_AFTER.match(text, end + 1) if end < len(text) and text[end] == " " else None
        return end == len(text) or (text[end] == " " and not _a_unit(following.group(0) if following else ""))
    if before is not None and _NUMERALS_RUN.fullmatch(before.group(0)):
        start = before.start()
        unit = after is not None and _a_unit(after.group(0))
        return not unit and (start == 0 or text[start - 1] == " ")
    return False


def _a_unit(run: str) -> bool:
    """The words after a number said alone are its unit (八十 岁, 八十 多岁), not a clause (分散供养特困)."""
    units, short = _numeral_units()
    return run.startswith(units) or (len(run) <= SHORT_UNIT_RUN and run.startswith(short))


SHORT_UNIT_RUN = 2  # 多岁, 个月: a unit that also begins longer words, with one character after it at most


_NUMERALS_RUN = re.compile(f"[{_CN_DIGIT}十百两零]+")


@functools.lru_cache(maxsize=1)
def _numeral_units() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Words that may follow a number said alone (knowledge/nlu/kept_words.yaml ``numeral_units``), and those that
    do only before a word or two (``numeral_units_short``)."""
    words = _normaliser_words()
    return (tuple(str(w) for w in words.get("numeral_units") or ()),
            tuple(str(w) for w in words.get("numeral_units_short") or ()))


def _collapse_whitespace(text: str) -> str:
    text = _WS.sub(" ", text)
    return _CJK_SPACE.sub(lambda m: _space_between(text, m.start()), text).strip()


def _cn_int(numeral: str) -> int:
    table = {c: i + 1 for i, c in enumerate(_CN_DIGIT)}
    if numeral == "一百":
        return 100
    return table[numeral[0]] * 10  # 六十 → 60


def _numerals(text: str) -> str:
    text = _YOU_AGE.sub(lambda m: str(_cn_int(m.group(1)) + _CN_DIGIT.index(m.group(2)) + 1), text)
    text, mapping = protect_words(text, kept_words(), base=_PRIVATE_BASE)
    return restore_words(normalize_numbers(text), mapping)


STEPS: tuple[Callable[[str], str], ...] = (
    lambda t: _ZERO_WIDTH.sub("", t),
    _fullwidth_to_halfwidth,
    to_chinese_words,
    to_simplified,
    to_mandarin,
    _collapse_whitespace,
    _numerals,
)


# ---------------------------------------------------------------------------------------------- alignment


@dataclass(frozen=True)
class Alignment:
    """Character offsets between an original text and its normalised form.

    ``sources[k]`` is the (start, end) range of the original text that normalised character k came from.
    """

    original: str
    normalized: str
    sources: tuple[tuple[int, int], ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original range of normalised range [start, end)."""
        if not self.sources:
            return 0, 0
        if end <= start:
            pos = self.sources[start][0] if start < len(self.sources) else len(self.original)
            return pos, pos
        return self.sources[start][0], self.sources[end - 1][1]

    def to_normalized(self, start: int, end: int) -> tuple[int, int]:
        """The normalised range of original range [start, end) (empty when it was removed entirely)."""
        new_start = next((k for k, (_s, e) in enumerate(self.sources) if e > start), len(self.sources))
        new_end = next((k + 1 for k in range(len(self.sources) - 1, -1, -1) if self.sources[k][0] < end),
                       0)
        return new_start, max(new_start, new_end)


def _realign(old: str, new: str, sources: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if old == new:
        return sources
    out: list[tuple[int, int]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(sources[i1:i2])
        elif tag in ("replace", "insert"):
            if i2 > i1:
                span = (sources[i1][0], sources[i2 - 1][1])
            else:
                pos = sources[i1 - 1][1] if i1 > 0 else (sources[0][0] if sources else 0)
                span = (pos, pos)
            out.extend([span] * (j2 - j1))
        # "delete": nothing in the new text
    return out


def normalize_with_alignment(text: Optional[str]) -> Alignment:
    """Normalise ``text`` (see the module docstring) and keep track of character offsets."""
    text = text or ""
    sources = [(i, i + 1) for i in range(len(text))]
    if text.startswith("/"):
        return Alignment(text, text, tuple(sources))
    current = text
    for step in STEPS:
        new = step(current)
        sources = _realign(current, new, sources)
        current = new
    return Alignment(text, current, tuple(sources))


@functools.lru_cache(maxsize=4096)
def normalize_user_text(text: Optional[str]) -> str:
    """The normalised form of a user message (see the module docstring); '' for None."""
    if not text:
        return ""
    if text.startswith("/"):
        return text
    for step in STEPS:
        text = step(text)
    return text


def normalizer_fingerprint() -> str:
    """Changes whenever the normalisation code changes (Rasa caches training steps by fingerprint)."""
    import bot.kb.numerals as numerals

    digest = hashlib.sha256()
    for module in (numerals, inspect.getmodule(normalize_user_text)):
        digest.update(inspect.getsource(module).encode("utf-8"))
    digest.update(KEPT_WORDS_FILE.read_bytes())
    try:
        from importlib.metadata import version

        digest.update(version("opencc").encode())
    except Exception:  # noqa: BLE001 - the version only refines the fingerprint
        pass
    return digest.hexdigest()[:16]
