"""Graph helpers: topological order, cycles, loose ends."""

from __future__ import annotations

from design_helpers import chain, node

from netdesigner.design.graph import (
    depth,
    find_cycle,
    isolated_nodes,
    sinks,
    topological_order,
)
from netdesigner.design.model import Edge


def diamond():
    design = chain(node("d", "Add"), node("e", "Dense", units=1))
    design.nodes[:0] = [
        node("a", "Input", shape=[2]),
        node("c", "Dense", units=2),
        node("b", "Dense", units=2),
    ]
    design.edges += [Edge("a", "b"), Edge("a", "c"), Edge("b", "d"), Edge("c", "d")]
    return design


def test_topological_order_keeps_node_order_on_ties():
    assert topological_order(diamond()) == ["a", "c", "b", "d", "e"]


def test_cycle_found_and_excluded_from_the_order():
    design = diamond()
    design.edges.append(Edge("e", "b"))
    assert find_cycle(design) == ["b", "d", "e", "b"]
    assert topological_order(design) == ["a", "c"]
    assert find_cycle(diamond()) is None


def test_loose_ends():
    design = diamond()
    design.nodes.append(node("z", "Dense", units=1))
    assert isolated_nodes(design) == ["z"]
    assert sinks(design) == ["e"]
    assert depth(design)["e"] == 3


def test_long_chains_do_not_recurse():
    nodes = [node("input", "Input", shape=[1])]
    nodes += [node(f"d{i}", "Dense", units=1) for i in range(5000)]
    design = chain(*nodes)
    assert find_cycle(design) is None
    assert len(topological_order(design)) == 5001
