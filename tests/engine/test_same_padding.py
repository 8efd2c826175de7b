"""TensorFlow's 'same' padding with an odd total, checked against hand computations.

When the total padding of an axis is odd, TensorFlow puts the extra row at the
bottom and the extra column at the right. Every expected array below was worked out
by hand on the 3×3 image

    1 2 3
    4 5 6
    7 8 9

so no test here takes its padding from the code it checks.
"""

from __future__ import annotations

import numpy as np

from netdesigner.engine.layers import create_layer

IMAGE = np.arange(1, 10, dtype=np.float64).reshape(1, 3, 3, 1)


def _forward(kind: str, params: dict) -> np.ndarray:
    """The layer's output on IMAGE, as a 2-D array (one image, one channel)."""
    layer = create_layer(kind, params)
    layer.build((3, 3, 1), np.random.default_rng(0), np.float64)
    if kind == "Conv2D":
        layer.params["kernel"][...] = 1.0  # a 2×2 window sum
        layer.params["bias"][...] = 0.0
    return layer.forward(IMAGE)[0, :, :, 0]


def test_conv2d_same_puts_the_odd_row_and_column_at_the_bottom_right():
    # kernel 2, stride 1: total padding 1 per axis, all of it after the image;
    # each output is the sum of the 2×2 window starting at its own pixel
    out = _forward("Conv2D", {"filters": 1, "kernel_size": 2, "padding": "same"})
    expected = [
        [1 + 2 + 4 + 5, 2 + 3 + 5 + 6, 3 + 6],
        [4 + 5 + 7 + 8, 5 + 6 + 8 + 9, 6 + 9],
        [7 + 8, 8 + 9, 9],
    ]
    np.testing.assert_array_equal(out, expected)


def test_conv2d_same_with_stride_two_pads_only_after():
    # kernel 2, stride 2: out = ceil(3 / 2) = 2, total = (2 - 1)·2 + 2 - 3 = 1
    out = _forward(
        "Conv2D", {"filters": 1, "kernel_size": 2, "strides": 2, "padding": "same"}
    )
    np.testing.assert_array_equal(out, [[1 + 2 + 4 + 5, 3 + 6], [7 + 8, 9]])


def test_max_pooling_same_pads_bottom_right():
    out = _forward("MaxPooling2D", {"pool_size": 2, "strides": 2, "padding": "same"})
    # windows {1,2,4,5} {3,6} {7,8} {9}; padding before would give [[1,3],[7,9]]
    np.testing.assert_array_equal(out, [[5, 6], [8, 9]])


def test_average_pooling_same_divides_by_the_real_pixels_only():
    out = _forward(
        "AveragePooling2D", {"pool_size": 2, "strides": 2, "padding": "same"}
    )
    np.testing.assert_allclose(out, [[3.0, 4.5], [7.5, 9.0]])
