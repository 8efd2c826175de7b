"""Hypothesis builds odd graphs: validation never raises and every fix applies."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from netdesigner.design.catalog import CATALOG
from netdesigner.design.fixes import apply_fix
from netdesigner.design.model import Design, Edge, Node
from netdesigner.design.shapes import infer_shapes
from netdesigner.design.validation import validate

TYPES = sorted(CATALOG)
SHAPES = st.sampled_from([[2], [3], [8, 8, 1], [28, 28, 1], [5, 5, 3]])


@st.composite
def nodes(draw, index: int) -> Node:
    type_ = draw(st.sampled_from(TYPES))
    params = CATALOG[type_].initial_params()
    if type_ == "Input":
        params["shape"] = draw(SHAPES)
    if type_ in ("Dense", "Conv2D"):
        params[CATALOG[type_].params[0].name] = draw(st.integers(1, 12))
        params["activation"] = draw(st.sampled_from(["relu", "softmax", "sigmoid"]))
    if type_ in ("Conv2D", "MaxPooling2D"):
        key = "kernel_size" if type_ == "Conv2D" else "pool_size"
        params[key] = draw(st.integers(1, 9))
    return Node(f"n{index}", type_, params, (float(index * 100), 0.0))


@st.composite
def designs(draw) -> Design:
    count = draw(st.integers(0, 7))
    members = [draw(nodes(i)) for i in range(count)]
    ids = [n.id for n in members] + ["ghost"]
    pairs = st.tuples(st.sampled_from(ids), st.sampled_from(ids))
    edges = [Edge(a, b) for a, b in draw(st.lists(pairs, max_size=10))] if count else []
    dataset = draw(st.sampled_from(["circle", "mnist", "plane", "spiral", "nope"]))
    loss = draw(st.sampled_from(["mean_squared_error", "binary_crossentropy", "hinge"]))
    return Design(
        nodes=members,
        edges=edges,
        dataset={"name": dataset},
        training={"loss": loss},
    )


@settings(max_examples=150, deadline=None)
@given(designs())
def test_validation_never_raises_and_fixes_apply(design):
    shapes = infer_shapes(design)
    assert set(shapes) == {n.id for n in design.nodes}
    for problem in validate(design):
        assert problem.severity in ("error", "warning")
        assert problem.message and "\n" not in problem.message
        if problem.fix is not None:
            changed = apply_fix(design, problem.fix)
            same = [
                (p.code, p.node_id, p.message)
                for p in validate(changed)
                if (p.code, p.node_id, p.message)
                == (problem.code, problem.node_id, problem.message)
            ]
            assert same == [], problem
