"""Answers from the benefit catalogue (knowledge/benefits/) rather than from the one clause that happens to share
most words with the question:

* "what is there for <group>?" (海口高龄老人有什么政策): the region's benefits whose target group names it;
* where to apply for, or who is in charge of, a benefit the question names (护理补贴在哪申请);
* a subsidy that another region's documents provide but this region's never mention (温州护理补贴多少钱):
  said plainly, with what this region's documents do provide for the same people.
"""

from __future__ import annotations

from bot.answering.citations import citation, close_answer, scope_names, source_line, status_warnings
from bot.answering.config import CONFIG
from bot.answering.env import Env
from bot.answering.reply import ASK_ELSEWHERE, FEEDBACK_BUTTONS, HUMAN_BUTTON, NEAREST, NOT_ANSWERED, Reply, clip
from bot.answering.words import (
    COMMON_GROUP_WORDS,
    CONTENT_QUESTION,
    EXISTS_QUESTION,
    GROUP_FORM,
    KINDS,
    MONEY_BENEFIT,
    MONEY_FORM,
)
from bot.kb.search import normalize_query

CHECK_BUTTON = {"title": "帮我查查老人能享受什么", "payload": "帮我查查老人能享受什么待遇"}
# the question's words in a benefit's name, this many characters together, name that benefit (公办养老机构; 公园 景点
# 优待), not a common one (照料)
SPECIFIC_NAME = 4


def group_terms(env: Env, question: str) -> list[str]:
    """The people the question is about, in the user's words and the documents' (高龄老人 → 高龄)."""
    index = env.index
    topic = GROUP_FORM.sub(" ", normalize_query(question))
    words = [w for w, weight in index.query_terms(topic, strip_places=True).items()
             if weight >= 1.0 and len(w) >= 2 and not w.startswith("§") and w not in index.place_words]
    return list(dict.fromkeys(t for w in words for t in (w, *index.synonyms_of(w))))


def _matches(benefit: dict, terms: list[str]) -> bool:
    text = bare(f"{benefit.get('name', '')} {benefit.get('target_group', '')}")
    return any(t in text for t in terms)


def benefits_for_group(env: Env, question: str, region: str) -> list[dict]:
    terms = group_terms(env, question)
    scopes = env.kb.covers(region)
    if not terms or not scopes:
        return []
    found = [b for b in env.kb.benefits if b.get("region") in scopes and _matches(b, terms)]
    if MONEY_FORM.search(normalize_query(question)):
        found = [b for b in found if MONEY_BENEFIT.search(" ".join(benefit_names(b)))]
    # the benefit whose name holds the question's most specific word first (进公办养老院 有啥照顾: 公办养老机构优先入住,
    # not 照料护理补贴 on 照料), then the region's own documents, then benefits naming the group in their name
    def named(b: dict) -> int:  # (the characters of the question's uncommon words in the benefit's name)
        chars = sum(len(t) for t in terms if t in bare(b.get("name", "")) and t not in COMMON_GROUP_WORDS)
        return chars if chars >= SPECIFIC_NAME else 0

    found.sort(key=lambda b: (-named(b), scopes.index(b["region"]), not any(t in b.get("name", "") for t in terms)))
    # the province's entry for what the city's own document also provides (适老化改造) is left out
    kinds = [_kind(b) for b in found]
    return [b for i, b in enumerate(found) if _kind(b) not in kinds[:i]]


def _kind(benefit: dict) -> str:
    """What a benefit is, whatever the region: its id without the region (haikou.home_adaptation)."""
    return str(benefit.get("id", "")).split(".", 1)[-1]


