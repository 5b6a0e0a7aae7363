"""Answer a policy question from the knowledge base: short, cited, honest about gaps.

The text of an answer is the cited clause's own words; templates here add no fact of
their own (no number other than the 12345 hotline).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import lru_cache

from bot.dialogue.basis import BASIS_QUESTION, basis_reply
from bot.dialogue.catalog import (
    absent_subsidy,
    absent_subsidy_reply,
    benefit_content_reply,
    benefit_fact_reply,
    benefits_named_in,
    group_catalog_reply,
)
from bot.dialogue.glossary import glossary_reply
from bot.dialogue.messages import (
    ASK_ELSEWHERE,
    DETAILS_BUTTON,
    FEEDBACK_BUTTONS,
    HUMAN_BUTTON,
    MAX_BUBBLE_CHARS,
    REGION_BUTTONS,
    Reply,
    citation,
    clip,
    close_answer,
    merged,
    scope_names,
    source_line,
    status_warning,
)
from bot.dialogue.parts import parts_reply
from bot.dialogue.people import people_reply
from bot.kb.lexicon import service_words
from bot.kb.loader import KnowledgeBase, load_kb
from bot.kb.model import MissingText
from bot.kb.numerals import normalize_text
from bot.kb.search import CUES, EXPANSION_WEIGHT, SearchHit, get_index, normalize_query, simplified

NO_ANSWER_IN = "抱歉，收录的{place}政策文件里没有找到这个问题的答案。" + ASK_ELSEWHERE
NO_ANSWER = NO_ANSWER_IN.format(place="")
REGION_QUESTION = "您问的是哪个地方的政策？不同地方规定不一样。"
# Below this search score the best passage is too weak to be called an answer.
MIN_SCORE = 1.0
# A passage that shares none of the question's rarest words needs at least this score to count.
OFF_TOPIC_MIN_SCORE = 16.0
# Another region's passage this close to the best one means the answer depends on the city.
AMBIGUOUS_RATIO = 0.75

_NUM = r"[0-9一二两三四五六七八九十百千万〇零.%．]+"


@dataclass(frozen=True)
class AnswerKind:
    """What kind of fact a question asks for, and how to find it in a passage."""

    name: str
    question: re.Pattern[str]
    fact: re.Pattern[str]
    missing_words: str


ANSWER_KINDS = [
    AnswerKind("money",
               re.compile(r"多少钱|几块钱|多少元|金额|发多少|补多少|罚多少|罚款多少|给多少钱|补贴多少|多少补贴|多少津贴|"
                          # 建设补助每平方米多少: money per unit, not an area
                          r"(补贴|补助|奖补|资助|津贴)[^，,。？?]{0,8}每[^，,。？?]{0,4}多少(?!小时|次|天|张|人)|"
                          r"工资|薪水|押金|收费标准|涨多少|(补贴|津贴|补助|费用?|价格|工资)的?标准|([一1]个?月|每月|[一1]年|每年|1次|一次)(大概|大约)?(要|得|能|可以)?(交|花|给|发|补|领|扣|报|拿|收)?多少(?!小时|个?钟头|次|天|张|人)"),
               re.compile(_NUM + r"\s*(余)?\s*元"), "具体金额或标准"),
    AnswerKind("hours", re.compile(r"(几|多少)个?(小时|钟头|钟点)"),
               re.compile(_NUM + r"\s*(个)?小时"), "具体时长"),
    AnswerKind("frequency",
               re.compile(r"(多久|多长时间|隔多久|几天|几个月)(来|去|搞|办|开展|探访|看)?[一1]次|几次|多少次|多少回"),
               re.compile(_NUM + r"\s*次|每(年|月|周|季度|半年)|定期|月探访率"), "具体频次"),
    AnswerKind("duration", re.compile(r"多久|多长时间|时长|几天|几个月|几年|排多久|等多久|要等"),
               re.compile(r"(?<![0-9])([0-9]{1,3}|[一二两三四五六七八九十半]+)(个)?(小时|天|日|工作日|周|月|年)(时间|内|以内)"
                          r"|(?<![0-9])([0-9]{1,3}|[一二两三四五六七八九十半]+)个?(小时|天|工作日|周|月)"), "具体时长"),
    AnswerKind("phone", re.compile(r"电话|联系方式|号码|热线"),
               re.compile(r"\d{3,4}[-－]\d{7,8}|12345|\d{11}"), "具体联系电话"),
    # (关门了 is closing down, not a closing time)
    AnswerKind("clock", re.compile(r"几点|(开门|关门)(时间|吗|没|不)|营业时间|开放时间|上班时间|办公时间"),
               re.compile(r"\d{1,2}[:：]\d{2}|\d{1,2}点"), "开放时间"),
    AnswerKind("materials", re.compile(r"材料|证件|手续|带啥|带什么|要带|(提供|提交)(什么|啥)(材料|资料|证)|证明"),
               re.compile(r"申请材料|证明材料|材料清单|(提交|提供|携带|准备)[^，。；]{0,8}(材料|证明|证件)|身份证|户口簿"),
               "需要的材料"),
    AnswerKind("address", re.compile(r"地址|在哪个(村|街|路|小区|社区)|具体位置|具体在哪|在什么位置"),
               re.compile(r"地址|位于|坐落|[路街]\d+号"), "具体地址"),
    # area before age: "养老用房…多大" asks for square metres, "多大年纪" for an age
    AnswerKind("area", re.compile(r"面积|平方|平米|(房|用房|场地|设施|站|中心|院|地方).{0,12}多大"
                                  r"|多大的?[^，。？?]{0,6}(地方|房|场地|空间|站|中心)"),
               re.compile(_NUM + r"\s*(平方米|平米|㎡)"), "具体面积"),
    AnswerKind("age", re.compile(r"多大|几岁|多少岁|岁数|年纪|年龄"),
               re.compile(_NUM + r"\s*(周)?岁"), "具体年龄条件"),
    AnswerKind("percent", re.compile(r"比例|百分之|占比|覆盖率|达到多少|(做|达)到(啥|什么|哪种|多大)程度|%"),
               re.compile(r"百分之" + _NUM + r"|" + _NUM + r"\s*[%％]"), "具体比例"),
    # any other 多少 / 几个: some number (上调多少 is not answered by a passage without one)
    AnswerKind("number", re.compile(r"多少|(?<!哪)几[个家项名所处张条户批级类]"),
               re.compile(r"\d|百分之|[一二两三四五六七八九十百千万]{2,}"
                          # (not 一批/一类: "a number of", no count)
                          r"|[一二两三四五六七八九十]\s*[个家项名所处张条户级人万亿元次倍成小天岁年月周平]"),
               "具体数字"),
]
# "(市民政局按照职责分工负责)": the offices in charge, in brackets after a measure.
_DUTY_NOTE = r"[（(][^（）()]{2,90}负责[^（）()]*[）)]"
DEPARTMENT_KIND = AnswerKind(
    "department", re.compile(r"哪个部门|哪些部门|哪几个?部门|什么部门|哪个单位|谁负责|谁来负责|谁来管|归谁管|谁管|"
                             r"牵头|责任单位"),
    re.compile(r"责任单位[:：][^\]】]+|" + _DUTY_NOTE), "负责部门")
ANSWER_KINDS.insert(0, DEPARTMENT_KIND)
# "助餐有补贴吗": the clause on 助餐 answers it only if it speaks of money for it; else the answer says the
# documents do not write of a subsidy (kept out of ANSWER_KINDS: it only judges the passage found).
SUBSIDY_KIND = AnswerKind(
    "subsidy", re.compile(r"(有|给|发|领|拿|享受)((没有|不)[^，,。？?\s]{0,4}(补贴|补助|津贴|资助)"
                          r"|[^，,。？?\s]{0,4}(补贴|补助|津贴|资助)(吗|没|不|呢))"),
    re.compile(r"补贴|补助|津贴|资助|奖补|减免|免费|优惠|政府购买|经费|资金"), "这方面的补贴")
# "日间照料中心要钱不": likewise, a clause that says nothing of fees does not say whether it is free.
COST_KIND = AnswerKind(
    "cost", re.compile(r"要钱|收钱|收费|交钱|花钱|付费|免费(吗|不|么|没|呢)|贵不贵|贵吗|贵不|要不要钱"),
    re.compile(r"免费|收费|费用|[0-9一二三四五六七八九十百千]\s*元|价格|低偿|无偿|有偿|付费|自费|补贴|减免|优惠|政府购买"),
    "是否收费")
# Yes/no questions about money that only judge the passage found.
YES_NO_MONEY_KINDS = (SUBSIDY_KIND, COST_KIND)
# "[责任单位：市民政局…]", "（责任单位：…）", "(市民政局按照职责分工负责)": who carries out a measure.
RESPONSIBILITY_NOTE = re.compile(r"[\[【]\s*责任单位[:：][^\]】]*[\]】]|[（(]\s*责任单位[:：][^（）()]*[）)]|"
                                 + _DUTY_NOTE)


def without_duties(text: str) -> str:
    """The text without its lists of offices in charge (unless that leaves nothing)."""
    return RESPONSIBILITY_NOTE.sub("", text).strip() or text


DOC_FACT_QUESTION = re.compile(r"文号|发文字号|几号文|签发|发文日期|哪天(印发|发布|发的)|什么时候(印发|发布|发的)|"
                               r"哪个部门(发|印发)|谁(发|印发)的|正式(的|了|文件)?吗|是不是正式|算不算数|还有效|有效吗|"
                               r"作废|过期|征求意见稿|效力|什么性质|还管用|管不管用|失效|还执行|还在执行")
# Who wrote a document the question names (规划是谁编的): a passage saying so answers; else its metadata.
DOC_AUTHOR_QUESTION = re.compile(r"(规划|方案|条例|意见|通知|文件)[^，,。？?]{0,6}"
                                 r"(谁|哪个单位|哪个部门|哪家单位|什么单位)(编|制定|起草|出台|发布|印发)")
AUTHORSHIP = re.compile(r"编制|制定|起草|印发|发布")
# When a document is in force or ends: its clause says so when there is one (巩固提升阶段到什么时候结束);
# otherwise the document's metadata answers (昌吉的方案啥时候结束).
DOC_PERIOD_QUESTION = re.compile(r"生效|有效期|(啥|什么|哪年|哪天)时?候?(结束|到期|截止)|到(什么时候|哪年)为止")
WHICH_DOCUMENT_QUESTION = re.compile(
    r"(啥|什么|哪个|哪份|哪一个)(文件|文|通知|方案|规定)|是什么|是啥|叫什么|名称|标题|全称")
# What a quoted document is about: its metadata and the headings of its parts.
DOC_CONTENT_QUESTION = re.compile(
    r"(讲|说|发|写)(的|了)?(是)?(什么|啥)|(什么|啥)内容|主要内容|干(什么|啥)的|关于(什么|啥)")
# The document another one was based on (参照的省里文件的文号): its number is quoted in the later one's text.
GLOSSARY_QUESTION = re.compile(r"是什么|什么意思|啥意思|是啥|指什么|指的是|含义|定义|解释一下")


def _chinese_date(iso: str | None) -> str | None:
    if not iso:
        return None
    year, month, day = (int(x) for x in iso.split("-"))
    return f"{year}年{month}月{day}日"


def _period(start: str | None, end: str | None) -> str | None:
    """A document's period in the words such texts use: 2021—2025年, or 2021年1月—12月 within one year."""
    if not (start and end):
        return None
    (y1, m1, _), (y2, m2, _) = (tuple(int(x) for x in d.split("-")) for d in (start, end))
    if y1 == y2:
        return f"{y1}年{m1}月—{m2}月"
    return f"{y1}—{y2}年" if (m1, m2) == (1, 12) else f"{y1}年{m1}月—{y2}年{m2}月"


