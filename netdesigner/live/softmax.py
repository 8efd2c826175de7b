"""Softmax and cross-entropy for one sample, step by step, as the course teaches.

``softmax_steps((2.3, 4.1, 5.6), true_class=2)`` gives the logits, each e^z, their
sum, the probabilities e^z / Σ e^z and the sample's cross-entropy -ln p(true).
``logits_of`` reads a network's logits for one input (the output layer's value
before its activation), so the GUI can show them for a clicked point or image.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

SHIFT_ABOVE = 30.0
"""Logits above this are shifted by their maximum before e^z (e^800 overflows; the
probabilities are the same, and the readout says so)."""


@dataclass(frozen=True, slots=True)
class SoftmaxSteps:
    """The numbers of one softmax, in the order the course computes them.

    logits : z per class; shift : subtracted from every z before e^z (0 unless a
    logit is large); exps : e^(z - shift); total : Σ exps; probabilities : exps /
    total; true_class : the sample's class or None; cross_entropy : -ln p(true)
    (None without a true class); binary : one sigmoid unit read as the two logits
    (0, z).
    """

    logits: tuple[float, ...]
    shift: float
    exps: tuple[float, ...]
    total: float
    probabilities: tuple[float, ...]
    true_class: int | None = None
    cross_entropy: float | None = None
    binary: bool = False

    @property
    def predicted(self) -> int:
        """The class with the largest probability."""
        return int(np.argmax(self.probabilities))


def softmax_steps(
    logits: Any, true_class: int | None = None, binary: bool = False
) -> SoftmaxSteps:
    """Softmax of ``logits`` (K,) with each intermediate number, in float64."""
    z = np.asarray(logits, dtype=np.float64).reshape(-1)
    if z.size == 0 or not np.all(np.isfinite(z)):
        raise ValueError(f"expected finite logits, found {z.tolist()}")
    shift = float(z.max()) if z.max() > SHIFT_ABOVE else 0.0
    exps = np.exp(z - shift)
    total = float(exps.sum())
    probs = exps / total
    loss = None
    if true_class is not None:
        true_class = int(true_class)
        if not 0 <= true_class < z.size:
            raise ValueError(
                f"expected a true class from 0 to {z.size - 1}, found {true_class}"
            )
        # -ln p from the logits (log-sum-exp): finite even when p underflows to 0
        loss = float(shift + math.log(total) - z[true_class])
    return SoftmaxSteps(
        logits=tuple(float(v) for v in z),
        shift=shift,
        exps=tuple(float(v) for v in exps),
        total=total,
        probabilities=tuple(float(v) for v in probs),
        true_class=true_class,
        cross_entropy=loss,
        binary=binary,
    )


def logits_of(session: Any, x: np.ndarray) -> np.ndarray | None:
    """The output layer's logits for one input ``x`` : (1, *input_shape), already
    through the data set's feature map and transform; (K,) float64.

    A softmax layer's logits are its values before the softmax; one sigmoid (or
    linear, from-logits) unit becomes the two logits (0, z) of the same
    probabilities. None when the output is not a class probability (tanh,
    regression): there is no softmax to show.
    """
    net = session.network
    layer = net.layers[net.output_id]
    activation = getattr(layer, "activation_name", None) or "linear"
    net.forward_all(np.asarray(x, dtype=net.dtype))
    z = getattr(layer, "preactivation", None)
    if z is None:
        return None
    z = np.array(z, dtype=np.float64).reshape(-1)
    from_logits = bool(getattr(session.trainer.loss, "from_logits", False))
    if z.size > 1 and activation in ("softmax", "linear"):
        return z
    if z.size == 1 and (activation == "sigmoid" or from_logits):
        return np.array([0.0, z[0]])
    return None
