"""Which kind of turn a message is: one pure function of the message (as read once) and the context.

The order of the checks below is the design; each line says why it stands where it does. The table in
``tests/data/routing.yaml`` (context + message → kind) pins it down row by row.

The classifier's intent is one witness among others: a question form beats an intent that says "facts", a
request for a personal check beats an intent that says "question", and a small-talk intent stands only
when the message asks nothing the documents could answer.
"""

from __future__ import annotations

from enum import Enum

from bot.conversation.message import Message
from bot.conversation.state import Context


class Turn(str, Enum):
    EMPTY = "empty"  # nothing said
    GREET = "greet"
    THANK = "thank"
    GOODBYE = "goodbye"
    BOT_CHALLENGE = "bot_challenge"
    OUT_OF_SCOPE = "out_of_scope"
    COMPLAINT = "complaint"
    HANDOFF = "handoff"  # a person, now
    FEEDBACK = "feedback"  # 👍/👎 on the last answer
    DETAILS = "details"  # 详细说明: the whole clause of the last answer
    COMPARE = "compare"  # the same topic in two or more places
    ANSWER = "answer"  # a question: the cited answer
    ANSWER_THEN_CHECK = "answer_then_check"  # a question and 顺便帮她查查: the answer, then the check begins
    FOLLOW_UP = "follow_up"  # 要钱不 / 在哪申请 / 那中度的呢: the last answer's topic, continued
    OTHER_PLACE = "other_place"  # 温州的呢: the last question, for another place
    REGION_ANSWER = "region_answer"  # the place asked for a question that waits for it
    OUTSIDE_COVERAGE = "outside_coverage"  # a place the documents do not cover
    VERDICT = "verdict"  # a named benefit + facts about the elder: the rules' verdict on it
    FACTS_VERDICT = "facts_verdict"  # facts right after an answer on one benefit: the verdict on it
    START_CHECK = "start_check"  # a request for a personal check, or facts with no question
    RESTART_CHECK = "restart_check"  # a check for another person: earlier facts dropped
    CONTINUE_CHECK = "continue_check"  # 继续查 after a digression that ended the check
    CHECK_DONE = "check_done"  # 继续 after the results: nothing is left to ask
    CHECK_REPLY = "check_reply"  # in the check: the reply to the question asked (or facts, 不清楚 …)
    CHECK_QUESTION = "check_question"  # in the check: a question of its own, answered, then the check goes on
    CHECK_STATUS = "check_status"  # in the check: 能享受啥 / 怎么申请 / 看清单 — the results will say
    CHECK_EXPLAIN = "check_explain"  # in the check: 不清楚啥意思 — what the question's word means, asked again
    CHECK_SMALL_TALK = "check_small_talk"  # in the check: 你好 / 谢谢 / 你是谁 — said, then the check goes on
    CHOOSE_PERSON = "choose_person"  # which of two elders to check first
    CANCEL_CHECK = "cancel_check"  # 不查了 / 再见 in the check
    NOTHING_TO_CANCEL = "nothing_to_cancel"
    RESULTS_PRACTICAL = "results_practical"  # 怎么申请 / 要钱不 right after the results: the items found
    CHECKLIST = "checklist"  # 要啥条件 / 看完整清单 after the results: condition by condition
    WHICH_TOPIC = "which_topic"  # 在哪申请 with nothing before it: which benefit?
    NOTED = "noted"  # a place said alone, nothing asked: remembered, and what can be done next
    PROMPT = "prompt"  # 是 / 不是 / 不知道 with nothing to answer: what would you like?
    CLARIFY = "clarify"  # not understood: the closest topics as buttons
    REPHRASE = "rephrase"  # 都不是 to the closest topics: say it another way
    GIVE_UP = "give_up"  # not understood twice: 12345


# A question this short in the check may be a reply put as a question (啥？, 城里吧？); longer, it asks something.
SHORT_REPLY = 5

