"""Core layers without weights: Input, Activation, Flatten, Dropout."""

from __future__ import annotations

from typing import Any

import numpy as np

from netdesigner.engine.layers import _args
from netdesigner.engine.layers.base import LAYERS, Layer, Shape


@LAYERS.register("Input")
class Input(Layer):
    """The network's entry; ``shape`` excludes the batch axis, e.g. (28, 28, 1)."""

    n_inputs = 0

    def __init__(self, shape: Any) -> None:
        super().__init__()
        if isinstance(shape, int) and not isinstance(shape, bool):
            shape = [shape]
        if not isinstance(shape, list | tuple) or not shape:
            raise _args.fail(
                "Input", "shape", "a list of sizes such as [28, 28, 1]", shape
            )
        self.shape: Shape = tuple(
            _args.positive_int("Input", "shape", d) for d in shape
        )

    def get_config(self) -> dict[str, Any]:
        return {"shape": list(self.shape)}

    def output_shape(self, input_shape: Any = None) -> Shape:
        return self.shape

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        return x

    def backward(self, dy: np.ndarray) -> np.ndarray:
        return dy


@LAYERS.register("Activation")
class ActivationLayer(Layer):
    """Applies an activation on its own (tf.keras ``Activation``); any shape."""

    def __init__(self, activation: str = "linear") -> None:
        super().__init__()
        self.activation = _args.activation("Activation", activation)
        self._activation_arg = activation

    def get_config(self) -> dict[str, Any]:
        return {"activation": self._activation_arg}

    def output_shape(self, input_shape: Shape) -> Shape:
        return tuple(input_shape)

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        self.preactivation = x
        self._y = self.activation.forward(x)
        return self._y

    def backward(self, dy: np.ndarray) -> np.ndarray:
        return self.activation.backward(dy, self.preactivation, self._y)

    def backward_from_preactivation(self, dz: np.ndarray) -> np.ndarray:
        return dz


@LAYERS.register("Flatten")
class Flatten(Layer):
    """(batch, h, w, c) -> (batch, h·w·c) in C order (as tf.keras, channels-last)."""

    def output_shape(self, input_shape: Shape) -> Shape:
        return (int(np.prod(input_shape)),)

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        self._shape = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, dy: np.ndarray) -> np.ndarray | None:
        return dy.reshape(self._shape) if self.need_input_grad else None


@LAYERS.register("Dropout")
class Dropout(Layer):
    """Inverted dropout: in training, zero each value with probability ``rate`` and
    scale the rest by 1 / (1 - rate); identity at inference.

    Masks come from ``self.rng`` (set by ``build``; the network may replace it).
    """

    draws_while_training = True

    def __init__(self, rate: float = 0.5) -> None:
        super().__init__()
        self.rate = _args.number("Dropout", "rate", rate, 0.0, 1.0, high_open=True)

    def get_config(self) -> dict[str, Any]:
        return {"rate": self.rate}

    def output_shape(self, input_shape: Shape) -> Shape:
        return tuple(input_shape)

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        if not training or self.rate == 0.0:
            self._mask = None
            return x
        if self.rng is None:
            self.rng = np.random.default_rng(0)  # unbuilt: still repeatable
        keep = self.rng.random(x.shape, dtype=np.float32) >= self.rate
        self._mask = keep * np.asarray(1.0 / (1.0 - self.rate), dtype=x.dtype)
        return x * self._mask

    def backward(self, dy: np.ndarray) -> np.ndarray | None:
        if not self.need_input_grad:
            return None
        return dy if self._mask is None else dy * self._mask
