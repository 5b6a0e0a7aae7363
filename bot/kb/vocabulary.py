"""The answering and search vocabulary as data: knowledge/nlu/*.yaml read into compiled, typed records.

* ``question_kinds.yaml`` — the registry of question kinds (:class:`QuestionKind`): what asks for an amount,
  hours, a department …, how a passage states it, and the search marker (:class:`SearchCue`) for it;
* ``question_forms.yaml`` — other ways questions are put (what a term means, document facts, follow-ups …);
* ``passage_wording.yaml`` — how the documents word what an answer looks for (offices in charge, deadlines…);
* ``dialogue_words.yaml`` — follow-up words, a question's form words, fillers;
* ``people_groups.yaml`` — groups of people and the cases the documents tell apart;
* ``search_words.yaml`` — stop words and the search's own question forms.

A pattern is a string or a list of alternatives (joined with ``|``). Python keeps the logic; the words are
here, validated by ``make kb`` against ``knowledge/schema/nlu_<file>.json``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from bot.kb.loader import KNOWLEDGE_ROOT
from bot.kb.yamlio import read_yaml

FILES = ("question_kinds", "question_forms", "passage_wording", "dialogue_words", "people_groups", "search_words")


class VocabularyError(Exception):
    """A vocabulary file is missing a section or a name the code asks for."""


def pattern_text(value: Any) -> str:
    """A pattern written as a string, or as a list of alternatives."""
    return "|".join(str(v) for v in value) if isinstance(value, list) else str(value)


def _compiled(value: Any) -> Optional[re.Pattern[str]]:
    return None if value is None else re.compile(pattern_text(value))


@dataclass(frozen=True)
class SearchCue:
    """A question form that adds an answer-type marker to a search query; passages stating such a value
    carry the marker too."""

    marker: str
    weight: float
    asks: re.Pattern[str]
    passage: re.Pattern[str]
    focus: bool = False  # the answer window centres on the value
    completes_passage: bool = True  # a sibling sentence holding the value is joined to a hit lacking it
    concept: bool = True  # counts as a concept of the query in the coordination rerank
    reach: int = 3  # passages retrieved for a question asking this kind


@dataclass(frozen=True)
class QuestionKind:
    """What kind of fact a question asks for, and how to find it in a passage."""

    name: str
    question: Optional[re.Pattern[str]] = None
    fact: Optional[re.Pattern[str]] = None
    missing_words: str = ""
    other_wording: Optional[re.Pattern[str]] = None
    practical: bool = False
    self_contained: bool = False
    whole_message: bool = False  # read on the whole message: the story tells what the question turns on
    judges_only: bool = False
    states_names: tuple[str, ...] = ()
    search: Optional[SearchCue] = None
    channel_question: Optional[re.Pattern[str]] = None


def _kind(entry: dict[str, Any]) -> QuestionKind:
    cue = entry.get("search")
    search = None if cue is None else SearchCue(
        marker=cue["marker"], weight=float(cue["weight"]), asks=re.compile(pattern_text(cue["asks"])),
        passage=re.compile(pattern_text(cue["passage"])), focus=bool(cue.get("focus", False)),
        completes_passage=bool(cue.get("completes_passage", True)), concept=bool(cue.get("concept", True)),
        reach=int(cue.get("reach", 3)))
    return QuestionKind(
        name=entry["name"], question=_compiled(entry.get("asks")), fact=_compiled(entry.get("states")),
        missing_words=str(entry.get("missing", "")), other_wording=_compiled(entry.get("other_wording")),
        practical=bool(entry.get("practical", False)), self_contained=bool(entry.get("self_contained", False)),
        judges_only=bool(entry.get("judges_only", False)), whole_message=bool(entry.get("whole_message", False)),
        states_names=tuple(str(n) for n in entry.get("states_names") or ()), search=search,
        channel_question=_compiled(entry.get("asks_channel")))


class Vocabulary:
    """The vocabulary of one knowledge root. Use :func:`vocabulary` for the cached one."""

    def __init__(self, root: Path):
        self.root = root
        self._data = {name: read_yaml(root / "nlu" / f"{name}.yaml") or {} for name in FILES}
        kinds = [_kind(e) for e in self._data["question_kinds"].get("kinds") or []]
        self.kinds: dict[str, QuestionKind] = {k.name: k for k in kinds}
        by_name = {k.name: k.search for k in kinds if k.search is not None}
        # the search's markers, in the order it adds them to a query
        self.search_cues: tuple[SearchCue, ...] = tuple(
            by_name[n] for n in self._data["question_kinds"].get("search_order") or [])
        self.levels: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = tuple(
            (re.compile(pattern_text(x["asks"])), re.compile(pattern_text(x["shows"])))
            for x in self._data["passage_wording"].get("levels") or [])
        self.part_nouns: dict[str, str] = dict(self._data["passage_wording"].get("part_nouns") or {})
        # (pattern, words, words inside a box or table) of the documents' numbering
        self.labels: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
            (re.compile(pattern_text(x["pattern"])), str(x.get("words", "")), str(x.get("in_list", x.get("words", ""))))
            for x in self._data["passage_wording"].get("labels") or [])
        outside = read_yaml(root / "nlu" / "places_outside.yaml") or {}
        names = [n for p in outside.get("places") or [] for n in (p.get("name"), *(p.get("aliases") or ())) if n]
        # places outside the coverage (places_outside.yaml), longest first, and words that only look like one
        self.outside_places: tuple[str, ...] = tuple(sorted(set(map(str, names)), key=len, reverse=True))
        self.not_places: tuple[str, ...] = tuple(str(n) for n in outside.get("not_places") or ())
        # outside place name → the covered name people also use for the area around it (呼图壁 → 昌吉)
        self.outside_within: dict[str, str] = {
            str(n): str(p["within"]) for p in outside.get("places") or [] if p.get("within")
            for n in (p.get("name"), *(p.get("aliases") or ())) if n}

    def _value(self, file: str, section: str, name: str) -> Any:
        try:
            return self._data[file][section][name]
        except (KeyError, TypeError) as exc:
            raise VocabularyError(f"knowledge/nlu/{file}.yaml has no {section}.{name}") from exc

    @functools.lru_cache(maxsize=256)  # noqa: B019 (one instance per knowledge root, kept for the process)
    def _pattern(self, file: str, section: str, name: str) -> re.Pattern[str]:
        return re.compile(pattern_text(self._value(file, section, name)))

    def kind(self, name: str) -> QuestionKind:
        return self.kinds[name]

    def detected_kinds(self) -> list[QuestionKind]:
        """The kinds a question is tested for, in order (the first whose `asks` matches is its kind)."""
        return [k for k in self.kinds.values() if k.question is not None and not k.judges_only]

    def form(self, name: str) -> re.Pattern[str]:
        """A question form of question_forms.yaml."""
        return self._pattern("question_forms", "forms", name)

    def wording(self, name: str) -> re.Pattern[str]:
        """How the documents word something (passage_wording.yaml)."""
        return self._pattern("passage_wording", "patterns", name)

    def wording_text(self, name: str) -> str:
        """The pattern text itself, to be combined or formatted ({n})."""
        return pattern_text(self._value("passage_wording", "patterns", name))

    def window(self, name: str) -> Any:
        """What an answer window must keep whole (passage_wording.yaml `window`)."""
        try:
            return self._data["passage_wording"]["window"][name]
        except (KeyError, TypeError) as exc:
            raise VocabularyError(f"knowledge/nlu/passage_wording.yaml has no window.{name}") from exc

    def column(self, name: str) -> Any:
        """A table column name (or names) of passage_wording.yaml."""
        return self._value("passage_wording", "columns", name)

    def dialogue(self, name: str) -> Any:
        """A word list (or filler characters) of dialogue_words.yaml."""
        return self._value("dialogue_words", "words", name)

    def people(self, name: str) -> re.Pattern[str]:
        return self._pattern("people_groups", "patterns", name)

    def people_text(self, name: str) -> str:
        return str(self._value("people_groups", "patterns", name))

    def case(self, name: str) -> tuple[str, ...]:
        return tuple(self._value("people_groups", "cases", name))

    def group_words(self, name: str) -> Any:
        return self._value("people_groups", "words", name)

    def search_words(self, name: str) -> list[str]:
        return list(self._value("search_words", "words", name))

    def search_form(self, name: str) -> re.Pattern[str]:
        return self._pattern("search_words", "forms", name)


@functools.lru_cache(maxsize=4)
def _vocabulary(root: Path) -> Vocabulary:
    return Vocabulary(root)


def vocabulary(root: Optional[Path | str] = None) -> Vocabulary:
    """The vocabulary under ``root`` (default: the repository's knowledge/), read once per process."""
    return _vocabulary(Path(root or KNOWLEDGE_ROOT).resolve())
