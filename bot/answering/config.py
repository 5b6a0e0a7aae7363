"""Every number the answer pipeline was tuned with, in one typed, documented place.

Scores are the search's (BM25-based, :mod:`bot.kb.search`); ratios compare a passage's score with the best
one's; lengths are characters. Most were tuned on the development question set: change one, then run
``python -m bot.eval.golden`` (which answers change) and ``make eval`` (the figures on all five sets).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tuning:
    # ------------------------------------------------------------------ is the best passage an answer?
    min_score: float = 1.0
    """Below this search score the best passage is too weak to be called an answer."""
    off_topic_min_score: float = 16.0
    """A passage that shares none of the question's rarest words needs at least this score to count."""
    weak_score: float = 6.0
    """Below this score a passage must name two of the question's three rarest words, not one: 以房养老、反向抵押
    在海口能办不 is not answered by a passage that only says 养老."""
    ambiguous_ratio: float = 0.75
    """Another region's passage this close to the best one means the answer depends on the city."""
    title_min_chars: int = 8
    """A quoted title this long, contained in a covered document's title, names that document."""
    mention_share: float = 0.6
    """Share of a word's character pairs that must occur in a passage for the word to count as mentioned."""
    common_idf: float = 2.2
    """Words this common in the documents (服务 1.4, 社区 1.4, 设施 2.1) say nothing about a passage's topic."""
    unnamed_max_frequency: int = 1000
    """A rare question word no document uses is said to be unmentioned only when jieba's dictionary counts it
    at most this often (a specific noun or verb, not a common word)."""

    # ------------------------------------------------------------------ rerankers
    near_tie: float = 0.85
    """Passages scoring within this share of the best are near-ties; the one naming the asked-for term wins."""
    local_ratio: float = 0.8
    # a close passage that names the year asked, or the city asked within a province's plan
    year_ratio: float = 0.8
    city_ratio: float = 0.6
    # a close passage that defines the term a "what does it mean" question asks about
    defining_ratio: float = 0.4
    """A passage of the asked city's own documents scoring at least this share of the best one (from a wider
    region's plan) answers instead: 海口经济困难老人补贴 is Haikou's rule before the province's aim."""
    hits: int = 3  # passages retrieved for a question (a kind of fact asked may reach further: question_kinds.yaml)
    answering_ratio: float = 0.7
    """A passage scoring at least this share of the best one answers instead when only it has the value asked
    for."""
    reach_ratio: float = 0.4
    """The same, for a kind of fact that sits away from the clauses on its topic (`reach` in question_kinds.yaml:
    the fines come after the clauses on the rooms a developer must hand over)."""
    focus_ratio: float = 0.5
    """After a story, a passage scoring this share of the best that names all the asking clauses' rare words goes
    before a best one that names only some (its place owed to the story's words), or none of the one they name."""
    listed_items: int = 6
    """A topic word named only as an item of an enumeration this long (服务项目包含…) is no statement about it."""
    longer_list_items: int = 3
    """"能提供哪些服务": a close passage that lists this many more items answers better than a short list."""
    listing_ratio: float = 0.7
    """…when it scores at least this share of the best one."""
    other_people_ratio: float = 0.6
    """A passage about the asked people scoring at least this share of the best one, which is about others,
    answers."""

    # ------------------------------------------------------------------ the answer window
    key_context: int = 4
    """How many phrases before a value count as its context when choosing among several values."""
    qualifier_boost: float = 2.0
    """Weight of the words in the question's last clause (擅自拆…，情节严重的罚多少钱): the condition the asked
    value depends on is stated right before the question word, as it is right before the value in the text."""
    context_decay: float = 0.7
    """Weight of each earlier phrase in a value's context, relative to the one after it: the words right
    before a value (重度失能失智老年人，每月…四十五小时) say most about which value it is."""
    whole_slack_chars: int = 20
    """A passage at most this much longer than the window is shown whole: cutting its last words saves
    little."""
    key_first_chars: int = 40
    """A key fact this near the start of the answer is first enough; further in, it is repeated up front."""
    tail_weight: float = 0.5
    """A question word in the last quarter of an answer window counts this much: what it says is cut off."""
    list_sentence_chars: int = 170
    """"包括哪些项目": a listing sentence is shown whole up to this length."""
    window_overrun_chars: int = 30
    """A window with no sentence or phrase end in its second half runs on this far to the next one rather than
    cut a phrase (and never cuts a number, a quotation or brackets)."""
    end_probe_chars: int = 8
    """A window shows its clause's end when it holds the clause's last this many characters; else the reply says
    that "详细说明" has the rest."""
    window_reach_chars: int = 80
    """A window starting with a word that refers back (其中, 上述, 对…), or in the middle of a sentence whose
    earlier part states the decisive condition (户籍, 居住, age, degree …), starts at that sentence when this
    many characters or fewer are added."""
    related_window_chars: int = 70
    """The window quoted under "文件里没有写…" (the sentences on the topic)."""

    eligibility_clause_chars: int = 320
    """A question whether someone qualifies is answered with the whole clause, up to this length, when the clause
    states its conditions over two sentences or more (温州 三（三）8: 户籍 and 居住, then the groups and hours)."""
    support_ratio: float = 0.85
    """A passage of the answer's document scoring at least this share of the best one may follow the answer as
    "相关的还有一条" when it names a topic word the answer does not."""
    support_among: int = 3
    """…looked for among this many of the best passages."""
    support_overlap: float = 0.6
    """…and not repeating it: a passage with this share of its character pairs in the answer says it again."""
    support_words: int = 3
    """…and naming one of the question's this many rarest words that the answer does not."""

    # ------------------------------------------------------------------ bubbles
    max_bubble_chars: int = 120
    """An answer bubble's length: short enough for an elder's phone screen."""
    part_chars: int = 60
    """The window a later part's answer is cut to: a short second bubble."""
    detail_chunk_chars: int = 200
    """"详细说明" splits a long clause at sentence ends into bubbles of about this length."""
    compare_chars: int = 80
    """One region's bubble in a comparison."""
    follow_up_max_chars: int = 10
    """A question this short that only says what it wants to know (在哪申请 / 要什么条件 / 找谁) continues the
    topic of the previous answer."""

    # ------------------------------------------------------------------ catalogue and other specialists
    min_benefits: int = 2
    """"What is there for <group>" lists the catalogue only when it has at least this many entries."""
    max_benefits: int = 4
    """…and shows at most this many."""
    two_benefit_chars: int = 70
    """Characters of a benefit's content shown when two are listed (one bubble each stays short)."""
    list_content_chars: int = 46
    """…when more are listed."""
    others_chars: int = 100
    """The names of the benefits not shown."""
    benefit_quote_chars: int = 60
    """The quote of a benefit's department entry."""
    related_benefits: int = 2
    """What a region provides instead of a subsidy it lacks: at most this many entries."""
    definition_chars: int = 180
    """A definition is the whole answer: shown whole unless very long."""
    usage_quote_chars: int = 90
    """The sentence that uses a term no document defines."""
    parts_chars: int = 200
    """The list of a section's parts."""
    max_named: int = 4
    """Holders of a role named at most."""
    people_chars: int = 150
    """The bubble naming them."""


CONFIG = Tuning()
