"""Shape inference follows Conv2D's and pooling's strides (hand-computed cases).

valid: out = floor((n - k) / s) + 1;  same: out = ceil(n / s).
"""

from __future__ import annotations

import pytest
from design_helpers import chain, node

from netdesigner.design.shapes import infer_shapes


@pytest.mark.parametrize(
    ("params", "image", "expected"),
    [
        # (28 - 3) // 2 + 1 = 13
        ({"kernel_size": 3, "strides": 2}, (28, 28, 1), (13, 13, 8)),
        # (28 - 5) // 3 + 1 = 8 rows; (20 - 5) // 1 + 1 = 16 columns
        ({"kernel_size": 5, "strides": [3, 1]}, (28, 20, 1), (8, 16, 8)),
        # ceil(28 / 2) = 14, ceil(9 / 2) = 5
        ({"kernel_size": 3, "strides": 2, "padding": "same"}, (28, 9, 3), (14, 5, 8)),
        # ceil(7 / 3) = 3, ceil(8 / 4) = 2
        (
            {"kernel_size": 2, "strides": [3, 4], "padding": "same"},
            (7, 8, 1),
            (3, 2, 8),
        ),
    ],
)
def test_conv2d_output_shape_follows_its_strides(params, image, expected):
    design = chain(
        node("input", "Input", shape=list(image)),
        node("conv", "Conv2D", filters=8, **params),
        node("flatten", "Flatten"),
        node("output", "Dense", units=2),
    )
    shapes = infer_shapes(design)
    assert shapes["conv"].shape == expected
    h, w, c = expected
    assert shapes["flatten"].shape == (h * w * c,)
    assert shapes["output"].n_params == h * w * c * 2 + 2  # the Dense sees it too


def test_a_strided_convolution_says_so_in_its_arithmetic():
    design = chain(
        node("input", "Input", shape=[28, 28, 1]),
        node("conv", "Conv2D", filters=4, kernel_size=3, strides=2),
    )
    text = infer_shapes(design)["conv"].arithmetic
    assert "/ 2⌋ + 1 = 13" in text  # ⌊(28 − 3) / 2⌋ + 1


@pytest.mark.parametrize(
    ("kind", "params", "expected"),
    [
        ("MaxPooling2D", {"pool_size": 2}, (14, 14, 6)),  # strides default to pool
        ("MaxPooling2D", {"pool_size": 2, "strides": 1}, (27, 27, 6)),
        ("AveragePooling2D", {"pool_size": 3, "strides": 2}, (13, 13, 6)),
        (
            "MaxPooling2D",
            {"pool_size": 3, "strides": 2, "padding": "same"},
            (14, 14, 6),
        ),
    ],
)
def test_pooling_output_shape_follows_its_strides(kind, params, expected):
    design = chain(
        node("input", "Input", shape=[28, 28, 6]),
        node("pool", kind, **params),
    )
    assert infer_shapes(design)["pool"].shape == expected
