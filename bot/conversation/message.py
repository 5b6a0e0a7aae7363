"""One user message, read once: the classifier's intent, a trusted button payload, the facts about the elder,
and the cues of its wording. The router decides from this alone (and the context).

A text starting with "/" is a payload only when the channel marks it as a tap (``metadata.tapped``: the web widget
sends it with the button's title, WeChat with a numbered choice) and the assistant offered exactly that payload
as a button in this conversation; anything else is read as the text it is (a typed ``/inform{"age":1e400}`` gives
no fact, no intent, and neither does a typed copy of a button's payload: the user did not choose it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from bot.conversation.answering import Answering, Wording
from bot.conversation.reading import Reader, Reading
from bot.conversation.reply import ReplyReading
from bot.conversation.vocab import Cues as CueWords
from bot.conversation.vocab import Vocabulary
from bot.nlu.profile import sound_alikes_corrected
from bot.nlu.text import normalize_user_text

PAYLOAD = re.compile(r"^/(\w+)(\{.*\})?$", re.DOTALL)
# Payloads the channels send by themselves (the widget when it opens, WeChat when someone follows the account):
# they carry no value, so taking them without an offer can record nothing.
CHANNEL_PAYLOADS = frozenset({"/greet"})
TAPPED = "tapped"  # the metadata key a channel sets when the text is the payload of a button the user tapped
# The classifier's intents that take the user's word for it only with a cue word (bot/nlu/intent_gate.py).
MAX_TEXT_CHARS = 2000


@dataclass(frozen=True)
class Payload:
    """A button the assistant offered: its intent and values (already checked)."""

    intent: str
    values: dict[str, str]
    title: str = ""


@dataclass(frozen=True)
class Cues:
    """Which of the vocabulary's cues the message's wording shows."""

    asks: bool = False  # a question form (吗, 多少, 怎么 … 能不能, 要钱不)
    check_request: bool = False  # 帮我妈查查, 看看符合哪些条件
    what_can_we_get: bool = False  # 能享受啥, 有什么补贴
    personal: bool = False  # a person word (我妈, 她, 俺家 …)
    own_share: bool = False  # 能拿多少, 能领啥
    own_check: bool = False  # a person and "what can be had" in one clause: 我妈能享受啥, 俺爹能领啥钱不
    restart: bool = False
    go_on: bool = False
    cancel: bool = False
    skip: bool = False
    dont_know: bool = False
    doubt: bool = False  # 不太确定 / 记不清: what is said is not sure (not 没评过, which leaves only a level open)
    say_yes: bool = False
    say_no: bool = False
    details: bool = False
    checklist: bool = False
    complaint: bool = False  # 骗人 / 没用: displeased with the assistant
    report: bool = False  # 投诉 / 举报: reporting someone
    wants_human: bool = False
    human_now: bool = False  # 转人工 / 找真人: a person, whatever else the message says or asks
    what_meaning: bool = False  # 啥意思 / 什么算: what a word means
    who_are_you: bool = False  # 你是机器人吗: what answers, asked (the classifier's bot_challenge without it)
    office_contact: bool = False
    keyword_query: bool = False
    policy_at_large: bool = False  # 有啥照顾政策: the group's policies asked about, no 能 / 享受 of one's own
    correction: bool = False  # 不对，是82
    eligibility: bool = False  # 能领吗 / 可以享受不
    inquiry: bool = False  # 我想问问 / 请问: asking, whatever is asked
    # a clause asks that holds no 不知道 / 跳过 (好像记不得家在哪 … 政府管不管吃住: the story's 记不得, then a question)
    asks_apart: bool = False


@dataclass(frozen=True)
class Message:
    raw: str
    text: str  # normalised (繁→简, full-width → half-width …)
    intent: str | None = None  # the classifier's, or the payload's; None when neither can be trusted
    confidence: float = 0.0
    ranking: tuple[str, ...] = ()
    payload: Payload | None = None
    untrusted_payload: bool = False  # looked like a payload, but the assistant never offered it
    reading: Reading = field(default_factory=lambda: Reading(text=""))
    cues: Cues = field(default_factory=Cues)
    wording: Wording | None = None
    benefits: tuple[str, ...] = ()  # benefit names the message uses (the classifier's lookup)
    helpful: str | None = None  # 👍/👎
    reply: ReplyReading | None = None  # in the check: what the message says to the question asked

    @property
    def facts(self) -> dict[str, str]:
        """Facts about the elder: stated in words, or carried by an offered button."""
        return {**self.reading.facts, **(self.payload.values if self.payload else {})}

    @property
    def personal_facts(self) -> dict[str, str]:
        return {k: v for k, v in self.facts.items() if k != "region"}


def _wording(answering: Answering, vocab: Vocabulary, reading: Reading, text: str) -> Wording | None:
    """The answering layer's reading. Its topic words are those of the text without the facts and places
    (瘫痪在床 in 我爸瘫痪在床，能有啥补助 is the elder's situation, not the question's topic) and without the words
    that only steer the turn (查查, 待遇)."""
    if not text:
        return None
    wording = answering.wording(text)
    rest = vocab.without_people(vocab.without_situation(reading.without_facts() if reading.spans else text))
    topics = tuple(w for w in answering.topic_words_of(rest)
                   if not vocab.cues.is_function_word(w) and not vocab.describes(w))
    # 昌吉有没有助餐点 names a place and a topic: a question about 助餐点 there, not "the same, in 昌吉"
    return replace(wording, topic_words=topics, only_place=None if topics else wording.only_place)


CLAUSE_BREAKS = re.compile(r"[，,。.!！?？;；\s]+")


def _of_the_writer(vocab: Vocabulary, reading: Reading, text: str) -> bool:
    """我不是五保户 也没残疾 就是年纪大了 有啥能享受的: the writer speaks of themselves, the elder asked about — not a
    worker of those they serve, not of a third party, not from a place outside."""
    cues = vocab.cues
    return (cues.found("speaker", text) and not reading.outside_place and not cues.found("worker", text)
            and not cues.found("third_party", text))


def _own_check(vocab: Vocabulary, answering: Answering, text: str, about_elder: bool) -> bool:
    """A clause that asks for the user's own check and names no topic of its own: 帮我查查能享受啥 (also after
    我爸失能了，…), 我妈能享受啥, or "what can be had" in a message about an elder (舅舅…评估重度失能，想知道能享受啥)
    — not 帮我查一下海口的高龄津贴政策 (a topic) or 老人有啥补贴 (a group, nobody named)."""
    cues = vocab.cues
    clauses = CLAUSE_BREAKS.split(text)
    # another clause asks about a topic of its own (高龄长寿补贴和高龄津贴是不是一个东西 各给多少 / 老人证去哪里办 办了
    # 有什么好处): "what is there" then asks about that topic, not for the elder's check
    # (睡了好几天: a vague number, no question)
    topical = any(
        cues.asks(c) and not cues.found("what_can_we_get", c)
        and any(not cues.is_function_word(w) and not vocab.describes(w)
                for w in answering.topic_words_of(vocab.without_people(c)))
        for c in clauses)
    # (听说那边智慧养老搞得好 我们家能用上啥: a thing heard of, in a clause that asks nothing, is what is asked of)
    heard = [c for c in clauses if cues.found("heard_of", c) and not cues.found("question", c)]
    for clause in clauses:
        asked = list(cues.patterns["inquiry"].finditer(clause))
        if asked:  # …孩子都在海口上班我想问问我这个年纪能享受什么: what is asked follows 我想问问
            clause = clause[asked[-1].end():]
        whole = clause
        clause = _asking_part(cues, clause)
        # (光荣院那边他能享受点啥: a service named as the place the person's share is asked of is the question's topic)
        before = whole[:len(whole) - len(clause)]
        named_before = before if cues.found("topic_before_person", before) else ""
        named_before += "".join(c for c in heard if c != whole)
        if cues.found("place_offer", clause):
            continue  # 那边有啥服务: what the place told of has, asked about it — answered
        # (in a message about an elder, "what is there" with no person of its own asks for her check — 想问问有啥
        # 待遇 — unless it asks a place: 我婆婆是计生特殊家庭的，温州有什么照顾政策 asks about 温州's policies)
        # (the clause is understood only when it decides: understanding a clause is the costly step)
        # (a request beside a question of its own — 温州免费服务要什么条件？我想给我爸看看 — is answered first, the
        # check offered after the answer)
        asks_own = ((cues.found("check_request", clause) and not (topical and _asked_elsewhere(cues, clauses, clause)))
                    or (not topical and cues.found("what_can_we_get", clause)
                        and not cues.found("policy_at_large", clause) and (
                            cues.found("person", clause) or (about_elder and _asks_her_share(answering, clause))))
                    or (not topical and about_elder and cues.found("entitled_to_what", clause)))
        # the asking's own words (看看, 能享受个啥政策) name no topic, whatever they are a synonym of (看看: 探访);
        # a request's topic is what follows it (帮我查一下海口的高龄津贴), the words before are the story (来电人
        # 女儿 代母咨询 母88岁 独居 低保 要求查一下能享受哪些)
        requests = list(cues.patterns["check_request"].finditer(clause))
        rest = cues.strip("what_can_we_get", clause[requests[-1].end():] if requests else clause) + named_before
        if asks_own and not any(not cues.is_function_word(w) and not vocab.describes(w)
                                for w in answering.topic_words_of(vocab.without_people(rest))):
            return True
    return False


def _asked_elsewhere(cues: CueWords, clauses: list[str], clause: str) -> bool:
    """Another clause than ``clause`` asks a question (the topical one)."""
    return any(c != clause and cues.found("question", c) for c in clauses)


def _asks_her_share(answering: Answering, clause: str) -> bool:
    """"What is there", said with no person in a message about an elder, asks what she can have — unless it
    asks about a place (温州有什么照顾政策) or an amount of what the message named before (都说海口有高龄津贴，一个月
    到底给多少钱)."""
    q = answering.understand(clause)
    return not (q.place or q.outside_place or "money" in q.kinds)


def _asking_part(cues: CueWords, clause: str) -> str:
    """Of a run-on clause typed or dictated without stops (…我是城市低保去年社区给我做了个评估说是重度失能你看我能得点啥
    帮助), the part that asks "what can be had": from the last person word before the asking words on."""
    found = list(cues.patterns["what_can_we_get"].finditer(clause))
    if not found:
        return clause
    people = [m.start() for m in cues.patterns["person"].finditer(clause[:found[-1].start()])]
    return clause[people[-1]:] if people else clause


def _modal_benefit(vocab: Vocabulary, text: str, benefits: tuple[str, ...]) -> bool:
    """能免费体检不 / 可以领高龄津贴吗: a modal right before a benefit's name, in a yes/no question."""
    cues = vocab.cues
    if not benefits or not cues.found("yes_no_end", text.rstrip("?？!！。 ")):
        return False
    return any(text[max(0, i - 4):i].endswith(cues.words("modals"))
               for b in benefits for i in [text.find(b)] if i > 0)


