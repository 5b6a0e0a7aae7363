"""Fallback, handoff and feedback replies."""

from __future__ import annotations

import re

from bot.answering.default import on_topic
from bot.answering.words import COMPLAINT  # anger or a complaint: an apology, no topic buttons
from bot.dialogue.messages import HUMAN_BUTTON, Reply
from bot.kb.loader import load_kb
from bot.kb.search import get_index

HANDOFF_TEXT = ("好的，为您转人工。现在请拨打12345政务服务便民热线，工作人员会为您解答；"
                "您刚才说的情况已记录（编号{ticket}），方便工作人员了解。")
INTENT_SUGGESTIONS = {
    "check_entitlement": ("查查老人能享受什么", "帮我查查老人能享受什么待遇"),
    "human_handoff": ("转人工", "/human_handoff"),
    "compare_regions": ("比较各地政策", "各地的居家养老政策有什么不同"),
}
MAX_TOPICS = 3
CHECK_REQUEST = "帮我查查能享受什么"
PERSONAL_CLARIFY = "您是想让我按老人的情况查查能享受哪些待遇，还是想问下面的政策？"
PLACE_CLARIFY = "您是想问{place}的情况吗？"
COMPLAINT_TEXT = ("抱歉让您不满意了。我只能根据收录的政策文件回答问题，办不了具体业务；"
                  "要反映问题或投诉，请拨打12345政务服务便民热线，也可以点“转人工”。")


def handoff_reply(ticket: int) -> Reply:
    reply = Reply()
    reply.say(HANDOFF_TEXT.format(ticket=ticket))
    return reply


def feedback_reply(helpful: bool) -> Reply:
    reply = Reply()
    if helpful:
        reply.say("谢谢您的反馈！还有别的想问的吗？")
    else:
        reply.say("抱歉没帮上忙，您的反馈已记录，我们会改进。可以换个说法再问，或拨打12345找人工。",
                  buttons=[HUMAN_BUTTON])
    return reply


def _topic_title(clause_id: str) -> str:
    clause = load_kb().clauses[clause_id]
    return clause.title or clause.heading.split(" › ")[-1]


def clarify_reply(text: str, intent_ranking: list[str], region: str | None, personal: bool = False,
                  place: str = "") -> Reply:
    """"您是想问…？" with the closest knowledge-base topics and intents as buttons. A message telling
    something about the elder (我爸85了，海口的，有啥补贴) is most likely asking for a check: that comes first.
    A message that is only a `place` (那海口呢) most likely means the same question or check there."""
    if COMPLAINT.search(text):
        return complaint_reply()
    if place:
        reply = Reply()
        reply.say(PLACE_CLARIFY.format(place=place), buttons=[{"title": f"是，{place}", "payload": place},
                                                              {"title": "都不是", "payload": "/out_of_scope"}])
        return reply
    buttons: list[dict[str, str]] = []
    seen: set[str] = set()
    if personal:
        # the facts go along: the fallback takes back the message that stated them
        title = INTENT_SUGGESTIONS["check_entitlement"][0]
        seen.add(title)
        buttons.append({"title": title, "payload": f"{text.strip()}，{CHECK_REQUEST}"})
    kb = load_kb()
    for hit in get_index().search(text, region=region if region != "outside" else None, k=MAX_TOPICS):
        if not on_topic(kb, hit, text):
            continue  # shares only common words (政府, 老人) with the message: not a guess worth offering
        title = _topic_title(hit.clause_id) if hit.clause_id else ""
        if title and re.search(r"[\u4e00-\u9fff]{2}", title) and title not in seen and len(title) <= 30:
            seen.add(title)
            buttons.append({"title": title, "payload": title})
    for intent in intent_ranking:
        if len(buttons) >= MAX_TOPICS:
            break
        if intent in INTENT_SUGGESTIONS and INTENT_SUGGESTIONS[intent][0] not in seen:
            title, payload = INTENT_SUGGESTIONS[intent]
            seen.add(title)
            buttons.append({"title": title, "payload": payload})
    if not buttons:
        title, payload = INTENT_SUGGESTIONS["check_entitlement"]
        buttons.append({"title": title, "payload": payload})
    reply = Reply()
    ask = PERSONAL_CLARIFY if personal else "我不太确定您的意思，您是想问下面哪一项？"
    reply.say(ask, buttons=[*buttons[:MAX_TOPICS],
                                                  {"title": "都不是", "payload": "/out_of_scope"}])
    return reply


def complaint_reply() -> Reply:
    reply = Reply()
    title, payload = INTENT_SUGGESTIONS["check_entitlement"]
    reply.say(COMPLAINT_TEXT, buttons=[HUMAN_BUTTON, {"title": title, "payload": payload}])
    return reply


def give_up_reply() -> Reply:
    reply = Reply()
    reply.say("抱歉，我还是没能理解您的问题。建议拨打12345政务服务便民热线，由工作人员为您解答。",
              buttons=[HUMAN_BUTTON])
    return reply
