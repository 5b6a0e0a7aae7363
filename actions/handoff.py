"""Human handoff: 12345 now, and a record in the queue that hotline agents will pick up from."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import channel_of, profile_from_slots, send, transcript
from bot.dialogue.answers import answer_question, relevance_words
from bot.handoff import handoff_reply, request_handoff
from bot.kb.search import get_index

OFFICE_CONTACT = re.compile(r"(民政局|民政部门|中心|社区|街道|站|办事处|养老院|敬老院).{0,6}(电话|联系方式|号码|地址)")
ASKS_FOR_A_PERSON = re.compile(r"人工|真人|客服|工作人员|12345|转接|找人")
# Besides asking for a person: the other ways of wanting a human (a phone number, a complaint, 在线吗).
WANTS_A_HUMAN = re.compile(ASKS_FOR_A_PERSON.pattern + r"|rengong|在线|热线|有人吗|投诉|举报|电话|打过去")


def asks_about_a_topic(text: str) -> bool:
    """"想问问有没有人上门帮忙洗澡": a question on something the documents speak of (上门), which the
    classifier took for a request for a person because of 有没有人; it is answered, not handed off."""
    index = get_index()
    return not WANTS_A_HUMAN.search(text) and any(w in index.text_field.idf for w in relevance_words(text))


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        if (OFFICE_CONTACT.search(text) and not ASKS_FOR_A_PERSON.search(text)) or asks_about_a_topic(text):
            # "海口民政局电话多少" asks for an office's number, not for a human: answer it (honestly).
            return send(dispatcher, answer_question(text, tracker.get_slot("region")))
        reason = "fallback" if tracker.latest_message.get("intent", {}).get("name") == "nlu_fallback" else "asked"
        receipt = request_handoff(tracker.sender_id, channel_of(tracker), reason, transcript(tracker),
                                  profile_from_slots(tracker))
        return send(dispatcher, handoff_reply(receipt))
