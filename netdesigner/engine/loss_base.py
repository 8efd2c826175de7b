"""What every loss shares: the ``Loss`` base class and the registry of losses.

The concrete losses (``losses``, ``detection.loss``) subclass ``Loss`` and register
under their tf.keras names with ``register_loss``; nothing here imports them, so
they import this module and nothing imports back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from netdesigner.engine.errors import EngineError
from netdesigner.engine.registry import Registry
from netdesigner.i18n import N_

LOSSES: Registry[type[Loss]] = Registry(N_("loss"))

EPSILON = 1e-7  # tf.keras's backend epsilon, used to clip probabilities


class Loss:
    """Base class: ``value``, ``gradient`` and their fused forms.

    Shapes: ``y_pred`` is the network output ``(batch, *output_shape)``; targets are
    what ``prepare_targets`` returns (same shape as ``y_pred``, or ``(batch,)`` class
    indices for the sparse loss).
    """

    name = ""
    #: output activation whose derivative this loss absorbs, or None
    fused_activation: str | None = None
    #: metrics a trainer reports by default with this loss (``metric_function``),
    #: or None for the usual choice (accuracy, or rmse and r2)
    default_metrics: tuple[str, ...] | None = None

    def __init__(self, **config: Any) -> None:
        if config:
            raise EngineError(
                f"loss '{self.name}' takes no arguments, found {sorted(config)}"
            )

    def get_config(self) -> dict[str, Any]:
        return {}

    def bind(self, network: Any) -> None:
        """Learn what the targets depend on from the built network, before
        ``prepare_targets`` (the detection loss: its head's anchors); most need
        nothing."""

    def metric_function(self, name: str) -> Callable[..., float] | None:
        """A metric this loss computes itself (``metric(y_pred, t, threshold)``),
        or None to use ``metrics.METRICS``."""
        return None

    def prepare_targets(
        self, y: np.ndarray, output_shape: tuple[int, ...], dtype: Any
    ) -> np.ndarray:
        """Targets as float arrays shaped like the output (``(N,)`` -> ``(N, 1)``)."""
        y = np.asarray(y)
        if y.ndim == 1 and tuple(output_shape) == (1,):
            y = y.reshape(-1, 1)
        if y.shape[1:] != tuple(output_shape):
            raise EngineError(
                f"loss '{self.name}' needs targets of shape (N, "
                f"{', '.join(map(str, output_shape))}) like the network output, "
                f"found {y.shape}"
            )
        return np.ascontiguousarray(y, dtype=dtype)

    def value(self, y_pred: np.ndarray, y_true: np.ndarray) -> float:
        return self.value_and_gradient(y_pred, y_true)[0]

    def gradient(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """dL/dy_pred, same shape and dtype as ``y_pred``."""
        return self.value_and_gradient(y_pred, y_true)[1]

    def value_and_gradient(
        self, y_pred: np.ndarray, y_true: np.ndarray
    ) -> tuple[float, np.ndarray]:
        raise NotImplementedError

    def value_and_logit_gradient(
        self, z: np.ndarray, p: np.ndarray, y_true: np.ndarray
    ) -> tuple[float, np.ndarray]:
        """Value from the pre-activation ``z`` and dL/dz, for ``p = act(z)``."""
        raise EngineError(f"loss '{self.name}' cannot be fused with an activation")

    def __repr__(self) -> str:
        return f"<loss {self.name}>"


def register_loss(cls: type[Loss]) -> type[Loss]:
    """File a loss class under its ``name`` (a duplicate name is an error)."""
    LOSSES.register(cls.name)(cls)
    return cls