def own_document(kb: KnowledgeBase, region: str | None) -> str | None:
    """The region's document when it has exactly one of its own (温州 → the draft), else None."""
    docs = [d.doc_id for d in kb.documents.values() if region and d.region == region]
    return docs[0] if len(docs) == 1 else None


def named_document(kb: KnowledgeBase, question: str) -> str | None:
    """The document whose 文号 the question quotes (海府办函〔2023〕105号), if any."""
    asked = normalize_text(question)
    for doc in kb.documents.values():
        if doc.doc_number and normalize_text(doc.doc_number) in asked:
            return doc.doc_id
    # "105号文", "161号文件": the serial number alone, when exactly one document has it
    serials = set(re.findall(r"(?<![0-9〕\]])([0-9]{1,4})号(?:文|文件|通知)", asked))
    matches = [d.doc_id for d in kb.documents.values() if d.doc_number
               and any(re.search(rf"[〕\]]\s*{n}\s*号", normalize_text(d.doc_number)) for n in serials)]
    return matches[0] if len(matches) == 1 else None


def outline(kb: KnowledgeBase, doc_id: str) -> str:
    """The numbered top-level headings of a document (一、指导思想；二、工作目标…)."""
    return "；".join(f"{c.label}{c.title}" for c in kb.clauses_of(doc_id) if c.level == 1 and c.label and c.title
                    and not c.label.startswith("附件"))


def front_clause(kb: KnowledgeBase, doc_id: str) -> str:
    """The clause that stands for a document as a whole: its letterhead, else its notice, else its first."""
    return next((c for c in (f"{doc_id}:header", f"{doc_id}:notice") if c in kb.clauses),
                kb.clauses_of(doc_id)[0].clause_id)


def doc_fact_reply(kb: KnowledgeBase, doc_id: str, with_outline: bool = False) -> Reply:
    """A document's 文号, issuer, dates and legal status, from its metadata in knowledge/documents, and on
    request the headings of its parts."""
    doc = kb.documents[doc_id]
    parts = [f"《{doc.title}》"]
    if doc.doc_number:
        parts.append(f"文号：{doc.doc_number}")
    parts.append(f"发文机关：{doc.issuer}")
    for label, value in (("签发", doc.dates.signed), ("发布", doc.dates.published), ("施行", doc.dates.effective)):
        if _chinese_date(value):
            parts.append(f"{label}：{_chinese_date(value)}")
    period = _period(doc.dates.period_start, doc.dates.period_end)
    if period and period not in doc.status_note:
        parts.append(f"实施期：{period}")
    parts.append(f"效力：{doc.status_note}" if doc.status != "in_force" else "效力：正式印发的文件")
    clause_id = front_clause(kb, doc_id)
    reply = Reply(slots={"last_answer": {"question": "", "clause_ids": [clause_id], "status": "answered"}})
    reply.say("；".join(parts[:1]) + "\n" + "；".join(parts[1:]), citations=[citation(kb, clause_id)])
    headings = outline(kb, doc_id) if with_outline else ""
    if headings:
        reply.say(clip(f"主要内容：{headings}。", MAX_BUBBLE_CHARS))
    return reply


@lru_cache(maxsize=1)
def platform_names() -> tuple[str, ...]:
    """The platforms and hotlines of the contact list: naming one says where to go by itself."""
    return tuple(c.name for c in load_kb().contacts.values() if c.kind in ("platform", "hotline"))


@lru_cache(maxsize=1)
def apply_kind() -> AnswerKind:
    """"Where/how to apply" questions: the answer must name a platform or office the texts name."""
    names = sorted(set(platform_names()), key=len, reverse=True) + ["社区", "乡镇（街道）", "民政部门", "民政局"]
    question = re.compile(r"在哪(里|儿)?(申请|办|报名|领)|(怎么|怎样|如何|咋)(申请|办理|报名|领取|申领|领)|"
                          r"去哪(里|儿)?(申请|办|报名|领)|"
                          r"哪(里|儿)(可以|能|能够|才能)(申请|办|报名|领)|"
                          r"通过什么(平台|渠道)|哪个平台|什么平台|找谁办")
    return AnswerKind("apply", question, re.compile("|".join(re.escape(n) for n in names)), "办理渠道")


# What a practical question about a service asks (办理, 负责, 钱, 时长, 材料, 电话, 地址, 开放时间), as opposed to
# its conditions.
PRACTICAL_KINDS = frozenset({"apply", "department", "money", "hours", "materials", "phone", "address", "clock"})


def asks_practical(question: str) -> bool:
    """怎么申请 / 找谁 / 要钱不 / 几个小时: a question about using a service, not about who qualifies."""
    kind = detect_answer_kind(question)
    return (kind is not None and kind.name in PRACTICAL_KINDS) or bool(
        COST_KIND.question.search(normalize_query(question)))


APPLY_VERB = re.compile(r"申请|申领|办理|受理|提出|登记|报名|咨询|查询|提交|领取|评估")


def detect_answer_kind(question: str) -> AnswerKind | None:
    norm = normalize_query(question)
    if apply_kind().question.search(norm):
        return apply_kind()
    for kind in ANSWER_KINDS:
        if kind.question.search(norm):
            return kind
    return None


# A table row's labelled cell ([2025目标值：60%]) is one phrase: its label belongs to its value.
_CELL = re.compile(r"(\[[^\[\]]*\])")


def _phrases(text: str) -> list[str]:
    pieces = []
    for part in _CELL.split(text):
        pieces += [part] if _CELL.fullmatch(part) else re.split(r"(?<=[，,；;。：:！？!?])", part)
    return [p for p in pieces if p.strip()]


# How many phrases before a value count as its context when choosing among several values.
KEY_CONTEXT = 4


def key_fact(text: str, kind: AnswerKind | None, question: str = "") -> str | None:
    """The phrase of the passage that states the asked-for fact (e.g. 每月不少于四十五小时)."""
    if kind is None:
        return None
    if kind.name == "department":
        match = kind.fact.search(text)
        return match.group(0).strip("（()）[]【】") if match else None
    if kind.name == "apply":
        text = RESPONSIBILITY_NOTE.sub("", text)  # the offices in charge of a task are not where one applies
        # 社区 / 乡镇（街道） name a place to apply only next to an applying verb (not 顾问实现乡镇（街道）全覆盖)
        return _value_phrase(text, question, lambda phrase: bool(kind.fact.search(phrase)) and (
            bool(APPLY_VERB.search(phrase)) or any(name in phrase for name in platform_names())))
    if kind.name == "money":
        # a fine does not answer 补助多少 and a subsidy does not answer 罚多少
        fine = FINE in normalize_query(question)
        return _value_phrase(text, question, lambda phrase: bool(kind.fact.search(phrase)) and (FINE in phrase) == fine)
    if kind.name == "number":
        # a deadline (2021年底前) is no count: 日间照料中心有多少个 is not answered by one
        return _value_phrase(text, question, lambda phrase: bool(kind.fact.search(DEADLINE.sub("", phrase))))
    return _value_phrase(text, question, lambda phrase: bool(kind.fact.search(phrase)))


