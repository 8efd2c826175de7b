"""Metrics: accuracy and a confusion matrix for classification, RMSE and R² for
regression.

Every scalar metric is a function ``metric(y_pred, y_true, **options) -> float`` in
``METRICS``. Shapes: ``y_pred : (N, units)`` network outputs; ``y_true`` either class
indices ``(N,)``, one-hot ``(N, classes)``, or values shaped like ``y_pred``.

Notes
-----
With one output unit a prediction is class 1 when it exceeds ``threshold``: 0.5 for
sigmoid outputs and 0/1 targets, 0 for tanh outputs and -1/+1 targets
(``default_threshold`` picks it from the targets). With several units the class is
the arg-max.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from netdesigner.engine.errors import EngineError
from netdesigner.engine.registry import Registry
from netdesigner.i18n import N_

METRICS: Registry[Callable[..., float]] = Registry(N_("metric"))


def default_threshold(y_true: np.ndarray) -> float:
    """0 for targets with negative values (tanh, hinge: -1/+1), else 0.5."""
    y_true = np.asarray(y_true)
    return 0.0 if y_true.size and y_true.min() < 0 else 0.5


def predicted_classes(y_pred: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    """Class indices ``(N,)``: arg-max over units, or ``y > threshold`` for one unit."""
    y_pred = np.asarray(y_pred)
    if y_pred.ndim == 1 or y_pred.shape[-1] == 1:
        return (y_pred.reshape(len(y_pred)) > threshold).astype(np.intp)
    return y_pred.reshape(len(y_pred), -1).argmax(axis=1)


def true_classes(y_true: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    """Class indices ``(N,)`` from indices, one-hot rows or 0/1 (-1/+1) values."""
    y_true = np.asarray(y_true)
    if y_true.ndim >= 2 and y_true.shape[-1] > 1:
        return y_true.reshape(len(y_true), -1).argmax(axis=1)
    flat = y_true.reshape(len(y_true))
    if np.issubdtype(flat.dtype, np.integer) and flat.min(initial=0) >= 0:
        return flat.astype(np.intp, copy=False)
    return (flat > threshold).astype(np.intp)


def _check_lengths(y_pred: np.ndarray, y_true: np.ndarray) -> None:
    if len(y_pred) != len(y_true):
        raise EngineError(
            f"predictions and targets must have the same number of samples, found "
            f"{len(y_pred)} predictions and {len(y_true)} targets"
        )


@METRICS.register("accuracy")
def accuracy(y_pred: np.ndarray, y_true: np.ndarray, threshold: float = 0.5) -> float:
    """Fraction of samples whose predicted class equals the true class."""
    _check_lengths(y_pred, y_true)
    if len(y_true) == 0:
        return float("nan")
    if np.shape(y_pred)[1:] == (1,) and np.shape(y_true) == np.shape(y_pred):
        # one output unit: the common Playground case, in three NumPy calls
        hits = np.count_nonzero((y_pred > threshold) == (y_true > threshold))
    elif np.ndim(y_pred) >= 2 and np.shape(y_pred)[-1] > 1 and np.ndim(y_true) == 1:
        hits = np.count_nonzero(np.argmax(y_pred, axis=-1) == y_true)
    else:
        hits = np.count_nonzero(
            predicted_classes(y_pred, threshold) == true_classes(y_true, threshold)
        )
    return float(hits / len(y_true))


def confusion_matrix(
    y_pred: np.ndarray, y_true: np.ndarray, n_classes: int, threshold: float = 0.5
) -> np.ndarray:
    """``(n_classes, n_classes)`` int64 counts: row = true class, column = predicted."""
    _check_lengths(y_pred, y_true)
    t = true_classes(y_true, threshold)
    p = predicted_classes(y_pred, threshold)
    if t.size and (t.max() >= n_classes or p.max() >= n_classes):
        raise EngineError(
            f"confusion_matrix was told there are {n_classes} classes, found class "
            f"{max(t.max(), p.max())}"
        )
    counts = np.bincount(t * n_classes + p, minlength=n_classes * n_classes)
    return counts.reshape(n_classes, n_classes).astype(np.int64)


@METRICS.register("rmse")
def rmse(y_pred: np.ndarray, y_true: np.ndarray, threshold: float = 0.5) -> float:
    """Root mean squared error over all outputs."""
    _check_lengths(y_pred, y_true)
    d = np.asarray(y_pred, dtype=np.float64).ravel() - np.asarray(y_true).ravel()
    return float(np.sqrt(np.mean(d * d))) if d.size else float("nan")


@METRICS.register("r2")
def r2(y_pred: np.ndarray, y_true: np.ndarray, threshold: float = 0.5) -> float:
    """Coefficient of determination 1 - SS_res / SS_tot (NaN for constant targets)."""
    _check_lengths(y_pred, y_true)
    t = np.asarray(y_true, dtype=np.float64).ravel()
    d = np.asarray(y_pred, dtype=np.float64).ravel() - t
    ss_tot = float(np.sum((t - t.mean()) ** 2)) if t.size else 0.0
    if ss_tot == 0.0:
        return float("nan")
    return 1.0 - float(np.dot(d, d)) / ss_tot
