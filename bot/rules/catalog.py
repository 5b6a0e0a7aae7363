"""Compile ``knowledge/benefits/*.yaml`` into :class:`Rule` objects, once per knowledge base.

Compilation checks what the JSON Schema cannot: fields and codes exist in the profile vocabulary, each op
fits its field's type, refs name a tag, ids are unique, documents/regions/contacts exist, and every condition
and outcome carries a citation (its own or its group's). Anything wrong raises :class:`RuleError` naming the
benefit and the place, so a bad edit fails at start-up and in the tests, not in front of a user.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Optional

from bot.kb.loader import KnowledgeBase, load_kb
from bot.kb.numerals import strip_whitespace
from bot.rules.logic import AllOf, AnyOf, Node, Not, Open, Predicate, Ref, walk
from bot.rules.result import Amount, Apply, ChecklistItem, Citation
from bot.rules.vocabulary import FieldWords, Vocabulary, load_vocabulary

BOOL_OPS = ("is_true", "is_false")
SET_OPS = ("in", "not_in")
NUMERIC_OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt,
}
NUMERIC_WORDS = {">=": "{title}{value}{unit}以上", ">": "{title}超过{value}{unit}",
                 "<=": "{title}{value}{unit}以下", "<": "{title}不满{value}{unit}"}
OPEN_KINDS = ("assessment", "wish", "undefined", "unspecified")


class RuleError(Exception):
    """A benefit's rule cannot be compiled (unknown field or code, missing citation, bad ref…)."""


@dataclass(frozen=True)
class Outcome:
    content: str
    cite: str
    quote: str
    hint: str
    when: Optional[Node] = None
    amount: Optional[Amount] = None


@dataclass(frozen=True)
class Rule:
    benefit_id: str
    name: str
    region: str
    doc_id: str
    content: str
    target_group: str
    aliases: tuple[str, ...]
    conditions: Node
    conjuncts: tuple[Node, ...]  # top-level conditions: the root's children when it is an `all`
    leaves: tuple[tuple[Node, Optional[str]], ...]  # checklist order: (leaf, enclosing group label)
    unmodelled: tuple[Open, ...]
    outcomes: tuple[Outcome, ...]
    size: int  # number of nodes (length of the state list)
    citations: tuple[Citation, ...]
    static_warnings: tuple[str, ...]
    period_end: Optional[str] = None
    period_quote: Optional[str] = None
    superseded_by: tuple[str, ...] = ()
    unmodelled_items: tuple[ChecklistItem, ...] = ()  # their checklist lines never change: built once
    apply: Optional[Apply] = None
    department: Optional[str] = None
    entry: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def can_be_eligible(self) -> bool:
        """False when the verdict can never be better than `likely` (an official 认定, an undefined term…)."""
        return not self.unmodelled and can_be(self.conditions, True)

    @property
    def can_fail(self) -> bool:
        """True when some profile makes the verdict `not_eligible`."""
        return can_be(self.conditions, False)


def can_be(node: Node, wanted: bool) -> bool:
    """Whether some assignment of the profile fields decides the node to ``wanted`` (open conditions never
    decide)."""
    if isinstance(node, Predicate):
        return True
    if isinstance(node, Open):
        return False
    if isinstance(node, Ref):
        return can_be(node.target, wanted)
    if isinstance(node, Not):
        return can_be(node.item, not wanted)
    children = node.children()
    if isinstance(node, AllOf):
        return all(can_be(c, True) for c in children) if wanted else any(can_be(c, False) for c in children)
    return any(can_be(c, True) for c in children) if wanted else all(can_be(c, False) for c in children)


# ---------------------------------------------------------------------------------------------- compiling


