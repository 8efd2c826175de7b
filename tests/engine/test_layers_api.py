"""Layer registry, configs, shapes, shape sentences, error sentences, dtypes, modes."""

import numpy as np
import pytest

from netdesigner.engine.errors import EngineError, ShapeError
from netdesigner.engine.layers import LAYERS, create_layer

EXAMPLE_PARAMS = {
    "Input": {"shape": [28, 28, 1]},
    "Dense": {"units": 10, "activation": "softmax", "kernel_regularizer": {"l2": 0.01}},
    "Conv2D": {"filters": 6, "kernel_size": 5, "padding": "same", "activation": "relu"},
    "MaxPooling2D": {"pool_size": 2},
    "AveragePooling2D": {"pool_size": [2, 3], "strides": 1, "padding": "same"},
    "GlobalAveragePooling2D": {},
    "Flatten": {},
    "Dropout": {"rate": 0.25},
    "BatchNormalization": {"momentum": 0.9},
    "Activation": {"activation": "tanh"},
    "Add": {},
    "Concatenate": {"axis": -1},
    "DetectionHead": {"num_classes": 3, "anchor_sizes": [8, 16], "aspect_ratios": [1]},
}


def test_every_keras_layer_is_registered():
    assert set(LAYERS.names()) == set(EXAMPLE_PARAMS)


@pytest.mark.parametrize("name", LAYERS.names())
def test_config_round_trip(name):
    layer = create_layer(name, EXAMPLE_PARAMS[name])
    config = layer.get_config()
    again = create_layer(name, config)
    assert again.get_config() == config
    assert type(again) is type(layer)
    for key, value in EXAMPLE_PARAMS[name].items():
        expected = list(value) if isinstance(value, tuple) else value
        got = config[key]
        if isinstance(value, int) and isinstance(got, list):
            expected = [value, value]
        assert got == expected, key


