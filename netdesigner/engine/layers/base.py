"""The layer contract shared by every layer (ARCHITECTURE.md, "Engine contract")."""

from __future__ import annotations

from typing import Any

import numpy as np

from netdesigner.engine.registry import Registry

Shape = tuple[int, ...]

LAYERS: Registry[type[Layer]] = Registry("layer")


class Layer:
    """Base class: ``forward`` caches what ``backward`` needs.

    Attributes
    ----------
    params : dict of trainable arrays, tf.keras names and layouts (``kernel``, ``bias``...).
    grads : dict with the same keys as ``params``, filled by ``backward``.
    buffers : dict of non-trainable state (batch norm's moving statistics).
    trainable : when False the optimizer leaves ``params`` unchanged (frozen layer).

    Shapes exclude the batch dimension: ``output_shape((28, 28, 1))`` for a batch
    ``x : (batch, 28, 28, 1)``. Merge layers (``n_inputs`` > 1) take lists of shapes
    and lists of arrays.
    """

    #: number of inputs the layer takes; None for "two or more" (Add, Concatenate)
    n_inputs: int | None = 1

    def __init__(self, **config: Any) -> None:
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.buffers: dict[str, np.ndarray] = {}
        self.trainable = True
        self.built = False

    def build(self, input_shape: Any, rng: np.random.Generator, dtype: Any) -> None:
        """Create ``params`` and ``buffers`` for an input of ``input_shape``."""
        self.built = True

    def output_shape(self, input_shape: Any) -> Shape:
        """Return the output shape, or raise ``ShapeError`` with a student's sentence."""
        raise NotImplementedError

    def shape_arithmetic(self, input_shape: Any) -> str | None:
        """The output-size arithmetic as a sentence, e.g. "(28 − 5 + 2·0) / 1 + 1 = 24"."""
        return None

    def forward(self, x: Any, training: bool = False) -> np.ndarray:
        raise NotImplementedError

    def backward(self, dy: np.ndarray) -> Any:
        raise NotImplementedError

    def get_config(self) -> dict[str, Any]:
        """Constructor arguments only (tf.keras names)."""
        return {}

    def count_params(self) -> int:
        return int(sum(p.size for p in self.params.values()))
