"""The pipeline: understand (:mod:`bot.answering.question`) → specialists (:data:`SPECIALISTS`, in order) →
retrieve → rerank (:data:`bot.answering.rerank.RERANKERS`) → extract and compose (:mod:`bot.answering.compose`,
:mod:`bot.answering.extract`); an honest reply when nothing answers."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from bot.answering.compare import compare_reply
from bot.answering.compose import (
    cited_answer,
    covered_places,
    no_answer_reply,
    outside_coverage_reply,
    question_parts,
    region_question,
)
from bot.answering.config import CONFIG
from bot.answering.context import AnswerContext
from bot.answering.env import Env
from bot.answering.followups import continued
from bot.answering.kinds import detect_answer_kind
from bot.answering.places import without_places
from bot.answering.question import Question, understand
from bot.answering.reply import ASK_ELSEWHERE, DETAILS_BUTTON, FEEDBACK_BUTTONS, NEAREST, Reply, merged, region_buttons
from bot.answering.rerank import (
    names_most,
    region_of,
    rerank,
)
from bot.answering.specialists import SPECIALISTS
from bot.answering.specialists.catalog import (
    absent_subsidy_reply,
)
from bot.answering.specialists.documents import (
    asks_doc_fact,
    doc_fact_reply,
    named_document,
    own_document,
)
from bot.answering.support import with_support
from bot.answering.topics import is_answer, relevance_words, topic_mentions, unnamed_word
from bot.answering.words import (
    AUTHORSHIP,
    DOC_AUTHOR_QUESTION,
    DOC_CONTENT_QUESTION,
    DOC_PERIOD_QUESTION,
    GLOSSARY_QUESTION,
    HAS_THING,
    KINDS,
    WHICH_DOCUMENT_QUESTION,
)
from bot.kb.search import SearchHit, normalize_query


def needs_region(env: Env, question: str, hits: list[SearchHit]) -> bool:
    """Several regions answer almost equally well: the answer depends on the city."""
    if GLOSSARY_QUESTION.search(question) or len(hits) < 2:
        return False
    top_region = region_of(env, hits[0])
    rivals = [h for h in hits[1:] if region_of(env, h) != top_region]
    return bool(rivals) and rivals[0].score >= CONFIG.ambiguous_ratio * hits[0].score


# A question that names no place, answered from one region's documents: said before the quote.
UNPLACED = "您没有说是哪里。收录的文件只有{covered}的；下面是{place}的规定，别的地方可能不一样：\n"
UNPLACED_NEAREST = "（您没有说是哪里，这是{place}的文件）"
# A question that names a place outside the coverage beside a covered one (阜康的老人能用昌吉市的家庭照护床位吗):
# the quote is the covered place's rule, which says nothing of the other place.
# (and when nothing answers, the first sentence alone: 阜康的老人能不能按昌吉市的方案享受)
OUTSIDE_TOO = "收录的文件里没有{outside}的规定（只有{covered}的），{outside}的做法请问当地民政局或拨打12345。"
ELSEWHERE = OUTSIDE_TOO + "下面是{place}的规定，只说{place}的情况。"


def with_elsewhere_lead(reply: Reply, lead: str) -> Reply:
    """The lead on a place outside the coverage, in its own bubble before the reply, and kept in the slot so that a
    caller that says it otherwise (the elder lives there) can take it out."""
    reply.messages.insert(0, {"text": lead})
    reply.slots.setdefault("last_answer", {})["elsewhere_lead"] = lead
    return reply


def retrieve(env: Env, question: Question) -> list[SearchHit]:
    """Stage *retrieve*: the three best passages of the region's documents (all documents with no region); more
    when the kind of fact asked says so (`reach` in question_kinds.yaml: 开发商不交用房罚不罚 — the clause of fines
    comes after three on the rooms themselves), so that the rerankers can prefer the one stating it."""
    kind = KINDS.get(question.kind or "")
    reach = kind.search.reach if kind is not None and kind.search is not None else CONFIG.hits
    # (the region filter already holds the place: a place's name in the query only finds passages that list
    # places — 三亚 万宁 … 定期有人去看看 found the 殡仪馆 clause naming both cities)
    # (…but a district's or street's name stays: a passage that names it is about it — 绿洲路街道 is 昌吉's 智慧健康养老
    # 示范街道)
    query = without_places(env, question.simplified, wider_places(env)) if question.region else question.simplified
    hits = env.index.search(query.strip() or question.simplified, region=question.region,
                            k=max(CONFIG.hits, reach))
    if question.focus != question.simplified:
        # a story around the question (…我一个人懒得做): the passages on what the asking clauses name, too
        seen = {h.clause_id for h in hits}
        hits += [h for h in env.index.search(question.focus, region=question.region, k=max(CONFIG.hits, reach))
                 if h.clause_id not in seen]
    return hits


@lru_cache(maxsize=4)
def wider_places(env: Env) -> tuple[str, ...]:
    """The covered cities and provinces (not their districts and streets)."""
    return tuple(code for code, region in env.kb.regions.items() if region.kind != "district")


def names_focus(env: Env, hit: SearchHit, question: Question) -> bool:
    """The passage names most rare words (two at least) of the asking clauses of a message that also tells a
    story (温州这边有没有助餐配餐的？我一个人懒得做): it answers, whatever the story's words."""
    if question.focus == question.simplified:
        return False
    return names_most(*topic_mentions(env, hit, question.focus))


