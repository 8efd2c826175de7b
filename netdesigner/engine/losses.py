"""Loss functions by their tf.keras names, each with its value and its gradient.

Every loss is a class in ``LOSSES``; ``create_loss(spec)`` makes one::

    loss = create_loss("sparse_categorical_crossentropy")
    t = loss.prepare_targets(y, output_shape=(10,), dtype=np.float32)   # once
    value, dy = loss.value_and_gradient(y_pred, t)                     # per batch

Reduction follows tf.keras: the mean over the last axis (the output units) for
element-wise losses, the sum over classes for cross-entropies, then the mean over the
batch. ``value`` is a Python float; gradients keep ``y_pred``'s dtype and shape.

Notes
-----
Fusion: a cross-entropy loss on a softmax (or sigmoid) output layer names that
activation in ``fused_activation``. The trainer then calls
``value_and_logit_gradient(z, p, t)`` with the layer's pre-activation ``z`` and output
``p``: the value comes from ``z`` through log-sum-exp (never ``log(0)``), and the
gradient with respect to ``z`` is simply ``(p - t) / n``. This is what tf.keras does
when a softmax or sigmoid layer feeds a cross-entropy.
Without fusion, probabilities are clipped to ``[1e-7, 1 - 1e-7]`` as tf.keras does.
"""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING, Any

import numpy as np

from netdesigner.engine.constants import constant
from netdesigner.engine.errors import EngineError
from netdesigner.engine.loss_base import EPSILON, LOSSES, Loss, register_loss

if TYPE_CHECKING:  # layers do not need losses at run time, nor losses layers
    from netdesigner.engine.layers.base import Layer


@register_loss
class MeanSquaredError(Loss):
    """mean((y - t)^2); gradient 2 (y - t) / size."""

    name = "mean_squared_error"
    factor = 1.0

    def value_and_gradient(self, y_pred, y_true):
        d = np.subtract(y_pred, y_true)
        scale = 1.0 / d.size
        value = float(np.vdot(d, d)) * (self.factor * scale)
        np.multiply(d, constant(2.0 * self.factor * scale, d.dtype), d)
        return value, d


@register_loss
class HalfMeanSquaredError(MeanSquaredError):
    """TensorFlow Playground's 0.5 (y - t)^2 averaged; gradient (y - t) / size."""

    name = "half_mean_squared_error"
    factor = 0.5


@register_loss
class MeanAbsoluteError(Loss):
    """mean|y - t|; gradient sign(y - t) / size."""

    name = "mean_absolute_error"

    def value_and_gradient(self, y_pred, y_true):
        d = np.subtract(y_pred, y_true)
        scale = 1.0 / d.size
        value = float(np.abs(d).sum()) * scale
        np.sign(d, out=d)
        d *= scale
        return value, d


@register_loss
class Huber(Loss):
    """0.5 e^2 where |e| <= delta, delta (|e| - 0.5 delta) beyond; e = y - t."""

    name = "huber"

    def __init__(self, delta: float = 1.0) -> None:
        if not isinstance(delta, numbers.Real) or not delta > 0:
            raise EngineError(
                f"huber: 'delta' expected a positive number, found {delta!r}"
            )
        self.delta = float(delta)

    def get_config(self):
        return {"delta": self.delta}

    def value_and_gradient(self, y_pred, y_true):
        e = np.subtract(y_pred, y_true)
        scale = 1.0 / e.size
        a = np.abs(e)
        quad = np.minimum(a, self.delta)
        value = float((0.5 * quad * quad + self.delta * (a - quad)).sum()) * scale
        np.clip(e, -self.delta, self.delta, out=e)
        e *= scale
        return value, e


