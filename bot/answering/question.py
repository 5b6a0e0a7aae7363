"""Stage *understand*: a message read once into a typed :class:`Question`, given the last answer.

``understand(text, context, env)`` is pure: the knowledge base and its index come in with ``env``, the
vocabulary is the data of knowledge/nlu. The router (which action answers) and the pipeline read the same
fields, so a message is never interpreted two ways.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.answering.compose import question_parts
from bot.answering.context import AnswerContext
from bot.answering.env import Env
from bot.answering.followups import continued, is_ellipsis, is_follow_up
from bot.answering.kinds import detect_answer_kind
from bot.answering.places import asks_comparison, city_of, named_scopes, only_a_place, resolve_region
from bot.answering.topics import rare_topic_words, topic_words
from bot.answering.words import AGENT_FRAMING, ASKS, KINDS, VOCAB, YES_NO_MONEY_KINDS
from bot.kb.search import normalize_query, simplified

# The question forms of knowledge/nlu/question_forms.yaml that say what a message asks, besides its kind.
CONDITION = VOCAB.form("condition")
REFERS_TO_PERSON = VOCAB.form("refers_to_person")
STATES_STATUS = VOCAB.form("states_status")
BARE_VERB_ASKS = VOCAB.form("bare_verb_asks")

FORMS = ("definition", "doc_fact", "doc_author", "doc_period", "which_document", "doc_content", "article", "basis",
         "list", "parts", "group_benefits", "benefit_content", "benefit_exists", "who_holds", "compare", "source")


@dataclass(frozen=True)
class Question:
    """One message, understood.

    * ``text`` — as typed; ``simplified`` — in simplified characters (what the pipeline's cues read);
      ``normalized`` — also full-width → half-width, lower case, Chinese numerals → digits and the dialect,
      typo and pinyin readings the search applies (低宝 → 低保, 温洲 → 温州);
    * ``place`` — the covered place the message names (a region code, the most specific: ``longhua``), else
      the remembered one; ``region`` — the region whose documents answer (``longhua`` → ``haikou``);
      ``regions`` — the covered scopes it names, in order (two or more: a comparison may be meant);
      ``outside_place`` — a place outside the coverage it names (北京), when it names no covered one;
      ``also_outside`` — one it names beside a covered one (阜康的老人能用昌吉市的家庭照护床位吗);
    * ``asks`` — it asks something (a question form, 吗, ？…), rather than only stating facts;
    * ``kind`` — the kind of fact asked (money, hours, department, apply, …: question_kinds.yaml), and
      ``kinds`` every kind whose form it uses (with the yes/no ones: subsidy, cost); ``forms`` — the other
      question forms it uses (definition, doc_fact, basis, list, parts, compare …);
    * ``topic_words`` / ``rare_words`` — its rarest words (what a passage must name), places and form words
      aside for ``rare_words``; ``parts`` — the parts of a two-part question (乡镇配几个？村里呢);
    * ``follow_up`` — a short question with no topic of its own (在哪申请, 那中度的呢), ``ellipsis`` — the
      last question again for another case (那中度的呢), ``only_place`` — the place of "昌吉有吗 / 温州的呢";
    * ``focus`` — the clauses that ask, when the message also tells a story (温州这边有没有助餐配餐的？我一个人
      懒得做): what a passage must name to answer; the whole text when no asking clause names a topic;
    * ``continues`` — the last answer's topic question it continues (when there was an answer), and
      ``search_text`` — what to search for it (the continued question, or the text).
    """

    text: str
    simplified: str
    normalized: str
    place: str | None
    region: str | None
    regions: tuple[str, ...]
    outside_place: str | None
    also_outside: str | None
    asks: bool
    kind: str | None
    kinds: tuple[str, ...]
    forms: tuple[str, ...]
    topic_words: tuple[str, ...]
    rare_words: tuple[str, ...]
    parts: tuple[str, ...]
    follow_up: bool
    ellipsis: bool
    only_place: str | None
    compares: bool
    continues: str | None
    focus: str
    context: AnswerContext

    @property
    def search_text(self) -> str:
        return continued(self.simplified, self.continues) if self.continues else self.simplified


def outside_place(env: Env, normalized: str) -> str | None:
    """The longest place outside the coverage the (normalised) text names. A name counts where a word starts,
    not inside one: 65岁以上海南老人 names 海南, not 上海."""
    compact = normalized.replace(" ", "")
    for word in _masked_words(env.index.place_words):
        compact = compact.replace(word, " " * len(word))
    found = [(name, at) for name in VOCAB.outside_places for at in _positions(compact, name)]
    if not found:
        return None  # (most messages: no segmentation needed)
    starts, at = set(), 0
    for word in env.index.segmenter.cut(compact):
        starts.add(at)
        at += len(word)
    return next((name for name, at in found if at in starts), None)


@lru_cache(maxsize=4)
def _masked_words(place_words: frozenset[str]) -> tuple[str, ...]:
    """Words that only look like an outside place, and the covered places (海口桂林洋 names no 桂林), longest first."""
    return tuple(sorted({*VOCAB.not_places, *place_words}, key=len, reverse=True))


def _positions(text: str, word: str) -> list[int]:
    at, found = text.find(word), []
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found


def understand(text: str, context: AnswerContext | None, env: Env) -> Question:
    """The message ``text`` read once, with the last answer ``context`` (its region is the one remembered)."""
    context = context or AnswerContext()
    # (a hotline agent's 我是12345热线的，… says who writes: the caller's question follows)
    typed = simplified(text or "")
    plain = AGENT_FRAMING.sub("", typed, count=1) or typed
    normalized = env.index.correct_sound_alikes(normalize_query(plain))
    named = env.index.detect_region(plain)
    focus = asking_clauses(env, plain)
    # the place the asking clauses name is the one asked about (嫁来海南十几年了…海口给老人的免费体检她能做吗)
    asked = focus if focus != plain and env.index.detect_region(focus) else plain
    place = resolve_region(env, asked, context.region)
    # (a place outside in the story too: the conversation's reader tells whether it is the user's own — 户口在江西
    # while living in 温州 — and drops the lead that says it has no documents)
    also = outside_place(env, normalized) if named else None
    kind = detect_answer_kind(env, plain)
    asked = normalize_query(plain)
    kinds = tuple(k.name for k in KINDS.values() if k.question is not None and k.question.search(asked))
    forms = tuple(f for f in FORMS if VOCAB.form(f).search(asked))
    follow = is_follow_up(env, plain)
    return Question(
        text=text or "", simplified=plain, normalized=normalized, place=place, region=city_of(env, place),
        regions=tuple(named_scopes(env, plain)), outside_place=None if named else outside_place(env, normalized),
        also_outside=also,
        asks=bool(ASKS.search(asked) or "?" in asked or kinds or forms), kind=kind.name if kind else None,
        kinds=kinds, forms=forms, topic_words=tuple(topic_words(env, plain, top=4)),
        rare_words=tuple(rare_topic_words(env, plain)), parts=tuple(question_parts(plain)), follow_up=follow,
        ellipsis=is_ellipsis(plain), only_place=only_a_place(env, plain), compares=asks_comparison(env, plain),
        continues=context.followed if context.answered and follow else None, context=context,
        focus=focus)


CLAUSE_BREAK = re.compile(r"[，,。！!？?；;]+")  # (not spaces: 温州 重度失能 时长 is one keyword query)
# …but a message with no stops in this many space-separated pieces, one of them this long, is spoken text whose
# spaces are its stops (温州居家养老服务机构建设补助 每平方米多少 is still one query)
SPOKEN_PIECES, SPOKEN_CLAUSE = 3, 7


def asking_clauses(env: Env, plain: str) -> str:
    """The clauses of a message that ask something, or the whole message. A clause that asks with no topic
    of its own (真有这事不？多久来一回) asks about the nearest clause before it that names one (听说政府会派人
    定期上门看看), which is taken with it."""
    clauses = [c for c in CLAUSE_BREAK.split(plain) if c]
    pieces = plain.split()
    if len(clauses) < 2 and len(pieces) >= SPOKEN_PIECES and any(len(p) >= SPOKEN_CLAUSE for p in pieces):
        clauses = pieces  # voice or WeChat text with spaces for stops (…评估是重度失能 能给几个钟头)
    if len(clauses) < 2:
        return plain
    idf = env.index.text_field.idf

    def named(clause: str) -> bool:  # a topic the documents use (一回, 这事 are none)
        # (nor the money words a yes/no on paying brings in: 要自己掏钱吗 asks about the clause before it)
        return any(idf.get(w, 0.0) > 0 and not any(k.fact.search(w) for k in YES_NO_MONEY_KINDS)
                   for w in rare_topic_words(env, clause))

    has_topic = [named(c) for c in clauses]
    chosen: set[int] = set()
    for i, clause in enumerate(clauses):
        if not ASKS.search(normalize_query(clause)):
            continue
        if has_topic[i] and not (i and BARE_VERB_ASKS.search(normalize_query(clause))):
            chosen.add(i)
            continue
        topic = next((j for j in range(i - 1, -1, -1) if has_topic[j]), None)
        if topic is not None:
            chosen.update((topic, i))
        elif has_topic[i]:
            chosen.add(i)
    for i in sorted(chosen):
        # the conditions just before an asking clause are part of its question (要是有空床，又不是困难户，能住吗)
        j = i - 1
        while j >= 0 and CONDITION.search(normalize_query(clauses[j])):
            chosen.add(j)
            j -= 1
        # what the person asked about is (我爷爷…，是失独老人，村里会有人关心他吗): it says which rule applies
        if REFERS_TO_PERSON.search(clauses[i]):
            status = next((j for j in range(i - 1, -1, -1)
                           if STATES_STATUS.search(normalize_query(clauses[j])) and rare_topic_words(env, clauses[j])),
                          None)
            if status is not None:
                chosen.add(status)
    asking = [clauses[i] for i in sorted(chosen)]
    return "，".join(asking) if asking and len(asking) < len(clauses) else plain
