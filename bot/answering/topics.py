"""What a question is about: its rare topic words, and whether a passage names them (itself or by the
documents' synonyms); whether the best passage is an answer at all."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.answering.config import CONFIG
from bot.answering.env import Env
from bot.answering.text import SENTENCE, context_start
from bot.answering.words import (
    DEGREES,
    ELDER_IN_DOCUMENTS,
    ELDER_IN_QUESTIONS,
    MEASURE_WORDS,
    OTHER_PEOPLE,
    QUESTION_FORM,
    QUOTED_TITLE,
    SETTINGS,
    SOFTENED_ENDINGS,
)
from bot.kb.lexicon import person_words, service_words
from bot.kb.search import STOP_WORDS, SearchHit, normalize_query


def about(env: Env, words: list[str], text: str) -> bool:
    """Whether a value's surroundings are about the question: they name its most specific topic word, or
    two of its topic words, themselves or by the documents' synonyms (助餐 ~ 配餐送餐); a number is stated
    only when it is plainly about what was asked."""
    if not words:
        return True
    return names(env, words[0], text) or sum(names(env, w, text) for w in words) >= 2


def other_people(question: str, sentence: str) -> bool:
    return bool(OTHER_PEOPLE.search(sentence)) and not OTHER_PEOPLE.search(question)


def about_other_people(env: Env, question: str, source: str, words: list[str]) -> bool:
    """A sentence of the passage on the question's topic speaks of other people than the elderly (孤儿养育标准 for
    an elder's allowance) — not a sentence about elders that names others taking part (乡镇牵头…农村留守妇女…参与的
    农村互助养老服务格局,为农村老年人提供…)."""
    on_topic = [s for s in SENTENCE.split(source) if any(names(env, w, normalize_query(s)) for w in words)]
    # (the question's words in the documents' terms count as its own: 领结婚证 asks about 婚姻登记)
    asked = " ".join([question, *words])
    return any(other_people(asked, s) and ELDER_IN_DOCUMENTS not in s and ELDER_IN_QUESTIONS not in s
               for s in on_topic or [source])


def other_setting(question: str, sentence: str) -> bool:
    """The question asks about one setting (农村) and the value's sentence speaks of the other one only."""
    asked = [group for group in SETTINGS if any(w in question for w in group)]
    if len(asked) != 1:
        return False
    other = next(group for group in SETTINGS if group is not asked[0])
    return any(w in sentence for w in other) and not any(w in sentence for w in asked[0])


def other_degree(question: str, phrases: list[str], index: int, values: list[int]) -> bool:
    """The question names a degree (中度) and the value belongs to another one (重度…四十五小时)."""
    asked = [d for d in DEGREES if d in question]
    if len(asked) != 1:
        return False
    near = "".join(phrases[context_start(phrases, index, values):index + 1])
    named = [d for d in DEGREES if d in near]
    return bool(named) and asked[0] not in named


def relevance_words(env: Env, question: str) -> list[str]:
    """The question's topic words a value's surroundings must name: not places, numbers or form words."""
    index = env.index
    idf = index.text_field.idf
    return [w for w in topic_words(env, question, top=8)
            if w not in MEASURE_WORDS and w not in index.place_words and not w.isdigit()
            and idf.get(w, CONFIG.common_idf) >= CONFIG.common_idf][:6]


def on_topic(env: Env, hit: SearchHit, question: str, needed: int = 1) -> bool:
    """The best passage mentions at least `needed` (one, or all when fewer) of the question's three rarest
    words (see :func:`topic_mentions`)."""
    found, of = topic_mentions(env, hit, question)
    return not of or found >= min(needed, of)


def topic_mentions(env: Env, hit: SearchHit, question: str) -> tuple[int, int]:
    """How many of the question's three rarest words (places and measure words aside) the passage mentions,
    and of how many.

    BM25 always returns something; a passage that shares only common words with the question
    (养老, 老人, 服务) does not answer it, and the honest reply then is "not in the documents".
    A word counts as mentioned when most of its character pairs occur in the passage, so that
    特殊困难老人 matches 特殊困难老年人 and 上门服务 matches 上门为居家老年人提供服务."""
    words = rare_topic_words(env, question)[:3]
    if not words:
        return 0, 0
    clause = env.kb.clauses.get(hit.clause_id) if hit.clause_id else None
    text = normalize_query((clause.full_text if clause else "") + hit.text + hit.heading)
    return sum(names(env, w, text) for w in words), len(words)


def rare_topic_words(env: Env, question: str) -> list[str]:
    """The question's rarest words (see :func:`topic_words`), places and measure words aside."""
    index = env.index
    return [w for w in topic_words(env, question, top=8) if w not in index.place_words and w not in MEASURE_WORDS]


def names(env: Env, word: str, text: str) -> bool:
    """The text (normalised) names the word, itself or by one of the documents' synonyms for it (高龄津贴 ~
    高龄补贴)."""
    return mentioned(word, text) or any(s in text for s in env.index.synonyms_of(word))


