"""Graph helpers: topological order, cycles, loose ends."""

from __future__ import annotations

import re

import pytest
from design_helpers import chain, node

from netdesigner.design.build import build_network
from netdesigner.design.errors import GraphError
from netdesigner.design.graph import (
    depth,
    find_cycle,
    isolated_nodes,
    sinks,
    topological_order,
)
from netdesigner.design.model import Design, Edge
from netdesigner.design.validation import validate


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


def _quoted_ids(text: str) -> list[str]:
    return re.findall(r"'([^']+)'", text)


def _engine_cycle(design) -> list[str]:
    """The cycle the engine names when asked to build ``design``."""
    with pytest.raises(GraphError) as caught:
        build_network(design)
    sentence = str(caught.value)
    assert "cycle" in sentence, sentence
    return _quoted_ids(sentence.split("cycle", 1)[1].split(";")[0])


def _validation_cycle(design) -> list[str]:
    (problem,) = [p for p in validate(design) if p.code == "cycle"]
    return problem.message.split("(", 1)[1].split(")")[0].split(" → ")


def _listed_against_the_flow():
    """Input -> early -> late -> early, with 'late' listed before 'early'."""
    return Design(
        name="test",
        nodes=[
            node("input", "Input", shape=[2]),
            node("late", "Dense", units=2),
            node("early", "Dense", units=2),
        ],
        edges=[Edge("input", "early"), Edge("early", "late"), Edge("late", "early")],
    )


@pytest.mark.parametrize(
    "design",
    [
        _listed_against_the_flow(),
        # the cycle behind a branch, listed in the flow's order
        Design(
            name="test",
            nodes=[
                node("input", "Input", shape=[2]),
                node("a", "Dense", units=2),
                node("c", "Dense", units=2),
                node("b", "Dense", units=2),
            ],
            edges=[
                Edge("input", "a"),
                Edge("a", "b"),
                Edge("b", "c"),
                Edge("c", "b"),
                Edge("input", "c"),
            ],
        ),
    ],
)
def test_validation_names_the_cycle_the_engine_names(design):
    assert _validation_cycle(design) == _engine_cycle(design)


def test_the_named_cycle_ends_with_the_edge_against_the_flow():
    # the edge that goes back (late -> early) is the one the fix deletes
    assert find_cycle(_listed_against_the_flow()) == ["early", "late", "early"]