def _complains(cues: CueWords, text: str) -> bool:
    """A complaint word, unless it tells of something in a clause that asks nothing while another clause asks (老人
    被卖保健品的忽悠了钱 政府管不管: a swindle told, then a question — not 什么破系统，一点用没有)."""
    if not cues.found("complaint", text):
        return False
    clauses = [c for c in CLAUSE_BREAKS.split(text) if c]
    asking = [c for c in clauses if cues.found("question", c)]
    return not asking or any(cues.found("complaint", c) for c in asking)


def _corrects(cues: CueWords, text: str) -> bool:
    """A correction stated (28，不对不对，是82): a correction word with no question asked after it — not a verb of
    the story before a question (政府鼓励改成养老院 有这回事吗)."""
    last = cues.last("correction", text)
    if last is None:
        return False
    after = cues.strip("vague_number", text[last.end():]).rstrip("?？ ")
    return not cues.found("question", after)


MIN_ASKING_CLAUSE = 5  # (咋办 alone is too short to ask apart from a 不知道)


def _asks_apart(cues: CueWords, text: str) -> bool:
    """A clause of some length that asks and holds no "don't know" or "skip": a question beside a reply word (不知道
    咋办 is one reply: 咋办 alone is too short to ask apart)."""
    return any(len(c) >= MIN_ASKING_CLAUSE and cues.asks(c)
               and not (cues.found("dont_know", c) or cues.found("skip", c)) for c in CLAUSE_BREAKS.split(text) if c)


