"""What a message says about the elder: facts stated about the person being checked, kept apart from words
that only name a category, a place asked about, or somebody else.

    我妈八十二了，温州户口，吃低保        → facts {age: 82, region: wenzhou, hukou_local: true, economic: dibao}
    经济困难老人有什么补贴                → no fact (经济困难 names a group in a question)
    我在三亚，温州那个免费服务我能享受不  → facts {region: sanya}; places asked about: wenzhou
    老头子瘫了，老太太还能走              → two people: 老头子 {disability: severe}, 老太太 {}

The rule: a fact counts when its clause says something about a person (a person word, 老人是…), or states it
without asking (a clause with no question in it: 海口，78岁，低保 is a hotline note). A clause that asks and
names no person speaks of a group or a place: its words are topics, not facts. A clause about a third party
(我邻居是低保户) gives nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.conversation.state import PLACE_FIELDS, Person
from bot.conversation.vocab import Vocabulary, alternation
from bot.kb.vocabulary import vocabulary
from bot.nlu.profile import CLAUSE_BREAKS, get_extractor, in_one_city, relative_to_region, same_line
from bot.nlu.text import normalize_user_text

OUTSIDE = "outside"
# between a value and the retraction that takes it back, at most a filler sound (一个人住…哦不对)
RETRACTED_GAP = 3
_PUNCT = re.compile(r"[\W_]")


@dataclass(frozen=True)
class Reading:
    text: str  # the normalised text the offsets refer to
    facts: dict[str, str] = field(default_factory=dict)  # stated about the elder (validated values)
    people: tuple[Person, ...] = ()  # two or more elders spoken of: what was said of each alone
    places: tuple[str, ...] = ()  # covered places the message is about (region codes), in text order
    outside_place: str | None = None  # a place outside coverage, as written
    writer_outside: str | None = None  # where the writer is, outside coverage, when the elder's place is not said
    topics: dict[str, str] = field(default_factory=dict)  # fields only named as a group (低保老人 → economic)
    spans: tuple[tuple[int, int], ...] = ()  # where the facts and places are said (offsets into `text`)
    kin_named: bool = False  # an elder is named by kinship (我爸, 俺娘, 老伴 …)
    companions: tuple[str, ...] = ()  # elders the elder lives with (跟我爸两个人过): another check, offered later
    unsure_place: str | None = None  # a covered name also said of the wider area (昌吉: 昌吉市 or 昌吉州?), not taken
    unsure_code: str | None = None  # …and the covered place it names (changji): taken when it answers "which place?"

    def without_facts(self) -> str:
        """The text with the facts and places cut out: what is left names the question's own topic."""
        text = self.text
        for start, end in sorted(self.spans, reverse=True):
            # blanks of the same length: spans overlap (住海口 and 海口), and each indexes the text as read
            text = text[:start] + " " * (end - start) + text[end:]
        return text

    @property
    def personal(self) -> dict[str, str]:
        """The facts other than the place."""
        return {k: v for k, v in self.facts.items() if k != "region"}


PERIOD_BREAKS = set("。！？；.!?;\n")
WITHIN_GAP = 3  # characters between 昌吉 and 呼图壁县 (的，) for the one to name the area around the other
CLAUSE_END_MARKS = "，,。.；;：:！! "  # (not ？: it asks)
SENTENCE_BREAKS = set("，。！？；,.!?;\n：:")  # (not 、 or a space: 低保、特困有啥区别 is one question)
CLAUSE_OPENERS = SENTENCE_BREAKS | set(" 　")  # what may stand before a word that opens a clause


def _joined(span: tuple[int, int] | None, start: int, end: int) -> tuple[int, int]:
    """The first place's span, extended by one written right after it (山东临沂: a province and its city)."""
    if span is None:
        return start, end
    return (span[0], end) if span[1] == start else span


def _clause(text: str, start: int, end: int, breaks: set[str] = CLAUSE_BREAKS) -> tuple[int, int]:
    left = start
    while left > 0 and text[left - 1] not in breaks:
        left -= 1
    right = end
    while right < len(text) and text[right] not in breaks:
        right += 1
    return left, right


# How many characters may stand between a status's 的 and the person it describes (的小儿子, 的那个叔叔).
OTHER_REACH = 2

# Statuses that are places (农村): after them, the place cues of a topic (农村那种幸福院) make them a kind of service.
PLACE_LIKE = frozenset({"rural"})
# 离昌吉市还远: the characters between 离 and the place it measures from
DISTANCE_REACH = 3
# 搬去琼山区: the characters from a move's verb to the place (住在 said with it starts there)
MOVE_REACH = 3

# The writer as one of two elders to check (see Reader._with_writer).
SELF = "self"

# How far after a place its predicate is read (在深圳打工, 去海口过冬的时候): a voice run-on without commas goes
# on to other people's doings (住在白沙县里面一个村子老伴也在孩子都在海口上班).
PREDICATE_REACH = 8
# how far before an age 那个 / 说的 is looked for
RULE_AGE_REACH = 3
# a third-party word this near before an elder named makes them somebody else's elder (隔壁王大爷)
NEIGHBOUR_REACH = 4


