"""Human handoff: 12345 now, and a record in the queue that hotline agents will pick up from."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import channel_of, profile_from_slots, send, transcript
from bot import store
from bot.dialogue.support import handoff_reply


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        reason = "fallback" if tracker.latest_message.get("intent", {}).get("name") == "nlu_fallback" else "asked"
        ticket = store.record_handoff(tracker.sender_id, channel_of(tracker), reason, transcript(tracker),
                                      profile_from_slots(tracker))
        return send(dispatcher, handoff_reply(ticket))
