"""Masking of personal numbers before they reach Rasa's tracker store or any log.

Users type numbers in many forms: ASCII or full-width digits (``１３８１２３４５６７８``, common with Chinese
input methods), with spaces or hyphens between groups (``138 1234 5678``, ``110101 19400101 1234``), with
``+86``. The patterns accept both digit forms and these separators; a match is NFKC-normalised (full-width to
ASCII) and replaced by a masked form that keeps a few digits for reference, in ASCII: ``138****5678``,
``110*************34``. Ordinary numbers (ages, amounts, years, dates, 12345, document numbers, landlines
such as 0898-68723686) do not have these shapes and are left as typed.
"""

from __future__ import annotations

import re
import unicodedata

_D = "[0-9０-９]"  # a digit, ASCII or full-width (explicit: \d would also match other scripts' digits)
_D1 = "[1-9１-９]"
_CHECK = "[0-9０-９XxＸｘ]"  # last character of an 18-digit ID
_NOT_BEFORE = "(?<![0-9０-９])"
_NOT_AFTER = "(?![0-9０-９XxＸｘ])"
# One optional separator between groups: a hyphen (ASCII, full-width, dashes) and/or spaces around it.
_SEP = "(?:[ \u3000]{0,2}[-－‐‑–—][ \u3000]{0,2}|[ \u3000]{1,2})?"

# Resident ID: 6-digit region, 8-digit birth date (YYYYMMDD; may itself be split as YYYY MM DD), 3-digit
# sequence and a check character (digit or X); groups may be separated (6-8-4 / 6-8-3X). Legacy 15-digit ID:
# region, YYMMDD, 3-digit sequence (6-6-3). Never part of a longer digit run.
_ID_CARD = re.compile(
    f"{_NOT_BEFORE}{_D1}{_D}{{5}}{_SEP}"
    f"(?:{_D}{{4}}{_SEP}{_D}{{2}}{_SEP}{_D}{{2}}{_SEP}{_D}{{3}}{_CHECK}|{_D}{{6}}{_SEP}{_D}{{3}})"
    f"{_NOT_AFTER}"
)
# Mainland mobile numbers (1[3-9]x xxxx xxxx), optionally after +86 / 86, with separators. The country
# code is kept as typed (it is not personal, and a bare "86 " may be an age: "我妈86 13812345678").
_MOBILE = re.compile(
    f"{_NOT_BEFORE}((?:[+＋]?[8８][6６]{_SEP})?)([1１][3-9３-９]{_D}){_SEP}{_D}{{4}}{_SEP}({_D}{{4}})"
    "(?![0-9０-９])"
)


def _ascii(text: str) -> str:
    """Full-width digits and letters as ASCII, separators removed: ``１１０ ２`` → ``1102``."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum()).upper()


def _mask_id(match: re.Match[str]) -> str:
    number = _ascii(match.group(0))
    return number[:3] + "*" * (len(number) - 5) + number[-2:]


def _mask_mobile(match: re.Match[str]) -> str:
    return f"{match.group(1)}{_ascii(match.group(2))}****{_ascii(match.group(3))}"


def mask_personal_numbers(text: str) -> str:
    """Replace ID-card and mobile numbers with masked forms that keep a few digits for reference."""
    return _MOBILE.sub(_mask_mobile, _ID_CARD.sub(_mask_id, text))
