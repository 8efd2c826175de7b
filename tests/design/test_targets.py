"""Target encoding: which form the labels take for each loss and output layer."""

import numpy as np
import pytest

from netdesigner.design.errors import DesignError
from netdesigner.design.targets import target_encoding

LABELS = np.array([0, 1, 1, 0], dtype=np.int64)


@pytest.mark.parametrize(
    ("loss", "activation", "kind", "threshold", "expected"),
    [
        ("binary_crossentropy", "sigmoid", "zero_one", 0.5, [[0], [1], [1], [0]]),
        ("mean_squared_error", "sigmoid", "zero_one", 0.5, [[0], [1], [1], [0]]),
        ("mean_squared_error", "step", "zero_one", 0.5, [[0], [1], [1], [0]]),
        ("mean_squared_error", "tanh", "signed", 0.0, [[-1], [1], [1], [-1]]),
        ("mean_squared_error", "linear", "signed", 0.0, [[-1], [1], [1], [-1]]),
        ("hinge", "linear", "signed", 0.0, [[-1], [1], [1], [-1]]),
        ("hinge", "sigmoid", "signed", 0.0, [[-1], [1], [1], [-1]]),
    ],
)
def test_one_unit_two_classes(loss, activation, kind, threshold, expected):
    enc = target_encoding(loss, activation, 1, "classification", 2)
    assert (enc.kind, enc.threshold) == (kind, threshold)
    t = enc.encode(LABELS)
    assert t.dtype == np.float32 and t.shape == (4, 1)
    np.testing.assert_array_equal(t, expected)


def test_sparse_keeps_indices():
    enc = target_encoding(
        "sparse_categorical_crossentropy", "softmax", 3, "classification", 3
    )
    t = enc.encode(np.array([2, 0, 1]))
    assert t.dtype == np.int64 and t.tolist() == [2, 0, 1]
    assert enc.threshold is None


@pytest.mark.parametrize(
    "loss", ["categorical_crossentropy", "mean_squared_error", "binary_crossentropy"]
)
def test_several_units_get_one_hot(loss):
    enc = target_encoding(loss, "softmax", 3, "classification", 3)
    t = enc.encode(np.array([2, 0]))
    np.testing.assert_array_equal(t, [[0, 0, 1], [1, 0, 0]])
    assert t.dtype == np.float32


def test_two_softmax_units_for_two_classes_are_one_hot():
    enc = target_encoding("categorical_crossentropy", "softmax", 2, "classification", 2)
    np.testing.assert_array_equal(enc.encode(LABELS)[:2], [[1, 0], [0, 1]])


def test_regression_values_are_a_column():
    enc = target_encoding("mean_squared_error", "linear", 1, "regression", 0)
    t = enc.encode(np.array([0.5, -2.0], dtype=np.float32))
    assert t.shape == (2, 1) and t.dtype == np.float32
    assert not enc.is_classification
    np.testing.assert_array_equal(enc.decode(np.array([[1.5], [2.5]])), [1.5, 2.5])


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ("sparse_categorical_crossentropy", "softmax", 1, "classification", 2),
            "2 classes, but the output layer has 1 unit; give it 2 units",
        ),
        (
            ("mean_squared_error", "softmax", 4, "classification", 3),
            "3 classes, but the output layer has 4 units",
        ),
        (
            ("mean_squared_error", "linear", 2, "regression", 0),
            "one target value, but the output layer has 2 units",
        ),
        (
            ("mean_squared_error", "sigmoid", 1, "classification", 3),
            "3 classes, but the output layer has 1 unit",
        ),
    ],
)
def test_output_that_cannot_hold_the_labels(args, words):
    with pytest.raises(DesignError, match=words):
        target_encoding(*args)


def test_decode_uses_threshold_or_argmax():
    signed = target_encoding("mean_squared_error", "tanh", 1, "classification", 2)
    assert signed.decode(np.array([[-0.2], [0.1]])).tolist() == [0, 1]
    zero_one = target_encoding("binary_crossentropy", "sigmoid", 1, "classification", 2)
    assert zero_one.decode(np.array([[0.4], [0.6]])).tolist() == [0, 1]
    multi = target_encoding(
        "sparse_categorical_crossentropy", "softmax", 3, "classification", 3
    )
    assert multi.decode(np.array([[0.1, 0.7, 0.2], [0.5, 0.1, 0.4]])).tolist() == [1, 0]


def test_encode_then_decode_round_trips_labels():
    pairs = [("mean_squared_error", "tanh"), ("binary_crossentropy", "sigmoid")]
    for loss, act in pairs:
        enc = target_encoding(loss, act, 1, "classification", 2)
        assert enc.decode(enc.encode(LABELS)).tolist() == LABELS.tolist()
