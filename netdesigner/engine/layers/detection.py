"""DetectionHead: a single-shot detector's head on a feature map (SSD / YOLO style).

A convolution (``padding='same'``) whose ``A·(4 + 1 + C)`` output channels hold, per
feature-map cell and anchor, four box offsets (``detection.boxes.encode_boxes``)
and ``1 + C`` class logits, background first. ``A = len(anchor_sizes) ·
len(aspect_ratios)`` anchors per cell; ``anchor_boxes`` places them on the image.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from netdesigner.engine.detection.anchors import make_anchors
from netdesigner.engine.layers import _args
from netdesigner.engine.layers.base import LAYERS, Shape
from netdesigner.engine.layers.convolution import Conv2D
from netdesigner.engine.layers.spatial import check_image

NAME = "DetectionHead"


def _positive_list(arg: str, value: Any) -> tuple[float, ...]:
    """A non-empty list of positive numbers (a single number is a list of one)."""
    items = (
        value if isinstance(value, Sequence) and not isinstance(value, str) else [value]
    )
    ok = len(items) > 0 and all(
        isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in items
    )
    if not ok:
        raise _args.fail(NAME, arg, "a list of positive numbers", value)
    return tuple(float(v) for v in items)


@LAYERS.register(NAME)
class DetectionHead(Conv2D):
    """Box offsets and class scores for every anchor of every feature-map cell.

    x : (N, fh, fw, channels) ; kernel : (k, k, channels, A·(5 + C)) ;
    y : (N, fh, fw, A·(5 + C)), per anchor ``[dx, dy, dw, dh, background,
    class_1 … class_C]`` (raw: the loss applies the softmax). anchor_sizes are in
    pixels of the input image; aspect_ratios are width / height.
    """

    def __init__(
        self,
        num_classes: int,
        anchor_sizes: Any = (16.0, 32.0),
        aspect_ratios: Any = (1.0, 2.0, 0.5),
        kernel_size: Any = 3,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
    ) -> None:
        self.num_classes = _args.positive_int(NAME, "num_classes", num_classes)
        self.anchor_sizes = _positive_list("anchor_sizes", anchor_sizes)
        self.aspect_ratios = _positive_list("aspect_ratios", aspect_ratios)
        self.num_anchors = len(self.anchor_sizes) * len(self.aspect_ratios)
        super().__init__(
            filters=self.num_anchors * (5 + self.num_classes),
            kernel_size=kernel_size,
            padding="same",
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
        )
        self.feature_hw: tuple[int, int] | None = None

    def get_config(self) -> dict[str, Any]:
        return {
            "num_classes": self.num_classes,
            "anchor_sizes": list(self.anchor_sizes),
            "aspect_ratios": list(self.aspect_ratios),
            "kernel_size": list(self.kernel_size),
            "kernel_initializer": self.kernel_initializer,
            "bias_initializer": self.bias_initializer,
        }

    def output_shape(self, input_shape: Shape) -> Shape:
        check_image(NAME, input_shape)
        return super().output_shape(input_shape)

    def build(self, input_shape: Shape, rng: np.random.Generator, dtype: Any) -> None:
        super().build(input_shape, rng, dtype)
        self.feature_hw = (int(input_shape[0]), int(input_shape[1]))

    def anchor_boxes(self, image_hw: tuple[int, int]) -> np.ndarray:
        """Anchors ``(fh·fw·A, 4)`` in pixels of an ``image_hw`` input (built only)."""
        assert self.feature_hw is not None, "anchors exist once the layer is built"
        return make_anchors(
            image_hw, self.feature_hw, self.anchor_sizes, self.aspect_ratios
        )
