"""Turns of the entitlement check: start, the reply to each question, digressions, two elders, the end."""

from __future__ import annotations

from dataclasses import replace

from bot.answering.compose import covered_places
from bot.conversation import texts
from bot.conversation.check import MAX_ASKS
from bot.conversation.services import Services
from bot.conversation.state import FACT_FIELDS, PLACE_FIELDS, CheckState, Context, Person
from bot.conversation.turn import TurnIn, absorb, said
from bot.dialogue.check import checklist_reply, practical_reply, profile_for_rules, results_reply
from bot.dialogue.messages import CHECK_LAST_ANSWER, CHECKLIST_BUTTON, Reply
from bot.kb.loader import KnowledgeBase
from bot.kb.vocabulary import vocabulary
from bot.rules import value_label

ORDER = {name: i for i, name in enumerate(FACT_FIELDS)}
# Facts stated relative to the region (户籍/居住 "在本市"): they lapse when the region moves to another city.
REGION_RELATIVE = ("hukou_local", "resides_local")


# ---------------------------------------------------------------------------------------------- words
def place_label(kb: KnowledgeBase, code: str) -> str | None:
    """海口市龙华区, 温州市, 三亚市; None for a place outside coverage."""
    place = kb.region(code)
    if place is None:
        return None
    city = kb.region(place.parent) if place.kind == "district" and place.parent else None
    return f"{city.name}{place.name}" if city else place.name


def fact_words(kb: KnowledgeBase, facts: dict[str, str]) -> list[str]:
    """The facts in words, as they are read back, in the profile's order: 温州市、82周岁、重度失能."""
    words = []
    for name, value in sorted(facts.items(), key=lambda kv: ORDER.get(kv[0], len(ORDER))):
        if name in REGION_RELATIVE and facts.get("region") == "outside":
            continue  # 本市 means nothing for a place the documents do not cover
        if name == "region":
            label = place_label(kb, value)
            words += [label] if label else []
            continue
        rules_value = profile_for_rules({name: value}).get(name)
        if rules_value is not None:
            words.append(value_label(name, rules_value))
    return words


def city(kb: KnowledgeBase, code: str | None) -> str | None:
    region = kb.region(code) if code else None
    while region is not None and region.kind == "district" and region.parent:
        region = kb.region(region.parent)
    return region.code if region is not None and region.kind == "city" else None


def moved(kb: KnowledgeBase, old: str | None, new: str | None) -> bool:
    """The elder's place changed to another city (海口 → 温州; not 海口 → 龙华区)."""
    if not old or not new or old == new:
        return False
    return city(kb, old) is None or city(kb, old) != city(kb, new)


def with_new_facts(kb: KnowledgeBase, ctx: Context, facts: dict[str, str]) -> tuple[Context, list[str]]:
    """The context with ``facts`` added, and the words of those that changed (to read back). 户籍/居住 said for
    one city lapse when the place moves to another; a district already named is kept when its city is said."""
    facts = dict(facts)
    old_region = ctx.facts.get("region")
    if facts.get("region") and old_region and city(kb, old_region) == facts["region"]:
        facts["region"] = old_region  # 户口也在海口 after 龙华区: the district says more
    merged = {**ctx.facts, **facts}
    if moved(kb, old_region, facts.get("region")):
        for name in REGION_RELATIVE:
            if name not in facts:
                merged.pop(name, None)
    changed = {k: v for k, v in facts.items() if ctx.facts.get(k) != v}
    return replace(ctx, facts=merged), fact_words(kb, changed)


# ---------------------------------------------------------------------------------------------- asking
def ask_next(reply: Reply, ctx: Context, s: Services) -> tuple[Reply, Context]:
    """The next question, or the results when nothing is left to ask."""
    name = s.questionnaire.next_field(ctx.facts, ctx.check)
    if name is None:
        return results(reply, ctx, s)
    question = s.questionnaire.question(name)
    reply.say(question.ask, buttons=s.questionnaire.buttons(name))
    check = replace(ctx.check, active=True, requested=name, asks={**ctx.check.asks, name: ctx.check.asked(name) + 1})
    return reply, replace(ctx, check=check)


def ask_again(reply: Reply, ctx: Context, s: Services) -> tuple[Reply, Context]:
    """The question asked last, once more; a question already asked twice is recorded as unknown instead."""
    name = ctx.check.requested
    if name is not None and name not in ctx.facts and ctx.check.asked(name) >= MAX_ASKS:
        reply.say(texts.MARKED_UNKNOWN)
        ctx = _unknown(ctx, name)
    return ask_next(reply, ctx, s)