FINE = "罚"
DEADLINE = re.compile(r"\d{4}\s*年(\s*\d{1,2}\s*月)?(\s*\d{1,2}\s*日)?(底|初|末)?(前|以前|之前|内|起)?|时间进度")


def cue_fact(text: str, question: str, topic: str | None = None) -> str | None:
    """The phrase carrying the kind of value the question's form asks for (a date, an e-mail address, a
    document number, a count …), so that the answer window shows it. No claim is made when it is absent.
    Its surroundings must be about `topic` (the question when not given; "" for any)."""
    wanted = [c for c in get_index().query_terms(question) if c in FOCUS_CUES]
    if len(wanted) > 1:
        wanted = [c for c in wanted if c != GENERIC_NUMBER_CUE]  # 罚多少: an amount, not any number
    if not wanted:
        return None
    return _value_phrase(text, question if topic is None else topic,
                         lambda phrase: any(CUES[c][2].search(normalize_query(phrase)) for c in wanted))


def _value_phrase(text: str, question: str, holds_value: Callable[[str], bool]) -> str | None:
    """Of the phrases holding a value, the one about what was asked: its sentence names one of the
    question's topic words (三亚养老院多少钱 is not answered by 孤儿养育标准每人每月1450元), and of those
    the one whose context shares most with the question."""
    phrases = _phrases(text)
    found = [i for i, phrase in enumerate(phrases) if holds_value(phrase)]
    if question:
        words = relevance_words(question)
        found = [i for i in found if about(words, normalize_query(_neighbourhood(phrases, i)))
                 and not other_people(question, _sentence(phrases, i))
                 and not other_setting(question, _sentence(phrases, i))
                 and not other_degree(question, phrases, i, found)]
    if not found:
        return None
    weights = qualified_weights(question) if question else {}
    best = max(found, key=lambda i: (round(_near_score(phrases, i, weights, found), 6), -i))
    return phrases[best].strip().strip("[]").rstrip("，,；;。：:！？!?")


# Weight of the words in the question's last clause (擅自拆…，情节严重的罚多少钱): the condition the asked
# value depends on is stated right before the question word, as it is right before the value in the text.
QUALIFIER_BOOST = 2.0


def qualified_weights(question: str) -> dict[str, float]:
    weights = dict(get_index().query_terms(question))
    clauses = [c for c in re.split(r"[，,。；;！？!?、 ]", normalize_query(question)) if c.strip()]
    if len(clauses) < 2:
        return weights
    last = clauses[-1]
    return {w: v * (QUALIFIER_BOOST if not w.startswith("§") and w in last else 1.0) for w, v in weights.items()}


def about(words: list[str], text: str) -> bool:
    """Whether a value's surroundings are about the question: they name its most specific topic word, or
    two of its topic words, themselves or by the documents' synonyms (助餐 ~ 配餐送餐); a number is stated
    only when it is plainly about what was asked."""
    if not words:
        return True
    return names(words[0], text) or sum(names(w, text) for w in words) >= 2


# Groups of people other than the elderly that the plans also cover: a value about them does not answer an
# elder's question unless the question names them (海南老人每月生活补助 ≠ 孤儿养育标准每人每月1450元).
OTHER_PEOPLE = re.compile(r"孤儿|儿童|未成年|婴幼儿|收养|婚姻|妇女|学生")
DEGREES = ("重度", "中度", "轻度")


def other_people(question: str, sentence: str) -> bool:
    return bool(OTHER_PEOPLE.search(sentence)) and not OTHER_PEOPLE.search(question)


# Town and country, which the documents often set different figures for (城镇新建小区…三千平方米 / 农村…二百平方米).
SETTINGS = (("城市", "城镇", "城区", "市区", "城里"), ("农村", "乡村", "村里", "乡下", "行政村"))


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
    near = "".join(phrases[_context_start(phrases, index, values):index + 1])
    named = [d for d in DEGREES if d in near]
    return bool(named) and asked[0] not in named


def _context_start(phrases: list[str], index: int, values: Collection[int] = (), limit: int | None = None) -> int:
    """Where the run of phrases leading up to phrase `index` starts: at the sentence start, after the
    previous value, or `limit` phrases back, whichever comes first."""
    start = index
    floor = 0 if limit is None else max(0, index - limit)
    while start > floor and start - 1 not in values and not phrases[start - 1].rstrip().endswith(_SENTENCE_ENDS):
        start -= 1
    return start


def _sentence(phrases: list[str], index: int) -> str:
    start = _context_start(phrases, index)
    stop = index
    while stop < len(phrases) - 1 and not phrases[stop].rstrip().endswith(_SENTENCE_ENDS):
        stop += 1
    return "".join(phrases[start:stop + 1])


def relevance_words(question: str) -> list[str]:
    """The question's topic words a value's surroundings must name: not places, numbers or form words."""
    index = get_index()
    idf = index.text_field.idf
    return [w for w in topic_words(question, top=8)
            if w not in MEASURE_WORDS and w not in index.place_words and not w.isdigit()
            and idf.get(w, COMMON_IDF) >= COMMON_IDF][:6]


# Words this common in the documents (服务 1.4, 社区 1.4, 设施 2.1) say nothing about a passage's topic.
COMMON_IDF = 2.2


def _neighbourhood(phrases: list[str], index: int) -> str:
    """The sentence holding phrase `index` with the sentences just before and after it."""
    ends = [i for i, p in enumerate(phrases) if p.rstrip().endswith(_SENTENCE_ENDS)]
    before = [e for e in ends if e < index]
    after = [e for e in ends if e >= index]
    start = before[-2] + 1 if len(before) >= 2 else 0
    stop = after[1] + 1 if len(after) >= 2 else len(phrases)
    return "".join(phrases[start:stop])


# Weight of each earlier phrase in a value's context, relative to the one after it: the words right
# before a value (重度失能失智老年人，每月…四十五小时) say most about which value it is.
CONTEXT_DECAY = 0.7


def _near_score(phrases: list[str], index: int, weights: dict[str, float], values: list[int]) -> float:
    """The question's words in the phrases leading up to a value, back to the sentence start or the
    previous value, nearer phrases weighing more."""
    start = _context_start(phrases, index, values, KEY_CONTEXT)
    idf = get_index().text_field.idf
    best: dict[str, float] = {}  # each word once, at its nearest place: repeating it says nothing more
    for i in range(start, index + 1):
        norm = normalize_query(phrases[i]).replace(" ", "")
        for w, v in weights.items():
            if not w.startswith("§") and w in norm:
                best[w] = max(best.get(w, 0.0), idf.get(w, 0.0) * v * CONTEXT_DECAY ** (index - i))
    return sum(best.values())


# Words of a question's form rather than its topic: a value's context need not repeat them.
MEASURE_WORDS = frozenset({"每月", "每年", "每人", "每天", "1个月", "1年", "标准", "多少钱", "金额", "费用", "补贴",
                           "电话", "联系电话", "联系方式", "号码", "地址", "时间", "材料", "证明", "证件", "手续",
                           "申请", "办理", "平台", "渠道", "途径", "通过", "透过", "时长", "好处", "待遇", "福利",
                           "政策", "照顾", "帮助", "一顿", "每顿",
                           "一餐", "每餐", "一次", "每次", "免费", "收费", "收费吗", "交钱", "收钱", "花钱", "要钱"})


_SENTENCE_ENDS = ("。", "！", "？", "!", "?")


# Answer-type markers whose value is worth centring the answer window on.
FOCUS_CUES = ("§date", "§money", "§docno", "§pct", "§area", "§count", "§phone", "§fund", "§num")
# 多少/几 with no measure word: any number, used only when the question asks for no particular kind.
GENERIC_NUMBER_CUE = "§num"


def focus_window(text: str, question: str, limit: int, key: str | None = None) -> str:
    """The part of a passage that answers the question, about `limit` characters long. Of the windows
    starting at a phrase, the one holding most of the question's rare words (each counted once, and less
    near the window's end, where what follows them is cut off) and the key fact; ties go to a sentence start,
    then to the earliest window."""
    text = text.strip()
    if len(text) <= limit + WHOLE_SLACK_CHARS:
        return text
    weights = {w: v for w, v in get_index().query_terms(question).items() if not w.startswith("§")}
    idf = get_index().text_field.idf
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
        covered = sum(idf.get(w, 0.0) * v * (1.0 if w in head and not (cut and _sentence_cut(whole, w))
                                              else TAIL_WEIGHT)
                      for w, v in weights.items() if w in whole)
        bonus = 100.0 if key and key in window else 0.0
        return (round(covered + bonus, 6), _side_by_side(head, pairs), start == 0 or text[start - 1] in "。；;！？!?",
                -start)

    if key and key in text:
        # the key fact where the text first states it (the same words may recur for another group)
        first = text.index(key)
        starts = [s for s in starts if s <= first and first + len(key) <= s + limit] or starts
    start = max(starts, key=score)
    window = clip(text[start:], limit, around=key)
    return window if start == 0 or window.startswith("…") else "…" + window


