"""``load_dataset``: one entry point for built-in sets (by name) and imported files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from netdesigner.data.dataset import DataError, Dataset
from netdesigner.data.registry import DATASETS
from netdesigner.data.settings import check_settings

FILE_OPTIONS = ("label_column", "task", "label_mode", "image_size", "classes")


def load_dataset(
    name: str | None = None,
    *,
    path: str | Path | None = None,
    n_samples: int | None = None,
    noise: float = 0,
    train_ratio: float | None = None,
    seed: int = 0,
    features: Sequence[str] | None = None,
    standardize: bool = False,
    stats: dict | None = None,
    augment: dict | None = None,
    **options: Any,
) -> Dataset:
    """Make or load the built-in data set ``name``, or import the file at ``path``.

    n_samples : number of points (2-D sets; None: the set's default, 500 or 1200 as
        Playground; image sets: the first n training images). noise : 0-50 on
        Playground's scale. train_ratio : share of training points (None:
        Playground's 0.5). seed : the same seed gives the same points and split.
        features : 2-D input features (None: x1, x2). standardize : compute
        per-feature mean/std on the training set; ``stats`` (from a design) reuses
        stored ones. options : set-specific, e.g. ``n_classes`` for spiral and blobs;
        for files ``label_column`` (CSV), ``task``, ``label_mode`` (CIFAR-100:
        "fine" or "coarse"), ``image_size`` (an image or VOC folder: [height,
        width]) and ``classes`` (a VOC folder's class names, in index order).
        Image sets: ``standardize`` standardises each colour channel (else pixels
        are scaled to [0, 1]);
        ``augment`` (``{"horizontal_flip": bool, "shift": pixels}``) flips and
        shifts training batches (``Dataset.training_transform``).
    Settings that do not apply to a set's kind (noise, features, train_ratio for
    image sets; train_ratio for the gates) are ignored; unknown options raise
    ``DataError``.
    """
    settings = check_settings(
        n_samples, noise, train_ratio, seed, features, standardize, stats, augment
    )
    if (name is None) == (path is None):
        raise DataError(
            "load_dataset needs either a built-in data set name or a file path; "
            f"found name={name!r}, path={path!r}"
        )
    if path is not None:
        from netdesigner.data.files import file_dataset

        unknown = sorted(set(options) - set(FILE_OPTIONS))
        if unknown:
            raise DataError(
                f"an imported file has no option '{unknown[0]}'; its options: "
                + ", ".join(FILE_OPTIONS)
            )
        return file_dataset(path, settings, **options)
    return DATASETS.get(name).load(settings, options)


def load_file(path: str | Path, **kwargs: Any) -> Dataset:
    """Import a CSV, NPZ or IDX file (or a folder of IDX files) as a ``Dataset``.

    The same as ``load_dataset(path=path, **kwargs)``: ``train_ratio``, ``seed``,
    ``features``, ``standardize``, ``stats``, ``label_column`` (CSV) and ``task``.
    """
    return load_dataset(path=path, **kwargs)
