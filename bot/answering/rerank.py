"""Stage *rerank*: uniform rerankers over the search hits. Each moves a close hit that answers better to the
front; :data:`RERANKERS` lists them in the order they run."""

from __future__ import annotations

from collections.abc import Callable

from bot.answering.config import CONFIG
from bot.answering.env import Env
from bot.answering.extract import cue_fact, key_fact
from bot.answering.kinds import detect_answer_kind
from bot.answering.specialists import Asked
from bot.answering.specialists.catalog import bare
from bot.answering.specialists.people import member_cells
from bot.answering.text import list_length, only_listed
from bot.answering.topics import names, on_topic, other_people, rare_topic_words, relevance_words, topic_mentions
from bot.answering.words import DEFINED_TERM, FOCUS_CUES, LIST_QUESTION, PAST_RECORD, SUBSIDY_KIND, WHO, YEAR_ASKED
from bot.kb.search import SearchHit, normalize_query
from bot.kb.vocabulary import QuestionKind


def to_front(hits: list[SearchHit], pick: SearchHit | None) -> list[SearchHit]:
    """The hits with `pick` (when there is one) moved to the front."""
    return hits if pick is None else [pick, *[h for h in hits if h is not pick]]


def promote_close(hits: list[SearchHit], ratio: float, wanted: Callable[[SearchHit], bool]) -> list[SearchHit]:
    """The hits with the first later clause scoring at least `ratio` of the best one and `wanted` moved to
    the front."""
    return to_front(hits, next((h for h in hits[1:] if h.clause_id and h.score >= ratio * hits[0].score
                                and wanted(h)), None))


def prefer_local(env: Env, hits: list[SearchHit], asked: Asked) -> list[SearchHit]:
    """The place's own passage, when close to the best one of a wider scope (海口 before 海南). Against the
    province's review of past work (救助流浪乞讨人员2.9万人次 under “十三五”时期发展回顾), which says what was
    done, not what a person in the city can get, the city's own passage on the topic wins however close."""
    region = asked.region
    if region is None or len(hits) < 2 or region_of(env, hits[0]) == region:
        return hits
    if PAST_RECORD.search(hits[0].heading):
        return to_front(hits, next((h for h in hits[1:] if h.clause_id and region_of(env, h) == region
                                    and on_topic(env, h, asked.simplified)), None))
    return promote_close(hits, CONFIG.local_ratio, lambda h: region_of(env, h) == region)


def prefer_asked_year(env: Env, hits: list[SearchHit], asked: Asked) -> list[SearchHit]:
    """A question naming a year (2022年…占比要求是多少): a close passage on the topic naming that year goes before
    one naming only another (到2025年…不低于60%)."""
    years = set(YEAR_ASKED.findall(asked.simplified))
    if not years or len(hits) < 2 or any(y in hits[0].text for y in years):
        return hits
    return promote_close(hits, CONFIG.year_ratio, lambda h: any(y in h.text for y in years)
                         and on_topic(env, h, asked.simplified, needed=2))


def prefer_defining(env: Env, hits: list[SearchHit], asked: Asked) -> list[SearchHit]:
    """A question asking what a term means (特殊困难老人指哪些): a close passage that defines the term for itself
    (向独居、空巢…等老年人(以下简称特殊困难老年人)) goes before one that only uses it."""
    if asked.kind != "meaning" or len(hits) < 2:
        return hits
    question = normalize_query(asked.simplified)

    def defines(hit: SearchHit) -> bool:
        whole = env.index.whole.get(hit.clause_id or "") or hit.text
        return any(names(env, found.group(2).strip(), question) for found in DEFINED_TERM.finditer(whole))

    if defines(hits[0]):
        return hits
    return promote_close(hits, CONFIG.defining_ratio, defines)


def prefer_asked_city(env: Env, hits: list[SearchHit], asked: Asked) -> list[SearchHit]:
    """A question about a city of a province whose plan answers (住儋州…精神卫生福利设施): a close passage on the
    topic that names the city (在海口市、三亚市、儋州市等地级市各建设1所) goes first."""
    region = env.kb.region(asked.place or "")
    if region is None or region.parent is None or len(hits) < 2 or region_of(env, hits[0]) == region.code:
        return hits  # (the city's own documents speak of it throughout, naming it or not)
    names_city = [region.name, *region.aliases]
    if any(n in hits[0].text for n in names_city):
        return hits
    return promote_close(hits, CONFIG.city_ratio, lambda h: any(n in h.text for n in names_city)
                         and on_topic(env, h, asked.simplified, needed=2))


