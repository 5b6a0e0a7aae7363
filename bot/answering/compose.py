"""Stage *compose*: the cited reply from the chosen passage — the window with its source, "文件里没有写…"
when it lacks the asked fact, later parts of a question, notes; and the honest replies when nothing answers."""

from __future__ import annotations

import re

from bot.answering.citations import citation, close_answer, scope_names, source_line
from bot.answering.config import CONFIG
from bot.answering.env import Env
from bot.answering.extract import (
    answer_source,
    clause_condition,
    cue_fact,
    focus_window,
    key_fact,
    list_sentence,
    term_defined,
    widened,
    with_referent,
)
from bot.answering.kinds import detect_answer_kind, says_in_other_words, yes_no_money_kind
from bot.answering.reply import (
    ABOUT_THIS,
    ASK_ELSEWHERE,
    HUMAN_BUTTON,
    NEAREST,
    NOT_ANSWERED,
    SENTENCE_ENDS,
    Reply,
    clip,
    region_buttons,
)
from bot.answering.specialists.catalog import benefits_named_in
from bot.answering.text import SENTENCE, compact, without_duties
from bot.answering.topics import (
    about_other_people,
    names,
    relevance_words,
    sentences_naming,
    sentences_stating,
    unnamed_word,
)
from bot.answering.words import (
    ASKS,
    BLANK_DATE,
    COST_KIND,
    DECISIVE_CONDITIONS,
    ELIGIBILITY_QUESTION,
    ELLIPTICAL_EXTRAS,
    RULE_EXISTS,
    SELF_CONTAINED_KINDS,
    SUBSIDY_KIND,
    YES_NO_MONEY_KINDS,
)
from bot.kb.loader import KnowledgeBase
from bot.kb.search import SearchHit, normalize_query
from bot.kb.vocabulary import QuestionKind

NO_ANSWER_IN = "抱歉，收录的{place}政策文件里没有找到这个问题的答案。" + ASK_ELSEWHERE


NO_ANSWER = NO_ANSWER_IN.format(place="")


REGION_QUESTION = "您问的是哪个地方的政策？不同地方规定不一样。"


def outside_coverage_reply(env: Env, place: str | None = None) -> Reply:
    reply = Reply()
    where = f"“{place}”" if place else "这个地方"
    reply.say(f"{where}的政策不在我收录的文件里，我不能替您回答，免得说错。\n{env.kb.coverage_note}")
    return reply


def no_answer_reply(question: str = "", env: Env | None = None, region: str | None = None) -> Reply:
    """Nothing in the documents answers: say so, naming whose documents were searched when the place is known
    (收录的温州市政策文件里…), and whom to ask."""
    reply = Reply(slots={"last_answer": {"question": question, "status": "unanswered"}})
    place = scope_names(env.kb, region) if env is not None and region else ""
    reply.say(NO_ANSWER_IN.format(place=place), buttons=[HUMAN_BUTTON])
    return reply


def benefit_notes(env: Env, question: str, doc_id: str, limit: int = 2) -> list[str]:
    """The knowledge base's notes on the benefit a question names (高龄津贴: 文件未规定年龄和金额), for the
    region of the document answering — what the texts leave open, said plainly. The most local entry named
    speaks: 海口's 探访关爱, not the province's note on its 巡访."""
    notes: list[str] = []
    for benefit in benefits_named_in(env, question, env.kb.documents[doc_id].region):
        notes += [str(n) for n in benefit.get("notes") or [] if str(n) not in notes]
    return notes[:limit]


def contact_notes(env: Env, answer: str, clause_id: str | None) -> list[str]:
    """The knowledge base's note on a phone number the answer quotes from this clause (面向各级民政部门的工作
    联系方式，不是公众咨询热线)."""
    return [f"{c.phone}：{c.note}{ASK_ELSEWHERE}" for c in env.kb.contacts.values()
            if c.note and c.phone and c.kind != "hotline" and clause_id in c.cites and c.phone in answer]


MORE_IN_DETAILS = "这一条还有更多内容，请点“详细说明”。"


def leaves_out_the_end(window: str, whole: str) -> bool:
    """The window stops before the last sentence of the text it was cut from (the cells of a table row aside),
    at a sentence end of its own: "详细说明" has the rest, as after a cut ("…")."""
    body = compact(re.sub(r"(\[[^\[\]]*\])+$", "", whole.strip()))
    shown = compact(window.removesuffix("…"))
    return len(body) > len(shown) and body[-CONFIG.end_probe_chars:] not in shown
