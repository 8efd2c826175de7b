"""Shape inference: shapes, parameter counts and the arithmetic a student reads."""

from __future__ import annotations

import numpy as np
import pytest
from design_helpers import chain, lenet, node

from netdesigner.design.catalog import CATALOG
from netdesigner.design.defaults import resolved_params
from netdesigner.design.model import Edge
from netdesigner.design.shapes import (
    NodeShape,
    format_shape,
    infer_shapes,
    total_params,
    weight_shapes,
)
from netdesigner.engine.layers import create_layer


def test_lenet5_shapes_and_parameters():
    shapes = infer_shapes(lenet())
    assert [(k, v.shape) for k, v in shapes.items()] == [
        ("input", (28, 28, 1)),
        ("conv_1", (28, 28, 6)),
        ("pool_1", (14, 14, 6)),
        ("conv_2", (10, 10, 16)),
        ("pool_2", (5, 5, 16)),
        ("flatten", (400,)),
        ("dense_1", (120,)),
        ("dense_2", (84,)),
        ("output", (10,)),
    ]
    # by hand: (5·5·1 + 1)·6 = 156, (5·5·6 + 1)·16 = 2416, 401·120 = 48120,
    # 121·84 = 10164, 85·10 = 850
    counts = {k: v.n_params for k, v in shapes.items() if v.n_params}
    assert counts == {
        "conv_1": 156,
        "conv_2": 2416,
        "dense_1": 48120,
        "dense_2": 10164,
        "output": 850,
    }
    assert total_params(shapes) == 61706
    assert all(v.error is None for v in shapes.values())


def test_lenet5_arithmetic_sentences():
    shapes = infer_shapes(lenet(first_padding="valid"))
    assert shapes["conv_1"].arithmetic == (
        "(28 − 5 + 2·0) / 1 + 1 = 24 for height and width, × 6 filters → 24×24×6"
    )
    assert shapes["pool_1"].arithmetic == (
        "(24 − 2 + 2·0) / 2 + 1 = 12 for height and width"
    )
    assert shapes["flatten"].arithmetic == "4 × 4 × 16 = 256"
    assert shapes["dense_1"].arithmetic is None
    assert shapes["input"].arithmetic is None
    same = infer_shapes(lenet(first_padding="same"))["conv_1"].arithmetic
    assert same.endswith("→ 28×28×6")


def test_input_shapes_are_recorded_in_edge_order():
    design = chain(
        node("input", "Input", shape=[4, 4, 3]),
        node("conv_a", "Conv2D", filters=2, kernel_size=1),
        node("concat", "Concatenate"),
    )
    design.edges.append(Edge("input", "concat"))
    shapes = infer_shapes(design)
    assert shapes["concat"].input_shapes == ((4, 4, 2), (4, 4, 3))
    assert shapes["concat"].shape == (4, 4, 5)


def test_broken_node_has_an_error_and_downstream_nodes_stay_quiet():
    design = lenet()
    design.node("conv_2").params["kernel_size"] = 20
    shapes = infer_shapes(design)
    assert shapes["conv_2"].shape is None
    assert shapes["conv_2"].error == (
        "Conv2D 'conv_2': kernel_size 20 is larger than its 14×14 input; use 14 or "
        "less, or padding='same'"
    )
    for later in ("pool_2", "flatten", "dense_1", "dense_2", "output"):
        assert shapes[later] == NodeShape(None)
    assert shapes["pool_1"].shape == (14, 14, 6)


def test_unconnected_and_cyclic_nodes_have_no_shape():
    design = lenet()
    design.nodes.append(node("lonely", "Dense", units=3))
    design.edges.append(Edge("output", "dense_1"))
    shapes = infer_shapes(design)
    assert shapes["lonely"] == NodeShape(None)
    assert shapes["dense_1"] == NodeShape(None)
    assert list(shapes)[-3:] == ["dense_1", "dense_2", "output"]  # cycle last
    assert shapes["flatten"].shape == (400,)


def test_single_input_layer_with_two_inputs():
    design = chain(node("input", "Input", shape=[3]), node("dense", "Dense", units=2))
    design.nodes.append(node("input_b", "Input", shape=[3]))
    design.edges.append(Edge("input_b", "dense"))
    assert (
        infer_shapes(design)["dense"].error == "Dense 'dense' takes one input, found 2"
    )


def test_unknown_type_is_an_error_of_its_node():
    design = chain(node("input", "Input", shape=[3]), node("odd", "Dense3D"))
    assert infer_shapes(design)["odd"].error == "'odd' has the unknown type 'Dense3D'"


def test_format_shape():
    assert format_shape((28, 28, 1)) == "28×28×1"
    assert format_shape((10,)) == "10"
    assert format_shape(None) == "?"


CASES = [
    ("Dense", {"units": 5}, (7,)),
    ("Dense", {"units": 3, "use_bias": False}, (4,)),
    ("Conv2D", {"filters": 4, "kernel_size": [3, 2]}, (6, 5, 3)),
    ("Conv2D", {"filters": 2, "kernel_size": 3, "use_bias": False}, (6, 6, 2)),
    ("BatchNormalization", {}, (5, 5, 3)),
    ("BatchNormalization", {}, (8,)),
    ("MaxPooling2D", {}, (4, 4, 2)),
    ("Flatten", {}, (2, 3, 4)),
    ("Dropout", {"rate": 0.5}, (9,)),
    ("Activation", {"activation": "relu"}, (9,)),
    ("GlobalAveragePooling2D", {}, (4, 4, 3)),
    ("DetectionHead", {"num_classes": 2, "anchor_sizes": [2, 3]}, (4, 4, 3)),
]


@pytest.mark.parametrize(("type_", "params", "input_shape"), CASES)
def test_counts_agree_with_built_engine_layers(type_, params, input_shape):
    """Counted from shapes here; built by the engine there (params + buffers)."""
    design = chain(
        node("input", "Input", shape=list(input_shape)), node("layer", type_, **params)
    )
    counted = infer_shapes(design)["layer"]
    layer = create_layer(type_, resolved_params(design.node("layer")))
    layer.build(input_shape, np.random.default_rng(0), np.float32)
    built = layer.count_params() + sum(b.size for b in layer.buffers.values())
    assert counted.n_params == built
    assert counted.shape == tuple(layer.output_shape(input_shape))


def test_every_catalog_type_is_covered_by_the_count_test():
    covered = {case[0] for case in CASES} | {
        "Input",
        "Add",
        "Concatenate",
        "AveragePooling2D",
    }
    assert covered == set(CATALOG)


@pytest.mark.parametrize(("type_", "params", "input_shape"), CASES)
def test_weight_shapes_agree_with_built_engine_layers(type_, params, input_shape):
    """weight_shapes reads the design; the engine's network allocates the arrays."""
    from netdesigner.design.build import build_network

    design = chain(
        node("input", "Input", shape=list(input_shape)), node("layer", type_, **params)
    )
    built = build_network(design).get_weights()
    assert weight_shapes(design) == {k: v.shape for k, v in built.items()}


def test_shapes_are_written_one_way_everywhere():
    from netdesigner.design.shapes import format_shape
    from netdesigner.engine.layers.base import format_shape as engine_format

    assert format_shape is engine_format
    assert format_shape((24, 24, 6)) == "24×24×6"
    assert format_shape((4,)) == "4"
    assert format_shape(()) == "scalar"
    assert format_shape(None) == "?"
    assert format_shape((None, 3)) == "?×3"