def prefer_on_topic(env: Env, hits: list[SearchHit], asked: Asked) -> list[SearchHit]:
    """Among near-tied passages, move the first one that names the question's rarest words to the front (those
    of the asking clauses, when a story comes around them: 港务局…心脏支架…免费体检 要多大年纪)."""
    question = asked.focus or asked.simplified
    if len(hits) < 2:
        return hits
    tied = [h for h in hits if h.score >= CONFIG.near_tie * hits[0].score]
    pick = next((h for h in tied if h.clause_id and on_topic(env, h, question)), hits[0])
    return to_front(hits, pick)


def prefer_stated_over_listed(env: Env, hits: list[SearchHit], asked: Asked) -> list[SearchHit]:
    """When the best passage names the question's rarest word only as one item of a long enumeration (海口政府
    在健康这块对老人有啥 → 服务项目包含…老年人健康管理、…), a near-tied passage that says something of it goes first
    (…提供免费体检等健康管理服务)."""
    question = asked.focus or asked.simplified
    words = relevance_words(env, question)[:1]
    if len(hits) < 2 or not words or not only_listed(hits[0].text, words[0], CONFIG.listed_items):
        return hits
    return promote_close(hits, CONFIG.near_tie, lambda h: words[0] in h.text
                         and not only_listed(h.text, words[0], CONFIG.listed_items))


# Part-of-speech tags of the segmenter for things named (评估 is a verbal noun), not qualities (方便) or acts (包括).
NOUN_TAGS = frozenset({"n", "vn", "nz"})

# The asking clauses must name this many rare words for their passage to go first (怎么处理 names one: too
# little to tell the topic).
FOCUS_WORDS = 2


def prefer_naming_focus(env: Env, hits: list[SearchHit], asked: Asked) -> list[SearchHit]:
    """A message that tells a story around its question (温州有没有助餐配餐的？我一个人懒得做): when the best
    passage names none of the asking clauses' rare words, the first passage that names them all goes first."""
    focus = asked.focus
    if len(hits) < 2 or focus == asked.simplified:
        return hits
    found, of = topic_mentions(env, hits[0], focus)
    if of == 1 and not found:
        # (one word is little to tell the topic by: only a thing named — not 方便 in 能方便点吗 — and only in a
        # passage close enough to the best: …要去评失能 评估用的什么标准 → 评估标准, not the subsidies' 补贴标准)
        if env.index.segmenter.tag(rare_topic_words(env, focus)[0]) not in NOUN_TAGS:
            return hits
        return promote_close(hits, CONFIG.focus_ratio, lambda h: topic_mentions(env, h, focus) == (1, 1))
    if of < FOCUS_WORDS or found == of:
        return hits
    if found:
        # (the best names some of them, owing its place to the story: 我爸不是特困也不是低保…政府买服务的时候会优先他吗
        # → 公办养老机构在优先保障…; a close passage that names them all answers the question asked)
        # (of the same place's documents: the local passage stays before the province's — prefer_local)
        return promote_close(hits, CONFIG.focus_ratio, lambda h: region_of(env, h) == region_of(env, hits[0])
                             and topic_mentions(env, h, focus) == (of, of))
    return to_front(hits, next((h for h in hits[1:] if h.clause_id and names_most(*topic_mentions(env, h, focus))),
                               None))


def names_most(found: int, of: int) -> bool:
    """Enough of the asking clauses' rare words: two at least, and all or all but one."""
    return found >= FOCUS_WORDS and found >= of - 1