class _Compiler:
    """Compiles one benefit's rule; numbers nodes in evaluation order."""

    def __init__(self, benefit_id: str, vocab: Vocabulary):
        self.benefit_id = benefit_id
        self.vocab = vocab
        self.count = 0
        self.tags: dict[str, Node] = {}

    def fail(self, path: str, message: str) -> RuleError:
        return RuleError(f"benefits: {self.benefit_id}: {path}: {message}")

    def node(self, data: Any, path: str, depth: int, inherited: tuple[Optional[str], Optional[str]]) -> Node:
        if not isinstance(data, Mapping):
            raise self.fail(path, f"a condition must be a mapping, got {data!r}")
        cite, quote = data.get("cite"), data.get("quote")
        own = (cite, quote) if cite and quote else inherited
        if "all" in data or "any" in data:
            key = "all" if "all" in data else "any"
            items = tuple(self.node(c, f"{path}.{key}[{i}]", depth + 1, own) for i, c in enumerate(data[key]))
            label = data.get("label") or self._group_label(key, items)
            node: Node = (AllOf if key == "all" else AnyOf)(items, label, cite, quote)
        elif "not" in data:
            item = self.node(data["not"], f"{path}.not", depth + 1, own)
            node = Not(item, data.get("label") or f"并非{item.label}", cite, quote)
        elif "ref" in data:
            target = self.tags.get(data["ref"])
            if target is None:
                raise self.fail(path, f"ref '{data['ref']}' names no tagged group of the conditions")
            node = Ref(target)
        elif "kind" in data:
            node = self._open(data, path, own)
        elif "field" in data:
            node = self._predicate(data, path, own)
        else:
            raise self.fail(path, "expected all / any / not / ref, a predicate (field, op) or an open "
                                  "condition (text, kind)")
        if isinstance(node, (Predicate, Open)) and not (node.cite and node.quote):
            raise self.fail(path, "needs a citation: give `cite` and `quote` here or on its group")
        node.depth = depth
        node.index = self.count
        self.count += 1
        tag = data.get("tag")
        if tag:
            if tag in self.tags:
                raise self.fail(path, f"tag '{tag}' is used twice")
            node.tag = tag
            self.tags[tag] = node
        return node

    @staticmethod
    def _group_label(key: str, items: tuple[Node, ...]) -> str:
        labels = [c.label for c in items]
        return "以下之一：" + "、".join(labels) if key == "any" else "，且".join(labels)

    def _field(self, name: Any, path: str) -> FieldWords:
        if name not in self.vocab or name == "region":
            raise self.fail(path, f"unknown profile field '{name}' (known: {', '.join(self.vocab.order)})")
        return self.vocab[name]

    def _predicate(self, data: Mapping[str, Any], path: str, own: tuple) -> Predicate:
        words = self._field(data["field"], path)
        op = data.get("op")
        label = data.get("label")
        test: Callable[[Any], bool]
        operand: Any = None
        if op in BOOL_OPS:
            if words.kind != "boolean":
                raise self.fail(path, f"op '{op}' needs a yes/no field; '{words.name}' is {words.kind}")
            wanted = op == "is_true"
            test = (lambda v: v is True) if wanted else (lambda v: v is False)
            label = label or (words.yes if wanted else words.no)
        elif op in SET_OPS:
            codes = tuple(data.get("codes") or ())
            allowed = words.values
            bad = [c for c in codes if c not in allowed]
            if not codes or bad:
                raise self.fail(path, f"codes {bad or codes} not allowed for '{words.name}' "
                                      f"(allowed: {allowed})")
            operand = frozenset(codes)
            test = operand.__contains__ if op == "in" else (lambda v, s=operand: v not in s)
            verb = "为" if op == "in" else "不是"
            label = label or f"{words.title}{verb}{words.codes_label(codes)}"
        elif op in NUMERIC_OPS:
            if words.kind != "integer" or not isinstance(data.get("value"), (int, float)):
                raise self.fail(path, f"op '{op}' needs a numeric field and a number `value`")
            operand = data["value"]
            compare = NUMERIC_OPS[op]
            test = functools.partial(lambda v, c, x: c(v, x), c=compare, x=operand)
            label = label or NUMERIC_WORDS[op].format(title=words.title, value=_num(operand), unit=words.unit)
        else:
            raise self.fail(path, f"unknown op '{op}'")
        return Predicate(words.name, op, operand, test, label, own[0], own[1])

    def _open(self, data: Mapping[str, Any], path: str, own: tuple) -> Open:
        if data["kind"] not in OPEN_KINDS:
            raise self.fail(path, f"kind must be one of {OPEN_KINDS}")
        field_name = data.get("field")
        if field_name is not None:
            self._field(field_name, path)
        return Open(str(data["text"]), data["kind"], str(data.get("note") or ""), field_name, own[0], own[1])


