"""The common arguments of ``load_dataset``, checked once into a ``Settings`` record."""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from netdesigner.data.dataset import DataError, DatasetInfo
from netdesigner.data.preprocess import check_augment

MAX_SAMPLES = 1_000_000
MAX_NOISE = 50
PLAYGROUND_TRAIN_RATIO = 0.5


@dataclass(frozen=True)
class Settings:
    """Validated common settings; ``noise`` is on Playground's 0-50 scale."""

    n_samples: int | None = None
    noise: float = 0.0
    train_ratio: float | None = None
    seed: int = 0
    features: tuple[str, ...] | None = None
    standardize: bool = False
    stats: dict | None = None
    augment: dict | None = None

    @property
    def noise_fraction(self) -> float:
        """Playground's ν = noise / 100, in [0, 0.5]."""
        return self.noise / 100.0

    @property
    def ratio(self) -> float:
        return PLAYGROUND_TRAIN_RATIO if self.train_ratio is None else self.train_ratio


def _is_int(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def check_settings(
    n_samples: Any = None,
    noise: Any = 0,
    train_ratio: Any = None,
    seed: Any = 0,
    features: Sequence[str] | None = None,
    standardize: Any = False,
    stats: Any = None,
    augment: Any = None,
) -> Settings:
    """Check the common arguments and return them as ``Settings``."""
    if n_samples is not None and (
        not _is_int(n_samples) or not 1 <= n_samples <= MAX_SAMPLES
    ):
        raise DataError(
            f"n_samples must be a whole number from 1 to {MAX_SAMPLES:,}; "
            f"found {n_samples!r}"
        )
    if not _is_number(noise) or not 0 <= noise <= MAX_NOISE:
        raise DataError(
            f"noise must be a number from 0 to {MAX_NOISE}; found {noise!r}"
        )
    if train_ratio is not None and (
        not _is_number(train_ratio) or not 0 < train_ratio < 1
    ):
        raise DataError(
            f"train_ratio must be a number between 0 and 1 (e.g. 0.5); "
            f"found {train_ratio!r}"
        )
    if not _is_int(seed) or seed < 0:
        raise DataError(f"seed must be a whole number >= 0; found {seed!r}")
    if isinstance(features, str):
        features = [features]
    return Settings(
        n_samples=None if n_samples is None else int(n_samples),
        noise=float(noise),
        train_ratio=None if train_ratio is None else float(train_ratio),
        seed=int(seed),
        features=None if features is None else tuple(features),
        standardize=bool(standardize),
        stats=stats,
        augment=check_augment(augment),
    )


def check_options(info: DatasetInfo, options: dict[str, Any]) -> dict[str, int]:
    """Check set-specific options (e.g. ``n_classes``) against ``info.options``."""
    for key, value in options.items():
        if key not in info.options:
            accepted = ", ".join(info.options) or "none"
            raise DataError(
                f"data set '{info.name}' has no option '{key}'; "
                f"its extra options: {accepted}"
            )
        low, high = info.options[key]
        if not _is_int(value) or not low <= value <= high:
            raise DataError(
                f"{key} for '{info.name}' must be a whole number from {low} to {high}; "
                f"found {value!r}"
            )
    return {key: int(value) for key, value in options.items()}


def image_settings(settings: Settings, stats: dict | None) -> dict:
    """The preprocessing part of an image set's ``Dataset.settings`` record."""
    record: dict = {}
    if settings.standardize:
        record.update(standardize=True, stats=stats)
    if settings.augment:
        record["augment"] = dict(settings.augment)
    return record


def split_sizes(n: int, ratio: float, name: str) -> int:
    """Number of training points: Playground's ⌊N·ratio⌋, both parts non-empty."""
    # The tiny epsilon keeps e.g. 0.29 * 100 = 28.999... from flooring to 28.
    n_train = int(n * ratio + 1e-9)
    if n_train < 1 or n_train > n - 1:
        raise DataError(
            f"'{name}': {n} samples with train_ratio {ratio} leave an empty training "
            "or test set; use more samples or a ratio nearer 0.5"
        )
    return n_train