# Offers of the closest topics ("您是想问…？") before the assistant says it cannot help and gives 12345.
MAX_CLARIFY = 2
SMALL_TALK = {"greet": Turn.GREET, "thank": Turn.THANK, "goodbye": Turn.GOODBYE,
              "bot_challenge": Turn.BOT_CHALLENGE, "out_of_scope": Turn.OUT_OF_SCOPE}


def _names_chosen(m: Message, ctx: Context) -> bool:
    return any(p.label and p.label in m.text for p in ctx.check.choosing)


# the kinds of fact a question asks (question_kinds.yaml) that make "…有多少" a question about an amount
VALUE_KINDS = ("money", "number", "hours", "percent", "count")


def _asks_own_check(m: Message) -> bool:
    """帮我妈查查能享受啥 / 我能享受什么 / 海口，78岁，低保，能享受什么: the user's own entitlements, which the
    check answers — not a question about a group (低保户有啥补贴, 我在广州，老人有啥补贴) or a named topic
    (帮我查下海口的高龄津贴)."""
    if m.reading.outside_place and not m.reading.places and not (
            m.cues.check_request or (m.reading.kin_named and m.cues.own_check)):
        # 俺在河南周口农村 老人有啥补贴 / 我妈住北京朝阳 北京给老人有啥补贴: only a place the documents do not cover,
        # asked about — the answer says so; an elder's own check asked (我妈在北京，80了，能享受啥) starts, saying it
        # and keeping her facts for a covered place named next
        return False
    if m.wording and m.wording.kind in VALUE_KINDS and not m.cues.check_request:
        # 残疾人那两项补贴一个月有多少 / 那她九十多的每个月有多少: an amount of what it names, not what she can have
        return False
    if m.cues.own_check:
        return True
    if m.cues.check_request and m.reading.kin_named and m.cues.eligibility:
        return True  # 帮我查查我爸能不能拿海口的护理补贴: whether one person can have it — the check decides
    if _topic(m):
        return False
    if m.cues.check_request:
        return True
    # 我爸85了，海口的，有啥补贴 / 我爸瘫痪在床，能有啥补助: an elder or facts, then "what is there" about no
    # other place (温州有什么照顾政策 asks about 温州)
    asked_places = set(m.reading.places) - {m.facts.get("region")}
    if (m.cues.what_can_we_get and not m.reading.places and not m.reading.outside_place
            and len(m.text) <= BARE_ASK_CHARS and not (m.wording and m.wording.follow_up)):
        return True  # 能领啥 / 俺能享受啥 alone: the writer's own check (老人有啥补贴 asks at large)
    # (有啥照顾政策 asks the group's policies: answered, the check offered after)
    return (m.cues.what_can_we_get and bool(m.personal_facts or m.reading.kin_named) and not asked_places
            and not m.cues.policy_at_large)


BARE_ASK_CHARS = 5  # 能领啥, 能领点啥, 有啥补贴: "what can be had" and no word of whom


def _topic(m: Message) -> bool:
    """The message names a topic of its own: a rare word the documents use, an everyday service, or a status
    named as a group (空巢老人是什么意思)."""
    return bool(m.wording and m.wording.topic_words) or bool(m.reading.topics)


def _subject(m: Message) -> bool:
    """A topic, or the kind of answer a hotline keyword query ends on (温州 重度失能 低保 时长)."""
    return _topic(m) or bool(m.cues.keyword_query and m.wording and m.wording.kind)


def _topic_question(m: Message) -> bool:
    return _topic(m) and (m.cues.asks or m.intent == "ask_policy")


def _question(m: Message, in_check: bool = True) -> bool:
    """The message asks something (a question form, or a hotline keyword query) — as opposed to a reply. Outside a
    check, a 不知道 in the story does not make a question beside it a reply (记不得家在哪 … 政府管不管吃住)."""
    if m.cues.say_yes or m.cues.say_no:
        return False  # 应该不是吧 / 哪个都不沾: replies, though 吧 / 哪 look like questions
    if (m.cues.dont_know or m.cues.skip) and (in_check or not m.cues.asks_apart):
        return False
    if m.cues.correction and (m.facts or not _topic(m)):
        return False  # 28，不对不对，是82: a correction, though 对不对 looks like a question
    return m.cues.asks or m.cues.keyword_query


