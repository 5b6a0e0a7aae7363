"""Policy questions: cited answers from the knowledge base, the region question, details."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    PROFILE_FIELDS,
    QUESTION_LIKE,
    WHAT_CAN_WE_GET,
    elliptical_follow_up,
    in_check,
    kept_district,
    lapsed_by_region_change,
    latest_entities,
    profile_from_slots,
    send,
)
from actions.entitlement_form import TOPIC_BUTTONS, WHICH_TOPIC, keyword_query
from bot import store
from bot.dialogue.answers import (
    answer_follow_up,
    answer_for_region,
    answer_question,
    asks_practical,
    compare_reply,
    compare_topic,
    continued,
    details_reply,
    detect_answer_kind,
    followed_topic,
    is_ellipsis,
    is_follow_up,
    only_a_place,
    outside_coverage_reply,
    rare_topic_words,
)
from bot.dialogue.catalog import CHECK_BUTTON
from bot.dialogue.check import benefit_verdict_reply, benefits_named, checklist_reply, practical_reply
from bot.dialogue.messages import Reply
from bot.kb.loader import load_kb

# "她能拿多少 / 能领啥 / 可以享受哪些": what the elder in the check gets, which the check's results will say.
OWN_SHARE = re.compile(r"(能|可以|可)(拿|领|享受|得到|申请)(多少|几|啥|什么|哪些|些啥|点啥)")

# Words that make a question about a particular person (我妈, 俺爹, 家里, 85岁 …) rather than a group.
PERSONAL = re.compile(r"我|俺|咱|家里|家人|老伴|爸|妈|爹|娘|爷|奶|姥|外公|外婆|公公|婆婆|他|她|\d+岁|\d+了")


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        question = tracker.latest_message.get("text") or ""
        facts = latest_entities(tracker)
        outside = facts.get("outside_place") if facts.get("region") == "outside" else None
        said_facts = {name: facts[name] for name in PROFILE_FIELDS if name in facts and not outside}
        profile = {**profile_from_slots(tracker), **said_facts}
        checking = in_check(tracker)
        place = only_a_place(load_kb(), question)
        if checking and place:
            # "儋州" while the check asks something else: where the elder is, not a question about 儋州
            return place_in_check(dispatcher, tracker, place)
        verdict = self._verdict_on_named_benefit(tracker, profile)
        if verdict is not None:
            # In the middle of a check, a question about another place or person must not change its facts.
            remember = {} if checking else said_facts
            return [*send(dispatcher, verdict), *[SlotSet(k, v) for k, v in remember.items()]]
        last = tracker.get_slot("last_answer") or {}
        if checking and self._about_the_check(question, last):
            # "那她能拿多少钱" / "怎么申请" before the results: the results will say, item by item
            dispatcher.utter_message(text=CHECK_ANSWERS_AT_END)
            return []
        if not checking and not last.get("question") and not said_facts and is_follow_up(question):
            # "在哪申请" with nothing before it: which benefit?
            dispatcher.utter_message(text=WHICH_TOPIC, buttons=TOPIC_BUTTONS)
            return []
        personal = [name for name in said_facts if name != "region"]
        if not checking and personal and (WHAT_CAN_WE_GET.search(question) or (
                len(personal) >= 2 and not QUESTION_LIKE.search(question) and not keyword_query(question))):
            # "三亚八十岁老人有什么补贴": their own entitlements, not a clause — run the check with these facts.
            # So do facts with no question at all ("老人在文昌，78岁，独居，低保": a hotline note).
            dispatcher.utter_message(response="utter_start_check")
            return [*[SlotSet(k, v) for k, v in said_facts.items()], FollowupAction("entitlement_form")]
        if (last.get("status") == "check" and tracker.get_slot("last_check") and not checking
                and is_follow_up(question) and not is_ellipsis(question)):
            practical = practical_reply(question, tracker.get_slot("last_check"), tracker.get_slot("region")) \
                if asks_practical(question) else None
            if practical is not None:
                # "怎么申请" / "要钱不" right after the results: about the items found, from their sources
                return send(dispatcher, practical)
            # "要啥条件" right after the results: the conditions, item by item (the full checklist)
            return send(dispatcher, checklist_reply(tracker.get_slot("last_check")))
        if last.get("status") in ("answered", "not_specified") and last.get("question") and place and not outside:
            reply = answer_for_region(last["question"], place)  # "昌吉有吗" after an answer on 温州
        elif last.get("status") in ("answered", "not_specified") and not outside:
            topic = followed_topic(question, last)
            reply = answer_follow_up(question, topic, tracker.get_slot("region"))
            question = continued(question, topic) if topic else question
        else:
            reply = answer_question(question, tracker.get_slot("region"), outside_place=outside or None)
        if checking:
            reply.slots.pop("region", None)
            reply.slots.pop("pending_question", None)
            reply.drop_button(CHECK_BUTTON)
        if reply.slots.get("last_answer", {}).get("status") == "unanswered":
            store.record_feedback(tracker.sender_id, "unanswered", question)
        return send(dispatcher, reply)

    @staticmethod
    def _about_the_check(question: str, last: dict[str, Any]) -> bool:
        """A question in the middle of a check about what the elder gets, naming no service of its own
        (那她能拿多少钱补贴, 能领啥, 怎么申请 with no answer just given to follow)."""
        if OWN_SHARE.search(question) or WHAT_CAN_WE_GET.search(question):
            rest = WHAT_CAN_WE_GET.sub(" ", OWN_SHARE.sub(" ", question))
            return not rare_topic_words(rest)
        return (is_follow_up(question) and asks_practical(question)
                and last.get("status") not in ("answered", "not_specified"))

    @staticmethod
    def _verdict_on_named_benefit(tracker: Tracker, profile: dict[str, Any]) -> Reply | None:
        """"我妈85岁在海口，能领高龄津贴吗": a named benefit plus personal facts gets the rules' verdict."""
        phrases = [str(e.get("value")) for e in tracker.latest_message.get("entities") or []
                   if e.get("entity") == "benefit"]
        region = profile.get("region")
        if not phrases or not region or region == "outside" or not any(k != "region" for k in profile):
            return None
        text = tracker.latest_message.get("text") or ""
        if not PERSONAL.search(text) and not any(k != "region" for k in profile_from_slots(tracker)):
            return None  # "海口经济困难老人养老服务补贴在哪申请" asks about the benefit, not about someone
        if detect_answer_kind(text) is not None:
            # "…补贴多少钱", "护理补贴找哪个部门": the fact asked for (or that the text gives none), not a verdict
            return None
        ids = benefits_named(phrases, region)
        return benefit_verdict_reply(ids, profile) if ids else None


