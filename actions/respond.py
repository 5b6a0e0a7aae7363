"""The one action of every user turn: read the tracker, let the conversation engine answer, send, remember.

Rasa's rules run this action after each message, whatever its intent; which kind of turn it is, the
engine's router decides (bot/conversation/route.py) from the intent, the words and the context.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.conversation.engine import respond
from bot.conversation.services import Services, default_services
from bot.conversation.state import FACT_FIELDS, Context, slot_updates
from bot.conversation.turn import TurnIn

logger = logging.getLogger(__name__)
TRANSCRIPT_TURNS = 40
CONTEXT_SLOTS = ("check", "last_answer", "last_check", "pending_question", "topic_region", "offered", "clarify")


def context_of(tracker: Tracker, s: Services) -> Context:
    slots = {name: tracker.get_slot(name) for name in (*CONTEXT_SLOTS, *FACT_FIELDS)}
    return Context.from_slots(slots, s.valid)


def transcript(tracker: Tracker) -> tuple[dict[str, str], ...]:
    turns = [{"role": "user" if e["event"] == "user" else "bot", "text": e.get("text") or ""}
             for e in tracker.events if e.get("event") in ("user", "bot") and e.get("text")]
    return tuple(turns[-TRANSCRIPT_TURNS:])


def as_typed(tracker: Tracker) -> dict[str, Any]:
    """Rasa's ``latest_message`` with the text as the user typed it (``raw_text``): its ``text`` is the NLU's
    normalised one, which drops the space that sets a yes apart (是的 我残疾二级…)."""
    latest = dict(tracker.latest_message or {})
    typed = next((e.get("text") for e in reversed(tracker.events) if e.get("event") == "user"), None)
    if isinstance(typed, str) and typed:
        latest["raw_text"] = typed
    return latest


def channel_of(tracker: Tracker) -> str:
    metadata = tracker.latest_message.get("metadata") or {}
    return str(metadata.get("channel") or tracker.get_latest_input_channel() or "unknown")


class ActionRespond(Action):
    def name(self) -> str:
        return "action_respond"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        s = default_services()
        ctx = context_of(tracker, s)
        message = s.read(as_typed(tracker), ctx)
        outcome = respond(TurnIn(message, ctx, sender=tracker.sender_id, channel=channel_of(tracker),
                                 transcript=transcript(tracker)), s)
        for msg in outcome.reply.messages:
            citations = msg.get("citations")
            dispatcher.utter_message(text=msg["text"], buttons=msg.get("buttons") or [],
                                     json_message={"citations": citations} if citations else None)
        logger.debug("sender %s: turn %s", tracker.sender_id, outcome.turn)
        return [SlotSet(name, value) for name, value in slot_updates(ctx, outcome.ctx).items()]
