""""What does <term> mean?" from the glossary (knowledge/glossary.yaml): the document's own definition when it
gives one, or — when it only uses the term — that it gives none, with the sentence that uses it. When the
asked region's documents never name the term, another region's definition, saying whose it is. Never a
definition from outside the documents.
"""

from __future__ import annotations

import re

from bot.answering.citations import citation, close_answer, scope_names, source_line
from bot.answering.config import CONFIG
from bot.answering.env import Env
from bot.answering.reply import ASK_ELSEWHERE, NEAREST, Reply, clip
from bot.answering.specialists.catalog import bare
from bot.answering.words import (
    DEFINITION_AFTER,
    DEFINITION_BEFORE,
    DEFINITION_GAP,
    DIFFERENCE,
    INCLUSION_AFTER,
    NOT_DEFINITION,
    PHRASE_END,
)
from bot.kb.search import normalize_query


def _names(entry: dict) -> list[str]:
    return [n for n in [entry.get("term", ""), *(entry.get("aliases") or [])] if n]


def _named_length(entry: dict, asked: str) -> int:
    """How long the longest of the entry's names is that stands next to the words asking what it means."""
    spans = [(m.start(), m.end(), True) for m in DEFINITION_AFTER.finditer(asked)]
    spans += [(m.start(), m.end(), True) for m in INCLUSION_AFTER.finditer(asked)]
    spans += [(m.start(), m.end(), False) for m in DEFINITION_BEFORE.finditer(asked)]
    best = 0
    for name in (bare(n).strip("“”\"") for n in _names(entry)):
        for found in re.finditer(re.escape(name), asked) if name else ():
            if any(_next_to(asked, found, start, end, after) for start, end, after in spans):
                best = max(best, len(name))
    return best


def _next_to(asked: str, found: re.Match[str], start: int, end: int, after: bool) -> bool:
    """The term found stands next to the cue at start:end (the cue after it, or before it), with only
    filler between and nothing that makes it part of a longer word."""
    if after:
        return found.end() <= start and DEFINITION_GAP.fullmatch(asked[found.end():start]) is not None
    return (end <= found.start() and DEFINITION_GAP.fullmatch(asked[end:found.start()]) is not None
            and PHRASE_END.match(asked, found.end()) is not None)


def entries_named(env: Env, question: str, region: str | None) -> list[dict]:
    """The glossary entries of the term the question names (its longest name), in the region's scope when
    the region is known, the most local first."""
    asked = bare(question)
    scopes = env.kb.covers(region) if region else []
    found = [(_named_length(e, asked), e) for e in env.kb.glossary
             if not scopes or e.get("region") in scopes]
    best = max((length for length, _ in found), default=0)
    if best < 2:
        return []
    named = [e for length, e in found if length == best]
    return sorted(named, key=lambda e: scopes.index(e["region"]) if e.get("region") in scopes else 0)


def glossary_reply(env: Env, question: str, region: str | None) -> Reply | None:
    """The answer to "X是什么意思" when the glossary has X; None otherwise (the clause search answers)."""
    if NOT_DEFINITION.search(bare(question)):
        return None
    named = [e for e in entries_named(env, question, region) if (e.get("cites") or [""])[0] in env.kb.clauses]
    if region and not named:
        return _defined_elsewhere(env, question, region)
    defined = [e for e in named if e.get("definition")]
    if region is None and not defined:
        # no document defines it: say so first; how one document uses the word is only the nearest text
        return _defined_nowhere(env, question, named[0]) if named and not _asks_inclusion(
            named[0], bare(question)) else None
    entry = (defined or named or [None])[0]
    if entry is None or (_asks_inclusion(entry, bare(question)) and not entry.get("definition")):
        return None  # (what a term covers, when no document defines it, is for the clause search)
    cite = entry["cites"][0]
    doc = env.kb.document_of(cite)
    reply = Reply(slots={"last_answer": {"question": question, "status": "answered", "clause_ids": [cite]}})
    if entry.get("definition"):
        text = f"【{entry['term']}】{clip(str(entry['definition']), CONFIG.definition_chars)}"
    else:
        text = (f"《{doc.short_name}》没有给{_quoted_term(entry)}下定义，文件里是这样写的："
                f"“{_usage(entry)}”")
    reply.say(f"{text}{source_line(env.kb, cite)}", citations=[citation(env.kb, cite)])
    return close_answer(reply, env.kb, doc.doc_id, [entry["note"]] if entry.get("note") else [])


def _asks_inclusion(entry: dict, asked: str) -> bool:
    """特殊困难老人包不包括独居: what the term covers (the term before 包不包括 / 算不算), not whether someone is
    one (这样算不算计划生育特殊家庭: the term after the cue, a definition asked)."""
    spans = [(m.start(), m.end()) for m in INCLUSION_AFTER.finditer(asked)]
    return any(_next_to(asked, found, start, end, True)
               for name in (bare(n).strip("“”\"") for n in _names(entry)) if name
               for found in re.finditer(re.escape(name), asked) for start, end in spans)


def _quoted_term(entry: dict) -> str:
    return entry["term"] if "“" in entry["term"] else f"“{entry['term']}”"