def route(m: Message, ctx: Context) -> Turn:
    cues, intent = m.cues, m.intent
    if not m.text.strip():
        return Turn.EMPTY
    if m.untrusted_payload:
        # a payload typed by hand: nothing in it is taken; an unreadable reply in the check, else not understood
        return Turn.CHECK_REPLY if ctx.in_check else _not_understood(ctx)
    payload = m.payload
    if payload is not None and payload.intent == "feedback":
        return Turn.FEEDBACK
    # A person, at any time (but an office's phone number is a question: 海口民政局电话多少).
    # A question with a topic of its own is answered, whatever words it shares with a request for a person or a
    # complaint (海口民政局电话多少, 能不能打12345问养老政策, 那家公司靠不靠谱)
    asks_topic = cues.asks and _topic(m)
    if cues.who_are_you and not cues.human_now and not m.facts and not _topic(m) and payload is None:
        # 你是真人吗 / 你是机器人吗 哈哈哈: what answers, said (in the check, then its question again)
        return Turn.CHECK_SMALL_TALK if ctx.in_check else Turn.BOT_CHALLENGE
    if (payload and payload.intent == "human_handoff") or cues.human_now or (cues.wants_human and not asks_topic):
        return Turn.HANDOFF
    if intent == "human_handoff" and not cues.office_contact and not _topic_question(m) and not (
            ctx.in_check and not cues.wants_human):
        # (有没有人上门帮忙洗澡 asks about a service: answered below; in the check, the classifier's guess with no
        # word for a person is a reply — 来电人说没做过评估)
        return Turn.HANDOFF
    if not payload and (cues.complaint or (cues.report and not cues.asks)):
        # (市民投诉：开发商把养老用房拆了，按规定怎么处理？ / 养老诈骗找谁举报 ask something: answered)
        return Turn.COMPLAINT
    if intent == "feedback" and m.helpful:
        return Turn.FEEDBACK
    if ctx.in_check:
        return _route_in_check(m, ctx)
    return _route_outside(m, ctx)


def _route_in_check(m: Message, ctx: Context) -> Turn:
    cues, intent, payload = m.cues, m.intent, m.payload
    if ctx.check.choosing and (_names_chosen(m, ctx) or (payload and payload.intent == "choose")):
        return Turn.CHOOSE_PERSON
    if cues.cancel or (payload and payload.intent == "cancel"):
        return Turn.CANCEL_CHECK
    if cues.restart:
        return Turn.RESTART_CHECK
    if payload is not None:
        if payload.intent in ("inform", "dont_know", "affirm", "deny"):
            return Turn.CHECK_REPLY
        if payload.intent in SMALL_TALK:
            return Turn.CHECK_SMALL_TALK
        return Turn.CHECK_REPLY if payload.values else Turn.CHECK_STATUS
    if cues.details or (cues.checklist and not cues.asks and not m.facts):
        return Turn.CHECK_STATUS  # 看完整清单 before the end: the list comes with the results
    if m.wording and m.wording.only_place:
        return Turn.CHECK_REPLY  # 儋州: where the elder is
    if cues.what_meaning and not _topic(m) and not m.facts:
        return Turn.CHECK_EXPLAIN  # 不清楚啥意思 / 什么算困难: the question's own word, explained
    readable = m.reply is not None and m.reply.readable
    if _question(m) and not readable:
        if _topic(m):
            return Turn.CHECK_QUESTION  # 时间银行是什么意思: answered, then the check asks on
        if cues.own_share or cues.what_can_we_get or _asks_own_check(m):
            return Turn.CHECK_STATUS  # 她能拿多少钱 / 能享受啥: the results will say, item by item
        if m.wording and m.wording.follow_up and m.wording.practical:
            return Turn.CHECK_STATUS  # 怎么申请: after the results
        if _subject(m):
            return Turn.CHECK_QUESTION  # 温州 重度失能 低保 时长: a hotline query, answered
        if len(m.text) > SHORT_REPLY and not m.facts:
            return Turn.CHECK_QUESTION  # 你们这个能说维吾尔语不: a question of its own, not a reply to take as 不
    if _question(m) and _subject(m) and not (m.reply and m.reply.value is not None):
        return Turn.CHECK_QUESTION
    if readable or m.facts:
        return Turn.CHECK_REPLY
    if not m.facts and intent in ("greet", "thank", "bot_challenge") and not _topic(m):
        return Turn.CHECK_SMALL_TALK
    if not m.facts and intent in ("cancel", "goodbye") and not _topic(m):
        return Turn.CANCEL_CHECK
    return Turn.CHECK_REPLY


