"""The conversation's vocabulary, read from data: ``knowledge/nlu/dialogue.yaml`` (cues that steer a turn) and
``knowledge/nlu/check_questions.yaml`` (the check's questions, options and short answers).

Nothing here holds a Chinese word: every word and pattern is in those files, so that staff can extend them and
``make kb`` can check them (:func:`problems`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.kb.yamlio import read_yaml
from bot.nlu.terms import expand_template
from bot.nlu.text import normalize_user_text

NLU_DIR = Path(__file__).resolve().parents[2] / "knowledge" / "nlu"
DIALOGUE_FILE = NLU_DIR / "dialogue.yaml"
QUESTIONS_FILE = NLU_DIR / "check_questions.yaml"
PEOPLE_FILE = NLU_DIR / "profile_terms.yaml"  # its `people`: who a message's facts are about
_NAME = re.compile(r"\{(\w+)\}")


class VocabularyError(ValueError):
    """A vocabulary file is missing, malformed, or names a list that does not exist."""


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of the words as user text reads once normalised (一家 → 1家, 戶口 → 户口, as
    bot.nlu.text does to every message), longest first (so that 不是 wins over 不)."""
    items = sorted({_normal(str(w)) for w in words if str(w)}, key=len, reverse=True)
    return "|".join(re.escape(w) for w in items if w) or "(?!)"


@functools.lru_cache(maxsize=8192)
def _normal(word: str) -> str:
    return normalize_user_text(word) or word


