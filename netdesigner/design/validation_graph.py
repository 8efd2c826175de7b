"""Checks of a design's wiring and shapes: inputs, cycles, unconnected nodes, arity,
dangling outputs, and shapes that do not fit (with Flatten and padding fixes).

Codes: no_input, several_inputs, cycle, unconnected, input_has_inputs,
missing_input, too_many_inputs, merge_inputs, dangling_output, needs_flatten,
window_too_large, add_shapes, shape.
"""

from __future__ import annotations

from collections.abc import Iterator

from netdesigner.design.catalog import CATALOG
from netdesigner.design.fixes import Fix, insert_node_fix
from netdesigner.design.graph import find_cycle, isolated_nodes, sinks
from netdesigner.design.model import Design
from netdesigner.design.problems import CheckList, Context, Problem
from netdesigner.design.shapes import NodeShape, format_shape
from netdesigner.design.validation_output import expected_input_shape
from netdesigner.engine.errors import WindowTooLargeError
from netdesigner.i18n import _

CHECKS = CheckList()


def _ids(ids: list[str]) -> str:
    return ", ".join(ids)


def _delete(node_id: str) -> str:
    """The description of the fix that deletes ``node_id``."""
    return _("delete {node}").format(node=node_id)


@CHECKS.add
def _input_count(ctx: Context) -> Iterator[Problem]:
    design = ctx.design
    inputs = [n.id for n in design.nodes if n.type == "Input"]
    if not inputs:
        yield _no_input(design)
        return
    connected = [i for i in inputs if design.outputs_of(i)]
    keep = (connected or inputs)[0]
    for extra in inputs:
        if extra != keep:
            yield Problem(
                "error",
                "several_inputs",
                extra,
                _(
                    "'{node}' is a second Input node besides '{first}'; a network "
                    "takes one input, so delete {node}"
                ).format(node=extra, first=keep),
                Fix("remove_node", {"node": extra}, _delete(extra)),
            )


def _no_input(design: Design) -> Problem:
    shape = expected_input_shape(design) or (2,)
    starts = [n.id for n in design.nodes if not design.inputs_of(n.id)]
    first = starts[0] if starts else None
    fix = insert_node_fix("Input", None, first, {"shape": list(shape)})
    if not design.nodes:
        message = _("the design is empty; add an Input node")
    elif first is None:
        message = _("the design has no Input node; add one")
    else:
        message = _("the design has no Input node; add one before '{node}'").format(
            node=first
        )
    return Problem("error", "no_input", first, message, fix)


@CHECKS.add
def _cycle(ctx: Context) -> Iterator[Problem]:
    cycle = find_cycle(ctx.design)
    if cycle is None:
        return
    source, target = cycle[-2], cycle[-1]
    ctx.structural.update(cycle)
    yield Problem(
        "error",
        "cycle",
        target,
        _(
            "the edge from '{source}' to '{target}' closes a cycle ({cycle}); "
            "delete it so that data flows one way"
        ).format(source=source, target=target, cycle=" → ".join(cycle)),
        Fix(
            "remove_edges",
            {"edges": [[source, target]]},
            _("delete the edge from {source} to {target}").format(
                source=source, target=target
            ),
        ),
    )


@CHECKS.add
def _unconnected(ctx: Context) -> Iterator[Problem]:
    if len(ctx.design.nodes) < 2:
        return
    for node_id in isolated_nodes(ctx.design):
        ctx.structural.add(node_id)
        yield Problem(
            "error",
            "unconnected",
            node_id,
            _("'{node}' is not connected to anything; connect it or delete it").format(
                node=node_id
            ),
            Fix("remove_node", {"node": node_id}, _delete(node_id)),
        )


@CHECKS.add
def _arity(ctx: Context) -> Iterator[Problem]:
    design = ctx.design
    isolated = set(isolated_nodes(design))
    for node in design.nodes:
        spec = CATALOG.get(node.type)
        if spec is None or node.id in isolated:
            continue
        sources = design.inputs_of(node.id)
        problem = _ARITY[spec.n_inputs](ctx, node.type, node.id, sources)
        if problem is not None:
            ctx.structural.add(node.id)
            yield problem


def _input_arity(ctx: Context, type_: str, node_id: str, sources: list[str]):
    if not sources:
        return None
    edges = [[s, node_id] for s in sources]
    return Problem(
        "error",
        "input_has_inputs",
        node_id,
        _(
            "Input '{node}' cannot take inputs, found an edge from {sources}; delete it"
        ).format(node=node_id, sources=_ids(sources)),
        Fix(
            "remove_edges",
            {"edges": edges},
            _("delete the edges into {node}").format(node=node_id),
        ),
    )


