"""Fixes a program can apply: each ``Fix`` names a kind, its arguments and a sentence.

``apply_fix(design, fix)`` returns a changed copy; the design passed in is untouched.
Kinds and their ``args``:

==================  ===========================================================
insert_node         ``type``, ``params``, ``after`` (id or None), ``before`` (id
                    or None): a new node wired between them; an edge
                    after → before is replaced, keeping its place in the
                    target's input order
set_param           ``node``, ``name``, ``value``
set_training        ``key``, ``value`` (a key of the design's ``training``)
set_dataset         ``key``, ``value`` (a key of the design's ``dataset``)
set_input_shape     ``node``, ``shape`` (a list of ints)
remove_node         ``node``, ``bridge`` (bool: connect its first input to each
                    node it fed, so a chain stays whole)
remove_edges        ``edges``: a list of ``[from, to]`` pairs
add_edge            ``from``, ``to``
==================  ===========================================================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from netdesigner.design.catalog import layer_spec
from netdesigner.design.errors import DesignError
from netdesigner.design.model import Design, Edge, Node
from netdesigner.i18n import _

#: horizontal distance between a new node and its only neighbour
NODE_SPACING = 180.0


@dataclass(frozen=True)
class Fix:
    """A change that removes a problem; ``description`` says it in one sentence."""

    kind: str
    args: dict[str, Any] = field(default_factory=dict)
    description: str = ""


Fixer = Callable[[Design, dict[str, Any]], None]
FIXERS: dict[str, Fixer] = {}


def _fixer(kind: str) -> Callable[[Fixer], Fixer]:
    def register(function: Fixer) -> Fixer:
        if kind in FIXERS:
            raise ValueError(f"the fix kind '{kind}' is registered twice")
        FIXERS[kind] = function
        return function

    return register


def apply_fix(design: Design, fix: Fix) -> Design:
    """A copy of ``design`` with ``fix`` applied (``DesignError`` if it cannot be)."""
    fixer = FIXERS.get(fix.kind)
    if fixer is None:
        known = ", ".join(sorted(FIXERS))
        raise DesignError(
            _("unknown fix kind '{kind}'; expected one of: {known}").format(
                kind=fix.kind, known=known
            )
        )
    changed = design.copy()
    try:
        fixer(changed, fix.args)
    except KeyError as exc:
        raise DesignError(
            _("the fix '{fix}' names {name}, which the design does not have").format(
                fix=fix.description or fix.kind, name=exc
            )
        ) from None
    return changed


@_fixer("insert_node")
def _insert_node(design: Design, args: dict[str, Any]) -> None:
    after, before = args.get("after"), args.get("before")
    spec = layer_spec(args["type"])
    new = Node(
        id=design.new_id(spec.id_prefix),
        type=args["type"],
        params=dict(args.get("params") or {}),
        position=_between(design, after, before),
    )
    design.nodes.insert(_insert_index(design, after, before), new)
    if after is not None and before is not None and Edge(after, before) in design.edges:
        index = design.edges.index(Edge(after, before))
        design.edges[index : index + 1] = [Edge(after, new.id), Edge(new.id, before)]
        return
    if after is not None:
        design.edges.append(Edge(after, new.id))
    if before is not None:
        design.edges.append(Edge(new.id, before))


def _between(
    design: Design, after: str | None, before: str | None
) -> tuple[float, float]:
    if after is not None and before is not None:
        (ax, ay), (bx, by) = design.node(after).position, design.node(before).position
        return ((ax + bx) / 2, (ay + by) / 2)
    if after is not None:
        x, y = design.node(after).position
        return (x + NODE_SPACING, y)
    if before is not None:
        x, y = design.node(before).position
        return (x - NODE_SPACING, y)
    return (0.0, 0.0)


def _insert_index(design: Design, after: str | None, before: str | None) -> int:
    """Place the new node in the node list where a reader expects it."""
    ids = [node.id for node in design.nodes]
    if after is not None:
        return ids.index(after) + 1
    if before is not None:
        return ids.index(before)
    return 0


@_fixer("set_param")
def _set_param(design: Design, args: dict[str, Any]) -> None:
    design.node(args["node"]).params[args["name"]] = args["value"]


@_fixer("set_training")
def _set_training(design: Design, args: dict[str, Any]) -> None:
    design.training[args["key"]] = args["value"]


@_fixer("set_dataset")
def _set_dataset(design: Design, args: dict[str, Any]) -> None:
    design.dataset[args["key"]] = args["value"]


@_fixer("set_input_shape")
def _set_input_shape(design: Design, args: dict[str, Any]) -> None:
    design.node(args["node"]).params["shape"] = [int(d) for d in args["shape"]]


@_fixer("remove_node")
def _remove_node(design: Design, args: dict[str, Any]) -> None:
    node_id = args["node"]
    design.node(node_id)  # KeyError when absent
    sources = design.inputs_of(node_id)
    edges: list[Edge] = []
    for edge in design.edges:
        if edge.source == node_id and args.get("bridge") and sources:
            edges.append(Edge(sources[0], edge.target))
        elif node_id not in (edge.source, edge.target):
            edges.append(edge)
    design.edges = edges
    design.nodes = [node for node in design.nodes if node.id != node_id]


@_fixer("remove_edges")
def _remove_edges(design: Design, args: dict[str, Any]) -> None:
    doomed = {Edge(source, target) for source, target in args["edges"]}
    design.edges = [edge for edge in design.edges if edge not in doomed]


@_fixer("add_edge")
def _add_edge(design: Design, args: dict[str, Any]) -> None:
    design.node(args["from"])
    design.node(args["to"])
    design.edges.append(Edge(args["from"], args["to"]))


def insert_node_fix(
    type_name: str,
    after: str | None,
    before: str | None,
    params: dict[str, Any] | None = None,
) -> Fix:
    """The fix that inserts a ``type_name`` node, with its sentence."""
    if after is not None and before is not None:
        text = _("insert {type} between {after} and {before}")
    elif after is not None:
        text = _("insert {type} after {after}")
    elif before is not None:
        text = _("insert {type} before {before}")
    else:
        text = _("insert {type} to the design")
    description = text.format(type=type_name, after=after, before=before)
    args = {"type": type_name, "params": params or {}, "after": after, "before": before}
    return Fix("insert_node", args, description)
