"""Answer a factual policy question with the best-matching clause, cited."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.answers import compose_answer


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        question = tracker.latest_message.get("text") or ""
        region = tracker.get_slot("region") if "region" in tracker.slots else None
        answer = compose_answer(question, region)
        dispatcher.utter_message(json_message=answer)
        return []
