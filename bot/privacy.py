"""Masking of personal numbers before they reach Rasa's tracker store or any log.

Users write numbers in many forms: ASCII or full-width digits (``１３８１２３４５６７８``), Chinese numerals as
dictated to a voice input (``一三八一二三四五六七八``, ``幺三八…``), with spaces, dots, dashes, slashes or
brackets between groups (``(138)1234-5678``, ``138.1234.5678``, ``4601 0019 5001 0112 34``), with ``+86``.

:func:`digit_groups` is the normaliser: it reads a text as runs of digit groups (each digit with its value
and position, the separators between groups). A run holds a personal number when whole groups of it spell:

* a mainland mobile number, ``1[3-9]`` + 9 digits, however grouped (after ``86`` / ``0086``, which is kept:
  a bare ``86`` may be an age, "我妈86 13812345678");
* an 18-character resident ID (check character a digit or X) or a 15-digit legacy ID, unbroken or split
  where people split it (6-8-4, 6-4-2-2-4, fours, threes); when split, its birth date must be a date.

Only whole groups count, so longer digit strings (order numbers, 19-digit runs) and ordinary numbers (ages,
amounts, years, dates, 12345, landlines such as 0898-68723686) stay as typed. A match is replaced by a
masked ASCII form that keeps a few digits for reference: ``138****5678``, ``110*************34``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Chinese numerals as people dictate digits (幺 is "one" on the phone); 〇 and 零 are zero.
_CHINESE_DIGITS = {"〇": 0, "零": 0, "幺": 1, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                   "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
# What people put between groups of digits: spaces, dashes, dots, slashes, brackets.
_SEPARATORS = frozenset(" \t\u3000\u00a0-－‐‑‒–—―_.．·・/／()（）[]【】")
_MAX_GAP = 3  # separators in a row that still join two groups: "138 - 1234", ") "
_CHECK_X = frozenset("XxＸｘ")
_ID_SPLITS_18 = frozenset({3, 4, 6, 8, 9, 10, 12, 14, 15, 16, 17})
_ID_SPLITS_15 = frozenset({3, 4, 6, 8, 9, 12})
_MOBILE_PREFIXES = ("86", "0086")
_LONGEST = 18  # digits of the longest number looked for


def digit_value(ch: str) -> int | None:
    """The digit ``ch`` stands for (any script's decimal digit, full-width, Chinese numeral), else None."""
    if ch in _CHINESE_DIGITS:
        return _CHINESE_DIGITS[ch]
    return unicodedata.decimal(ch, None)


@dataclass(frozen=True)
class Group:
    """Consecutive digits (the last may be an ID's X, value 10) and where they are in the text."""

    start: int
    end: int
    digits: str  # ASCII, "X" for the check character


def digit_groups(text: str) -> list[list[Group]]:
    """Runs of digit groups: groups in one run are separated by at most ``_MAX_GAP`` separator characters."""
    runs: list[list[Group]] = []
    run: list[Group] = []
    i, n = 0, len(text)
    while i < n:
        if digit_value(text[i]) is None:
            i += 1
            continue
        start, digits = i, []
        while i < n and (value := digit_value(text[i])) is not None:
            digits.append(str(value))
            i += 1
        joined = bool(run) and _joined(text, run[-1].end, start)
        before = sum(len(g.digits) for g in run) if joined else 0
        # An X right after the digits is an ID's check character: always as the 18th character of a run,
        # elsewhere only when it does not start a word ("2XL").
        if i < n and text[i] in _CHECK_X and (
                before + len(digits) == 17 or not (i + 1 < n and text[i + 1].isascii() and text[i + 1].isalnum())):
            digits.append("X")
            i += 1
        group = Group(start, i, "".join(digits))
        if run and not joined:
            runs.append(run)
            run = []
        run.append(group)
    if run:
        runs.append(run)
    return runs


def _joined(text: str, end: int, start: int) -> bool:
    gap = text[end:start]
    return 0 < len(gap) <= _MAX_GAP and all(ch in _SEPARATORS for ch in gap)


def _is_date(year: str, month: str, day: str) -> bool:
    return 1 <= int(month) <= 12 and 1 <= int(day) <= 31 and (len(year) == 2 or 1880 <= int(year) <= 2099)


def _splits(groups: list[Group]) -> set[int]:
    offsets, total = set(), 0
    for group in groups[:-1]:
        total += len(group.digits)
        offsets.add(total)
    return offsets


def is_id_number(groups: list[Group]) -> bool:
    """Whole groups that spell an 18-character or 15-digit resident ID number."""
    number = "".join(g.digits for g in groups)
    if "X" in number[:-1] or number[0] == "0":
        return False
    splits = _splits(groups)
    if len(number) == 18 and number[:17].isdigit():
        return not splits or (splits <= _ID_SPLITS_18 and _is_date(number[6:10], number[10:12], number[12:14]))
    if len(number) == 15 and number.isdigit():
        return not splits or (splits <= _ID_SPLITS_15 and _is_date(number[6:8], number[8:10], number[10:12]))
    return False


def is_mobile_number(digits: str) -> bool:
    return len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789" and digits.isdigit()


def _mask_span(text: str, groups: list[Group], skip: int = 0) -> tuple[int, str]:
    """(start in text, masked ASCII) for ``groups`` without their first ``skip`` digits (a country code)."""
    number = "".join(g.digits for g in groups)[skip:]
    start = groups[0].start
    if skip:  # the country code is kept as typed, with what follows it up to the number
        consumed = 0
        for group in groups:
            if consumed + len(group.digits) > skip:
                start = _char_of_digit(text, group, skip - consumed)
                break
            consumed += len(group.digits)
    if len(number) == 11:
        return start, number[:3] + "****" + number[-4:]
    return start, number[:3] + "*" * (len(number) - 5) + number[-2:]


def _char_of_digit(text: str, group: Group, index: int) -> int:
    """Text position of the ``index``-th digit of ``group`` (every digit is one character)."""
    return group.start + index if index < group.end - group.start else group.end


def _find(run: list[Group], first: int) -> tuple[int, int] | None:
    """The longest personal number made of whole groups from ``run[first]``: (end group, digits to keep)."""
    ends, length = [], 0
    for last in range(first + 1, len(run) + 1):
        length += len(run[last - 1].digits)
        if length > _LONGEST:
            break
        ends.append(last)
    for last in reversed(ends):
        groups = run[first:last]
        number = "".join(g.digits for g in groups)
        if is_id_number(groups) or is_mobile_number(number):
            return last, 0
        for prefix in _MOBILE_PREFIXES:
            if number.startswith(prefix) and is_mobile_number(number[len(prefix):]):
                return last, len(prefix)
    return None


def mask_personal_numbers(text: str) -> str:
    """Replace ID-card and mobile numbers, in any written form, with masked forms that keep a few digits."""
    pieces: list[str] = []
    cursor = 0
    for run in digit_groups(text):
        first = 0
        while first < len(run):
            found = _find(run, first)
            if found is None:
                first += 1
                continue
            last, skip = found
            start, masked = _mask_span(text, run[first:last], skip)
            end = run[last - 1].end
            # "(138)1234-5678": the bracket opened before the number goes with it.
            if start > cursor and text[start - 1] in "(（[【" and any(ch in ")）]】" for ch in text[start:end]):
                start -= 1
            pieces.append(text[cursor:start])
            pieces.append(masked)
            cursor = end
            first = last
    pieces.append(text[cursor:])
    return "".join(pieces)