@register_loss
class Hinge(Loss):
    """mean(max(1 - t y, 0)) with targets in {-1, 1}; 0/1 targets are mapped to -1/1."""

    name = "hinge"

    def prepare_targets(self, y, output_shape, dtype):
        t = super().prepare_targets(y, output_shape, dtype)
        if np.all((t == 0) | (t == 1)):
            t = 2 * t - 1
        return t

    def value_and_gradient(self, y_pred, y_true):
        margin = 1.0 - y_true * y_pred
        scale = 1.0 / margin.size
        active = margin > 0
        value = float(margin[active].sum()) * scale
        grad = np.where(active, -y_true * scale, 0).astype(y_pred.dtype, copy=False)
        return value, grad


def _log_sigmoid_terms(z: np.ndarray, t: np.ndarray) -> float:
    """Sum of -[t log s(z) + (1 - t) log(1 - s(z))], computed without overflow."""
    return float((np.maximum(z, 0) - z * t + np.log1p(np.exp(-np.abs(z)))).sum())


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """Stable logistic function: exp only ever sees non-positive numbers."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e)).astype(z.dtype, copy=False)


class _FromLogits(Loss):
    """Shared ``from_logits`` argument of the cross-entropies."""

    def __init__(self, from_logits: bool = False) -> None:
        if not isinstance(from_logits, bool):
            raise EngineError(
                f"{self.name}: 'from_logits' expected true or false, "
                f"found {from_logits!r}"
            )
        self.from_logits = from_logits

    def get_config(self):
        return {"from_logits": self.from_logits}


@register_loss
class BinaryCrossentropy(_FromLogits):
    """-mean(t log p + (1 - t) log(1 - p)) for 0/1 targets (probabilities or logits)."""

    name = "binary_crossentropy"
    fused_activation = "sigmoid"

    def value_and_gradient(self, y_pred, y_true):
        scale = 1.0 / y_pred.size
        if self.from_logits:
            return self.value_and_logit_gradient(y_pred, _sigmoid(y_pred), y_true)
        p = np.clip(y_pred, EPSILON, 1.0 - EPSILON)
        value = -float((y_true * np.log(p) + (1 - y_true) * np.log(1 - p)).sum())
        inside = (y_pred > EPSILON) & (y_pred < 1.0 - EPSILON)
        grad = (p - y_true) / (p * (1 - p)) * inside * scale
        return value * scale, grad.astype(y_pred.dtype, copy=False)

    def value_and_logit_gradient(self, z, p, y_true):
        scale = 1.0 / z.size
        value = _log_sigmoid_terms(z, y_true) * scale
        dz = np.subtract(p, y_true)
        dz *= scale
        return value, dz


def _log_softmax(z: np.ndarray) -> np.ndarray:
    """log softmax over the last axis by log-sum-exp."""
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@register_loss
class CategoricalCrossentropy(_FromLogits):
    """-mean over samples of sum_c t_c log p_c, for one-hot (or soft) targets."""

    name = "categorical_crossentropy"
    fused_activation = "softmax"

    def prepare_targets(self, y, output_shape, dtype):
        y = np.asarray(y)
        if y.ndim == 1 and tuple(output_shape) != (1,):
            raise EngineError(
                f"categorical_crossentropy needs one-hot targets of shape (N, "
                f"{output_shape[-1]}), found class indices of shape {y.shape}; use "
                "sparse_categorical_crossentropy or one-hot encode the labels"
            )
        return super().prepare_targets(y, output_shape, dtype)

    def value_and_gradient(self, y_pred, y_true):
        if self.from_logits:
            return self.value_and_logit_gradient(y_pred, _softmax(y_pred), y_true)
        scale = y_pred.shape[-1] / y_pred.size  # 1 / number of samples
        total = y_pred.sum(axis=-1, keepdims=True)
        q = y_pred / total
        qc = np.clip(q, EPSILON, 1.0 - EPSILON)
        value = -float((y_true * np.log(qc)).sum()) * scale
        # dL/dq through the clip, then through q = p / sum(p)
        gq = np.where(qc == q, -y_true / qc, 0.0)
        grad = (gq - (gq * q).sum(axis=-1, keepdims=True)) / total * scale
        return value, grad.astype(y_pred.dtype, copy=False)

    def value_and_logit_gradient(self, z, p, y_true):
        scale = z.shape[-1] / z.size
        value = -float((y_true * _log_softmax(z)).sum()) * scale
        dz = np.subtract(p, y_true)
        dz *= scale
        return value, dz


@register_loss
class SparseCategoricalCrossentropy(_FromLogits):
    """-mean log p[i, t_i] for integer class indices ``t : (batch,)``."""

    name = "sparse_categorical_crossentropy"
    fused_activation = "softmax"

    def prepare_targets(self, y, output_shape, dtype):
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] == 1:
            y = y[:, 0]
        n_classes = output_shape[-1]
        if y.ndim != 1 or len(output_shape) != 1:
            raise EngineError(
                "sparse_categorical_crossentropy needs class indices of shape (N,) "
                f"and an output of shape (classes,), found targets {y.shape} and "
                f"output {tuple(output_shape)}"
            )
        if y.size and (
            not np.all(y == np.round(y)) or y.min() < 0 or y.max() >= n_classes
        ):
            raise EngineError(
                f"sparse_categorical_crossentropy needs whole class indices from 0 to "
                f"{n_classes - 1} (the output has {n_classes} units), found values "
                f"from {y.min()} to {y.max()}"
            )
        return np.ascontiguousarray(y, dtype=np.intp)

    def value_and_gradient(self, y_pred, y_true):
        if self.from_logits:
            return self.value_and_logit_gradient(y_pred, _softmax(y_pred), y_true)
        n = y_pred.shape[0]
        rows = np.arange(n)
        picked = y_pred[rows, y_true]
        pc = np.clip(picked, EPSILON, 1.0 - EPSILON)
        value = -float(np.log(pc).sum()) / n
        grad = np.zeros_like(y_pred)
        grad[rows, y_true] = np.where(pc == picked, -1.0 / (pc * n), 0.0)
        return value, grad

    def value_and_logit_gradient(self, z, p, y_true):
        n = z.shape[0]
        rows = np.arange(n)
        m = z.max(axis=-1)
        lse = m + np.log(np.exp(z - m[:, None]).sum(axis=-1))
        value = float((lse - z[rows, y_true]).sum()) / n
        dz = p.copy()
        dz[rows, y_true] -= 1
        dz *= 1.0 / n
        return value, dz


def create_loss(spec: str | dict[str, Any] | Loss) -> Loss:
    """A loss from its name or a dict ``{"type": name, **arguments}``."""
    if isinstance(spec, Loss):
        return spec
    if isinstance(spec, str):
        return LOSSES.get(spec)()
    if isinstance(spec, dict) and isinstance(spec.get("type"), str):
        args = {k: v for k, v in spec.items() if k != "type"}
        cls = LOSSES.get(spec["type"])
        try:
            return cls(**args)
        except TypeError:
            raise EngineError(
                f"loss '{spec['type']}' does not take the arguments {sorted(args)}"
            ) from None
    raise EngineError(
        f"a loss must be a name such as 'mean_squared_error', found {spec!r}"
    )


def fuses_with(loss: Loss, output_layer: Layer) -> bool:
    """True when ``loss`` is taken from ``output_layer``'s pre-activation: a
    cross-entropy on the softmax or sigmoid it absorbs (see Notes)."""
    return (
        loss.fused_activation is not None
        and not getattr(loss, "from_logits", False)
        and output_layer.activation_name == loss.fused_activation
    )


def chunk_loss(
    loss: Loss,
    output_layer: Layer,
    y: np.ndarray,
    targets: np.ndarray,
    fused: bool,
) -> float:
    """Mean loss of one chunk ``y : (n, *output_shape)``, the outputs of the last
    forward pass; from ``output_layer``'s cached pre-activation when ``fused``
    (``fuses_with``), as the trainer computes it."""
    if fused:
        z = output_layer.preactivation
        assert z is not None, "the forward pass that made y caches z"
        return loss.value_and_logit_gradient(z, y, targets)[0]
    return loss.value(y, targets)


# the detection loss registers itself when imported
from netdesigner.engine.detection import loss as _detection_loss  # noqa: E402, F401
