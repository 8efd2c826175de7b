"""Playground's input features of a 2-D point, plus cos(x1) and cos(x2).

``feature_map(points, ["x1", "x1*x2"])`` returns one column per named feature, in the
order given. The names are those of the design file (ARCHITECTURE.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from netdesigner.data.dataset import DataError

FeatureFn = Callable[[np.ndarray, np.ndarray], np.ndarray]

FEATURES: dict[str, FeatureFn] = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "x1*x2": lambda x1, x2: x1 * x2,
    "sin(x1)": lambda x1, x2: np.sin(x1),
    "sin(x2)": lambda x1, x2: np.sin(x2),
    "cos(x1)": lambda x1, x2: np.cos(x1),
    "cos(x2)": lambda x1, x2: np.cos(x2),
}
"""Feature name -> function of the two coordinate columns (Playground's tile order)."""

DEFAULT_FEATURES: tuple[str, ...] = ("x1", "x2")


def check_features(features: Sequence[str] | None) -> tuple[str, ...]:
    """Return the feature names to use; None means Playground's default ``x1, x2``."""
    if features is None:
        return DEFAULT_FEATURES
    if isinstance(features, str):
        features = [features]
    names = tuple(features)
    if not names:
        raise DataError(
            "the feature list is empty; choose at least one, e.g. x1 and x2"
        )
    for name in names:
        if name not in FEATURES:
            known = ", ".join(FEATURES)
            raise DataError(f"unknown input feature '{name}'; expected one of: {known}")
    if len(set(names)) != len(names):
        raise DataError(f"the feature list {list(names)} names a feature twice")
    return names


def feature_map(
    points: np.ndarray, features: Sequence[str] | None = None
) -> np.ndarray:
    """Compute input features of 2-D points.

    points : ``(N, 2)`` coordinates (x1, x2).
    features : names from ``FEATURES``; None means ``("x1", "x2")``.
    Returns ``(N, F)`` float32, one column per feature in the order given
    (computed in float64, then rounded once).
    """
    names = check_features(features)
    pts = np.asarray(points, dtype=np.float64)
    if pts.ndim != 2 or pts.shape[1] != 2:
        raise DataError(f"feature maps need points of shape (N, 2); found {pts.shape}")
    x1, x2 = pts[:, 0], pts[:, 1]
    columns = [FEATURES[name](x1, x2) for name in names]
    return np.stack(columns, axis=1).astype(np.float32)