class Reader:
    """Reads messages with the profile extractor and the conversation vocabulary."""

    def __init__(self, vocab: Vocabulary, valid: Callable[[str, Any], str | None],
                 entities: Callable[[str], list[dict[str, Any]]] | None = None,
                 nicknamed: Callable[[str, str | None], str] | None = None) -> None:
        self.vocab = vocab
        self.valid = valid
        self._nicknamed = nicknamed or (lambda text, region: text)
        self._entities = entities or (lambda text: get_extractor().entities(text, relative=False))
        people = vocab.people
        self._kin_re = [(person, re.compile(alternation(words))) for person, words in people.kin.items()]
        self._couple = re.compile(alternation(people.couple))
        # (match() at a position: no ^, which would anchor at the start of the whole text and never match there)
        survivors = f"(?!{alternation(people.deceased_not_before)})" if people.deceased_not_before else ""
        kin_words = [*people.couple, *(w for words in people.kin.values() for w in words)]
        self._group_kin = re.compile(f"({alternation(people.group_before)})({alternation(kin_words)})"
                                     if people.group_before else r"(?!)(.)(.)")
        self._deceased = re.compile(f"[^，,。；;]{{0,6}}?(?:{alternation(people.deceased)}){survivors}")
        self._both = re.compile(alternation(people.both))
        self._younger = re.compile(alternation(people.younger)) if people.younger else re.compile(r"(?!)")
        self._within = vocabulary().outside_within
        self._wider_names = frozenset(self._within.values())  # 昌吉: also said of the area around the city
        cues = vocab.cues
        self._we_two = re.compile(alternation(people.we_two)) if people.we_two else re.compile(r"(?!)")
        self._pair = re.compile(alternation(people.two_together))
        self._relative = re.compile(alternation(people.relatives)) if people.relatives else re.compile(r"(?!)")
        self._writer_and = re.compile(f"(?:{alternation(vocab.cues.words('writer_words'))})"
                                      f"(?:{alternation(vocab.cues.words('kin_joiners'))})"
                                      f"(?:{alternation(vocab.cues.words('writer_words'))})?"
                                      f"(?:{alternation(vocab.cues.words('possessives'))})?$")
        self._writer = re.compile(alternation(cues.words("writer_words")))
        self._possessive = re.compile(f"(?:{alternation(cues.words('third_party_links'))})+")
        self._joiner = re.compile(f"(?:{alternation(cues.words('kin_joiners'))})*")
        self._writer_own = re.compile(alternation([*cues.words("writer_words"), *cues.words("household_words")]))
        self._with_before = re.compile(f"(?:{alternation(cues.words('with_words'))})"
                                       f"(?:{alternation(cues.words('possessives'))})*$")
        self._living_after = re.compile(f"(?:{alternation(cues.words('together_words'))})*"
                                        f"(?:{alternation(cues.words('living_verbs'))})"
                                        # (跟儿子一起, a clause of its own in a list of facts: living together)
                                        f"|(?:{alternation(cues.words('together_words'))})+(?=$|[，,。；;])")
        # 跟我哥住 / 跟我舅住 / 跟我们住: living with a child, a relative or the writer's household is with the family
        # (read between _with_before and _living_after, as the elders one lives with are)
        self._family = re.compile(alternation([*people.younger, *people.relatives, *cues.words("writer_words"),
                                               *cues.words("household_words")]))
        # 他侄女搬过去跟他住了 / 我搬回来跟我妈住: someone of the family moves in with the elder
        # (the writer moving in is said of a parent by name: 我跟她住 may be said by the spouse, a couple)
        elder_words = [w for p in people.elder_kin for w in people.kin.get(p, ())]
        self._moves_in_with = re.compile(
            f"(?:{alternation(cues.words('moved_in_words'))})?(?:{alternation(cues.words('with_words'))})"
            f"(?:{alternation(cues.words('possessives'))})*(?:(?P<pronoun>{cues.patterns['elder_pronoun'].pattern})|"
            f"{alternation(elder_words)})" + self._living_after.pattern)

    # ------------------------------------------------------------------ clauses
    def _asks(self, clause: str) -> bool:
        cues = self.vocab.cues
        # (a clause cut at its comma keeps it: 有高龄补贴伐，多少铜钿 — the forms that close a question read its end)
        return cues.asks(clause.rstrip(CLAUSE_END_MARKS))

    def _about_someone(self, clause: str) -> bool:
        """The words speak of a person (我妈, 她, 老人是…), the speaker's "I'd like to ask" aside."""
        cues = self.vocab.cues
        return cues.found("person", cues.strip("inquiry", clause))

    def _not_the_elder(self, text: str, start: int, end: int, mentions: list[tuple[int, str, str]],
                       name: str = "") -> bool:
        """The words at ``start`` are not a statement about the elder now: imagined, heard of or past (如果, 听说,
        以前 before them in the sentence), said of somebody else (我女儿是低保户, 我邻居…), or of the speaker
        when the message is about a relative (我是低保户，我想问问我爸…)."""
        cues = self.vocab.cues
        left, right = _clause(text, start, end, SENTENCE_BREAKS)
        before = text[left:start]
        if cues.found("not_now", before) or cues.found("doubt", text[left:right]) or cues.found("asked_of", before):
            return True
        if cues.found("hypothetical", text[:start]) or cues.found("hypothetical_after", text[end:right]):
            return True
        people = self.vocab.people
        if name in people.supporter_fields:
            return False  # 儿子也残了干不了活: the supporter's state is the elder's situation
        if name in people.family_fields:
            # 儿子是现役军人: the family's status (a 军属), whoever of the family is named — not a neighbour's
            return self._outsider_before(before)
        if self._describes_other(text[end:right]) or self._owned_by_other(text[end:right]):
            return True  # 跟她那个二级残疾的儿子住 / 低保是我弟弟: the son's disability, the brother's 低保
        if self._third_party_before(before):
            return True
        if self._neighbour_beside_own(text, start, mentions):
            return True  # 隔壁王大爷是五保户…我爸也能…: the neighbour's status, asked about for one's own father
        if name == "disability" and cues.found("assessed", before):
            return False  # 儿子摔成重伤没法照顾他，评估是中度失能: an ability assessment is the elder's
        if name in people.person_fields and self._younger_subject(before):
            return True  # 已评估重度失智，儿子尿毒症透析: the son's illness
        if name in people.person_fields and self._writers_spouse_before(text, left, start, mentions):
            return True  # 我老公尿毒症天天透析 照顾不了他爸了: the husband's illness, not his father's
        # (自己也在化疗 after 我是她女儿: 自己 is the earlier clause's subject, the daughter)
        if name in people.person_fields and (not self._names_someone(before) or cues.found("reflexive", before)) and (
                self._earlier_subject_not_elder(text, left, mentions)):
            return True  # 我老公是他独子，尿毒症透析好几年: the illness is the writer's husband's
        if name == "region" and cues.found("worker", text[left:right]):
            return False  # 我是温州瓯海一个社区的社工，帮张大爷问问: the worker's place is where their elders are
        speaker = cues.found("speaker", text[left:right])
        elders = set(self.vocab.people.elder_kin)
        # (是的 我残疾二级 没法照顾他: the elder is 他, so the 我 is the writer, a relative — for what is a person's
        # own, not a place: 我是文昌一个村的村干部…想帮他查查 speaks of the elder's village)
        return speaker and not self.kin_mentions(text[left:right]) and (any(
            person in elders and not left <= pos < right for pos, person, _ in mentions)
            or (name in people.person_fields and cues.found("elder_pronoun", text[:left] + text[right:])))

    def _neighbour_beside_own(self, text: str, start: int, mentions: list[tuple[int, str, str]]) -> bool:
        """The last elder named before ``start`` is somebody else's (a third-party word right before them: 隔壁王大爷)
        while the message also names an elder of the writer's own: facts said of the first are not the elder's."""
        before = [(pos, words) for pos, _person, words in mentions if pos <= start]
        if not before or len({person for _, person, _ in mentions}) < 2:
            return False
        pos, _words = before[-1]
        lead = text[max(0, pos - NEIGHBOUR_REACH):pos]
        party = list(self.vocab.cues.patterns["third_party"].finditer(lead))
        if not party or party[-1].end() < len(lead) - 1:
            return False  # (a surname may come between: 隔壁王大爷)
        return any(not self.vocab.cues.patterns["third_party"].search(text[max(0, p - NEIGHBOUR_REACH):p])
                   for p, _person, _ in mentions if p != pos)

    def _describes_other(self, after: str) -> bool:
        """The words right after a status and its 的 name somebody other than the elder (…残疾的儿子, 低保的叔叔):
        the status describes that person."""
        cues = self.vocab.cues
        linked = after.lstrip("".join(cues.words("linking_particles")))
        if linked == after:
            return False  # no 的: in a run-on without commas (我妈低保儿子在外地) the next clause may begin
        head = linked[:OTHER_REACH + 4]  # 那个一级残疾的小儿子: a word or two may come first
        return bool(self._younger.search(head) or cues.patterns["third_party"].search(head)) and not self._kin_mentions(
            head)

    def _owned_by_other(self, after: str) -> bool:
        """The words right after a status say whose it is, and name a child, a sibling or a third party (低保是我弟弟,
        残疾证是她儿子的): the status is theirs."""
        owner = self.vocab.cues.match("owner_after", after)
        return owner is not None and bool(self._younger.match(after, owner.end())
                                          or self.vocab.cues.patterns["third_party"].match(after, owner.end()))

    def _younger_subject(self, before: str) -> bool:
        """The last person named before the fact in its clause is a child or a sibling (儿子尿毒症), not one the
        elder lives with (跟儿子…) and not followed by the elder (儿子说他爸瘫了)."""
        with_words = tuple(self.vocab.cues.words("with_words"))
        younger = [m for m in self._younger.finditer(before) if not before[:m.start()].endswith(with_words)]
        if not younger:
            return False
        elders = [pos + len(words) for pos, _person, words in self.kin_mentions(before)]
        return younger[-1].end() > max(elders, default=-1)

    def _writers_spouse_before(self, text: str, left: int, start: int, mentions: list[tuple[int, str, str]]) -> bool:
        """A spouse word before the fact in its clause that is no elder of the message: the writer's own spouse, named
        beside the parent checked (我老公…他爸)."""
        if not mentions:
            return False
        named = {pos for pos, _, _ in mentions}
        before = [(pos, person) for pos, person, _ in self._kin_mentions(text) if left <= pos < start]
        # (the last one named before the fact: in 我老婆她妈八十了 the 80 is 她妈's)
        return bool(before) and before[-1][1] in self.vocab.people.spouse_kin and before[-1][0] not in named

    def _names_someone(self, words: str) -> bool:
        cues = self.vocab.cues
        return (self._about_someone(words) or cues.found("third_party", words) or bool(self._younger.search(words))
                or bool(self._kin_mentions(words)))

    def _earlier_subject_not_elder(self, text: str, left: int, mentions: list[tuple[int, str, str]]) -> bool:
        """The last person named in the sentence's earlier clauses (up to 。) is a child, a sibling, or the writer's
        spouse (when the message names an elder of an older generation), not the elder."""
        start = left
        while start > 0 and text[start - 1] not in PERIOD_BREAKS:
            start -= 1
        earlier = text[start:left]
        people = self.vocab.people
        elder_named = any(person in people.elder_kin for _, person, _ in mentions)
        # (a child said to be away — 儿子在外地打工，一个人住村里 — or dead — 独子没了十年了 — is no subject of what
        # follows: the elder is)
        others = [m.end() for m in self._younger.finditer(earlier)
                  if not (self._away(earlier, m.start(), m.end()) or self._deceased.match(earlier, m.end()))]
        if elder_named and not self.vocab.cues.found("worker", text):
            # (the writer's own spouse — but a worker writing of an elder names the elder's: 网格员…阿婆…老伴去年也走了)
            others += [pos + len(words) for pos, person, words in self._kin_mentions(earlier)
                       if person in people.spouse_kin]
        elders = [pos + len(words) for pos, person, words in self.kin_mentions(earlier)
                  if person not in people.spouse_kin or not elder_named]
        return bool(others) and max(others) > max(elders, default=-1)

    def _lives_with_family(self, text: str) -> bool:
        """A clause that states the elder lives with a child, a relative or the writer (跟我哥住), not asked about,
        wished or imagined."""
        for match in self._family.finditer(text):
            with_word = self._with_before.search(text, 0, match.start())
            if with_word is not None and self._living_after.match(text, match.end()):
                start = with_word.start()  # 跟我哥住
            elif (moved := self._moves_in_with.match(text, match.end())) and not (
                    moved.group("pronoun") and self._writer.fullmatch(match.group(0))):
                start = match.start()  # 侄女搬过去跟他住了
            else:
                continue
            if self._stated(text, start, match.end()):
                return True
        return False

    def _kids_away_working(self, text: str) -> bool:
        """儿女都在乌鲁木齐打工 / 子女都去海口做工了: the children said to work away, in a statement."""
        return any(self._stated(text, m.start(), m.end())
                   for m in self.vocab.cues.patterns["kids_away_working"].finditer(text))

    def _stated(self, text: str, start: int, end: int) -> bool:
        """The words at start…end are told, not asked about, wished (想跟我哥住) or imagined."""
        left, right = _clause(text, start, end, SENTENCE_BREAKS)
        return not (self._asks(text[left:right]) or self.vocab.cues.found("wish_before", text[left:start])
                    or self.vocab.cues.found("hypothetical", text[:start]))

    def _away(self, text: str, start: int, end: int) -> bool:
        """The person named at ``start`` is said, in their clause, to be elsewhere (儿子在外地打工)."""
        return self.vocab.cues.found("not_residence", text[end:_clause(text, start, end)[1]])

    def _outsider_before(self, before: str) -> bool:
        """Somebody outside the family is named before (隔壁王大爷的儿子, 我同事): a third-party word that is no kin
        word of the writer's family."""
        kin = {*self.vocab.people.younger, *self.vocab.people.relatives}
        return any(m.group(0) not in kin for m in self.vocab.cues.patterns["third_party"].finditer(before))

    def _third_party_before(self, before: str) -> bool:
        """Somebody other than the elder is the subject: a third-party word before the fact in its sentence,
        not after 跟/和 (跟儿子住 is the elder's living) and not before an elder named after it (来电人 女儿 代母咨询
        母88岁, 隔壁王奶奶九十二了: the mother, the neighbour's grandmother is the elder)."""
        cues = self.vocab.cues
        with_words = cues.words("with_words")
        elders = set(self.vocab.people.elder_kin)
        parties = [m for m in cues.patterns["third_party"].finditer(before)
                   if not before[:m.start()].endswith(with_words)]
        # an elder named after them is the subject, unless theirs (同事的爸爸, 姐夫他爸, 朋友她妈)
        own = [pos for pos, person, _ in self.kin_mentions(before) if person in elders
               and not any(self._possessive.fullmatch(before[m.end():pos]) for m in parties if m.end() <= pos)]
        # …儿子在外地一年回来一次我是城市低保 / 俺儿子在部队 俺今年八十: the writer as a subject again after them
        writer = [m.start() for m in self._writer.finditer(before) if self._writer_subject(before, m.end())]
        last_subject = max([*own, *writer], default=-1)
        return any(m.start() > last_subject for m in parties)

    def _writer_subject(self, text: str, end: int) -> bool:
        """The writer's word ending at ``end`` is a subject (我是…, 俺今年…), not a possessive (俺儿子, 我的, 我家)."""
        cues = self.vocab.cues
        if text.startswith(tuple(cues.words("household_words")) + ("的",), end):
            return False
        return not (self._younger.match(text, end) or cues.patterns["third_party"].match(text, end)
                    or any(pattern.match(text, end) for _, pattern in self._kin_re))

    def _qualifies(self, text: str, start: int, end: int, nouns: str) -> bool:
        """The status at start:end qualifies one of the cue list ``nouns`` (低保老人, 失独家庭的老人, 特困户), not one
        person (这位失能老人)."""
        cues = self.vocab.cues
        after = text[end:].lstrip("".join(cues.words("linking_particles")))
        group = tuple(cues.words(nouns))
        return (after.startswith(group) or text[start:end].endswith(group)) and not text[:start].endswith(
            tuple(cues.words("one_person_words")))

    def _names_elders(self, text: str, start: int, end: int) -> bool:
        """The status at start:end qualifies elders at large (失独老人, 特困老人, 失独家庭的老人), not one of them."""
        return self._qualifies(text, start, end, "elder_group_nouns")

    def _group_or_whether(self, text: str, start: int, end: int, individual: bool = False) -> bool:
        """In a sentence that asks, a status that names a group (特困老人…, 计生特殊家庭的老人…) or whose
        application is asked (算特殊困难老人吗) is no statement."""
        cues = self.vocab.cues
        left, right = _clause(text, start, end, SENTENCE_BREAKS)
        after = text[end:right].lstrip("".join(cues.words("linking_particles")))
        named_group = self._qualifies(text, start, end, "group_nouns")  # 给低保老人改卫生间的政策
        # 其母亲89岁，住海口龙华区，独居，低保户，请帮其查询…: a status that is a clause of its own in a list of facts
        # about somebody named is that person's, though 户 names a group
        alone = self._alone_in_clause(text, start, end)
        # (…or about one elder whose age is given: 海口 78岁 独居 低保户 能享受啥)
        named_group = named_group and not individual and not (alone and (self._kin_mentions(text)
                                                                          or self._about_someone(text)))
        if after.startswith(tuple(cues.words("category_after"))):
            return True  # 老年痴呆的算哪类: which category, asked
        if named_group and self._asks(text) and not self._about_someone(text[left:start]) and not cues.found(
                "predicated", text[left:start]):
            return True  # 特困老人想去敬老院，能全进吗 (but 我妈是特困老人 speaks of her)
        return self._asks(text[left:right]) and cues.found("whether", text[left:start])

    @staticmethod
    def _alone_in_clause(text: str, start: int, end: int) -> bool:
        """The words at start:end are a clause of their own (海口，独居，低保户，能享受啥): a list of facts."""
        left, right = _clause(text, start, end, SENTENCE_BREAKS)
        return not text[left:start].strip() and not text[end:right].strip()

    def _writer_blanked(self, text: str) -> str:
        """The text with the writer's own words (我, 我们 …) blanked, offsets kept."""
        return self._writer_own.sub(lambda m: "_" * len(m.group(0)), text)

    def _take_back(self, text: str, facts: dict[str, list[tuple[int, str, dict]]]) -> None:
        """一个人住…哦不对 上个月侄女搬过去了: the value said right before a retraction is taken back when nothing
        after it says the same fact again (低保，不对，是特困 is read above: the last one stands). The fact is then
        not known, not guessed from what follows."""
        retraction = self.vocab.cues.last("retraction", text)
        if retraction is None:
            return
        at = retraction.start()
        before = [(int(e.get("end", start)), start, name) for name, ms in facts.items() for start, _, e in ms
                  if start < at]
        if not before:
            return
        end, start, name = max(before)
        if RETRACTED_GAP < len(_PUNCT.sub("", text[end:at])) or any(m[0] > at for m in facts[name]):
            return
        facts[name] = [m for m in facts[name] if m[0] != start]
        if not facts[name]:
            del facts[name]

    def _unsure_place(self, places: list[tuple[int, str, dict, bool]], region: str | None) -> str | None:
        """A covered place named only by the name people also use for the wider area around it (昌吉: the city, or
        the prefecture of 阜康, 呼图壁, 奇台 …), with no other place of it said and none known in the conversation:
        stated, it is not taken for the city — the check asks which."""
        said = [(code, str(entity.get("text") or "")) for _, code, entity, stated in places if stated]
        bare = [name for _, name in said if name in self._wider_names]
        if region is not None or not bare or len({code for code, _ in said}) > 1:
            return None
        return bare[0]

    def _moved_since(self, text: str, facts: dict[str, list[tuple[int, str, dict]]]) -> None:
        """在龙华区做过评估，现在搬去琼山区跟我哥住: the place moved to is where the elder is now — the places
        said before it (and 住在 said of them) are where she was."""
        moves = [int(e.get("start", start)) for start, _, e in facts.get("region", [])
                 if self.vocab.cues.found("moved_to", text[:start])]
        if not moves or len(facts.get("region", [])) < 2:
            return
        since = max(moves)
        for name in ("region", "resides_local"):
            kept = [m for m in facts.get(name, []) if m[0] >= since - MOVE_REACH]
            if kept:
                facts[name] = kept
            elif name == "resides_local":
                facts.pop(name, None)  # 我妈在温州评过…现在搬来海口跟我住: where she lived before the move, not now

    def _denied(self, text: str, start: int) -> bool:
        return text[max(0, start - 3):start].endswith(self.vocab.cues.words("denied_before"))

    # ------------------------------------------------------------------ people
    def kin_mentions(self, text: str) -> list[tuple[int, str, str]]:
        """(position, person, words as written) of each living elder named, in text order. A spouse named beside
        a parent is the writer's (我老公是他独子), not an elder; kin the elder lives with (奶奶跟我爸妈一起住) are
        no elders to check."""
        return self._elders(text, self._companion_runs(text, self._kin_mentions(text))[0])

    def _elders(self, text: str, found: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
        people = self.vocab.people
        if not any(person in people.elder_kin for _, person, _ in found):
            return found
        elders = [f for f in found if f[1] not in people.spouse_kin]
        if len(elders) == len(found) or not people.spouse_parents:
            return elders
        # 我老公…照顾不了他爸了 公公在瑞安: beside the writer's spouse (named, and no elder), 他爸 is the spouse's
        # father — the 公公 named again, not a second elder
        in_laws = {people.spouse_parents[person] for _, person, _ in elders if person in people.spouse_parents}
        return [(pos, person, words) for pos, person, words in elders
                if not (person in in_laws and self.vocab.cues.found("elders_spoken_of", text[max(0, pos - 1):pos]))]

    def _with_writer(self, text: str, mentions: list[tuple[int, str, str]],
                     entities: list[dict[str, Any]]) -> list[tuple[int, str, str]]:
        """The mentions, and the writer as an elder when the message names only their spouse and both of them
        (俺老伴儿七十四，俺七十七，给俺俩都查查): the writer's first 我/俺 that names no one else (not 俺老伴)."""
        people = self.vocab.people
        named = {person for _, person, _ in mentions}
        together = self._we_two.search(text)
        if not named and together and people.spouse_kin and not self._younger.search(text):
            # 我们老两口在昌吉市 / 给我们俩查查: the writer and the spouse, though neither is named by a kin word
            # (not 儿子是重度残疾 跟我住 我们两个…: the two are the writer and the son)
            spouse = people.spouse_kin[0]
            return [(together.start(), SELF, people.self_label), (together.start(), spouse, spouse)]
        if not named or not named <= set(people.writer_spouse) or not (
                together or self._with_spouse(text, mentions) or self._own_age(entities)):
            return mentions
        for match in self._writer.finditer(text):
            end = match.end()
            if self._we_two.match(text, match.start()) or any(p.match(text, end) for _, p in self._kin_re):
                continue  # 俺俩 / 俺老伴: not the writer alone
            return sorted([*mentions, (match.start(), SELF, people.self_label)])
        return mentions

    def _with_spouse(self, text: str, mentions: list[tuple[int, str, str]]) -> bool:
        """我跟我羊缸子都在昌吉市: the writer and the spouse, joined (跟, 和 …) as one subject."""
        return any(self._writer_and.search(text[:pos]) for pos, _, _ in mentions)

    @staticmethod
    def _own_age(entities: list[dict[str, Any]]) -> bool:
        """我七十一 老伴六十八: the writer states their own age beside the spouse's — both are elders."""
        return any(e.get("entity") == "age" and e.get("speaker") and not e.get("approximate") for e in entities)

    def _companion_runs(self, text: str, found: list[tuple[int, str, str]]
                        ) -> tuple[list[tuple[int, str, str]], list[tuple[int, str, str]]]:
        """(the mentions less each run of kin named after 跟/和 and before (一起)住, those runs): whom the elder
        lives with is no elder to check now."""
        kept: list[tuple[int, str, str]] = []
        companions: list[tuple[int, str, str]] = []
        i = 0
        while i < len(found):
            j, end = i, found[i][0] + len(found[i][2])
            while j + 1 < len(found) and self._joiner.fullmatch(text[end:found[j + 1][0]]):
                j += 1
                end = found[j][0] + len(found[j][2])
            lives_with = self._with_before.search(text[:found[i][0]]) and self._living_after.match(text, end)
            (companions if lives_with else kept).extend(found[i:j + 1])
            i = j + 1
        return kept, companions

    def _kin_mentions(self, text: str) -> list[tuple[int, str, str]]:
        text = self.without_groups(text)
        found: list[tuple[int, str, str]] = []
        taken: set[int] = set()
        # (a longer word of another relative holds its characters: 舅父 / 姑妈 name an uncle and an aunt, not 父 / 母)
        others = [m.span() for m in self._relative.finditer(text)]
        matches = [(match, person) for person, pattern in self._kin_re for match in pattern.finditer(text)
                   if not any(a <= match.start() and match.end() <= b and b - a > len(match.group(0))
                              for a, b in others)]
        for match, person in sorted(matches, key=lambda mp: (-len(mp[0].group(0)), mp[0].start())):
            if taken & set(range(match.start(), match.end())):
                continue  # the longest word wins (祖母 over 母)
            if self._deceased.match(text, match.end()):
                continue  # 我爸前年走了: no elder to check
            if text.startswith(self.vocab.people.self_after, match.end()) and (
                    match.start() == 0 or text[match.start() - 1] in CLAUSE_OPENERS):
                continue  # 阿公我住文昌: the writer, naming themselves
            taken.update(range(match.start(), match.end()))
            found.append((match.start(), person, match.group(0)))
        if len({person for _, person, _ in found}) >= 2:
            # 我爸是在定安 屯昌是我岳父家: beside the elder, another's home names a place, not a second elder
            found = [f for f in found if not self.vocab.cues.found("home_of", text[f[0] + len(f[2]):])]
        return sorted(self._generic_as_named(text, found))

    def _someone_else(self, before: str) -> bool:
        """The words before a place in its clause name a child or sibling, or 他 / 她: it is said of them."""
        return bool(self._younger.search(before) or self.vocab.cues.found("elder_pronoun", before))

    def _generic_as_named(self, text: str, found: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
        """我爸妈… 老头子八十二 老太太七十九: an old man (woman) at large is the one man (woman) named by kin — not
        the writer's own (我爸九十了 我老头子也八十了: her husband)."""
        generic = self.vocab.people.generic_kin
        named = {person for _, person, _ in found}
        same = {word: [p for p in persons if p in named] for word, persons in generic.items() if word in named}
        own = tuple(self.vocab.cues.words("writer_words"))
        return [(pos, same[person][0] if len(same.get(person, ())) == 1 and not text[:pos].endswith(own) else person,
                 words) for pos, person, words in found]

    def without_groups(self, text: str) -> str:
        """独生子女父母 / 失独父母: the kin word of a group's name blanked (same length: offsets hold)."""
        return self._group_kin.sub(lambda m: m.group(1) + "＿" * len(m.group(2)), text)

    def people_count(self, text: str) -> int:
        text = self.without_groups(text)
        if self._couple.search(text):
            return 2
        return len({person for _, person, _ in self.kin_mentions(text)})

    # ------------------------------------------------------------------ reading
    def read(self, raw: str, region: str | None = None) -> Reading:
        text = self._nicknamed(normalize_user_text(raw), region)
        if not text or text.startswith("/"):
            return Reading(text=text)
        entities = self._entities(text)  # offsets in the normalised text, which the spans below index
        kept, lives_with = self._companion_runs(text, self._kin_mentions(text))
        mentions = self._with_writer(text, self._elders(text, kept), entities)  # (the entities read once, above)
        two = len({p for _, p, _ in mentions}) >= 2
        # a worker asking about those they serve: their own 我 makes no clause about a person
        people_text = self._writer_blanked(text) if not mentions and self.vocab.cues.found("worker", text) else text
        person_fields = set(self.vocab.people.person_fields)
        facts: dict[str, list[tuple[int, str, dict]]] = {}
        topics: dict[str, str] = {}
        places: list[tuple[int, str, dict, bool]] = []  # (start, code, entity, stated about the elder)
        origins: list[tuple[int, str, dict, bool]] = []  # covered places the elder comes from (老家文昌)
        outside: str | None = None
        registered: str | None = None  # a place outside where the household is registered
        asked_outside: str | None = None  # a place outside a question is about, not where anyone lives
        origin: str | None = None  # a place outside where the elder or the writer comes from
        writer_span: tuple[int, int] | None = None  # a place outside where the writer is (the elder's not said)
        place_starts = sorted(int(e.get("start", 0)) for e in entities if e.get("entity") == "region")
        message_asks = self._asks(text)
        # a question about a group (温州失独老人 中度失智 能不能享受): no one is named, and a status names a group of
        # elders — every status in it is what the group is, not what someone is
        aged = any(e.get("entity") == "age" and not e.get("approximate") for e in entities)
        # an agent's note (昌吉市延安北路街道 78岁 独居 城市低保 失能 麻烦核一下能享受哪些): an exact age and a request
        # for the check make the statuses one person's, though no one is named
        noted_case = aged and self.vocab.cues.found("check_request", text)
        # (…or a status qualifying what is asked about: 重度失能每个月45个小时免费服务 要啥条件 — no one is named,
        # no age, and the status is no clause of its own)
        group_question = not mentions and self._asks(text) and not self._about_someone(
            self.vocab.cues.strip("group_self", people_text)) and not aged and any(
            e.get("entity") != "region"
            and (self._names_elders(people_text, int(e.get("start", 0)), int(e.get("end", 0)))
                 or not self._alone_in_clause(text, int(e.get("start", 0)), int(e.get("end", 0))))
            for e in entities)
        # 户口在江西 (registered elsewhere): a place inside that statement is no place the elder lives (温州户口 is)
        hukou_spans = [(int(e.get("start", 0)), int(e.get("end", 0)))
                       for e in entities if e.get("entity") == "hukou_local" and e.get("value") == "false"]
        for entity in entities:
            name, value = str(entity.get("entity")), entity.get("value")
            start, end = int(entity.get("start", 0)), int(entity.get("end", 0))
            left, right = _clause(text, start, end, SENTENCE_BREAKS)
            # (the sentence with the mark that ends it: 農村的呢？ asks)
            asks, personal = self._asks(text[left:right + 1]), self._about_someone(people_text[left:right])
            if self._not_the_elder(text, start, end, mentions, name):
                if name == "region" and value == OUTSIDE and self.vocab.cues.found("speaker", text[left:right]):
                    writer_span = _joined(writer_span, start, end)
                imagined = name == "region" and value != OUTSIDE and message_asks and self.vocab.cues.found(
                    "hypothetical", text[left:start])
                code = self.valid(name, value) if imagined else None
                if code is not None:
                    # 要是把他接来温州住，能享受…吗: where the elder might move is the place asked about, not theirs
                    places.append((start, code, entity, False))
                continue  # 如果是低保 / 我邻居是低保户 / 以前住温州
            wished = self.vocab.cues.found("wish", text[left:end])  # 想住海口的公办养老院 / 愿意去敬老院集中供养
            if wished and name not in ("region", "willing_institution"):
                continue
            if group_question and name == "willing_institution":
                continue  # 特困老人自己愿意去敬老院 能去吗: the group's wish, asked about
            if name == "region":
                if any(a <= start and end <= b for a, b in hukou_spans):
                    if value == OUTSIDE:  # (the place outside spoken of when no other is: 深圳市户籍老年人…)
                        registered = registered or str(entity.get("text") or "") or None
                    continue
                if value == OUTSIDE and (self.vocab.cues.found("origin_before", text[left:start])
                                         or self.vocab.cues.found("origin_after", text[end:right])):
                    origin = origin or str(entity.get("text") or "") or None
                    continue  # 前年从沈阳搬到海口: where the elder comes from (said below only when no other place)
                if self._denied(text, start):
                    continue  # 三亚那个鹿城，不是温州的: the place taken back
                if self.vocab.cues.found("distance_before", text[max(left, start - DISTANCE_REACH):start]):
                    continue  # 奇台县 离昌吉市还远着呢: the place measured from, not where one is
                if self.vocab.cues.found("not_residence", self._predicate(text, start, end, place_starts)) and not (
                        self.vocab.cues.found("worker", text[left:right])):
                    code = self.valid(name, value) if value != OUTSIDE else None
                    if code is not None and message_asks:
                        # 河南来乐东过冬的…低保一年多少: the place the question is about, though not where one lives
                        places.append((start, code, entity, False))
                    if value == OUTSIDE and message_asks:
                        # 玛纳斯县的老人看病有没有绿色通道: asked about, when no covered place is named (below)
                        asked_outside = asked_outside or str(entity.get("text") or "") or None
                    continue  # 我在深圳打工 / 去海口过冬: not where the elder lives (a worker's place is, as above)
                if self.vocab.cues.found("self_check", text) and self._someone_else(text[left:start]):
                    continue  # 我儿子…他自己在府城单过。我想查查我自己: the son's place — the writer checks themselves
                # (…or, the elder's place being known, a place outside where the writer is: 跟保姆住 我在深圳)
                # (…or an elder named after it, with a place of their own: 我在三亚 我老伴在海口)
                if self._writers_place(text, (left, right), (start, end), value == OUTSIDE, region, mentions,
                                       place_starts):
                    # (a place outside is still said: 俺在山东临沂 俺娘… is told that 临沂 is not covered)
                    if value == OUTSIDE:
                        writer_span = _joined(writer_span, start, end)
                    continue  # 就他们老两口自己住 我在广州 / 我们姐弟都在三亚: where the writer is
                if value == OUTSIDE:
                    outside = outside or str(entity.get("text") or "") or None
                    places.append((start, OUTSIDE, entity, personal or not asks or noted_case))
                    continue
                code = self.valid(name, value)
                if code is not None:
                    # 温州那种服务…我们台州有吗 / 海口的政策…: the place a question is about, not the elder's
                    # (in a message that asks nothing, 三亚那个鹿城 names the place: 那个 qualifies it)
                    of_topic = (message_asks and self.vocab.cues.found("place_topic_after", text[end:right])) or (
                        asks and self.vocab.cues.found("place_topic_in_question", text[end:right]))
                    stated = personal or not asks or noted_case
                    if self.vocab.cues.found("origin_before", text[left:start]):
                        # 老家文昌的，十年前搬来海口: where the elder comes from — the place only if no other is said
                        origins.append((start, code, entity, stated and not entity.get("negated")))
                        continue
                    places.append((start, code, entity, stated and not entity.get("negated")
                                   and not of_topic and not wished))
                continue
            if name == "resides_local" and self.vocab.cues.found(
                    "not_residence", self._predicate(text, start, end, place_starts)):
                continue
            if name == "age" and entity.get("approximate"):
                continue  # 七十多 / 快八十 / 1945年生的: not the age in years (the check asks for it)
            if name == "age" and (self.vocab.cues.found("rule_age_before", text[max(0, start - RULE_AGE_REACH):start])
                                  or (self.vocab.cues.found("rule_age_after", text[end:])
                                      and not self._about_someone(text[left:start]))):
                # (65岁免费体检我妈能做吗: the rule's age; 我妈80岁 高龄补贴能领吗: hers — a person before it)
                continue  # 昌吉那个七十岁看病走绿色通道: the rule's age, asked about
            checked = self.valid(name, value)
            if checked is None:
                continue
            after = text[end:right]
            of_service = (name in PLACE_LIKE and any(self.vocab.cues.found(cue, after) for cue in (
                "place_topic_after", "service_named_after", "acts_after"))) or self.vocab.cues.found(
                "facility_after", after)
            # (她去帮忙照看村里的留守老人: the elders cared for are a group, whoever cares)
            of_service = of_service or self.vocab.cues.found("served_before", text[left:start])
            if (asks and not personal and not noted_case) or group_question or of_service or self._group_or_whether(
                    people_text, start, end, individual=aged):
                # 低保户能享受啥 / 算特殊困难老人吗 / 农村那种幸福院: a group or a kind of service, not this elder
                topics[name] = checked
                continue
            facts.setdefault(name, []).append((start, checked, entity))
        # A place in a clause of its own is where the elder is when the message tells something about the elder
        # or asks nothing (海口，78岁，低保 / 在海口); next to a bare question it is what the question is about
        # (海口，有什么补贴).
        about_elder = bool(facts) or not self._asks(text) or self._about_someone(text)
        # 我是昌吉的 呼图壁县: 昌吉 is said of the prefecture around 呼图壁, which the documents do not cover
        # (only right before it: in 俺家在阜康，离昌吉不远，昌吉的敬老院… 昌吉 is the place asked about)
        wider = {(within, start) for start, code, entity, _ in places if code == OUTSIDE
                 for name, within in self._within.items() if str(entity.get("text") or "").startswith(name)}
        places = [p for p in places if p[1] == OUTSIDE or not any(
            str(p[2].get("text") or "") == within and 0 <= at - int(p[2].get("end", p[0])) <= WITHIN_GAP
            for within, at in wider)]
        if not any(stated and code != OUTSIDE for _, code, _, stated in places):
            places += origins
        unsure = self._unsure_place(places, region)
        unsure_code = None
        for start, code, entity, stated in places:
            if unsure and str(entity.get("text") or "") == unsure:
                unsure_code = code
                continue  # 他住昌吉: 昌吉市, or another county of 昌吉州? the check asks
            left, right = _clause(text, start, int(entity.get("end", start)))
            if stated and (about_elder or self._about_someone(text[left:right])):
                facts.setdefault("region", []).append((start, code, entity))
        # 住在三亚 / 三亚户口 hold only of a place taken as the elder's (in a question about places, none is);
        # 不是温州户口 denies it whatever the place
        kept = [code for _, code, _ in facts.get("region", [])]
        parents, cities = get_extractor().parents, get_extractor().cities
        # (…and none of the place where the writer is: 我们去年搬到呼图壁了 says nothing of the elder's residence)
        span = writer_span

        def at_writers_place(entity: dict) -> bool:
            if span is None or not entity.get("place"):
                return False
            return int(entity.get("start", 0)) < span[1] and span[0] < int(entity.get("end", 0))

        for name in ("resides_local", "hukou_local"):
            facts[name] = [m for m in facts.get(name, []) if (m[1] != "true" or m[2].get("place") in (None, OUTSIDE)
                           or any(in_one_city(str(m[2]["place"]), code, parents, cities) for code in kept))
                           and not at_writers_place(m[2])]
            if not facts[name]:
                del facts[name]
        self._take_back(text, facts)
        self._moved_since(text, facts)
        for name, mentions_of in facts.items():
            if len(mentions_of) >= 2 and self.vocab.cues.found("correction", text):
                # 打反了，是87不是78: a value right after 不是 is the one taken back
                meant = [m for m in mentions_of if not self._denied(text, m[0])]
                facts[name] = mentions_of = meant or mentions_of
            if len(mentions_of) >= 2:
                first, last = min(m[0] for m in mentions_of), max(m[0] for m in mentions_of)
                if self.vocab.cues.found("correction", text[first:last]):
                    # 68岁，不对，打反了，是86岁: what is said after the correction stands
                    facts[name] = [m for m in mentions_of if m[0] == last]
        chosen = self._resolve(facts)
        if chosen.get("left_behind") == "true" and self._writers_group_away_from_a_relative(text, facts, mentions):
            del chosen["left_behind"]  # 我舅舅…住敬老院…我们都在外地打工: the nephews away are no children of his
        if chosen.get("living") == "alone" and self._of_a_pair(text, facts["living"]):
            chosen["living"] = "empty_nest"  # 两口子自己过 / 老两口自个儿住: the two of them on their own
        if "living" not in chosen and not two and self._lives_with_family(text):
            chosen["living"] = "with_family"  # 我妈七十七 跟我哥住: the elder lives with the family
        if ("left_behind" not in chosen and chosen.get("rural") == "true" and not two and not message_asks
                and self._kids_away_working(text)):
            # 村里一个老人 儿女都在乌鲁木齐打工: a rural elder whose children work away (not inferred in a question,
            # which may ask just that: 儿子在海口打工 算留守吗)
            chosen["left_behind"] = "true"
        people: tuple[Person, ...] = ()
        if two:
            apart = self._apart(text, mentions, facts)
            if apart:
                # 我爸在海口我妈在三亚: each lives where the message puts them — the places are facts of one person
                person_fields |= PLACE_FIELDS
            people = self._split(text, mentions, facts, person_fields, apart)
            for name in person_fields:
                if any(name in p.facts for p in people) or not self._said_of_both(text, facts.get(name, [])):
                    chosen.pop(name, None)
        # (a place stated as the elder's first: 孩子都去海口打工了 就我们老两口在白沙村里 asks of 白沙)
        covered = tuple(dict.fromkeys(code for _, code, _, stated in sorted(places, key=lambda p: not p[3])
                                      if code != OUTSIDE))
        outside = outside or ((registered or asked_outside or origin) if not covered else None)
        writer_outside = text[slice(*writer_span)] if writer_span and not covered and not outside and (
            "region" not in chosen) else None
        spans = [(int(e.get("start", 0)), int(e.get("end", 0))) for mentions in facts.values() for _, _, e in mentions]
        spans += [(start, int(e.get("end", start))) for start, _, e, _ in places]
        elders = {*self.vocab.people.elder_kin, *self.vocab.people.spouse_kin}
        companions = tuple(dict.fromkeys(words for _, person, words in lives_with if person in elders))
        return Reading(text=text, facts=chosen, people=people, places=covered, outside_place=outside,
                       writer_outside=writer_outside, unsure_place=unsure, unsure_code=unsure_code,
                       topics=topics, spans=tuple(spans), kin_named=bool(mentions),
                       companions=companions if len(people) < 2 else ())

    def _writers_place(self, text: str, clause: tuple[int, int], span: tuple[int, int], outside: bool,
                       region: str | None, mentions: list[tuple[int, str, str]], place_starts: list[int]) -> bool:
        """A place said with the writer as its subject is the writer's, not the elder's, when the message keeps
        the two apart (就他们老两口自己住 我在广州)."""
        cues = self.vocab.cues
        (left, right), (start, end) = clause, span
        if cues.found("self_check", text) or cues.found("worker", text[left:right]):
            return False  # 我想查查我自己 / 我是…社区的社工: the writer's place is the elder's
        if any(left <= pos < start for pos, _, _ in mentions):
            return False  # 我爸在北京: the elder named before the place is who is there, not the writer
        if not outside and mentions and place_starts[-1] < mentions[0][0] and all(
                person in self.vocab.people.spouse_kin for _, person, _ in mentions):
            return False  # 我在昌吉榆树沟镇 我老汉七十八了: where the writer is, their spouse is
        rest = text[:left] + text[right:]
        spoken_of = cues.found("elders_spoken_of", rest)
        # (他俩跟保姆住 我们都在海口: 我们 is the writer's side when the elders are 他俩 — not the writer and their
        # spouse: 我老伴是退伍军人，我们住在文昌，他今年八十了)
        # (…or, the elder's place being known, 我们 somewhere outside: 算是嘛 我们都在成都 to 留守老人吗)
        elsewhere = outside and region is not None and region != OUTSIDE
        household = (spoken_of or elsewhere) and cues.found("household_subject", text[left:start]) and not any(
            person in self.vocab.people.spouse_kin for _, person, _ in mentions)
        if not (cues.found("speaker", text[left:start]) or household):
            return False
        return bool(spoken_of  # 就他们老两口自己住 我在广州
                    or elsewhere  # 跟保姆住 我在深圳, her place known
                    # 我在三亚 我老伴在海口: an elder named after, with a place of their own
                    or any(at > end and any(end <= pos < at for pos, _, _ in mentions) for at in place_starts))

    @staticmethod
    def _predicate(text: str, start: int, end: int, place_starts: list[int]) -> str:
        """What is said of a place: its clause, from the words before it to the next place named (住在白沙县的村子，
        孩子都在海口上班: 上班 is said of 海口, not of 白沙)."""
        left, right = _clause(text, start, end)
        following = [p for p in place_starts if p >= end]
        return text[left:min([right, end + PREDICATE_REACH, *following])]

    def _said_of_both(self, text: str, mentions: list[tuple[int, str, dict]], after: int = 0) -> bool:
        """都八十了: each mention has a word for both before it in its clause (and after ``after``)."""
        for start, _value, entity in mentions:
            left, _ = _clause(text, start, int(entity.get("end", start)))
            said_before = text[max(left, after):start]
            said = said_before + str(entity.get("text") or "")  # (老两口自己过: the couple word inside the phrase)
            if not (self._both.search(said_before) or self._we_two.search(said) or self._couple.search(said)):
                return False
        return bool(mentions)

    def _writers_group_away_from_a_relative(self, text: str, facts: dict[str, list[tuple[int, str, dict]]],
                                            mentions: list[tuple[int, str, str]]) -> bool:
        """留守 said by the writer's group working away (我们都在外地打工) of an elder who is the writer's uncle or aunt
        (我舅舅…), no parent of theirs named: the writer's group are not the elder's children."""
        said = [str(e.get("text") or "") for _, value, e in facts.get("left_behind", []) if value == "true"]
        if not said or not all(self._writer_own.match(words) for words in said):
            return False
        elders = set(self.vocab.people.elder_kin)
        return not any(person in elders for _, person, _ in mentions) and bool(self._relative.search(text))

    def _of_a_pair(self, text: str, mentions: list[tuple[int, str, dict]]) -> bool:
        """An "on their own" said of a couple: a couple or pair word before it in its clause, or in its words."""
        for start, value, entity in mentions:
            if value == "alone":
                left, _ = _clause(text, start, int(entity.get("end", start)))
                return bool(self._pair.search(text[left:start] + str(entity.get("text") or "")))
        return False

    @staticmethod
    def _resolve(facts: dict[str, list[tuple[int, str, dict]]]) -> dict[str, str]:
        """One value per field: the profile extractor's own choice among its mentions (a covered place over an
        outside one, the elder's age over the speaker's …), restricted to the mentions that are facts; 户籍/居住
        said next to a place hold for the elder's place only (温州户口 is no local hukou for 三亚)."""
        extractor = get_extractor()
        entities = [entity | {"value": value} for mentions in facts.values() for _, value, entity in mentions]
        region = extractor.resolve(entities).get("region")
        entities = relative_to_region(entities, region, extractor.parents, extractor.cities)
        return {k: v for k, v in extractor.resolve(entities).items() if k in facts}

    def _apart(self, text: str, mentions: list[tuple[int, str, str]],
               facts: dict[str, list[tuple[int, str, dict]]]) -> bool:
        """Two elders each said to be in another place (海口 and 三亚, 龙华 and 美兰; not 海口 and its 龙华)."""
        places: dict[str, set[str]] = {}
        for start, code, entity in facts.get("region", []):
            if any(pos <= start for pos, _, _ in mentions):
                places.setdefault(self._owner(text, start, entity, mentions), set()).add(code)
        if len(places) < 2:
            return False
        parents = get_extractor().parents
        owned = list(places.values())
        return any(not same_line(a, b, parents) for i, mine in enumerate(owned) for other in owned[i + 1:]
                   for a in mine for b in other)

    def _owner(self, text: str, start: int, entity: dict, mentions: list[tuple[int, str, str]]) -> str:
        """Whose fact a mention is: the writer's own when said in the first person (我七十五); else the last one named
        before it (我在海口 老伴在三亚: 海口 is the writer's) — but after the writer, a 她/他 speaks of the other
        (我跟老伴都在海口 我七十五她七十: 七十 is hers)."""
        order = list(dict.fromkeys(p for _, p, _ in mentions))
        if SELF in order and entity.get("speaker"):
            return SELF
        others = [p for p in order if p != SELF]
        before = [(pos, p) for pos, p, _ in mentions if pos <= start]
        if not before:
            return others[0] if others else order[0]
        pos, owner = before[-1]
        if owner == SELF and others and self.vocab.cues.found("elder_pronoun", text[pos:start]):
            return next((p for _, p in reversed(before) if p != SELF), others[0])
        return owner

    def _split(self, text: str, mentions: list[tuple[int, str, str]],
               facts: dict[str, list[tuple[int, str, dict]]], person_fields: set[str],
               apart: bool = False) -> tuple[Person, ...]:
        """Each elder named, with the person facts said after their name (up to the next name)."""
        order: list[str] = []
        labels: dict[str, str] = {}
        for _, person, words in mentions:
            if person not in labels:
                order.append(person)
                labels[person] = words
        own: dict[str, dict[str, str]] = {p: {} for p in order}
        for name in sorted(person_fields, key=lambda f: f != "region"):  # (a place first: 户籍/居住 are relative to it)
            for start, value, entity in facts.get(name, []):
                if name == "living" and self._of_a_pair(text, [(start, value, entity)]):
                    for person in order:  # 我爸妈自己住: the two of them on their own, each of them
                        own[person].setdefault(name, "empty_nest")
                    continue
                named_before = [pos + len(words) for pos, _, words in mentions if pos <= start]
                if not entity.get("speaker") and self._said_of_both(
                        text, [(start, value, entity)], after=max(named_before, default=0)):
                    if name == "living" and value == "alone" and not apart:
                        value = "empty_nest"  # 阿公阿婆…两人自己住: the two of them on their own, together
                    for person in order:  # 都八十了: of each of them (not 我跟老伴都在昌吉 我75: the writer's)
                        own[person].setdefault(name, value)
                    continue
                owner = self._owner(text, start, entity, mentions)
                place, region = entity.get("place"), own[owner].get("region")
                if name in PLACE_FIELDS and place and region and value == "true" and place != OUTSIDE and not (
                        in_one_city(str(place), region, get_extractor().parents, get_extractor().cities)):
                    value = "false"  # (户籍/居住 said next to a place hold for that person's own place)
                own[owner].setdefault(name, value)
        return tuple(Person(label=labels[p], facts=own[p]) for p in order)