RULE_FOUND = "文件里有这方面的规定："
RULE_FOUND_NO_FIGURE = "但文件里没有写{missing}。"
CLAUSE_CONDITION_NOTE = "📌 这一条前面写明的条件：“{condition}”。"
DEFINED_TERM_NOTE = "📌 这一条所说的“{short}”，是指{long}。"


def cited_answer(env: Env, question: str, hits: list[SearchHit], focus: str = "") -> Reply:
    """The cited answer window of the best passage; ``focus`` is what the asking clauses of a message that
    also tells a story ask (…听说政府会派人定期上门看看，多久来一回): a value next to its words answers too."""
    best = hits[0]
    # the kind of fact asked is read from the asking clauses: a story's 年纪大了 / 好几年了 asks for no age or length
    kind = detect_answer_kind(env, focus or question)
    if kind is None and focus and focus != question:
        # (…unless the story tells what the question turns on: 东北户口 每年来海口猫冬 那个免费体检能做不)
        whole = detect_answer_kind(env, question)
        kind = whole if whole is not None and whole.whole_message else None
    source = answer_source(env, best, kind, question, focus)
    if not (kind and kind.name == "department") and "§dept" not in env.index.query_terms(question):
        # the offices in charge of a measure take room an elder's answer needs (details show them)
        source = without_duties(source)
    key = key_fact(env, source, kind, question, focus)
    whole = env.index.whole.get(best.clause_id or "") or source
    source = with_referent(source, whole)  # 其中… takes the sentence it refers to
    if kind is None:
        asked = normalize_query(question)
        # judged on what is shown: 乘坐公共交通工具等优待政策 says nothing of a fare, though its clause says 免费体检
        # (a later part's 要收钱不 after 能上门吗 is a part of its own: the answer to the first, then that part)
        parts = question_parts(question)
        judged = normalize_query(parts[0]) if parts else asked
        kind = next((k for k in YES_NO_MONEY_KINDS if k.question.search(judged) and not k.fact.search(source)), None)
        stated = next((k for k in YES_NO_MONEY_KINDS if k.question.search(judged) and k.fact.search(source)), None)
        if kind is None and stated is not None and key is None:
            key = key_fact(env, source, stated, question, focus)  # 送饭要钱不: the window shows 个人掏一点
    reply = Reply(slots={"last_answer": {"question": question, "clause_ids": [h.clause_id for h in hits],
                                         "status": "answered"}})
    cite = citation(env.kb, best.clause_id, best.text)
    # (after a story, the asking clauses' topic words when they have any: 就是普通退休…那个免费几十个小时她有份吗
    # asks of the free hours, not of 普通)
    words = relevance_words(env, focus if focus else question)
    off_topic = (words and not any(names(env, w, normalize_query(source)) for w in words)) or about_other_people(
        env, question, source, words)
    # only the sentences on the topic: 建立老年人高龄补贴制度, not the lottery figures after it
    # (a yes/no about money judged against the passage: the clause's sentences on the topic that state it answer —
    # 送饭要自己掏钱吗 → …个人掏一点, not …老年供餐)
    naming = sentences_naming(env, source, words) if kind is not None and key is None else ""
    # (named by the rarest topic word, not by the fact's own words: 要不要钱 brings 无偿 / 低偿 / 不要钱 into the words)
    topic = [w for w in words if not (kind is not None and kind.fact.search(w))][:1]
    stating = sentences_stating(sentences_naming(env, whole, topic), kind.fact) if (
        naming and topic and kind is not None and kind.judges_only) else ""
    if stating:
        source = stating  # the clause states it, outside the passage found: those sentences are the answer
    related = focus_window(env, naming or source, question, 70) if kind is not None and key is None and not (
        stating) else None
    if related is not None and kind.name == "money" and not off_topic:
        # 海口养老院一个月多少钱 → a clause on training for 养老机构 staff: naming the place is not about its price
        lead = re.split(r"[，,；;：:。]", related.lstrip("…"), maxsplit=1)[0]
        # the quote would speak of the place or service asked about: named first (不断提高助配餐服务覆盖面),
        # or with money mentioned at all — not in passing (…在养老服务机构设立实习基地)
        off_topic = not (COST_KIND.fact.search(related) or SUBSIDY_KIND.fact.search(related)
                         or any(names(env, w, normalize_query(lead)) for w in words))
    if related is not None and off_topic:
        # Not even the topic is in the best passage (温州助餐一餐多少钱 → a clause on fines): no quote.
        reply = Reply(slots={"last_answer": {"question": question, "status": "not_specified"}})
        missing = kind.missing_words if kind.missing_words.startswith(ABOUT_THIS) else ABOUT_THIS + kind.missing_words
        reply.say(f"{NOT_ANSWERED}没有写{missing}，我不能替您回答，免得说错。{ASK_ELSEWHERE}",
                  buttons=[HUMAN_BUTTON])
        return reply
    if related is not None and not says_in_other_words(kind, related) and RULE_EXISTS.search(normalize_query(question)):
        # 有没有规定单位要给假，能给几天: the rule on the topic answers whether there is one; the figure is not written
        text = (f"{RULE_FOUND}{related}{source_line(env.kb, best.clause_id)}\n"
                f"{RULE_FOUND_NO_FIGURE.format(missing=kind.missing_words)}{ASK_ELSEWHERE}")
        reply.slots["last_answer"]["status"] = "not_specified"
    elif related is not None and not says_in_other_words(kind, related):
        # The document speaks of the topic but gives no figure: say so rather than guess (each part's, when the
        # question has several: 有啥补贴 流程怎么走 → 没有写这方面的补贴、办理渠道).
        missing = "、".join(dict.fromkeys([*unstated_parts(env, question, source), kind.missing_words]))
        text = (f"{NOT_ANSWERED}没有写{missing}。{ASK_ELSEWHERE}\n{NEAREST}{related}"
                f"{source_line(env.kb, best.clause_id)}")
        reply.slots["last_answer"]["status"] = "not_specified"
    else:
        key = key or cue_fact(env, source, question)
        if source == best.text and key is None:
            source = widened(env, source, whole, question)  # a short passage: the next sentence may hold the answer
        # (…or of its clause, when the passage found only names what is listed: 清单里都有哪些项目 → 服务项目包含…)
        listing = (list_sentence(source, question) or list_sentence(whole, question)) if key is None else None
        limit = CONFIG.max_bubble_chars
        if key is None and not listing and ELIGIBILITY_QUESTION.search(normalize_query(question)):
            rule = without_duties(whole)
            if len(rule) <= CONFIG.eligibility_clause_chars and sum(
                    any(w in s for w in DECISIVE_CONDITIONS) for s in SENTENCE.split(rule)) >= 2:
                # 温州的免费服务还有我们的份吗: the clause's groups, over its sentences, decide — all of them shown
                source, limit = rule, len(rule)
        window = listing or focus_window(env, source, question, limit, key)
        if key and kind is not None and key not in window[:CONFIG.key_first_chars]:
            # The key number first: in brackets ahead of its context.
            # (the offices in charge up front, then the measure they are in charge of, not the list again)
            rest, around = (without_duties(source), None) if kind.name == "department" else (source, key)
            window = f"【{key}】" + focus_window(env, rest, question, CONFIG.max_bubble_chars - len(key) - 2, around)
        text = f"{window}{source_line(env.kb, best.clause_id)}"
        condition = clause_condition(window, whole)
        if condition:
            text += f"\n{CLAUSE_CONDITION_NOTE.format(condition=condition)}"
        defined = term_defined(window, whole)
        if defined:
            text += f"\n{DEFINED_TERM_NOTE.format(short=defined[0], long=defined[1])}"
        if (window.endswith("…") and len(compact(whole)) > len(compact(window))) or leaves_out_the_end(window, source):
            text += f"\n{MORE_IN_DETAILS}"
        unnamed = unnamed_word(env, question, focus)
        if unnamed:
            text = f"收录的文件里没有直接提到“{unnamed}”。{ASK_ELSEWHERE}\n{NEAREST}{text}"
            reply.slots["last_answer"]["status"] = "not_specified"  # the nearest rule, not an answer
    first, *rest = bubbles(text)
    reply.say(first, citations=[cite])
    for more in rest:
        reply.say(more)
    for part, part_window in later_parts(env, whole, question, text, kind):
        reply.say(f"关于“{part}”：{part_window}")
    reply.slots["last_answer"]["answer"] = text
    blank = BLANK_DATE.search(text)
    return close_answer(reply, env.kb, best.doc_id,
                        [*benefit_notes(env, question, best.doc_id), *contact_notes(env, text, best.clause_id),
                         *([BLANK_DATE_NOTE.format(date=blank.group(0))] if blank else [])])