@pytest.mark.parametrize(
    ("kind", "params", "input_shape", "output"),
    [
        ("Input", {"shape": [28, 28, 1]}, None, (28, 28, 1)),
        ("Dense", {"units": 7}, (400,), (7,)),
        ("Conv2D", {"filters": 6, "kernel_size": 5}, (28, 28, 1), (24, 24, 6)),
        (
            "Conv2D",
            {"filters": 6, "kernel_size": 5, "padding": "same"},
            (28, 28, 1),
            (28, 28, 6),
        ),
        (
            "Conv2D",
            {"filters": 4, "kernel_size": 3, "strides": 2},
            (28, 28, 1),
            (13, 13, 4),
        ),
        (
            "Conv2D",
            {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"},
            (7, 8, 1),
            (4, 4, 4),
        ),
        ("MaxPooling2D", {}, (28, 28, 6), (14, 14, 6)),
        ("MaxPooling2D", {}, (5, 5, 6), (2, 2, 6)),
        ("AveragePooling2D", {"padding": "same"}, (5, 5, 6), (3, 3, 6)),
        ("AveragePooling2D", {"pool_size": 3, "strides": 1}, (5, 5, 2), (3, 3, 2)),
        ("GlobalAveragePooling2D", {}, (5, 5, 6), (6,)),
        ("Flatten", {}, (5, 5, 16), (400,)),
        ("BatchNormalization", {}, (5, 5, 16), (5, 5, 16)),
        ("Add", {}, [(3,), (3,)], (3,)),
        ("Concatenate", {}, [(4, 4, 2), (4, 4, 3)], (4, 4, 5)),
        ("Concatenate", {"axis": 1}, [(2, 4, 2), (3, 4, 2)], (5, 4, 2)),
    ],
)
def test_output_shapes(kind, params, input_shape, output):
    layer = create_layer(kind, params)
    assert layer.output_shape(input_shape) == output
    if kind not in ("Input",):
        layer.build(input_shape, np.random.default_rng(0), np.float64)
        xs = (
            [np.ones((2, *s)) for s in input_shape]
            if layer.n_inputs is None
            else np.ones((2, *input_shape))
        )
        assert layer.forward(xs).shape == (2, *output)


def test_shape_arithmetic_sentences():
    conv = create_layer("Conv2D", {"filters": 6, "kernel_size": 5})
    assert conv.shape_arithmetic((28, 28, 1)) == (
        "(28 − 5 + 2·0) / 1 + 1 = 24 for height and width, × 6 filters → 24×24×6"
    )
    same = create_layer("Conv2D", {"filters": 6, "kernel_size": 5, "padding": "same"})
    assert same.shape_arithmetic((28, 28, 1)).startswith("ceil(28 / 1) = 28 for height")
    pool = create_layer("MaxPooling2D", {})
    assert (
        pool.shape_arithmetic((28, 28, 6))
        == "(28 − 2 + 2·0) / 2 + 1 = 14 for height and width"
    )
    odd = create_layer("MaxPooling2D", {"pool_size": [2, 3]})
    assert odd.shape_arithmetic((5, 9, 1)) == (
        "height ⌊(5 − 2 + 2·0) / 2⌋ + 1 = 2; width (9 − 3 + 2·0) / 3 + 1 = 3"
    )
    assert create_layer("Dense", {"units": 2}).shape_arithmetic((3,)) is None
    assert conv.shape_arithmetic((3, 3, 1)) is None


@pytest.mark.parametrize(
    ("kind", "params", "input_shape", "message"),
    [
        (
            "Conv2D",
            {"filters": 2, "kernel_size": 7},
            (5, 5, 1),
            "Conv2D: kernel_size 7 is larger than its 5×5 input; use 5 or less, "
            "or padding='same'",
        ),
        (
            "MaxPooling2D",
            {"pool_size": 3},
            (2, 2, 4),
            "MaxPooling2D: pool_size 3 is larger",
        ),
        ("Dense", {"units": 10}, (28, 28, 1), "add a Flatten layer before it"),
        ("Conv2D", {"filters": 2}, (784,), "Conv2D expects an image"),
        ("GlobalAveragePooling2D", {}, (10,), "expects an image"),
        ("Add", {}, [(3,), (4,)], "Add needs inputs of one shape, found 3 and 4"),
        ("Add", {}, [(3,)], "two or more inputs, found 1"),
        ("Concatenate", {}, [(2, 2, 1), (3, 2, 1)], "match except on axis -1"),
        ("Concatenate", {"axis": 4}, [(2, 2, 1), (2, 2, 1)], "axis 4 does not exist"),
    ],
)
def test_shape_errors_are_student_sentences(kind, params, input_shape, message):
    with pytest.raises(ShapeError) as info:
        create_layer(kind, params).output_shape(input_shape)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("kind", "params", "message"),
    [
        (
            "Conv2D",
            {"filters": 2, "padding": "full"},
            "Conv2D: argument 'padding' expected 'valid' or 'same', found 'full'",
        ),
        (
            "Dense",
            {"units": 0},
            "Dense: argument 'units' expected a whole number of at least 1, found 0",
        ),
        ("Dense", {"units": 3.5}, "found 3.5"),
        (
            "Dense",
            {"units": 3, "activation": "rleu"},
            "Dense: argument 'activation' expected one of",
        ),
        (
            "Dense",
            {"units": 3, "kernel_initializer": "glorot"},
            "argument 'kernel_initializer'",
        ),
        (
            "Dense",
            {"units": 3, "kernel_regularizer": "l3"},
            "argument 'kernel_regularizer'",
        ),
        ("Dense", {"units": 3, "use_bias": "yes"}, "expected true or false"),
        (
            "Dense",
            {"unit": 3},
            "Dense: unknown argument 'unit'; expected one of: units",
        ),
        ("Dense", {}, "Dense: argument 'units' is required"),
        (
            "Conv2D",
            {"filters": 2, "kernel_size": [3, 3, 3]},
            "a whole number or a list of two",
        ),
        (
            "Dropout",
            {"rate": 1.0},
            "Dropout: argument 'rate' expected a number in [0, 1)",
        ),
        ("BatchNormalization", {"momentum": 2}, "argument 'momentum'"),
        ("MaxPooling2D", {"strides": 0}, "argument 'strides'"),
        ("Input", {"shape": "28"}, "Input: argument 'shape'"),
        ("Concatenate", {"axis": 0}, "argument 'axis'"),
        ("Transformer", {}, "unknown layer 'Transformer'; expected one of: Activation"),
    ],
)
def test_argument_errors_name_layer_argument_expected_and_found(kind, params, message):
    with pytest.raises(EngineError) as info:
        create_layer(kind, params)
    assert message in str(info.value)


def test_weight_names_and_keras_layouts():
    dense = create_layer("Dense", {"units": 5})
    dense.build((3,), np.random.default_rng(0), np.float32)
    assert {k: v.shape for k, v in dense.params.items()} == {
        "kernel": (3, 5),
        "bias": (5,),
    }
    conv = create_layer("Conv2D", {"filters": 4, "kernel_size": [3, 2]})
    conv.build((8, 8, 2), np.random.default_rng(0), np.float32)
    assert conv.params["kernel"].shape == (3, 2, 2, 4)
    assert conv.count_params() == 3 * 2 * 2 * 4 + 4
    bn = create_layer("BatchNormalization", {})
    bn.build((8, 8, 4), np.random.default_rng(0), np.float32)
    assert set(bn.params) == {"gamma", "beta"}
    assert set(bn.buffers) == {"moving_mean", "moving_variance"}
    assert bn.count_params() == 8


def test_flatten_uses_c_order_on_channels_last():
    layer = create_layer("Flatten", {})
    x = np.arange(2 * 2 * 3 * 2).reshape(2, 2, 3, 2)
    np.testing.assert_array_equal(layer.forward(x)[1], x[1].ravel())


