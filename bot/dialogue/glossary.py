""""What does <term> mean?" from the glossary (knowledge/glossary.yaml): the document's own definition when it
gives one, or — when it only uses the term — that it gives none, with the sentence that uses it. When the
asked region's documents never name the term, another region's definition, saying whose it is. Never a
definition from outside the documents.
"""

from __future__ import annotations

import re

from bot.dialogue.catalog import bare
from bot.dialogue.messages import Reply, citation, clip, close_answer, scope_names, source_line
from bot.kb.loader import KnowledgeBase
from bot.kb.search import get_index, normalize_query

# "X是什么意思" / "什么叫X": the term must stand right before (or after) the words asking what it means.
DEFINITION_AFTER = re.compile(r"是什么意思|什么意思|啥意思|是什么|是啥|指什么|指的是|是指|的含义|的定义|咋回事|怎么回事"
                              r"|是个什么意思|是个啥")
# "失能，包不包括失智": what a term covers, which only its definition tells.
INCLUSION_AFTER = re.compile(r"包不包括|包括不包括|包不包含|包含不包含|含不含|算不算")
DEFINITION_BEFORE = re.compile(r"什么叫|啥叫|什么是|啥是|何为|解释一下")
# What may stand between the term and those words (时间银行养老是咋回事, 什么叫做失能): not more of a longer
# word (一刻钟居家养老服务圈 is not 居家养老服务).
GAP = re.compile(r"(养老|模式|这个|那个|到底|究竟|具体|就|是|的|个|做|呢|啊|[，,、\s])*")
# After a term asked about with 什么叫: the end of the phrase.
PHRASE_END = re.compile(r"(呢|啊|呀|的)?([？?！!，,。；;\s]|$)")
# Questions that use the form but ask for something else (是什么时候, 是什么部门, 是什么标准 …).
# (指的是啥服务 still asks what the term means)
NOT_DEFINITION = re.compile(r"(?<!指的)(?<!指)是(什么|啥)"
                            r"(时候|部门|单位|标准|条件|文件|平台|原则|模式|内容|项目|服务|情况)")
DEFINITION_CHARS = 180  # a definition is the whole answer: shown whole unless very long
QUOTE_CHARS = 90


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
        return found.end() <= start and GAP.fullmatch(asked[found.end():start]) is not None
    return (end <= found.start() and GAP.fullmatch(asked[end:found.start()]) is not None
            and PHRASE_END.match(asked, found.end()) is not None)


def entries_named(kb: KnowledgeBase, question: str, region: str | None) -> list[dict]:
    """The glossary entries of the term the question names (its longest name), in the region's scope when
    the region is known, the most local first."""
    asked = bare(question)
    scopes = kb.covers(region) if region else []
    found = [(_named_length(e, asked), e) for e in kb.glossary
             if not scopes or e.get("region") in scopes]
    best = max((length for length, _ in found), default=0)
    if best < 2:
        return []
    named = [e for length, e in found if length == best]
    return sorted(named, key=lambda e: scopes.index(e["region"]) if e.get("region") in scopes else 0)


def glossary_reply(kb: KnowledgeBase, question: str, region: str | None) -> Reply | None:
    """The answer to "X是什么意思" when the glossary has X; None otherwise (the clause search answers)."""
    if NOT_DEFINITION.search(bare(question)):
        return None
    named = [e for e in entries_named(kb, question, region) if (e.get("cites") or [""])[0] in kb.clauses]
    if region and not named:
        return _defined_elsewhere(kb, question, region)
    defined = [e for e in named if e.get("definition")]
    if region is None and not defined:
        return None  # no document defines it: which region's usage to quote depends on the place
    entry = (defined or named or [None])[0]
    if entry is None or (INCLUSION_AFTER.search(bare(question)) and not entry.get("definition")):
        return None  # (what a term covers, when no document defines it, is for the clause search)
    cite = entry["cites"][0]
    doc = kb.document_of(cite)
    reply = Reply(slots={"last_answer": {"question": question, "status": "answered", "clause_ids": [cite]}})
    if entry.get("definition"):
        text = f"【{entry['term']}】{clip(str(entry['definition']), DEFINITION_CHARS)}"
    else:
        quotes = entry.get("quote") or []
        quote = quotes if isinstance(quotes, str) else "；".join(quotes)
        term = entry["term"] if "“" in entry["term"] else f"“{entry['term']}”"
        text = (f"《{doc.short_name}》没有给{term}下定义，文件里是这样写的："
                f"“{clip(quote, QUOTE_CHARS)}”")
    reply.say(f"{text}{source_line(kb, cite)}", citations=[citation(kb, cite)])
    return close_answer(reply, kb, doc.doc_id, [entry["note"]] if entry.get("note") else [])


def _defined_elsewhere(kb: KnowledgeBase, question: str, region: str) -> Reply | None:
    """时间银行是啥, asked about 温州: its documents never name it, another region's define it — say both."""
    defined = [e for e in entries_named(kb, question, None)
               if e.get("definition") and (e.get("cites") or [""])[0] in kb.clauses]
    if not defined:
        return None
    entry = defined[0]
    names = [normalize_query(n).replace(" ", "") for n in _names(entry)]
    index = get_index(kb)
    if any(n and n in index.region_corpus(scope) for scope in kb.covers(region) for n in names):
        return None  # the region's documents do use it: the clause search quotes them
    cite = entry["cites"][0]
    doc = kb.document_of(cite)
    reply = Reply(slots={"last_answer": {"question": question, "status": "answered", "clause_ids": [cite]}})
    term = entry["term"] if "“" in entry["term"] else f"“{entry['term']}”"
    reply.say(f"收录的{scope_names(kb, region)}政策文件里没有提到{term}。《{doc.short_name}》的解释是："
              f"{clip(str(entry['definition']), DEFINITION_CHARS)}{source_line(kb, cite)}",
              citations=[citation(kb, cite)])
    return close_answer(reply, kb, doc.doc_id, [entry["note"]] if entry.get("note") else [])
