"""Policy questions: cited answers from the knowledge base, the region question, details."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_entities, send
from bot import store
from bot.dialogue.answers import answer_question, compare_reply, details_reply


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        question = tracker.latest_message.get("text") or ""
        facts = latest_entities(tracker)
        outside = facts.get("outside_place") if facts.get("region") == "outside" else None
        reply = answer_question(question, tracker.get_slot("region"), outside_place=outside or None)
        if reply.slots.get("last_answer", {}).get("status") == "unanswered":
            store.record_feedback(tracker.sender_id, "unanswered", question)
        return send(dispatcher, reply)


class ActionShowDetails(Action):
    def name(self) -> str:
        return "action_show_details"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        return send(dispatcher, details_reply(tracker.get_slot("last_answer"), tracker.get_slot("last_check")))


class ActionCompareRegions(Action):
    def name(self) -> str:
        return "action_compare_regions"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        return send(dispatcher, compare_reply(tracker.latest_message.get("text") or ""))