@pytest.mark.parametrize(
    ("kind", "params", "shape"),
    [
        ("Dense", {"units": 4, "activation": "gelu"}, (3,)),
        ("Conv2D", {"filters": 2, "kernel_size": 3, "activation": "relu"}, (5, 5, 3)),
        ("Conv2D", {"filters": 2, "kernel_size": 3, "padding": "same"}, (5, 5, 1)),
        ("MaxPooling2D", {}, (4, 4, 2)),
        ("MaxPooling2D", {"strides": 1, "padding": "same"}, (4, 4, 2)),
        ("AveragePooling2D", {}, (4, 4, 2)),
        ("AveragePooling2D", {"strides": 1, "padding": "same"}, (4, 4, 2)),
        ("GlobalAveragePooling2D", {}, (4, 4, 2)),
        ("BatchNormalization", {}, (4, 4, 2)),
        ("Dropout", {"rate": 0.5}, (6,)),
        ("Activation", {"activation": "softmax"}, (6,)),
    ],
)
def test_float32_stays_float32(kind, params, shape):
    layer = create_layer(kind, params)
    layer.build(shape, np.random.default_rng(0), np.float32)
    x = np.random.default_rng(1).standard_normal((3, *shape)).astype(np.float32)
    y = layer.forward(x, training=True)
    assert y.dtype == np.float32
    assert layer.backward(np.ones_like(y)).dtype == np.float32
    assert all(g.dtype == np.float32 for g in layer.grads.values())
    assert all(b.dtype == np.float32 for b in layer.buffers.values())


def test_need_input_grad_false_skips_dx_but_fills_weight_grads():
    layer = create_layer("Conv2D", {"filters": 2, "kernel_size": 3})
    layer.build((5, 5, 1), np.random.default_rng(0), np.float64)
    layer.need_input_grad = False
    y = layer.forward(np.ones((1, 5, 5, 1)), training=True)
    assert layer.backward(np.ones_like(y)) is None
    assert layer.grads["bias"].tolist() == [9.0, 9.0]


def test_frozen_dense_leaves_grads_untouched():
    layer = create_layer("Dense", {"units": 2})
    layer.build((3,), np.random.default_rng(0), np.float64)
    layer.trainable = False
    layer.forward(np.ones((4, 3)), training=True)
    layer.backward(np.ones((4, 2)))
    assert not layer.grads["kernel"].any()


def test_batch_normalization_training_updates_moving_statistics_like_keras():
    layer = create_layer("BatchNormalization", {"momentum": 0.9})
    layer.build((2,), np.random.default_rng(0), np.float64)
    x = np.array([[1.0, 10.0], [3.0, 10.0], [5.0, 16.0]])
    y = layer.forward(x, training=True)
    np.testing.assert_allclose(layer.buffers["moving_mean"], 0.1 * x.mean(0))
    # keras uses the biased batch variance: var = mean((x - mean)^2)
    np.testing.assert_allclose(layer.buffers["moving_variance"], 0.9 + 0.1 * x.var(0))
    np.testing.assert_allclose(y, (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-3))


def test_batch_normalization_inference_and_frozen_use_moving_statistics():
    layer = create_layer("BatchNormalization", {})
    layer.build((2,), np.random.default_rng(0), np.float64)
    layer.buffers["moving_mean"][:] = [1.0, -1.0]
    layer.buffers["moving_variance"][:] = [4.0, 0.25]
    x = np.array([[3.0, 0.0], [1.0, -1.0]])
    expected = (x - [1.0, -1.0]) / np.sqrt(np.array([4.0, 0.25]) + 1e-3)
    np.testing.assert_allclose(layer.forward(x, training=False), expected)
    layer.trainable = False
    np.testing.assert_allclose(layer.forward(x, training=True), expected)
    np.testing.assert_array_equal(layer.buffers["moving_mean"], [1.0, -1.0])


def test_dropout_is_inverted_and_repeatable():
    layer = create_layer("Dropout", {"rate": 0.25})
    layer.build((1000,), np.random.default_rng(5), np.float32)
    x = np.ones((20, 1000), np.float32)
    np.testing.assert_array_equal(layer.forward(x, training=False), x)
    y = layer.forward(x, training=True)
    assert set(np.unique(y)) <= {0.0, np.float32(1 / 0.75)}
    assert (y == 0).mean() == pytest.approx(0.25, abs=0.01)
    layer.rng = np.random.default_rng(5)
    np.testing.assert_array_equal(layer.forward(x, training=True), y)


def test_input_layer_passes_through():
    layer = create_layer("Input", {"shape": [2]})
    x = np.ones((3, 2))
    assert layer.forward(x) is x
    assert layer.shape == (2,)
    assert create_layer("Input", {"shape": 4}).shape == (4,)


def test_activation_names_and_defaults():
    assert create_layer("Dense", {"units": 1}).activation_name == "linear"
    assert (
        create_layer("Dense", {"units": 1, "activation": None}).activation_name
        == "linear"
    )
    assert create_layer("Flatten", {}).activation_name is None
    assert (
        create_layer("Conv2D", {"filters": 1, "activation": "relu"}).activation_name
        == "relu"
    )
