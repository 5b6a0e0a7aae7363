"""Passage search over the knowledge base: find the precise clause that answers a question.

    >>> from bot.kb.search import search
    >>> hit = search("温州瘫在床上的老人每月有几个小时免费服务", region="wenzhou", k=3)[0]
    >>> hit.clause_id, hit.doc_status          # ('wenzhou-2022-draft:3.3.8', 'draft')

The index is built once per process (:func:`get_index`, cached) and a query takes about a millisecond.

* **Units.** Every clause with text is indexed. A long clause is split into sentences (after 。!? and line
  breaks; after ；too when a sentence is long; very short pieces joined to the next), so a hit is a
  sentence or two with its ``clause_id`` and heading path, not a whole article. A numbered item's run-in
  title stays in front of its first sentence; a trailing list of responsible units (``[责任单位：…]``,
  ``(市民政局…按照职责分工负责)``) stays with the last. Table rows and the administrative blocks (文头, 通知,
  结尾, 附件) are one unit each. Entries of ``knowledge/glossary.yaml``, ``knowledge/figures/`` and
  ``knowledge/benefits/`` are indexed as the kinds ``glossary``, ``figure`` and ``benefit``.
* **Normalisation** on both sides: traditional → simplified (OpenCC ``t2s``, queries), NFKC (full-width →
  half-width), lower case, Chinese numerals → digits (:func:`bot.kb.numerals.normalize_numbers`).
* **Segmentation.** A private jieba tokenizer that knows the knowledge base's terms
  (:func:`bot.kb.lexicon.lexicon_terms`); each word is indexed with the dictionary words inside it
  (居家养老服务 → 居家, 养老, 服务, 居家养老, …). In a query those inner words weigh less than the whole word.
* **Sound-alike typos.** A query word that neither the documents nor jieba's dictionary know, but that sounds
  like (same toneless pinyin) a term of the documents, the synonym list or a place name, is read as that
  term: 低宝 → 低保, 补帖 → 补贴, 床为 → 床位, 温洲 → 温州 (pinyin input and voice typing make these).
* **Query rewriting.** Stop words and particles (的 了 吗 俺 咱 老人 请问 怎么 …) are dropped. Names of the
  covered regions are dropped once they have chosen the region. Each synonym group the query touches
  (``knowledge/synonyms.yaml``) adds its members that occur in the documents and counts once — by its
  best-matching member — at half weight, or full weight when the user's own wording never occurs in the
  documents (瘫在床上 → 失能). The question's form adds an answer-type marker (哪天 → a date, 罚多少 → an
  amount, 哪个部门 → the responsible units, 文号 → a document number, 哪些 → an enumeration …) that passages
  carrying such a value have too. When the query names a document (…条例, …方案, 文号), the words of the
  document titles weigh less (they pick the document, not the passage) and the named document is preferred.
* **Ranking.** Weighted BM25 (``rank_bm25.BM25Okapi`` statistics) of the passage, plus smaller BM25 scores
  of its whole clause (context), of the clause's heading path and title, and of character bigrams (typos,
  words split differently). Documents of the most specific applicable region are preferred over the
  province-wide plan; table rows weigh a little less than prose, which states the same figures with their
  units and conditions. The top passages are then reranked by coordination: the share of the query's
  distinct concepts (its words, synonym groups and answer-type markers) that the passage and its heading
  cover, so a sentence that addresses every part of the question beats one that repeats one part.
* **Hits.** One per clause: its best sentence, joined with the clause's second-best when that scores nearly
  as well, or with the sibling sentence that carries the kind of value asked for (a date, a platform…) when
  the best one lacks it. A "what is …" question gets the whole (short) clause; a "which department"
  question gets the clause's list of responsible units.
* **Region filter.** ``region`` (a code, name or alias: ``haikou``, ``三亚``, ``美兰区``) keeps documents
  whose scope applies (:meth:`KnowledgeBase.covers`: haikou → haikou + hainan documents, sanya → hainan).
  A place the knowledge base does not cover (北京) gives no hits. With ``region=None`` a place named in the
  query is used; with no place at all every document is searched.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import numpy as np

from bot.kb import index_cache
from bot.kb.jieba_base import new_tokenizer
from bot.kb.loader import KNOWLEDGE_ROOT, KnowledgeBase, load_kb
from bot.kb.numerals import normalize_numbers
from bot.kb.vocabulary import vocabulary

logger = logging.getLogger(__name__)

KINDS = ("clause", "glossary", "figure", "benefit")

# ---------------------------------------------------------------------------------------------- tuning
K1 = 0.9
B = 0.75
CLAUSE_B = 0.4  # length normalisation of the clause (context) field
HEADING_WEIGHT = 0.35  # BM25 of the clause's heading path and title, relative to the passage's own
CLAUSE_WEIGHT = 0.5  # BM25 of the whole clause (the passage's context), relative to the passage's own
BIGRAM_WEIGHT = 0.2  # character bigrams of the passage (typos, words the dictionary splits differently)
SUBWORD_WEIGHT = 0.4  # a dictionary word inside a longer query word, relative to the whole word
UNKNOWN_SUBWORD_WEIGHT = 0.7  # the same, when the documents never use the longer word
EXPANSION_WEIGHT = 0.5  # synonym-group terms relative to the user's own words
DOC_TITLE_WEIGHT = 0.3  # words of a document title, when the query names a document (…条例, …方案)
DOC_REF_BOOST = 0.2  # the document whose title the query names best
LOCAL_BOOST = 0.3  # documents of the most specific applicable region over the province-wide plan
SECOND_PASSAGE_RATIO = 0.7  # join a clause's second-best sentence when it scores this close to the best
CUE_PASSAGE_RATIO = 0.15  # join a sibling sentence having the asked-for kind of value, if it scores this well
META_BOOST = 0.2  # 文头/通知 blocks, for 文号/date questions about a named document
LISTING_WEIGHT = 0.5  # a document's list of attachments, for a question that names no document
COORD_WEIGHT = 0.6  # rerank: share of the query's concepts a passage (with its heading) covers
COORD_DEPTH = 60  # how many top passages are reranked
TITLE_IN_TEXT = True  # whether a run-in title also counts as words of its first sentence
TABLE_WEIGHT = 0.85  # table rows relative to prose
SHORT_CLAUSE_CHARS = 90  # clauses up to this length are one passage
LONG_SENTENCE_CHARS = 120  # longer sentences are split further at ；
MIN_SENTENCE_CHARS = 16  # shorter pieces are joined to the next one
WHOLE_DEFINITION_CHARS = 320  # a "what is" question gets the whole clause up to this length
WHOLE_SEGMENTS = ("header", "notice", "closing", "attachments")  # administrative blocks: one unit each
COMMON_WORD_FREQ = 50  # a word jieba's dictionary counts this often is a real word, not a typo

# ---------------------------------------------------------------------------------------------- words
# The search's words are data: knowledge/nlu/search_words.yaml (stop words, units, forms) and the search
# markers of the question kinds in knowledge/nlu/question_kinds.yaml.
_VOCAB = vocabulary()
STOP_WORDS = frozenset(_VOCAB.search_words("stop"))
# Question forms → answer-type marker (and its weight); passages carrying that kind of value have the marker.
CUES: dict[str, tuple[float, re.Pattern[str], re.Pattern[str]]] = {
    cue.marker: (cue.weight, cue.asks, cue.passage) for cue in _VOCAB.search_cues}
# Markers whose value is not joined from a sibling sentence, and markers that are no concept of the query.
_NOT_JOINED = tuple(cue.marker for cue in _VOCAB.search_cues if not cue.completes_passage)
_NO_CONCEPT = tuple(cue.marker for cue in _VOCAB.search_cues if not cue.concept)
_DEFINITION = _VOCAB.search_form("definition")
# "What is there for me" (有啥政策, 能享受什么待遇): the form of the question, not its topic.
_BENEFIT_FORM = _VOCAB.search_form("benefit_form")
# A status the user says the elder does not have (我不是低保户也不是特困): the elder is one of the 其他老年人
# the documents set apart from those groups, and the passages on that status are the wrong ones.
_NEGATED_STATUS = _VOCAB.people("negated_status")
_NEGATED_READS_AS = f" {_VOCAB.people_text('negated_status_reads_as')} "
_DOC_REF = _VOCAB.search_form("names_document")
_RESPONSIBILITY_WORDS = tuple(_VOCAB.wording_text("responsibility_words").split("|"))

_SENTENCE_END = re.compile(r"(?<=[。！!？?\n])")
_CLAUSE_END = re.compile(r"(?<=[；;])")
_PUNCT = re.compile(r"^[\W_]+$")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_CJK_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")
_UNITS = frozenset(_VOCAB.search_words("units"))
# Words people write to ask (时长, 金额, 多少钱: dialogue_words.yaml) are never a typo for a document term
# of the same sound (时长 is not 市场).
_ASKING_WORDS = frozenset([*_VOCAB.dialogue("form"), *_VOCAB.dialogue("follow_up")])
_A_NOT_A = _VOCAB.search_form("a_not_a")
_PRONOUNS = tuple(_VOCAB.search_words("pronouns"))
_GLUED_ENDINGS = tuple(_VOCAB.search_words("glued_endings"))
_PINYIN_WORD = re.compile(r"(?<![a-z])[a-z]{4,}(?![a-z])")
_CLOSERS = {"]": "[", "）": "（", ")": "(", "】": "【"}


# ---------------------------------------------------------------------------------------------- public types
@dataclass(frozen=True)
class SearchHit:
    doc_id: str
    clause_id: Optional[str]
    heading: str
    text: str
    score: float
    doc_status: str
    kind: str = "clause"


# ---------------------------------------------------------------------------------------------- text helpers
@functools.lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """Traditional characters → simplified, nothing else (what the user wrote, in the documents' script)."""
    return _t2s().convert(text or "")


def normalize_query(text: str) -> str:
    """Traditional → simplified, NFKC, lower case, Chinese numerals → digits."""
    return _normalized(text or "")


@functools.lru_cache(maxsize=65536)
def _normalized(text: str) -> str:
    # (a pure function of the text, called thousands of times a turn on the same place names and glossary terms)
    return normalize_numbers(unicodedata.normalize("NFKC", simplified(text)).lower())


def _normalize_doc(text: str) -> str:
    return normalize_numbers(unicodedata.normalize("NFKC", text or "").lower())


def split_sentences(text: str) -> list[str]:
    """Sentences of a clause text: split after 。!? and line breaks (and after ；in long sentences), short
    pieces joined to the next one."""
    parts: list[str] = []
    for sentence in _SENTENCE_END.split(text or ""):
        if len(sentence) > LONG_SENTENCE_CHARS:
            parts += _CLAUSE_END.split(sentence)
        else:
            parts.append(sentence)
    parts = [p.strip() for p in parts if p.strip()]
    out: list[str] = []
    carry = ""
    for part in parts:
        carry = f"{carry}{part}" if carry else part
        if len(re.sub(r"\s", "", carry)) >= MIN_SENTENCE_CHARS:
            out.append(carry)
            carry = ""
    if carry:
        if out:
            out[-1] = out[-1] + carry
        else:
            out.append(carry)
    return out


def split_responsibility(text: str) -> tuple[str, str]:
    """(body, note): the trailing bracketed list of responsible units, if any —
    ``[责任单位：市民政局…]``, ``（责任单位：…）``, ``(市民政局…按照职责分工负责)``."""
    stripped = (text or "").rstrip()
    if not stripped or stripped[-1] not in _CLOSERS:
        return text, ""
    depth = 0
    for i in range(len(stripped) - 1, -1, -1):
        ch = stripped[i]
        if ch in _CLOSERS:
            depth += 1
        elif ch in _CLOSERS.values():
            depth -= 1
            if depth == 0:
                note = stripped[i:]
                if any(word in note for word in _RESPONSIBILITY_WORDS):
                    return stripped[:i].rstrip(), note
                return text, ""
    return text, ""


def char_bigrams(normalized: str) -> list[str]:
    """Character bigrams of the Chinese runs of a text."""
    return [run[i:i + 2] for run in _CJK_RUN.findall(normalized) for i in range(len(run) - 1)]


# ---------------------------------------------------------------------------------------------- segmenter
class Segmenter:
    """jieba with the knowledge base's terms, in a private dictionary, with stop-word filtering."""

    def __init__(self, terms: Iterable[tuple[str, int, str]] = ()):
        self._terms = tuple(terms)
        self._tok = new_tokenizer()
        for word, freq, tag in self._terms:
            self._tok.add_word(word, freq, tag)
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        return {"terms": self._terms}  # the tokenizer and its lock are rebuilt, not saved

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["terms"])

    def frequency(self, word: str) -> int:
        """The word's count in jieba's dictionary (0 for a word it does not know)."""
        return int(self._tok.FREQ.get(word, 0))

    def tag(self, word: str) -> Optional[str]:
        """The word's part of speech in jieba's own dictionary (n, v, vn …), None for a word not in it."""
        return self._tags.get(word)

    @functools.cached_property
    def _tags(self) -> dict[str, str]:
        """word → tag, read on first use from the dictionary file the tokenizer itself loaded."""
        with self._tok.get_dict_file() as lines:
            rows = (line.decode("utf-8").split() for line in lines)
            return {row[0]: row[2] for row in rows if len(row) == 3}

    def weighted_words(self, normalized: str) -> list[tuple[str, bool]]:
        """(word, is_inner) pairs, search-engine style: every dictionary word inside a segmented word
        (is_inner=True), then the word itself; no punctuation, no stop words."""
        cut = self.cut(normalized)
        freq = self._tok.FREQ
        out: list[tuple[str, bool]] = []
        for word in cut:
            word = word.strip()
            if not word or _PUNCT.match(word):
                continue
            for n in range(2, len(word)):
                for i in range(len(word) - n + 1):
                    sub = word[i:i + n]
                    if freq.get(sub) and sub not in STOP_WORDS:
                        out.append((sub, True))
            if word not in STOP_WORDS:
                out.append((word, False))
        return out

    def words(self, normalized: str) -> list[str]:
        return [w for w, _inner in self.weighted_words(normalized)]

    def cut(self, normalized: str) -> list[str]:
        """jieba's segmentation of the text, every character kept (stop words and punctuation too)."""
        with self._lock:  # jieba's Tokenizer is not thread-safe while it caches
            return list(self._tok.cut(normalized, HMM=True))

    def kept_text(self, normalized: str) -> str:
        """The text without its stop words (for character bigrams)."""
        return " ".join(w for w in self.cut(normalized) if w.strip() and w not in STOP_WORDS)


