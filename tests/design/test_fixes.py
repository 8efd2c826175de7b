"""Fixes change a copy of the design; wiring, ids and positions follow the rules."""

from __future__ import annotations

import pytest
from design_helpers import chain, lenet, node

from netdesigner.design.errors import DesignError
from netdesigner.design.fixes import Fix, apply_fix, insert_node_fix
from netdesigner.design.model import Edge


def test_apply_fix_leaves_the_original_untouched():
    design = lenet()
    before = design.copy()
    after = apply_fix(
        design, Fix("set_param", {"node": "output", "name": "units", "value": 3})
    )
    assert design == before
    assert after.node("output").params["units"] == 3


def test_insert_keeps_the_input_order_of_a_merge():
    design = chain(node("input", "Input", shape=[4]), node("a", "Dense", units=4))
    design.nodes += [node("b", "Dense", units=4), node("add", "Add")]
    design.edges += [Edge("input", "b"), Edge("a", "add"), Edge("b", "add")]
    design.node("a").position = (100.0, 0.0)
    design.node("add").position = (300.0, 40.0)
    after = apply_fix(design, insert_node_fix("Dropout", "a", "add", {"rate": 0.1}))
    assert after.inputs_of("add") == ["dropout_1", "b"]
    assert after.inputs_of("dropout_1") == ["a"]
    assert after.node("dropout_1").position == (200.0, 20.0)
    assert after.node("dropout_1").params == {"rate": 0.1}
    assert [n.id for n in after.nodes].index("dropout_1") == 2


def test_insert_before_or_after_only():
    design = chain(node("dense", "Dense", units=2))
    design.node("dense").position = (500.0, 10.0)
    before = apply_fix(design, insert_node_fix("Input", None, "dense", {"shape": [2]}))
    assert before.nodes[0].id == "input_1"
    assert before.nodes[0].position == (320.0, 10.0)
    assert before.edges == [Edge("input_1", "dense")]
    after = apply_fix(design, insert_node_fix("Flatten", "dense", None))
    assert after.node("flatten_1").position == (680.0, 10.0)
    assert after.edges == [Edge("dense", "flatten_1")]


def test_new_ids_do_not_collide():
    design = chain(node("flatten_1", "Flatten"), node("x", "Dense", units=1))
    after = apply_fix(design, insert_node_fix("Flatten", "flatten_1", "x"))
    assert [n.id for n in after.nodes] == ["flatten_1", "flatten_2", "x"]


def test_remove_node_with_and_without_bridge():
    design = lenet()
    bridged = apply_fix(design, Fix("remove_node", {"node": "pool_1", "bridge": True}))
    assert bridged.inputs_of("conv_2") == ["conv_1"]
    cut = apply_fix(design, Fix("remove_node", {"node": "pool_1"}))
    assert cut.inputs_of("conv_2") == []
    assert not cut.has_node("pool_1")


def test_other_kinds():
    design = lenet()
    after = apply_fix(design, Fix("set_training", {"key": "epochs", "value": 2}))
    assert after.training["epochs"] == 2
    after = apply_fix(design, Fix("set_dataset", {"key": "name", "value": "digits"}))
    assert after.dataset["name"] == "digits"
    after = apply_fix(
        design, Fix("set_input_shape", {"node": "input", "shape": (8, 8, 1)})
    )
    assert after.node("input").params["shape"] == [8, 8, 1]
    after = apply_fix(design, Fix("remove_edges", {"edges": [["conv_1", "pool_1"]]}))
    assert Edge("conv_1", "pool_1") not in after.edges
    after = apply_fix(design, Fix("add_edge", {"from": "conv_1", "to": "pool_2"}))
    assert after.inputs_of("pool_2") == ["conv_2", "conv_1"]


def test_bad_fixes_are_design_errors():
    with pytest.raises(DesignError, match="unknown fix kind 'paint'; expected one of"):
        apply_fix(lenet(), Fix("paint"))
    with pytest.raises(DesignError, match="names 'ghost', which the design does not"):
        apply_fix(
            lenet(), Fix("set_param", {"node": "ghost", "name": "units", "value": 1})
        )