# a date the draft leaves open: no date is fixed, and whom to ask
BLANK_DATE_NOTE = "文件里的日期“{date}”没有填月份，也就是还没有定下具体日期。" + ASK_ELSEWHERE


def unstated_parts(env: Env, question: str, source: str) -> list[str]:
    """What the parts of a question ask that the passage does not state, in the kinds' words (这方面的补贴)."""
    found: list[str] = []
    for part in question_parts(question):
        kind = detect_answer_kind(env, part) or yes_no_money_kind(part)
        if kind is not None and kind.fact is not None and not kind.fact.search(source):
            found.append(kind.missing_words)
    return found


# A question in several parts (乡镇配几个顾问？村里呢 / 要配用房吗？面积多大): each part that asks something.
PART_BREAK = re.compile(r"[？?；;。！!，,\s]+")


def question_parts(question: str) -> list[str]:
    """The parts of a question that each ask something, when there are several."""
    parts = [p for p in PART_BREAK.split(normalize_query(question)) if ASKS.search(p)]
    return parts if len(parts) >= 2 else []


def later_parts(env: Env, source: str, question: str, said: str,
                first_kind: QuestionKind | None) -> list[tuple[str, str]]:
    """For each part after the first, the passage's words answering it when the first bubble (`said`,
    answering a `first_kind` question) does not already say them: from the sentences naming the part's own
    topic (村居（社区）至少配置1名 for 村里呢). An elliptical part asks the part before it again about its own
    topic."""
    parts = question_parts(question)
    found: list[tuple[str, str]] = []
    for before, part in zip(parts, parts[1:]):
        core = ELLIPTICAL_EXTRAS.sub("", part) if part.endswith("呢") else ""
        asked = f"{before}，{core}" if core else part
        own_kind = None if core else detect_answer_kind(env, part)
        if own_kind and own_kind.name in SELF_CONTAINED_KINDS and own_kind != first_kind and key_fact(env,
                source, own_kind) is None:
            if own_kind.missing_words not in said:  # (not said again when the opening admission names it)
                found.append((part, f"文件里没有写{own_kind.missing_words}。"))  # 昌吉市民政局在哪办公，电话多少
            continue
        judged = yes_no_money_kind(part) if own_kind is None else None
        # stated where it is shown, or in a sentence on the first part's topic (费用结算 elsewhere in the clause is
        # no price of the 上门服务 asked about)
        topic = relevance_words(env, parts[0])
        if judged is not None and judged != first_kind and not judged.fact.search(said) and not any(
                judged.fact.search(x) for x in SENTENCE.split(sentences_naming(env, source, topic) or "")):
            found.append((part, f"文件里没有写{judged.missing_words}。{ASK_ELSEWHERE}"))  # 能上门吗，要收钱不
            continue
        words = [core] if core else relevance_words(env, part)
        if not words:
            continue  # 怎么申请 / 昌吉给多少: nothing of its own to look for beyond the first part's answer
        about_part = sentences_naming(env, source, words)
        kind, topic = detect_answer_kind(env, asked), "" if core else asked  # about_part is about the core
        key = key_fact(env, about_part, kind, topic) if kind else cue_fact(env, about_part, asked, topic)
        if key and key not in said:
            sentence = next((s for s in SENTENCE.split(source) if key in s), key)
            found.append((part, clip(sentence, CONFIG.part_chars, around=key)))
    return found


def region_question(env: Env, question: str) -> Reply:
    reply = Reply(slots={"pending_question": question})
    reply.say(REGION_QUESTION + f"收录的文件只有{covered_places(env.kb)}的。", buttons=region_buttons(env.kb))
    return reply


def covered_places(kb: KnowledgeBase) -> str:
    """The places the documents cover, by name (海南省、海口市、温州市、昌吉市)."""
    return "、".join(kb.regions[scope].name for scope in kb.scopes if scope in kb.regions)


def bubbles(text: str, size: int = CONFIG.max_bubble_chars + CONFIG.whole_slack_chars) -> list[str]:
    """A long answer in bubbles that break at sentence ends (each about `size` characters at most), the
    source staying with the last; a short one as it is."""
    body, source, tail = text.partition("（出处：")
    if len(body) <= size:
        return [text]
    pieces: list[str] = []
    current = ""
    for sentence in filter(None, SENTENCE.split(body)):  # (no empty last piece: the source stays with its text)
        if current and len(current) + len(sentence) > size and current.rstrip()[-1:] in SENTENCE_ENDS:
            pieces.append(current)
            current = ""
        current += sentence
    pieces.append(current + source + tail)
    return [p.strip("\n") for p in pieces if p.strip()]
