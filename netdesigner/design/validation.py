"""Graph validation: typed problems, each with a node id, a sentence and a fix.

``validate(design)`` runs every check in ``CHECKS`` (structure and shapes from
``validation_graph``, then the output against the data set and loss from
``validation_output``, then the memory estimate from ``memory``) and returns
``Problem``s (``problems``). Each message is one
sentence naming the node ids involved; ``fix`` (a ``fixes.Fix``) is a change a
program can apply with ``fixes.apply_fix``, or None when no safe change exists.

Codes: stray_edge (an edge naming a missing node; checks after it ignore such
edges), no_input, several_inputs, cycle, unconnected, input_has_inputs,
missing_input, too_many_inputs, merge_inputs, dangling_output, needs_flatten,
window_too_large, add_shapes, shape, plus those of ``validation_output``
(input_only, output_not_flat, output_units, loss_activation, loss_task,
unknown_dataset, dataset_shape) and ``memory`` (memory, memory_high, large_layer).
"""

from __future__ import annotations

from netdesigner.design import (
    memory,
    validation_detection,
    validation_graph,
    validation_output,
)
from netdesigner.design.fixes import Fix
from netdesigner.design.model import Design, Edge
from netdesigner.design.problems import SEVERITIES, Check, Context, Problem, errors

__all__ = ["CHECKS", "SEVERITIES", "Problem", "errors", "validate"]

#: every check, in the order it runs
CHECKS: list[Check] = [
    *validation_graph.CHECKS,
    *validation_output.CHECKS,
    *validation_detection.CHECKS,
    *memory.CHECKS,
]


def validate(design: Design) -> list[Problem]:
    """Every problem of ``design``, errors and warnings, in check order."""
    known = {node.id for node in design.nodes}
    stray = [e for e in design.edges if not {e.source, e.target} <= known]
    problems = [_stray_edge(edge, known) for edge in stray]
    if stray:  # the other checks see the graph without them
        design = design.copy()
        design.edges = [e for e in design.edges if e not in stray]
    context = Context(design)
    return problems + [problem for run in CHECKS for problem in run(context)]


def _stray_edge(edge: Edge, known: set[str]) -> Problem:
    missing = edge.target if edge.source in known else edge.source
    return Problem(
        "error",
        "stray_edge",
        None,
        f"the edge from '{edge.source}' to '{edge.target}' names '{missing}', which "
        "is not a node; delete it",
        Fix(
            "remove_edges",
            {"edges": [[edge.source, edge.target]]},
            f"delete the edge from {edge.source} to {edge.target}",
        ),
    )
