"""Two-stage fallback: "您是想问…？" with the closest topics, then an offer of a human."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.common import PROFILE_FIELDS, in_check, latest_entities, send
from bot.dialogue.answers import answer_follow_up, answer_for_region, followed_topic, only_a_place, without_places
from bot.dialogue.support import clarify_reply, give_up_reply
from bot.kb.loader import load_kb

# Two intents that both lead to the check when the message states facts about the elder.
CHECK_INTENTS = {"check_entitlement", "inform"}
# An explicit request for the check (帮我查查, 能享受啥, 够不够条件).
CHECK_REQUEST = re.compile(r"查|能享受|能领|能拿|待遇|符合|够不够")


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
        last = tracker.get_slot("last_answer") or {}
        # right after an answer (not in the middle of a check)
        answered = last.get("status") in ("answered", "not_specified") and not in_check(tracker)
        place = only_a_place(load_kb(), text) if answered and last.get("question") else None
        if place:
            return send(dispatcher, answer_for_region(last["question"], place))  # "昌吉有吗" after an answer
        topic = followed_topic(text, last) if answered else None
        if topic:
            # "在哪里申请" right after an answer continues its topic, however the classifier read it
            return send(dispatcher, answer_follow_up(text, topic, tracker.get_slot("region")))
        intents = [r.get("name") for r in ranking if r.get("name") != "nlu_fallback"]
        if personal and set(intents[:2]) == CHECK_INTENTS and CHECK_REQUEST.search(text):
            # facts plus "帮我查查能享受啥", torn between check and inform: both mean the check, no need to ask
            return [FollowupAction("action_start_check")]
        return send(dispatcher, clarify_reply(text, [r.get("name", "") for r in ranking],
                                              tracker.get_slot("region"), personal=personal,
                                              place=_place_follow_up(tracker, text)))


# What a place follow-up says beside the place: 那…呢, 要是…的话, 换成….
FOLLOW_UP_WORDS = re.compile(r"那|要是|如果|换成|改成|的话|[的呢吗么啊呀？?，,。!！\s]")


def _place_follow_up(tracker: Tracker, text: str) -> str:
    """The place, as the user wrote it, of a message that only names one (那海口呢) after an answer or a
    check; "" otherwise."""
    places = [e for e in tracker.latest_message.get("entities") or [] if e.get("entity") == "region"]
    last = tracker.get_slot("last_answer") or {}
    if len(places) != 1 or places[0].get("value") == "outside" or not last.get("question"):
        return ""
    if len(FOLLOW_UP_WORDS.sub("", without_places(load_kb(), text))) >= 4:
        return ""
    return str(places[0].get("text") or "")


class ActionDefaultFallback(Action):
    """After the second miss: say so plainly and offer 12345 / a human."""

    def name(self) -> str:
        return "action_default_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        send(dispatcher, give_up_reply())
        return [UserUtteranceReverted()]
