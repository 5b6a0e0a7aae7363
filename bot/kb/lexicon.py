"""Words the Chinese word segmenter must keep whole: policy terms, place names, benefit and platform names.

``lexicon_terms(kb)`` lists ``(word, freq, pos_tag)`` for jieba's user dictionary; ``write_jieba_userdict``
writes them in jieba's ``word freq tag`` line format. Sources, each optional:

* ``knowledge/synonyms.yaml`` — both the official (canonical) terms and the colloquial variants;
* the knowledge base's regions — names, aliases, cities and districts;
* the knowledge base's contacts — hotline and platform names (海易办, 浙里康养, 养老服务超市 …);
* ``knowledge/glossary.yaml`` and ``knowledge/benefits/*.yaml`` — each entry's ``name`` and ``aliases``;
* ``knowledge/nlu/service_words.yaml`` — everyday names of services users ask about (助浴, 床位费 …);
* ``knowledge/nlu/document_terms.yaml`` — document terms that jieba's default dictionary splits badly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from bot.kb.yamlio import read_yaml
from bot.settings import PROJECT_ROOT

KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"
SYNONYMS_FILE = KNOWLEDGE_DIR / "synonyms.yaml"
GLOSSARY_FILE = KNOWLEDGE_DIR / "glossary.yaml"
SERVICE_WORDS_FILE = KNOWLEDGE_DIR / "nlu" / "service_words.yaml"
BENEFITS_DIR = KNOWLEDGE_DIR / "benefits"

# Frequencies: high enough that jieba keeps the word whole against its default dictionary.
FREQ_TERM = 20_000
FREQ_PLACE = 30_000
FREQ_NAME = 30_000

DOCUMENT_TERMS_FILE = KNOWLEDGE_DIR / "nlu" / "document_terms.yaml"
PROFILE_TERMS_FILE = KNOWLEDGE_DIR / "nlu" / "profile_terms.yaml"

_WHITESPACE = re.compile(r"\s")
_PUNCT_ONLY = re.compile(r"^[\W_]+$")
_INNER_PUNCT = re.compile(r"[、，,。；;：:（）()《》〈〉“”\"'/|·…—]")
MAX_WORD_CHARS = 12  # longer names are phrases: segmenting them as one word would glue text together


def _read_yaml(path: Path) -> Any:
    if not path.exists():
        return None
    return read_yaml(path)


def load_synonym_groups(path: Path = SYNONYMS_FILE) -> list[dict[str, Any]]:
    """The groups of knowledge/synonyms.yaml as dicts with ``canonical`` and ``variants`` ([] if absent)."""
    data = _read_yaml(path) or {}
    groups = data.get("groups", []) if isinstance(data, dict) else data
    out = []
    for group in groups or []:
        canonical = str(group.get("canonical", "")).strip()
        variants = [str(v).strip() for v in group.get("variants", []) or [] if str(v).strip()]
        if canonical:
            out.append({"canonical": canonical, "variants": variants})
    return out


def _named_entries(data: Any) -> Iterator[dict[str, Any]]:
    """Entries of a glossary/benefits file: a list, or a mapping with a list under a common key."""
    if isinstance(data, dict):
        for key in ("entries", "terms", "benefits", "items", "glossary"):
            if isinstance(data.get(key), list):
                yield from (e for e in data[key] if isinstance(e, dict))
                return
        if "name" in data:
            yield data
    elif isinstance(data, list):
        yield from (e for e in data if isinstance(e, dict))


def _names_of(entry: dict[str, Any]) -> list[str]:
    names = [entry.get("name"), entry.get("term")]
    names += list(entry.get("aliases") or [])
    return [str(n) for n in names if n]


def service_words(path: Path = SERVICE_WORDS_FILE) -> list[str]:
    """Everyday names of services users ask about, which the documents may not use."""
    data = _read_yaml(path)
    return [str(w) for w in (data or {}).get("words") or [] if str(w).strip()]


def person_words(path: Path = PROFILE_TERMS_FILE) -> list[str]:
    """The words that name a person of the family (妈, 闺女, 舅舅, 老两口): whom a question is about, never
    its topic."""
    people = (_read_yaml(path) or {}).get("people") or {}
    kin = [w for words in (people.get("kin") or {}).values() for w in words or []]
    return [str(w) for w in [*kin, *(people.get("younger") or []), *(people.get("relatives") or []),
                             *(people.get("couple") or [])] if str(w).strip()]


def document_terms(path: Path = DOCUMENT_TERMS_FILE) -> list[str]:
    """Document terms (verbatim in the texts) that jieba's default dictionary cuts apart."""
    data = _read_yaml(path)
    return [str(w) for w in (data or {}).get("terms") or [] if str(w).strip()]


