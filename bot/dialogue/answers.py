"""TEMPORARY re-export shim: the answer pipeline now lives in :mod:`bot.answering`.

Every name ``actions/``, ``bot/dialogue/check.py`` and ``bot/eval`` imported from here keeps its old
signature and behaviour (:mod:`bot.answering.default`). Delete this module once they call
:class:`bot.answering.Answerer` directly.
"""

from __future__ import annotations

from bot.answering import default as _default
from bot.answering.default import (
    answer_follow_up,
    answer_for_region,
    answer_question,
    asks_practical,
    city_of,
    compare_reply,
    compare_topic,
    detect_answer_kind,
    follow_up,
    followed_topic,
    is_follow_up,
    on_topic,
    only_a_place,
    outside_coverage_reply,
    rare_topic_words,
    relevance_words,
    without_places,
)
from bot.answering.followups import continued, is_ellipsis
from bot.answering.reply import Reply
from bot.answering.words import YES_NO_MONEY_KINDS

# names the old module had from bot.dialogue.messages (tests/unit/test_wechat.py imports REGION_BUTTONS here)
from bot.dialogue.messages import (  # noqa: E402,I001
    ASK_ELSEWHERE,
    DETAILS_BUTTON,
    FEEDBACK_BUTTONS,
    HUMAN_BUTTON,
    MAX_BUBBLE_CHARS,
    REGION_BUTTONS,
    citation,
    clip,
    source_line,
    status_warning,
)

__all__ = ["ASK_ELSEWHERE", "DETAILS_BUTTON", "FEEDBACK_BUTTONS", "HUMAN_BUTTON", "MAX_BUBBLE_CHARS", "REGION_BUTTONS",
           "citation", "clip", "source_line", "status_warning", "YES_NO_MONEY_KINDS", "answer_follow_up",
           "answer_for_region", "answer_question", "asks_practical",
           "city_of", "compare_reply", "compare_topic", "continued", "details_reply", "detect_answer_kind",
           "follow_up", "followed_topic", "is_ellipsis", "is_follow_up", "on_topic", "only_a_place",
           "outside_coverage_reply", "rare_topic_words", "relevance_words", "without_places"]


def details_reply(last_answer: dict | None, last_check: dict | None = None) -> Reply:
    """The full text of the clause behind the last answer, or the full checklist of the last check."""
    if last_answer and last_answer.get("status") == "check" and last_check:
        from bot.dialogue.check import checklist_reply

        return checklist_reply(last_check)
    return _default.details_reply(last_answer)
