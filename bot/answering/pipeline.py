"""The pipeline: understand → specialists → retrieve → rerank → extract → compose."""

from __future__ import annotations

from bot.answering.compare import asks_comparison, compare_reply
from bot.answering.compose import cited_answer, no_answer_reply, outside_coverage_reply, question_parts, region_question
from bot.answering.config import CONFIG
from bot.answering.env import Env
from bot.answering.followups import continued, without_places
from bot.answering.kinds import detect_answer_kind
from bot.answering.reply import DETAILS_BUTTON, FEEDBACK_BUTTONS, Reply, merged
from bot.answering.rerank import (
    _region_of,
    prefer_answering,
    prefer_asked_people,
    prefer_local,
    prefer_longer_list,
    prefer_on_topic,
    topic_before_money,
)
from bot.answering.specialists.basis import basis_reply
from bot.answering.specialists.catalog import (
    absent_subsidy_reply,
    benefit_content_reply,
    benefit_fact_reply,
    group_catalog_reply,
)
from bot.answering.specialists.documents import (
    asks_doc_fact,
    doc_fact_reply,
    missing_text_reply,
    named_document,
    own_document,
)
from bot.answering.specialists.glossary import glossary_reply
from bot.answering.specialists.parts import parts_reply
from bot.answering.specialists.people import people_reply
from bot.answering.topics import is_answer, relevance_words
from bot.answering.words import (
    AUTHORSHIP,
    DOC_AUTHOR_QUESTION,
    DOC_CONTENT_QUESTION,
    DOC_PERIOD_QUESTION,
    GLOSSARY_QUESTION,
    SUBSIDY_KIND,
    WHICH_DOCUMENT_QUESTION,
)
from bot.kb.search import SearchHit, normalize_query, simplified


def needs_region(env: Env, question: str, hits: list[SearchHit]) -> bool:
    """Several regions answer almost equally well: the answer depends on the city."""
    if GLOSSARY_QUESTION.search(question) or len(hits) < 2:
        return False
    top_region = _region_of(env, hits[0])
    rivals = [h for h in hits[1:] if _region_of(env, h) != top_region]
    return bool(rivals) and rivals[0].score >= CONFIG.ambiguous_ratio * hits[0].score


def city_of(env: Env, region: str | None) -> str | None:
    """The city a district belongs to (longhua → haikou); any other region as it is."""
    place = env.kb.region(region) if region else None
    return place.parent if place is not None and place.kind == "district" and place.parent else region


def resolve_region(env: Env, question: str, remembered: str | None) -> str | None:
    """The region to search: the place the question names, else the remembered covered one."""
    named = env.index.detect_region(question)
    if named:
        return named
    if remembered and remembered != "outside" and env.kb.covers(remembered):
        return remembered
    return None