def _side_by_side(text: str, pairs: list[tuple[str, str]]) -> int:
    """How many of the question's neighbouring word pairs the text states close together (物业管养老 →
    物业+养老服务): of two windows naming the same words, the one where they go together says it."""
    return sum(1 for a, b in pairs if re.search(f"{re.escape(a)}.{{0,3}}{re.escape(b)}", text))


def _sentence_cut(window: str, word: str) -> bool:
    """No sentence end follows the word's first place in the window: the window ends inside its sentence."""
    return not re.search(r"[。；;！？!?]", window[window.index(word):])


# A passage at most this much longer than the window is shown whole: cutting its last words saves little.
WHOLE_SLACK_CHARS = 20

# A key fact this near the start of the answer is first enough; further in, it is repeated up front.
KEY_FIRST_CHARS = 40

# A question word in the last quarter of an answer window counts this much: what it says is cut off.
TAIL_WEIGHT = 0.5


def on_topic(kb: KnowledgeBase, hit: SearchHit, question: str, needed: int = 1) -> bool:
    """The best passage mentions at least `needed` (one, or all when fewer) of the question's three rarest
    words (see :func:`topic_mentions`)."""
    found, of = topic_mentions(kb, hit, question)
    return not of or found >= min(needed, of)


def topic_mentions(kb: KnowledgeBase, hit: SearchHit, question: str) -> tuple[int, int]:
    """How many of the question's three rarest words (places and measure words aside) the passage mentions,
    and of how many.

    BM25 always returns something; a passage that shares only common words with the question
    (养老, 老人, 服务) does not answer it, and the honest reply then is "not in the documents".
    A word counts as mentioned when most of its character pairs occur in the passage, so that
    特殊困难老人 matches 特殊困难老年人 and 上门服务 matches 上门为居家老年人提供服务."""
    words = rare_topic_words(question)[:3]
    if not words:
        return 0, 0
    clause = kb.clauses.get(hit.clause_id) if hit.clause_id else None
    text = normalize_query((clause.full_text if clause else "") + hit.text + hit.heading)
    return sum(names(w, text) for w in words), len(words)


def rare_topic_words(question: str) -> list[str]:
    """The question's rarest words (see :func:`topic_words`), places and measure words aside."""
    index = get_index()
    return [w for w in topic_words(question, top=8) if w not in index.place_words and w not in MEASURE_WORDS]


def names(word: str, text: str) -> bool:
    """The text (normalised) names the word, itself or by one of the documents' synonyms for it (高龄津贴 ~
    高龄补贴)."""
    return mentioned(word, text) or any(s in text for s in get_index().synonyms_of(word))


# Share of a word's character pairs that must occur in a passage for the word to count as mentioned.
MENTION_SHARE = 0.6


def mentioned(word: str, text: str) -> bool:
    # The documents write 老年人 where users say 老人 (失能老人 ~ 失能失智老年人).
    word, text = word.replace("老年人", "老人"), text.replace("老年人", "老人")
    if word in text:
        return True
    pairs = [word[i:i + 2] for i in range(len(word) - 1)]
    # the last pair is the compound's head (养老服务顾问 is a 顾问, not any 养老服务)
    return len(pairs) >= 2 and pairs[-1] in text and sum(p in text for p in pairs) / len(pairs) >= MENTION_SHARE


# Passages scoring within this share of the best are near-ties; the one naming the asked-for term wins.
NEAR_TIE = 0.85


def to_front(hits: list[SearchHit], pick: SearchHit | None) -> list[SearchHit]:
    """The hits with `pick` (when there is one) moved to the front."""
    return hits if pick is None else [pick, *[h for h in hits if h is not pick]]


def promote_close(hits: list[SearchHit], ratio: float, wanted: Callable[[SearchHit], bool]) -> list[SearchHit]:
    """The hits with the first later clause scoring at least `ratio` of the best one and `wanted` moved to
    the front."""
    return to_front(hits, next((h for h in hits[1:] if h.clause_id and h.score >= ratio * hits[0].score
                                and wanted(h)), None))


# A passage of the asked city's own documents scoring at least this share of the best one (from a wider
# region's plan) answers instead: 海口经济困难老人补贴 is Haikou's rule before the province's aim.
LOCAL_RATIO = 0.8


def prefer_local(kb: KnowledgeBase, hits: list[SearchHit], region: str | None) -> list[SearchHit]:
    if region is None or len(hits) < 2 or _region_of(kb, hits[0]) == region:
        return hits
    return promote_close(hits, LOCAL_RATIO, lambda h: _region_of(kb, h) == region)


def prefer_on_topic(kb: KnowledgeBase, hits: list[SearchHit], question: str) -> list[SearchHit]:
    """Among near-tied passages, move the first one that names the question's rarest words to the front."""
    if len(hits) < 2:
        return hits
    tied = [h for h in hits if h.score >= NEAR_TIE * hits[0].score]
    pick = next((h for h in tied if h.clause_id and on_topic(kb, h, question)), hits[0])
    return to_front(hits, pick)


def topic_before_money(kb: KnowledgeBase, hits: list[SearchHit], question: str,
                       region: str | None) -> list[SearchHit]:
    """温州助餐有补助吗: when the best passage owes its place to the money word (a subsidy for institutions)
    and does not name what the subsidy would be for (助餐), the passages on that topic answer instead, and
    the answer then says whether they mention a subsidy."""
    asked = normalize_query(question)
    kind = SUBSIDY_KIND  # (a price is about what it is asked for; a subsidy may be for someone else)
    if not kind.question.search(asked) or not hits or hits[0].clause_id is None:
        return hits
    topic = [w for w in relevance_words(question) if not kind.fact.search(w)]
    whole = normalize_query(get_index().whole.get(hits[0].clause_id, hits[0].text))
    if not topic or names(topic[0], whole):
        return hits
    bare = kind.fact.sub(" ", asked)
    again = [h for h in get_index().search(bare, region=region, k=3) if h.clause_id]
    return again if again and names(topic[0], normalize_query(get_index().whole.get(again[0].clause_id, ""))) \
        else hits


# A passage scoring at least this share of the best one answers instead when only it has the value asked for.
ANSWERING_RATIO = 0.7


def states_value(hit: SearchHit, kind: AnswerKind | None, question: str) -> bool:
    """The hit's clause states the kind of value the question asks for (a count, a date, an amount …)."""
    source = get_index().whole.get(hit.clause_id or "") or hit.text
    return (key_fact(source, kind, question) if kind else cue_fact(source, question)) is not None


def prefer_answering(kb: KnowledgeBase, hits: list[SearchHit], question: str) -> list[SearchHit]:
    """When the best passage lacks the kind of value asked for and a close one on the topic has it,
    the close one goes first."""
    kind = detect_answer_kind(question)
    asks_value = kind is not None or any(c in FOCUS_CUES for c in get_index().query_terms(question))
    if len(hits) < 2 or not asks_value or states_value(hits[0], kind, question):
        return hits
    return promote_close(hits, ANSWERING_RATIO, lambda h: on_topic(kb, h, question) and states_value(h, kind, question))


def list_length(text: str) -> int:
    """The number of items in the passage's longest enumeration (生活照料、起居照护、康复辅助 → 3)."""
    runs = re.findall(r"(?:[^、，,。；;：:（）()]{1,12}、)+[^、，,。；;：:（）()]{1,12}", text)
    return max((run.count("、") + 1 for run in runs), default=0)


# "能提供哪些服务": a close passage that lists this many more items answers better than a short list.
LONGER_LIST_ITEMS = 3
LISTING_RATIO = 0.7


def prefer_longer_list(kb: KnowledgeBase, hits: list[SearchHit], question: str) -> list[SearchHit]:
    """For a question asking which things (哪些服务, 都能干些啥), a close passage on the topic that lists
    clearly more of them goes first."""
    if len(hits) < 2 or not LIST_QUESTION.search(normalize_query(question).replace(" ", "")):
        return hits
    shortest = list_length(hits[0].text) + LONGER_LIST_ITEMS
    return promote_close(hits, LISTING_RATIO,
                         lambda h: list_length(h.text) >= shortest and on_topic(kb, h, question, needed=2))


# A passage about the asked people scoring at least this share of the best one, which is about others, answers.
OTHER_PEOPLE_RATIO = 0.6


def prefer_asked_people(hits: list[SearchHit], question: str) -> list[SearchHit]:
    """When the best passage is about people the question does not name (留守妇女, 孤儿), a close one that is
    not goes first: 海口农村老人有什么福利 is not answered with a clause on 农村留守妇女."""
    if len(hits) < 2 or not other_people(question, hits[0].text):
        return hits
    return promote_close(hits, OTHER_PEOPLE_RATIO, lambda h: not other_people(question, h.text))


