"""The entitlement check as a form: asks only what the region's rules still need."""

from __future__ import annotations

import json
import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    PROFILE_FIELDS,
    QUESTION_LIKE,
    VAGUE_NUMBER,
    WHAT_CAN_WE_GET,
    elliptical_follow_up,
    facts_unsaid,
    in_check,
    kept_district,
    lapsed_by_region_change,
    latest_entities,
    previous_value,
    profile_from_slots,
    send,
)
from bot.dialogue.answers import (
    YES_NO_MONEY_KINDS,
    answer_follow_up,
    answer_for_region,
    answer_question,
    detect_answer_kind,
    followed_topic,
    is_follow_up,
    outside_coverage_reply,
    without_places,
)
from bot.dialogue.catalog import benefits_named_in
from bot.dialogue.check import (
    benefit_verdict_reply,
    checklist_reply,
    next_questions,
    profile_for_rules,
    results_reply,
)
from bot.dialogue.messages import CHECK_LAST_ANSWER, CHECKLIST_BUTTON, Reply
from bot.kb.loader import load_kb
from bot.kb.search import normalize_query
from bot.nlu.profile import people_mentioned
from bot.rules import value_label

BOOLEAN_ANSWERS = {"affirm": "true", "deny": "false"}
_BARE_NUMBER = re.compile(r"^\D{0,4}?(\d{2,3})\D{0,4}$")
# Yes/no facts asked as a choice ("老人住在农村还是城里？"): a bare 是/不是 answers nothing.
EITHER_OR_SLOTS = ("rural",)
BOOLEAN_SLOTS = ("hukou_local", "resides_local", "rural", "left_behind", "family_planning_special",
                 "priority_care_family", "organ_donor_family", "supporter_unable", "no_caregiver",
                 "lives_with_severely_disabled_child", "homeless", "willing_institution", "dementia",
                 "seriously_ill")
# Short replies to the question just asked, whatever intent the classifier gave them.
_TAIL = r"[的啊呀吧哦嘛呢了。.!！~～\s]*$"
_YES = re.compile(r"^(是|是的|对|对的|对呀|嗯|嗯嗯|有|有的|有啊|没错|就是|当然|愿意|可以|住|在|是本地的?|本地的?)"
                  + _TAIL)
_NO = re.compile(r"^(不是|不|没有|没|无|否|不对|不愿意|没得|木有|不在|不住|都不是|外地的?)" + _TAIL)
SHORT_ANSWERS: dict[str, list[tuple[re.Pattern[str], str]]] = {
    "rural": [(re.compile(r"^(在)?(城里|城市|城区|市区|县城|镇上|城镇)(住)?" + _TAIL), "false"),
              (re.compile(r"^(在)?(农村|村里|乡下|乡里|老家村里)(住)?" + _TAIL), "true")],
    "disabled_cert_grade": [(re.compile(r"^(没有|没|无|没办|没有残疾证|没残疾证|不是残疾人)" + _TAIL), "0")],
    "economic": [(re.compile(r"^(都不是|不是|没有|都没有|没|一般|还行|普通家庭|不困难)" + _TAIL), "none")],
    # 能自理吗？— 是 / 能 / 可以: she can look after herself (不能 says no degree: the question is asked again)
    "disability": [(re.compile(r"^(是的?|对|嗯|能|可以|行|能的|还能|还行|自己能|没问题)" + _TAIL), "none")],
}


def _label(text: str) -> str:
    """A button label or a typed reply, compared without spaces, punctuation and bracketed notes."""
    text = re.sub(r"[（(][^）)]*[）)]", "", text)
    return re.sub(r"[\s，,。.！!？?、/]", "", text)


def _typed_button(slot: str, text: str, domain: DomainDict) -> str | None:
    """The value of the question's button whose label the user typed, if any."""
    typed = _label(text)
    if not typed or text.startswith("/"):
        return None
    for response in (domain.get("responses") or {}).get(f"utter_ask_{slot}") or []:
        for button in response.get("buttons") or []:
            match = re.match(r"/inform\{+(.*?)\}+$", str(button.get("payload") or ""))
            if match and _label(str(button.get("title") or "")) == typed:
                try:
                    return json.loads("{" + match.group(1) + "}").get(slot)
                except ValueError:
                    return None
    return None