def place_in_check(dispatcher: CollectingDispatcher, tracker: Tracker, place: str) -> list[dict[str, Any]]:
    """The check's region set to a place said alone (海南其他市县 → 儋州), keeping a district of it."""
    place = kept_district(tracker.get_slot("region"), place)  # 海口 after 龙华区: the district says more
    region = load_kb().region(place)
    dispatcher.utter_message(text=f"好的，记下了：{region.name if region else place}。")
    lapsed = lapsed_by_region_change(tracker, place)
    return [SlotSet("region", place), *[SlotSet(k, v) for k, v in lapsed.items()]]


CHECK_NOT_DONE = "还差几个问题，答完我就列出老人能享受的项目和完整清单。"
CHECK_ANSWERS_AT_END = ("这正是我在帮您查的：答完这几个问题，我就列出老人能享受的项目，每项写明金额或时长（文件写了的）"
                        "和出处，再告诉您怎么申请。")


class ActionShowDetails(Action):
    def name(self) -> str:
        return "action_show_details"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        last_answer = tracker.get_slot("last_answer")
        asked = tracker.latest_message.get("text") or ""
        if in_check(tracker) and ("清单" in asked or not (last_answer or {}).get("clause_ids")):
            # "看完整清单" before the check has finished: the list comes at its end
            dispatcher.utter_message(text=CHECK_NOT_DONE)
            return []
        return send(dispatcher, details_reply(last_answer, tracker.get_slot("last_check")))


class ActionCompareRegions(Action):
    def name(self) -> str:
        return "action_compare_regions"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        last = tracker.get_slot("last_answer") or {}
        if last.get("question") and last.get("status") not in ("check", "unanswered"):
            place = only_a_place(load_kb(), text)
            if place:
                return send(dispatcher, answer_for_region(last["question"], place))  # "昌吉的呢？"
            if not compare_topic(text):
                # "各地有什么不同？", "那海口和温州比哪个好" compare the topic just answered
                text = f"{last['question']} {text}"
        return send(dispatcher, compare_reply(text))


class ActionGoodbye(Action):
    """再见 — unless the message only looked like one: "那百岁老人呢" after an answer is a follow-up
    (the classifier learnt 那… from 那先这样/那我走了)."""

    def name(self) -> str:
        return "action_goodbye"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        facts = latest_entities(tracker)
        if facts.get("region") == "outside":
            return send(dispatcher, outside_coverage_reply(load_kb(), facts.get("outside_place") or None))
        follow = elliptical_follow_up(dispatcher, tracker)
        if follow is not None:
            return follow
        dispatcher.utter_message(response="utter_goodbye")
        return []
