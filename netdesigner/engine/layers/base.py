"""The layer contract shared by every layer (ARCHITECTURE.md, "Engine contract")."""

from __future__ import annotations

from typing import Any

import numpy as np

from netdesigner.engine.registry import Registry
from netdesigner.i18n import N_

Shape = tuple[int, ...]


def format_shape(shape: Any) -> str:
    """How messages and the canvas write a shape.

    ``(24, 24, 6)`` -> ``"24×24×6"``, ``(4,)`` -> ``"4"``, ``()`` -> ``"scalar"``,
    None (or a None dimension) -> ``"?"``.
    """
    if shape is None:
        return "?"
    dims = ["?" if d is None else str(d) for d in shape]
    return "×".join(dims) if dims else "scalar"


LAYERS: Registry[type[Layer]] = Registry(N_("layer"))


class Layer:
    """Base class: ``forward`` caches what ``backward`` needs.

    Attributes
    ----------
    params : dict of trainable arrays, tf.keras names and layouts (``kernel``...).
    grads : dict with the same keys as ``params``, filled by ``backward``.
    buffers : dict of non-trainable state (batch norm's moving statistics).
    trainable : when False the optimizer leaves ``params`` unchanged (frozen layer).

    Shapes exclude the batch dimension: ``output_shape((28, 28, 1))`` for a batch
    ``x : (batch, 28, 28, 1)``. Merge layers (``n_inputs`` > 1) take lists of shapes
    and lists of arrays, and their ``backward`` returns a list of gradients.

    Extensions used by the network and trainer
    ------------------------------------------
    activation : the ``Activation`` a layer applies last (Dense, Conv2D, Activation),
        else None; ``activation_name`` gives its name.
    preactivation : z, the output before that activation, cached by the last forward.
    backward_from_preactivation(dz) : backward given dL/dz instead of dL/dy. The trainer
        fuses softmax + cross-entropy (dz = (p - y) / N) and sigmoid + binary
        cross-entropy this way; for a layer without activation it equals ``backward``.
    need_input_grad : when False (the network sets it for layers fed by Input),
        ``backward`` skips dx and returns None.
    rng : the ``np.random.Generator`` given to ``build`` (Dropout's masks).
    dtype : the dtype given to ``build``; params are created in it and float32 stays
        float32 through forward and backward.
    Frozen layers (``trainable`` False) may skip weight-gradient work.
    """

    #: number of inputs the layer takes; None for "two or more" (Add, Concatenate)
    n_inputs: int | None = 1
    #: True when a training forward draws from ``rng`` (Dropout), so that epoch
    #: snapshots must keep the generator's state
    draws_while_training = False

    def __init__(self, **config: Any) -> None:
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.buffers: dict[str, np.ndarray] = {}
        self.trainable = True
        self.built = False
        self.activation: Any = None
        self.preactivation: np.ndarray | None = None
        self.need_input_grad = True
        self.rng: np.random.Generator | None = None
        self.dtype: np.dtype = np.dtype(np.float32)

    def build(self, input_shape: Any, rng: np.random.Generator, dtype: Any) -> None:
        """Create ``params`` and ``buffers`` for an input of ``input_shape``."""
        self.rng = rng
        self.dtype = np.dtype(dtype)
        self.built = True

    @property
    def activation_name(self) -> str | None:
        """Name of the activation applied last, or None."""
        return None if self.activation is None else self.activation.name

    def output_shape(self, input_shape: Any) -> Shape:
        """The output shape, or ``ShapeError`` with a sentence for the student."""
        raise NotImplementedError

    def shape_arithmetic(self, input_shape: Any) -> str | None:
        """The output-size arithmetic, e.g. "(28 − 5 + 2·0) / 1 + 1 = 24"."""
        return None

    def forward(self, x: Any, training: bool = False) -> np.ndarray:
        raise NotImplementedError

    def backward(self, dy: np.ndarray) -> Any:
        raise NotImplementedError

    def backward_from_preactivation(self, dz: np.ndarray) -> Any:
        """Backward from dL/dz (before the activation); see the class docstring."""
        return self.backward(dz)

    def get_config(self) -> dict[str, Any]:
        """Constructor arguments only (tf.keras names)."""
        return {}

    def count_params(self) -> int:
        return int(sum(p.size for p in self.params.values()))