def group_catalog_reply(env: Env, question: str, region: str | None) -> Reply | None:
    """The catalogue's benefits for the group the question names, or None when it names no group the
    catalogue knows (the clause search answers then)."""
    if region is None or not GROUP_FORM.search(normalize_query(question)):  # 什麼 → 什么
        return None
    found = benefits_for_group(env, question, region)
    if len(found) < CONFIG.min_benefits:
        return None  # one benefit: the clause answer quotes it, with its figures and who qualifies
    shown = found[:CONFIG.max_benefits]
    reply = Reply(slots={"last_answer": {"question": question, "status": "answered",
                                         "clause_ids": [b["cites"][0] for b in shown if b.get("cites")]}})
    place = env.kb.regions[region].name if region in env.kb.regions else ""
    more = f"，这里列出{len(shown)}项" if len(found) > len(shown) else ""
    reply.say(f"{place}收录的文件里，和您说的情况有关的项目有{len(found)}项{more}：")
    for benefit in shown:
        cite = (benefit.get("cites") or [None])[0]
        source = ""
        citations = []
        if cite and cite in env.kb.clauses:
            source, citations = source_line(env.kb, cite), [citation(env.kb, cite)]
        chars = CONFIG.two_benefit_chars if len(shown) == 2 else CONFIG.list_content_chars
        content = clip(str(benefit.get("content", "")), chars)
        reply.say(f"• {benefit['name']}：{content}{source}", citations=citations)
    if len(found) > len(shown):
        others = "；".join(b["name"] for b in found[len(shown):])
        reply.say(f"还有：{clip(others, CONFIG.others_chars)}（可以直接问其中一项）")
    for warning in status_warnings(env.kb, (b["doc_id"] for b in shown if b.get("doc_id") in env.kb.documents)):
        reply.say(warning)
    reply.say("能不能享受要看老人的具体情况。需要的话，我可以问几个问题帮您逐项核对。",
              buttons=[CHECK_BUTTON, *FEEDBACK_BUTTONS])
    return reply


def bare(text: str) -> str:
    """Text as names are looked for in it: normalised, without spaces."""
    return normalize_query(text).replace(" ", "")


def benefit_names(benefit: dict) -> list[str]:
    """A benefit's name and aliases."""
    return [n for n in [benefit.get("name", ""), *(benefit.get("aliases") or [])] if n]


def named_term(benefit: dict, asked: str) -> str:
    """The longest of a benefit's name and aliases that the question (:func:`bare`) uses; "" when none."""
    return max((n for n in benefit_names(benefit) if bare(n) in asked), key=len, default="")


def named_length(benefit: dict, asked: str) -> int:
    """How long the longest name or alias of the benefit that the question uses is; 0 when it uses none."""
    return len(named_term(benefit, asked))


def benefits_named_in(env: Env, question: str, region: str) -> list[dict]:
    """The region's catalogued benefits named by the longest name or alias the question contains."""
    asked = bare(question)
    scopes = env.kb.covers(region)
    found = [(named_length(b, asked), b) for b in env.kb.benefits if b.get("region") in scopes]
    found = [(length, b) for length, b in found if length]
    if not found:
        return []
    # the longest name the question uses, and of those the most local region's entry (海口 before 海南)
    best = max(length for length, _ in found)
    named = [b for length, b in found if length == best]
    nearest = min(scopes.index(b["region"]) for b in named)
    return [b for b in named if scopes.index(b["region"]) == nearest]


def benefit_content_reply(env: Env, question: str, region: str | None) -> Reply | None:
    """What a benefit the question names gives (its catalogue content, cited), or None."""
    asked = bare(question)
    cue = CONTENT_QUESTION.search(asked)
    exists = EXISTS_QUESTION.search(asked)
    if region is None or (cue is None and exists is None):
        return None
    named = benefits_named_in(env, question, region)
    if len(named) != 1 or not named[0].get("content") or (named[0].get("cites") or [""])[0] not in env.kb.clauses:
        return None
    benefit = named[0]
    names = [bare(n) for n in benefit_names(benefit)]
    if cue is not None and not any(0 <= asked.find(n) and asked.find(n) + len(n) <= cue.start() for n in names):
        return None  # the benefit is not what the question asks about (…都有哪些服务项目，高龄津贴算不算)
    return _benefit_answer(env, question, benefit, clip(str(benefit["content"]), CONFIG.two_benefit_chars + 50),
                           benefit["cites"][0])


def _benefit_answer(env: Env, question: str, benefit: dict, text: str, cite: str) -> Reply:
    """【benefit】text (source), with the benefit's first note, the document's status and the buttons."""
    reply = Reply(slots={"last_answer": {"question": question, "status": "answered", "clause_ids": [cite]}})
    reply.say(f"【{benefit['name']}】{text}{source_line(env.kb, cite)}", citations=[citation(env.kb, cite)])
    return close_answer(reply, env.kb, env.kb.document_of(cite).doc_id, (benefit.get("notes") or [])[:1])


# What a question about a named benefit may ask that the catalogue records, and how the answer names it.
BENEFIT_FACTS = {name: KINDS[name].missing_words for name in ("apply", "department")}


