"""Two-stage fallback: "您是想问…？" with the closest topics, then an offer of a human."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.common import PROFILE_FIELDS, latest_entities, send
from bot.dialogue.support import clarify_reply, give_up_reply


class ActionDefaultAskAffirmation(Action):
    """Replaces Rasa's default: offers the 2–3 closest topics as buttons, plus 都不是."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        ranking = tracker.latest_message.get("intent_ranking") or []
        facts = latest_entities(tracker)
        personal = any(name in PROFILE_FIELDS and name != "region" for name in facts)
        return send(dispatcher, clarify_reply(text, [r.get("name", "") for r in ranking],
                                              tracker.get_slot("region"), personal=personal))


class ActionDefaultFallback(Action):
    """After the second miss: say so plainly and offer 12345 / a human."""

    def name(self) -> str:
        return "action_default_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        send(dispatcher, give_up_reply())
        return [UserUtteranceReverted()]
