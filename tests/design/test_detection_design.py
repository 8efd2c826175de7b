"""Detection designs: schema, shapes and weights, validation and the session."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from netdesigner.design.model import Design
from netdesigner.design.shapes import infer_shapes, weight_shapes
from netdesigner.design.validation import validate
from netdesigner.engine.layers import create_layer


def _doc(head=None, dataset="products", loss="multibox_loss", input_shape=(64, 64, 3)):
    head = {"num_classes": 3, "anchor_sizes": [12, 20], "aspect_ratios": [1, 2]} | (
        head or {}
    )
    return {
        "format": "netdesigner.design",
        "version": 2,
        "nodes": [
            {"id": "input", "type": "Input", "params": {"shape": list(input_shape)}},
            {
                "id": "conv",
                "type": "Conv2D",
                "params": {
                    "filters": 4,
                    "kernel_size": 3,
                    "strides": 8,
                    "padding": "same",
                },
            },
            {"id": "head", "type": "DetectionHead", "params": head},
        ],
        "edges": [{"from": "input", "to": "conv"}, {"from": "conv", "to": "head"}],
        "dataset": {"name": dataset},
        "training": {"loss": loss},
    }


def _codes(doc):
    return {
        (p.code, p.node_id)
        for p in validate(Design.from_dict(doc))
        if p.severity == "error"
    }


def test_a_detection_design_is_valid_and_its_shapes_match_the_engine():
    design = Design.from_dict(_doc())
    assert _codes(_doc()) == set()
    shapes = infer_shapes(design)
    assert shapes["head"].shape == (8, 8, 4 * 8)
    layer = create_layer("DetectionHead", design.node("head").params)
    layer.build((8, 8, 4), np.random.default_rng(0), np.float32)
    assert shapes["head"].n_params == layer.count_params()
    weights = weight_shapes(design, shapes)
    assert weights["head/kernel"] == layer.params["kernel"].shape
    assert weights["head/bias"] == layer.params["bias"].shape


def test_anchors_larger_than_the_image_are_an_error():
    doc = _doc({"anchor_sizes": [12, 60], "aspect_ratios": [1, 2]})
    assert ("detection_anchors", "head") in _codes(doc)
    problem = next(
        p for p in validate(Design.from_dict(doc)) if p.code == "detection_anchors"
    )
    assert "85×42" in problem.message and "64×64" in problem.message


def test_the_head_needs_a_feature_map():
    doc = _doc()
    doc["nodes"][1] = {"id": "conv", "type": "Flatten", "params": {}}
    problems = [p for p in validate(Design.from_dict(doc)) if p.node_id == "head"]
    assert any("height × width × channels" in p.message for p in problems)


def test_head_and_data_set_must_go_together():
    assert ("detection_dataset", "head") in _codes(_doc(dataset="digits"))
    classes = _codes(_doc({"num_classes": 2}))
    assert ("detection_classes", "head") in classes
    assert ("detection_loss", "head") in _codes(
        _doc(loss="sparse_categorical_crossentropy")
    )
    no_head = copy.deepcopy(_doc())
    no_head["nodes"].pop()
    no_head["edges"].pop()
    assert ("detection_head_missing", "conv") in _codes(no_head)


def test_without_a_loss_a_head_trains_with_multibox_loss():
    from netdesigner.design.defaults import resolved_training

    doc = _doc()
    del doc["training"]
    assert resolved_training(Design.from_dict(doc))["loss"] == "multibox_loss"


@pytest.mark.parametrize("bad", [{"anchor_sizes": []}, {"aspect_ratios": [0]}])
def test_the_schema_refuses_bad_anchor_lists(bad):
    from netdesigner.design.schema import schema_errors

    assert schema_errors(_doc(bad)) != []
