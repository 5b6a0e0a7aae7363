"""Human handoff: 12345 now, and a record in the queue that hotline agents will pick up from."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import channel_of, profile_from_slots, send, transcript
from bot import store
from bot.dialogue.answers import answer_question
from bot.dialogue.support import handoff_reply

OFFICE_CONTACT = re.compile(r"(民政局|民政部门|中心|社区|街道|站|办事处|养老院|敬老院).{0,6}(电话|联系方式|号码|地址)")
ASKS_FOR_A_PERSON = re.compile(r"人工|真人|客服|工作人员|12345|转接|找人")


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        if OFFICE_CONTACT.search(text) and not ASKS_FOR_A_PERSON.search(text):
            # "海口民政局电话多少" asks for an office's number, not for a human: answer it (honestly).
            return send(dispatcher, answer_question(text, tracker.get_slot("region")))
        reason = "fallback" if tracker.latest_message.get("intent", {}).get("name") == "nlu_fallback" else "asked"
        ticket = store.record_handoff(tracker.sender_id, channel_of(tracker), reason, transcript(tracker),
                                      profile_from_slots(tracker))
        return send(dispatcher, handoff_reply(ticket))