def unanswered(env: Env, question: Question) -> Reply:
    """No passage answers: a document fact from the region's only document, the place question when a region's
    documents would answer, the subsidy the region lacks, or the honest "not found"."""
    text, region = question.simplified, question.region
    only_doc = own_document(env, region)
    if only_doc and (asks_doc_fact(text) or DOC_PERIOD_QUESTION.search(text)):
        reply = doc_fact_reply(env, only_doc)  # 温州的文件是正式的吗
        reply.add_buttons([DETAILS_BUTTON, *FEEDBACK_BUTTONS])
        return reply
    if region is None and answered_somewhere(env, text):
        return region_question(env, text)  # e.g. 免费体检多大年纪: only a region's own document says
    reply = absent_subsidy_reply(env, text, region) or no_answer_reply(text, env, region)
    if question.also_outside and reply.messages:
        # 阜康的老人能不能按昌吉市的方案享受: that 阜康 is not covered is said first, in its own bubble
        with_elsewhere_lead(reply, OUTSIDE_TOO.format(outside=question.also_outside, covered=covered_places(env.kb)))
    return reply


def compose(env: Env, question: Question, hits: list[SearchHit]) -> Reply:
    """Stage *extract* and *compose*: a document's own facts when the question is about the document, else
    the cited answer window of the best passage."""
    text, region, place = question.simplified, question.region, question.place
    quoted = named_document(env, text)
    about_doc = DOC_CONTENT_QUESTION.search(text)
    if asks_doc_fact(text) or (quoted and (WHICH_DOCUMENT_QUESTION.search(text) or about_doc)) or (
            DOC_AUTHOR_QUESTION.search(text) and not AUTHORSHIP.search(hits[0].text)):
        reply = doc_fact_reply(env, quoted or hits[0].doc_id, with_outline=bool(quoted and about_doc))
        reply.slots["last_answer"]["question"] = text
        reply = with_later_part(env, text, reply, place)  # 规划是谁编的，设了几项指标
    else:
        reply = with_support(env, question, hits, cited_answer(env, text, hits, focus=question.focus))
        if reply.slots["last_answer"].get("status") == "not_specified":
            # 昌吉高龄补贴多少钱: better than a clause that merely says 高龄 is that 昌吉's texts never name it
            reply = absent_subsidy_reply(env, text, region) or reply
        if region is None and reply.messages and reply.slots.get("last_answer", {}).get("clause_ids"):
            # no place said: which places the documents cover, and whose rule this is, before the quote (after
            # the admission, when the quote is only the nearest rule)
            answering = env.kb.regions[env.kb.documents[hits[0].doc_id].region].name
            first = reply.messages[0]["text"]
            reply.messages[0]["text"] = (
                first.replace(NEAREST, NEAREST + UNPLACED_NEAREST.format(place=answering), 1) if NEAREST in first
                else UNPLACED.format(covered=covered_places(env.kb), place=answering) + first)
        if question.also_outside and reply.messages and reply.slots.get("last_answer", {}).get("clause_ids"):
            answering = env.kb.regions[env.kb.documents[hits[0].doc_id].region].name
            with_elsewhere_lead(reply, ELSEWHERE.format(outside=question.also_outside, covered=covered_places(env.kb),
                                                        place=answering))
    lead = province_only_lead(env, question, hits[0])
    if lead and reply.messages and reply.slots.get("last_answer", {}).get("status") == "answered":
        reply.messages.insert(0, {"text": lead})  # (an admission already opens a reply that answers nothing)
    reply.add_buttons([] if reply.messages[-1].get("buttons") else [DETAILS_BUTTON, *FEEDBACK_BUTTONS])
    if place and env.kb.covers(place):
        reply.slots["region"] = place
    return reply