def _num(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _leaves(root: Node) -> tuple[tuple[Node, Optional[str]], ...]:
    """Leaves in order with the label of their enclosing group (none for direct children of a root `all`)."""
    out: list[tuple[Node, Optional[str]]] = []

    def visit(node: Node, group: Optional[str]) -> None:
        if isinstance(node, (Predicate, Open)):
            out.append((node, group))
            return
        if isinstance(node, Ref):
            return
        inner = None if node is root and isinstance(node, AllOf) else node.label
        for child in node.children():
            visit(child, inner)

    visit(root, None)
    return tuple(out)


def _citations(kb: KnowledgeBase, nodes: list[Any]) -> tuple[Citation, ...]:
    """Distinct (clause, quote) pairs; a quote contained in a longer quote of the same clause is dropped."""
    pairs: list[tuple[str, str]] = []
    for node in nodes:
        cite, quote = getattr(node, "cite", None), getattr(node, "quote", None)
        if cite and quote and (cite, quote) not in pairs:
            pairs.append((cite, quote))
    kept = []
    for cite, quote in pairs:
        flat = strip_whitespace(quote)
        if any(c == cite and q != quote and flat in strip_whitespace(q) for c, q in pairs):
            continue
        kept.append(Citation(doc_id=cite.split(":", 1)[0], clause_id=cite, quote=quote,
                             source=kb.citation(cite) if cite in kb.clauses else ""))
    return tuple(kept)


def _warnings(kb: KnowledgeBase, entry: Mapping[str, Any],
              citations: tuple[Citation, ...]) -> tuple[str, ...]:
    """The status warning of every non-current document the benefit relies on, then the entry's notes."""
    doc_ids: list[str] = [entry["doc_id"]]
    for ref in [*entry.get("cites", []), *(c.clause_id for c in citations)]:
        doc_id = ref.split(":", 1)[0]
        if doc_id not in doc_ids:
            doc_ids.append(doc_id)
    out = []
    for doc_id in doc_ids:
        doc = kb.documents.get(doc_id)
        if doc is not None and doc.status != "in_force":
            out.append(f"《{doc.short_name}》：{doc.status_note}")
    out.extend(entry.get("notes") or [])
    return tuple(out)


def compile_rule(entry: Mapping[str, Any], kb: KnowledgeBase, vocab: Vocabulary) -> Rule:
    benefit_id = str(entry.get("id"))
    comp = _Compiler(benefit_id, vocab)
    rule_data = entry.get("rule") or {}
    conditions = comp.node(rule_data.get("conditions"), "rule.conditions", 0, (None, None))
    unmodelled = tuple(comp.node(u, f"rule.unmodelled[{i}]", 0, (None, None))
                       for i, u in enumerate(rule_data.get("unmodelled") or []))
    if not all(isinstance(u, Open) for u in unmodelled):
        raise comp.fail("rule.unmodelled", "entries must be open conditions (text, kind, cite, quote)")
    outcomes = []
    for i, data in enumerate(rule_data.get("outcomes") or []):
        path = f"rule.outcomes[{i}]"
        when = comp.node(data["when"], f"{path}.when", 0, (data.get("cite"), data.get("quote"))) \
            if data.get("when") is not None else None
        amount = None
        if data.get("amount"):
            amount = Amount(text=data["content"], value=data["amount"]["value"], unit=data["amount"]["unit"])
        hint = data.get("hint") or (f"如满足“{when.label}”，{data['content']}" if when is not None else "")
        hint = hint if not hint or hint.endswith(("。", "！", "？")) else f"{hint}。"
        outcomes.append(Outcome(content=data["content"], cite=data["cite"], quote=data["quote"], hint=hint,
                                when=when, amount=amount))
    if not outcomes:
        raise comp.fail("rule.outcomes", "at least one outcome is needed")
    # what the person gets is cited first (a result card names the measure's own clause: 适老化改造 is 二（五）21, not
    # the clause defining 特殊困难老年人 that its condition quotes), then the conditions
    all_nodes: list[Any] = [*outcomes, *walk(conditions), *unmodelled]
    for o in outcomes:
        all_nodes.extend(walk(o.when) if o.when is not None else [])
    citations = _citations(kb, all_nodes)
    apply = None
    if entry.get("apply"):
        a = entry["apply"]
        apply = Apply(text=a["text"], contacts=tuple(a.get("contacts") or ()), clause_id=a["cite"],
                      quote=a["quote"])
    period = entry.get("period") or {}
    return Rule(
        benefit_id=benefit_id, name=entry["name"], region=entry["region"], doc_id=entry["doc_id"],
        content=entry["content"], target_group=entry["target_group"],
        aliases=tuple(entry.get("aliases") or ()),
        conditions=conditions,
        conjuncts=conditions.items if isinstance(conditions, AllOf) else (conditions,),
        leaves=_leaves(conditions), unmodelled=unmodelled, outcomes=tuple(outcomes), size=comp.count,
        citations=citations, static_warnings=_warnings(kb, entry, citations),
        period_end=period.get("end"), period_quote=period.get("quote"),
        superseded_by=tuple(entry.get("superseded_by") or ()), apply=apply,
        unmodelled_items=tuple(ChecklistItem(u.text, "unknown", None, None, None, u.kind, u.note or None,
                                             u.cite, u.quote) for u in unmodelled),
        department=(entry.get("department") or {}).get("name"), entry=entry,
    )


# ---------------------------------------------------------------------------------------------- catalog


class Catalog:
    """All compiled rules of a knowledge base, with per-region look-ups cached."""

    def __init__(self, kb: KnowledgeBase, vocab: Vocabulary, rules: tuple[Rule, ...]):
        self.kb = kb
        self.vocab = vocab
        self.rules = rules
        self.by_id = {r.benefit_id: r for r in rules}
        self._for_scopes: dict[tuple[str, ...], tuple[Rule, ...]] = {}
        self._scopes: dict[str, tuple[str, ...]] = {}

    def scopes_for(self, region: str) -> tuple[str, ...]:
        """Document scopes for a place name or code (三亚 → (hainan,)); () when outside coverage."""
        scopes = self._scopes.get(region)
        if scopes is None:
            scopes = tuple(self.kb.covers(region))
            if len(self._scopes) < 10_000:  # names come from users: keep the cache bounded
                self._scopes[region] = scopes
        return scopes

    def rules_for(self, scopes: tuple[str, ...]) -> tuple[Rule, ...]:
        """Rules of those scopes, most specific scope first; a rule superseded by one in scope is left out."""
        rules = self._for_scopes.get(scopes)
        if rules is None:
            chosen = [r for s in scopes for r in self.rules if r.region == s]
            ids = {r.benefit_id for r in chosen}
            rules = tuple(r for r in chosen if not ids.intersection(r.superseded_by))
            self._for_scopes[scopes] = rules
        return rules


def _check_catalog(kb: KnowledgeBase, rules: list[Rule]) -> None:
    seen: set[str] = set()
    ids = {r.benefit_id for r in rules}
    for rule in rules:
        where = f"benefits: {rule.benefit_id}"
        if rule.benefit_id in seen:
            raise RuleError(f"{where}: id is used twice")
        seen.add(rule.benefit_id)
        if rule.doc_id not in kb.documents:
            raise RuleError(f"{where}: doc_id '{rule.doc_id}' is not in knowledge/documents")
        if rule.region not in kb.scopes:
            raise RuleError(f"{where}: region '{rule.region}' is not a scope of regions.yaml ({kb.scopes})")
        for other in rule.superseded_by:
            if other not in ids:
                raise RuleError(f"{where}: superseded_by names unknown benefit '{other}'")
        for contact in rule.apply.contacts if rule.apply else ():
            if contact not in kb.contacts:
                raise RuleError(f"{where}: apply.contacts names unknown contact '{contact}'")
        for cit in rule.citations:
            if cit.clause_id not in kb.clauses:
                raise RuleError(f"{where}: cites unknown clause '{cit.clause_id}'")


def build_catalog(kb: KnowledgeBase) -> Catalog:
    vocab = load_vocabulary(kb.root)
    rules = [compile_rule(entry, kb, vocab) for entry in kb.entries("benefits")]
    _check_catalog(kb, rules)
    return Catalog(kb, vocab, tuple(rules))


@functools.lru_cache(maxsize=8)
def _catalog_for(kb: KnowledgeBase) -> Catalog:
    return build_catalog(kb)


_default: list[Catalog] = []  # the repository's catalog; held here so a call costs no path resolution


def load_catalog(kb: Optional[KnowledgeBase] = None) -> Catalog:
    """The compiled catalog of ``kb`` (default: the repository's knowledge base), built once and cached.
    After editing knowledge/ in a long-running process call ``load_catalog.cache_clear()``."""
    if kb is not None:
        return _catalog_for(kb)
    if not _default:
        _default.append(_catalog_for(load_kb()))
    return _default[0]


def _clear_cache() -> None:
    _default.clear()
    _catalog_for.cache_clear()
    load_kb.cache_clear()  # type: ignore[attr-defined]


load_catalog.cache_clear = _clear_cache  # type: ignore[attr-defined]
