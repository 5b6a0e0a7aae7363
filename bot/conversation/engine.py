"""One turn of the conversation: route the message, run the turn's handler, keep what must be remembered.

    outcome = respond(TurnIn(message, context, sender), services)
    outcome.reply.messages   → what to send
    outcome.ctx              → what to remember (slot_updates(before, after) for Rasa)

Whatever happens inside a handler, the user gets a reply: an exception becomes a polite message with 12345
(logged with the turn's kind), the check in progress is set aside so that the next message starts clean, and
the facts already given are kept.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.conversation import texts
from bot.conversation import turns_answer as answer
from bot.conversation import turns_check as check
from bot.conversation import turns_support as support
from bot.conversation.route import Turn, route
from bot.conversation.services import Services
from bot.conversation.state import MAX_OFFERED, CheckState, Context
from bot.conversation.turn import TurnIn
from bot.dialogue.messages import Reply

logger = logging.getLogger(__name__)

Handler = Callable[[TurnIn, Services], tuple[Reply, Context]]

HANDLERS: dict[Turn, Handler] = {
    Turn.EMPTY: support.empty,
    Turn.GREET: support.greet,
    Turn.THANK: support.thank,
    Turn.GOODBYE: support.goodbye,
    Turn.BOT_CHALLENGE: support.bot_challenge,
    Turn.OUT_OF_SCOPE: support.out_of_scope,
    Turn.COMPLAINT: support.complaint,
    Turn.HANDOFF: support.handoff,
    Turn.FEEDBACK: support.feedback,
    Turn.DETAILS: answer.details,
    Turn.COMPARE: answer.compare,
    Turn.ANSWER: answer.answer,
    Turn.ANSWER_THEN_CHECK: lambda t, s: check.after_answer(answer.answer(t, s), t, s),
    Turn.FOLLOW_UP: answer.follow_up,
    Turn.OTHER_PLACE: answer.other_place,
    Turn.REGION_ANSWER: answer.region_answer,
    Turn.OUTSIDE_COVERAGE: answer.outside_coverage,
    Turn.VERDICT: answer.verdict,
    Turn.FACTS_VERDICT: lambda t, s: answer.facts_verdict(t, s) or check.start_check(t, s),
    Turn.START_CHECK: check.start_check,
    Turn.RESTART_CHECK: check.restart_check,
    Turn.CONTINUE_CHECK: check.continue_check,
    Turn.CHECK_DONE: check.check_done,
    Turn.CHECK_REPLY: check.check_reply,
    Turn.CHECK_QUESTION: check.check_question,
    Turn.CHECK_STATUS: check.check_status,
    Turn.CHECK_EXPLAIN: check.check_explain,
    Turn.CHECK_SMALL_TALK: check.check_small_talk,
    Turn.CHOOSE_PERSON: check.choose_person,
    Turn.CANCEL_CHECK: check.cancel_check,
    Turn.NOTHING_TO_CANCEL: support.nothing_to_cancel,
    Turn.RESULTS_PRACTICAL: check.results_practical,
    Turn.CHECKLIST: check.checklist,
    Turn.WHICH_TOPIC: answer.which_topic,
    Turn.NOTED: support.noted,
    Turn.PROMPT: support.prompt,
    Turn.CLARIFY: support.clarify,
    Turn.REPHRASE: support.rephrase,
    Turn.GIVE_UP: support.give_up,
}


@dataclass(frozen=True)
class Outcome:
    turn: Turn | None  # None when the handler failed
    reply: Reply
    ctx: Context


def respond(t: TurnIn, s: Services) -> Outcome:
    kind: Turn | None = None
    try:
        kind = route(t.m, t.ctx)
        reply, ctx = HANDLERS[kind](t, s)
    except Exception:  # noqa: BLE001 - a turn must never leave the conversation dead
        logger.exception("turn %s failed for sender %s (message %r)", kind, t.sender, t.m.raw[:200])
        reply = Reply()
        reply.say(texts.ERROR, buttons=[texts.HUMAN_BUTTON])
        # the facts stay (each was checked on the way in); the check in progress is set aside
        ctx = replace(t.ctx, check=CheckState(), pending_question=None, clarify=0)
        return Outcome(None, reply, remember_offered(ctx, reply))
    if not reply.messages:
        reply.say(texts.PROMPT, buttons=[texts.CHECK_BUTTON, texts.HUMAN_BUTTON])
    # offers of the closest topics in a row (a 都不是 in between keeps the count: 12345 after the second offer)
    clarify = t.ctx.clarify + 1 if kind == Turn.CLARIFY else t.ctx.clarify if kind == Turn.REPHRASE else 0
    ctx = replace(ctx, clarify=clarify)
    if ctx.check.active:
        ctx = replace(ctx, check=replace(ctx.check, turns=ctx.check.turns + 1))
    return Outcome(kind, reply, remember_offered(ctx, reply))


def remember_offered(ctx: Context, reply: Reply) -> Context:
    """The payloads of this reply's buttons join those the user may tap (and have taken as payloads)."""
    payloads = [str(b.get("payload")) for msg in reply.messages for b in msg.get("buttons") or []
                if str(b.get("payload") or "").startswith("/")]
    if not payloads:
        return ctx
    offered = [p for p in ctx.offered if p not in payloads] + list(dict.fromkeys(payloads))
    return replace(ctx, offered=tuple(offered[-MAX_OFFERED:]))