def _unknown(ctx: Context, name: str, described: str | None = None) -> Context:
    check = ctx.check
    unknown = check.unknown if name in check.unknown else (*check.unknown, name)
    notes = {**check.described, name: described} if described else check.described
    return replace(ctx, check=replace(check, unknown=unknown, described=notes))


def results(reply: Reply, ctx: Context, s: Services) -> tuple[Reply, Context]:
    check = ctx.check
    out = results_reply(ctx.facts, unknown=list(check.unknown), described=dict(check.described))
    reply.messages.extend(out.messages)
    ctx = absorb(ctx, out)
    if check.others and reply.messages:
        # the other elder named at the start, offered in words too (a channel may show no buttons)
        last = reply.messages[-1]
        titles = [texts.OTHER_PERSON_BUTTON.format(label=person.label) for person in check.others]
        last["text"] += "\n" + texts.OTHER_PERSON_OFFER.format(labels="、".join(p.label for p in check.others))
        last["buttons"] = [*({"title": t, "payload": t} for t in titles), *(last.get("buttons") or [])]
    return reply, replace(ctx, check=CheckState(others=check.others))


# ---------------------------------------------------------------------------------------------- starting
def _household(ctx: Context, s: Services) -> dict[str, str]:
    """Facts shared by the household (place, 户籍, money …), not one person's (age, disability …)."""
    personal = set(s.vocab.people.person_fields)
    return {k: v for k, v in ctx.facts.items() if k not in personal}


def _begin(reply: Reply, ctx: Context, s: Services, facts_said: dict[str, str], people: tuple[Person, ...],
           others: tuple[Person, ...] = (), person: str = "") -> tuple[Reply, Context]:
    ctx = replace(ctx, check=CheckState(active=True, others=others, person=person), pending_question=None)
    ctx, _ = with_new_facts(s.kb, ctx, facts_said)
    if len(people) >= 2:
        buttons = [{"title": p.label, "payload": p.label} for p in people]
        reply.say(texts.WHICH_PERSON, buttons=buttons)
        return reply, replace(ctx, check=replace(ctx.check, choosing=people))
    words = fact_words(s.kb, ctx.facts)
    if words:
        reply.say(texts.READ_BACK_START.format(facts="、".join(words)))
    return ask_next(reply, ctx, s)