def _single_arity(ctx: Context, type_: str, node_id: str, sources: list[str]):
    if len(sources) == 1:
        return None
    if not sources:
        return Problem(
            "error",
            "missing_input",
            node_id,
            _("{type} '{node}' has no input; connect a layer to it").format(
                type=type_, node=node_id
            ),
            _missing_input_fix(ctx, node_id),
        )
    extra = [[s, node_id] for s in sources[1:]]
    return Problem(
        "error",
        "too_many_inputs",
        node_id,
        _(
            "{type} '{node}' takes one input, found {count} ({sources}); delete the "
            "extra edges or join them with Add or Concatenate"
        ).format(type=type_, node=node_id, count=len(sources), sources=_ids(sources)),
        Fix(
            "remove_edges",
            {"edges": extra},
            _("keep only the edge from {source} into {node}").format(
                source=sources[0], node=node_id
            ),
        ),
    )


def _merge_arity(ctx: Context, type_: str, node_id: str, sources: list[str]):
    if len(sources) >= 2:
        return None
    if sources:
        message = _(
            "{type} '{node}' needs two or more inputs, found 1 ({source}); connect "
            "another branch or delete it"
        ).format(type=type_, node=node_id, source=sources[0])
    else:
        message = _(
            "{type} '{node}' needs two or more inputs, found none; connect "
            "another branch or delete it"
        ).format(type=type_, node=node_id)
    return Problem(
        "error",
        "merge_inputs",
        node_id,
        message,
        Fix(
            "remove_node",
            {"node": node_id, "bridge": True},
            _("delete {node} and connect around it").format(node=node_id),
        ),
    )


_ARITY = {0: _input_arity, 1: _single_arity, None: _merge_arity}


def _missing_input_fix(ctx: Context, node_id: str) -> Fix | None:
    """Connect the one loose end upstream of nothing, or an unused Input."""
    design = ctx.design
    downstream = _downstream(design, node_id)
    loose = [s for s in sinks(design) if s not in downstream]
    if len(loose) != 1:
        loose = [
            n.id
            for n in design.nodes
            if n.type == "Input" and not design.outputs_of(n.id)
        ]
    if len(loose) != 1:
        return None
    return Fix(
        "add_edge",
        {"from": loose[0], "to": node_id},
        _("connect {source} to {node}").format(source=loose[0], node=node_id),
    )


def _downstream(design: Design, node_id: str) -> set[str]:
    seen = {node_id}
    frontier = [node_id]
    while frontier:
        for target in design.outputs_of(frontier.pop()):
            if target not in seen:
                seen.add(target)
                frontier.append(target)
    return seen


@CHECKS.add
def _dangling_outputs(ctx: Context) -> Iterator[Problem]:
    output = ctx.output_id
    for node_id in sinks(ctx.design):
        if node_id != output:
            yield Problem(
                "error",
                "dangling_output",
                node_id,
                _(
                    "'{node}' feeds nothing, but the network's output is "
                    "'{output}'; connect {node} onward or delete it"
                ).format(node=node_id, output=output),
                Fix("remove_node", {"node": node_id}, _delete(node_id)),
            )


@CHECKS.add
def _shape_errors(ctx: Context) -> Iterator[Problem]:
    for node in ctx.design.nodes:
        shape = ctx.shapes[node.id]
        if shape.error is None or node.id in ctx.structural:
            continue
        sources = ctx.design.inputs_of(node.id)
        yield _shape_problem(ctx, node.id, node.type, sources, shape)


def _shape_problem(
    ctx: Context, node_id: str, type_: str, sources: list[str], shape: NodeShape
) -> Problem:
    arriving = shape.input_shapes
    if type_ == "Dense" and arriving and len(arriving[0]) > 1:
        source = sources[0]
        return Problem(
            "error",
            "needs_flatten",
            node_id,
            _(
                "Dense '{node}' is fed the {shape} output of '{source}'; insert a "
                "Flatten between {source} and {node}"
            ).format(node=node_id, shape=format_shape(arriving[0]), source=source),
            insert_node_fix("Flatten", source, node_id),
        )
    if shape.error_class is not None and issubclass(
        shape.error_class, WindowTooLargeError
    ):
        fix = Fix(
            "set_param",
            {"node": node_id, "name": "padding", "value": "same"},
            _("set padding='same' on {node}").format(node=node_id),
        )
        return Problem("error", "window_too_large", node_id, shape.error, fix)
    if type_ == "Add" and len(set(arriving)) > 1:
        return Problem(
            "error", "add_shapes", node_id, shape.error, _add_fix(ctx, sources)
        )
    return Problem("error", "shape", node_id, shape.error)


#: the argument that sets the last dimension of a node's output
_WIDTH_PARAM = {"Dense": "units", "Conv2D": "filters"}


def _add_fix(ctx: Context, sources: list[str]) -> Fix | None:
    """Resize a branch that differs from the first only in its last dimension."""
    first = ctx.shapes[sources[0]].shape
    for source in sources[1:]:
        shape = ctx.shapes[source].shape
        param = _WIDTH_PARAM.get(ctx.design.node(source).type)
        if first is None or shape is None or shape == first or param is None:
            continue
        if len(shape) == len(first) and shape[:-1] == first[:-1]:
            return Fix(
                "set_param",
                {"node": source, "name": param, "value": first[-1]},
                _("set {param} of {node} to {value}").format(
                    param=param, node=source, value=first[-1]
                ),
            )
    return None