def _unknown(tracker: Tracker) -> list[str]:
    return list(tracker.get_slot("unknown_fields") or [])


def _asked(tracker: Tracker) -> int:
    """Distinct questions asked since this check started (the form's activation); asking the same
    question again after an unclear reply does not count."""
    asked: set[str] = set()
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name") == "entitlement_form":
            break
        if event.get("event") == "slot" and event.get("name") == "requested_slot" and event.get("value"):
            asked.add(str(event["value"]))
    return len(asked)


def _facts_to_read_back(tracker: Tracker, events: list[EventType], requested: str | None) -> list[str]:
    """Facts this message changed other than the one asked for, in words (73周岁, 重度失能, 温州市 after
    不对，是温州). When the check has just started (nothing asked yet) that is all the facts it was
    started with, so that a misreading can be corrected before the questions build on it."""
    noted = []
    for event in events:
        name, value = event.get("name"), event.get("value")
        if (event.get("event") != "slot" or name not in PROFILE_FIELDS or name == requested or value is None
                or value == previous_value(tracker, name)):
            continue
        if name == "region":
            place = _place_label(str(value))  # 不对，是温州 → 温州市
            noted += [place] if place else []
            continue
        rules_value = profile_for_rules({name: value}).get(name)
        if rules_value is not None:
            noted.append(value_label(name, rules_value))
    return noted


def _place_label(code: str) -> str | None:
    """海口市龙华区, 温州市, 三亚市; None for a place outside coverage."""
    kb = load_kb()
    place = kb.region(code)
    if place is None:
        return None
    city = kb.region(place.parent) if place.kind == "district" and place.parent else None
    return f"{city.name}{place.name}" if city else place.name


def _sets_facts(events: list[EventType]) -> bool:
    """Whether the events set a profile fact (the form then goes on instead of rejecting the message)."""
    return any(e.get("event") == "slot" and e.get("name") in PROFILE_FIELDS and e.get("value") is not None
               for e in events)


def _bare_age(tracker: Tracker) -> str | None:
    """The message is a bare number that can only be an age (40–120), or None."""
    match = _BARE_NUMBER.match((tracker.latest_message.get("text") or "").strip())
    return match.group(1) if match and AGE_RANGE[0] <= int(match.group(1)) <= AGE_RANGE[1] else None


AGE_RANGE = (40, 120)


