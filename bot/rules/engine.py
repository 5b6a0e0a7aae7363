"""The entitlement engine: profile in, one verdict per benefit in scope out. Knows no region or benefit.

Verdicts (``bot.rules.result``):

* ``eligible``     the conditions are TRUE and the rule has no unmodelled condition;
* ``likely``       the checkable conditions hold, but an official 认定/评估, a wish or an undefined
                   term remains (conditions TRUE with ``unmodelled``, or UNKNOWN with nothing left to ask);
* ``need_info``    the conditions are UNKNOWN and some unknown profile field could still decide them; those
                   fields are ``missing``, the most decisive first (read by the most undecided conditions,
                   then the shallowest, then the schema's field order);
* ``not_eligible`` the conditions are FALSE; the reasons name the failing condition and the known value.

Scope: ``kb.covers(profile.region)`` (haikou → haikou + hainan rules; sanya → hainan). A profile without a
region, or with a place outside coverage, evaluates nothing and gets a notice naming the covered regions:
a hotline agent would ask "老人在哪个城市？" before anything else, and rules of another city do not apply.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Optional, Union

from bot.kb.loader import KnowledgeBase
from bot.rules.catalog import Catalog, Rule, load_catalog
from bot.rules.logic import (
    FALSE,
    STATE_NAMES,
    TRUE,
    UNKNOWN,
    AnyOf,
    Node,
    Open,
    Predicate,
    undecided_fields,
    undecided_open,
)
from bot.rules.profile import Profile, parse_profile
from bot.rules.result import (
    ELIGIBLE,
    LIKELY,
    NEED_INFO,
    NOT_ELIGIBLE,
    STATUSES,
    ChecklistItem,
    Report,
    Result,
)
from bot.rules.vocabulary import Vocabulary

ProfileLike = Union[Profile, Mapping[str, Any]]
STATUS_ORDER = {status: i for i, status in enumerate(STATUSES)}
ASK_REGION = "请先告诉我老人所在的城市（或县、区），我再按当地政策逐项核对。"


def evaluate(profile: ProfileLike, *, kb: Optional[KnowledgeBase] = None,
             as_of: Optional[date] = None) -> list[Result]:
    """Results for every benefit in the profile's region scope, best verdicts first ([] without a covered
    region; use :func:`check` to get the notice too). Pure: same profile and date (``as_of``, default
    today: it only decides deadline warnings), same output; no I/O after the first call (catalog cached)."""
    return list(check(profile, kb=kb, as_of=as_of).results)


def check(profile: ProfileLike, *, kb: Optional[KnowledgeBase] = None,
          as_of: Optional[date] = None) -> Report:
    """Like :func:`evaluate`, with the notice for a missing or uncovered region. A mapping is validated
    into a :class:`Profile` first (pydantic.ValidationError names the bad field)."""
    prof = parse_profile(profile)
    catalog = load_catalog(kb)
    if prof.region is None:
        return Report(results=(), notice=f"{ASK_REGION}{catalog.kb.coverage_note}")
    scopes = catalog.scopes_for(prof.region)
    if not scopes:
        outside = f"“{prof.region}”不在本助手收录的政策范围内。"
        return Report(results=(), notice=f"{outside}{catalog.kb.coverage_note}")
    region = catalog.kb.region(prof.region)
    today = as_of or date.today()
    values = prof.__dict__  # pydantic v1 keeps the validated fields here; read-only use
    results = [evaluate_rule(rule, values, catalog, today) for rule in catalog.rules_for(scopes)]
    results.sort(key=lambda r: STATUS_ORDER[r.status])  # stable: catalog order within a status
    return Report(results=tuple(results), region=region.code if region else None, scopes=scopes)


def field_label(name: str) -> str:
    """The Chinese name of a profile field (age → 年龄, hukou_local → 户籍在本市); the name itself when
    the field is unknown."""
    vocab = load_catalog().vocab
    return vocab[name].title if name in vocab else name


def field_question(name: str) -> str:
    """How to ask for a field (hukou_local → 是否具有本市户籍); the label if there is no question."""
    vocab = load_catalog().vocab
    return vocab[name].ask if name in vocab else name


def value_label(name: str, value: Any) -> str:
    """A field's value in words (disability, "severe" → 重度失能; age, 70 → 70周岁)."""
    vocab = load_catalog().vocab
    return vocab[name].value_label(value) if name in vocab else str(value)


# ---------------------------------------------------------------------------------------------- one rule


def evaluate_rule(rule: Rule, values: Mapping[str, Any], catalog: Catalog, today: date) -> Result:
    states = [UNKNOWN] * rule.size
    root = rule.conditions.eval(values, states)
    for outcome in rule.outcomes:
        if outcome.when is not None:
            outcome.when.eval(values, states)
    missing: tuple[str, ...] = ()
    if root == FALSE:
        status = NOT_ELIGIBLE
    elif root == TRUE:
        status = LIKELY if rule.unmodelled else ELIGIBLE
    else:
        missing = _missing(rule.conditions, values, states, catalog.vocab)
        status = NEED_INFO if missing else LIKELY
    vocab = catalog.vocab
    selected = [o for o in rule.outcomes if o.when is None or states[o.when.index] == TRUE]
    hints = _hints(rule, status, states)
    reasons = _reasons(rule, status, values, states, vocab, missing, selected) + hints
    chosen = next((o.amount for o in selected if o.amount is not None), None)
    amount = chosen if status in (ELIGIBLE, LIKELY) else None
    return Result(
        benefit_id=rule.benefit_id, name=rule.name, region=rule.region, status=status,
        checklist=_checklist(rule, values, states, vocab), reasons=tuple(reasons), missing=missing,
        citations=rule.citations, warnings=_warnings(rule, today), amount=amount, hints=tuple(hints),
        questions=tuple(vocab[f].ask for f in missing), content=rule.content, doc_id=rule.doc_id,
        apply=rule.apply, department=rule.department,
        amount_if_confirmed=chosen if status == NEED_INFO else None,
    )


