"""Stage *extract*: the window of a passage that answers — the phrase stating the asked value (key fact),
the window around it, a listing sentence, a table row with its cells labelled."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.answering.config import CONFIG
from bot.answering.env import Env
from bot.answering.kinds import platform_names, yes_no_money_kind
from bot.answering.reply import clip, sentence_start
from bot.answering.text import (
    BARE_FIGURE,
    SENTENCE,
    compact,
    context_start,
    neighbourhood,
    sentence_cut,
    sentence_of,
    side_by_side,
    split_phrases,
)
from bot.answering.topics import (
    about,
    names,
    other_degree,
    other_people,
    other_setting,
    relevance_words,
    sentences_naming,
)
from bot.answering.words import (
    APPLY_VERB,
    CLAUSE_CONDITIONS,
    DEADLINE,
    DECISIVE_CONDITIONS,
    DEFINED_TERM,
    FINE,
    FOCUS_CUES,
    GENERIC_NUMBER_CUE,
    LIST_QUESTION,
    LIST_SENTENCE,
    REFERRING_STARTS,
    RESPONSIBILITY_NOTE,
    ROW_NUMBER_COLUMNS,
    ROW_UNIT,
    SECTION_LABEL,
    UNIT_COLUMN,
)
from bot.kb.search import CUES, SearchHit, normalize_query
from bot.kb.vocabulary import QuestionKind


def key_fact(env: Env, text: str, kind: QuestionKind | None, question: str = "", focus: str = "") -> str | None:
    """The phrase of the passage that states the asked-for fact (e.g. 每月不少于四十五小时)."""
    if kind is None:
        return None
    if kind.name == "department":
        match = kind.fact.search(text)
        return match.group(0).strip("（()）[]【】") if match else None
    if kind.name == "apply":
        text = RESPONSIBILITY_NOTE.sub("", text)  # the offices in charge of a task are not where one applies
        # 社区 / 乡镇（街道） name a place to apply only next to an applying verb (not 顾问实现乡镇（街道）全覆盖)
        return _value_phrase(env, text, question, lambda phrase: bool(kind.fact.search(phrase)) and (
            bool(APPLY_VERB.search(phrase)) or any(name in phrase for name in platform_names(env))), focus)
    if kind.name == "money":
        # a fine does not answer 补助多少 and a subsidy does not answer 罚多少
        fine = FINE in normalize_query(question)
        return _value_phrase(env, text, question,
                             lambda phrase: bool(kind.fact.search(phrase)) and (FINE in phrase) == fine, focus)
    if kind.name == "number":
        # a deadline (2021年底前) is no count: 日间照料中心有多少个 is not answered by one
        return _value_phrase(env, text, question, lambda phrase: bool(kind.fact.search(DEADLINE.sub("", phrase))),
                             focus)
    return _value_phrase(env, text, question, lambda phrase: bool(kind.fact.search(phrase)), focus)


def cue_fact(env: Env, text: str, question: str, topic: str | None = None) -> str | None:
    """The phrase carrying the kind of value the question's form asks for (a date, an e-mail address, a
    document number, a count …), so that the answer window shows it. No claim is made when it is absent.
    Its surroundings must be about `topic` (the question when not given; "" for any)."""
    wanted = [c for c in env.index.query_terms(question) if c in FOCUS_CUES]
    if len(wanted) > 1:
        wanted = [c for c in wanted if c != GENERIC_NUMBER_CUE]  # 罚多少: an amount, not any number
    if not wanted:
        return None
    return _value_phrase(env, text, question if topic is None else topic,
                         lambda phrase: any(CUES[c][2].search(normalize_query(phrase)) for c in wanted))


def _value_phrase(env: Env, text: str, question: str, holds_value: Callable[[str], bool],
                  focus: str = "") -> str | None:
    """Of the phrases holding a value, the one about what was asked: its sentence names one of the
    question's topic words (三亚养老院多少钱 is not answered by 孤儿养育标准每人每月1450元) — or of the asking
    clauses' (``focus``), which a long story's words may crowd out — and of those the one whose context
    shares most with the question."""
    phrases = split_phrases(text)
    found = [i for i, phrase in enumerate(phrases) if holds_value(phrase)]
    if question:
        words = relevance_words(env, question)
        # the asking clauses' own words, as a list of their own: a long story's rarest word (户口) must not be
        # the one a value next to what was asked (免费上门服务…几个钟头) has to name
        asked = relevance_words(env, focus) if focus and focus != question else []

        def named_near(i: int) -> bool:
            near = normalize_query(neighbourhood(phrases, i))
            return about(env, words, near) or bool(asked and about(env, asked, near))

        found = [i for i in found if named_near(i)
                 and not other_people(question, sentence_of(phrases, i))
                 and not other_setting(question, sentence_of(phrases, i))
                 and not other_degree(question, phrases, i, found)]
    if not found:
        return None
    weights = qualified_weights(env, question) if question else {}
    best = max(found, key=lambda i: (round(_near_score(env, phrases, i, weights, found), 6), -i))
    return phrases[best].strip().strip("[]").rstrip("，,；;。：:！？!?")


def qualified_weights(env: Env, question: str) -> dict[str, float]:
    weights = dict(env.index.query_terms(question))
    clauses = [c for c in re.split(r"[，,。；;！？!?、 ]", normalize_query(question)) if c.strip()]
    if len(clauses) < 2:
        return weights
    last = clauses[-1]
    return {w: v * (CONFIG.qualifier_boost if not w.startswith("§") and w in last else 1.0) for w, v in weights.items()}


def _near_score(env: Env, phrases: list[str], index: int, weights: dict[str, float], values: list[int]) -> float:
    """The question's words in the phrases leading up to a value, back to the sentence start or the
    previous value, nearer phrases weighing more."""
    start = context_start(phrases, index, values, CONFIG.key_context)
    idf = env.index.text_field.idf
    best: dict[str, float] = {}  # each word once, at its nearest place: repeating it says nothing more
    for i in range(start, index + 1):
        norm = normalize_query(phrases[i]).replace(" ", "")
        for w, v in weights.items():
            if not w.startswith("§") and w in norm:
                best[w] = max(best.get(w, 0.0), idf.get(w, 0.0) * v * CONFIG.context_decay ** (index - i))
    return sum(best.values())


def focus_window(env: Env, text: str, question: str, limit: int, key: str | None = None) -> str:
    """The part of a passage that answers the question, about `limit` characters long. Of the windows
    starting at a phrase, the one holding most of the question's rare words (each counted once, and less
    near the window's end, where what follows them is cut off) and the key fact; ties go to a sentence start,
    then to the earliest window."""
    text = text.strip()
    if len(text) <= limit + CONFIG.whole_slack_chars:
        return text
    weights = {w: v for w, v in env.index.query_terms(question).items() if not w.startswith("§")}
    idf = env.index.text_field.idf
    starts = [0] + [m.end() for m in re.finditer(r"[，,；;。！？!?：:]", text) if m.end() < len(text) - 1]
    asked = normalize_query(question).replace(" ", "")
    ordered = sorted((w for w in weights if len(w) > 1 and w in asked), key=asked.index)
    pairs = list(zip(ordered, ordered[1:]))

    def score(start: int) -> tuple[float, int, bool, int]:
        window = text[start:start + limit]
        cut = start + limit < len(text)
        # the last quarter is the tail only when the text goes on past the window
        head = normalize_query(window[:limit * 3 // 4 if cut else limit]).replace(" ", "")
        whole = normalize_query(window).replace(" ", "")
        # a word whose sentence the window cuts off counts as in the tail: what it says is not shown
        covered = sum(idf.get(w, 0.0) * v * (1.0 if w in head and not (cut and sentence_cut(whole, w))
                                              else CONFIG.tail_weight)
                      for w, v in weights.items() if w in whole)
        bonus = 100.0 if key and key in window else 0.0
        return (round(covered + bonus, 6), side_by_side(head, pairs), start == 0 or text[start - 1] in "。；;！？!?",
                -start)

    if key and key in text:
        # the key fact where the text first states it (the same words may recur for another group)
        first = text.index(key)
        starts = [s for s in starts if s <= first and first + len(key) <= s + limit] or starts
    chosen = max(starts, key=score)
    start = meaningful_start(text, chosen)
    window = clip(text[start:], limit + chosen - start, around=key, from_start=start < chosen)
    return window if start == 0 or window.startswith("…") else "…" + window


def meaningful_start(text: str, start: int) -> int:
    """Where a window starting at `start` must start to keep its meaning: at the sentence it refers to when it
    starts with 其中 / 上述 / 对…, and at its sentence's start when the part of the sentence before it states a
    decisive condition (户籍, 居住, age, degree, economic status) — each step within CONFIG.window_reach_chars."""
    while start > 0:
        begin = sentence_start(text, start)
        refers = text[start:].lstrip("…").startswith(REFERRING_STARTS)
        if begin < start and (refers or any(w in text[begin:start] for w in DECISIVE_CONDITIONS)):
            target = begin  # the sentence's own start
        elif begin == start and refers:
            target = sentence_start(text, begin - 1)  # the sentence it refers to
        else:
            break
        if start - target > CONFIG.window_reach_chars:
            break
        start = target
    return start


def table_row(env: Env, clause_id: str | None) -> str | None:
    """A task-table row as a sentence with its other cells labelled by their columns (…资金投入居家和社区养老
    服务。[责任单位：市财政局，民政局][时间进度：2021年底前]), so that 谁负责 and 什么时候 find their cell."""
    clause = env.kb.clauses.get(clause_id or "")
    parent = env.kb.clauses.get(clause.parent or "") if clause is not None else None
    if clause is None or not clause.cells or parent is None or len(parent.columns) != len(clause.cells):
        return None
    cells = list(zip(parent.columns, clause.cells))
    _, main = max(cells, key=lambda cell: len(cell[1]))
    # 集中供养率(%) … 100, or a 单位 column saying %: the unit belongs to the row's bare figures (100%)
    named = ROW_UNIT.search(main)
    unit = named.group(1) if named else next(
        (cell.strip() for column, cell in cells if column == UNIT_COLUMN and ROW_UNIT.search(f"({cell.strip()})")),
        None)
    cells = [(column, f"{cell}{unit}" if unit and BARE_FIGURE.fullmatch(cell) else cell)
             for column, cell in cells if not (unit and column == UNIT_COLUMN)]
    labelled = "".join(f"[{column}：{cell}]" for column, cell in cells
                       if cell != main and cell.strip() and column not in ROW_NUMBER_COLUMNS and column != cell
                       and not SECTION_LABEL.match(cell))  # the row's section is its heading, not a fact
    return f"{main}{labelled}"


def answer_source(env: Env, hit: SearchHit, kind: QuestionKind | None, question: str, focus: str = "") -> str:
    """The text an answer is cut from: the hit's passage, or its whole clause when only the clause states
    the kind of value asked for (the fact sits in the sentence next to the best-matching one)."""
    row = table_row(env, hit.clause_id)
    if row:
        return row
    whole = env.index.whole.get(hit.clause_id or "") if hit.kind == "clause" else None
    if not whole or compact(hit.text) not in compact(whole):  # (a passage may span a line break)
        return hit.text
    if kind is not None:
        only_whole = key_fact(env, hit.text, kind, question, focus) is None and key_fact(env, whole, kind, question,
                                                                                           focus)
        return whole if only_whole else hit.text
    asked = normalize_query(focus or question)
    judged = yes_no_money_kind(asked)
    if judged is not None and not judged.fact.search(hit.text):
        # 送饭要钱不: the clause's sentence on meals that says 个人掏一点, not only the passage that names meals
        # (the topic's words, not the price's own: 不要钱 reads as 无偿, which 免费体检 would name)
        words = [w for w in relevance_words(env, focus or question)
                 if not judged.fact.search(w) and not judged.question.search(w)]
        topic = sentences_naming(env, whole, words)
        if judged.fact.search(topic):
            return whole
    return whole if cue_fact(env, hit.text, question) is None and cue_fact(env, whole, question) else hit.text


def widened(env: Env, passage: str, whole: str, question: str) -> str:
    """A short passage with the sentences after it that name more of the question's words, while the
    whole fits one bubble (昌吉医养结合先在哪几家机构试点: the sentence after the best one names 试点 and the
    places)."""
    sentences = [x for x in SENTENCE.split(whole) if x.strip()]
    squeezed = [compact(x) for x in sentences]
    inside = [i for i, x in enumerate(squeezed) if x and x in compact(passage)]
    if not inside or inside != list(range(inside[0], inside[-1] + 1)):
        return passage
    first, last = inside[0], inside[-1]
    idf = env.index.text_field.idf
    words = [w for w in relevance_words(env, question) if idf.get(w, 0.0) >= CONFIG.common_idf]

    def new_words(i: int) -> int:
        shown = normalize_query("".join(sentences[first:last + 1]))
        return sum(1 for w in words if names(env, w, normalize_query(sentences[i])) and not names(env, w, shown))

    while True:
        size = sum(len(x) for x in sentences[first:last + 1])
        after = last + 1  # (what comes before would push the best sentence down)
        if after >= len(sentences) or size + len(sentences[after]) > CONFIG.max_bubble_chars or not new_words(after):
            break
        last = after
    return "".join(sentences[first:last + 1]) if last != inside[-1] else passage


def list_sentence(text: str, question: str) -> str | None:
    """The sentence of the passage that lists what a 包括哪些 question asks for, when it fits."""
    if not LIST_QUESTION.search(normalize_query(question).replace(" ", "")):
        return None
    match = LIST_SENTENCE.search(text)
    if match is None or len(match.group(0).strip()) > CONFIG.list_sentence_chars:
        return None
    found = match.group(0).strip()
    return found if text.strip().startswith(found) else "…" + found


def clause_condition(window: str, whole: str) -> str | None:
    """The phrase of the clause, before the window, that states a condition for the whole clause (为具有本市户籍并
    居住在本市的老年人按规定享受由政府提供的服务), when the window (…赡养人死亡…每月…三十小时) leaves it out."""
    if any(w in window for w in CLAUSE_CONDITIONS):
        return None
    shown = re.sub(r"^(【[^】]*】)?…?", "", window)[:12]
    at = whole.find(shown) if shown else -1
    if at <= 0:
        return None
    phrases = [p.strip() for p in re.split(r"[，,；;。]", whole[:at]) if p.strip()]
    found = next((p for p in phrases if any(w in p for w in CLAUSE_CONDITIONS)), None)
    return found if found and len(found) <= CONFIG.window_reach_chars else None


def term_defined(window: str, whole: str) -> tuple[str, str] | None:
    """(short name, what it stands for) of a term the clause defines for itself (…等老年人(以下简称特殊困难老年人))
    when the window uses the short name and leaves the definition out (…全市特殊困难老年人月探访率达到100%)."""
    for found in DEFINED_TERM.finditer(whole):
        short, long = found.group(2).strip(), found.group(1).strip()
        naming = whole[found.end(1):found.end(0)]  # (以下简称特殊困难老年人): in the window, it says itself
        if short in window and naming not in window and long not in window:
            return short, long
    return None


def with_referent(passage: str, whole: str) -> str:
    """A passage of a clause starting with a word that refers back (其中, 上述 …), with the clause's sentence
    before it (为具有本市户籍并居住在本市的老年人…。其中…重度失能失智老年人…四十五小时): what 其中 means is
    there, and often the decisive condition (户籍, 居住)."""
    at = whole.find(passage)
    if at <= 0 or not passage.lstrip().startswith(REFERRING_STARTS):
        return passage
    begin = sentence_start(whole, at - 1)
    return whole[begin:at] + passage if at - begin <= CONFIG.window_reach_chars else passage