# A question's rare word that no document uses (洗澡, 坐飞机, 候鸟): the nearest clause does not answer it,
# and the answer says so before quoting. Only specific nouns and verbs of jieba's own dictionary count, not
# question forms (搞不搞, 啥意思) nor pieces the segmenter made up.
UNNAMED_TAGS = frozenset({"n", "v", "vn", "nz"})
UNNAMED_MAX_FREQUENCY = 1000
QUESTION_FORM = re.compile(r"啥|什么|吗|呢|么|谁|哪|怎|咋|几|多少|(.)不\1")


def unnamed_word(kb: KnowledgeBase, question: str) -> str | None:
    """One of the question's two rarest words that no document uses, if any."""
    index = get_index(kb)
    words = rare_topic_words(question)
    rare = next((w for w in words[:2] if index.segmenter.tag(w) in UNNAMED_TAGS
                 and index.segmenter.frequency(w) <= UNNAMED_MAX_FREQUENCY
                 and not QUESTION_FORM.search(w) and not index.uses(w)), None)
    # a service asked for by its everyday name (助浴): however common the question's other words
    return rare or next((w for w in words if w in everyday_services() and not index.uses(w)), None)


@lru_cache(maxsize=1)
def everyday_services() -> frozenset[str]:
    return frozenset(normalize_query(w).replace(" ", "") for w in service_words())


def is_answer(kb: KnowledgeBase, hit: SearchHit, question: str) -> bool:
    if hit.score < MIN_SCORE:
        return False
    if hit.score >= OFF_TOPIC_MIN_SCORE:
        return True
    return on_topic(kb, hit, question, needed=1 if hit.score >= WEAK_SCORE else 2)


# Below this score a passage must name two of the question's three rarest words, not one: 以房养老、反向抵押
# 在海口能办不 is not answered by a passage that only says 养老.
WEAK_SCORE = 6.0


def _region_of(kb: KnowledgeBase, hit: SearchHit) -> str:
    return kb.documents[hit.doc_id].region


def needs_region(kb: KnowledgeBase, question: str, hits: list[SearchHit]) -> bool:
    """Several regions answer almost equally well: the answer depends on the city."""
    if GLOSSARY_QUESTION.search(question) or len(hits) < 2:
        return False
    top_region = _region_of(kb, hits[0])
    rivals = [h for h in hits[1:] if _region_of(kb, h) != top_region]
    return bool(rivals) and rivals[0].score >= AMBIGUOUS_RATIO * hits[0].score


def city_of(kb: KnowledgeBase, region: str | None) -> str | None:
    """The city a district belongs to (longhua → haikou); any other region as it is."""
    place = kb.region(region) if region else None
    return place.parent if place is not None and place.kind == "district" and place.parent else region


def resolve_region(kb: KnowledgeBase, question: str, remembered: str | None) -> str | None:
    """The region to search: the place the question names, else the remembered covered one."""
    named = get_index().detect_region(question)
    if named:
        return named
    if remembered and remembered != "outside" and kb.covers(remembered):
        return remembered
    return None


def outside_coverage_reply(kb: KnowledgeBase, place: str | None = None) -> Reply:
    reply = Reply()
    where = f"“{place}”" if place else "这个地方"
    reply.say(f"{where}的政策不在我收录的文件里，我不能替您回答，免得说错。\n{kb.coverage_note}")
    return reply


def no_answer_reply(question: str = "", kb: KnowledgeBase | None = None, region: str | None = None) -> Reply:
    """Nothing in the documents answers: say so, naming whose documents were searched when the place is known
    (收录的温州市政策文件里…), and whom to ask."""
    reply = Reply(slots={"last_answer": {"question": question, "status": "unanswered"}})
    place = scope_names(kb, region) if kb is not None and region else ""
    reply.say(NO_ANSWER_IN.format(place=place), buttons=[HUMAN_BUTTON])
    return reply


def benefit_notes(kb: KnowledgeBase, question: str, doc_id: str, limit: int = 2) -> list[str]:
    """The knowledge base's notes on the benefit a question names (高龄津贴: 文件未规定年龄和金额), for the
    region of the document answering — what the texts leave open, said plainly. The most local entry named
    speaks: 海口's 探访关爱, not the province's note on its 巡访."""
    notes: list[str] = []
    for benefit in benefits_named_in(kb, question, kb.documents[doc_id].region):
        notes += [str(n) for n in benefit.get("notes") or [] if str(n) not in notes]
    return notes[:limit]


def contact_notes(kb: KnowledgeBase, answer: str, clause_id: str | None) -> list[str]:
    """The knowledge base's note on a phone number the answer quotes from this clause (面向各级民政部门的工作
    联系方式，不是公众咨询热线)."""
    return [f"{c.phone}：{c.note}{ASK_ELSEWHERE}" for c in kb.contacts.values()
            if c.note and c.phone and c.kind != "hotline" and clause_id in c.cites and c.phone in answer]


ROW_NUMBER_COLUMNS = frozenset({"序号", "编号"})
SECTION_LABEL = re.compile(r"\s*[（(][一二三四五六七八九十]+[）)]")


ROW_UNIT = re.compile(r"[（(](%|个|人|张|亿元|万元|元|万人|家|所)[)）]$")
BARE_FIGURE = re.compile(r"\d+(\.\d+)?")
UNIT_COLUMN = "单位"


def table_row(kb: KnowledgeBase, clause_id: str | None) -> str | None:
    """A task-table row as a sentence with its other cells labelled by their columns (…资金投入居家和社区养老
    服务。[责任单位：市财政局，民政局][时间进度：2021年底前]), so that 谁负责 and 什么时候 find their cell."""
    clause = kb.clauses.get(clause_id or "")
    parent = kb.clauses.get(clause.parent or "") if clause is not None else None
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


def answer_source(hit: SearchHit, kind: AnswerKind | None, question: str) -> str:
    """The text an answer is cut from: the hit's passage, or its whole clause when only the clause states
    the kind of value asked for (the fact sits in the sentence next to the best-matching one)."""
    row = table_row(load_kb(), hit.clause_id)
    if row:
        return row
    whole = get_index().whole.get(hit.clause_id or "") if hit.kind == "clause" else None
    if not whole or _compact(hit.text) not in _compact(whole):  # (a passage may span a line break)
        return hit.text
    if kind is not None:
        return whole if key_fact(hit.text, kind, question) is None and key_fact(whole, kind, question) else hit.text
    return whole if cue_fact(hit.text, question) is None and cue_fact(whole, question) else hit.text


def widened(passage: str, whole: str, question: str) -> str:
    """A short passage with the sentences after it that name more of the question's words, while the
    whole fits one bubble (昌吉医养结合先在哪几家机构试点: the sentence after the best one names 试点 and the
    places)."""
    sentences = [x for x in SENTENCE.split(whole) if x.strip()]
    compact = [_compact(x) for x in sentences]
    inside = [i for i, x in enumerate(compact) if x and x in _compact(passage)]
    if not inside or inside != list(range(inside[0], inside[-1] + 1)):
        return passage
    first, last = inside[0], inside[-1]
    idf = get_index().text_field.idf
    words = [w for w in relevance_words(question) if idf.get(w, 0.0) >= COMMON_IDF]

    def new_words(i: int) -> int:
        shown = normalize_query("".join(sentences[first:last + 1]))
        return sum(1 for w in words if names(w, normalize_query(sentences[i])) and not names(w, shown))

    while True:
        size = sum(len(x) for x in sentences[first:last + 1])
        after = last + 1  # (what comes before would push the best sentence down)
        if after >= len(sentences) or size + len(sentences[after]) > MAX_BUBBLE_CHARS or not new_words(after):
            break
        last = after
    return "".join(sentences[first:last + 1]) if last != inside[-1] else passage


# "包括哪些项目": a sentence listing at least this many items (…、…、…) is the answer, shown whole up to
# LIST_SENTENCE_CHARS — cutting a list drops the items the user asked for.
LIST_QUESTION = re.compile(r"包括哪些|包含哪些|有哪些|哪些(项目|服务|内容|人)|都有啥|都有什么|都包括|都包含")
LIST_SENTENCE = re.compile(r"[^。；;]*(包括|包含|主要有|涵盖)[^。；;]*?(?:[^、，,。；;]{1,16}、){3,}[^。；;]*[。；;]?")
LIST_SENTENCE_CHARS = 170


def list_sentence(text: str, question: str) -> str | None:
    """The sentence of the passage that lists what a 包括哪些 question asks for, when it fits."""
    if not LIST_QUESTION.search(normalize_query(question).replace(" ", "")):
        return None
    match = LIST_SENTENCE.search(text)
    if match is None or len(match.group(0).strip()) > LIST_SENTENCE_CHARS:
        return None
    found = match.group(0).strip()
    return found if text.strip().startswith(found) else "…" + found


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