def _missing(root: Node, values: Mapping[str, Any], states: list[int], vocab: Vocabulary) -> tuple[str, ...]:
    counts: dict[str, list[int]] = {}
    undecided_fields(root, values, states, counts)
    rank = vocab.rank
    return tuple(sorted(counts, key=lambda f: (-counts[f][0], counts[f][1], rank.get(f, 99))))


def _known(node: Node, values: Mapping[str, Any], vocab: Vocabulary) -> str:
    """The profile's known values for the fields a condition reads, in words."""
    if isinstance(node, Predicate):
        value = values.get(node.field)
        return vocab[node.field].value_label(value) if value is not None else ""
    parts = []
    for name in vocab.order:
        if name in node.fields and values.get(name) is not None:
            parts.append(vocab[name].value_label(values[name]))
    return "、".join(parts)


def _met_text(node: Node, values: Mapping[str, Any], vocab: Vocabulary, states: list[int]) -> str:
    # A number or a category is worth repeating ("年龄65周岁以上（70周岁）"); a yes/no restates the label.
    if isinstance(node, Predicate) and vocab[node.field].kind != "boolean":
        known = _known(node, values, vocab)
        return node.label if known in node.label else f"{node.label}（{known}）"
    if isinstance(node, AnyOf):
        # Name the alternatives that hold ("独居或空巢、失能"), not the whole list of the group.
        return "、".join(_met_text(c, values, vocab, states) for c in node.items if states[c.index] == TRUE)
    return node.label


def _pending(rule: Rule, states: list[int]) -> list[Open]:
    pending: list[Open] = []
    undecided_open(rule.conditions, states, pending)
    return pending + list(rule.unmodelled)


def _reasons(rule: Rule, status: str, values: Mapping[str, Any], states: list[int], vocab: Vocabulary,
             missing: tuple[str, ...], selected: list) -> list[str]:
    met = [c for c in rule.conjuncts if states[c.index] == TRUE]
    met_text = "；".join(_met_text(c, values, vocab, states) for c in met)
    contents = "；".join(o.content for o in selected) or rule.content
    if status == ELIGIBLE:
        return [f"符合条件：{met_text}。", f"可以享受：{contents}。"]
    if status == LIKELY:
        out = [f"已符合：{met_text}。"] if met else []
        confirm = "；".join(f"{p.text}（{p.note}）" if p.note else p.text for p in _pending(rule, states))
        out.append(f"还需确认：{confirm}。")
        out.append(f"如经确认，可以享受：{contents}。")
        return out
    if status == NOT_ELIGIBLE:
        failed = [c for c in rule.conjuncts if states[c.index] == FALSE]
        parts = []
        for c in failed:
            known = _known(c, values, vocab)
            parts.append(f"{c.label}（已知：{known}）" if known else c.label)
        return [f"不符合：{'；'.join(parts)}。"]
    out = [f"还需要了解：{'；'.join(vocab[f].ask for f in missing)}。"]
    if met:
        out.append(f"已符合：{met_text}。")
    return out


def _hints(rule: Rule, status: str, states: list[int]) -> list[str]:
    """What would change the verdict, cheaply: outcome tiers not yet decided, or the one failing condition
    of a rule whose other conditions all hold."""
    if status != NOT_ELIGIBLE:
        return [o.hint for o in rule.outcomes if o.when is not None and states[o.when.index] == UNKNOWN]
    failed = [c for c in rule.conjuncts if states[c.index] == FALSE]
    if len(failed) != 1 or len(rule.conjuncts) < 2 or any(
            states[c.index] != TRUE for c in rule.conjuncts if c is not failed[0]):
        return []
    only = failed[0]
    tiers = [o.hint for o in rule.outcomes
             if o.when is not None and states[o.when.index] != TRUE and o.when.fields <= only.fields]
    if tiers:
        return tiers
    return [f"如满足“{only.label}”，{'即符合条件' if rule.can_be_eligible else '可能符合条件'}。"]


def _checklist(rule: Rule, values: Mapping[str, Any], states: list[int],
               vocab: Vocabulary) -> tuple[ChecklistItem, ...]:
    items = []
    for leaf, group in rule.leaves:
        name = leaf.field
        value = values.get(name) if name else None
        known = vocab.fields[name].value_label(value) if value is not None else None
        if isinstance(leaf, Open):
            items.append(ChecklistItem(leaf.label, STATE_NAMES[states[leaf.index]], name, known, group,
                                       leaf.kind, leaf.note or None, leaf.cite, leaf.quote))
        else:
            items.append(ChecklistItem(leaf.label, STATE_NAMES[states[leaf.index]], name, known, group,
                                       None, None, leaf.cite, leaf.quote))
    items.extend(rule.unmodelled_items)
    return tuple(items)


def _warnings(rule: Rule, today: date) -> tuple[str, ...]:
    if rule.period_end and today.isoformat() > rule.period_end:
        return (*rule.static_warnings,
                f"文件规定的实施时限（{rule.period_quote}）已过，现行做法请向当地民政部门核实。")
    return rule.static_warnings