def read_cues(vocab: Vocabulary, text: str) -> Cues:
    cues = vocab.cues
    core = text.strip(" ，,。.!！~～")
    asking = cues.strip("vague_number", core).rstrip("?？ ")  # (能免费体检不？ ends its question with 不)
    return Cues(
        asks=core.endswith(("?", "？")) or cues.found("question", asking),
        check_request=cues.found("check_request", core),
        what_can_we_get=cues.found("what_can_we_get", core), personal=cues.found("person", core),
        own_share=cues.found("own_share", core), restart=cues.found("restart", core),
        go_on=cues.found("go_on", core), cancel=cues.found("cancel", core), skip=cues.found("skip", core),
        dont_know=cues.found("dont_know", core), doubt=cues.found("doubt", core), say_yes=cues.found("say_yes", core),
        say_no=cues.found("say_no", core), details=cues.found("details", core),
        checklist=cues.found("checklist", core), complaint=_complains(cues, core),
        report=cues.found("report", core),
        wants_human=cues.found("wants_human", core), human_now=cues.found("human_now", core),
        what_meaning=cues.found("what_meaning", core), who_are_you=cues.found("who_are_you", core),
        office_contact=cues.found("office_contact", core),
        keyword_query=cues.found("keyword_query", core), correction=_corrects(cues, core),
        policy_at_large=cues.found("policy_at_large", core),
        eligibility=cues.found("eligibility", core.rstrip("?？ ")), inquiry=cues.found("inquiry", core),
        asks_apart=_asks_apart(cues, core))