def _usage(entry: dict) -> str:
    """The sentence(s) where the document uses the term, clipped."""
    quotes = entry.get("quote") or []
    return clip(quotes if isinstance(quotes, str) else "；".join(quotes), CONFIG.usage_quote_chars)


def _defined_nowhere(env: Env, question: str, entry: dict) -> Reply:
    """特困是啥意思, with no place: none of the documents defines the term (the same for every place)."""
    cite = entry["cites"][0]
    doc = env.kb.document_of(cite)
    reply = Reply(slots={"last_answer": {"question": question, "status": "not_specified", "clause_ids": [cite]}})
    reply.say(f"收录的文件都没有给{_quoted_term(entry)}下定义，我不能替文件解释，免得说错。{ASK_ELSEWHERE}\n"
              f"{NEAREST}《{doc.short_name}》里是这样用这个词的：“{_usage(entry)}”"
              f"{source_line(env.kb, cite)}", citations=[citation(env.kb, cite)])
    return close_answer(reply, env.kb, doc.doc_id, [entry["note"]] if entry.get("note") else [])


def _defined_elsewhere(env: Env, question: str, region: str) -> Reply | None:
    """时间银行是啥, asked about 温州: its documents never name it, another region's define it — say both."""
    defined = [e for e in entries_named(env, question, None)
               if e.get("definition") and (e.get("cites") or [""])[0] in env.kb.clauses]
    if not defined:
        return None
    entry = defined[0]
    names = [normalize_query(n).replace(" ", "") for n in _names(entry)]
    index = env.index
    if any(n and n in index.region_corpus(scope) for scope in env.kb.covers(region) for n in names):
        return None  # the region's documents do use it: the clause search quotes them
    cite = entry["cites"][0]
    doc = env.kb.document_of(cite)
    reply = Reply(slots={"last_answer": {"question": question, "status": "answered", "clause_ids": [cite]}})
    reply.say(f"收录的{scope_names(env.kb, region)}政策文件里没有提到{_quoted_term(entry)}。"
              f"《{doc.short_name}》的解释是："
              f"{clip(str(entry['definition']), CONFIG.definition_chars)}{source_line(env.kb, cite)}",
              citations=[citation(env.kb, cite)])
    return close_answer(reply, env.kb, doc.doc_id, [entry["note"]] if entry.get("note") else [])


DIFFERENCE_NOWHERE = ("收录的文件都没有讲{terms}有什么区别，我不能替文件比较，免得说错。{ask}\n"
                      "文件里是这样写的（仅供参考）：")


def difference_reply(env: Env, question: str, region: str | None) -> Reply | None:
    """特困跟低保有啥不一样: two terms of the glossary (or two names of one: 失能和失智), asked how they differ. No
    document compares them: that is said first, with whom to ask; then each term as the region's (or any)
    documents define or use it."""
    asked = bare(question)
    if not DIFFERENCE.search(asked):
        return None
    scopes = env.kb.covers(region) if region else []
    spans: list[tuple[int, int, dict]] = []  # every place a term's name stands
    for entry in env.kb.glossary:
        if (scopes and entry.get("region") not in scopes) or (entry.get("cites") or [""])[0] not in env.kb.clauses:
            continue
        for name in {bare(n) for n in _names(entry)}:
            if len(name) >= 2:
                spans += [(m.start(), m.end(), entry) for m in re.finditer(re.escape(name), asked)]
    # a name inside a longer one is no name of its own (低保 in 低保边缘户)
    outer = [(a, b, e) for a, b, e in spans if not any(x <= a and b <= y and (y - x) > (b - a) for x, y, _ in spans)]
    spots: dict[int, dict] = {}
    for a, b, e in outer:  # (the glossary's first entry for a place: the most local scope's order)
        spots.setdefault(a, {**e, "_name": asked[a:b]})
    if len(spots) < 2:
        return None  # (one term asked about: the definition, not a difference)
    terms: list[dict] = []
    for at in sorted(spots):
        if spots[at]["term"] not in [t["term"] for t in terms]:
            terms.append(spots[at])
    terms = terms[:2]
    shown: dict[str, list[str]] = {}  # what is shown → the terms it is shown for (one quote may serve both)
    for entry in terms:
        defined = entry.get("definition")
        said = (f"【{entry['term']}】{clip(str(defined), CONFIG.definition_chars)}" if defined
                else f"文件没有下定义，是这样用的：“{_usage(entry)}”")
        shown.setdefault(f"{said}{source_line(env.kb, entry['cites'][0])}", []).append(_quoted_term(entry))
    lines = [text if text.startswith("【") else f"{'和'.join(names)}：{text}" for text, names in shown.items()]
    cites = list(dict.fromkeys(e["cites"][0] for e in terms))
    both = "和".join(f"“{spots[at]['_name']}”" for at in sorted(spots)[:2])
    reply = Reply(slots={"last_answer": {"question": question, "status": "not_specified", "clause_ids": cites}})
    reply.say(DIFFERENCE_NOWHERE.format(terms=both, ask=ASK_ELSEWHERE) + "\n".join(lines),
              citations=[citation(env.kb, c) for c in cites])
    return close_answer(reply, env.kb, env.kb.document_of(cites[0]).doc_id,
                        list(dict.fromkeys(e["note"] for e in terms if e.get("note"))))