def glossary_names(path: Path = GLOSSARY_FILE) -> list[str]:
    return [n for e in _named_entries(_read_yaml(path)) for n in _names_of(e)]


def benefit_names(directory: Path = BENEFITS_DIR) -> list[str]:
    if not directory.is_dir():
        return []
    names: list[str] = []
    for path in sorted(directory.glob("*.yaml")):
        for entry in _named_entries(_read_yaml(path)):
            names += _names_of(entry)
    return names


def _values(container: Any) -> list[Any]:
    if container is None:
        return []
    if isinstance(container, Mapping):
        return list(container.values())
    return list(container)


def _place_names(kb: Any) -> list[str]:
    names: list[str] = []
    for region in _values(getattr(kb, "regions", None)):
        names += [region.name, *region.aliases]
        for sub in [*getattr(region, "cities", ()), *getattr(region, "districts", ())]:
            if isinstance(sub, dict):  # the loader lists sub-regions by code; they are regions themselves
                names += [sub.get("name", ""), *(sub.get("aliases") or [])]
    return names


def _contact_names(kb: Any) -> list[str]:
    return [c.name for c in _values(getattr(kb, "contacts", None)) if getattr(c, "kind", "") != "office"]


_PAREN = re.compile(r"[（(][^）)]*[）)]")


def _clean(word: str) -> str | None:
    word = _WHITESPACE.sub("", _PAREN.sub("", word or ""))
    if len(word) < 2 or len(word) > MAX_WORD_CHARS or _PUNCT_ONLY.match(word) or _INNER_PUNCT.search(word):
        return None
    return word


def lexicon_terms(kb: Any = None) -> list[tuple[str, int, str]]:
    """(word, freq, POS tag) for jieba's user dictionary, sorted and without duplicates.

    ``kb`` is the loaded knowledge base (for regions and contacts); None uses only the files.
    """
    found: dict[str, tuple[int, str]] = {}

    def add(words: Iterable[str], freq: int, tag: str) -> None:
        for raw in words:
            word = _clean(raw)
            if word and word not in found:
                found[word] = (freq, tag)

    if kb is not None:
        add(_place_names(kb), FREQ_PLACE, "ns")
        add(_contact_names(kb), FREQ_NAME, "nz")
    kb_entries = getattr(kb, "entries", None)
    if callable(kb_entries):
        add([n for e in kb_entries("glossary") for n in _names_of(e)], FREQ_TERM, "n")
        add([n for e in kb_entries("benefits") for n in _names_of(e)], FREQ_TERM, "n")
    else:
        add(glossary_names(), FREQ_TERM, "n")
        add(benefit_names(), FREQ_TERM, "n")
    add(document_terms(), FREQ_TERM, "n")
    add(service_words(), FREQ_TERM, "n")
    for group in load_synonym_groups():
        add([group["canonical"]], FREQ_TERM, "n")
        add(group["variants"], FREQ_TERM, "n")
    return sorted((word, freq, tag) for word, (freq, tag) in found.items())


def write_jieba_userdict(kb: Any, path: Path) -> Path:
    """Write jieba's user dictionary (one ``word freq tag`` line per term) to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{word} {freq} {tag}" for word, freq, tag in lexicon_terms(kb)]
    path.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
    return path