def tapped(latest: Mapping[str, Any]) -> bool:
    """Whether the channel says the user tapped a button (rather than typed the text)."""
    metadata = latest.get("metadata")
    return isinstance(metadata, Mapping) and metadata.get(TAPPED) is True


def _payload(raw: str, offered: tuple[str, ...], valid: Callable[[str, Any], str | None],
             titles: Mapping[str, str], tap: bool) -> tuple[Payload | None, bool]:
    """(payload, untrusted): the offered button the user tapped, or (None, True) for a "/…" text typed or never
    offered."""
    match = PAYLOAD.match(raw.strip())
    if match is None:
        return None, False
    if raw.strip() not in CHANNEL_PAYLOADS and not (tap and raw.strip() in offered):
        return None, True
    values: dict[str, str] = {}
    if match.group(2):
        try:
            data = json.loads(match.group(2))
        except ValueError:
            data = {}
        for name, value in (data.items() if isinstance(data, dict) else []):
            checked = valid(str(name), value)
            if checked is not None:
                values[str(name)] = checked
            elif name == "helpful" and value in ("yes", "no"):
                values["helpful"] = str(value)
    return Payload(intent=match.group(1), values=values, title=titles.get(raw.strip(), "")), False


class ReadsReplies(Protocol):
    """Reads what a message says to the check's question about a field (bot.conversation.check.Questionnaire)."""

    def read(self, name: str, m: Message, region: str | None = None, chosen: str = "") -> ReplyReading: ...


