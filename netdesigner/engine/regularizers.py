"""L1 and L2 weight penalties, configured as tf.keras's ``kernel_regularizer``.

A penalty ``l1 * sum|W| + l2 * sum W^2`` is added to the loss (not divided by the
batch size, as tf.keras) and its gradient ``l1 * sign(W) + 2 * l2 * W`` to the
kernel's gradient.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from netdesigner.engine.errors import EngineError
from netdesigner.i18n import _

#: tf.keras's default strength for the string forms "l1", "l2", "l1_l2"
DEFAULT_STRENGTH = 0.01


class L1L2:
    """The penalty ``l1 * sum|W| + l2 * sum W^2`` on one array."""

    def __init__(self, l1: float = 0.0, l2: float = 0.0) -> None:
        for name, value in (("l1", l1), ("l2", l2)):
            is_number = isinstance(value, numbers.Real) and not isinstance(value, bool)
            if not is_number or not value >= 0:  # "not >=" refuses NaN too
                raise EngineError(
                    _(
                        "regularizer '{arg}' expected a number >= 0, found {found}"
                    ).format(arg=name, found=repr(value))
                )
        self.l1 = float(l1)
        self.l2 = float(l2)

    @property
    def active(self) -> bool:
        return self.l1 > 0 or self.l2 > 0

    def penalty(self, w: np.ndarray) -> float:
        """The value added to the loss."""
        value = 0.0
        if self.l1:
            value += self.l1 * float(np.abs(w).sum())
        if self.l2:
            flat = w.reshape(-1)
            value += self.l2 * float(np.dot(flat, flat))
        return value

    def add_gradient(self, w: np.ndarray, grad: np.ndarray) -> None:
        """``grad += dpenalty/dw`` in place (``grad`` has ``w``'s shape)."""
        if self.l2:
            grad += (2.0 * self.l2) * w
        if self.l1:
            grad += self.l1 * np.sign(w)

    def get_config(self) -> dict[str, float]:
        return {"l1": self.l1, "l2": self.l2}

    def __repr__(self) -> str:
        return f"L1L2(l1={self.l1:g}, l2={self.l2:g})"


_STRINGS = {
    "l1": {"l1": DEFAULT_STRENGTH},
    "l2": {"l2": DEFAULT_STRENGTH},
    "l1_l2": {"l1": DEFAULT_STRENGTH, "l2": DEFAULT_STRENGTH},
}


def accepted() -> str:
    """What a ``kernel_regularizer`` may be, in the user's language (for messages)."""
    return _("{names} or a dict like {example}").format(
        names="None, 'l1', 'l2', 'l1_l2'", example="{'l2': 0.01}"
    )


def create_regularizer(spec: Any) -> L1L2 | None:
    """A regularizer from None, "l1", "l2", "l1_l2" or a dict such as ``{"l2": 1e-4}``.

    Returns None for no penalty.
    """
    if spec is None:
        return None
    if isinstance(spec, L1L2):
        return spec
    if isinstance(spec, str) and spec in _STRINGS:
        return L1L2(**_STRINGS[spec])
    if isinstance(spec, dict):
        args = {k: v for k, v in spec.items() if k != "type"}
        if set(args) <= {"l1", "l2"}:
            reg = L1L2(**args)
            return reg if reg.active else None
    raise EngineError(
        _("a kernel_regularizer must be {expected}, found {found}").format(
            expected=accepted(), found=repr(spec)
        )
    )