def expand(template: str, lists: dict[str, list[str]]) -> str:
    def word_list(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in lists:
            raise VocabularyError(f"pattern {template!r} names the list {{{name}}}, which lists does not have")
        return alternation(lists[name])

    return _NAME.sub(word_list, template)


@dataclass(frozen=True)
class Cues:
    """Compiled cues: ``cues.found("question", text)``."""

    patterns: dict[str, re.Pattern[str]]
    lists: dict[str, tuple[str, ...]]
    function_words: frozenset[str] = frozenset()
    function_re: re.Pattern[str] = re.compile("(?!)")

    def found(self, name: str, text: str) -> bool:
        return bool(self.patterns[name].search(text))

    def match(self, name: str, text: str) -> re.Match[str] | None:
        return self.patterns[name].search(text)

    def last(self, name: str, text: str) -> re.Match[str] | None:
        """The cue's last match in ``text`` (the retraction that decides what stands), or None."""
        return next(reversed(list(self.patterns[name].finditer(text))), None)

    def strip(self, name: str, text: str) -> str:
        return self.patterns[name].sub("", text)

    def words(self, name: str) -> tuple[str, ...]:
        return self.lists[name]

    def asks(self, text: str) -> bool:
        """The text asks something: a question form, a vague number (睡了好几天, 十几个) aside."""
        return self.found("question", self.strip("vague_number", text))

    def is_function_word(self, word: str) -> bool:
        """A word that steers a turn (查查, 能享受, 待遇) rather than names a topic: one of the function lists'
        words, or made of them only (查查能)."""
        if not word or word in self.function_words:
            return True
        return not self.function_re.sub("", word)


@dataclass(frozen=True)
class Option:
    title: str
    value: str


@dataclass(frozen=True)
class Question:
    """One question of the check: what to ask, its buttons, and the short replies that answer it."""

    field: str
    ask: str
    options: tuple[Option, ...]
    unknown: str | None = None
    answers: dict[str, tuple[str, ...]] = field(default_factory=dict)  # value → words
    descriptions: tuple[str, ...] = ()
    yes: str | None = None  # the value a plain 是 gives (None: 是 answers nothing)
    no: str | None = None
    # denials read as `no` only when every value of one of these groups is among them
    no_needs: tuple[tuple[str, ...], ...] = ()
    choice: bool = False  # a choice between options (农村还是城里？): 是/不是 answers nothing
    of_two: dict[str, str] = field(default_factory=dict)  # a value said of two people → the value it means
    companions: dict[str, str] = field(default_factory=dict)  # kin group lived with (跟我奶奶俩) → the value
    term: str = ""  # the documents' word the question turns on (计划生育特殊家庭), explained on 啥意思
    # facts a reply to this question states of someone else (the disabled child's 一级残疾证): never the elder's
    others_facts: tuple[str, ...] = ()


def _compile_cues(data: Any, source: Path) -> Cues:
    if not isinstance(data, dict) or not isinstance(data.get("lists"), dict) or not isinstance(data.get("cues"), dict):
        raise VocabularyError(f"{source}: needs `lists` and `cues` mappings")
    lists = {str(k): [str(w) for w in v or []] for k, v in data["lists"].items()}
    patterns: dict[str, re.Pattern[str]] = {}
    for name, templates in data["cues"].items():
        if not isinstance(templates, list) or not templates:
            raise VocabularyError(f"{source}: cue {name!r} must be a non-empty list of patterns")
        try:
            patterns[str(name)] = re.compile("|".join(f"(?:{expand(str(t), lists)})" for t in templates))
        except re.error as exc:
            raise VocabularyError(f"{source}: cue {name!r} is not a valid pattern: {exc}") from exc
    function = frozenset(w for name in data.get("function_lists") or [] for w in lists.get(str(name), []))
    missing = [str(n) for n in data.get("function_lists") or [] if str(n) not in lists]
    if missing:
        raise VocabularyError(f"{source}: function_lists names unknown lists {', '.join(missing)}")
    return Cues(patterns=patterns, lists={k: tuple(v) for k, v in lists.items()}, function_words=function,
                function_re=re.compile(alternation(function)))


def _questions(data: Any, source: Path, slots: dict[str, list[str]] | None = None) -> dict[str, Question]:
    """The check's questions; an answer may be a template over profile_terms.yaml's `vocab` (有{carer}: 有我们,
    有我舅 …), as the profile phrases are."""
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise VocabularyError(f"{source}: needs a `questions` list")
    out: dict[str, Question] = {}
    for entry in data["questions"]:
        name = str(entry["field"])
        answers = {str(value): tuple(dict.fromkeys(w for word in words or []
                                                   for w in expand_template(str(word), slots or {})))
                   for value, words in (entry.get("answers") or {}).items()}
        out[name] = Question(
            field=name, ask=str(entry["ask"]),
            options=tuple(Option(str(o["title"]), str(o["means"])) for o in entry.get("options") or []),
            unknown=entry.get("unknown"), answers=answers,
            descriptions=tuple(str(w) for w in entry.get("descriptions") or []),
            yes=None if entry.get("yes") is None else str(entry["yes"]),
            no=None if entry.get("no") is None else str(entry["no"]), choice=entry.get("choice") is True,
            no_needs=tuple(tuple(str(v) for v in group) for group in entry.get("no_needs") or ()),
            of_two={str(k): str(v) for k, v in (entry.get("of_two") or {}).items()},
            companions={str(k): str(v) for k, v in (entry.get("companions") or {}).items()},
            term=str(entry.get("term") or ""),
            others_facts=tuple(str(f) for f in entry.get("others_facts") or ()))
    return out


@dataclass(frozen=True)
class People:
    """Kinship words: which words name one person, two at once, or someone who has died."""

    kin: dict[str, tuple[str, ...]]  # person → words
    couple: tuple[str, ...]
    deceased: tuple[str, ...]
    both: tuple[str, ...]
    person_fields: tuple[str, ...]
    elder_kin: tuple[str, ...] = ()
    spouse_kin: tuple[str, ...] = ()
    younger: tuple[str, ...] = ()
    relatives: tuple[str, ...] = ()
    supporter_fields: tuple[str, ...] = ()
    family_fields: tuple[str, ...] = ()  # the family's status, said of any relative (儿子是现役军人)
    spouse_parents: dict[str, str] = field(default_factory=dict)  # 公公 → 父: the spouse's father
    # 老头子 → (父, 爷, …): an old man at large is the one man of those the message names
    generic_kin: dict[str, tuple[str, ...]] = field(default_factory=dict)
    writer_spouse: tuple[str, ...] = ()
    we_two: tuple[str, ...] = ()
    pair_words: tuple[str, ...] = ()  # 两口子: a married pair said as one
    self_label: str = "我自己"
    self_after: tuple[str, ...] = ()  # 阿公我…: the kin word before it is the writer naming themselves
    deceased_not_before: tuple[str, ...] = ()  # 是烈士遗属: the survivors, not the dead
    group_before: tuple[str, ...] = ()  # 独生子女父母: a group of people, not the writer's kin

    @property
    def two_together(self) -> tuple[str, ...]:
        """Words for two people at once — a couple, the writer and spouse, a married pair (爸妈, 我俩, 两口子): "on
        their own" after one of them is the two of them."""
        return (*self.couple, *self.we_two, *self.pair_words)


def _people(data: Any, source: Path) -> People:
    people = data.get("people") if isinstance(data, dict) else None  # (in profile_terms.yaml)
    if not isinstance(people, dict) or not isinstance(people.get("kin"), dict):
        raise VocabularyError(f"{source}: needs a `people` mapping with `kin`")

    def words(key: str) -> tuple[str, ...]:
        return tuple(str(w) for w in people.get(key) or [])

    return People(kin={str(k): tuple(str(w) for w in v or []) for k, v in people["kin"].items()},
                  couple=words("couple"), deceased=words("deceased"), both=words("both"),
                  person_fields=words("person_fields"), elder_kin=words("elder_kin"),
                  spouse_kin=words("spouse_kin"), younger=words("younger"), relatives=words("relatives"),
                  supporter_fields=words("supporter_fields"),
                  family_fields=words("family_fields"),
                  spouse_parents={str(k): str(v) for k, v in (people.get("spouse_parents") or {}).items()},
                  generic_kin={str(k): tuple(str(w) for w in v or [])
                               for k, v in (people.get("generic_kin") or {}).items()},
                  writer_spouse=words("writer_spouse"),
                  we_two=words("we_two"), pair_words=words("pair_words"),
                  self_label=(words("self_label") or ("我自己",))[0],
                  self_after=words("self_after"), deceased_not_before=words("deceased_not_before"),
                  group_before=words("group_before"))


@dataclass(frozen=True)
class Vocabulary:
    cues: Cues
    questions: dict[str, Question]
    people: People

    @functools.cached_property
    def situation_words(self) -> frozenset[str]:
        """The words the check's questions read as answers or descriptions (瘫痪, 卧床, 一个人住): they describe
        the elder's situation and name no topic of a question."""
        return frozenset(_normal(w) for q in self.questions.values()
                         for w in (*q.descriptions, *(word for words in q.answers.values() for word in words))
                         if len(w) >= 2)

    def describes(self, word: str) -> bool:
        return any(s in word or word in s for s in self.situation_words)

    @functools.cached_property
    def _situation_re(self) -> re.Pattern[str]:
        return re.compile(alternation(self.situation_words))

    @functools.cached_property
    def _people_re(self) -> re.Pattern[str]:
        people = self.people
        words = {w for ws in people.kin.values() for w in ws} | set(people.younger) | set(people.couple) | set(
            people.both)
        return re.compile(alternation(frozenset(w for w in words if w)))

    def without_people(self, text: str) -> str:
        """The text with the words naming people blanked out (儿子 in 儿子在外地: someone in the story, not the
        topic 赡养人 that the search reads for it)."""
        return self._people_re.sub(" ", text)

    def without_situation(self, text: str) -> str:
        """The text with the words that describe the elder's situation blanked out (瘫痪 in 我爸瘫痪在床，能有啥补助:
        no topic of the question, whatever synonyms the search would read for it)."""
        return self._situation_re.sub(" ", text)


REQUIRED_CUES = ("question", "vague_number", "what_can_we_get", "check_request", "person", "own_share", "restart",
                 "go_on", "cancel", "skip", "dont_know", "doubt", "say_yes", "say_no", "details", "checklist",
                 "complaint", "report", "wants_human", "office_contact", "keyword_query", "third_party", "unhelpful",
                 "correction", "eligibility", "yes_no_end", "third_party_subject", "not_now", "whether", "inquiry",
                 "not_residence",
                 "kids_away_working", "retraction", "policy_at_large", "topic_before_person", "self_check",
                 "hypothetical", "hypothetical_after", "speaker", "other_person", "elder_pronoun", "group_self",
                 "denied_after_list", "generalized_list", "elders_spoken_of", "place_topic_after", "entitled_to_what",
                 "asked_of",
                 "heard_of", "facility_after", "served_before",
                 "acts_after", "moved_to",
                 "home_of", "distance_before", "owner_after",
                 "household_subject", "rule_age_after")


def load(dialogue_file: Path = DIALOGUE_FILE, questions_file: Path = QUESTIONS_FILE) -> Vocabulary:
    data = read_yaml(dialogue_file)
    cues = _compile_cues(data, dialogue_file)
    missing = [c for c in REQUIRED_CUES if c not in cues.patterns]
    if missing:
        raise VocabularyError(f"{dialogue_file}: missing cues {', '.join(missing)}")
    terms = read_yaml(PEOPLE_FILE)
    slots = terms.get("vocab") if isinstance(terms, dict) else None
    return Vocabulary(cues=cues, questions=_questions(read_yaml(questions_file), questions_file, slots or {}),
                      people=_people(terms, PEOPLE_FILE))


@functools.lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The vocabulary of knowledge/nlu, loaded once per process."""
    return load()


def problems(fields: Iterable[str], allowed: dict[str, tuple[str, ...]]) -> list[str]:
    """What is wrong with the vocabulary files, for ``make kb``: unknown lists, bad patterns, questions for
    fields the rules do not have, option or answer values the fields do not allow."""
    try:
        vocab = load()
    except (VocabularyError, KeyError, TypeError, OSError) as exc:
        return [str(exc)]
    known = set(fields)
    out = []
    for name, question in vocab.questions.items():
        if name not in known:
            out.append(f"{QUESTIONS_FILE.name}: question for unknown field {name!r}")
            continue
        values = allowed.get(name) or ()
        for value in [o.value for o in question.options] + list(question.answers):
            if values and value not in values:
                out.append(f"{QUESTIONS_FILE.name}: field {name!r} has no value {value!r} "
                           f"(allowed: {', '.join(values)})")
    return out


def main() -> int:
    """`python -m bot.conversation.vocab`: check the conversation's vocabulary (part of `make kb`)."""
    from bot.conversation.facts import FIELDS, allowed_values

    found = problems(FIELDS, allowed_values())
    for problem in found:
        print(problem)
    print(f"conversation vocabulary: {len(found)} problem(s) "
          f"({DIALOGUE_FILE.name}, {QUESTIONS_FILE.name}, the people of {PEOPLE_FILE.name})")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
