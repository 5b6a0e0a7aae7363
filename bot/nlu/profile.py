"""Profile facts from a user message, without Rasa: ``extract_profile`` and ``extract_entities``.

    >>> extract_profile("俺娘今年八十二了，温州户口，瘫在床上好几年了，家里吃低保")
    {'age': '82', 'region': 'wenzhou', 'hukou_local': 'true', 'disability': 'severe', 'economic': 'dibao'}

How a message is read (all words come from knowledge/nlu, see :mod:`bot.nlu.terms`):

1. the text is normalised (:func:`bot.nlu.text.normalize_user_text`); offsets refer to the normalised text;
2. the spaCy pipeline (:mod:`bot.nlu.spacy_build`) tags phrases and places; the longest phrase wins;
3. a phrase preceded, within ``matching.window`` tokens of the same clause, by a negator (不是, 没有,
   不愿意 …) is dropped, or for a true/false field gets the opposite value; a phrase preceded by a
   hypothetical or question word (申请, 怎么, 如果 …) is dropped;
4. words right around a place give ``hukou_local`` / ``resides_local`` (温州户口, 户口不在文昌, 住在三亚); a word
   states one of the two only (户口在安徽住在温州: 在 belongs to 户口, so 安徽 is not where she lives);
5. ages and disability-certificate grades are read with regular expressions built from the same files:
   快70了 / 眼看就90了 / 年近八旬 are "under N" and give N-1; a bare number between separators (海口 78 低保)
   is the age when the message states other facts;
6. a clause that is a short answer as a whole (城里, 是的本地的, 乡下) states its fact.

``extract_entities`` returns every mention (Rasa's entity format); ``extract_profile`` keeps one value
per field (see :func:`resolve_profile`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Optional

from spacy.language import Language

from bot.nlu.spacy_build import META_KEY, load_profile_nlp
from bot.nlu.terms import BLOCKED, OUTSIDE, REGION
from bot.nlu.text import normalize_user_text

EXTRACTOR_NAME = "ProfileEntityExtractor"
CLAUSE_BREAKS = set("，。！？；、,.!?;：:\n ()（）…~～")


def _alternation(words: Any) -> str:
    items = sorted({str(w) for w in words or [] if str(w)}, key=len, reverse=True)
    return "|".join(re.escape(w) for w in items) or "(?!)"


# what may stand on either side of a bare age (海口 78 低保): not - / : . (dates, times, decimals)
_BARE_SEPARATORS = " ，。！？；、,!?;\n"


@dataclass
class _AgeRules:
    number: re.Pattern[str]
    cued: re.Pattern[str]
    strong: re.Pattern[str]
    decade: re.Pattern[str]
    below: Optional[re.Pattern[str]]
    bare: re.Pattern[str]
    decades: dict[str, int]
    min: int
    max: int
    bare_range: Optional[tuple[int, int]]
    approx_cues: tuple[str, ...]
    persons: tuple[str, ...]
    speaker: tuple[str, ...]
    units: tuple[str, ...]
    not_after: tuple[str, ...]
    threshold_before: tuple[str, ...]
    threshold_after: tuple[str, ...]
    not_threshold: tuple[str, ...]
    approx_following: tuple[str, ...] = ()
    closed_by: tuple[str, ...] = ()
    stated: Optional[re.Pattern[str]] = None  # 81了: an age stated (the number in group 1)
    born: Optional[re.Pattern[str]] = None  # a birth year: group 1 (before-word form) or 2 (after-word form)

    @classmethod
    def from_meta(cls, age: dict[str, Any]) -> _AgeRules:
        num = r"(?<![\d.])(\d{2,3})(?![\d.])"
        units = _alternation(age.get("units"))
        between = _alternation(age.get("approx_between"))
        after = _alternation(age.get("approx_after"))
        cues = _alternation(age.get("cues"))
        persons = _alternation(age.get("persons"))
        not_after = _alternation(age.get("not_after"))
        decades = {str(k): int(v) for k, v in (age.get("decades") or {}).items()}
        below = (re.compile(f"(?:{_alternation(age['below'])})(?:{_alternation(age.get('below_fill'))})*\\s?$")
                 if age.get("below") else None)
        seps = re.escape(_BARE_SEPARATORS)
        bare = age.get("bare")
        year = r"(?<!\d)(19\d{2}|\d{2})年"
        born = None
        if age.get("born_before") or age.get("born_after"):
            # 1940年生活 is no birth year
            born = re.compile(f"(?:{_alternation(age.get('born_before'))})\\s?{year}"
                              f"|{year}(?:{_alternation(age.get('born_after'))})(?![活日产病意])")
        return cls(
            number=re.compile(f"{num}({between})?(?:{units})"),
            cued=re.compile(f"(?:(?:{persons})儿?|{cues})(?:{cues}){{0,2}}[，,：:]?\\s?{num}({after})?(?!\\d|{not_after})"),
            strong=re.compile(f"{num}(?:{_alternation(age.get('approx_strong'))})"),
            decade=re.compile(_alternation(decades)),
            below=below,
            bare=re.compile(f"(?:^|(?<=[{seps}]))(\\d{{2,3}})(?:了|啦|喽)?(?=$|[{seps}])"),  # 在温州，84了，半失能
            decades=decades,
            min=int(age.get("min", 40)), max=int(age.get("max", 120)),
            bare_range=(int(bare[0]), int(bare[1])) if bare else None,
            approx_cues=tuple(str(w) for w in age.get("approx_cues") or ()),
            persons=tuple(sorted((str(w) for w in age.get("persons") or ()), key=len, reverse=True)),
            speaker=tuple(str(w) for w in age.get("speaker") or ()),
            units=tuple(str(w) for w in age.get("units") or ()),
            not_after=tuple(str(w) for w in age.get("not_after") or ()),
            threshold_before=tuple(str(w) for w in age.get("threshold_before") or ()),
            threshold_after=tuple(str(w) for w in age.get("threshold_after") or ()),
            not_threshold=tuple(str(w) for w in age.get("not_threshold") or ()),
            approx_following=tuple(str(w) for w in age.get("approx_following") or ()),
            closed_by=tuple(str(w) for w in age.get("closed_by") or ()),
            stated=(re.compile("".join(f"(?<!{re.escape(str(w))})" for w in age.get("stated_not_after") or ())
                               + f"(?<![\\d.])(\\d{{2,3}})(?:{_alternation(age.get('stated_with'))})(?![\\d.])")
                    if age.get("stated_with") else None),
            born=born,
        )


def age_in_year(year: str, this_year: int) -> int:
    """The age reached in `this_year` by someone born in `year` (1940, or 40 for 1940): the birthday may
    still be ahead, so the age is approximate."""
    born = int(year) if len(year) == 4 else 1900 + int(year)
    return this_year - born


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = start
    while left > 0 and text[left - 1] not in CLAUSE_BREAKS:
        left -= 1
    right = end
    while right < len(text) and text[right] not in CLAUSE_BREAKS:
        right += 1
    return left, right


def sound_alikes_corrected(norm: str) -> str:
    """温洲 → 温州, 低宝 → 低保, 五宝户 → 五保户: the knowledge base's sound-alike reading of typed words (see
    bot.kb.search). Same length, so offsets into ``norm`` stay valid."""
    from bot.kb.search import get_index

    corrected = get_index().correct_sound_alikes(norm)
    return corrected if len(corrected) == len(norm) else norm


def warm_sound_alikes() -> None:
    """Build the index behind :func:`sound_alikes_corrected` now rather than on the first message."""
    from bot.kb.search import get_index

    get_index()


class ProfileExtractor:
    """Reads profile facts with a profile pipeline built by :mod:`bot.nlu.spacy_build`."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        meta = nlp.meta.get(META_KEY) or {}
        self.fields: dict[str, dict] = meta.get("fields", {})
        matching = meta.get("matching", {})
        self.window = int(matching.get("window", 3))
        self.negators = {str(w) for w in matching.get("negators") or []}
        # one-character negators inside the words around a place (户口不在文昌, 不住在温州)
        self.simple_negators = tuple(str(w) for w in matching.get("simple_negators") or [])
        self.irrealis = {str(w) for w in matching.get("irrealis") or []}
        self.bridges = {str(w) for w in matching.get("bridges") or []}
        # (会不会把我们当特殊困难老人来探访: an A-not-A question word earlier in the clause asks about the phrase)
        asked = _alternation(matching.get("asked_before"))
        self.asked_before = re.compile(asked) if asked else None
        # (up to two, with a pause between: 低保申请了 没申请上 / 低保一直办不下来)
        pause = "[\\s，,]*"  # (a space or a comma between the words of one denial)
        lead = f"(?:(?:{_alternation(matching.get('after_lead'))}){pause}){{0,2}}"
        self.negated_after = re.compile(f"^{lead}(?:{_alternation(matching.get('negators_after'))})")
        # (低保 边缘 特困那些都不是: the statuses listed after the phrase, then one denial for all of them)
        items, closers = _alternation(matching.get("list_items")), _alternation(matching.get("list_closers"))
        joiners = _alternation(matching.get("list_joiners"))
        self.listed_then_denied = re.compile(
            f"^(?:(?:\\s|{joiners})*(?:{items}))*{pause}{lead}(?:{closers})") if items and closers else None
        closing = _alternation(matching.get("negators_closing"))
        particles_end = _alternation(matching.get("particles"))
        self.negated_closing = re.compile(f"^{lead}(?:{closing})(?:{particles_end}|了|的)*$" if closing else "(?!)")
        final = _alternation(matching.get("topic_final"))
        particles = _alternation(matching.get("particles"))
        self.topic_after = re.compile(f"^(?:(?:{_alternation(matching.get('topic_after'))})"
                                      f"|(?:{final})(?:{particles})?$)")
        self.also = {k: [tuple(kv) for kv in v] for k, v in (meta.get("also") or {}).items()}
        who = _alternation(matching.get("child_place_who"))
        self.child_place = (re.compile(f"(?:{who})(?:{_alternation(matching.get('child_place_fill'))})*"
                                       f"(?:{_alternation(matching.get('child_place_to'))})$")
                            if who else None)
        self.child_place_with = tuple(str(w) for w in matching.get("child_place_with") or ())
        self.parents: dict[str, Optional[str]] = meta.get("region_parents", {})
        self.cities: dict[str, Optional[str]] = meta.get("region_cities", {})
        self.age = _AgeRules.from_meta(meta.get("age") or {})
        grade = meta.get("grade_context") or {}
        self.grade_field = grade.get("field")
        labels = "".join(sorted(grade.get("labels") or []))
        breaks = re.escape("".join(sorted(CLAUSE_BREAKS)))
        cue = _alternation(grade.get("words"))
        # 残疾证是2级的, 有残疾证，二级的: one comma may follow the certificate word
        self.grade_re = (re.compile(f"(?:{cue})(?:[，,]\\s?)?[^{breaks}]{{0,5}}?(?<!\\d)([{labels}])级")
                         if grade and labels else None)
        self.context = [self._context_regex(p) for p in meta.get("place_context") or []]
        answers = meta.get("answers") or {}
        self.answer_words: dict[str, tuple[str, str]] = {
            str(w): (str(fv[0]), str(fv[1])) for w, fv in (answers.get("words") or {}).items()}
        self.answer_lead = tuple(sorted((str(w) for w in answers.get("lead") or ()), key=len, reverse=True))
        self.answer_tail = tuple(sorted((str(w) for w in answers.get("tail") or ()), key=len, reverse=True))

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _slots_regex(slots: list[dict]) -> str:
        parts = []
        for slot in slots:
            group = f"(?:{_alternation(slot.get('words'))})"
            parts.append(group + ("?" if slot.get("optional") else ""))
        return "".join(parts)

    def _context_regex(self, pattern: dict) -> tuple[str, Optional[str], Optional[re.Pattern[str]],
                                                     Optional[re.Pattern[str]]]:
        before = self._slots_regex(pattern.get("before") or [])
        after = self._slots_regex(pattern.get("after") or [])
        return (pattern["field"], pattern.get("label"), re.compile(f"(?:{before})$") if before else None,
                re.compile(f"^(?:{after})") if after else None)

    def _a_childs_place(self, text: str, start: int) -> bool:
        """孩子都在深圳打工: the place starting at ``start`` is where a child is, not the elder."""
        left, _ = _clause_bounds(text, start, start)
        match = self.child_place.search(text[left:start]) if self.child_place else None
        return match is not None and not text[left:left + match.start()].endswith(self.child_place_with)

    def _cue_before(self, doc: Any, token_index: int) -> Optional[str]:
        """'negated' or 'irrealis' when such a token precedes token_index within the window, with only
        bridge words (是, 在, 吃 …) in between; else None."""
        for k in range(token_index - 1, max(-1, token_index - 1 - self.window), -1):
            word = doc[k].text
            if word in self.irrealis:
                return "irrealis"
            if word in self.negators:
                return "negated"
            if word not in self.bridges:
                return None
        return None

    def _asked_before(self, clause_before: str) -> bool:
        return self.asked_before is not None and self.asked_before.search(clause_before) is not None

    def _cue(self, doc: Any, ent: Any, text: str) -> Optional[str]:
        """The cue for a phrase from the words before it (_cue_before) and right after it in its clause:
        'irrealis' (hypothetical, or the topic of a question), 'negated', or None."""
        before = self._cue_before(doc, ent.start)
        left, right = _clause_bounds(text, ent.start_char, ent.end_char)
        after = text[ent.end_char:right]
        if before == "irrealis" or self.topic_after.search(after) or self._asked_before(text[left:ent.start_char]):
            return "irrealis"
        denied_after = bool(self.negated_after.search(after) or self.negated_closing.search(after) or (
            self.listed_then_denied is not None and self.listed_then_denied.search(after)))
        negated = (before == "negated") != denied_after
        return "negated" if negated else None

    def _char_cue_before(self, doc: Any, char: int) -> Optional[str]:
        """Like _cue_before, for the token that starts at (or contains) character ``char``."""
        index = next((t.i for t in doc if t.idx + len(t.text) > char), len(doc))
        return self._cue_before(doc, index)

    def _kind(self, field: str) -> str:
        return (self.fields.get(field) or {}).get("kind", "category")

    def _apply_cue(self, field: str, value: str, cue: Optional[str], phrase: str = "") -> Optional[str]:
        if cue is None:
            return value
        if cue == "negated" and self._kind(field) == "boolean":
            denied_by = (self.fields.get(field) or {}).get("denied_by")
            if denied_by and phrase not in denied_by:
                return None  # 不是烈属: one kind of the group denied, the group itself left open
            return "false" if value == "true" else "true"
        return None

    @staticmethod
    def _entity(field: str, value: str, start: int, end: int, text: str, **extra: Any) -> dict[str, Any]:
        entity = {"entity": field, "value": value, "start": start, "end": end, "text": text[start:end],
                  "confidence_entity": 1.0, "extractor": EXTRACTOR_NAME}
        entity.update(extra)
        return entity

    # ------------------------------------------------------------------ extraction
    def entities(self, text: str, relative: bool = True) -> list[dict[str, Any]]:
        """All profile entities of ``normalize_user_text(text)`` (offsets into the normalised text). With
        ``relative``, 户籍/居住 facts are read for the message's region (see :func:`relative_to_region`); a caller
        that decides itself which places are the elder's passes False and applies it then."""
        norm = normalize_user_text(text)
        if not norm or norm.startswith("/"):
            return []
        norm = sound_alikes_corrected(norm)
        doc = self.nlp(norm)
        out: list[dict[str, Any]] = []
        places = []
        for ent in doc.ents:
            field, value = ent.label_, ent.ent_id_
            if field == BLOCKED:
                continue
            if field == REGION:
                if self._a_childs_place(norm, ent.start_char):
                    continue
                # 不是三亚，是海口: a place right after a negator is kept (户口不在文昌 still names 文昌) but
                # marked, so that another covered place wins the region (resolve_profile)
                negated = {"negated": True} if self._cue_before(doc, ent.start) == "negated" else {}
                out.append(self._entity(REGION, value, ent.start_char, ent.end_char, norm, **negated))
                places.append(ent)
                continue
            cue = self._cue(doc, ent, norm)
            facts = [(field, value), *self.also.get(f"{field}\t{ent.text}", [])]
            for fact_field, fact_value in facts:
                final = self._apply_cue(fact_field, fact_value, cue, ent.text)
                if final is not None:
                    out.append(self._entity(fact_field, final, ent.start_char, ent.end_char, norm))
        out += self._place_context(doc, norm, places, out)
        out += self._grades(norm)
        out += self._ages(norm, doc)
        if (out or self._names_elder(norm)) and not any(e["entity"] == "age" for e in out):
            out += self._bare_age(norm)  # hotline notes: 海口 78 低保 重度失能 独居; 帮我爸查查 他住鹿城 76
        stated = {e["entity"] for e in out}
        out += [a for a in self._short_answers(norm, out) if a["entity"] not in stated]
        if relative:
            out = relative_to_region(out, self.resolve(out).get(REGION), self.parents, self.cities)
        return _dedupe(out)

    def _place_context(self, doc: Any, text: str, places: list[Any],
                       phrases: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        # characters of context words already read: per field for fixed-value facts (跟儿子住温州 is both
        # living and resides_local); shared by the facts whose value comes from the place (hukou_local,
        # resides_local), since a word states one of them only: 户口在安徽住在温州 — 在 belongs to 户口
        # (…and the words of a phrase that states one of them: 外地户口在海口住 — 户口 belongs to 外地户口)
        used: dict[str, set[int]] = {"": {i for e in phrases if e["entity"] in ("hukou_local", "resides_local")
                                          for i in range(int(e["start"]), int(e["end"]))}}
        for ent in places:
            left, right = _clause_bounds(text, ent.start_char, ent.end_char)
            before, after = text[left:ent.start_char], text[ent.end_char:right]
            for field, label, before_re, after_re in self.context:
                start, end = ent.start_char, ent.end_char
                if before_re is not None:
                    match = before_re.search(before)
                    if match is None:
                        continue
                    start = left + match.start()
                if after_re is not None:
                    match = after_re.search(after)
                    if match is None:
                        continue
                    end = ent.end_char + match.end()
                word_chars = {*range(start, ent.start_char), *range(ent.end_char, end)}
                claim = field if label else ""
                if word_chars & used.get(claim, set()):
                    continue  # 上海户口在温州: 户口 belongs to 上海
                used.setdefault(claim, set()).update(word_chars)
                value = label or ("false" if ent.ent_id_ == OUTSIDE else "true")
                words = text[start:ent.start_char] + text[ent.end_char:end]
                cue = "negated" if any(n in words for n in self.simple_negators) else None
                outer = self._char_cue_before(doc, start)
                if outer == "irrealis":
                    continue
                if outer == "negated":
                    cue = None if cue else "negated"
                final = self._apply_cue(field, value, cue)
                if final is not None:
                    out.append(self._entity(field, final, start, end, text, place=ent.ent_id_))
        return out

    def _grades(self, text: str) -> list[dict[str, Any]]:
        if self.grade_re is None:
            return []
        return [self._entity(self.grade_field, m.group(1), m.start(), m.end(), text)
                for m in self.grade_re.finditer(text)]

    def _ages(self, text: str, doc: Any) -> list[dict[str, Any]]:
        rules = self.age
        found: list[dict[str, Any]] = []

        def add(value: int, start: int, end: int, num_start: int, approximate: bool) -> None:
            if not rules.min <= value <= rules.max:
                return
            if self._char_cue_before(doc, num_start) == "negated":
                return  # 我妈不是80岁，是82岁
            before = text[:start]
            threshold = before.endswith(rules.threshold_before) and not before.endswith(rules.not_threshold)
            closed = bool(rules.closed_by) and text[start:end].endswith(rules.closed_by)
            if threshold or (text[end:].startswith(rules.threshold_after) and not closed):
                return
            left, _ = _clause_bounds(text, start, end)
            prefix = text[left:num_start]
            approximate = approximate or any(c in prefix[-4:] for c in rules.approx_cues)
            approximate = approximate or text[end:].lstrip().startswith(rules.approx_following)  # 70岁左右
            if rules.below is not None and rules.below.search(prefix):
                # 快70了, 眼看就90了, 年近八旬: not yet N — N-1, so no threshold of N is met by mistake
                value -= 1
                approximate = True
                if value < rules.min:
                    return
            person = None
            for k in range(len(prefix), 0, -1):  # the person word nearest before the number
                person = next((p for p in rules.persons if prefix[:k].endswith(p)), None)
                if person:
                    break
            extra: dict[str, Any] = {"approximate": True} if approximate else {}
            if person in rules.speaker:
                extra["speaker"] = True
            found.append(self._entity("age", str(value), start, end, text, **extra))

        for m in rules.number.finditer(text):
            add(int(m.group(1)), m.start(), m.end(), m.start(), bool(m.group(2)))
        for m in rules.cued.finditer(text):
            add(int(m.group(1)), m.start(1), m.end(), m.start(1), bool(m.group(2)))
        for m in rules.strong.finditer(text):
            add(int(m.group(1)), m.start(1), m.end(), m.start(1), True)
        low, high = rules.bare_range or (rules.min, rules.max)
        for m in rules.stated.finditer(text) if rules.stated else ():
            if low <= int(m.group(1)) <= high and not any(e["start"] == m.start(1) for e in found):
                add(int(m.group(1)), m.start(1), m.end(), m.start(1), False)
        for m in rules.decade.finditer(text):
            add(rules.decades[m.group(0)], m.start(), m.end(), m.start(), True)
        for m in rules.born.finditer(text) if rules.born else ():
            group = 1 if m.group(1) else 2
            add(age_in_year(m.group(group), date.today().year), m.start(group), m.end(), m.start(group), True)
        return found

    def _names_elder(self, text: str) -> bool:
        """A person other than the writer is named (爸, 她, 老人): a bare number beside them may be their age."""
        return any(p in text for p in self.age.persons if p not in self.age.speaker)

    def _bare_age(self, text: str) -> list[dict[str, Any]]:
        """The one bare number of ``bare_range`` standing alone between separators (海口 78 低保), not next
        to a unit, a threshold word or other digits; [] when there is none or more than one."""
        rules = self.age
        if rules.bare_range is None:
            return []
        low, high = rules.bare_range
        found = []
        for m in rules.bare.finditer(text):
            value = int(m.group(1))
            if not low <= value <= high:
                continue
            before, after = text[:m.start()].rstrip(), text[m.end():].lstrip()
            if before[-1:].isdigit() or after[:1].isdigit():
                continue  # part of a date or a phone number written in groups
            unit = next((u for u in sorted(rules.units, key=len, reverse=True) if after.startswith(u)), None)
            if unit:
                after = after[len(unit):].lstrip()
            elif after.startswith(rules.not_after):
                continue  # 78 元, 60 小时
            threshold = before.endswith(rules.threshold_before) and not before.endswith(rules.not_threshold)
            if threshold or after.startswith(rules.threshold_after):
                continue
            found.append(self._entity("age", str(value), m.start(), m.end(), text))
        return found if len(found) == 1 else []

    def _short_answers(self, text: str, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """城里, 是的本地的, 我妈80了，在村里住: a clause that is a listed short answer as a whole → its fact
        (inside a longer clause the word says nothing: 城市低保标准, 住在乐清城里); not in a clause where a
        phrase was already found (住在本地 is about residence, not 本地 hukou)."""
        if not self.answer_words:
            return []
        out = []
        start = 0
        while start < len(text):
            end = start
            while end < len(text) and text[end] not in CLAUSE_BREAKS:
                end += 1
            taken = any(e["start"] < end and e["end"] > start for e in found)
            answer = None if taken else self._answer_in(text, start, end)
            if answer is not None:
                out.append(answer)
            start = end + 1
        return out

    def _answer_in(self, text: str, start: int, end: int) -> Optional[dict[str, Any]]:
        for lead in ("", *self.answer_lead):
            if not text.startswith(lead, start, end):
                continue
            first, last = start + len(lead), end
            while last > first:
                word = text[first:last]
                if word in self.answer_words:
                    field, value = self.answer_words[word]
                    return self._entity(field, value, first, last, text)
                tail = next((t for t in self.answer_tail if text.endswith(t, first, last)), None)
                if tail is None:
                    break
                last -= len(tail)
        return None

    # ------------------------------------------------------------------ one value per field
    def resolve(self, entities: list[dict[str, Any]]) -> dict[str, str]:
        return resolve_profile(entities, self.fields, self.parents)

    def profile_entities(self, text: str) -> list[dict[str, Any]]:
        """The entities of ``text`` that state its resolved profile (see :func:`agreeing_entities`).
        When the message describes two elders, a fact that differs between them is left out: it belongs
        to neither until the user says whom the check is for (我爸85岁失能，我妈79岁能自理)."""
        entities = self.entities(text)
        if people_mentioned(text) >= 2:
            entities = shared_facts_only(normalize_user_text(text), entities)
        return agreeing_entities(entities, self.resolve(entities))


@functools.lru_cache(maxsize=1)
def _people() -> dict[str, Any]:
    """The kinship words of knowledge/nlu/profile_terms.yaml (``people``), compiled."""
    from bot.nlu.terms import default_terms

    people = default_terms().people
    kin = {str(person): re.compile(_alternation(words)) for person, words in (people.get("kin") or {}).items()}
    return {"kin": kin, "couple": re.compile(_alternation(people.get("couple"))),
            # a person followed, within a few characters, by a death word (我爸前年走了) is no elder to check
            # (…unless the survivors are named: 我妈是烈士遗属)
            "deceased": re.compile(f"[^，,。；;！!？?]{{0,6}}?(?:{_alternation(people.get('deceased'))})"
                                   f"(?!{_alternation(people.get('deceased_not_before'))})"),
            "both": re.compile(_alternation(people.get("both"))),
            "fields": tuple(str(f) for f in people.get("person_fields") or ())}


def person_fields() -> tuple[str, ...]:
    """Facts of one person, not of the household (户籍, 居住地 and 低保 are often shared)."""
    return _people()["fields"]


def people_mentioned(text: str) -> int:
    """How many living elders a message speaks of, as far as its kinship words tell (a couple word
    counts 2)."""
    norm = normalize_user_text(text)
    people = _people()
    if people["couple"].search(norm):
        return 2
    return sum(1 for pattern in people["kin"].values()
               if any(not people["deceased"].match(norm, m.end()) for m in pattern.finditer(norm)))


def shared_facts_only(norm: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Of a message about two elders, the household facts and the person facts said of both (都80了);
    a person fact said of one of them (我爸失能了，我妈能自理) is left out."""
    differing = differing_person_facts(entities)
    fields = person_fields()

    def said_of_both(entity: dict[str, Any]) -> bool:
        left, _right = _clause_bounds(norm, entity["start"], entity["end"])
        return bool(_people()["both"].search(norm[left:entity["start"]]))

    return [e for e in entities if e["entity"] not in fields
            or (e["entity"] not in differing and said_of_both(e))]


def differing_person_facts(entities: list[dict[str, Any]]) -> set[str]:
    """The person-level fields with more than one value (the speaker's own age aside)."""
    values: dict[str, set[str]] = {}
    for entity in entities:
        if entity["entity"] in person_fields() and not entity.get("speaker"):
            values.setdefault(entity["entity"], set()).add(str(entity["value"]))
    return {field for field, found in values.items() if len(found) > 1}


def _dedupe(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple] = set()
    out = []
    for entity in sorted(entities, key=lambda e: (e["start"], -(e["end"] - e["start"]), e["entity"])):
        key = (entity["entity"], entity["value"], entity["start"], entity["end"])
        # an age found by two rules at the same number: keep the longer match only
        age_key = ("age", entity["value"], entity["start"]) if entity["entity"] == "age" else None
        if key in seen or (age_key and age_key in seen):
            continue
        seen.add(key)
        if age_key:
            seen.add(age_key)
        out.append(entity)
    return out


def relative_to_region(entities: list[dict[str, Any]], region: Optional[str], parents: dict[str, Optional[str]],
                       cities: dict[str, Optional[str]]) -> list[dict[str, Any]]:
    """户籍/居住 facts read next to a place hold for the region the message is about: 海口户口但住在三亚 is
    about 海口, so she does not live there (resides_local false), though 住在三亚 is true of 三亚, and 户口在阿什里乡
    住在榆树沟镇 lives in 昌吉市 all the same."""
    if not region:
        return entities
    out = []
    for entity in entities:
        place = entity.get("place")
        if place and entity["value"] == "true" and place != OUTSIDE and not in_one_city(place, region, parents,
                                                                                       cities):
            entity = {**entity, "value": "false"}
        out.append(entity)
    return out


def same_line(place: str, region: str, parents: dict[str, Optional[str]]) -> bool:
    """One of the two places is the other or lies inside it (海口 and 龙华区)."""
    return place in _lineage(region, parents) or region in _lineage(place, parents)


def in_one_city(place: str, region: str, parents: dict[str, Optional[str]],
                cities: dict[str, Optional[str]]) -> bool:
    """The two places are one for 户籍 and 居住 (本市): on one line, or both in one city (阿什里乡 and 榆树沟镇, both
    昌吉市; not 三亚 and 琼海, both only in 海南省)."""
    city = cities.get(place)
    return same_line(place, region, parents) or (city is not None and city == cities.get(region))


def _lineage(code: str, parents: dict[str, Optional[str]]) -> list[str]:
    """The place and the places it lies in, innermost first (龙华区, 海口, 海南)."""
    line: list[str] = []
    current: Optional[str] = code
    while current and current not in line:
        line.append(current)
        current = parents.get(current)
    return line


def agreeing_entities(entities: list[dict[str, Any]], profile: dict[str, str]) -> list[dict[str, Any]]:
    """The mentions whose value is the one ``resolve_profile`` kept for their field, in text order.

    Rasa fills a slot from the last entity of that name and the actions read the last value too, so the
    Rasa component passes on only these: 户口在安徽，住在温州 gives region wenzhou, not outside and wenzhou;
    我妈快80了，我今年55 gives the mother's age, not the speaker's; 瘫在床上，能自理 gives severe."""
    return [e for e in entities if profile.get(e["entity"]) == str(e["value"])]


def resolve_profile(entities: list[dict[str, Any]], fields: dict[str, dict],
                    parents: dict[str, Optional[str]]) -> dict[str, str]:
    """One value per field, from a message's entities (in text order):

    * region: a covered place over an outside one, and one not right after a negator over one that is
      (不是三亚，是海口 → haikou); of covered places the most specific (海口美兰 → meilan); otherwise the first;
    * age: the first age that is not the speaker's own (我今年55，我妈快80了 → 79), else the first;
    * fields with a ``resolve`` list (disability, economic, living): the value that comes first in it
      (瘫在床上 + 能自理 → severe; 低保 + 家里困难 → dibao);
    * true/false fields: the last mention; other fields: the first.
    """
    by_field: dict[str, list[dict[str, Any]]] = {}
    for entity in sorted(entities, key=lambda e: e["start"]):
        by_field.setdefault(entity["entity"], []).append(entity)
    profile: dict[str, str] = {}
    for field, mentions in by_field.items():
        values = [str(m["value"]) for m in mentions]
        if field == REGION:
            covered = [str(m["value"]) for m in mentions if m["value"] != OUTSIDE and not m.get("negated")]
            covered = covered or [v for v in values if v != OUTSIDE]
            if covered:
                ancestors = {a for code in covered for a in _lineage(code, parents)[1:]}
                specific = [c for c in covered if c not in ancestors]
                profile[field] = (specific or covered)[0]
            else:
                profile[field] = values[0]
        elif field == "age":
            # 七十多 / 快八十 / 1945年生的 say no age in years: no age is taken from them (the check asks it)
            # the elder's age over the speaker's own (我今年55，我妈快80了: the mother's, which is no number of years)
            about_others = [m for m in mentions if not m.get("speaker")]
            exact = [m for m in (about_others or mentions) if not m.get("approximate")]
            if exact:
                profile[field] = str(exact[0]["value"])
        else:
            spec = fields.get(field) or {}
            order = list(spec.get("resolve") or [])
            if order:
                profile[field] = min(values, key=lambda v: order.index(v) if v in order else len(order))
            elif spec.get("kind") == "boolean":
                profile[field] = values[-1]
            else:
                profile[field] = values[0]
    return profile


@functools.lru_cache(maxsize=4)
def get_extractor(model_path: Optional[str] = None) -> ProfileExtractor:
    """The extractor over the saved pipeline (default build/spacy_profile), cached."""
    return ProfileExtractor(load_profile_nlp(model_path))


def extract_entities(text: str, model_path: Optional[str] = None) -> list[dict[str, Any]]:
    """Every profile fact in ``text`` as Rasa entities (``entity``, ``value``, ``start``, ``end``, ``text``,
    ``confidence_entity``, ``extractor``; ages may carry ``approximate``/``speaker``). Offsets refer to
    ``normalize_user_text(text)`` — the text Rasa sees after ``TextNormalizer``."""
    return get_extractor(model_path).entities(text)


def extract_profile(text: str, model_path: Optional[str] = None) -> dict[str, str]:
    """The profile fields stated in ``text``, one value per field: ``{"age": "82", "region": "wenzhou"}``."""
    extractor = get_extractor(model_path)
    return extractor.resolve(extractor.entities(text))
