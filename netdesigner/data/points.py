"""2-D point sets: from a generator function to a shuffled, split ``Dataset``.

A generator has the signature ``generate(n, nu, rng, **options) -> (points, y)`` with
``points`` ``(n, 2)`` float64, ``y`` ``(n,)`` int64 class indices or float64 targets,
``nu`` Playground's noise fraction in [0, 0.5] and ``rng`` a ``np.random.Generator``.
``register_points(info)`` files it in the registry. As in Playground the points are
shuffled once after generation, then the first ⌊N·ratio⌋ become the training set.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from netdesigner.data.dataset import DataError, Dataset, DatasetInfo
from netdesigner.data.features import check_features, feature_map
from netdesigner.data.preprocess import (
    check_stats,
    features_preprocessing,
    standardization_stats,
)
from netdesigner.data.registry import register_source
from netdesigner.data.settings import Settings, check_options, split_sizes

Generator = Callable[..., tuple[np.ndarray, np.ndarray]]


def class_names(n_classes: int) -> tuple[str, ...]:
    """Names of a multi-class 2-D set's classes: ``("class 0", "class 1", ...)``."""
    return tuple(f"class {k}" for k in range(n_classes))


def _as_labels(y: np.ndarray, info: DatasetInfo) -> np.ndarray:
    if info.task == "classification":
        return np.asarray(y, dtype=np.int64)
    return np.asarray(y, dtype=np.float32)


def make_points_dataset(
    info: DatasetInfo,
    train: tuple[np.ndarray, np.ndarray],
    test: tuple[np.ndarray, np.ndarray],
    settings: Settings,
    record: dict[str, Any],
) -> Dataset:
    """Apply the feature map (and standardisation) to split 2-D points.

    train, test : ``(points (N, 2), y (N,))`` pairs. ``record`` holds the arguments that
    reproduce the set; the features and statistics are added to it.
    """
    names = check_features(settings.features)
    x_train = feature_map(train[0], names)
    x_test = feature_map(test[0], names)
    stats = None
    if settings.stats is not None:
        stats = check_stats(settings.stats, names)
    elif settings.standardize:
        stats = standardization_stats(x_train, names)
    record = {**record, "features": list(names)}
    if stats is not None:
        record["stats"] = stats
    return Dataset(
        info=info,
        x_train=x_train,
        y_train=_as_labels(train[1], info),
        x_test=x_test,
        y_test=_as_labels(test[1], info),
        points_train=np.asarray(train[0], dtype=np.float32),
        points_test=np.asarray(test[0], dtype=np.float32),
        feature_names=names,
        preprocessing=features_preprocessing(names, stats),
        stats=stats,
        settings=record,
    )


class PointsSource:
    """A registered 2-D generator with its metadata."""

    def __init__(self, info: DatasetInfo, generate: Generator) -> None:
        self.info = info
        self.generate = generate

    def resolved_info(self, options: dict[str, int]) -> DatasetInfo:
        """Metadata for these options (another ``n_classes`` renames the classes)."""
        k = options.get("n_classes", self.info.n_classes)
        if k == self.info.n_classes:
            return self.info
        return self.info.with_classes(class_names(k))

    def load(self, settings: Settings, options: dict[str, Any]) -> Dataset:
        opts = check_options(self.info, options)
        info = self.resolved_info(opts)
        n = settings.n_samples or info.default_n_samples
        rng = np.random.default_rng(settings.seed)
        points, y = self.generate(n, settings.noise_fraction, rng, **opts)
        assert points.shape == (n, 2) and y.shape == (n,), (self.info.name, n)
        train, test = self.split(points, y, settings, rng)
        record = {
            "name": info.name,
            "n_samples": n,
            "noise": settings.noise,
            "train_ratio": settings.ratio,
            "seed": settings.seed,
            **opts,
        }
        return make_points_dataset(info, train, test, settings, record)

    def split(
        self,
        points: np.ndarray,
        y: np.ndarray,
        settings: Settings,
        rng: np.random.Generator,
    ) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
        """Shuffle once, then the first ⌊N·ratio⌋ points train, the rest test."""
        order = rng.permutation(points.shape[0])
        points, y = points[order], y[order]
        n_train = split_sizes(points.shape[0], settings.ratio, self.info.name)
        return (points[:n_train], y[:n_train]), (points[n_train:], y[n_train:])


def register_points(info: DatasetInfo) -> Callable[[Generator], Generator]:
    """Decorator: register a 2-D generator under ``info.name``."""
    if info.kind != "2d":
        raise DataError(
            f"register_points needs a 2-D set; '{info.name}' is {info.kind}"
        )

    def decorate(generate: Generator) -> Generator:
        register_source(PointsSource(info, generate))
        return generate

    return decorate