def answer_question(env: Env, question: str, remembered_region: str | None = None,
                    outside_place: str | None = None) -> Reply:
    """The assistant's answer to a factual question, or a question back about the region."""
    question = simplified(question)  # every cue below is written in simplified characters
    if outside_place:
        return outside_coverage_reply(env, outside_place)
    if asks_comparison(env, question):
        return compare_reply(env, question)  # a question that names two regions asks for a comparison
    place = resolve_region(env, question, remembered_region)
    region = city_of(env, place)  # 龙华区 is answered from 海口's documents, as 海口 is
    missing = missing_text_reply(env, question, region)
    if missing:
        return missing
    kind = detect_answer_kind(env, question)
    catalog = basis_reply(env, question, region) or people_reply(env, question, region) or \
        glossary_reply(env, question, region) or parts_reply(env, question, region) or \
        group_catalog_reply(env, question, region) or \
        benefit_fact_reply(env, question, region, kind.name if kind else None) or \
        benefit_content_reply(env, question, region)
    if catalog:
        if env.kb.covers(place or ""):
            catalog.slots["region"] = place
        return with_later_part(env, question, catalog, place)
    if SUBSIDY_KIND.question.search(normalize_query(question)):
        absent = absent_subsidy_reply(env, question, region)
        if absent:
            return absent  # 昌吉有没有高龄补贴: its documents never name one, whatever clause says 高龄 and 补贴
    hits = prefer_local(env, env.index.search(question, region=region, k=3), region)
    hits = prefer_on_topic(env, hits, question)
    hits = prefer_answering(env, hits, question)
    hits = prefer_asked_people(hits, question)
    hits = prefer_longer_list(env, hits, question)
    hits = topic_before_money(env, hits, question, region)
    if not hits or hits[0].clause_id is None or not is_answer(env, hits[0], question):
        only_doc = own_document(env, region)
        if only_doc and (asks_doc_fact(question) or DOC_PERIOD_QUESTION.search(question)):
            reply = doc_fact_reply(env, only_doc)  # 温州的文件是正式的吗
            reply.add_buttons([DETAILS_BUTTON, *FEEDBACK_BUTTONS])
            return reply
        if region is None and answered_somewhere(env, question):
            return region_question(env, question)  # e.g. 免费体检多大年纪: only a region's own document says
        return absent_subsidy_reply(env, question, region) or no_answer_reply(question, env, region)
    if region is None and needs_region(env, question, hits):
        return region_question(env, question)
    quoted = named_document(env, question)
    about_doc = DOC_CONTENT_QUESTION.search(question)
    if asks_doc_fact(question) or (quoted and (WHICH_DOCUMENT_QUESTION.search(question) or about_doc)) or (
            DOC_AUTHOR_QUESTION.search(question) and not AUTHORSHIP.search(hits[0].text)):
        reply = doc_fact_reply(env, quoted or hits[0].doc_id, with_outline=bool(quoted and about_doc))
        reply.slots["last_answer"]["question"] = question
        reply = with_later_part(env, question, reply, place)  # 规划是谁编的，设了几项指标
    else:
        reply = cited_answer(env, question, hits)
        if reply.slots["last_answer"].get("status") == "not_specified":
            # 昌吉高龄补贴多少钱: better than a clause that merely says 高龄 is that 昌吉's texts never name it
            reply = absent_subsidy_reply(env, question, region) or reply
    reply.add_buttons([] if reply.messages[-1].get("buttons") else [DETAILS_BUTTON, *FEEDBACK_BUTTONS])
    if place and env.kb.covers(place):
        reply.slots["region"] = place
    return reply


def with_later_part(env: Env, question: str, reply: Reply, place: str | None) -> Reply:
    """A catalogue reply (who leads, what a term means …) answers the first part of a question; a second
    part with a topic of its own (谁当组长，办公室设在哪) gets its own answer after it, searched with the
    first part's topic (the office of that 领导小组)."""
    parts = question_parts(question)
    if len(parts) < 2 or not relevance_words(env, parts[1]):
        return reply
    context = " ".join(w for w in relevance_words(env, parts[0])[:2] if w not in parts[1])
    later = answer_question(env, f"{context} {parts[1]}".strip(), place)
    if later.slots.get("last_answer", {}).get("status") not in ("answered", "not_specified"):
        return reply
    out = merged([reply, later])
    out.slots = reply.slots
    return out


def answered_somewhere(env: Env, question: str) -> bool:
    """Whether the question, asked without a place, has an answer in some region's documents."""
    for code in env.kb.scopes:
        hits = env.index.search(question, region=code, k=3)
        if hits and hits[0].clause_id and is_answer(env, hits[0], question):
            return True
    return False


def answer_follow_up(env: Env, question: str, topic: str | None, region: str | None) -> Reply:
    """The answer to ``question``, continuing ``topic`` (see :func:`followed_topic`) when there is one; the
    reply keeps the topic, so that a second follow-up continues it too."""
    if topic is None:
        return answer_question(env, question, region)
    reply = answer_question(env, continued(question, topic), region)
    if "last_answer" in reply.slots:
        reply.slots["last_answer"]["topic"] = topic
    return reply


def answer_for_region(env: Env, question: str, region: str) -> Reply:
    """"温州的呢？" after an answer: the same question for another covered place."""
    return answer_question(env, without_places(env, question), region)
