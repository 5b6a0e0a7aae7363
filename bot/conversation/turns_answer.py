"""Turns that answer: a question, a follow-up, the same question elsewhere, a comparison, the details, a
verdict on one named benefit. Every fact in them comes from the answering layer or the rules, cited."""

from __future__ import annotations

from dataclasses import replace

from bot.conversation import texts
from bot.conversation.services import Services
from bot.conversation.state import Context
from bot.conversation.turn import TurnIn, absorb, said
from bot.conversation.turns_check import fact_words
from bot.dialogue.catalog import benefits_named_in
from bot.dialogue.check import benefit_verdict_reply, benefits_named
from bot.dialogue.messages import Reply


def remember_facts(ctx: Context, facts: dict[str, str]) -> Context:
    """The facts the user stated about the elder, added to what the conversation knows."""
    return replace(ctx, facts={**ctx.facts, **facts}) if facts else ctx


def _asked_region(t: TurnIn) -> str | None:
    """The covered place the message itself is about, else the conversation's."""
    places = t.m.reading.places
    return places[0] if places else t.ctx.region


def _offer_check(reply: Reply, t: TurnIn) -> None:
    """After an answer that depends on the person (the question told something about the elder, or it was about
    a benefit with conditions): one tap starts the check with those facts."""
    if t.ctx.in_check or not reply.messages:
        return
    if any(b in texts.CHECK_BUTTONS for msg in reply.messages for b in msg.get("buttons") or []):
        return
    cues = t.m.cues
    if t.m.personal_facts or cues.what_can_we_get or t.m.reading.topics or (cues.personal and t.m.benefits):
        last = reply.messages[-1]
        last["buttons"] = [dict(texts.CHECK_FOR_ELDER_BUTTON), *(last.get("buttons") or [])]


def _record_unanswered(t: TurnIn, s: Services, ctx: Context, question: str) -> None:
    if ctx.last_answer.get("status") == "unanswered":
        s.records.feedback(t.sender, "unanswered", question)


# facts that say where or how old, not what situation the elder is in
NOT_SITUATION = frozenset({"region", "age", "hukou_local", "resides_local", "tekun_mode"})


def _asked_text(t: TurnIn, s: Services) -> str:
    """The question, with the situation it refers to named in the documents' words (独生女十年前出车祸没了 … 社区对这种
    家庭有啥关照 → 计划生育特殊家庭): the search then looks for what the documents give that situation."""
    m = t.m
    # (…or the policies at large for a person whose situation the message tells: 独生子前几年车祸没了 … 有啥政策)
    if not (s.vocab.cues.found("situation_referent", m.text) or s.vocab.cues.found("policy_at_large", m.text)):
        return m.text
    labels = fact_words(s.kb, {k: v for k, v in m.facts.items() if k not in NOT_SITUATION})
    return f"{m.text}（{'、'.join(labels)}）" if labels else m.text


def answer(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    m = t.m
    outside = m.reading.outside_place if not m.reading.places else None
    text = _asked_text(t, s)
    if m.reading.places:
        text = s.answering.without_other_places(text, m.reading.places)
    reply = s.answering.answer(text, _asked_region(t), outside_place=outside)
    elder_outside = not outside and m.reading.outside_place and m.facts.get("region") == "outside"
    lead = str((reply.slots.get("last_answer") or {}).get("elsewhere_lead") or "")
    if lead and (elder_outside or not m.reading.outside_place):
        # the answering layer's "no documents for that place": said below as where the elder is, or no place
        # asked about at all (我们都在深圳上班: where the family works; 东北来的在三亚猫冬: where one comes from)
        reply.messages[:] = [msg for msg in reply.messages if msg["text"] != lead]
    if elder_outside and reply.messages:
        # the elder is elsewhere; the rule asked about is a covered place's: say first that it is not theirs
        covered = "、".join(s.kb.regions[code].name for code in m.reading.places if code in s.kb.regions)
        reply.messages.insert(0, {"text": texts.ELDER_OUTSIDE.format(place=m.reading.outside_place,
                                                                     covered=covered or "收录地方")})
    ctx = absorb(remember_facts(t.ctx, m.facts if not outside else {}), reply)
    _record_unanswered(t, s, ctx, m.text)
    _offer_check(reply, t)
    return reply, ctx


def follow_up(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    reply, asked = s.answering.follow_up(t.m.text, t.ctx.last_answer, t.ctx.region)
    ctx = absorb(t.ctx, reply)
    _record_unanswered(t, s, ctx, asked)
    return reply, ctx


def other_place(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    place = (t.m.wording.only_place if t.m.wording else None) or (t.m.reading.places or [None])[0]
    question = str(t.ctx.last_answer.get("question") or "")
    if not place or not question:
        return answer(t, s)
    reply = s.answering.for_region(question, place)
    return reply, absorb(t.ctx, reply)


def region_answer(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    """The place for the question that waited for it."""
    place = t.m.facts.get("region") or (t.m.wording.only_place if t.m.wording else None)
    question = t.ctx.pending_question or ""
    ctx = replace(t.ctx, pending_question=None)
    if place == "outside" or not place:
        reply = s.answering.outside_coverage(t.m.reading.outside_place)
        return reply, ctx
    reply = s.answering.answer(question, place)
    ctx = absorb(replace(ctx, topic_region=place), reply)
    _record_unanswered(t, s, ctx, question)
    return reply, ctx


def outside_coverage(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    reply = s.answering.outside_coverage(t.m.reading.outside_place)
    ctx = replace(remember_facts(t.ctx, t.m.facts), pending_question=None)
    return reply, absorb(ctx, reply)


def compare(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    """The regions side by side (那海口和温州比哪个好 compares the topic just answered)."""
    if t.ctx.answered and t.m.wording and t.m.wording.only_place:
        return other_place(t, s)
    reply = s.answering.compare(t.m.text, t.ctx.last_answer if t.ctx.answered else None)
    return reply, absorb(t.ctx, reply)


def details(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    reply = s.answering.details(t.ctx.last_answer)
    return reply, absorb(t.ctx, reply)


def verdict(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    """我妈85岁在海口，能领高龄津贴吗: the rules' verdict on the benefit named, for the facts given."""
    ctx = remember_facts(t.ctx, t.m.facts)
    region = ctx.facts.get("region") or _asked_region(t)
    ids = benefits_named(list(t.m.benefits), region) if region and region != "outside" else []
    if not ids:
        return answer(t, s)
    reply = benefit_verdict_reply(ids, {**ctx.facts, "region": region})
    return reply, absorb(ctx, reply)


def facts_verdict(t: TurnIn, s: Services) -> tuple[Reply, Context] | None:
    """我妈63了 right after an answer on one benefit: the verdict on it; None when the last answer was on no
    single benefit (the engine then starts the check with these facts)."""
    ctx = remember_facts(t.ctx, t.m.facts)
    region = ctx.facts.get("region") or ctx.region
    ids = list(t.ctx.last_answer.get("benefit_ids") or [])
    if not ids and region and region != "outside" and t.ctx.answered:
        named = benefits_named_in(s.kb, str(t.ctx.last_answer.get("question") or ""), region)
        ids = [named[0]["id"]] if len(named) == 1 else []
    if not ids or not region or region == "outside":
        return None
    # the verdict for the place the answer was about (the elder's place is not taken from it)
    reply = benefit_verdict_reply(ids, {**ctx.facts, "region": region})
    return reply, absorb(ctx, reply)


def which_topic(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    return said(Reply(), texts.WHICH_TOPIC, texts.TOPIC_BUTTONS), t.ctx