# What the asked-for kind of fact may look like when the text words it another way than the kind's own
# pattern (民政部门作为…行政主管部门, 每两年举办一次, 每万名老年人配备1名): then the passage is quoted as the
# answer, not under "文件里没有写…", which would be false. Kinds where a wrong "not written" matters most
# (amounts, hours, phone numbers, materials: 新兴材料 is no list of papers) have none: their own patterns decide.
OTHER_WORDING = {
    "department": re.compile(r"部门|局|委员会|人民政府|办公室|负责|牵头|主管"),
    "frequency": re.compile(r"每.{0,3}(年|月|周|天|季度)|[0-9一二两三四五六七八九十]+次|定期"),
    "duration": re.compile(r"每.{0,3}(年|月|周|天)|[0-9一二两三四五六七八九十]+个?(年|月|天|日|周|小时)"),
    "percent": re.compile(r"每.{0,4}(名|人|户)|比例|占比|[0-9一二两三四五六七八九十]+成"),
    "age": re.compile(r"\d+\s*(周岁|岁)|\d+\s*(张|名|人)"),
    "apply": re.compile(r"平台|热线|窗口|受理|12345"),
    "area": re.compile(r"平方|面积"),
    "number": re.compile(r"\d+\s*(家|个|张|名|所|处|项|人|户|次)"),
}


def says_in_other_words(kind: AnswerKind, shown: str) -> bool:
    """The passage shown states the asked kind of fact in other words than the kind's pattern."""
    pattern = OTHER_WORDING.get(kind.name)
    return pattern is not None and bool(pattern.search(shown))


def cited_answer(kb: KnowledgeBase, question: str, hits: list[SearchHit]) -> Reply:
    best = hits[0]
    kind = detect_answer_kind(question)
    source = answer_source(best, kind, question)
    if not (kind and kind.name == "department") and "§dept" not in get_index().query_terms(question):
        # the offices in charge of a measure take room an elder's answer needs (details show them)
        source = without_duties(source)
    key = key_fact(source, kind, question)
    whole = get_index().whole.get(best.clause_id or "") or source
    if kind is None:
        asked = normalize_query(question)
        kind = next((k for k in YES_NO_MONEY_KINDS if k.question.search(asked) and not k.fact.search(whole)), None)
    reply = Reply(slots={"last_answer": {"question": question, "clause_ids": [h.clause_id for h in hits],
                                         "status": "answered"}})
    cite = citation(kb, best.clause_id, best.text)
    words = relevance_words(question)
    off_topic = (words and not any(names(w, normalize_query(source)) for w in words)) or other_people(
        question, source)
    # only the sentences on the topic: 建立老年人高龄补贴制度, not the lottery figures after it
    related = focus_window(sentences_naming(source, words) or source, question, 70) \
        if kind is not None and key is None else None
    if related is not None and kind.name == "money" and not off_topic:
        # 海口养老院一个月多少钱 → a clause on training for 养老机构 staff: naming the place is not about its price
        lead = re.split(r"[，,；;：:。]", related.lstrip("…"), maxsplit=1)[0]
        # the quote would speak of the place or service asked about: named first (不断提高助配餐服务覆盖面),
        # or with money mentioned at all — not in passing (…在养老服务机构设立实习基地)
        off_topic = not (COST_KIND.fact.search(related) or SUBSIDY_KIND.fact.search(related)
                         or any(names(w, normalize_query(lead)) for w in words))
    if related is not None and off_topic:
        # Not even the topic is in the best passage (温州助餐一餐多少钱 → a clause on fines): no quote.
        reply = Reply(slots={"last_answer": {"question": question, "status": "not_specified"}})
        reply.say(f"收录的文件里没有写这方面的{kind.missing_words}，我不能替您回答，免得说错。{ASK_ELSEWHERE}",
                  buttons=[HUMAN_BUTTON])
        return reply
    if related is not None and not says_in_other_words(kind, related):
        # The document speaks of the topic but gives no figure: say so rather than guess.
        text = (f"文件里没有写{kind.missing_words}。相关规定是：{related}"
                f"{source_line(kb, best.clause_id)}\n{ASK_ELSEWHERE}")
        reply.slots["last_answer"]["status"] = "not_specified"
    else:
        key = key or cue_fact(source, question)
        if source == best.text and key is None:
            source = widened(source, whole, question)  # a short passage: the next sentence may hold the answer
        listing = list_sentence(source, question) if key is None else None
        window = listing or focus_window(source, question, MAX_BUBBLE_CHARS, key)
        if key and kind is not None and key not in window[:KEY_FIRST_CHARS]:
            # The key number first: in brackets ahead of its context.
            # (the offices in charge up front, then the measure they are in charge of, not the list again)
            rest, around = (without_duties(source), None) if kind.name == "department" else (source, key)
            window = f"【{key}】" + focus_window(rest, question, MAX_BUBBLE_CHARS - len(key) - 2, around)
        text = f"{window}{source_line(kb, best.clause_id)}"
        unnamed = unnamed_word(kb, question)
        if unnamed:
            text = f"收录的文件里没有直接提到“{unnamed}”。最相关的规定是：{text}\n{ASK_ELSEWHERE}"
    reply.say(text, citations=[cite])
    for part, part_window in later_parts(whole, question, text, kind):
        reply.say(f"关于“{part}”：{part_window}")
    reply.slots["last_answer"]["answer"] = text
    return close_answer(reply, kb, best.doc_id,
                        [*benefit_notes(kb, question, best.doc_id), *contact_notes(kb, text, best.clause_id)])


# A question in several parts (乡镇配几个顾问？村里呢 / 要配用房吗？面积多大): each part that asks something.
PART_BREAK = re.compile(r"[？?；;。！!，,\s]+")
ASKS = re.compile(r"呢|吗|多少|几|多大|多长|多久|哪|谁|什么|啥|怎么|如何|是否|能不能|有没有|可不可以|要不要")
# Kinds of value a part asks for whatever came before it (电话多少, 要什么材料): when the passage has none,
# the answer says so. A bare 多大 or 多少 depends on the part before it and is not judged alone.
SELF_CONTAINED_KINDS = frozenset({"phone", "materials", "address", "clock", "money"})
# What an elliptical part says beyond its topic (那村里呢 → 村).
ELLIPTICAL_EXTRAS = re.compile(r"^(那么|那|要是|如果是?)|(里|这边|那边|这里|那里)?的?呢$")
SENTENCE = re.compile(r"(?<=[。；;！？!?])")
# The window a later part's answer is cut to: a short second bubble.
PART_CHARS = 60


def question_parts(question: str) -> list[str]:
    """The parts of a question that each ask something, when there are several."""
    parts = [p for p in PART_BREAK.split(normalize_query(question)) if ASKS.search(p)]
    return parts if len(parts) >= 2 else []


def later_parts(source: str, question: str, said: str, first_kind: AnswerKind | None) -> list[tuple[str, str]]:
    """For each part after the first, the passage's words answering it when the first bubble (`said`,
    answering a `first_kind` question) does not already say them: from the sentences naming the part's own
    topic (村居（社区）至少配置1名 for 村里呢). An elliptical part asks the part before it again about its own
    topic."""
    parts = question_parts(question)
    found: list[tuple[str, str]] = []
    for before, part in zip(parts, parts[1:]):
        core = ELLIPTICAL_EXTRAS.sub("", part) if part.endswith("呢") else ""
        asked = f"{before}，{core}" if core else part
        own_kind = None if core else detect_answer_kind(part)
        if own_kind and own_kind.name in SELF_CONTAINED_KINDS and own_kind != first_kind and key_fact(
                source, own_kind) is None:
            found.append((part, f"文件里没有写{own_kind.missing_words}。"))  # 昌吉市民政局在哪办公，电话多少
            continue
        words = [core] if core else relevance_words(part)
        if not words:
            continue  # 怎么申请 / 昌吉给多少: nothing of its own to look for beyond the first part's answer
        about_part = sentences_naming(source, words)
        kind, topic = detect_answer_kind(asked), "" if core else asked  # about_part is about the core
        key = key_fact(about_part, kind, topic) if kind else cue_fact(about_part, asked, topic)
        if key and key not in said:
            sentence = next((s for s in SENTENCE.split(source) if key in s), key)
            found.append((part, clip(sentence, PART_CHARS, around=key)))
    return found


def sentences_naming(text: str, words: list[str]) -> str:
    """The sentences of a passage that name one of the words, or one of the documents' synonyms for it
    (高龄津贴 ~ 高龄补贴)."""
    sentences = SENTENCE.split(text)
    return "".join(s for s in sentences if any(names(w, normalize_query(s)) for w in words))


# Asks for the wording of a text: its articles, its full text.
ARTICLE_QUESTION = re.compile(r"第[0-9一二三四五六七八九十百]+条|原文|全文|条文|条款|哪一?条")


def _named_length(missing: MissingText, asked: str) -> int:
    """How long the longest of the text's names that the (normalised) question uses is; 0 when none."""
    return max((len(n) for n in (missing.title, *missing.aliases) if normalize_text(n) in asked), default=0)