# 三亚有没有日间照料中心: only the province's plan is collected, which says what the province will build, not
# what a city has
PROVINCE_ONLY = ("收录的文件里没有{place}自己的文件，也没有写{place}的具体情况；下面是{province}全省的安排。"
                 "{place}的具体情况请问当地民政局或拨打12345。")
# the kinds of fact a city's own figures would answer (琼海有几家养老院): the plan's are the province's
CITY_FIGURE_KINDS = ("count", "number", "money", "percent")


def province_only_lead(env: Env, question: Question, best: SearchHit) -> str | None:
    """Whether a city of a province whose only document is the provincial one has a service or facility, or how
    many it has: the documents do not say, unless the passage names the city."""
    place = env.kb.region(question.place) if question.place else None
    province = env.kb.region(place.parent) if place is not None and place.parent else None
    if place is None or province is None or place.kind != "city" or province.kind != "province":
        return None
    if any(doc.region == place.code for doc in env.kb.documents.values()):
        return None  # (海口 has documents of its own)
    if not (HAS_THING.search(normalize_query(question.focus)) or question.kind in CITY_FIGURE_KINDS):
        return None
    whole = env.index.whole.get(best.clause_id or "") or best.text
    if any(name in whole for name in (place.name, *place.aliases)):
        return None  # (the plan names the city: 三亚市、儋州市殡仪馆…)
    return PROVINCE_ONLY.format(place=place.aliases[0] if place.aliases else place.name, province=province.name)


def answer(env: Env, question: Question, outside_place: str | None = None) -> Reply:
    """The answer to an understood question: specialists first, in their order; else the best passage,
    reranked, if it answers; else an honest reply. ``outside_place`` is the place outside the coverage
    the user is about (the NLU's entity), which nothing here answers."""
    if outside_place:
        return outside_coverage_reply(env, outside_place)
    if question.compares:
        return compare_reply(env, question.simplified)  # a question that names two regions asks for a comparison
    for specialist in SPECIALISTS:
        reply = specialist.reply(env, question)
        if reply is None:
            continue
        if specialist.catalogue:
            if env.kb.covers(question.place or ""):
                reply.slots["region"] = question.place
            reply = with_later_part(env, question.simplified, reply, question.place)
        if question.also_outside and question.place and reply.slots.get("last_answer", {}).get("clause_ids"):
            # 丽水有没有温州那样的免费服务, answered from 温州's card: 丽水 is said not to be covered, first
            with_elsewhere_lead(reply, ELSEWHERE.format(outside=question.also_outside, covered=covered_places(env.kb),
                                                        place=env.kb.regions[question.place].name))
        return reply
    hits = rerank(env, retrieve(env, question), question)[:3]
    # (after a story, the asking clauses' words say whether the passage answers: 看到一个老大爷…衣服也破…政府对这种
    # 流浪老人有什么办法 — the story's rare words are no topic of the question)
    if not hits or hits[0].clause_id is None or not (
            is_answer(env, hits[0], question.simplified) or names_focus(env, hits[0], question)
            or (question.focus != question.simplified and is_answer(env, hits[0], question.focus))):
        return unanswered(env, question)
    if question.region is None and "source" in question.forms:
        return sources_reply(env, question, hits)  # 这是哪里的规定: the documents that say it, not "which place?"
    if question.region is None and needs_region(env, question.simplified, hits):
        return silent_everywhere(env, question) or region_question(env, question.simplified)
    reply = compose(env, question, hits)
    if question.region is None and reply.slots.get("last_answer", {}).get("status") == "not_specified":
        # one region's nearest rule, no place said: when no region's documents say it, that comes first
        return silent_everywhere(env, question) or reply
    return reply


FIGURE = re.compile(r"\d+(?:\.\d+)?%?")
SOURCES_LEAD = "这样写的有{count}份文件（收录的文件只有{covered}的）："