# ---------------------------------------------------------------------------------------------- index parts
@dataclass
class _Unit:
    kind: str
    doc_id: str
    clause_id: Optional[str]
    heading: str
    text: str
    ctx: int  # index of the unit's clause (entry) in the heading and clause fields
    order: int  # position inside the clause
    lead: int = 0  # length of the run-in title in front of the text (scored with the heading, not here)


class _Field:
    """One BM25 field: rank_bm25.BM25Okapi statistics with an inverted index for weighted queries."""

    def __init__(self, corpus: Sequence[list[str]], b: float | None = None):
        from rank_bm25 import BM25Okapi

        b = B if b is None else b
        self.size = len(corpus)
        bm25 = BM25Okapi([list(doc) or ["§empty"] for doc in corpus], k1=K1, b=b)
        self.idf: dict[str, float] = bm25.idf
        doc_len = np.asarray(bm25.doc_len, dtype=float)
        self.norm = K1 * (1 - b + b * doc_len / bm25.avgdl)
        postings: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        for i, freqs in enumerate(bm25.doc_freqs):
            for word, tf in freqs.items():
                postings[word][0].append(i)
                postings[word][1].append(tf)
        self.postings = {w: (np.asarray(ix), np.asarray(tf, dtype=float)) for w, (ix, tf) in postings.items()}

    def scores(self, weighted: dict[str, float]) -> np.ndarray:
        out = np.zeros(self.size)
        for word, weight in weighted.items():
            posting = self.postings.get(word)
            if posting is None or weight <= 0:
                continue
            ix, tf = posting
            out[ix] += weight * self.idf.get(word, 0.0) * tf * (K1 + 1) / (tf + self.norm[ix])
        return out