def topic_before_money(env: Env, hits: list[SearchHit], asked: Asked) -> list[SearchHit]:
    """温州助餐有补助吗: when the best passage owes its place to the money word (a subsidy for institutions)
    and does not name what the subsidy would be for (助餐), the passages on that topic answer instead, and
    the answer then says whether they mention a subsidy."""
    question, region = asked.simplified, asked.region
    norm = normalize_query(question)
    kind = SUBSIDY_KIND  # (a price is about what it is asked for; a subsidy may be for someone else)
    if not kind.question.search(norm) or not hits or hits[0].clause_id is None:
        return hits
    # (the asking clauses' topic: 澄迈我奶奶93了 不是低保户 海南到底有没有高龄补贴这个制度 — 不是低保户 is the story)
    topic = [w for w in relevance_words(env, asked.focus or question) if not kind.fact.search(w)]
    whole = normalize_query(env.index.whole.get(hits[0].clause_id, hits[0].text))
    if not topic or names(env, topic[0], whole):
        return hits
    bare = kind.fact.sub(" ", norm)
    again = [h for h in env.index.search(bare, region=region, k=3) if h.clause_id]
    return again if again and names(env, topic[0], normalize_query(env.index.whole.get(again[0].clause_id, ""))) \
        else hits


def states_value(env: Env, hit: SearchHit, kind: QuestionKind | None, question: str) -> bool:
    """The hit's clause states the kind of value the question asks for (a count, a date, an amount …)."""
    source = env.index.whole.get(hit.clause_id or "") or hit.text
    return (key_fact(env, source, kind, question) if kind else cue_fact(env, source, question)) is not None


def prefer_answering(env: Env, hits: list[SearchHit], asked: Asked) -> list[SearchHit]:
    """When the best passage lacks the kind of value asked for and a close one on the topic has it,
    the close one goes first."""
    question = asked.simplified
    kind = detect_answer_kind(env, question)
    asks_value = kind is not None or any(c in FOCUS_CUES for c in env.index.query_terms(question))
    if len(hits) < 2 or not asks_value or states_value(env, hits[0], kind, question):
        return hits
    reaches = kind is not None and kind.search is not None and kind.search.reach > CONFIG.hits
    return promote_close(hits, CONFIG.reach_ratio if reaches else CONFIG.answering_ratio,
                         lambda h: on_topic(env, h, question) and states_value(env, h, kind, question))


def prefer_longer_list(env: Env, hits: list[SearchHit], asked: Asked) -> list[SearchHit]:
    """For a question asking which things (哪些服务, 都能干些啥), a close passage on the topic that lists
    clearly more of them goes first."""
    question = asked.simplified
    if len(hits) < 2 or not LIST_QUESTION.search(normalize_query(question).replace(" ", "")):
        return hits
    shortest = list_length(hits[0].text) + CONFIG.longer_list_items
    return promote_close(hits, CONFIG.listing_ratio,
                         lambda h: list_length(h.text) >= shortest and on_topic(env, h, question, needed=2))


def prefer_asked_people(env: Env, hits: list[SearchHit], asked: Asked) -> list[SearchHit]:
    """When the best passage is about people the question does not name (留守妇女, 孤儿), a close one that is
    not goes first: 海口农村老人有什么福利 is not answered with a clause on 农村留守妇女."""
    question = asked.simplified
    if len(hits) < 2 or not other_people(question, hits[0].text):
        return hits
    return promote_close(hits, CONFIG.other_people_ratio, lambda h: not other_people(question, h.text))


def member_rows_last(env: Env, hits: list[SearchHit], asked: Asked) -> list[SearchHit]:
    """A row of a table of members (叶尔江 阿什里乡乡长) answers who holds a post, nothing else: for any other question
    it goes behind the passages (it was found by a township's or a street's name the question gives as a place)."""
    if WHO.search(bare(asked.simplified)):
        return hits
    return sorted(hits, key=lambda h: _member_row(env, h))  # (stable: the others keep their order)


def _member_row(env: Env, hit: SearchHit) -> bool:
    clause = env.kb.clauses.get(hit.clause_id or "")
    return clause is not None and member_cells(env, clause) is not None


def region_of(env: Env, hit: SearchHit) -> str:
    return env.kb.documents[hit.doc_id].region


# A reranker moves a close hit that answers better to the front; they run in this order, each on the
# previous one's order.
Reranker = Callable[[Env, list[SearchHit], Asked], list[SearchHit]]
RERANKERS: tuple[Reranker, ...] = (member_rows_last, prefer_local, prefer_on_topic, prefer_stated_over_listed,
                                   prefer_naming_focus, prefer_asked_year, prefer_asked_city, prefer_defining,
                                   prefer_answering, prefer_asked_people, prefer_longer_list, topic_before_money)


def rerank(env: Env, hits: list[SearchHit], asked: Asked) -> list[SearchHit]:
    for reranker in RERANKERS:
        hits = reranker(env, hits, asked)
    return hits