def sources_reply(env: Env, question: Question, hits: list[SearchHit]) -> Reply:
    """"这是哪里的规定", no place said: each region's best passage that states it (close to the best one), cited —
    the source line names the document."""
    best: dict[str, SearchHit] = {}
    # (a passage that states the figures the question quotes is a source, however its words score)
    figures = set(FIGURE.findall(normalize_query(question.simplified)))
    for hit in hits:
        region = region_of(env, hit)
        states_figures = bool(figures) and all(f in normalize_query(hit.text).replace(" ", "") for f in figures)
        if region not in best and hit.clause_id and (
                states_figures or hit.score >= CONFIG.ambiguous_ratio * hits[0].score) and (
                is_answer(env, hit, question.simplified) or names_focus(env, hit, question)):
            best[region] = hit
    replies = [compose(env, replace(question, region=region, place=region), [hit, *[h for h in hits if h != hit]])
               for region, hit in best.items()]
    if len(replies) < 2:
        return replies[0] if replies else compose(env, question, hits)
    out = merged(replies)
    out.messages.insert(0, {"text": SOURCES_LEAD.format(count=len(replies), covered=covered_places(env.kb))})
    out.slots = replies[0].slots
    return out


SILENT_EVERYWHERE = ("收录的文件（{covered}）都没有{missing}。{ask}"
                     "您在哪个地方？选一下，我把当地最接近的规定给您看。")


def silent_everywhere(env: Env, question: Question) -> Reply | None:
    """A fact (how to book, a phone number, a price, an age …) asked with no place, which no covered place's
    documents state: that is said first, with whom to ask, before the place is asked for — not only
    "which place?" (上门护理怎么预约, 高龄津贴多少岁能领 → no document says it anywhere)."""
    # (any kind of fact: 高龄津贴多少岁能领 is written nowhere either; with no kind detected, the yes-or-no kinds
    # that judge a passage (遗嘱公证免费吗: 是否收费), else the question as a whole)
    kind = KINDS.get(question.kind or "") or next((KINDS[k] for k in question.kinds if k in KINDS), None)
    for scope in env.kb.scopes:
        local = answer(env, understand(question.simplified, AnswerContext(region=scope), env))
        if local.slots.get("last_answer", {}).get("status") not in ("not_specified", "unanswered"):
            return None  # a place's documents say it: which place matters
    reply = Reply(slots={"pending_question": question.simplified,
                         "last_answer": {"question": question.simplified, "status": "not_specified"}})
    missing = f"写{kind.missing_words}" if kind is not None and kind.missing_words else "直接回答这个问题"
    reply.say(SILENT_EVERYWHERE.format(covered=covered_places(env.kb), missing=missing, ask=ASK_ELSEWHERE),
              buttons=region_buttons(env.kb))
    return reply


def answer_question(env: Env, question: str, remembered_region: str | None = None,
                    outside_place: str | None = None) -> Reply:
    """The assistant's answer to a factual question, or a question back about the region."""
    return answer(env, understand(question, AnswerContext(region=remembered_region), env), outside_place)


def with_later_part(env: Env, question: str, reply: Reply, place: str | None) -> Reply:
    """A catalogue reply (who leads, what a term means …) answers the first part of a question; a second
    part with a topic of its own (谁当组长，办公室设在哪) gets its own answer after it, searched with the
    first part's topic (the office of that 领导小组)."""
    parts = question_parts(question)
    # (a second part with no topic of its own that asks another kind of fact — 去哪儿申请？要带啥材料 — is asked
    # of the first part's topic too: the documents may not say, and the reply must not leave it unanswered)
    if len(parts) < 2:
        return reply
    own_topic = bool(relevance_words(env, parts[1]))
    if not (own_topic or _asks_other_kind(env, parts[0], parts[1])):
        return reply
    context = " ".join(w for w in relevance_words(env, parts[0])[:2] if w not in parts[1])
    later = answer_question(env, f"{context} {parts[1]}".strip(), place)
    if later.slots.get("last_answer", {}).get("status") not in ("answered", "not_specified"):
        return reply
    if later.messages and not own_topic:
        later.messages[0]["text"] = LATER_PART.format(part=parts[1]) + later.messages[0]["text"]
    out = merged([reply, later])
    out.slots = reply.slots
    return out


LATER_PART = "关于“{part}”：\n"


def _asks_other_kind(env: Env, first: str, second: str) -> bool:
    kind = detect_answer_kind(env, second)
    return kind is not None and kind != detect_answer_kind(env, first)


def answered_somewhere(env: Env, question: str) -> bool:
    """Whether the question, asked without a place, has an answer in some region's documents (none when it
    names a thing no document uses: 老人换身份证能上门办吗 — no place's nearest clause would answer it)."""
    if unnamed_word(env, question):
        return False
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
