"""Masking of personal numbers before they reach Rasa's tracker store or any log."""

from __future__ import annotations

import re

# 18-digit resident ID (last char may be X) or 15-digit legacy ID, not part of a longer digit run.
_ID_CARD = re.compile(r"(?<![0-9])[1-9](?:[0-9]{16}[0-9Xx]|[0-9]{14})(?![0-9Xx])")
# Mainland mobile numbers, optionally with +86 and separators.
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?(1[3-9][0-9])[- ]?[0-9]{4}[- ]?([0-9]{4})(?![0-9])")


def mask_personal_numbers(text: str) -> str:
    """Replace ID-card and mobile numbers with masked forms that keep a few digits for reference."""
    text = _ID_CARD.sub(lambda m: m.group(0)[:3] + "*" * (len(m.group(0)) - 5) + m.group(0)[-2:], text)
    return _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
