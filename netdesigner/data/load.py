"""``load_dataset``: one entry point for built-in sets (by name) and imported files."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from netdesigner.data.dataset import Dataset
from netdesigner.data.registry import DATASETS
from netdesigner.data.settings import check_settings


def load_dataset(
    name: str,
    *,
    n_samples: int | None = None,
    noise: float = 0,
    train_ratio: float | None = None,
    seed: int = 0,
    features: Sequence[str] | None = None,
    standardize: bool = False,
    stats: dict | None = None,
    **options: Any,
) -> Dataset:
    """Make or load the built-in data set ``name``.

    n_samples : number of points (2-D sets; None: the set's default, 500 or 1200 as
        Playground). noise : 0-50 on Playground's scale. train_ratio : share of
        training points (None: Playground's 0.5). seed : the same seed gives the same
        points. features : 2-D input features (None: x1, x2). standardize : compute
        per-feature mean/std on the training set; ``stats`` (from a design) reuses
        stored ones. options : set-specific, e.g. ``n_classes`` for spiral and blobs.
    Settings that do not apply to a set's kind (noise, features, train_ratio for
    images; train_ratio for the gates) are ignored; unknown options raise
    ``DataError``.
    """
    settings = check_settings(
        n_samples, noise, train_ratio, seed, features, standardize, stats
    )
    return DATASETS.get(name).load(settings, options)
