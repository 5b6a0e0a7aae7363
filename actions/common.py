"""Glue between bot.dialogue replies and Rasa: send messages, turn slot updates into events."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.dialogue.answers import answer_follow_up, city_of, followed_topic, is_ellipsis
from bot.dialogue.messages import Reply
from bot.kb.loader import load_kb

PROFILE_FIELDS = (
    "region", "age", "hukou_local", "resides_local", "rural", "disability", "disabled_cert_grade",
    "economic", "tekun_mode", "living", "left_behind", "family_planning_special", "priority_care_family",
    "organ_donor_family", "supporter_unable", "no_caregiver", "lives_with_severely_disabled_child",
    "homeless", "willing_institution", "dementia", "seriously_ill",
)


def send(dispatcher: CollectingDispatcher, reply: Reply) -> list[dict[str, Any]]:
    """Send every message and return SlotSets. Citations travel as a custom payload right after their
    text, which the gateway attaches to that text; the text itself stays in the tracker's history."""
    for message in reply.messages:
        citations = message.get("citations")
        dispatcher.utter_message(text=message["text"], buttons=message.get("buttons") or [],
                                 json_message={"citations": citations} if citations else None)
    return [SlotSet(name, value) for name, value in reply.slots.items()]


def latest_entities(tracker: Tracker) -> dict[str, str]:
    """The profile facts in the user's last message (last value wins), and the place names they used."""
    found: dict[str, str] = {}
    for entity in tracker.latest_message.get("entities", []) or []:
        name, value = entity.get("entity"), entity.get("value")
        if name and value is not None:
            found[name] = str(value)
            if name == "region" and value == "outside":
                found["outside_place"] = str(entity.get("text") or "")
    return found


def elliptical_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]] | None:
    """"那中度的呢" right after an answer: the last question for that case (not a check, not a goodbye);
    None when the message is not such a follow-up."""
    text = tracker.latest_message.get("text") or ""
    last = tracker.get_slot("last_answer") or {}
    if last.get("status") not in ("answered", "not_specified") or not last.get("question") or not is_ellipsis(text):
        return None
    return send(dispatcher, answer_follow_up(text, followed_topic(text, last), tracker.get_slot("region")))


def in_check(tracker: Tracker) -> bool:
    """The entitlement check (its form) is under way."""
    return (tracker.active_loop or {}).get("name") == "entitlement_form"


def profile_from_slots(tracker: Tracker) -> dict[str, Any]:
    return {name: tracker.get_slot(name) for name in PROFILE_FIELDS if tracker.get_slot(name) is not None}


def channel_of(tracker: Tracker) -> str:
    metadata = tracker.latest_message.get("metadata") or {}
    return str(metadata.get("channel") or tracker.get_latest_input_channel() or "unknown")


def transcript(tracker: Tracker, limit: int = 40) -> list[dict[str, str]]:
    turns = [{"role": "user" if e["event"] == "user" else "bot", "text": e.get("text") or ""}
             for e in tracker.events if e.get("event") in ("user", "bot") and e.get("text")]
    return turns[-limit:]


# Facts stated relative to the region (户籍/居住 "在本市"): they lapse when the region changes.
REGION_RELATIVE = ("hukou_local", "resides_local")


def previous_value(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the user's latest message."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user = True
        elif seen_user and event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None if seen_user else tracker.get_slot(slot)


def facts_unsaid(tracker: Tracker) -> list[SlotSet]:
    """Undo the slots this message's facts filled (but the region): a hotline keyword query
    ("温州 重度失能 低保 时长") describes a case, not the elder being checked."""
    said = latest_entities(tracker)
    return [SlotSet(name, previous_value(tracker, name)) for name in PROFILE_FIELDS
            if name in said and name != "region"]


def lapsed_by_region_change(tracker: Tracker, new_region: Any) -> dict[str, Any]:
    """hukou_local/resides_local set to None when the region moves to another place, unless the latest
    message states them again: "住在本市" said for 海口 says nothing about 温州."""
    old = previous_value(tracker, "region")
    if not old or not new_region or old == new_region or _same_city(str(old), str(new_region)):
        return {}
    said = latest_entities(tracker)
    return {name: None for name in REGION_RELATIVE if name not in said and tracker.get_slot(name) is not None}


def kept_district(old: Any, new: Any) -> Any:
    """`new`, or the district `old` already named when `new` is its city (户口也在海口 after 龙华区)."""
    return old if old and old != new and city_of(load_kb(), str(old)) == new else new


def _same_city(old: str, new: str) -> bool:
    """海口 and its 龙华区, or two of its districts: 本市 still means the same city."""
    return _city(old) is not None and _city(old) == _city(new)


def _city(code: str) -> str | None:
    kb = load_kb()
    region = kb.region(code)
    while region is not None and region.kind == "district" and region.parent:
        region = kb.region(region.parent)
    return region.code if region is not None and region.kind == "city" else None


# "有什么补贴 / 能享受啥 / 有哪些待遇": a question about what someone can get, answered by the check.
WHAT_CAN_WE_GET = re.compile(r"(有|能享受|能领|能拿|可以享受|可以领|享受)(什么|啥|哪些|些啥|点啥)"
                             r"(补贴|补助|待遇|福利|政策|服务|照顾|钱)")


# A message that asks something (吗, 多少, 怎么 …) rather than states a fact.
# 好几年, 十几个, 几十 …: a vague number, not 几 asking one (QUESTION_LIKE passes over the first two itself;
# strip them before asking what kind of value a message wants: 好几年 is no 几年).
VAGUE_NUMBER = re.compile(r"好几|十几|几十|几百|几千|几万")
QUESTION_LIKE = re.compile(r"[吗么？?]|多少|(?<![好十])几[个岁点号级次年月天张家]|怎么|怎样|咋|啥|什么|哪"
                           r"|能不能|有没有|是不是|可不可以|要不要|[能有是要可会]不[能有是要可会]?$|不$")