def start_check(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    m, ctx = t.m, t.ctx
    stale = [k for k in ctx.facts if k not in m.facts]
    reply = Reply()
    if stale and ctx.last_check:
        # a check has already ended: its facts may be another person's
        reply.say(texts.RESTART)
        ctx = replace(ctx, facts={}, last_check=None)
    else:
        reply.say(texts.START)
    if m.reading.writer_outside and "region" not in m.facts:
        # 俺在山东临沂 俺娘…能领啥: the writer's place is not covered, the elder's is asked next
        reply.say(texts.WRITER_OUTSIDE.format(place=m.reading.writer_outside, covered=covered_places(s.kb)))
    elif m.reading.unsure_place and "region" not in m.facts:
        reply.say(unsure_place_note(s, m.reading.unsure_place))
    # an elder the one checked lives with (跟我爸两个人过) is offered at the end, as the second of two would be
    others = tuple(Person(label=label) for label in m.reading.companions)
    return _begin(reply, ctx, s, m.facts, m.reading.people, others)


def unsure_place_note(s: Services, place: str) -> str:
    """您说的“昌吉”是昌吉市，还是阜康、呼图壁…等昌吉的其他县市？ — the places of the wider area from
    knowledge/nlu/places_outside.yaml (``within``)."""
    region = s.kb.region(place)
    others = list(dict.fromkeys(name for name, within in vocabulary().outside_within.items() if within == place))
    return texts.UNSURE_PLACE.format(place=place, city=region.name if region else place,
                                     others="、".join(others[:UNSURE_OTHERS_SHOWN]))


UNSURE_OTHERS_SHOWN = 4  # 阜康、呼图壁、玛纳斯、奇台: enough to recognise the prefecture


def after_answer(answered: tuple[Reply, Context], t: TurnIn, s: Services) -> tuple[Reply, Context]:
    """The check the message also asked for (…能不能优先？顺便帮她查查), begun below the answer with its facts; the
    answer's offer of a check is dropped, since the check has begun."""
    reply, ctx = answered
    for message in reply.messages:
        if message.get("buttons"):
            message["buttons"] = [b for b in message["buttons"] if b not in texts.CHECK_BUTTONS]
    started, ctx = start_check(replace(t, ctx=ctx), s)
    reply.messages.extend(started.messages)
    return reply, ctx


def restart_check(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    m, ctx = t.m, t.ctx
    named = next((p for p in ctx.check.others if p.label in m.text), None)
    if named is None and ctx.check.others and s.vocab.cues.found("other_person", m.text):
        named = ctx.check.others[0]  # 查另一位: the other of the two
    reply = Reply()
    if named is not None:
        # 再查老太太: the household's facts stay, the person's are those said of her
        others = tuple(p for p in ctx.check.others if p is not named)
        household = _household(ctx, s)
        if "region" in named.facts:  # (我爸在海口我妈在三亚: the place checked was the first one's own)
            household = {k: v for k, v in household.items() if k not in PLACE_FIELDS}
        ctx = replace(ctx, facts=household, last_check=None)
        reply.say(texts.NEXT_PERSON.format(label=named.label))
        return _begin(reply, ctx, s, {**named.facts, **m.facts}, (), others, named.label)
    reply.say(texts.RESTART)
    ctx = replace(ctx, facts={}, last_check=None, check=CheckState())
    return _begin(reply, ctx, s, m.facts, m.reading.people)


def continue_check(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    """继续查 after a digression that ended the check; a covered place after one stopped for want of it; facts
    given after the results (不对，是中度): the same elder, so the check goes on with what it knows."""
    ctx = t.ctx
    region = t.m.facts.get("region")
    reply = Reply()
    ctx, words = with_new_facts(s.kb, ctx, t.m.facts)
    if region and region != "outside" and region != t.ctx.facts.get("region"):
        reply.say(texts.GO_ON_THERE.format(place=place_label(s.kb, region) or region))
        if moved(s.kb, t.ctx.facts.get("region"), region) and any(f in t.ctx.facts for f in REGION_RELATIVE):
            reply.say(texts.REGION_CHANGED)
    elif words:
        reply.say(texts.READ_BACK.format(facts="、".join(words)))
    else:
        reply.say(texts.GO_ON)
    unknown = tuple(u for u in ctx.check.unknown if u != "region")
    check = replace(ctx.check, active=True, requested=None, unknown=unknown)
    return ask_next(reply, replace(ctx, check=check, last_check=None), s)


def check_done(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    reply = said(Reply(), texts.CHECK_DONE, [CHECKLIST_BUTTON, texts.NEW_CHECK_BUTTON])
    return reply, replace(t.ctx, last_answer=dict(CHECK_LAST_ANSWER))


# ---------------------------------------------------------------------------------------------- in the check
def check_reply(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    m, ctx = t.m, t.ctx
    reply = Reply()
    name = ctx.check.requested
    if ctx.check.choosing:
        return choose_person(t, s)
    if name is None:
        ctx, words = with_new_facts(s.kb, ctx, m.facts)
        if words:
            reply.say(texts.READ_BACK.format(facts="、".join(words)))
        return ask_next(reply, ctx, s)
    read = (m.reply if m.reply is not None and m.reply.field == name
            else s.questionnaire.read(name, m, ctx.facts.get("region"), ctx.check.person))
    if read.people:
        if ctx.check.asked(name) >= MAX_ASKS:
            return choose_person(replace(t, ctx=replace(ctx, check=replace(ctx.check, choosing=read.people))), s)
        ctx, _ = with_new_facts(s.kb, ctx, read.facts)
        buttons = [{"title": p.label, "payload": p.label} for p in read.people]
        reply.say(texts.WHICH_PERSON, buttons=buttons)
        return reply, replace(ctx, check=replace(ctx.check, choosing=read.people))
    facts = dict(read.facts)
    if read.value is not None:
        facts[name] = read.value
    before = ctx
    ctx, words = with_new_facts(s.kb, ctx, facts)
    noted = [w for w in words if read.value is None or w not in fact_words(s.kb, {name: read.value})]
    if noted:
        reply.say(texts.READ_BACK.format(facts="、".join(noted)))
    if read.value is not None:
        return ask_next(reply, ctx, s)
    if read.unknown:
        return ask_next(reply, _unknown(ctx, name), s)
    if read.described is not None:
        text = texts.DESCRIBED_ASSESSMENT if name == "disability" else texts.DESCRIBED.format(text=read.described)
        reply.say(text)
        return ask_next(reply, _unknown(ctx, name, read.described), s)
    if ctx.facts != before.facts:
        return ask_again(reply, ctx, s)  # other facts taken (不对，他今年73): the question again
    if ctx.check.asked(name) >= MAX_ASKS:
        reply.say(texts.MARKED_UNKNOWN)
        return ask_next(reply, _unknown(ctx, name), s)
    reply.say(texts.REASK)
    return ask_next(reply, ctx, s)


def _answered_in_check(reply: Reply, ctx: Context) -> tuple[Reply, Context]:
    """An answer given in the middle of the check: no place question pending, no button that would start one,
    the region kept."""
    reply.slots.pop("pending_question", None)
    for message in reply.messages:
        message["buttons"] = [b for b in message.get("buttons") or [] if b not in texts.CHECK_BUTTONS]
    return reply, absorb(ctx, reply, keep_region=True)


def check_question(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    """A question in the middle of the check: answered (about any place), then the check asks on."""
    m, ctx = t.m, t.ctx
    places = m.reading.places
    reply, ctx = _answered_in_check(s.answering.answer(m.text, places[0] if places else ctx.region), ctx)
    if ctx.last_answer.get("status") == "unanswered":
        s.records.feedback(t.sender, "unanswered", m.text)
    ctx, words = with_new_facts(s.kb, ctx, m.facts)
    if words:
        reply.say(texts.READ_BACK.format(facts="、".join(words)))
    return ask_again(reply, ctx, s)


def check_explain(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    """不清楚啥意思 to a question of the check: what its word means, from the documents when they define it,
    then the question again (a reply that still cannot be read is then recorded as unknown, as always)."""
    ctx = t.ctx
    question = s.questionnaire.question(ctx.check.requested) if ctx.check.requested else None
    if question is None or not question.term:
        return ask_again(said(Reply(), texts.NO_EXPLANATION), ctx, s)
    reply, ctx = _answered_in_check(s.answering.answer(texts.MEANING_QUESTION.format(term=question.term),
                                                       ctx.region), ctx)
    return ask_again(reply, ctx, s)


def check_status(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    """能享受啥 / 看完整清单 before the end: a few questions are left; 她能拿多少钱 / 怎么申请: the results will
    say, item by item."""
    cues = t.m.cues
    practical = cues.own_share or bool(t.m.wording and t.m.wording.practical)
    text = texts.CHECK_ANSWERS_AT_END if practical and not cues.details else texts.STILL_ASKING
    return ask_again(said(Reply(), text), t.ctx, s)


def check_small_talk(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    intent = "bot_challenge" if t.m.cues.who_are_you else t.m.intent or ""
    text = {"greet": texts.GREET, "thank": texts.THANK, "bot_challenge": texts.BOT_CHALLENGE}.get(intent, texts.THANK)
    return ask_again(said(Reply(), text), t.ctx, s)


def choose_person(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    """Which of two elders first: the one named, else the first one mentioned."""
    ctx = t.ctx
    of_each = {p.label: p.facts for p in t.m.reading.people}  # 我七十一 老伴六十八: what the reply says of each
    people = tuple(replace(p, facts={**p.facts, **of_each.get(p.label, {})}) for p in ctx.check.choosing)
    chosen = next((p for p in people if p.label and p.label in t.m.text), people[0])
    others = tuple(p for p in people if p is not chosen) + ctx.check.others
    reply = said(Reply(), texts.FIRST_PERSON.format(label=chosen.label))
    check = replace(ctx.check, choosing=(), others=others, person=chosen.label)
    ctx, _ = with_new_facts(s.kb, replace(ctx, check=check), chosen.facts)
    words = fact_words(s.kb, ctx.facts)
    if words:
        reply.say(texts.READ_BACK_START.format(facts="、".join(words)))
    return ask_next(reply, ctx, s)


def cancel_check(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    text = texts.GOODBYE if t.m.intent == "goodbye" and not t.m.cues.cancel else texts.CANCELLED
    check = CheckState(unknown=t.ctx.check.unknown, others=t.ctx.check.others)
    return said(Reply(), text), replace(t.ctx, check=check)


def results_practical(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    last_check = t.ctx.last_check or {}
    reply = practical_reply(t.m.text, last_check, t.ctx.region) or checklist_reply(last_check)
    return reply, absorb(t.ctx, reply, keep_region=True)


def checklist(t: TurnIn, s: Services) -> tuple[Reply, Context]:
    reply = checklist_reply(t.ctx.last_check or {})
    return reply, absorb(t.ctx, reply, keep_region=True)