@dataclass
class _Query:
    words: dict[str, float]  # the user's words and answer-type markers
    groups: list[list[dict[str, float]]]  # per synonym group: the weighted words of each member
    bigrams: dict[str, float]
    wants_dept: bool
    wants_definition: bool
    concepts: list[frozenset[str]] = None  # type: ignore[assignment]  # for the coordination rerank


def _entry_text(entry: dict) -> str:
    """The body of a glossary/figure/benefit entry: its definition, content, … or quote."""
    for key in ("definition", "content", "text", "description", "summary", "explanation", "quote", "quotes",
                "value", "note"):
        value = entry.get(key)
        if isinstance(value, list):
            value = "；".join(str(v) for v in value if isinstance(v, (str, int, float)))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _entry_cites(entry: dict) -> list[str]:
    cites: list[str] = []
    for key in ("clause_id", "cites", "clauses", "source", "sources"):
        value = entry.get(key)
        if isinstance(value, str):
            cites.append(value)
        elif isinstance(value, list):
            cites += [v for v in value if isinstance(v, str)]
            cites += [v.get("clause_id") for v in value if isinstance(v, dict) and v.get("clause_id")]
    return cites


# ---------------------------------------------------------------------------------------------- the index
class SearchIndex:
    """The search index of one knowledge base. Use :func:`get_index` for the cached one."""

    def __init__(self, kb: KnowledgeBase):
        from bot.kb.lexicon import lexicon_terms

        self.kb = kb
        self.segmenter = Segmenter(lexicon_terms(kb))
        self.units: list[_Unit] = []
        self.notes: dict[str, str] = {}  # clause_id → its list of responsible units
        self.whole: dict[str, str] = {}  # clause_id → its full text (for "what is" questions)
        headings: list[str] = []
        contexts: list[str] = []

        for clause in kb.clauses.values():
            if not clause.text.strip():
                continue
            doc = kb.documents.get(clause.doc_id)
            head_text = f"{doc.short_name if doc else ''} {clause.heading} {clause.title}"
            if clause.columns or clause.cells:  # table row: the header names the columns
                parent = kb.clauses.get(clause.parent or "")
                head_text += " " + (" ".join(parent.columns) if parent is not None else "")
            ctx = len(headings)
            headings.append(head_text)
            contexts.append(clause.text if clause.cells else clause.full_text)
            self.whole[clause.clause_id] = clause.text if clause.cells else clause.full_text
            lead = len(clause.full_text) - len(clause.text) if not clause.cells else 0
            if clause.local_id in WHOLE_SEGMENTS:
                lead = 0
            for order, piece in enumerate(self._pieces(clause)):
                self.units.append(_Unit("clause", clause.doc_id, clause.clause_id, clause.heading, piece, ctx,
                                        order, lead if order == 0 else 0))

        for kind, entries in (("glossary", kb.glossary), ("figure", kb.figures), ("benefit", kb.benefits)):
            for entry in entries:
                name = str(entry.get("name") or entry.get("term") or "")
                body = _entry_text(entry)
                if not (name or body):
                    continue
                cites = [c for c in _entry_cites(entry) if c in kb.clauses]
                clause_id = cites[0] if cites else None
                doc_id = clause_id.split(":", 1)[0] if clause_id else str(entry.get("doc_id") or "")
                aliases = " ".join(str(a) for a in entry.get("aliases") or [])
                text = f"{name}：{body}" if body and name and not body.startswith(name) else (body or name)
                ctx = len(headings)
                headings.append(f"{name} {aliases}")
                contexts.append(f"{text} {aliases}")
                self.units.append(_Unit(kind, doc_id, clause_id, name, text, ctx, 0))

        self.docs = [self._unit_tokens(u) for u in self.units]
        for unit, words in zip(self.units, self.docs):
            if unit.clause_id in self.notes and unit.kind == "clause" and "§dept" not in words:
                words.append("§dept")  # the clause names its responsible units
        self.text_field = _Field(self.docs)
        head_tokens = [self._tokens(_normalize_doc(h)) for h in headings]
        self.head_field = _Field(head_tokens)
        self.unit_words = [frozenset(words) | frozenset(head_tokens[u.ctx])
                           for u, words in zip(self.units, self.docs)]
        self.clause_field = _Field([self._tokens(_normalize_doc(c), cues=True) for c in contexts], b=CLAUSE_B)
        self.bigram_field = _Field([char_bigrams(_normalize_doc(u.text)) for u in self.units])
        self.unit_ctx = np.asarray([u.ctx for u in self.units])
        self.unit_kind = np.asarray([u.kind for u in self.units])
        self.unit_doc = np.asarray([u.doc_id for u in self.units])
        meta_ids = {c.clause_id for c in kb.clauses.values() if c.local_id in ("header", "notice")}
        self.unit_meta = np.asarray([u.kind == "clause" and u.clause_id in meta_ids for u in self.units])
        # the list of attachments: titles, which repeat the topic words of the whole document
        self.unit_listing = np.asarray([u.kind == "clause" and u.clause_id in kb.clauses
                                        and kb.clauses[u.clause_id].local_id == "attachments" for u in self.units])
        self.unit_table = np.asarray([u.kind == "clause" and bool(self.kb.clauses[u.clause_id].cells)
                                      if u.clause_id in self.kb.clauses else False for u in self.units])
        normalized = {c.clause_id: _normalize_doc(c.full_text).replace(" ", "") for c in kb.clauses.values()}
        texts: dict[str, list[str]] = defaultdict(list)  # region scope → its documents' normalised clauses
        for clause_id, text in normalized.items():
            texts[kb.document_of(clause_id).region].append(text)
        self._region_corpus = {scope: "\n".join(parts) for scope, parts in texts.items()}
        corpus = "\n".join(normalized.values())
        self._corpus = corpus
        self._groups = self._synonym_groups(corpus)
        self._synonyms = self._synonym_map()
        self._places = self._place_names()
        self._sound_alikes = self._sound_alike_terms()
        self.place_words = frozenset(name for name, _code in self._places)  # normalised names of all places
        self.attach(kb)  # the per-process query cache
        self._title_words = {
            d.doc_id: set(self._tokens(_normalize_doc(f"{d.title} {d.short_name}")))
            for d in kb.documents.values()
        }

    def __getstate__(self) -> dict[str, Any]:
        """Everything but the knowledge base (attached again on load) and the per-process query cache."""
        state = dict(self.__dict__)
        for name in ("kb", "_cached_terms"):
            state.pop(name, None)
        return state

    def attach(self, kb: KnowledgeBase) -> SearchIndex:
        """A saved index (:mod:`bot.kb.index_cache`) back in use with the knowledge base it was built from."""
        self.kb = kb
        self._cached_terms = functools.lru_cache(maxsize=512)(self._query_terms)
        return self

    # ------------------------------------------------------------------ building helpers
    def _pieces(self, clause) -> list[str]:
        """The passages of one clause (see the module docstring)."""
        if clause.cells:
            return [clause.text]
        if clause.local_id in WHOLE_SEGMENTS:
            return [clause.full_text]
        body, note = split_responsibility(clause.text)
        if note:
            self.notes[clause.clause_id] = note
        title = clause.full_text[: len(clause.full_text) - len(clause.text)]
        if len(title) + len(body) <= SHORT_CLAUSE_CHARS:
            pieces = [title + body]
        else:
            pieces = split_sentences(body) or [body]
            pieces[0] = title + pieces[0]
        if note:
            pieces[-1] = pieces[-1] + note
        return pieces

    def _unit_tokens(self, unit: _Unit) -> list[str]:
        """A passage's words (with TITLE_IN_TEXT off, its run-in title counts in the heading field only)."""
        if not TITLE_IN_TEXT and unit.lead:
            words = self.segmenter.words(_normalize_doc(unit.text[unit.lead:]))
            full = _normalize_doc(unit.text)
            return words + [cue for cue, (_w, _q, answer) in CUES.items() if answer.search(full)]
        return self._tokens(_normalize_doc(unit.text), cues=True)

    def _tokens(self, normalized: str, cues: bool = False) -> list[str]:
        words = self.segmenter.words(normalized)
        if cues:
            words += [cue for cue, (_w, _q, answer) in CUES.items() if answer.search(normalized)]
        return words

    def _synonym_groups(self, corpus: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        """(all members, members occurring in the documents) of each synonym group, normalised."""
        entries = self.kb.synonyms
        if not entries:
            from bot.kb.lexicon import load_synonym_groups

            entries = load_synonym_groups()
        groups = []
        for group in entries:
            members = [group.get("canonical", ""), *(group.get("variants") or [])]
            normalized = (normalize_query(str(x)).replace(" ", "") for x in members)
            norm = tuple(dict.fromkeys(m for m in normalized if m))
            attested = tuple(m for m in norm if m in corpus)
            if norm:
                groups.append((norm, attested))
        return groups

    def uses(self, word: str) -> bool:
        """Some document uses the word (normalised), itself or by one of its synonyms."""
        return word in self._corpus or bool(self.synonyms_of(word))

    def region_corpus(self, scope: str) -> str:
        """All clause text of one region scope's documents, normalised, without spaces."""
        return self._region_corpus.get(scope, "")

    def synonyms_of(self, word: str) -> tuple[str, ...]:
        """The documents' own terms for a user's word (吃低保的 → 低保, 最低生活保障): the attested members of
        each synonym group that has the word as a member."""
        return self._synonyms.get(word, ())

    def _synonym_map(self) -> dict[str, tuple[str, ...]]:
        found: dict[str, list[str]] = defaultdict(list)
        for members, attested in self._groups:
            for member in members:
                found[member] += [a for a in attested if a != member]
        return {member: tuple(dict.fromkeys(terms)) for member, terms in found.items()}

    def _place_names(self) -> list[tuple[str, str]]:
        """(normalised place name, region code), longest first."""
        names = set()
        for region in self.kb.regions.values():
            for name in region.names:
                norm = normalize_query(name).replace(" ", "")
                if len(norm) >= 2:
                    names.add((norm, region.code))
        return sorted(names, key=lambda x: (-len(x[0]), x[0]))

    def _sound_alike_terms(self) -> dict[str, tuple[str, ...]]:
        """Toneless pinyin → the terms the documents (or the synonym list, or a place name) spell that way, best
        first: place names, then the word most documents use (the query's neighbours may pick another one)."""
        offered: dict[str, dict[str, tuple[int, float]]] = defaultdict(dict)

        def offer(word: str, rank: int, rarity: float) -> None:
            if 2 <= len(word) <= 4 and _CJK_ONLY.match(word):
                # every reading of a character with several (长护险 is said chang-, 长者 zhang-): the user's word is
                # read one way, the term may be written with the other
                for key in _readings(word):
                    offered[key][word] = min(offered[key].get(word, (rank, rarity)), (rank, rarity))

        for name, _code in self._places:
            offer(name, 0, 0.0)
        for word, idf in self.text_field.idf.items():
            offer(word, 1, idf)
        for members, _attested in self._groups:
            for member in members:
                # (a two-character everyday word is too easily a sound-alike by chance: 没迁过 is no 没钱过)
                if len(member) >= 3:
                    offer(member, 2, 0.0)
        return {key: tuple(sorted(words, key=lambda w: words[w])) for key, words in offered.items()}

    def correct_sound_alikes(self, normalized: str) -> str:
        """Replace words nobody writes (低宝, 补帖, 温洲, 床为 — pinyin input and voice typos) by the term of
        the same sound that the documents, the synonym list or the place names use. Words the documents use
        are left alone, and real words (事实, 孩子: in jieba's dictionary) unless the documents' word fits their
        place and theirs does not."""
        out = normalized
        for word, inner in self.segmenter.weighted_words(normalized):
            if (inner or not 2 <= len(word) <= 4 or not _CJK_ONLY.match(word) or word in self.text_field.idf
                    or word in _ASKING_WORDS or _A_NOT_A.match(word) or word.startswith(_PRONOUNS)):
                continue
            if self.segmenter.frequency(word) >= COMMON_WORD_FREQ:
                # A real word (探方, an archaeology term) that voice input put for the documents' one (月探访率):
                # replaced only where the documents' word fits its neighbours and the user's does not.
                fix = self._sound_alike(word)
                if fix and fix != word and self._fits_context(normalized, word, fix) and self._keeps_places(
                        out, word, fix):
                    out = out.replace(word, fix)
                continue
            if word[0] in _UNITS and re.search(r"\d\s*" + re.escape(word), normalized):
                continue  # 2025年建: the unit of the number before it, cut off with the next word
            if word.endswith(_GLUED_ENDINGS):
                continue  # 水电气是 → 气是: a made-up word ending in a grammar character
            fix = self._sound_alike(word, normalized)
            if fix and fix != word and self._keeps_places(out, word, fix):
                out = out.replace(word, fix)
                continue
            for part in (word[:2], word[-2:]) if len(word) > 2 else ():
                # 探方率: a word jieba made up around the misheard part; the part must fit as above
                fix = self._sound_alike(part)
                if (fix and fix != part and part not in self.text_field.idf and part not in _ASKING_WORDS
                        and self._fits_context(out, part, fix) and self._keeps_places(out, part, fix)):
                    out = out.replace(part, fix)
                    break
        out = self._correct_split_pairs(out)
        # Pinyin typed for want of a Chinese keyboard (wenzhou jiating chuangwei): the term of that sound.
        return _PINYIN_WORD.sub(lambda m: self._sound_alikes.get(m.group(0), (m.group(0),))[0], out)

    def sound_alike_term(self, word: str) -> str | None:
        """The term of the documents (or of the synonym list) that sounds like ``word``, when ``word`` is not it
        (条列 → 条例: a voice or pinyin typo, never a word the documents lack)."""
        fix = self._sound_alike(word)
        return fix if fix and fix != word else None

    def _keeps_places(self, text: str, word: str, fix: str) -> bool:
        """Replacing ``word`` by ``fix`` names the same places: no place made with the neighbours (来电人问昌吉市 →
        人文昌吉市 would name 文昌) and none broken, unless the fix is itself the place (温洲 → 温州)."""
        def named(t: str) -> set[str]:
            return {name for name, _code in self._places if name in t}

        before, after = named(text), named(text.replace(word, fix))
        return after == before or (after - before <= named(fix) and before <= after)

    def _correct_split_pairs(self, normalized: str) -> str:
        """体捡 → 体检: a typo jieba cut into two single characters, which together sound like a document
        term and are written nowhere in the documents."""
        words = [w for w, _inner in self.segmenter.weighted_words(normalized)]
        out = normalized
        for first, second in zip(words, words[1:]):
            pair = first + second
            if (len(first) != 1 or len(second) != 1 or not _CJK_ONLY.match(pair) or pair not in normalized
                    or pair in self._corpus or pair in _ASKING_WORDS
                    or self.segmenter.frequency(pair) >= COMMON_WORD_FREQ):
                continue
            fix = self._sound_alike(pair)
            if fix and fix in self.text_field.idf and self._keeps_places(out, pair, fix):
                out = out.replace(pair, fix)
        return self._correct_across_words(out, words)

    def _correct_across_words(self, normalized: str, words: list[str]) -> str:
        """买义外险 → 买意外险: a typo the segmenter cut across two words that neither the documents nor jieba's
        dictionary know (买义 / 外险); a stretch of three or four characters over the cut that sounds like a term
        of the documents or of the synonym list, and is written nowhere in them, is that term."""
        out = normalized
        idf = self.text_field.idf
        for first, second in zip(words, words[1:]):
            joined = first + second
            unknown = [w not in idf and self.segmenter.frequency(w) < COMMON_WORD_FREQ for w in (first, second)]
            # (静 + 老院: one character, cut off a word nobody writes, may belong to it)
            # (not 发 + 多少钱: a word people ask with is no typo)
            lone = (any(len(w) == 1 for w in (first, second)) and any(unknown)
                    and not any(w in _ASKING_WORDS or _A_NOT_A.match(w) for w in (first, second)))
            if not (all(unknown) or lone) or not _CJK_ONLY.match(joined) or joined not in out:
                continue  # (both pieces are words nobody writes: 年纪 + 打反 is no 年纪大)
            found = self._sound_alike_over_cut(joined, len(first))
            if found and self._keeps_places(out, *found):
                out = out.replace(*found)
        return out

    def _sound_alike_over_cut(self, joined: str, cut: int) -> Optional[tuple[str, str]]:
        """(stretch, term): the first stretch of four, then three characters over the cut (a word of its own was
        judged before) that is written nowhere in the documents and sounds like one of their terms."""
        for size in (4, 3):
            for i in range(max(0, cut - size + 1), min(cut, len(joined) - size + 1)):
                part = joined[i:i + size]
                if part in self._corpus or part in _ASKING_WORDS:
                    continue
                fix = self._sound_alike(part)
                if fix and fix != part:
                    return part, fix
        return None

    def _sound_alike(self, word: str, normalized: str = "") -> Optional[str]:
        """The documents' term spoken like `word`, or None; of several, the one that the query's neighbouring
        characters make a phrase of the documents with (诗独老人: 失独老人, not 适度)."""
        from pypinyin import lazy_pinyin

        terms = self._sound_alikes.get("".join(lazy_pinyin(word)))
        if not terms:
            return None
        if normalized and len(terms) > 1:
            fitting = next((t for t in terms if self._fits_context(normalized, word, t)
                            or self._makes_known_phrase(normalized, word, t)), None)
            if fitting:
                return fitting
        return terms[0]

    def _makes_known_phrase(self, normalized: str, word: str, fix: str) -> bool:
        """With the two characters before or after `word` in the query, `fix` makes a phrase of the documents or
        of the synonym list (诗独老人 → 失独老人, a variant the synonym list knows)."""
        compact = normalized.replace(" ", "")
        at = compact.find(word)
        if at < 0:
            return False
        before, after = compact[max(0, at - 2):at], compact[at + len(word):at + len(word) + 2]
        phrases = [p for p in (before + fix, fix + after) if _CJK_ONLY.match(p) and len(p) > len(fix)]
        return any(p in self._corpus or p in self._synonym_members for p in phrases)

    @functools.cached_property
    def _synonym_members(self) -> frozenset[str]:
        """Every member of the synonym groups (gathered once per index, not per query word)."""
        return frozenset(member for members, _attested in self._groups for member in members)

    def _fits_context(self, normalized: str, word: str, fix: str) -> bool:
        """With a neighbouring character of the query, `fix` occurs in the documents and `word` does not."""
        compact = normalized.replace(" ", "")
        at = compact.find(word)
        if at < 0:
            return False
        left, right = compact[max(0, at - 1):at], compact[at + len(word):at + len(word) + 1]
        for before, after in ((left, right), (left, ""), ("", right)):
            if (before or after) and _CJK_ONLY.match(before + after) and before + fix + after in self._corpus:
                return before + word + after not in self._corpus
        return False

    # ------------------------------------------------------------------ query side
    def detect_region(self, query: str) -> Optional[str]:
        """The region code of the first place the query names (longest name at that position), or None."""
        norm = self.correct_sound_alikes(normalize_query(query)).replace(" ", "")
        best: Optional[tuple[int, int, str]] = None
        for name, code in self._places:
            pos = norm.find(name)
            if pos >= 0 and (best is None or (pos, -len(name)) < (best[0], best[1])):
                best = (pos, -len(name), code)
        return best[2] if best else None

    def _strip_places(self, norm: str) -> str:
        """Drop the names of the covered regions (海口, 温州 …): the region filter has used them and in the
        documents they are noise. Smaller places (三亚, 滨湖镇) stay: a document may say something about
        them."""
        for name, code in self._places:
            if name in norm and code in self.kb.scopes:
                norm = norm.replace(name, " ")
        return norm

    def _weigh(self, normalized: str, weight: float = 1.0) -> dict[str, float]:
        """Weighted words of a text: whole words at ``weight``; the words inside a longer word at
        SUBWORD_WEIGHT of it — or UNKNOWN_SUBWORD_WEIGHT when the documents never use the longer word, whose
        meaning then rests on its parts (上门服务 → 上门)."""
        out: dict[str, float] = {}
        pending: list[str] = []
        vocab = self.text_field.idf
        for word, inner in self.segmenter.weighted_words(normalized):
            if inner:
                pending.append(word)
                continue
            share = SUBWORD_WEIGHT if word in vocab else UNKNOWN_SUBWORD_WEIGHT
            for sub in pending:
                if out.get(sub, 0.0) < weight * share:
                    out[sub] = weight * share
            pending = []
            if out.get(word, 0.0) < weight:
                out[word] = weight
        return out

    def parse(self, query: str, strip_places: bool = False, scopes: Sequence[str] = ()) -> _Query:
        """The weighted words, synonym groups, cue markers and concepts of a query. With `scopes`, a synonym
        group translates (weighs as the user's own word) when the user's wording does not occur in those
        regions' documents, even if another region's do (温州 writes 助配餐 where 昌吉 writes 助餐)."""
        norm = _BENEFIT_FORM.sub(" ", self.correct_sound_alikes(normalize_query(query)))
        norm = _NEGATED_STATUS.sub(_NEGATED_READS_AS, norm)
        compact = norm.replace(" ", "")
        if strip_places:
            norm = self._strip_places(norm)
        words = self._weigh(norm)
        groups: list[list[dict[str, float]]] = []
        touched: list[tuple[tuple[str, ...], frozenset[str]]] = []
        for members, attested in self._groups:
            matched = [m for m in members if m in compact]
            if not matched or not attested:
                continue
            # the user's wording occurs in the documents: the group only adds; otherwise it translates
            here = [m for m in attested if any(m in self.region_corpus(s) for s in scopes)] if scopes else attested
            weight = EXPANSION_WEIGHT if any(m in here for m in matched) or not here else 1.0
            variants = []
            for member in attested:
                member_words = {w: v for w, v in self._weigh(member, weight).items() if words.get(w, 0.0) < v}
                if member_words:
                    variants.append(member_words)
            if variants:
                groups.append(variants)
            full_words = frozenset(w for member in attested
                                   for w, inner in self.segmenter.weighted_words(member) if not inner)
            touched.append((tuple(matched), full_words))
        for cue, (weight, question, _answer) in CUES.items():
            if question.search(compact):
                words[cue] = weight
        bigrams = {b: 1.0 for b in char_bigrams(self.segmenter.kept_text(norm))}
        return _Query(words, groups, bigrams, "§dept" in words, bool(_DEFINITION.search(compact)),
                      self._concepts(norm, words, touched))

    def _concepts(self, norm: str, words: dict[str, float],
                  matched: list[tuple[tuple[str, ...], frozenset[str]]]) -> list[frozenset[str]]:
        """The query's distinct concepts, each as the set of words that match it: each synonym group the query
        touches (with the user's words that triggered it), each other word the user typed that the documents
        know, and each answer-type marker except the weakest."""
        vocab = self.text_field.idf
        concepts: list[frozenset[str]] = []
        absorbed: set[str] = set()
        for surfaces, members in matched:
            user_words = {w for w, _ in self.segmenter.weighted_words(" ".join(surfaces))}
            absorbed |= user_words
            concepts.append(members | frozenset(w for w in user_words if w in vocab))
        for word, is_inner in self.segmenter.weighted_words(norm):
            if not is_inner and word in vocab and word not in absorbed:
                concepts.append(frozenset([word]))
        concepts += [frozenset([c]) for c in words if c.startswith("§") and c not in _NO_CONCEPT]
        return list(dict.fromkeys(concepts))

    def query_terms(self, query: str, strip_places: bool = False) -> dict[str, float]:
        """All weighted words of a query (user words, the best weight of each expansion word, markers).
        One answer asks for the same question's terms many times: they are worked out once (cached)."""
        return dict(self._cached_terms(query, strip_places))

    def _query_terms(self, query: str, strip_places: bool) -> dict[str, float]:
        parsed = self.parse(query, strip_places)
        out = dict(parsed.words)
        for variants in parsed.groups:
            for member in variants:
                for word, weight in member.items():
                    out[word] = max(out.get(word, 0.0), weight)
        return out

    def _document_reference(self, names_document: bool, parsed: _Query, doc_ids: Sequence[str]) -> list[str]:
        """When the query names a document (…条例, …方案, 文号), the words of the document titles identify
        the document rather than the passage: weigh them less; return the document(s) named best."""
        if not names_document:
            return []
        title_words = set().union(*(self._title_words.get(d, set()) for d in doc_ids)) if doc_ids else set()
        if not title_words:
            return []
        idf = self.text_field.idf
        overlap = {d: sum(idf.get(w, 0.0) for w in parsed.words if w in self._title_words.get(d, ()))
                   for d in doc_ids}

        def down(weights: dict[str, float]) -> dict[str, float]:
            return {w: (v * DOC_TITLE_WEIGHT if w in title_words else v) for w, v in weights.items()}

        parsed.words = down(parsed.words)
        parsed.groups = [[down(m) for m in variants] for variants in parsed.groups]
        best = max(overlap.values()) if overlap else 0.0
        preferred = [d for d, v in overlap.items() if best > 0 and v >= best - 1e-9]
        return preferred if len(preferred) < len(doc_ids) else []

    def _score(self, weights: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """(passage-only score, combined score) of every unit."""
        text = self.text_field.scores(weights)
        context = (HEADING_WEIGHT * self.head_field.scores(weights)
                   + CLAUSE_WEIGHT * self.clause_field.scores(weights))
        return text, text + context[self.unit_ctx]

    # ------------------------------------------------------------------ search
    def search(self, query: str, region: Optional[str] = None, k: int = 5,
               kinds: Sequence[str] = ("clause",)) -> list[SearchHit]:
        if not query or not query.strip() or k <= 0:
            return []
        if region is None:
            region = self.detect_region(query)
        scopes: list[str] = []
        if region is not None:
            scopes = self.kb.covers(region)
            if not scopes:
                return []  # a place the knowledge base does not cover
        parsed = self.parse(query, strip_places=bool(scopes), scopes=scopes)
        if not parsed.words and not parsed.groups:
            return []
        doc_ids = [d.doc_id for d in self.kb.documents.values() if not scopes or d.region in scopes]
        names_document = bool(_DOC_REF.search(normalize_query(query)))
        preferred = self._document_reference(names_document, parsed, doc_ids)

        text, scores = self._score(parsed.words)
        for variants in parsed.groups:  # a synonym group counts once, by its best member
            best_text = np.zeros_like(text)
            best = np.zeros_like(scores)
            for member in variants:
                t, s = self._score(member)
                best_text = np.maximum(best_text, t)
                best = np.maximum(best, s)
            text = text + best_text
            scores = scores + best
        if BIGRAM_WEIGHT and parsed.bigrams:
            scores = scores + BIGRAM_WEIGHT * self.bigram_field.scores(parsed.bigrams)

        mask = np.isin(self.unit_kind, list(kinds)) & (text > 0)
        if scopes:
            mask &= np.isin(self.unit_doc, doc_ids)
            if len(scopes) > 1:
                local = [d.doc_id for d in self.kb.documents.values() if d.region == scopes[0]]
                scores = scores * np.where(np.isin(self.unit_doc, local), 1 + LOCAL_BOOST, 1.0)
        if preferred:
            scores = scores * np.where(np.isin(self.unit_doc, preferred), 1 + DOC_REF_BOOST, 1.0)
            if META_BOOST and ("§docno" in parsed.words or "§date" in parsed.words):
                scores = scores * np.where(self.unit_meta, 1 + META_BOOST, 1.0)
        if LISTING_WEIGHT != 1.0 and not names_document:
            # a question that names no document does not ask what is attached to one
            scores = scores * np.where(self.unit_listing, LISTING_WEIGHT, 1.0)
        if TABLE_WEIGHT != 1.0:
            scores = scores * np.where(self.unit_table, TABLE_WEIGHT, 1.0)
        scores = np.where(mask, scores, 0.0)
        candidates = np.flatnonzero(scores > 0)
        if candidates.size == 0:
            return []
        ranked = candidates[np.argsort(-scores[candidates], kind="stable")]
        if COORD_WEIGHT and len(parsed.concepts) > 1:
            top = ranked[:COORD_DEPTH]
            for i in top:
                have = self.unit_words[i]
                covered = sum(1 for concept in parsed.concepts if not concept.isdisjoint(have))
                scores[i] *= 1 - COORD_WEIGHT + COORD_WEIGHT * covered / len(parsed.concepts)
            ranked = np.concatenate([top[np.argsort(-scores[top], kind="stable")], ranked[COORD_DEPTH:]])
        return self._collect(ranked, scores, k, parsed)

    def _collect(self, ranked: np.ndarray, scores: np.ndarray, k: int, parsed: _Query) -> list[SearchHit]:
        """One hit per clause (entry), in rank order: its best passage, joined in reading order with its
        second-best when that scores nearly as well."""
        groups: dict[Any, list[int]] = {}
        order: list[Any] = []
        for i in ranked:
            unit = self.units[i]
            key = (unit.kind, unit.clause_id if unit.kind == "clause" else unit.ctx)
            if key not in groups:
                if len(order) >= k:
                    continue
                groups[key] = [int(i)]
                order.append(key)
            else:
                groups[key].append(int(i))
        wanted = [c for c in parsed.words if c.startswith("§") and c not in _NOT_JOINED]
        hits: list[SearchHit] = []
        for key in order:
            first, *rest = groups[key]
            missing = [c for c in wanted if c not in self.docs[first]]
            sibling = next((i for i in rest if scores[i] >= CUE_PASSAGE_RATIO * scores[first]
                            and any(c in self.docs[i] for c in missing)), None) if missing else None
            if sibling is not None:
                picked = [first, sibling]  # the best sentence lacks the kind of value asked for; this has it
            else:
                picked = [first] + [i for i in rest[:1] if scores[i] >= SECOND_PASSAGE_RATIO * scores[first]]
            unit = self.units[first]
            text = "".join(u.text for u in sorted((self.units[i] for i in picked), key=lambda u: u.order))
            if unit.kind == "clause":
                whole = self.whole.get(unit.clause_id or "", "")
                if parsed.wants_definition and len(whole) <= WHOLE_DEFINITION_CHARS:
                    text = whole  # "what is …": the whole definition
                note = self.notes.get(unit.clause_id or "", "")
                if parsed.wants_dept and note and note not in text:
                    text = text + note  # "who is responsible": the clause's list says
            doc = self.kb.documents.get(unit.doc_id)
            hits.append(SearchHit(
                doc_id=unit.doc_id,
                clause_id=unit.clause_id,
                heading=unit.heading,
                text=text,
                score=round(float(scores[first]), 4),
                doc_status=doc.status if doc else "",
                kind=unit.kind,
            ))
        return hits


# ---------------------------------------------------------------------------------------------- module API
_INDEX_LOCK = threading.Lock()


@functools.lru_cache(maxsize=4)
def _index_for(kb_id: int, kb: KnowledgeBase) -> SearchIndex:
    if Path(kb.root).resolve() != KNOWLEDGE_ROOT:  # a test's own knowledge base: built, never saved
        return SearchIndex(kb)
    saved = index_cache.load(KNOWLEDGE_ROOT)
    if isinstance(saved, SearchIndex):
        return saved.attach(kb)
    index = SearchIndex(kb)
    try:
        index_cache.save(index, KNOWLEDGE_ROOT)
    except OSError as exc:  # a read-only checkout still answers, it only starts more slowly
        logger.warning("could not save the search index: %s", exc)
    return index


def save_index() -> Path:
    """Build the index of the repository's knowledge base and save it (``make kb-build``)."""
    return index_cache.save(SearchIndex(load_kb()), KNOWLEDGE_ROOT)


def get_index(kb: Optional[KnowledgeBase] = None) -> SearchIndex:
    """The cached index of ``kb`` (default: :func:`load_kb`)."""
    kb = kb or load_kb()
    with _INDEX_LOCK:
        return _index_for(id(kb), kb)


def clear_cache() -> None:
    _index_for.cache_clear()


def search(query: str, region: Optional[str] = None, k: int = 5, kinds: Sequence[str] = ("clause",),
           kb: Optional[KnowledgeBase] = None) -> list[SearchHit]:
    """Top ``k`` passages for ``query``, best first (see the module docstring)."""
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kinds {sorted(unknown)}; known: {KINDS}")
    return get_index(kb).search(query, region=region, k=k, kinds=kinds)


def detect_region(query: str, kb: Optional[KnowledgeBase] = None) -> Optional[str]:
    """Region code of a place named in the query (三亚 → sanya, 鹿城区 → lucheng), or None."""
    return get_index(kb).detect_region(query)


# the readings of a word tried for sound-alikes: the product of each character's readings, at most this many
MAX_READINGS = 8


def _readings(word: str) -> list[str]:
    """The toneless pinyin of ``word`` under each reading of its characters (长: chang / zhang), the usual one
    first."""
    from pypinyin import Style, pinyin

    keys = [""]
    for options in pinyin(word, style=Style.NORMAL, heteronym=True):
        keys = [k + o for k in keys for o in dict.fromkeys(options)][:MAX_READINGS]
    return keys


__all__ = ["KINDS", "SearchHit", "SearchIndex", "Segmenter", "clear_cache", "detect_region", "get_index",
           "normalize_query", "search", "split_responsibility", "split_sentences"]
