"""Graph questions about a design: order, cycles, ends. No shapes.

Order and cycles come from ``netdesigner.engine.graph``, so that validation names
the cycle the engine would.

Edges run from ``source`` to ``target``; the order of edges into a node is its input
order. Functions take a ``Design`` and return node ids.
"""

from __future__ import annotations

from netdesigner.design.model import Design
from netdesigner.engine import graph as engine_graph


def topological_order(design: Design) -> list[str]:
    """Ids in an order where every node comes after its inputs (Kahn's algorithm).

    Ties keep the design's node order. Nodes on a cycle, and nodes downstream of one,
    are left out. The engine's ordering, so that both agree.
    """
    return engine_graph.ordered_ids(*_ids_and_edges(design))


def find_cycle(design: Design) -> list[str] | None:
    """One cycle as ids ``[a, b, ..., a]`` (first node repeated), or None; the last
    edge is the one to delete. The cycle the engine names for the same design."""
    return engine_graph.find_cycle(*_ids_and_edges(design))


def _ids_and_edges(design: Design) -> tuple[list[str], list[tuple[str, str]]]:
    ids = [node.id for node in design.nodes]
    return ids, [(edge.source, edge.target) for edge in design.edges]


def isolated_nodes(design: Design) -> list[str]:
    """Ids of nodes with no edge at all."""
    touched = {e.source for e in design.edges} | {e.target for e in design.edges}
    return [node.id for node in design.nodes if node.id not in touched]


def sinks(design: Design) -> list[str]:
    """Ids of connected nodes that feed nothing (the network's output candidates)."""
    sources = {edge.source for edge in design.edges}
    targets = {edge.target for edge in design.edges}
    return [n.id for n in design.nodes if n.id in targets and n.id not in sources]


def depth(design: Design) -> dict[str, int]:
    """Longest path length from any source to each node (in topological order)."""
    result: dict[str, int] = {}
    for node_id in topological_order(design):
        inputs = design.inputs_of(node_id)
        result[node_id] = 1 + max((result.get(i, 0) for i in inputs), default=-1)
    return result
