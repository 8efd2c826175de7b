"""The step between stored examples and network input, as data that a design can keep.

A ``preprocessing`` dict is JSON-ready and fully describes ``Dataset.transform``:

* ``{"type": "rescale", "scale": 1/255, "shape": [H, W, C]}`` — images: uint8 pixels
  times ``scale`` (float32, as tf.keras ``Rescaling``), channels-last; with
  ``mean``/``std`` (one per channel, on the scaled pixels) each channel is then
  standardised as ``(x * scale - mean) / std`` (tf.keras ``Normalization``).
* ``{"type": "features", "features": [...], "mean": [...], "std": [...]}`` — feature
  columns, standardised as ``(x - mean) / std`` when ``mean``/``std`` are present.

``make_transform`` turns such a dict back into a function, so predict and export apply
exactly what training applied.

Augmentation (``make_augment``) changes training images only, batch by batch, before
the transform: a random horizontal flip and a random shift of a few pixels, drawn
from an explicit ``np.random.Generator`` (the same seed gives the same images).
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


def rescale_preprocessing(
    scale: float, input_shape: Sequence[int], stats: dict[str, list] | None = None
) -> dict[str, Any]:
    """Preprocessing dict for images scaled by ``scale`` and reshaped to
    ``input_shape`` (e.g. ``(H, W)`` uint8 -> ``(H, W, 1)`` float32), then
    standardised per channel when ``stats`` (from ``channel_stats``) is given."""
    spec: dict[str, Any] = {
        "type": "rescale",
        "scale": float(scale),
        "shape": list(input_shape),
    }
    if stats is not None:
        spec["mean"], spec["std"] = list(stats["mean"]), list(stats["std"])
    return spec


def channel_names(channels: int) -> list[str]:
    """``["R", "G", "B"]`` for colour images, ``["grey"]`` or ``channel i`` else."""
    if channels == 3:
        return ["R", "G", "B"]
    return ["grey"] if channels == 1 else [f"channel {i}" for i in range(channels)]


def channel_stats(x: np.ndarray, scale: float, channels: int) -> dict[str, list]:
    """Mean and standard deviation of each channel of the training images.

    x : ``(N, H, W)`` or ``(N, H, W, C)`` stored pixels; the statistics are of
    ``x * scale`` (what the network would get unstandardised). A constant channel
    gets std 1. Returns ``{"features": channel names, "mean": C, "std": C}``.
    """
    pixels = np.asarray(x).reshape(-1, channels)
    # summed in chunks of float64: a whole CIFAR set as float64 would take 250 MB
    total = np.zeros(channels)
    squares = np.zeros(channels)
    for start in range(0, pixels.shape[0], 1 << 20):
        chunk = pixels[start : start + (1 << 20)].astype(np.float64) * scale
        total += chunk.sum(axis=0)
        squares += np.square(chunk).sum(axis=0)
    n = max(pixels.shape[0], 1)
    mean = total / n
    std = np.sqrt(np.maximum(squares / n - mean**2, 0.0))
    std[std < 1e-12] = 1.0
    return {
        "features": channel_names(channels),
        "mean": [float(v) for v in mean],
        "std": [float(v) for v in std],
    }


def image_preprocessing(
    x_train: np.ndarray, scale: float, input_shape: Sequence[int], standardize: bool
) -> tuple[dict[str, Any], dict[str, list] | None]:
    """The preprocessing dict of an image set and its per-channel statistics.

    x_train : stored training images ``(N, H, W)`` or ``(N, H, W, C)``;
    input_shape : ``(H, W, C)``. Without ``standardize`` pixels are only scaled
    to [0, 1] (statistics None).
    """
    stats = channel_stats(x_train, scale, input_shape[-1]) if standardize else None
    return rescale_preprocessing(scale, input_shape, stats), stats


def _rescale(spec: dict[str, Any]) -> Transform:
    scale = np.float32(spec["scale"])
    shape = tuple(int(s) for s in spec["shape"])
    if "mean" not in spec:

        def transform(x: np.ndarray) -> np.ndarray:
            out = np.multiply(x, scale, dtype=np.float32)
            return out.reshape((out.shape[0], *shape))

        return transform
    mean = np.asarray(spec["mean"], dtype=np.float32)
    inv_std = np.float32(1.0) / np.asarray(spec["std"], dtype=np.float32)
    if mean.shape != (shape[-1],) or inv_std.shape != mean.shape:
        raise ValueError(f"{shape[-1]} channel means and stds needed")

    def standardize(x: np.ndarray) -> np.ndarray:
        out = np.multiply(x, scale, dtype=np.float32).reshape((x.shape[0], *shape))
        out -= mean
        out *= inv_std
        return out

    return standardize


def _features(spec: dict[str, Any]) -> Transform:
    if "mean" not in spec:
        return lambda x: np.asarray(x, dtype=np.float32)
    mean = np.asarray(spec["mean"], dtype=np.float32)
    std = np.asarray(spec["std"], dtype=np.float32)

    def transform(x: np.ndarray) -> np.ndarray:
        return ((np.asarray(x, dtype=np.float32) - mean) / std).astype(np.float32)

    return transform


AUGMENT_KEYS = {"horizontal_flip": bool, "shift": int}
MAX_SHIFT = 8


def check_augment(augment: Any) -> dict[str, Any] | None:
    """Validate a design's ``augment`` setting: None, or a dict with
    ``horizontal_flip`` (bool) and ``shift`` (whole pixels, 0 to ``MAX_SHIFT``)."""
    if augment is None:
        return None
    if not isinstance(augment, dict) or set(augment) - set(AUGMENT_KEYS):
        raise DataError(
            "augment must be a dict with 'horizontal_flip' (true/false) and 'shift' "
            f"(pixels); found {augment!r}"
        )
    flip = augment.get("horizontal_flip", False)
    shift = augment.get("shift", 0)
    if not isinstance(flip, bool):
        raise DataError(
            f"augment's horizontal_flip must be true or false; found {flip!r}"
        )
    if (
        isinstance(shift, bool)
        or not isinstance(shift, int)
        or not 0 <= shift <= MAX_SHIFT
    ):
        raise DataError(
            f"augment's shift must be a whole number of pixels from 0 to {MAX_SHIFT}; "
            f"found {shift!r}"
        )
    return {"horizontal_flip": flip, "shift": shift}


def make_augment(
    augment: dict[str, Any], rng: np.random.Generator
) -> Callable[[np.ndarray], np.ndarray]:
    """A function that returns a randomly flipped and shifted copy of a batch.

    augment : as ``check_augment`` returns. rng : the only source of randomness, so
    the same generator state gives the same images.
    The function takes ``(N, H, W)`` or ``(N, H, W, C)`` images of any dtype and
    returns the same shape and dtype: each image mirrored left-right with
    probability 1/2 (``horizontal_flip``), and moved by a whole number of pixels
    from ``-shift`` to ``shift`` in each direction, the uncovered border filled
    with zeros (as a random crop of a zero-padded image, the usual CIFAR recipe).
    """
    flip, shift = bool(augment.get("horizontal_flip")), int(augment.get("shift", 0))

    def apply(x: np.ndarray) -> np.ndarray:
        x = np.asarray(x)
        out = x.copy()
        n = x.shape[0]
        if flip:
            mirrored = rng.random(n) < 0.5
            out[mirrored] = out[mirrored][:, :, ::-1]
        if shift:
            moves = rng.integers(-shift, shift + 1, size=(n, 2))
            out = _shifted(out, moves, shift)
        return out

    return apply


class AugmentedTransform:
    """A data set's transform with training-time augmentation beside it.

    Called, it is the plain transform (test set, predict, views); ``training(x)``
    augments the stored images first. The engine's ``TrainingData`` uses
    ``training`` for training batches when the transform has it.
    """

    def __init__(
        self, transform: Transform, augment: Callable[[np.ndarray], np.ndarray]
    ) -> None:
        self.transform, self.augment = transform, augment

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.transform(x)

    def training(self, x: np.ndarray) -> np.ndarray:
        """x : stored training images ``(N, H, W[, C])``; returns network input."""
        return self.transform(self.augment(x))


def _shifted(x: np.ndarray, moves: np.ndarray, pad: int) -> np.ndarray:
    """Each image ``x[i]`` moved by ``moves[i] = (down, right)`` pixels, zero fill."""
    h, w = x.shape[1], x.shape[2]
    widths = [(0, 0), (pad, pad), (pad, pad)] + [(0, 0)] * (x.ndim - 3)
    padded = np.pad(x, widths)
    out = np.empty_like(x)
    for i, (down, right) in enumerate(moves):
        top, left = pad - down, pad - right
        out[i] = padded[i, top : top + h, left : left + w]
    return out


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