def mentioned(word: str, text: str) -> bool:
    # The documents write 老年人 where users say 老人 (失能老人 ~ 失能失智老年人).
    word, text = word.replace("老年人", "老人"), text.replace("老年人", "老人")
    if word in text:
        return True
    pairs = [word[i:i + 2] for i in range(len(word) - 1)]
    # the last pair is the compound's head (养老服务顾问 is a 顾问, not any 养老服务)
    return len(pairs) >= 2 and pairs[-1] in text and sum(p in text for p in pairs) / len(pairs) >= CONFIG.mention_share


# A question's rare word that no document uses (洗澡, 坐飞机, 候鸟): the nearest clause does not answer it,
# and the answer says so before quoting. Only specific nouns and verbs of jieba's own dictionary count, not
# question forms (搞不搞, 啥意思) nor pieces the segmenter made up.
UNNAMED_TAGS = frozenset({"n", "v", "vn", "nz"})


def unnamed_word(env: Env, question: str, focus: str = "") -> str | None:
    """A document named by its title that no document mentions (《海南自由贸易港养老服务条例》), or one of the
    question's two rarest words that no document uses, if any. With ``focus`` (the asking clauses of a message
    that also tells a story), the rare words are the asking clauses': 癌症晚期 or 骑楼老街 in the story is where
    the asker stands, not what is asked (温州有冇安宁疗护)."""
    index = env.index
    for quoted in QUOTED_TITLE.finditer(question):
        title = next((g for g in quoted.groups() if g), "")
        if title and not index.uses(normalize_query(title).replace(" ", "")) and not _a_covered_document(env, title):
            return f"《{title}》"
    words = rare_topic_words(env, focus or question)

    rare = next((w for w in words[:2] if index.segmenter.tag(w) in UNNAMED_TAGS
                 and index.segmenter.frequency(w) <= CONFIG.unnamed_max_frequency
                 and not QUESTION_FORM.search(w) and not index.uses(w) and not _a_person_s(w)
                 and not (len(w) == 2 and w.endswith(SOFTENED_ENDINGS)) and not index.sound_alike_term(w)), None)
    # a service asked for by its everyday name (助浴): however common the question's other words
    return rare or next((w for w in words if w in everyday_services() and not index.uses(w)), None)


def _a_person_s(word: str) -> bool:
    """奶奶家, 我妈那, 闺女: a person of the family (or a stop word naming one), alone or with a character —
    whom the question is about, or their place, not a thing asked about."""
    return word in _people() or any(word.startswith(stop) and len(word) - len(stop) <= 1
                                    for stop in (*STOP_WORDS, *_people()) if len(stop) >= 2)


@lru_cache(maxsize=1)
def _people() -> frozenset[str]:
    return frozenset(normalize_query(w).replace(" ", "") for w in person_words())


def _a_covered_document(env: Env, title: str) -> bool:
    """The title quoted is a covered document's, written with other brackets or without its status
    (《…关于贯彻落实〈温州市居家养老服务促进条例〉的实施意见》 is the 温州 draft's title)."""
    said = _compact_title(title)
    return len(said) >= CONFIG.title_min_chars and any(
        said in _compact_title(name) for doc in env.kb.documents.values() for name in (doc.title, doc.short_name))


def _compact_title(title: str) -> str:
    return re.sub(r"[\W_]", "", normalize_query(title))


@lru_cache(maxsize=1)
def everyday_services() -> frozenset[str]:
    return frozenset(normalize_query(w).replace(" ", "") for w in service_words())


def is_answer(env: Env, hit: SearchHit, question: str) -> bool:
    if hit.score < CONFIG.min_score:
        return False
    if hit.score >= CONFIG.off_topic_min_score:
        return True
    return on_topic(env, hit, question, needed=1 if hit.score >= CONFIG.weak_score else 2)


def sentences_naming(env: Env, text: str, words: list[str]) -> str:
    """The sentences of a passage that name one of the words, or one of the documents' synonyms for it
    (高龄津贴 ~ 高龄补贴)."""
    sentences = SENTENCE.split(text)
    return "".join(s for s in sentences if any(names(env, w, normalize_query(s)) for w in words))


def sentences_stating(text: str, fact: re.Pattern[str]) -> str:
    """The sentences of ``text`` that state the kind of fact asked (个人掏一点 for 要自己掏钱吗), or ""."""
    return "".join(s for s in SENTENCE.split(text) if fact.search(normalize_query(s)))


def topic_words(env: Env, topic: str, top: int = 2) -> list[str]:
    """The user's rarest words (highest IDF): what a passage must mention to be on topic."""
    index = env.index
    weights = index.query_terms(topic)
    words = [w for w, v in weights.items() if v >= 1.0 and len(w) >= 2 and not w.startswith("§")]
    words.sort(key=lambda w: -index.text_field.idf.get(w, 0.0))
    return words[:top]


def mentions_any(text: str, words: list[str]) -> bool:
    """Whether the text names one of the words, as :func:`mentioned` reads it (失能老人 ~ 失能失智老年人)."""
    norm = normalize_query(text)
    return not words or any(mentioned(w, norm) for w in words)
