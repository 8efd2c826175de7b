"""The step between stored examples and network input, as data that a design can keep.

A ``preprocessing`` dict is JSON-ready and fully describes ``Dataset.transform``:

* ``{"type": "rescale", "scale": 1/255, "shape": [H, W, 1]}`` — images: uint8 pixels
  times ``scale`` (float32, as tf.keras ``Rescaling``), channels-last.
* ``{"type": "features", "features": [...], "mean": [...], "std": [...]}`` — feature
  columns, standardised as ``(x - mean) / std`` when ``mean``/``std`` are present.

``make_transform`` turns such a dict back into a function, so predict and export apply
exactly what training applied.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from netdesigner.data.errors import DataError

Transform = Callable[[np.ndarray], np.ndarray]


def standardization_stats(x: np.ndarray, features: Sequence[str]) -> dict[str, list]:
    """Per-column mean and standard deviation of the training features.

    x : ``(N, F)`` features. A constant column gets std 1 so that it maps to 0.
    Returns ``{"features": names, "mean": F floats, "std": F floats}``.
    """
    x64 = np.asarray(x, dtype=np.float64)
    mean = x64.mean(axis=0)
    std = x64.std(axis=0)
    std[std < 1e-12] = 1.0
    return {
        "features": list(features),
        "mean": [float(v) for v in mean],
        "std": [float(v) for v in std],
    }


def check_stats(stats: Any, features: Sequence[str]) -> dict[str, list]:
    """Validate statistics read back from a design for the chosen ``features``."""
    if not isinstance(stats, dict) or "mean" not in stats or "std" not in stats:
        raise DataError(
            "standardisation statistics must be a dict with 'mean' and 'std' lists; "
            f"found {type(stats).__name__}"
        )
    names = list(stats.get("features", features))
    if names != list(features):
        raise DataError(
            f"the stored statistics are for features {names}, "
            f"but the data set uses {list(features)}; standardise again"
        )
    mean = np.asarray(stats["mean"], dtype=np.float64)
    std = np.asarray(stats["std"], dtype=np.float64)
    expected = (len(names),)
    if mean.shape != expected or std.shape != expected:
        raise DataError(
            f"the stored statistics need {len(names)} means and stds; "
            f"found {mean.size} and {std.size}"
        )
    if not (np.isfinite(mean).all() and np.isfinite(std).all() and (std > 0).all()):
        raise DataError("the stored statistics hold a non-finite mean or a std <= 0")
    return {"features": names, "mean": mean.tolist(), "std": std.tolist()}


def features_preprocessing(
    features: Sequence[str], stats: dict[str, list] | None
) -> dict[str, Any]:
    """Preprocessing dict for feature columns, standardised when ``stats`` is given."""
    spec: dict[str, Any] = {"type": "features", "features": list(features)}
    if stats is not None:
        spec["mean"] = list(stats["mean"])
        spec["std"] = list(stats["std"])
    return spec


def rescale_preprocessing(scale: float, input_shape: Sequence[int]) -> dict[str, Any]:
    """Preprocessing dict for images scaled by ``scale`` and reshaped to
    ``input_shape`` (e.g. ``(H, W)`` uint8 -> ``(H, W, 1)`` float32)."""
    return {"type": "rescale", "scale": float(scale), "shape": list(input_shape)}


def _rescale(spec: dict[str, Any]) -> Transform:
    scale = np.float32(spec["scale"])
    shape = tuple(int(s) for s in spec["shape"])

    def transform(x: np.ndarray) -> np.ndarray:
        out = np.multiply(x, scale, dtype=np.float32)
        return out.reshape((out.shape[0], *shape))

    return transform


def _features(spec: dict[str, Any]) -> Transform:
    if "mean" not in spec:
        return lambda x: np.asarray(x, dtype=np.float32)
    mean = np.asarray(spec["mean"], dtype=np.float32)
    std = np.asarray(spec["std"], dtype=np.float32)

    def transform(x: np.ndarray) -> np.ndarray:
        return ((np.asarray(x, dtype=np.float32) - mean) / std).astype(np.float32)

    return transform


_TRANSFORMS: dict[str, Callable[[dict[str, Any]], Transform]] = {
    "rescale": _rescale,
    "features": _features,
}


def make_transform(spec: dict[str, Any] | None) -> Transform:
    """The function a ``preprocessing`` dict describes (None: cast to float32)."""
    if not spec:
        return lambda x: np.asarray(x, dtype=np.float32)
    kind = spec.get("type")
    if kind not in _TRANSFORMS:
        raise DataError(
            f"unknown preprocessing type {kind!r}; expected one of: "
            + ", ".join(_TRANSFORMS)
        )
    try:
        return _TRANSFORMS[kind](spec)
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(
            f"the {kind} preprocessing record is incomplete: {exc}"
        ) from None