class ValidateEntitlementForm(FormValidationAction):
    def name(self) -> str:
        return "validate_entitlement_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        requested = tracker.get_slot("requested_slot")
        # A message that fills nothing (a question, a comparison …) makes the form reject; the digression
        # rules then answer it and the form resumes with its next question.
        typed = _typed_button(requested, tracker.latest_message.get("text") or "", domain) if requested else None
        marked: list[EventType] = []
        if typed is not None and tracker.get_slot(requested) != typed:
            # The user typed a button's label (海南其他市县, 和子女等家人住) instead of tapping it.
            marked = [SlotSet(requested, typed)]
            tracker.add_slots(marked)
        elif intent == "dont_know" and requested:
            # 不知道: the asked fact stays unknown and is not asked again in this check.
            marked = [SlotSet("unknown_fields", [*_unknown(tracker), requested])]
            tracker.add_slots(marked)
        events = await super().run(dispatcher, tracker, domain)
        noted = _facts_to_read_back(tracker, events, requested)
        if noted and requested:
            # "不对，他今年73" while another question is asked: say it was taken, then ask on
            dispatcher.utter_message(text=f"好的，记下了：{'、'.join(noted)}。")
        elif noted:
            dispatcher.utter_message(text=f"记下了：{'、'.join(noted)}。说错了可以直接改。")
        text = tracker.latest_message.get("text") or ""
        if keyword_query(text) and _sets_facts(events):
            # a hotline agent's "温州 重度失能 低保 时长" mid-check: its facts are kept above, and it is answered
            # (a message that fills nothing is rejected by the form and answered by the digression rules)
            reply = answer_question(text, tracker.get_slot("region"))
            events += [e for e in send(dispatcher, reply) if e.get("name") == "last_answer"]
        return [*marked, *events]

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        slots = {name: tracker.get_slot(name) for name in PROFILE_FIELDS}
        unknown = _unknown(tracker)
        # Filled slots stay in the list: rasa-sdk validates (and returns) only slots that are required,
        # so a fact answered this turn would otherwise be dropped once the rules no longer miss it.
        filled = [name for name in PROFILE_FIELDS if slots[name] is not None]
        # Only facts the form has a slot and a question for (a rule may miss a field it cannot ask).
        wanted = [f for f in next_questions(slots, unknown, _asked(tracker)) if f in PROFILE_FIELDS]
        if slots["age"] is None and "age" not in wanted and _bare_age(tracker):
            filled.append("age")  # "80" typed out of turn: extracted (and acknowledged) even if no rule needs it
        return [*filled, *wanted]

    async def extract_age(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> dict[str, Any]:
        """A bare number ("82", "82吧") answers the age question, and is the age when typed while another
        question is asked (nothing else the check asks is a number of that size)."""
        if tracker.get_slot("age"):
            return {}
        if tracker.get_slot("requested_slot") == "age":
            match = _BARE_NUMBER.match((tracker.latest_message.get("text") or "").strip())
            return {"age": match.group(1)} if match else {}
        age = _bare_age(tracker)
        return {"age": age} if age else {}

    async def _short_answer(self, slot: str, tracker: Tracker) -> dict[str, Any]:
        """是/不是, 城里, 没有 … as the answer to the question just asked about `slot`."""
        if tracker.get_slot("requested_slot") != slot:
            return {}
        if any(e.get("entity") == slot for e in tracker.latest_message.get("entities") or []):
            return {}  # the profile extractor understood the reply; its mapping fills the slot
        text = (tracker.latest_message.get("text") or "").strip()
        for pattern, value in SHORT_ANSWERS.get(slot, []):
            if pattern.match(text):
                return {slot: value}
        if slot not in BOOLEAN_SLOTS or slot in EITHER_OR_SLOTS:
            return {}  # 是/不是 does not answer 农村还是城里: the question is asked again
        if _NO.match(text):
            return {slot: "false"}
        if _YES.match(text):
            return {slot: "true"}
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        return {slot: BOOLEAN_ANSWERS[intent]} if intent in BOOLEAN_ANSWERS and len(text) <= 8 else {}

    def validate_age(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> dict[str, Any]:
        try:
            age = int(float(value))
        except (TypeError, ValueError):
            age = -1
        if AGE_RANGE[0] <= age <= AGE_RANGE[1]:
            return {"age": str(age)}
        dispatcher.utter_message(text="年龄好像不太对，请输入老人的周岁年龄，比如：82")
        return {"age": None}

    def validate_region(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                        domain: DomainDict) -> dict[str, Any]:
        kept = kept_district(previous_value(tracker, "region"), value)
        if kept != value:
            return {"region": kept}  # 户口也在海口 after 龙华区: the district already says more
        if value == "outside" or load_kb().covers(str(value)):
            return {"region": value, **lapsed_by_region_change(tracker, value)}
        return {"region": None}


def _make_short_answer_extractor(slot: str):  # type: ignore[no-untyped-def]
    async def extract(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                      domain: DomainDict) -> dict[str, Any]:
        return await self._short_answer(slot, tracker)

    extract.__name__ = f"extract_{slot}"
    return extract


for _slot in (*BOOLEAN_SLOTS, *SHORT_ANSWERS):
    setattr(ValidateEntitlementForm, f"extract_{_slot}", _make_short_answer_extractor(_slot))


class ActionEntitlementResults(Action):
    def name(self) -> str:
        return "action_entitlement_results"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        events = send(dispatcher, results_reply(profile_from_slots(tracker)))
        return [*events, SlotSet("unknown_fields", [])]


class ActionCancelCheck(Action):
    def name(self) -> str:
        return "action_cancel_check"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        text = tracker.latest_message.get("text") or ""
        if intent == "cancel" and CONTINUE.search(text) and not in_check(tracker):
            # "继续查" after a digression that ended the check (转人工): take it up again
            dispatcher.utter_message(text=GO_ON_TEXT)
            return [FollowupAction("entitlement_form")]
        if intent == "cancel":
            dispatcher.utter_message(response="utter_check_cancelled")
        return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("unknown_fields", [])]


# 继续查 after a handoff or a digression: the check goes on with the facts it has.
CONTINUE = re.compile(r"^(请|那|好的?|嗯)?[，, ]*(继续|接着)(查|问|吧|来)?")
GO_ON_TEXT = "好的，我们接着查。"
CHECK_DONE_TEXT = "刚才那位老人已经查完了。想看每一项的条件，点“看完整清单”；要查另一位老人，点“查另一位”。"
NEW_CHECK_BUTTON = {"title": "查另一位", "payload": "重新查另一位老人"}


# "重新查", "再帮我爸查查", "换个人", "我婆婆也查一下": a new check, maybe for another person.
RESTART = re.compile(r"重新|再(帮|给|替|查|看|算)|换个人|换一个|另(外)?一个|也(帮|给|替)?.{0,4}(查|看)")


# Words that ask for a check of one's own entitlements, not about the topic just answered.
CHECK_WORDS = re.compile(r"查|测|评估|算算|看看|能享受|能领|能拿|待遇|符合|够不够|我妈|我爸|俺娘|俺爹|老人家")


class ActionStartCheck(Action):
    """Starts the check. After an earlier check (or when the user says it is a new one), facts from
    before are dropped: they may belong to another person. Facts in this very message are kept."""

    def name(self) -> str:
        return "action_start_check"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        said = latest_entities(tracker)
        text = tracker.latest_message.get("text") or ""
        checking = in_check(tracker)
        if keyword_query(text) and not checking:
            reply = answer_question(text, tracker.get_slot("region"))  # a keyword query, not a check
            return [*send(dispatcher, reply), *facts_unsaid(tracker), FollowupAction("action_listen")]
        last = tracker.get_slot("last_answer") or {}
        if (not checking and not last.get("question") and is_follow_up(text) and not CHECK_WORDS.search(text)
                and not any(n in said for n in PROFILE_FIELDS)):
            # "在哪申请" with nothing before it: which benefit? (not a check nobody asked for)
            dispatcher.utter_message(text=WHICH_TOPIC, buttons=TOPIC_BUTTONS)
            return [FollowupAction("action_listen")]
        if (last.get("status") in ("answered", "not_specified") and not CHECK_WORDS.search(text)
                and not any(n in said for n in PROFILE_FIELDS)):
            topic = followed_topic(text, last)
            if topic:  # "要啥条件？" right after an answer asks about that answer's topic
                events = send(dispatcher, answer_follow_up(text, topic, tracker.get_slot("region")))
                return events if checking else [*events, FollowupAction("action_listen")]
        if checking and not RESTART.search(text):
            if not any(n in said for n in PROFILE_FIELDS):  # "能享受啥" while the check asks: not yet
                dispatcher.utter_message(text=STILL_ASKING)
            return []  # already checking: the form asks its next question
        if (last.get("status") == "check" and tracker.get_slot("last_check") and not RESTART.search(text)
                and not CHECK_WORDS.search(text) and not any(n in said for n in PROFILE_FIELDS)):
            # "要啥条件" right after the results: the conditions, item by item (the full checklist)
            return [*send(dispatcher, checklist_reply(tracker.get_slot("last_check"))), FollowupAction("action_listen")]
        stale = [n for n in PROFILE_FIELDS if n not in said and tracker.get_slot(n) is not None]
        if stale and tracker.get_slot("last_check") and CONTINUE.search(text) and not RESTART.search(text):
            # "继续" after a finished check: nothing is left to ask; the facts are not dropped unasked
            dispatcher.utter_message(text=CHECK_DONE_TEXT, buttons=[CHECKLIST_BUTTON, NEW_CHECK_BUTTON])
            return [SlotSet("last_answer", dict(CHECK_LAST_ANSWER)),
                    FollowupAction("action_listen")]
        if stale and (tracker.get_slot("last_check") or RESTART.search(text)):
            dispatcher.utter_message(response="utter_restart_check")
            return [*[SlotSet(n, None) for n in stale], SlotSet("unknown_fields", []), SlotSet("last_check", None)]
        if stale and CONTINUE.search(text):
            dispatcher.utter_message(text=GO_ON_TEXT)  # the facts and the 不知道 answers are kept
            return []
        dispatcher.utter_message(response="utter_start_check")
        if people_mentioned(text) >= 2:
            dispatcher.utter_message(text=TWO_PEOPLE_NOTE)
        return [SlotSet("unknown_fields", []), *_form_after_fallback(tracker)]


def _form_after_fallback(tracker: Tracker) -> list[EventType]:
    """The form, when the check was started by the fallback (no rule then says it comes next)."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    return [FollowupAction("entitlement_form")] if intent == "nlu_fallback" else []


STILL_ASKING = "还差几个问题，问完马上告诉您老人能享受什么。"
WHICH_TOPIC = "您想问哪一项？比如高龄津贴、护理补贴、上门服务，请连同地方一起说，例如“温州上门服务在哪申请”。"
TOPIC_BUTTONS = [{"title": "查查能享受什么", "payload": "帮我查查老人能享受什么待遇"},
                 {"title": "转人工", "payload": "/human_handoff"}]

# Two elders in one message: the rules apply person by person, so the check takes one at a time.
TWO_PEOPLE_NOTE = ("您说到了两位老人。每个人能享受的不一样，我们一位一位查：接下来的问题请按其中一位回答，"
                   "查完说“再查另一位”就行。")


# A hotline agent's keyword query ("温州 重度失能 低保 时长"; the normaliser has removed the spaces): facts
# followed by the kind of answer wanted, with no request for a check.
KEYWORD_QUERY = re.compile(r"(时长|金额|多少钱|标准|条件|电话|地址|材料|流程|文号|比例|怎么申请|在哪申请)[?？]?$")
KEYWORD_QUERY_MAX_CHARS = 24


def _verdict_on_last_benefit(tracker: Tracker, last: dict[str, Any]) -> Reply | None:
    """Facts about the elder right after an answer on one catalogued benefit, or a verdict on some: the
    rules' verdict on it (the full check is one tap away), or None when the last answer named no single
    benefit."""
    region = tracker.get_slot("region")
    if last.get("benefit_ids") and region and region != "outside":
        # 那我妈呢，她63 right after a verdict on 免费体检: the verdict on it for these facts
        return benefit_verdict_reply(list(last["benefit_ids"]), profile_from_slots(tracker))
    if last.get("status") not in ("answered", "not_specified") or not region or region == "outside":
        return None
    named = benefits_named_in(load_kb(), str(last.get("question") or ""), region)
    return benefit_verdict_reply([named[0]["id"]], profile_from_slots(tracker)) if len(named) == 1 else None


def keyword_query(text: str) -> bool:
    text = text.strip()
    return (len(text) <= KEYWORD_QUERY_MAX_CHARS and bool(KEYWORD_QUERY.search(text))
            and not CHECK_WORDS.search(text) and not is_follow_up(text))  # 要啥条件 continues the last topic


def asks_own_question(tracker: Tracker, text: str) -> bool:
    """A message the classifier took for facts that asks something particular: a kind of value (多少钟头,
    多少钱, 哪个部门), a subsidy or fee, or a named benefit — not what the elder can get at all (能享受啥,
    which the check answers)."""
    text = VAGUE_NUMBER.sub("", text)  # 瘫床上好几年了 asks nothing
    if not QUESTION_LIKE.search(text) or WHAT_CAN_WE_GET.search(text) or text.startswith("/"):
        return False
    named = any(e.get("entity") == "benefit" for e in tracker.latest_message.get("entities") or [])
    asked = normalize_query(text)
    return named or detect_answer_kind(text) is not None or any(k.question.search(asked) for k in YES_NO_MONEY_KINDS)


class ActionHandleInform(Action):
    """Facts, corrections, yes/no or 不知道 outside the form."""

    def name(self) -> str:
        return "action_handle_inform"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        facts = latest_entities(tracker)
        pending = tracker.get_slot("pending_question")
        region = tracker.get_slot("region")
        if facts.get("region") == "outside" or (region == "outside" and "region" in facts):
            events = send(dispatcher, outside_coverage_reply(load_kb(), facts.get("outside_place") or None))
            return [*events, SlotSet("pending_question", None)]
        if pending and region:
            events = send(dispatcher, answer_question(pending, region))
            return [*events, SlotSet("pending_question", None)]
        text = tracker.latest_message.get("text") or ""
        content = without_places(load_kb(), text).strip(" 的呢吗么啊呀？?，,。!！")
        last = tracker.get_slot("last_answer") or {}
        if (set(facts) == {"region"} and region and len(content) < 4 and last.get("question")
                and last.get("status") != "check"):
            return send(dispatcher, answer_for_region(last["question"], region))  # "温州的呢？"
        if keyword_query(text):
            return [*send(dispatcher, answer_question(text, region)), *facts_unsaid(tracker)]
        follow = elliptical_follow_up(dispatcher, tracker)
        if follow is not None:
            return follow
        if asks_own_question(tracker, text):
            # 俺妈瘫在床上，低保边缘户，每月给多少钟头 / 66了住海口，能免费体检不: the facts come with a question
            # of their own, which the answering action answers (with the facts for a verdict). It runs here:
            # no rule follows this action with another. (actions.answer imports this module.)
            from actions.answer import ActionAnswerQuestion

            return await ActionAnswerQuestion().run(dispatcher, tracker, domain)
        if any(name != "region" for name in facts if name in PROFILE_FIELDS):
            verdict = _verdict_on_last_benefit(tracker, last)
            if verdict is not None:
                return send(dispatcher, verdict)  # "我妈63了" right after 免费体检's answer: can she have it?
            dispatcher.utter_message(response="utter_start_check")
            return [FollowupAction("entitlement_form")]
        if tracker.get_slot("last_check") and facts:
            if previous_value(tracker, "region") in (None, "outside") and facts.get("region") not in (None, "outside"):
                # the check stopped at an unknown place or one outside coverage; a covered one asks what its
                # rules need
                place = load_kb().region(facts["region"])
                dispatcher.utter_message(text=f"好的，按{place.name if place else '这个地方'}的政策接着帮您查。")
                return [FollowupAction("entitlement_form")]
            lapsed = lapsed_by_region_change(tracker, facts.get("region"))
            if lapsed:  # another place: whether the elder's 户籍/居住 are there must be asked again
                dispatcher.utter_message(text="换了地方，户籍和居住情况要按新地方重新确认一下。")
                return [*[SlotSet(k, v) for k, v in lapsed.items()], FollowupAction("entitlement_form")]
            return send(dispatcher, results_reply(profile_from_slots(tracker)))
        if QUESTION_LIKE.search(text) and len(content) >= 4 and not text.startswith("/"):
            return send(dispatcher, answer_question(text, region))  # a question the classifier took for a fact
        if "region" in facts and region:
            name = load_kb().regions[load_kb().covers(region)[0]].name if load_kb().covers(region) else region
            dispatcher.utter_message(
                text=f"好的，记住了：{name}。您可以直接问政策，也可以让我帮您查查老人能享受什么。",
                buttons=[{"title": "查查能享受什么", "payload": "帮我查查老人能享受什么待遇"}])
            return []
        dispatcher.utter_message(
            text="您想了解什么？可以直接问政策，也可以让我帮您查查老人能享受哪些待遇；找人工请拨打12345。",
            buttons=[{"title": "查查能享受什么", "payload": "帮我查查老人能享受什么待遇"},
                     {"title": "转人工", "payload": "/human_handoff"}])
        return []