def _route_outside(m: Message, ctx: Context) -> Turn:
    cues, intent, payload, wording = m.cues, m.intent, m.payload, m.wording
    reading = m.reading
    if ctx.check.choosing and _names_chosen(m, ctx):
        return Turn.CHOOSE_PERSON
    if payload is not None:
        return _route_payload(m, ctx)
    if cues.cancel:
        if cues.go_on:
            return Turn.CHECK_DONE if ctx.after_results else Turn.CONTINUE_CHECK
        return Turn.NOTHING_TO_CANCEL
    if cues.go_on and not cues.asks:
        if ctx.last_check:
            return Turn.CHECK_DONE  # 继续 after the results (maybe after a question or two): nothing left to ask
        if ctx.facts:
            return Turn.CONTINUE_CHECK  # 继续查 after a digression or a handoff stopped the check
    if cues.details and not (_topic(m) and not ctx.answered and not ctx.after_results):
        # (条例原文哪里能看 / 海口居家养老条例全文, first: a question of its own, answered, not "details of what?")
        return Turn.CHECKLIST if ctx.after_results else Turn.DETAILS
    place = wording.only_place if wording else None
    if ctx.pending_question and (place or m.facts.get("region")):
        return Turn.REGION_ANSWER  # "您问的是哪个地方？" — 温州
    if cues.inquiry and m.reading.kin_named and not _topic(m) and not m.facts and not place and not (
            wording and wording.kind):
        return Turn.START_CHECK  # 你好 我想问问我妈的事: an elder and nothing asked yet — the check asks (d10-11)
    small_talk = SMALL_TALK.get(intent or "")
    if small_talk and not _topic(m) and not m.facts and not place:
        if ctx.answered and wording and wording.ellipsis:
            return Turn.FOLLOW_UP  # 那百岁老人呢 (the classifier learnt 那… from 那先这样)
        return small_talk  # 在吗 / 你是谁 / 天气怎么样: nothing the documents could answer
    if cues.restart and (cues.check_request or _asks_own_check(m) or not cues.asks):
        return Turn.RESTART_CHECK
    if cues.check_request and _question(m, in_check=False) and reading.topics and not ctx.in_check:
        # 外地户口在三亚能享受啥养老服务不 完了帮俺查查: a condition asked about (外地户口), then the check asked for —
        # the answer says what the documents write of it, then the check begins
        return Turn.ANSWER_THEN_CHECK
    if _asks_own_check(m):
        return Turn.START_CHECK  # (also from a place outside coverage: the check says so, and goes on)
    if reading.outside_place and not reading.places:
        return Turn.OUTSIDE_COVERAGE
    # two places compare, unless one is where the elder lives (我在三亚，温州那个服务我能享受不: an answer)
    compares = bool(wording and wording.compares) and not m.facts.get("region")
    # (the classifier's compare_regions with no place named compares places only when it speaks of them at large:
    # 特困跟低保有啥不一样 compares two things, which is a question)
    if compares or (intent == "compare_regions" and not reading.places and wording and wording.across_places):
        if not (place and ctx.answered):
            return Turn.COMPARE  # 海口和温州的上门服务有什么不同 / 各地有什么不同 (a place inside another is no pair)
    if ctx.after_results and wording and wording.follow_up and not m.personal_facts:
        return Turn.RESULTS_PRACTICAL if wording.practical else Turn.CHECKLIST
    if ctx.answered:
        if place:
            return Turn.OTHER_PLACE  # 昌吉有吗 after an answer on 温州
        if wording and (wording.ellipsis or wording.follow_up) and not m.personal_facts:
            return Turn.FOLLOW_UP
    if _question(m, in_check=False):
        if (m.benefits and m.personal_facts and cues.eligibility and not (wording and wording.kind)
                and (reading.places or ctx.region)):
            return Turn.VERDICT  # 我妈85岁在海口，能领高龄津贴吗
        if wording and wording.follow_up and not ctx.answered and not m.facts and not _topic(m):
            return Turn.WHICH_TOPIC  # 在哪申请 with nothing before it
        if (wording and wording.ellipsis and not ctx.answered and not m.facts and not wording.topic_words
                and not wording.only_place):
            return Turn.WHICH_TOPIC  # 那农村的呢 with nothing before it: a group named, no topic to continue
        if cues.check_request and not ctx.in_check and (m.personal_facts or reading.kin_named):
            return Turn.ANSWER_THEN_CHECK  # 想住公办养老院 能不能优先？顺便帮她查查
        return Turn.ANSWER
    if m.personal_facts or any(p.facts for p in reading.people):
        if ctx.last_answer.get("benefit_ids") or ctx.answered:
            return Turn.FACTS_VERDICT  # 我妈63了 right after an answer on 免费体检
        if ctx.last_check and not cues.restart:
            return Turn.CONTINUE_CHECK  # 不对，是中度 after the results: the same elder, corrected
        return Turn.START_CHECK  # facts with no question: a hotline note, or a reply to nothing
    if reading.kin_named and (m.facts.get("region") or place) and not cues.details:
        return Turn.START_CHECK  # 老伴瘫床上三年了 吃饭都要喂 我们在海口琼山住: an elder and a place, nothing asked
    if _topic(m) and (intent not in (None, "nlu_fallback") or cues.details):
        return Turn.ANSWER  # 高龄津贴 (a topic typed alone) / 居家养老条例全文
    if ctx.last_check and (m.facts.get("region") or place) not in (None, "outside"):
        return Turn.CONTINUE_CHECK  # a covered place after a check that stopped for want of one
    if m.facts.get("region") or place:
        return Turn.NOTED
    if cues.check_request or (intent == "check_entitlement" and (cues.personal or cues.what_can_we_get)):
        return Turn.START_CHECK
    if cues.say_yes or cues.say_no or cues.dont_know or cues.skip:
        return Turn.PROMPT
    return _not_understood(ctx)


