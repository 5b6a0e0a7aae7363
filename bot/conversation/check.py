"""The entitlement check as a questionnaire: which question next, how a reply is read, and when to stop.

Three properties hold by construction (and are tested by the simulator in tests/unit/test_check_simulator.py):

* a question is asked at most twice (:data:`MAX_ASKS`): a second reply that still says nothing readable
  records the fact as unknown, says so, and goes on;
* at most :data:`bot.dialogue.check.MAX_QUESTIONS` distinct questions are asked, so a check ends;
* a fact is recorded only from the user's own words or a button the assistant offered, and only with a
  value its field allows (:func:`bot.conversation.facts.valid_value`).

A reply is read by meaning, in this order: a button's value; 不清楚 / 跳过; facts the profile extractor reads
(any field: corrections and facts given out of turn are kept); the question's own short answers and typed
button titles; a plain yes or no; a description that fixes no value (走路要人扶 for the 能力评估 level), which
stays unknown; otherwise the reply is unreadable.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.conversation.facts import allowed_values
from bot.conversation.message import Message
from bot.conversation.reply import ReplyReading
from bot.conversation.state import CheckState
from bot.conversation.vocab import Question, Vocabulary, alternation
from bot.dialogue.check import next_questions
from bot.nlu.text import normalize_user_text

MAX_ASKS = 2
# Questions the check never asks directly (sensitive, or for very few people).
NEVER_ASKED = ("homeless",)
_AGE = re.compile(r"^\D{0,4}?(\d{2,3})\D{0,4}$")  # a bare number: 82, 82吧, 八十二 (normalised to 82)
_NUMBER = re.compile(r"(?<!\d)(\d{2,3})(?!\d)")
AGES = range(40, 121)


def _label(text: str) -> str:
    """A button title or a typed reply compared without spaces, punctuation and bracketed notes."""
    text = re.sub(r"[（(][^）)]*[）)]", "", text)
    return re.sub(r"[\s，,。.！!？?、/]", "", text)


# Questions whose answer is relative to the elder's place: a place named in reply answers them (在温州 → yes for
# 温州, no for 海口).
RELATIVE_TO_PLACE = ("hukou_local", "resides_local")


def _value_words(question: Question) -> dict[str, list[str]]:
    """Each value's words: its short answers and its button's title, in parts (特困（五保） → 特困, 五保)."""
    words: dict[str, list[str]] = {value: list(said) for value, said in question.answers.items()}
    for option in question.options:
        words.setdefault(option.value, []).extend(p for p in re.split(r"[（）()]", option.title) if p)
    return words


class Questionnaire:
    def __init__(self, vocab: Vocabulary, same_place: Callable[[str, str], bool] | None = None) -> None:
        self.vocab = vocab
        self.same_place = same_place or (lambda a, b: a == b)
        self.booleans = {name for name, values in allowed_values().items() if values == ("true", "false")}
        cues = vocab.cues
        hedge = alternation(cues.words("hedges"))
        lead = alternation(cues.words("answer_leads"))
        # after a negator, a lead said as its own clause is no part of it (不是，外地的 is not 不 + 是，外地的)
        lead_in_clause = alternation(w for w in cues.words("answer_leads") if not w.endswith(("，", ",")))
        tail = alternation(cues.words("particles"))
        negator = alternation(cues.words("negators"))
        have_words = tuple(cues.words("having"))
        negator_of_having = alternation(cues.words("negators_of_having"))
        # (中度 社区评过的 / 评过 重度: that it was assessed, by whom or when, said after the level or before it)
        assessed = f"(?:{alternation(cues.words('answer_tail_leads'))})?(?:{alternation(cues.words('answer_tails'))})"
        answered = f"[\\s，,]*{assessed}"
        assessed_first = f"(?:{assessed}[\\s，,]*)?"
        self._answer_res: dict[str, list[tuple[re.Pattern[str], str]]] = {}
        for name, question in vocab.questions.items():
            forms = []
            for value, words in question.answers.items():
                said = alternation(words)
                other = [w for w in words if not w.startswith(have_words)]
                having = [w for w in words if w.startswith(have_words)]
                forms.append((re.compile(f"^(?:{hedge})?(?:{lead})*{assessed_first}(?:{lead})*(?:{said})(?:{answered})?"
                                         f"(?:{tail})*$"), value))
                opposite = self._opposite(name, value, question)
                if opposite is None:
                    continue
                # 不是本地的 / 没在这住: a negator before the words of one value gives the other (有我们 only after
                # 没 / 无: 没有我们)
                for negated, negators in ((other, negator), (having, negator_of_having)):
                    if negated:
                        forms.append((re.compile(f"^(?:{hedge})?(?:{negators})(?:{lead_in_clause})*"
                                                 f"(?:{alternation(negated)})(?:{tail})*$"), opposite))
            self._answer_res[name] = sorted(forms, key=lambda f: -len(f[0].pattern))
        people = vocab.people
        kin = [w for words in people.kin.values() for w in words]
        # the elder(s) named before a short answer (爷爷奶奶两个人住, 我妈跟我住): the answer is what follows
        writer = [*cues.words("household_words"), *cues.words("writer_words")]
        self._subject = re.compile(f"^(?:{alternation(writer)})?"
                                   f"(?:{alternation([*people.couple, *kin])})+")
        # (俺俩自个儿住 / 两口子自己过: a couple)
        self._couple = re.compile(alternation(people.two_together))
        self._denied_value = re.compile(f"(?:{alternation(cues.words('denied_before'))})\\d+")
        self._together = re.compile(f"(?:{alternation(cues.words('together_words'))})"
                                    f"(?=(?:{alternation(cues.words('living_verbs'))}))")
        # the words of each value of a question (低保 for dibao): a plain 不是 naming one of them denies that one
        self._value_words = {name: {value: re.compile(alternation(words)) for value, words in _value_words(q).items()
                                    if value != q.no and words}
                             for name, q in vocab.questions.items() if q.no is not None}
        self._negator = re.compile(negator)
        # each value's words and their tails (边缘 of 低保边缘): what a denial may name it by
        self._value_named = {name: {value: re.compile(alternation(
            {w[i:] for w in words for i in range(len(w) - 1)})) for value, words in _value_words(q).items() if words}
            for name, q in vocab.questions.items() if q.no_needs}
        self._value_lists = {name: [normalize_user_text(w) or w for value, words in _value_words(q).items()
                                    if value != q.no for w in words] for name, q in vocab.questions.items()}
        self._particles = re.compile(f"(?:{tail}|{lead})+$")
        self._descriptions = {name: re.compile(alternation(q.descriptions))
                              for name, q in vocab.questions.items() if q.descriptions}
        # 跟我奶奶俩 / 同老婆两个住: with (我的) somebody, (two of them), (live): the kin group says the value
        groups = {"elder_kin": [w for p in people.elder_kin for w in people.kin.get(p, ())],
                  "spouse_kin": [w for p in people.spouse_kin for w in people.kin.get(p, ())],
                  "writer_spouse": [w for p in people.writer_spouse for w in people.kin.get(p, (p,))],
                  "younger": list(people.younger), "relatives": list(people.relatives),
                  "writer": [*cues.words("writer_words"), *cues.words("household_words")]}
        with_words = alternation(cues.words("with_words"))
        owner = alternation(cues.words("possessives"))
        rest = (f"(?:{alternation([*cues.words('together_words'), *people.both])})?"
                f"(?:{alternation(cues.words('living_verbs'))})?(?:{tail})*$")
        # (就我和儿子 / 俺跟闺女: the elder, writing, names themselves first)
        self_first = f"(?:{alternation(cues.words('writer_words'))})?"
        self._companions = {
            name: [(re.compile(f"^(?:{hedge})?(?:{lead})*{self_first}(?:{with_words})(?:{owner})*?"
                               f"(?:{alternation(groups[group])}){rest}"), value)
                   for group, value in q.companions.items() if groups.get(group)]
            for name, q in vocab.questions.items() if q.companions}

    def _opposite(self, name: str, value: str, question: Question) -> str | None:
        """The value a negated answer gives: the other of true/false (or of the question's yes/no values)."""
        pair = (question.yes or ("true" if name in self.booleans else None),
                question.no or ("false" if name in self.booleans else None))
        if None in pair or value not in pair or question.choice:
            return None
        return pair[1] if value == pair[0] else pair[0]

    # ------------------------------------------------------------------ what to ask
    def question(self, name: str) -> Question:
        return self.vocab.questions[name]

    def next_field(self, facts: dict[str, str], check: CheckState) -> str | None:
        """The most decisive fact the region's rules still need that may still be asked, or None (results)."""
        asked = len(check.asks)
        for name in next_questions(facts, list(check.unknown), asked):
            if name in self.vocab.questions and name not in NEVER_ASKED and name not in facts \
                    and check.asked(name) < MAX_ASKS and name not in check.unknown:
                return name
        return None

    def buttons(self, name: str) -> list[dict[str, str]]:
        question = self.question(name)
        out = [{"title": o.title, "payload": f'/inform{{"{name}":"{o.value}"}}'} for o in question.options]
        if question.unknown:
            out.append({"title": question.unknown, "payload": "/dont_know"})
        return out

    # ------------------------------------------------------------------ reading a reply
    def read(self, name: str, m: Message, region: str | None = None, chosen: str = "") -> ReplyReading:
        """What the reply ``m`` says about the asked fact ``name`` (and any other fact it states); ``region`` is
        the elder's place so far; ``chosen`` the elder this check is for when two were named (their words)."""
        if m.payload is not None:
            values = dict(m.payload.values)
            if m.payload.intent == "dont_know" and not values:
                return ReplyReading(name, unknown=True)
            return ReplyReading(name, value=values.pop(name, None), facts=values)
        if m.untrusted_payload:
            return ReplyReading(name)
        text = m.text.strip(" ，,。.!！~～")
        retracted = self._after_retraction(text)
        if retracted is not None:
            text = retracted  # 一个人住，不对，跟我弟住: only what follows the retraction answers
        text = self._without_conceded(name, text)
        # (a reply about the disabled child states the child's grade: not the elder's)
        facts = {k: v for k, v in m.reading.facts.items() if k not in self.question(name).others_facts}
        if name == "region" and m.reading.unsure_code and "region" not in facts:
            facts["region"] = m.reading.unsure_code  # 昌吉的, to "which place?" with 昌吉 among the buttons: that one
        people = m.reading.people
        first = self._first_clause(text)
        short = (self._each_denied(name, text) or self._listed_then_denied(name, text)
                 or (self._after_yes_no(name, m.raw) if retracted is None else None)
                 or self._short_answer(name, text) or self._typed_option(name, text) or self._after_subject(name, text)
                 or (self._short_answer(name, first) if first else None)  # 經濟上沒有困難，我們每月寄錢
                 or self._companion(name, text) or self._none_named(name, text)
                 or (self._companion(name, first) if first else None))  # 就她跟我爸，我们都在外地打工
        of_chosen: dict[str, str] = {}
        if len(people) >= 2 and chosen:
            # the one being checked was chosen already: what is said of them (and of both) counts, not a new choice
            # (named by another word of the same person: 爸 chosen, 老爷子81 老太太78 replied)
            same = self._kin_of(chosen)
            of_chosen = next((p.facts for p in people
                              if p.label == chosen or (same and self._kin_of(p.label) == same)), {})
            facts.update(of_chosen)
        elif len(people) >= 2 and short is None and (name in self.vocab.people.person_fields
                                                     or any(p.facts for p in people)):
            return ReplyReading(name, facts=facts, people=people)  # 老头子瘫了，老太太还能走
        if short is None and any(read(name, text, strict=False) for read in (
                self._each_denied, self._listed_then_denied, self._none_named)):
            # 不是低保 也不是特困: some values taken back, the others left open — no value, in the user's words
            return ReplyReading(name, described=text[:60], facts={k: v for k, v in facts.items() if k != name})
        if short is not None:
            # the whole reply answers the question (住敬老院 to 分散还是集中？): what else its words might say
            # was not said; unless it also says the answer is not sure (好像跟她儿子住，不确定)
            doubted = self._doubted(name, m) and name not in of_chosen  # (the other one's 没评过 is theirs)
            return ReplyReading(name, unknown=True) if doubted else ReplyReading(name, value=short)
        value = facts.pop(name, None)
        if value is not None and self._doubted(name, m) and name not in of_chosen:
            # (我爸去年评的重度失能 我妈还没评过: the other one's 没评过 leaves the chosen one's level standing)
            return ReplyReading(name, unknown=True, facts=facts)
        place = facts.get("region")
        only_a_place = set(facts) <= {"region", "resides_local"} and not (m.cues.asks or m.cues.keyword_query)
        if value is None and name in RELATIVE_TO_PLACE and place and region and place != "outside" and only_a_place:
            value = "true" if self.same_place(place, region) else "false"  # 在温州 to 住在本市吗？
            if value == "true":
                facts.pop("region")
        if value is None and name == "age":
            if self._describes(name, text):
                return ReplyReading(name, described=text[:60], facts=facts)  # 八十好几: no age in years
            value = self._age(self._undenied(text), m.cues.correction)
        if value is None and "age" not in facts and m.cues.correction:
            corrected = self._age(self._undenied(text), True)  # 不对，年龄说错了，是68 while another question is asked
            if corrected:
                facts["age"] = corrected
        if value is None and (m.cues.dont_know or m.cues.skip) and not facts:
            return ReplyReading(name, unknown=True)
        if value is None and not (m.cues.correction and facts):
            value = self._yes_no(name, m)  # (不对，年龄说错了，是79 corrects a fact: its 不对 answers nothing asked)
        if value is None and self._describes(name, text):
            return ReplyReading(name, described=text[:60], facts=facts)
        if value is None and name != "age" and "age" not in facts:
            match = _AGE.match(text)  # "80" typed while another question is asked: the age
            if match and int(match.group(1)) in AGES and text.isdigit():
                facts["age"] = match.group(1)
        return ReplyReading(name, value=value, facts=facts)

    def _doubted(self, name: str, m: Message) -> bool:
        """The reply doubts its answer to ``name``: 好像…不太确定; or 没评过 said of a level (能自理 没评过) — not of
        another fact (低保 没评过 to the economic question is 低保)."""
        return m.cues.doubt or (m.cues.dont_know and self._describes(name, m.text))

    def _describes(self, name: str, text: str) -> bool:
        """The text describes the situation instead of answering ``name`` (走路要人扶, 没评过)."""
        return name in self._descriptions and self._descriptions[name].search(text) is not None

    def _after_retraction(self, text: str) -> str | None:
        """The reply after its last retraction (不对, 说错了) when something was said before it, else None."""
        retraction = self.vocab.cues.last("retraction", text)
        if retraction is None or not text[:retraction.start()].strip(" ，,。.!！~～…"):
            return None
        return text[retraction.end():].strip(" ，,。.!！~～…")

    def _undenied(self, text: str) -> str:
        """The text less the values taken back (是87不是78: 78)."""
        return self._denied_value.sub("", text)

    @staticmethod
    def _age(text: str, corrected: bool) -> str | None:
        """A bare number as the reply to the age question (82, 82吧); after a correction the last one
        (28，不对不对，是82)."""
        first, rest = _split_first(text)
        # (七十六 属虎的嘛: a bare number first, then words with no number of their own)
        for said in (text, first) if first and not _NUMBER.search(rest) else (text,):
            match = _AGE.match(said)
            if match and int(match.group(1)) in AGES:
                return match.group(1)
        numbers = [n for n in _NUMBER.findall(text) if int(n) in AGES]
        return numbers[-1] if numbers and corrected else None

    @staticmethod
    def _first_clause(text: str) -> str | None:
        """The reply's first clause, when there is more after it."""
        return _split_first(text)[0]

    def _short_answer(self, name: str, text: str) -> str | None:
        together = self._together.sub("", text)  # 跟我弟弟两个人住 is 跟我弟弟住
        for pattern, value in self._answer_res.get(name, []):
            if pattern.match(text) or pattern.match(together):
                return value
        return None

    def _after_subject(self, name: str, text: str) -> str | None:
        """A short answer after the elder's name, said alone or as the first clause (爷爷奶奶两个人住，我在外地上学)."""
        first = self._first_clause(text)
        for part in (text, first) if first else (text,):
            rest = self._subject.sub("", part, count=1)
            if rest != part and rest:
                value = self._short_answer(name, rest) or self._companion(name, rest)  # 阿婆跟我舅住
                if value is not None and self._couple.search(part[:len(part) - len(rest)]):
                    return self.question(name).of_two.get(value, value)  # 爸妈自己住: the two of them
                if value is not None:
                    return value
        return None

    def _after_yes_no(self, name: str, raw: str) -> str | None:
        """不是 外地的 / 是 本地的: a yes or no said apart (the space the normaliser drops), then the answer itself."""
        first, rest = _split_first(raw)
        if first is None:
            return None
        said = normalize_user_text(first)
        yes, no = self.vocab.cues.found("say_yes", said), self.vocab.cues.found("say_no", said)
        if not (yes or no):
            return None
        value = self._short_answer(name, normalize_user_text(rest).strip(" ，,。.!！~～"))
        expected = self._yes_no_values(name)[0 if yes else 1]
        # 不是 本地的 may be one phrase cut by voice input (not local): a value against the yes or no is no reading
        return value if expected is None or value == expected else None

    def _says_otherwise(self, name: str, raw: str, value: str | None) -> bool:
        """The reply's words after its first clause answer the question with another value than ``value``."""
        rest = _split_first(raw)[1]
        if not rest or value is None:
            return False
        rest = normalize_user_text(rest).strip(" ，,。.!！~～")
        said = self._short_answer(name, rest) or self._companion(name, rest)
        return said is not None and said != value

    def _kin_of(self, label: str) -> str | None:
        """The person a kin word names (爸, 老爷子 → 父), or None."""
        return next((person for person, words in self.vocab.people.kin.items() if label in words), None)

    def _covers(self, name: str, denied: set[str], strict: bool) -> bool:
        """Denials read as none of the values only when they take back every value of one of the question's
        `no_needs` groups (不是低保 不是边缘 也不是特困 / 伐是低保 也不算困难): 不是低保 不是边缘 leaves 特困 open."""
        groups = self.question(name).no_needs
        return not strict or not groups or any(set(group) <= denied for group in groups)

    def _without_conceded(self, name: str, text: str) -> str:
        """日子紧巴 但不算困难: a value conceded, then denied after 但 / 不过 — the denial stands, the concession
        and the turn go (不是低保但是特困 turns to a value: left as it is)."""
        turn = self.vocab.cues.last("contrast", text)
        if turn is None:
            return text
        before, after = text[:turn.start()], text[turn.end():]
        clauses = [c for c in re.split(r"[\s，,。！!；;]+", before) if c]
        if not clauses or not self._values_named(name, clauses[-1]) or self._negator.search(clauses[-1]):
            return text
        if not (self._negator.search(after) and self._values_named(name, after)):
            return text
        return " ".join([*clauses[:-1], after.strip(" ，,。")])

    def _values_named(self, name: str, text: str) -> set[str]:
        """The values of the question ``text`` names, by their words or a word's tail (边缘户 for 低保边缘)."""
        return {value for value, words in self._value_named.get(name, {}).items() if words.search(text)}

    def _each_denied(self, name: str, text: str, strict: bool = True) -> str | None:
        """低保没吃过 边缘户也不是 特困更挨不上 / 冇低保 边缘都唔系 / 低保特困边缘 统统没有: every value of the
        question named (two at least) sits in a clause with a negator, or in a list that a clause of denial
        closes — none of them (the question's `no`). A clause that names one and turns (不是低保但是特困) is
        left to the other readings."""
        question, values = self.question(name), self._value_words.get(name)
        if question.no is None or not values or self.vocab.cues.found("contrast", text):
            return None
        named_any, pending, denial_before = 0, 0, False
        denied_values: set[str] = set()
        listed: set[str] = set()  # values named and not yet denied (a list a later clause may close)
        for clause in filter(None, re.split(r"[\s，,。！!；;、]+", text)):
            named = [m for words in values.values() for m in words.finditer(clause)]
            # (a denial said apart, before the value: 不是 低保 不是 特困 / no 低保 no 特困)
            said_apart = denial_before and bool(named)
            # (紧巴低保申请过没批, a pause the normaliser joined: 没批 denies 低保, not 紧巴)
            denied = said_apart or (bool(self._negator.search(clause)) and (
                not named or self._each_next_to_denial(clause, named)))
            denial_before = bool(self._negator.fullmatch(clause)) and not named
            if named:
                named_any += len(named)
                pending += 0 if denied else 1
                (denied_values if denied else listed).update(self._values_named(name, clause))
                continue
            if denied:
                denied_values |= self._values_named(name, clause)  # 边缘户也不是: a value by its word's tail
            if pending and self._closes_list(clause):
                pending = 0  # …统统没有: the list before is denied
                denied_values |= listed
            elif pending:
                return None  # (a clause of something else between a value and any denial)
        # (one value denied alone — 不是低保 — leaves the others open)
        return question.no if named_any >= 2 and not pending and self._covers(name, denied_values, strict) else None

    def _each_next_to_denial(self, clause: str, named: list[re.Match[str]]) -> bool:
        """Every value named in the clause has a negator beside it with no other value between (不是低保也不是特困,
        低保没吃过), or the clause closes them as a list (低保特困都没有)."""
        if self._closes_list(clause):
            return True
        spans = [(m.start(), m.end()) for m in named]
        denials = [(n.start(), n.end()) for n in self._negator.finditer(clause)]

        def clear(a: int, b: int) -> bool:  # no value named between a and b
            return not any(a <= s and e <= b for s, e in spans)

        return all(any((e <= m0 and clear(e, m0)) or (m1 <= s and clear(m1, s)) for s, e in denials)
                   for m0, m1 in spans)

    def _closes_list(self, clause: str) -> bool:
        """A clause of denial that takes back what was listed (统统没有, 都不是), not a double one (不是啥都没有)."""
        closing = self.vocab.cues.match("denied_after_list", clause)
        return closing is not None and not self._negator.search(clause[:closing.start()])

    def _listed_then_denied(self, name: str, text: str, strict: bool = True) -> str | None:
        """低保特困都无 不困难: values of the question named, then all denied — none of them (the question's `no`)."""
        question, values = self.question(name), self._value_words.get(name)
        denied = self.vocab.cues.match("denied_after_list", text)
        if question.no is None or not values or denied is None:
            return None
        before = text[:denied.start()]
        named = [m for words in values.values() for m in words.finditer(before)]
        # (what the rest denies counts too: 低保特困都无 不困难; 低保那些都不是 denies the kind of them all)
        generalized = self.vocab.cues.found("generalized_list", before.rstrip(" ，,"))
        return question.no if named and not self._negator.search(before) and (generalized or self._covers(
            name, self._values_named(name, text), strict)) else None

    def _none_named(self, name: str, text: str, strict: bool = True) -> str | None:
        """不是低保也不是边缘 / 伐是低保 也不算困难: a reply that only denies, one by one, two or more of the values
        the question offers means none of them (the question's `no` value). 不是低保但是特困 states one."""
        question, values = self.question(name), self._value_words.get(name)
        denials = list(self._negator.finditer(text))
        if question.no is None or not values or len(denials) < 2 or text[:denials[0].start()].strip():
            return None
        ends = [d.start() for d in denials[1:]] + [len(text)]
        denied_values: set[str] = set()
        for denial, end in zip(denials, ends):
            part = re.sub(r"[\s，,、；;。.!！]+", "", text[denial.end():end])
            named = [(value, m) for value, words in values.items() for m in words.finditer(part)]
            denied_values |= self._values_named(name, part)
            if len(named) == 1:
                rest = part[:named[0][1].start()] + part[named[0][1].end():]
            elif not named and len(self._particles.sub("", part)) >= 2 and any(
                    self._particles.sub("", part) in word for word in self._value_lists[name]):
                rest = ""  # 边缘 for 低保边缘
            else:
                return None
            if self._particles.sub("", rest):
                return None  # more than a denial of one value (不是低保但是特困)
        return question.no if self._covers(name, denied_values, strict) else None

    def _companion(self, name: str, text: str) -> str | None:
        """跟我奶奶俩 / 同老婆两个住 / 跟我住: the value of the kin group the elder lives with."""
        return next((value for pattern, value in self._companions.get(name, ()) if pattern.match(text)), None)

    def _typed_option(self, name: str, text: str) -> str | None:
        typed = _label(text)
        for option in self.question(name).options:
            if typed and _label(option.title) == typed:
                return option.value
        return None

    def _yes_no_values(self, name: str) -> tuple[str | None, str | None]:
        """The values a plain 是 and a plain 不是 give to the question (a true/false field's by default)."""
        question = self.question(name)
        yes = question.yes if question.yes is not None else ("true" if name in self.booleans else None)
        no = question.no if question.no is not None else ("false" if name in self.booleans else None)
        return yes, no

    def _yes_no(self, name: str, m: Message) -> str | None:
        if self.question(name).choice or self.vocab.cues.found("mumble", m.text):
            return None  # 是 does not say which of two; 嗯嗯嗯啊 says nothing
        yes, no = self._yes_no_values(name)
        # (the classifier's affirm/deny counts for a short reply that asks nothing: 嗯？ is no yes — nor one that
        # describes instead: 好好的 没评 to 能自理吗 leaves the level to the assessment)
        short = len(m.text) <= 12 and not m.cues.asks and not self._describes(name, m.text)
        # 是，儿子捐的 / 不是，外地的: the yes or no said first (对 儿子一级残疾: before a space the normaliser drops)
        firsts = [normalize_user_text(c) for c in (self._first_clause(m.text),
                                                   None if m.cues.asks else self._first_clause(m.raw)) if c]
        first_yes = any(self.vocab.cues.found("say_yes", f) for f in firsts)
        first_no = any(self.vocab.cues.found("say_no", f) for f in firsts)
        if (first_yes or first_no) and self._says_otherwise(name, m.raw, yes if first_yes else no):
            return None  # 不是 有我们 to 有人照顾吗: the words after the no state the opposite — asked again
        if first_yes and not first_no:
            return yes  # 是的 我残疾二级 没法照顾他: the yes said first decides, whatever 没法 / 没有 follow
        if m.cues.say_no or (m.intent == "deny" and short) or first_no:
            if any(p.search(m.text) for p in self._value_words.get(name, {}).values()):
                return None  # 不是低保 to 经济情况属于哪一种: not that one, which says not which
            return no
        if m.cues.say_yes or (m.intent == "affirm" and short) or first_yes:
            return yes
        return None


def _split_first(text: str) -> tuple[str | None, str]:
    """The reply's first clause and the rest, when there is more after it (voice and WeChat text stop with
    spaces); (None, "") for a reply of one clause."""
    parts = re.split(r"[\s，,。！!；;]+", text.strip(), maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 and parts[1].strip() else (None, "")
