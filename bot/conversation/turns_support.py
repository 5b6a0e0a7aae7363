"""Small talk, handoff, feedback, and the replies for messages that are not understood."""

from __future__ import annotations

from dataclasses import replace

from bot.conversation import texts
from bot.conversation.services import Services
from bot.conversation.state import CheckState, Context
from bot.conversation.turn import TurnIn, said
from bot.conversation.turns_check import place_label
from bot.dialogue.messages import Reply
from bot.dialogue.support import clarify_reply, complaint_reply, feedback_reply, give_up_reply
from bot.handoff import handoff_reply


def greet(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    return said(Reply(), texts.GREET, texts.GREET_BUTTONS), t.ctx


def thank(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    return said(Reply(), texts.THANK), t.ctx


def goodbye(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    return said(Reply(), texts.GOODBYE), t.ctx


def bot_challenge(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    return said(Reply(), texts.BOT_CHALLENGE), t.ctx


def out_of_scope(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    return said(Reply(), texts.OUT_OF_SCOPE), t.ctx


def empty(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    return said(Reply(), texts.EMPTY), t.ctx


def prompt(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    return said(Reply(), texts.PROMPT, [texts.CHECK_BUTTON, texts.HUMAN_BUTTON]), t.ctx


def nothing_to_cancel(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    return said(Reply(), texts.NOTHING_TO_CANCEL), t.ctx


def noted(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    """在海口 with nothing asked: the place is remembered, and what can be done next."""
    place = t.m.facts.get("region") or (t.m.wording.only_place if t.m.wording else None)
    ctx = replace(t.ctx, topic_region=place) if place and place != "outside" else t.ctx
    if t.m.facts.get("region"):
        ctx = replace(ctx, facts={**ctx.facts, "region": t.m.facts["region"]})
    name = place_label(s.kb, place) if place else None
    return said(Reply(), texts.NOTED.format(place=name or place or ""), [texts.CHECK_BUTTON]), ctx


def complaint(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    return complaint_reply(), t.ctx


def handoff(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    """A person, now: 12345, and the conversation recorded for the agents (the check stops; 继续查 resumes)."""
    reason = "fallback" if t.m.intent == "nlu_fallback" else "asked"
    receipt = s.records.handoff(t.sender, t.channel, reason, list(t.transcript), dict(t.ctx.facts))
    check = CheckState(unknown=t.ctx.check.unknown, others=t.ctx.check.others) if t.ctx.in_check else t.ctx.check
    return handoff_reply(receipt), replace(t.ctx, check=check)


def feedback(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    helpful = t.m.helpful or ("no" if s.vocab.cues.found("unhelpful", t.m.text) else "yes")
    last = t.ctx.last_answer
    question, answer = str(last.get("question") or ""), str(last.get("answer") or "")
    if not question and helpful == "yes":
        return said(Reply(), texts.THANKS_FOR_NOTHING), t.ctx
    s.records.feedback(t.sender, "helpful" if helpful == "yes" else "not_helpful", question, answer,
                       list(last.get("clause_ids") or []))
    return feedback_reply(helpful == "yes"), t.ctx


def clarify(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    m = t.m
    place = ""
    if t.ctx.last_answer.get("question") and len(m.reading.places) == 1 and m.wording and m.wording.only_place:
        place = place_label(s.kb, m.reading.places[0]) or ""
    reply = clarify_reply(m.text, list(m.ranking), t.ctx.region, personal=bool(m.personal_facts), place=place)
    return reply, t.ctx


def rephrase(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    return said(Reply(), texts.REPHRASE), t.ctx


def give_up(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    return give_up_reply(), t.ctx