def missing_text_reply(kb: KnowledgeBase, question: str, region: str | None) -> Reply | None:
    """An honest reply to a question about the articles of a text the knowledge base does not hold (the
    海口 条例 itself, only its 宣贯 notice is here), instead of loosely related clauses."""
    asked = normalize_text(normalize_query(question))  # 條例第十條 too
    if not ARTICLE_QUESTION.search(asked):
        return None
    scopes = kb.covers(region) if region else [d.region for d in kb.documents.values()]
    named = sorted(((_named_length(m, asked), doc, m) for doc in kb.documents.values() if doc.region in scopes
                    for m in doc.missing_texts), key=lambda t: -t[0])
    named = [t for t in named if t[0]]
    if not named or (len(named) > 1 and named[1][0] == named[0][0]):
        return None  # none, or 条例 with no place: which one is not known
    _, doc, missing = named[0]
    clause_id = front_clause(kb, doc.doc_id)
    reply = Reply(slots={"last_answer": {"question": question, "status": "not_specified"}})
    reply.say(f"{missing.note}我不能替您说《{missing.title}》的具体条文，免得说错；请以正式公布的全文为准。"
              f"{source_line(kb, clause_id)}\n{ASK_ELSEWHERE}", citations=[citation(kb, clause_id)],
              buttons=[HUMAN_BUTTON])
    warning = status_warning(kb, doc.doc_id)
    if warning:
        reply.say(warning)
    return reply


def answer_question(question: str, remembered_region: str | None = None,
                    outside_place: str | None = None) -> Reply:
    """The assistant's answer to a factual question, or a question back about the region."""
    kb = load_kb()
    question = simplified(question)  # every cue below is written in simplified characters
    if outside_place:
        return outside_coverage_reply(kb, outside_place)
    if asks_comparison(kb, question):
        return compare_reply(question)  # a question that names two regions asks for a comparison
    place = resolve_region(kb, question, remembered_region)
    region = city_of(kb, place)  # 龙华区 is answered from 海口's documents, as 海口 is
    missing = missing_text_reply(kb, question, region)
    if missing:
        return missing
    kind = detect_answer_kind(question)
    catalog = basis_reply(kb, question, region) or people_reply(kb, question, region) or \
        glossary_reply(kb, question, region) or parts_reply(kb, question, region) or \
        group_catalog_reply(kb, question, region) or \
        benefit_fact_reply(kb, question, region, kind.name if kind else None) or \
        benefit_content_reply(kb, question, region)
    if catalog:
        if kb.covers(place or ""):
            catalog.slots["region"] = place
        return with_later_part(question, catalog, place)
    if SUBSIDY_KIND.question.search(normalize_query(question)):
        absent = absent_subsidy_reply(kb, question, region)
        if absent:
            return absent  # 昌吉有没有高龄补贴: its documents never name one, whatever clause says 高龄 and 补贴
    hits = prefer_local(kb, get_index().search(question, region=region, k=3), region)
    hits = prefer_on_topic(kb, hits, question)
    hits = prefer_answering(kb, hits, question)
    hits = prefer_asked_people(hits, question)
    hits = prefer_longer_list(kb, hits, question)
    hits = topic_before_money(kb, hits, question, region)
    if not hits or hits[0].clause_id is None or not is_answer(kb, hits[0], question):
        only_doc = own_document(kb, region)
        if only_doc and (asks_doc_fact(question) or DOC_PERIOD_QUESTION.search(question)):
            reply = doc_fact_reply(kb, only_doc)  # 温州的文件是正式的吗
            reply.add_buttons([DETAILS_BUTTON, *FEEDBACK_BUTTONS])
            return reply
        if region is None and answered_somewhere(kb, question):
            return region_question(question)  # e.g. 免费体检多大年纪: only a region's own document says
        return absent_subsidy_reply(kb, question, region) or no_answer_reply(question, kb, region)
    if region is None and needs_region(kb, question, hits):
        return region_question(question)
    quoted = named_document(kb, question)
    about_doc = DOC_CONTENT_QUESTION.search(question)
    if asks_doc_fact(question) or (quoted and (WHICH_DOCUMENT_QUESTION.search(question) or about_doc)) or (
            DOC_AUTHOR_QUESTION.search(question) and not AUTHORSHIP.search(hits[0].text)):
        reply = doc_fact_reply(kb, quoted or hits[0].doc_id, with_outline=bool(quoted and about_doc))
        reply.slots["last_answer"]["question"] = question
        reply = with_later_part(question, reply, place)  # 规划是谁编的，设了几项指标
    else:
        reply = cited_answer(kb, question, hits)
        if reply.slots["last_answer"].get("status") == "not_specified":
            # 昌吉高龄补贴多少钱: better than a clause that merely says 高龄 is that 昌吉's texts never name it
            reply = absent_subsidy_reply(kb, question, region) or reply
    reply.add_buttons([] if reply.messages[-1].get("buttons") else [DETAILS_BUTTON, *FEEDBACK_BUTTONS])
    if place and kb.covers(place):
        reply.slots["region"] = place
    return reply


def with_later_part(question: str, reply: Reply, place: str | None) -> Reply:
    """A catalogue reply (who leads, what a term means …) answers the first part of a question; a second
    part with a topic of its own (谁当组长，办公室设在哪) gets its own answer after it, searched with the
    first part's topic (the office of that 领导小组)."""
    parts = question_parts(question)
    if len(parts) < 2 or not relevance_words(parts[1]):
        return reply
    context = " ".join(w for w in relevance_words(parts[0])[:2] if w not in parts[1])
    later = answer_question(f"{context} {parts[1]}".strip(), place)
    if later.slots.get("last_answer", {}).get("status") not in ("answered", "not_specified"):
        return reply
    out = merged([reply, later])
    out.slots = reply.slots
    return out


def asks_doc_fact(question: str) -> bool:
    """The question asks about a document itself (文号, dates, status), not about what it was based on."""
    normalized = normalize_query(question)
    return bool(DOC_FACT_QUESTION.search(normalized)) and not BASIS_QUESTION.search(normalized)


def region_question(question: str) -> Reply:
    reply = Reply(slots={"pending_question": question})
    reply.say(REGION_QUESTION, buttons=REGION_BUTTONS)
    return reply


def answered_somewhere(kb: KnowledgeBase, question: str) -> bool:
    """Whether the question, asked without a place, has an answer in some region's documents."""
    for code in kb.scopes:
        hits = get_index().search(question, region=code, k=3)
        if hits and hits[0].clause_id and is_answer(kb, hits[0], question):
            return True
    return False


def without_places(kb: KnowledgeBase, question: str) -> str:
    """The question with the covered places' names taken out (to ask it again for another place)."""
    names = sorted({n for r in kb.regions.values() for n in r.names if len(n) >= 2}, key=len, reverse=True)
    for name in names:
        question = question.replace(name, "")
    return question


# What a message naming only a place may say besides it: 昌吉的呢？ / 那温州有吗 / 海口有没有.
PLACE_ONLY_FILLERS = " 的呢吗么啊呀那有没也？?，,。!！"


def only_a_place(kb: KnowledgeBase, text: str) -> str | None:
    """The place of "昌吉有吗" / "温州的呢" (one covered place and nothing else asked): right after an answer,
    the same question for that place; None for any other message."""
    place = get_index().detect_region(text)
    if place and len(named_scopes(text)) < 2 and len(without_places(kb, text).strip(PLACE_ONLY_FILLERS)) < 4:
        return place
    return None


# A short question that only says what it wants to know (在哪申请 / 要什么条件 / 找谁) continues the topic of
# the previous answer.
FOLLOW_UP_MAX_CHARS = 10


def _core(question: str) -> str:
    """The question without spaces and punctuation."""
    return re.sub(r"[\s，,。.？?！!～~]", "", question)


def is_ellipsis(question: str) -> bool:
    """"那中度的呢", "要是没有低保呢": the last question again, for another case."""
    return bool(ELLIPSIS.match(_core(question)))


def is_follow_up(question: str) -> bool:
    """A short question with no topic of its own (在哪申请, 要啥条件, 那中度的呢): it continues the last one."""
    if len(_core(question)) > FOLLOW_UP_MAX_CHARS or get_index().detect_region(question):
        return False
    if is_ellipsis(question):
        return True  # 那中度的呢: the last question, for 中度
    own_words = [w for w in topic_words(question, top=4) if w not in MEASURE_WORDS and w not in FOLLOW_UP_WORDS]
    return not own_words  # 时间银行是什么 names a topic of its own


def follow_up(question: str, last_question: str | None) -> str:
    """"在哪申请？" right after an answer about 温州免费居家养老服务 asks about that: the question to search."""
    return continued(question, last_question) if last_question and is_follow_up(question) else question


def continued(question: str, topic: str) -> str:
    """The question to search for a follow-up of ``topic``: "谁能申请" after "家庭养老床位是啥" asks who may
    apply for it, not what it is again."""
    if DEFINITION_FORM.search(topic) and not DEFINITION_FORM.search(question):
        topic = DEFINITION_FORM.sub(" ", topic)
    for group in ALTERNATIVES:  # 那轻度的呢 after a question on 重度: the question for 轻度, not for both
        asked = [w for w in group if w in question]
        if len(asked) == 1:
            for other in group:
                topic = topic.replace(other, asked[0]) if other != asked[0] else topic
    return f"{topic} {question}"


# Cases of which a follow-up names one instead of the one asked before.
ALTERNATIVES = (DEGREES, ("城市", "农村"))


