"""Every layer's backward against central differences in float64 (gradcheck)."""

import numpy as np
import pytest

from netdesigner.engine.gradcheck import check_layer_gradients
from netdesigner.engine.layers import create_layer

TOL = 1e-6

CASES = [
    ("Dense", {"units": 3}, (4,)),
    ("Dense", {"units": 3, "activation": "tanh"}, (4,)),
    ("Dense", {"units": 2, "activation": "softmax"}, (3,)),
    ("Dense", {"units": 2, "activation": "sigmoid", "use_bias": False}, (3,)),
    ("Conv2D", {"filters": 2, "kernel_size": 3}, (5, 6, 2)),
    ("Conv2D", {"filters": 2, "kernel_size": 3, "padding": "same"}, (5, 6, 2)),
    ("Conv2D", {"filters": 2, "kernel_size": [3, 2], "strides": 2}, (6, 5, 2)),
    (
        "Conv2D",
        {"filters": 3, "kernel_size": 3, "strides": [2, 1], "padding": "same"},
        (6, 5, 2),
    ),
    (
        "Conv2D",
        {"filters": 2, "kernel_size": 2, "strides": 2, "padding": "same"},
        (5, 5, 1),
    ),
    ("Conv2D", {"filters": 2, "kernel_size": 3, "activation": "tanh"}, (5, 5, 1)),
    ("Conv2D", {"filters": 2, "kernel_size": 4, "padding": "same"}, (5, 4, 1)),
    ("Conv2D", {"filters": 2, "kernel_size": 3, "use_bias": False}, (5, 5, 3)),
    # four or more channels: patches made per block of images, slab input gradient
    ("Conv2D", {"filters": 3, "kernel_size": 3, "padding": "same"}, (5, 6, 4)),
    ("Conv2D", {"filters": 2, "kernel_size": [3, 2], "strides": 2}, (6, 5, 5)),
    ("Flatten", {}, (2, 3, 2)),
    ("GlobalAveragePooling2D", {}, (3, 4, 2)),
    ("Activation", {"activation": "softmax"}, (4,)),
    ("Activation", {"activation": "elu"}, (2, 3)),
    ("Dropout", {"rate": 0.4}, (6,)),
    (
        "DetectionHead",
        {"num_classes": 2, "anchor_sizes": [4], "aspect_ratios": [1, 2]},
        (3, 4, 5),
    ),
]
for _kind in ("MaxPooling2D", "AveragePooling2D"):
    for _params, _shape in (
        ({}, (4, 6, 2)),  # tiled 2×2
        ({}, (5, 5, 2)),  # tiled with a cropped last row and column
        ({"pool_size": 3}, (6, 6, 1)),  # tiled 3×3
        ({"pool_size": 3, "strides": 1}, (5, 5, 2)),  # overlapping
        ({"pool_size": 2, "strides": 1, "padding": "same"}, (4, 5, 2)),
        ({"pool_size": 3, "strides": 2, "padding": "same"}, (5, 6, 2)),
        ({"pool_size": [2, 3], "padding": "same"}, (5, 5, 1)),
    ):
        CASES.append((_kind, _params, _shape))


@pytest.mark.parametrize(("kind", "params", "shape"), CASES, ids=str)
def test_layer_gradients(kind, params, shape):
    errors = check_layer_gradients(create_layer(kind, params), shape, batch=2)
    assert max(errors.values()) <= TOL, errors


@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("shape", [(4,), (3, 3, 2)])
def test_batch_normalization_gradients(training, shape):
    layer = create_layer("BatchNormalization", {})
    layer.build(shape, np.random.default_rng(0), np.float64)
    rng = np.random.default_rng(3)
    layer.params["gamma"][:] = rng.uniform(0.5, 1.5, shape[-1])
    layer.params["beta"][:] = rng.standard_normal(shape[-1])
    layer.buffers["moving_mean"][:] = rng.standard_normal(shape[-1])
    layer.buffers["moving_variance"][:] = rng.uniform(0.5, 2.0, shape[-1])
    errors = check_layer_gradients(layer, shape, batch=4, training=training)
    assert max(errors.values()) <= TOL, errors


@pytest.mark.parametrize(
    ("kind", "shapes"),
    [("Add", [(3,), (3,), (3,)]), ("Concatenate", [(2, 2, 3), (2, 2, 1)])],
)
def test_merge_gradients(kind, shapes):
    errors = check_layer_gradients(create_layer(kind, {}), shapes)
    assert set(errors) == {f"x{i}" for i in range(len(shapes))}
    assert max(errors.values()) <= TOL, errors


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"pool_size": 3},
        {"pool_size": 3, "strides": 1},
        {"padding": "same", "strides": 1},
    ],
    ids=str,
)
def test_max_pooling_routes_ties_to_one_position(params):
    layer = create_layer("MaxPooling2D", params)
    x = np.zeros((1, 6, 6, 2))  # every window is a tie
    y = layer.forward(x)
    dx = layer.backward(np.ones_like(y))
    assert dx.sum() == y.size  # each output's gradient placed once, not once per tie
    if not params:  # 2×2 tiles: the top-left value of each window
        np.testing.assert_array_equal(dx[0, ::2, ::2], np.ones((3, 3, 2)))


@pytest.mark.parametrize(
    ("kind", "params", "shape"),
    [
        ("Dense", {"units": 4, "activation": "softmax"}, (3,)),
        (
            "Conv2D",
            {"filters": 2, "kernel_size": 2, "activation": "sigmoid"},
            (3, 3, 1),
        ),
        ("Activation", {"activation": "softmax"}, (5,)),
    ],
)
def test_backward_from_preactivation_skips_the_activation(kind, params, shape):
    """The fused path given dz = J^T dy equals backward given dy."""
    layer = create_layer(kind, params)
    layer.build(shape, np.random.default_rng(0), np.float64)
    rng = np.random.default_rng(1)
    y = layer.forward(rng.standard_normal((2, *shape)), training=True)
    dy = rng.standard_normal(y.shape)
    dx_plain = layer.backward(dy)
    grads_plain = {k: g.copy() for k, g in layer.grads.items()}
    dz = layer.activation.backward(dy, layer.preactivation, y)
    dx_fused = layer.backward_from_preactivation(dz)
    np.testing.assert_allclose(dx_fused, dx_plain, rtol=1e-12, atol=1e-14)
    for k, g in grads_plain.items():
        np.testing.assert_allclose(layer.grads[k], g, rtol=1e-12, atol=1e-14)
