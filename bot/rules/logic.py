"""Three-valued condition trees: every node evaluates to TRUE, FALSE or UNKNOWN (Kleene logic).

A field that is ``None`` makes its predicate UNKNOWN, never FALSE. ``all`` is FALSE as soon as one child is
FALSE and TRUE only when every child is; ``any`` the other way round; ``not`` swaps TRUE and FALSE. An *open*
condition (something the text names that no profile field can check: an official 认定, a wish, an undefined
term such as 高龄) is always UNKNOWN.

Nodes are compiled once from the YAML (``bot.rules.catalog``); evaluation writes each node's state into a
list indexed by ``node.index`` so the engine can build the checklist and find the undecided branches without
evaluating twice. Ints, ``__slots__`` and no allocation per node keep a rule well under 10 µs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Optional

FALSE, TRUE, UNKNOWN = 0, 1, 2
STATE_NAMES = {TRUE: "met", FALSE: "not_met", UNKNOWN: "unknown"}


class Node:
    __slots__ = ("index", "label", "cite", "quote", "depth", "fields", "tag")

    def __init__(self, label: str, cite: Optional[str], quote: Optional[str]):
        self.index = -1
        self.label = label
        self.cite = cite
        self.quote = quote
        self.depth = 0
        self.fields: frozenset[str] = frozenset()  # every profile field below this node
        self.tag: Optional[str] = None

    def eval(self, values: Mapping[str, Any], states: list[int]) -> int:
        raise NotImplementedError

    def children(self) -> tuple[Node, ...]:
        return ()


class Predicate(Node):
    """A test of one profile field; UNKNOWN when the field is None."""

    __slots__ = ("field", "op", "operand", "test")

    def __init__(self, field: str, op: str, operand: Any, test: Callable[[Any], bool], label: str,
                 cite: Optional[str], quote: Optional[str]):
        super().__init__(label, cite, quote)
        self.field = field
        self.op = op
        self.operand = operand
        self.test = test
        self.fields = frozenset((field,))

    def eval(self, values: Mapping[str, Any], states: list[int]) -> int:
        value = values.get(self.field)
        state = UNKNOWN if value is None else (TRUE if self.test(value) else FALSE)
        states[self.index] = state
        return state


class Open(Node):
    """A condition the text names but no profile field decides. With ``field`` set, that field is asked for
    first (高龄 cannot even be discussed without the age), yet no value of it settles the condition."""

    __slots__ = ("text", "kind", "note", "field")

    def __init__(self, text: str, kind: str, note: str, field: Optional[str], cite: Optional[str],
                 quote: Optional[str]):
        super().__init__(text, cite, quote)
        self.text = text
        self.kind = kind
        self.note = note
        self.field = field
        self.fields = frozenset((field,)) if field else frozenset()

    def eval(self, values: Mapping[str, Any], states: list[int]) -> int:
        states[self.index] = UNKNOWN
        return UNKNOWN


class AllOf(Node):
    __slots__ = ("items",)

    def __init__(self, items: tuple[Node, ...], label: str, cite: Optional[str], quote: Optional[str]):
        super().__init__(label, cite, quote)
        self.items = items
        self.fields = frozenset().union(*(c.fields for c in items))

    def children(self) -> tuple[Node, ...]:
        return self.items

    def eval(self, values: Mapping[str, Any], states: list[int]) -> int:
        # Every child is evaluated (no short cut) so the checklist shows each condition's state.
        result = TRUE
        for child in self.items:
            state = child.eval(values, states)
            if state == FALSE:
                result = FALSE
            elif state == UNKNOWN and result == TRUE:
                result = UNKNOWN
        states[self.index] = result
        return result


class AnyOf(Node):
    __slots__ = ("items",)

    def __init__(self, items: tuple[Node, ...], label: str, cite: Optional[str], quote: Optional[str]):
        super().__init__(label, cite, quote)
        self.items = items
        self.fields = frozenset().union(*(c.fields for c in items))

    def children(self) -> tuple[Node, ...]:
        return self.items

    def eval(self, values: Mapping[str, Any], states: list[int]) -> int:
        result = FALSE
        for child in self.items:
            state = child.eval(values, states)
            if state == TRUE:
                result = TRUE
            elif state == UNKNOWN and result == FALSE:
                result = UNKNOWN
        states[self.index] = result
        return result


class Not(Node):
    __slots__ = ("item",)

    def __init__(self, item: Node, label: str, cite: Optional[str], quote: Optional[str]):
        super().__init__(label, cite, quote)
        self.item = item
        self.fields = item.fields

    def children(self) -> tuple[Node, ...]:
        return (self.item,)

    def eval(self, values: Mapping[str, Any], states: list[int]) -> int:
        state = self.item.eval(values, states)
        result = UNKNOWN if state == UNKNOWN else (FALSE if state == TRUE else TRUE)
        states[self.index] = result
        return result


class Ref(Node):
    """Another name for a tagged group of the rule's conditions (used by outcomes' ``when``)."""

    __slots__ = ("target",)

    def __init__(self, target: Node):
        super().__init__(target.label, target.cite, target.quote)
        self.target = target
        self.fields = target.fields

    def children(self) -> tuple[Node, ...]:
        return (self.target,)

    def eval(self, values: Mapping[str, Any], states: list[int]) -> int:
        # The target was already evaluated with the conditions; its state is current.
        state = states[self.target.index]
        states[self.index] = state
        return state


def walk(node: Node) -> list[Node]:
    """The node and its descendants, depth first, in document order (a Ref is not followed)."""
    out = [node]
    if not isinstance(node, Ref):
        for child in node.children():
            out.extend(walk(child))
    return out


def undecided_fields(node: Node, values: Mapping[str, Any], states: list[int],
                     counts: dict[str, list[int]]) -> None:
    """Fields whose value could still change an UNKNOWN node: for each, [number of undecided leaves that
    read it, smallest depth]. Decided branches are skipped: a field below a FALSE child of an ``all`` or a
    TRUE child of an ``any`` cannot change the answer."""
    if states[node.index] != UNKNOWN:
        return
    field: Optional[str] = None
    if isinstance(node, Predicate):
        field = node.field
    elif isinstance(node, Open):
        field = node.field if node.field and values.get(node.field) is None else None
    elif isinstance(node, Ref):
        undecided_fields(node.target, values, states, counts)
        return
    else:
        for child in node.children():
            undecided_fields(child, values, states, counts)
        return
    if field is None:
        return
    entry = counts.get(field)
    if entry is None:
        counts[field] = [1, node.depth]
    else:
        entry[0] += 1
        entry[1] = min(entry[1], node.depth)


def undecided_open(node: Node, states: list[int], out: list[Open]) -> None:
    """Open conditions inside undecided branches (what still has to be confirmed)."""
    if states[node.index] != UNKNOWN:
        return
    if isinstance(node, Open):
        out.append(node)
        return
    if isinstance(node, Ref):
        undecided_open(node.target, states, out)
        return
    for child in node.children():
        undecided_open(child, states, out)