# The form of a "what is …" question.
DEFINITION_FORM = re.compile(r"是什么意思|是啥意思|是什么|是啥|什么意思|啥意思|指的是|指什么|是指|什么叫|啥叫")


def followed_topic(question: str, last_answer: dict) -> str | None:
    """The question ``question`` continues, or None when it has a topic of its own: the last answer's own
    topic question, not a follow-up that was added to it (谁来管 then 咋申请 both ask about 日间照料中心)."""
    topic = last_answer.get("topic") or last_answer.get("question")
    return topic if topic and is_follow_up(question) else None


def answer_follow_up(question: str, topic: str | None, region: str | None) -> Reply:
    """The answer to ``question``, continuing ``topic`` (see :func:`followed_topic`) when there is one; the
    reply keeps the topic, so that a second follow-up continues it too."""
    if topic is None:
        return answer_question(question, region)
    reply = answer_question(continued(question, topic), region)
    if "last_answer" in reply.slots:
        reply.slots["last_answer"]["topic"] = topic
    return reply


# "那中度的呢", "要是没有低保呢": the last question again, for another case.
ELLIPSIS = re.compile(r"^(那|那么|那要是|要是|如果|如果是|换成)?.{1,8}呢$")

# What a follow-up asks about, as opposed to a topic of its own.
FOLLOW_UP_WORDS = frozenset({"申请", "条件", "办理", "材料", "部门", "负责", "标准", "要求", "流程", "手续", "资格",
                             "对象", "范围", "时间", "规定", "政策", "文件", "出处", "依据", "补贴", "服务", "享受",
                             "户籍", "户口", "本地户口", "年龄", "岁数", "收入", "开始", "领", "领取", "几岁",
                             # what it costs and how long (免费吗, 要交钱吗, 多少钱一顿, 几个小时), besides the
                             # MEASURE_WORDS (免费, 交钱, 一顿 …)
                             "钱", "价格", "价钱", "低偿", "无偿", "有偿", "小时", "多久", "谁管", "谁来管", "管吗"})


def answer_for_region(question: str, region: str) -> Reply:
    """"温州的呢？" after an answer: the same question for another covered place."""
    return answer_question(without_places(load_kb(), question), region)


DETAIL_CHUNK_CHARS = 200


def _chunks(text: str, size: int = DETAIL_CHUNK_CHARS) -> list[str]:
    """Split a long clause at sentence ends into bubbles of about `size` characters."""
    pieces, current = [], ""
    for sentence in re.split(r"(?<=[。；;！？])", text):
        if current and len(current) + len(sentence) > size:
            pieces.append(current)
            current = ""
        current += sentence
    if current:
        pieces.append(current)
    return pieces


def details_reply(last_answer: dict | None, last_check: dict | None = None) -> Reply:
    """The full text of the clause behind the last answer, or the full checklist of the last check."""
    from bot.dialogue.check import checklist_reply

    kb = load_kb()
    if last_answer and last_answer.get("status") == "check" and last_check:
        return checklist_reply(last_check)
    clause_ids = [c for c in (last_answer or {}).get("clause_ids") or [] if c in kb.clauses]
    reply = Reply()
    if not clause_ids:
        reply.say("您想了解哪方面的详细内容？可以直接问我，比如“温州免费居家养老服务的条件”。")
        return reply
    clause_id = clause_ids[0]
    clause = kb.clauses[clause_id]
    reply.say(f"《{kb.document_of(clause_id).short_name}》{clause.heading}：")
    for piece in _chunks(clause.full_text):
        reply.say(piece)
    reply.messages[-1]["citations"] = [citation(kb, clause_id)]
    warning = status_warning(kb, clause.doc_id)
    if warning:
        reply.say(warning)
    related = [c for c in clause_ids[1:] if c != clause_id][:2]
    if related:
        reply.say("相关条款：" + "；".join(source_line(kb, c).strip("（）") for c in related))
    return reply


COMPARE_REGIONS = ("haikou", "hainan", "wenzhou", "changji")
COMPARE_CHARS = 80
COMPARE_WORDS = re.compile(
    r"比较|对比|比一比|区别|不同|差别|差异|一样吗?|有什么|有啥|哪个(地方)?(好|多|更好|强)|哪里(好|更好)|各地区?|各个?地方"
    r"|几个地方|跟|和|与|比(?![例重率])")


def named_scopes(question: str) -> list[str]:
    """The covered region scopes a question names, in the order named (海口 and 三亚 both count)."""
    kb = load_kb()
    norm = normalize_query(question)
    found: list[tuple[int, str]] = []
    for region in kb.regions.values():
        for name in region.names:
            pos = norm.find(normalize_query(name))
            if name and pos >= 0:
                scope = kb.covers(region.code)[0] if kb.covers(region.code) else None
                if scope and scope not in [s for _, s in found]:
                    found.append((pos, scope))
                break
    return [scope for _, scope in sorted(found)]


# Words that make a comparison explicit: needed when one named region lies inside the other.
EXPLICIT_COMPARE = re.compile(r"比较|对比|比一比|区别|不同|差别|差异|一样|哪个(好|多|更好|高)")


def asks_comparison(kb: KnowledgeBase, question: str) -> bool:
    """The question names two regions. When one lies inside the other (海口 in 海南: "海口方案参照的海南省文件")
    it is about the smaller one unless it plainly asks to compare."""
    scopes = named_scopes(question)
    if len(scopes) < 2:
        return False
    nested = any(other in kb.covers(scope) for scope in scopes for other in scopes if other != scope)
    return not nested or bool(EXPLICIT_COMPARE.search(normalize_query(question)))


def topic_words(topic: str, top: int = 2) -> list[str]:
    """The user's rarest words (highest IDF): what a passage must mention to be on topic."""
    index = get_index()
    weights = index.query_terms(topic)
    words = [w for w, v in weights.items() if v >= 1.0 and len(w) >= 2 and not w.startswith("§")]
    words.sort(key=lambda w: -index.text_field.idf.get(w, 0.0))
    return words[:top]


def mentions_any(text: str, words: list[str]) -> bool:
    """Whether the text names one of the words, as :func:`mentioned` reads it (失能老人 ~ 失能失智老年人)."""
    norm = normalize_query(text)
    return not words or any(mentioned(w, norm) for w in words)


WHICH_COMPARISON = "您想比较哪一项？比如“海口和温州的上门服务有啥不一样”“各地高龄津贴有什么区别”。"


def compare_topic(question: str) -> list[str]:
    """The topic words of a comparison question, without the places and the comparing words."""
    return topic_words(COMPARE_WORDS.sub(" ", get_index()._strip_places(normalize_query(question))))


def compare_reply(question: str) -> Reply:
    """One short, cited bubble per region on the same topic; says so where a region's texts are silent."""
    kb = load_kb()
    if not compare_topic(question):
        # 海口和温州比哪个好: nothing to compare yet — which item?
        reply = Reply(slots={"last_answer": {"question": question, "status": "unanswered"}})
        reply.say(WHICH_COMPARISON)
        return reply
    scopes = named_scopes(question)
    scopes = scopes if len(scopes) >= 2 else list(COMPARE_REGIONS)
    index = get_index()
    topic = COMPARE_WORDS.sub(" ", index._strip_places(normalize_query(question)))
    idf = index.text_field.idf
    must = [w for w in topic_words(topic, top=4) if idf.get(w, COMMON_IDF) >= COMMON_IDF][:2] or topic_words(topic)
    # the documents' own words for the topic count too (助餐 → 助配餐)
    must += [w for w, v in index.query_terms(topic).items()
             if v == EXPANSION_WEIGHT and len(w) >= 2 and idf.get(w, 0.0) >= COMMON_IDF and w not in must]
    reply = Reply(slots={"last_answer": {"question": question, "clause_ids": [], "status": "answered"}})
    reply.say("各地文件的规定如下（不同文件的效力和时间不同，请留意提示）：")
    for scope in scopes:
        name = kb.regions[scope].name
        absent = absent_subsidy(kb, question, scope)
        if absent:
            # 温州 has no 高龄补贴: not its 护理员岗位津贴 instead
            reply.say(f"{name}：收录的文件里没有写到“{absent[0]}”。")
            continue
        hits = index.search(topic, region=scope, k=5) if topic.strip() else []
        hits = [h for h in hits if kb.documents[h.doc_id].region == scope and h.clause_id
                and mentions_any(index.whole.get(h.clause_id) or h.text, must)]
        if not hits or hits[0].score < MIN_SCORE:
            reply.say(f"{name}：收录的文件里没有找到相关规定。")
            continue
        hit = hits[0]
        reply.slots["last_answer"]["clause_ids"].append(hit.clause_id)
        warning = status_warning(kb, hit.doc_id)
        note = f"\n{warning}" if warning else ""
        window = focus_window(without_duties(hit.text), topic, COMPARE_CHARS)
        reply.say(f"{name}：{window}{source_line(kb, hit.clause_id)}{note}",
                  citations=[citation(kb, hit.clause_id, hit.text)])
    reply.add_buttons([DETAILS_BUTTON, *FEEDBACK_BUTTONS])
    return reply