def read_message(latest: Mapping[str, Any], offered: tuple[str, ...], *, vocab: Vocabulary, reader: Reader,
                 answering: Answering, valid: Callable[[str, Any], str | None],
                 questionnaire: ReadsReplies | None = None, asked: str | None = None,
                 region: str | None = None, titles: Mapping[str, str] | None = None, chosen: str = "") -> Message:
    """The message as the router sees it, from Rasa's ``latest_message`` (text, intent, entities); with the
    field the check asked (``asked``), also what the message says to that question."""
    message = _read(latest, offered, vocab=vocab, reader=reader, answering=answering, valid=valid, titles=titles,
                    region=region)
    if asked and questionnaire is not None:
        message = replace(message, reply=questionnaire.read(asked, message, region, chosen))
    return message


def _read(latest: Mapping[str, Any], offered: tuple[str, ...], *, vocab: Vocabulary, reader: Reader,
          answering: Answering, valid: Callable[[str, Any], str | None],
          titles: Mapping[str, str] | None, region: str | None = None) -> Message:
    # (as typed when the caller kept it: Rasa's text is the NLU's normalised one)
    raw = str(latest.get("raw_text") or latest.get("text") or "")[:MAX_TEXT_CHARS]
    payload, untrusted = _payload(raw, offered, valid, titles or {}, tapped(latest))
    intent_data = latest.get("intent") if isinstance(latest.get("intent"), Mapping) else {}
    ranking = tuple(str(r.get("name")) for r in latest.get("intent_ranking") or [] if isinstance(r, Mapping))
    entities = [e for e in latest.get("entities") or [] if isinstance(e, Mapping)]
    if payload is not None:
        helpful = payload.values.pop("helpful", None)
        return Message(raw=raw, text=raw, intent=payload.intent, confidence=1.0, payload=payload,
                       reading=Reading(text=raw), helpful=helpful)
    text = raw if untrusted else normalize_user_text(raw)
    if untrusted:
        # a hand-typed payload: its text only (no intent, no entity, no fact)
        return Message(raw=raw, text=text, untrusted_payload=True, reading=Reading(text=text),
                       cues=read_cues(vocab, text))
    confidence = intent_data.get("confidence") if isinstance(intent_data.get("confidence"), (int, float)) else 0.0
    named = (str(e.get("value")) for e in entities if e.get("entity") == "benefit" and e.get("value"))
    benefits = tuple(dict.fromkeys([*named, *answering.benefit_phrases(text)]))
    helpful = next((str(e.get("value")) for e in entities if e.get("entity") == "helpful"), None)
    # (the reader reads the text the NLU read, whose entities it weighs; the check's yes/no reads ``raw``)
    reading = reader.read(str(latest.get("text") or raw)[:MAX_TEXT_CHARS], region)
    # (能领啥补帖: the cues read 补贴, as the search does; 失独父母有啥补贴: a group's 父母 is nobody's parents)
    heard = reader.without_groups(sound_alikes_corrected(text))
    cues = read_cues(vocab, heard)
    about_elder = bool(reading.personal or reading.kin_named or reading.people) or reader.people_count(
        text) >= 2 or _of_the_writer(vocab, reading, text)
    cues = replace(cues, own_check=_own_check(vocab, answering, heard, about_elder),
                   eligibility=cues.eligibility or _modal_benefit(vocab, heard, benefits))
    return Message(
        raw=raw, text=text, intent=str(intent_data.get("name")) if intent_data.get("name") else None,
        confidence=float(confidence), ranking=ranking, reading=reading, cues=cues,
        wording=_wording(answering, vocab, reading, text), benefits=benefits,
        helpful=helpful if helpful in ("yes", "no") else None)
