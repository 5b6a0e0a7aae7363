"""Read knowledge/nlu/ and the knowledge base's regions, and generate the profile patterns from them.

Everything the profile extractor matches comes from here (no phrase is written in code):

* ``knowledge/nlu/profile_terms.yaml`` — profile fields, their values and the phrases users say, the
  negation and hypothetical cue words, the age cue words and the words around place names;
* ``knowledge/regions.yaml`` through :func:`bot.kb.loader.load_kb` — every covered place name and alias
  (value: the region code that ``kb.region(name)`` resolves it to);
* ``knowledge/nlu/places_outside.yaml`` — places outside the coverage (value ``outside``).

:func:`load_terms` returns a :class:`ProfileTerms` with the expanded, normalised phrase table;
:func:`profile_lexicon` lists the words for jieba's user dictionary.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from bot.kb.yamlio import read_yaml
from bot.nlu.text import normalize_user_text
from bot.settings import PROJECT_ROOT

KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"
TERMS_FILE = KNOWLEDGE_DIR / "nlu" / "profile_terms.yaml"
PLACES_FILE = KNOWLEDGE_DIR / "nlu" / "places_outside.yaml"
SCHEMA_FILE = KNOWLEDGE_DIR / "schema" / "nlu_profile_terms.json"

REGION = "region"
OUTSIDE = "outside"
BLOCKED = "_blocked"  # internal label of not_places / not_phrases: wins the longest match, produces nothing
PLACE_SLOT = "PLACE"
MAX_EXPANSIONS = 5_000  # per phrase template: a typo in vocab must not explode the pattern table
BOOLEAN_VALUES = ("true", "false")

# jieba user-dictionary frequencies and tags
FREQ_PHRASE = 20_000
FREQ_PLACE = 30_000
TAG_PHRASE = "nz"
TAG_PLACE = "ns"

_TEMPLATE_SLOT = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(\?)?\}")


class TermsError(ValueError):
    """knowledge/nlu is inconsistent (unknown vocab, a phrase with two meanings, a covered place listed as
    outside …)."""


@dataclass(frozen=True)
class Phrase:
    field: str
    label: str                   # the normalised value
    text: str                    # normalised phrase (what the matcher compares with normalised user text)
    source: str                  # the phrase as written in the YAML (after template expansion)
    also: tuple[tuple[str, str], ...] = ()
    templated: bool = False      # expanded from a template with {vocab} slots


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str                    # category | boolean | number
    resolve: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    denied_by: tuple[str, ...] = ()  # boolean: the only phrases whose negation gives false (normalised)


@dataclass(frozen=True)
class ContextPattern:
    field: str
    before: tuple[dict, ...]     # slots before the place
    after: tuple[dict, ...]      # slots after the place
    label: Optional[str] = None  # a fixed value; None: "true" for a covered place, "false" for an outside one


@dataclass
class ProfileTerms:
    fields: dict[str, FieldSpec]
    phrases: list[Phrase]                       # profile phrases, expanded and normalised
    places: list[Phrase]                        # covered and outside places, not_places, not_phrases
    region_parents: dict[str, Optional[str]]
    region_cities: dict[str, Optional[str]]     # each place's city (a district's city; None for a province)
    matching: dict[str, Any]
    age: dict[str, Any]
    grade_context: dict[str, Any]
    place_context: list[ContextPattern]
    source_hash: str
    conflicts: list[str] = field(default_factory=list)
    # short answers (vocab answer_lead / answer_tail / answer__<field>__<value>, normalised):
    # {"lead": [...], "tail": [...], "words": {word: [field, value]}}
    answers: dict[str, Any] = field(default_factory=dict)
    # who a message's facts are about: kinship words, couple / deceased / both words, person-level fields
    people: dict[str, Any] = field(default_factory=dict)

    def all_patterns(self) -> list[Phrase]:
        return [*self.places, *self.phrases]


# ---------------------------------------------------------------------------------------------- reading


def _read_yaml(path: Path) -> Any:
    return read_yaml(path)


def validate_schema(data: Any, path: Path) -> list[str]:
    """Problems of one knowledge/nlu file against knowledge/schema/nlu_profile_terms.json ([] if fine)."""
    if not SCHEMA_FILE.exists():
        return []
    try:
        import jsonschema
    except ImportError:  # pragma: no cover - jsonschema is in requirements.lock
        return []
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    return [f"{path.name}: {'/'.join(map(str, e.absolute_path)) or '(top level)'}: {e.message}"
            for e in validator.iter_errors(data)]


def expand_template(template: str, vocab: dict[str, list[str]], _depth: int = 0) -> list[str]:
    """All phrases a template stands for: ``"{want}{go}{inst}"`` → 想去养老院, 愿意住敬老院 …

    ``{name}`` is each word of ``vocab[name]`` (words may themselves be templates); ``{name?}`` also
    allows nothing.
    """
    if _depth > 5:
        raise TermsError(f"vocab nested too deeply in {template!r}")
    parts: list[list[str]] = []
    pos = 0
    for match in _TEMPLATE_SLOT.finditer(template):
        parts.append([template[pos:match.start()]])
        name, optional = match.group(1), bool(match.group(2))
        if name not in vocab:
            raise TermsError(f"unknown vocab {{{name}}} in phrase {template!r}")
        words = [w for word in vocab[name] for w in expand_template(str(word), vocab, _depth + 1)]
        parts.append(([""] if optional else []) + words)
        pos = match.end()
    parts.append([template[pos:]])
    total = 1
    for options in parts:
        total *= max(1, len(options))
    if total > MAX_EXPANSIONS:
        raise TermsError(f"phrase {template!r} expands to {total} phrases (limit {MAX_EXPANSIONS})")
    return ["".join(combo) for combo in itertools.product(*parts)]


def _phrase_items(items: Iterable[Any]) -> Iterator[tuple[str, dict[str, str]]]:
    for item in items or []:
        if isinstance(item, dict):
            yield str(item["phrase"]), {str(k): str(v) for k, v in (item.get("also") or {}).items()}
        else:
            yield str(item), {}


def _field_phrases(spec: dict, vocab: dict[str, list[str]]
                   ) -> Iterator[tuple[str, str, dict[str, str], bool]]:
    """(label, phrase as written, also, expanded from a template?) for one field entry."""
    for label, items in (spec.get("phrases") or {}).items():
        for template, also in _phrase_items(items):
            templated = bool(_TEMPLATE_SLOT.search(template))
            for phrase in expand_template(template, vocab):
                yield str(label), phrase, also, templated
    for label, variables in (spec.get("template_labels") or {}).items():
        local = {**vocab, **{k: [str(x) for x in v] for k, v in variables.items()}}
        for template, also in _phrase_items(spec.get("templates") or []):
            for phrase in expand_template(template, local):
                yield str(label), phrase, also, True


def _place_names(name: str, kind: str, aliases: Iterable[str]) -> list[str]:
    names = [name, *aliases]
    suffixes = {"province": ("省", "市"), "city": ("市",), "county": ("县",)}.get(kind, ())
    names += [name + s for s in suffixes]
    return names


def _covered_places(kb: Any) -> tuple[list[tuple[str, str]], dict[str, Optional[str]], dict[str, Optional[str]]]:
    """(place name, region code) for every name the knowledge base resolves, each region's parent and its city
    (the unit 本市 means: 阿什里乡 and 榆树沟镇 are both 昌吉市)."""
    out: list[tuple[str, str]] = []
    parents: dict[str, Optional[str]] = {}
    cities: dict[str, Optional[str]] = {}
    for region in kb.regions.values():
        parents[region.code] = region.parent
        place = region
        while place is not None and place.kind != "city":
            place = kb.regions.get(place.parent) if place.parent else None
        cities[region.code] = place.code if place is not None else None
        names = list(region.names)
        for name in region.names:  # 秀英区 → 秀英: the loader resolves the short form too
            if len(name) > 2 and name[-1] in "省市县区":
                names.append(name[:-1])
        for name in names:
            resolved = kb.region(name)
            if len(name) >= 2 and resolved is not None and resolved.code == region.code:
                out.append((name, region.code))
    return out, parents, cities


def _digest(*parts: Any) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(json.dumps(part, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8"))
    return digest.hexdigest()[:16]


def load_terms(terms_file: Path = TERMS_FILE, places_file: Path = PLACES_FILE,
               kb: Any = None) -> ProfileTerms:
    """Read and expand knowledge/nlu (and the kb's regions) into a :class:`ProfileTerms`.

    Raises :class:`TermsError` when the files are invalid; phrases that mean two different things are
    listed in ``conflicts`` (the first one listed wins).
    """
    data = _read_yaml(terms_file) or {}
    places_data = _read_yaml(places_file) or {}
    problems = validate_schema(data, terms_file) + validate_schema(places_data, places_file)
    if problems:
        raise TermsError("knowledge/nlu is invalid:\n  " + "\n  ".join(problems[:20]))
    if kb is None:
        from bot.kb.loader import load_kb

        kb = load_kb()
    vocab = {str(k): [str(x) for x in v] for k, v in (data.get("vocab") or {}).items()}

    fields: dict[str, FieldSpec] = {}
    phrases: list[Phrase] = []
    seen: dict[str, Phrase] = {}
    conflicts: list[str] = []

    def add(target: list[Phrase], phrase: Phrase) -> None:
        if not phrase.text:
            return
        other = seen.get(phrase.text)
        if other is not None:
            same = {(other.field, other.label), *other.also}
            if (phrase.field, phrase.label) not in same:
                conflicts.append(f"{phrase.source!r} ({phrase.field}={phrase.label}) is already "
                                 f"{other.source!r} ({other.field}={other.label})")
            return
        seen[phrase.text] = phrase
        target.append(phrase)

    # places first: a place name always means the place
    places: list[Phrase] = []
    covered, parents, cities = _covered_places(kb)
    for name, code in covered:
        add(places, Phrase(REGION, code, normalize_user_text(name), name))
    for entry in places_data.get("places") or []:
        kind = str(entry.get("kind", "city"))
        for name in _place_names(str(entry["name"]), kind, entry.get("aliases") or []):
            if kb.region(name) is not None:
                raise TermsError(f"places_outside.yaml lists {name!r}, which regions.yaml covers "
                                 f"({kb.region(name).code})")
            add(places, Phrase(REGION, OUTSIDE, normalize_user_text(name), name))
    # (not_phrases may be templates like the fields' phrases: 有没有人{care} is a question, not 没有人管)
    blocked = [*(places_data.get("not_places") or []),
               *(p for name in data.get("not_phrases") or [] for p in expand_template(str(name), vocab))]
    for name in blocked:
        add(places, Phrase(BLOCKED, "", normalize_user_text(str(name)), str(name)))

    for spec in data.get("fields") or []:
        name, kind = str(spec["field"]), str(spec["kind"])
        labels: list[str] = []
        for label, phrase, also, templated in _field_phrases(spec, vocab):
            if kind == "boolean" and label not in BOOLEAN_VALUES:
                raise TermsError(f"field {name}: boolean values are 'true'/'false', not {label!r}")
            if label not in labels:
                labels.append(label)
            also_facts = tuple(sorted(also.items()))
            add(phrases, Phrase(name, label, normalize_user_text(phrase), phrase, also_facts, templated))
        fields[name] = FieldSpec(name, kind, tuple(str(x) for x in spec.get("resolve") or ()), tuple(labels),
                                 tuple(normalize_user_text(str(w)) for w in spec.get("denied_by") or ()))
    for phrase in phrases:
        for other_field, _value in phrase.also:
            if other_field not in fields:
                raise TermsError(f"phrase {phrase.source!r}: `also` names unknown field {other_field!r}")

    place_context = []
    for spec in data.get("place_context") or []:
        for slots in spec.get("patterns") or []:
            if slots.count(PLACE_SLOT) != 1:
                raise TermsError(f"place_context {spec['field']}: each pattern needs exactly one PLACE")
            k = slots.index(PLACE_SLOT)
            label = str(spec["label"]) if spec.get("label") is not None else None
            place_context.append(
                ContextPattern(str(spec["field"]), tuple(slots[:k]), tuple(slots[k + 1:]), label))

    grade = next((f for f in data.get("fields") or [] if f.get("context_words")), None)
    grade_context = {"field": grade["field"], "words": list(grade["context_words"]),
                     "labels": sorted(grade.get("template_labels") or {})} if grade else {}
    return ProfileTerms(
        fields=fields, phrases=phrases, places=places, region_parents=parents, region_cities=cities,
        matching=dict(data.get("matching") or {}), age=_age_settings(data, vocab),
        grade_context=grade_context, place_context=place_context,
        source_hash=_digest(data, places_data, sorted(covered), sorted(parents.items(), key=str),
                            sorted(cities.items(), key=str)),
        conflicts=conflicts, answers=_short_answers(vocab, fields), people=dict(data.get("people") or {}),
    )


def _age_settings(data: dict, vocab: dict[str, list[str]]) -> dict[str, Any]:
    """The `age` section plus the age settings kept in `vocab` (age_below, age_below_fill, age_bare)."""
    age = dict(data.get("age") or {})
    # an age after any kinship word is that person's (羊缸子六十八): the `people` words count as persons too
    kin = (data.get("people") or {}).get("kin") or {}
    age["persons"] = list(dict.fromkeys([*(age.get("persons") or []), *(w for words in kin.values() for w in words)]))
    age["below"] = list(vocab.get("age_below") or [])
    age["below_fill"] = list(vocab.get("age_below_fill") or [])
    bare = vocab.get("age_bare") or []
    if bare:
        if len(bare) != 2 or not all(str(x).isdigit() for x in bare):
            raise TermsError(f"vocab age_bare must be [min, max], not {bare!r}")
        age["bare"] = [int(bare[0]), int(bare[1])]
    return age


def _short_answers(vocab: dict[str, list[str]], fields: dict[str, FieldSpec]) -> dict[str, Any]:
    """Whole-clause short answers from vocab answer__<field>__<value> (see profile_terms.yaml)."""
    words: dict[str, list[str]] = {}
    for key, items in vocab.items():
        if not key.startswith("answer__"):
            continue
        parts = key.split("__")
        if len(parts) != 3 or parts[1] not in fields:
            raise TermsError(f"vocab {key}: expected answer__<field>__<value> with a known field")
        name, value = parts[1], parts[2]
        spec = fields[name]
        allowed = BOOLEAN_VALUES if spec.kind == "boolean" else spec.labels
        if value not in allowed:
            raise TermsError(f"vocab {key}: {value!r} is not a value of {name}")
        for word in (w for item in items for w in expand_template(item, vocab)):
            text = normalize_user_text(word)
            if text in words and words[text] != [name, value]:
                raise TermsError(f"short answer {word!r} means both {words[text]} and {[name, value]}")
            words[text] = [name, value]
    return {"lead": [normalize_user_text(w) for w in vocab.get("answer_lead") or []],
            "tail": [normalize_user_text(w) for w in vocab.get("answer_tail") or []],
            "words": dict(sorted(words.items()))}


@functools.lru_cache(maxsize=1)
def default_terms() -> ProfileTerms:
    return load_terms()


def profile_lexicon(terms: Optional[ProfileTerms] = None, max_len: int = 8,
                    include_templates: bool = False) -> list[tuple[str, int, str]]:
    """(word, freq, POS tag) for jieba's user dictionary: the profile phrases (normalised, as the tokenizer
    sees them after ``TextNormalizer``), covered and outside place names, negation and cue words.

    Merge these into build/jieba/userdict.txt so that Rasa's JiebaTokenizer keeps 瘫在床上, 吃低保,
    低保边缘户, 一个人住 … whole. By default only the phrases written out in profile_terms.yaml are listed,
    not the thousands of template expansions (想去养老院, 跟我儿子一起住 …), which would turn ordinary
    word sequences into single tokens for the intent classifier; the profile pipeline's own tokenizer
    has them all. Phrases longer than ``max_len`` characters are left out.
    """
    terms = terms or default_terms()
    found: dict[str, tuple[int, str]] = {}
    for phrase in terms.places:
        if 2 <= len(phrase.text) <= max_len and " " not in phrase.text:
            found.setdefault(phrase.text, (FREQ_PLACE, TAG_PLACE))
    words = [p.text for p in terms.phrases if include_templates or not p.templated]
    words += [str(w) for key in ("negators", "irrealis", "bridges") for w in terms.matching.get(key) or []]
    for word in words:
        if 2 <= len(word) <= max_len and " " not in word:
            found.setdefault(word, (FREQ_PHRASE, TAG_PHRASE))
    return sorted((word, freq, tag) for word, (freq, tag) in found.items())


def shadowed_phrases(terms: Optional[ProfileTerms] = None) -> list[tuple[Phrase, Phrase]]:
    """(longer, shorter) pairs where a phrase contains a phrase of another field that its ``also`` does not
    repeat: the longer one wins the match, so the shorter fact is lost (分散供养的特困 hides 特困). Some are
    meant (不能自理 hides 能自理; 儿子瘫痪 is about the son); review the list when adding phrases."""
    terms = terms or default_terms()
    table = {p.text: p for p in terms.all_patterns()}
    out = []
    for longer in terms.phrases:
        text = longer.text
        facts = {(longer.field, longer.label), *longer.also}
        for i in range(len(text)):
            for j in range(i + 1, len(text) + 1):
                shorter = table.get(text[i:j])
                if shorter is None or shorter is longer or shorter.field == longer.field:
                    continue
                if shorter.field != BLOCKED and (shorter.field, shorter.label) not in facts:
                    out.append((longer, shorter))
    return out
