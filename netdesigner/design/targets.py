"""How a data set's labels become the targets a loss compares the output with.

A data set stores labels once (``(N,)`` int64 class indices, or float32 values for
regression); what the loss needs depends on the loss and on the output layer:

=====================================  =============================  =========
loss / output                          targets                        threshold
=====================================  =============================  =========
sparse_categorical_crossentropy        ``(N,)`` int64 class indices   arg-max
categorical_crossentropy               ``(N, K)`` one-hot float32     arg-max
binary_crossentropy, 1 unit            ``(N, 1)`` 0/1 float32         0.5
hinge, 1 unit                          ``(N, 1)`` ±1 float32          0
MSE & co., 1 unit, output in [0, ∞)    ``(N, 1)`` 0/1 float32         0.5
  (sigmoid, step, relu, softplus)
MSE & co., 1 unit, symmetric output    ``(N, 1)`` ±1 float32          0
  (tanh, linear, ... : Playground)
any other loss, K > 1 units            ``(N, K)`` one-hot float32     arg-max
regression                             ``(N, 1)`` float32 values      —
detection (multibox_loss)              per-image box dicts, unchanged  —
=====================================  =============================  =========

``target_encoding`` picks the row; ``TargetEncoding.encode`` makes the targets and
``TargetEncoding.decode`` turns network outputs back into class indices.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from netdesigner.design.errors import DesignError

#: output activations whose values are never negative: two classes are 0 and 1
NON_NEGATIVE_ACTIVATIONS = frozenset({"sigmoid", "step", "relu", "softplus", "softmax"})


def _indices(y: np.ndarray, n_classes: int) -> np.ndarray:
    return np.asarray(y, dtype=np.int64).reshape(-1)


def _one_hot(y: np.ndarray, n_classes: int) -> np.ndarray:
    index = np.asarray(y, dtype=np.int64).reshape(-1)
    out = np.zeros((index.size, n_classes), dtype=np.float32)
    out[np.arange(index.size), index] = 1.0
    return out


def _zero_one(y: np.ndarray, n_classes: int) -> np.ndarray:
    return np.asarray(y, dtype=np.float32).reshape(-1, 1)


def _signed(y: np.ndarray, n_classes: int) -> np.ndarray:
    return (2.0 * np.asarray(y, dtype=np.float32) - 1.0).reshape(-1, 1)


def _values(y: np.ndarray, n_classes: int) -> np.ndarray:
    y = np.asarray(y, dtype=np.float32)
    return y.reshape(-1, 1) if y.ndim == 1 else y


def _boxes(y: np.ndarray, n_classes: int) -> np.ndarray:
    """Detection: the per-image box dicts go to the multibox loss unchanged."""
    return y


#: encoding kind -> function (labels, n_classes) -> targets
ENCODERS: dict[str, Callable[[np.ndarray, int], np.ndarray]] = {
    "boxes": _boxes,
    "index": _indices,
    "one_hot": _one_hot,
    "zero_one": _zero_one,
    "signed": _signed,
    "value": _values,
}


@dataclass(frozen=True)
class TargetEncoding:
    """The targets' form for one design and data set.

    kind : one of ``ENCODERS`` ("index", "one_hot", "zero_one", "signed", "value").
    n_classes : number of classes (0 for regression).
    threshold : a one-unit output above it means class 1 (0.5 for 0/1 targets, 0 for
        ±1 targets); None when the class is the arg-max or the task is regression.
    """

    kind: str
    n_classes: int
    threshold: float | None

    @property
    def is_classification(self) -> bool:
        return self.kind not in ("value", "boxes")

    @property
    def is_detection(self) -> bool:
        return self.kind == "boxes"

    def encode(self, y: np.ndarray) -> np.ndarray:
        """Targets for labels ``y : (N,)`` (see the module table for shapes)."""
        return ENCODERS[self.kind](y, self.n_classes)

    def decode(self, y_pred: np.ndarray) -> np.ndarray:
        """Class indices ``(N,)`` int64 from outputs ``y_pred : (N, units)``.

        Regression has no classes: the outputs come back as ``(N,)`` float32 when
        there is one unit, unchanged otherwise.
        """
        y_pred = np.asarray(y_pred)
        if self.is_detection:
            return y_pred  # boxes come from ``engine.detection.detect``
        if not self.is_classification:
            return y_pred.reshape(-1) if y_pred.shape[-1:] == (1,) else y_pred
        flat = y_pred.reshape(len(y_pred), -1)
        if self.threshold is not None and flat.shape[1] == 1:
            return (flat[:, 0] > self.threshold).astype(np.int64)
        return flat.argmax(axis=1).astype(np.int64)


def target_encoding(
    loss: str,
    output_activation: str | None,
    output_units: int,
    task: str,
    n_classes: int,
) -> TargetEncoding:
    """Choose the targets' form for ``loss`` on an output of ``output_units`` units.

    output_activation : name of the last activation (None or "linear" for none).
    task : "classification" or "regression"; n_classes : 0 for regression.
    Raises ``DesignError`` when the output cannot hold the data set's labels.
    """
    if task == "detection":
        if loss != "multibox_loss":
            raise DesignError(
                f"a detection data set trains with the loss multibox_loss on a "
                f"DetectionHead, found the loss {loss}; use multibox_loss"
            )
        return TargetEncoding("boxes", n_classes, None)
    if task == "regression":
        if output_units != 1:
            raise DesignError(
                f"a regression data set has one target value, but the output layer has "
                f"{_units(output_units)}; give the output layer 1 unit"
            )
        return TargetEncoding("value", 0, None)
    if loss == "sparse_categorical_crossentropy":
        _check_units(output_units, n_classes, loss)
        return TargetEncoding("index", n_classes, None)
    if output_units == 1 and n_classes == 2:
        kind, threshold = _one_unit_kind(loss, output_activation)
        return TargetEncoding(kind, n_classes, threshold)
    _check_units(output_units, n_classes, loss)
    return TargetEncoding("one_hot", n_classes, None)


def _one_unit_kind(loss: str, activation: str | None) -> tuple[str, float]:
    """0/1 or ±1 targets for a one-unit output of two classes, and the threshold."""
    if loss == "hinge":
        return "signed", 0.0
    if loss == "binary_crossentropy" or activation in NON_NEGATIVE_ACTIVATIONS:
        return "zero_one", 0.5
    return "signed", 0.0


_CATEGORICAL = ("categorical_crossentropy", "sparse_categorical_crossentropy")


def _check_units(output_units: int, n_classes: int, loss: str) -> None:
    if output_units != n_classes:
        one_unit_ok = n_classes == 2 and loss not in _CATEGORICAL
        hint = "1 unit or " if one_unit_ok else ""
        raise DesignError(
            f"the data set has {n_classes} classes, but the output layer has "
            f"{_units(output_units)}; give it {hint}{n_classes} units"
        )


def _units(n: int) -> str:
    """``"1 unit"``, ``"3 units"``."""
    return f"{n} unit" if n == 1 else f"{n} units"