def benefit_fact_reply(env: Env, question: str, region: str | None, kind: str | None) -> Reply | None:
    """Where to apply for, or who is in charge of, a benefit the question names: the catalogue's entry, which
    quotes the clause saying so (护理补贴在哪申请 → 12345 热线、海易办). None when the catalogue has no such
    entry for it, or the question names several benefits."""
    if region is None or kind not in BENEFIT_FACTS:
        return None
    named = benefits_named_in(env, question, region)
    entries = [b.get(kind) for b in named]
    if len(named) != 1 or not isinstance(entries[0], dict) or entries[0].get("cite") not in env.kb.clauses:
        return None
    benefit, entry = named[0], entries[0]
    value = entry.get("text") or entry.get("name") or ""
    channel = KINDS["apply"].channel_question
    if entry.get("states_where") is False and not (channel and channel.search(bare(question))):
        # 依托“浙里康养”…提供 says what the service comes through, not where to apply: admit it, then quote it
        reply = Reply(slots={"last_answer": {"question": question, "status": "not_specified",
                                             "clause_ids": [entry["cite"]]}})
        reply.say(f"{NOT_ANSWERED}没有写这项服务具体去哪里申请、在哪里办理。{ASK_ELSEWHERE}\n"
                  f"{NEAREST}【{benefit['name']}】{value}{source_line(env.kb, entry['cite'])}",
                  citations=[citation(env.kb, entry["cite"])])
        return close_answer(reply, env.kb, env.kb.document_of(entry["cite"]).doc_id, [])
    # a department is a bare name: its sentence says what they do (an apply text already says it in full)
    quote = (f"原文：“{clip(str(entry['quote']), CONFIG.benefit_quote_chars)}”"
             if entry.get("quote") and kind == "department" else "")
    return _benefit_answer(env, question, benefit, f"{BENEFIT_FACTS[kind]}：{value.rstrip('。')}。{quote}",
                           entry["cite"])


def absent_subsidy(env: Env, question: str, region: str) -> tuple[str, dict] | None:
    """A subsidy or allowance the question names that only other regions' documents provide: (the name the
    user used, the other region's catalogue entry). None when this region's catalogue or documents name it."""
    asked = bare(question)
    scopes = env.kb.covers(region)
    named = [(named_length(b, asked), b) for b in env.kb.benefits]
    named = [(length, b) for length, b in named if length]
    if not scopes or not named or any(b.get("region") in scopes for _, b in named):
        return None
    _, benefit = max(named, key=lambda t: t[0])
    term = named_term(benefit, asked)
    if not MONEY_BENEFIT.search(term):
        return None  # 公办养老院, 家庭医生: the documents say it other ways (公办养老机构, 签约医生)
    index = env.index
    if any(bare(n) in index.region_corpus(scope) for n in benefit_names(benefit) for scope in scopes):
        return None  # the texts name it, perhaps another way (三亚: 高龄津贴 ~ the plan's 高龄补贴)
    return term, benefit


def absent_subsidy_reply(env: Env, question: str, region: str | None) -> Reply | None:
    """温州护理补贴多少钱: the region's documents do not mention it. Say so, and list what they provide for
    the people that subsidy is for (失能 → 温州's free home-care hours), each with its source."""
    found = absent_subsidy(env, question, region) if region else None
    if found is None:
        return None
    term, other = found
    scopes = env.kb.covers(region or "")
    place = scope_names(env.kb, region or "")
    reply = Reply(slots={"last_answer": {"question": question, "status": "not_specified"}})
    reply.say(f"收录的{place}政策文件里没有写到“{term}”，我不能替您说它有没有、发多少、怎么领，免得说错。")
    words = [w for w in group_terms(env, other.get("name", "")) if w not in COMMON_GROUP_WORDS and not w.isdigit()]
    related = [b for b in env.kb.benefits if b.get("region") in scopes and _matches(b, words)][:CONFIG.related_benefits]
    if related:
        reply.say(f"{place}文件里写到的相关项目：")
    for benefit in related:
        cite = (benefit.get("cites") or [None])[0]
        cited = cite in env.kb.clauses
        source, citations = (source_line(env.kb, cite), [citation(env.kb, cite)]) if cited else ("", [])
        content = clip(str(benefit.get("content", "")), CONFIG.two_benefit_chars)
        reply.say(f"• {benefit['name']}：{content}{source}", citations=citations)
    for warning in status_warnings(env.kb, (b["doc_id"] for b in related if b.get("doc_id") in env.kb.documents)):
        reply.say(warning)
    reply.say(ASK_ELSEWHERE, buttons=[CHECK_BUTTON, HUMAN_BUTTON])
    return reply
