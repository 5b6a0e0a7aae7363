"""有帮助/没帮助 after an answer, stored with the question for review."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import send
from bot import store
from bot.dialogue.support import feedback_reply


def _answered_question(tracker: Tracker) -> tuple[str, str]:
    """The last user question that got a substantive answer, and that answer's first bubble."""
    last_answer = tracker.get_slot("last_answer") or {}
    return str(last_answer.get("question") or ""), str(last_answer.get("answer") or "")


class ActionRecordFeedback(Action):
    def name(self) -> str:
        return "action_record_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        helpful = next(tracker.get_latest_entity_values("helpful"), None)
        text = tracker.latest_message.get("text") or ""
        if helpful is None:
            helpful = "no" if any(w in text for w in ("没", "不", "👎")) else "yes"
        question, answer = _answered_question(tracker)
        if not question and helpful == "yes":
            # 👍 with nothing answered yet: nothing to review, just thank them.
            dispatcher.utter_message(text="谢谢您！有什么想问的，直接打字或说话问我就行。")
            return []
        clause_ids = (tracker.get_slot("last_answer") or {}).get("clause_ids") or []
        store.record_feedback(tracker.sender_id, "helpful" if helpful == "yes" else "not_helpful",
                              question, answer, clause_ids)
        return send(dispatcher, feedback_reply(helpful == "yes"))