def _not_understood(ctx: Context) -> Turn:
    """The closest topics as buttons; after two such offers in a row, 12345 and a person."""
    return Turn.GIVE_UP if ctx.clarify >= MAX_CLARIFY else Turn.CLARIFY


def _route_payload(m: Message, ctx: Context) -> Turn:
    """A button the assistant offered, outside the check."""
    payload = m.payload
    assert payload is not None
    intent = payload.intent
    if intent == "out_of_scope" and ctx.clarify:
        return Turn.GIVE_UP if ctx.clarify >= MAX_CLARIFY else Turn.REPHRASE  # 都不是 to "您是想问…？"
    if intent in SMALL_TALK:
        return SMALL_TALK[intent]
    if intent == "ask_details":
        return Turn.CHECKLIST if ctx.after_results else Turn.DETAILS
    if intent == "check_entitlement":
        return Turn.START_CHECK
    if intent == "dont_know":
        return Turn.PROMPT
    if intent == "inform" and payload.values:
        if ctx.pending_question and "region" in payload.values:
            return Turn.REGION_ANSWER
        if payload.values.get("region") == "outside":
            return Turn.OUTSIDE_COVERAGE
        if ctx.last_check and set(payload.values) == {"region"}:
            return Turn.CONTINUE_CHECK  # a covered place after a check stopped for want of one
        if set(payload.values) == {"region"}:
            return Turn.NOTED
        return Turn.START_CHECK
    return Turn.PROMPT
