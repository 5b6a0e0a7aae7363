"""Chat message helpers shared by every reply: bubbles, buttons, citations, status warnings.

They live in :mod:`bot.answering.reply` and :mod:`bot.answering.citations`; this module keeps the names the
dialogue (the check, the actions) imports.
"""

from __future__ import annotations

from bot.answering.citations import (
    citation,
    close_answer,
    scope_names,
    short_clause_label,
    source_line,
    status_warning,
    status_warnings,
)
from bot.answering.config import CONFIG
from bot.answering.reply import (
    ASK_ELSEWHERE,
    CHECK_LAST_ANSWER,
    CHECKLIST_BUTTON,
    DETAILS_BUTTON,
    FEEDBACK_BUTTONS,
    HUMAN_BUTTON,
    Reply,
    clip,
    merged,
    region_buttons,
)
from bot.kb.loader import load_kb

MAX_BUBBLE_CHARS = CONFIG.max_bubble_chars
# The covered places, as quick replies to "which place?" (knowledge/regions.yaml `quick_replies`).
REGION_BUTTONS = region_buttons(load_kb())

__all__ = ["ASK_ELSEWHERE", "CHECKLIST_BUTTON", "CHECK_LAST_ANSWER", "DETAILS_BUTTON", "FEEDBACK_BUTTONS",
           "HUMAN_BUTTON", "MAX_BUBBLE_CHARS", "REGION_BUTTONS", "Reply", "citation", "clip",
           "close_answer", "merged", "scope_names", "short_clause_label", "source_line", "status_warning",
           "status_warnings"]
