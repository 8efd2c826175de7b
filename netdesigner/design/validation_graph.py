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

CHECKS = CheckList()


def _ids(ids: list[str]) -> str:
    return ", ".join(ids)


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
                f"'{extra}' is a second Input node besides '{keep}'; a network takes "
                f"one input, so delete {extra}",
                Fix("remove_node", {"node": extra}, f"delete {extra}"),
            )


def _no_input(design: Design) -> Problem:
    shape = expected_input_shape(design) or (2,)
    starts = [n.id for n in design.nodes if not design.inputs_of(n.id)]
    first = starts[0] if starts else None
    fix = insert_node_fix("Input", None, first, {"shape": list(shape)})
    if not design.nodes:
        message = "the design is empty; add an Input node"
    elif first is None:
        message = "the design has no Input node; add one"
    else:
        message = f"the design has no Input node; add one before '{first}'"
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
        f"the edge from '{source}' to '{target}' closes a cycle "
        f"({' → '.join(cycle)}); delete it so that data flows one way",
        Fix(
            "remove_edges",
            {"edges": [[source, target]]},
            f"delete the edge from {source} to {target}",
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
            f"'{node_id}' is not connected to anything; connect it or delete it",
            Fix("remove_node", {"node": node_id}, f"delete {node_id}"),
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
        f"Input '{node_id}' cannot take inputs, found an edge from "
        f"{_ids(sources)}; delete it",
        Fix("remove_edges", {"edges": edges}, f"delete the edges into {node_id}"),
    )


def _single_arity(ctx: Context, type_: str, node_id: str, sources: list[str]):
    if len(sources) == 1:
        return None
    if not sources:
        return Problem(
            "error",
            "missing_input",
            node_id,
            f"{type_} '{node_id}' has no input; connect a layer to it",
            _missing_input_fix(ctx, node_id),
        )
    extra = [[s, node_id] for s in sources[1:]]
    return Problem(
        "error",
        "too_many_inputs",
        node_id,
        f"{type_} '{node_id}' takes one input, found {len(sources)} "
        f"({_ids(sources)}); delete the extra edges or join them with Add or "
        "Concatenate",
        Fix(
            "remove_edges",
            {"edges": extra},
            f"keep only the edge from {sources[0]} into {node_id}",
        ),
    )


def _merge_arity(ctx: Context, type_: str, node_id: str, sources: list[str]):
    if len(sources) >= 2:
        return None
    found = f"1 ({sources[0]})" if sources else "none"
    return Problem(
        "error",
        "merge_inputs",
        node_id,
        f"{type_} '{node_id}' needs two or more inputs, found {found}; connect "
        "another branch or delete it",
        Fix(
            "remove_node",
            {"node": node_id, "bridge": True},
            f"delete {node_id} and connect around it",
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
        f"connect {loose[0]} to {node_id}",
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
                f"'{node_id}' feeds nothing, but the network's output is "
                f"'{output}'; connect {node_id} onward or delete it",
                Fix("remove_node", {"node": node_id}, f"delete {node_id}"),
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
            f"Dense '{node_id}' is fed the {format_shape(arriving[0])} output of "
            f"'{source}'; insert a Flatten between {source} and {node_id}",
            insert_node_fix("Flatten", source, node_id),
        )
    if shape.error_class is not None and issubclass(
        shape.error_class, WindowTooLargeError
    ):
        fix = Fix(
            "set_param",
            {"node": node_id, "name": "padding", "value": "same"},
            f"set padding='same' on {node_id}",
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
                f"set {param} of {source} to {first[-1]}",
            )
    return None
