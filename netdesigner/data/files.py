"""``file_dataset``: a student's data file (or IDX folder) as a ``Dataset``.

The reader is chosen by the file's name through ``FILE_FORMATS``; the arrays become
a 2-D set (two feature columns: feature maps apply), a table (other column counts) or
an image set (rank 3 or 4). Labels that are whole numbers become class indices (sorted
values, e.g. -1 -> 0 and +1 -> 1), others regression targets, unless ``task`` says.
A file without its own test set is shuffled with ``seed`` and split by ``train_ratio``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from netdesigner.data.csvfile import load_csv
from netdesigner.data.dataset import DataError, Dataset, DatasetInfo
from netdesigner.data.importers import load_idx, load_npz
from netdesigner.data.points import make_points_dataset
from netdesigner.data.preprocess import (
    check_stats,
    features_preprocessing,
    rescale_preprocessing,
    standardization_stats,
)
from netdesigner.data.settings import Settings, split_sizes

MAX_CLASSES = 100

Arrays = dict[str, Any]  # x, y, optional x_test, y_test, class_names, feature_names


def _read_csv(path: Path, label_column: int | str | None) -> Arrays:
    table = load_csv(path, label_column)
    return {"x": table.x, "y": table.y, "feature_names": table.feature_names}


def _read_npz(path: Path, label_column: int | str | None) -> Arrays:
    _refuse_label_column(path, label_column)
    return load_npz(path)


def _read_idx_pair(path: Path, label_column: int | str | None) -> Arrays:
    _refuse_label_column(path, label_column)
    labels = path.with_name(path.name.replace("images-idx3", "labels-idx1"))
    if labels == path or not labels.exists():
        raise DataError(
            f"no labels file found beside '{path}'; expected '{labels.name}' "
            "(images-idx3 in the name replaced by labels-idx1)"
        )
    x, y = load_idx(path, labels)
    return {"x": x, "y": y}


def _read_idx_folder(path: Path, label_column: int | str | None) -> Arrays:
    """A folder with train-/t10k- image and label files, as Fashion-MNIST ships."""
    _refuse_label_column(path, label_column)
    arrays: Arrays = {}
    for prefix, suffix in (("train", ""), ("t10k", "_test")):
        found = sorted(path.glob(f"{prefix}-images-idx3-ubyte*"))
        if not found:
            if prefix == "train":
                raise DataError(
                    f"folder '{path}' has no 'train-images-idx3-ubyte[.gz]' file"
                )
            continue
        pair = _read_idx_pair(found[0], None)
        arrays["x" + suffix], arrays["y" + suffix] = pair["x"], pair["y"]
    return arrays


def _refuse_label_column(path: Path, label_column: int | str | None) -> None:
    if label_column is not None:
        raise DataError(f"label_column applies to CSV files only, not to '{path}'")


FILE_FORMATS: dict[str, Callable[[Path, int | str | None], Arrays]] = {
    ".csv": _read_csv,
    ".txt": _read_csv,
    ".tsv": _read_csv,
    ".npz": _read_npz,
    "idx": _read_idx_pair,
}
"""File-name ending (after removing .gz) or ``idx`` in the name -> reader."""


def _reader(path: Path) -> Callable[[Path, int | str | None], Arrays]:
    if path.is_dir():
        return _read_idx_folder
    if not path.exists():
        raise DataError(f"the data file '{path}' does not exist")
    name = path.name.lower().removesuffix(".gz")
    suffix = Path(name).suffix
    if suffix in FILE_FORMATS:
        return FILE_FORMATS[suffix]
    if "idx" in name or "ubyte" in name:
        return FILE_FORMATS["idx"]
    raise DataError(
        f"'{path}' is not a known data file; expected .csv, .npz, an IDX file "
        "(e.g. train-images-idx3-ubyte.gz) or a folder of IDX files"
    )


def _encode_labels(
    path: Path, ys: list[np.ndarray], task: str | None
) -> tuple[list[np.ndarray], str, tuple[str, ...]]:
    """Class indices (int64) or float32 targets for each label array."""
    both = np.concatenate(ys)
    integral = both.dtype.kind in "iu" or bool(np.all(both == np.round(both)))
    if task is None:
        task = "classification" if integral else "regression"
    if task == "regression":
        return [y.astype(np.float32) for y in ys], task, ()
    if task != "classification":
        raise DataError(
            f"task must be 'classification' or 'regression'; found {task!r}"
        )
    values = np.unique(both)
    if not integral or values.size > MAX_CLASSES or values.size < 2:
        raise DataError(
            f"'{path}': classification needs 2 to {MAX_CLASSES} whole-number labels; "
            f"found {values.size} distinct values"
            + ("" if integral else " that are not whole numbers")
        )
    names = tuple(str(int(v)) if values.dtype.kind == "f" else str(v) for v in values)
    return [np.searchsorted(values, y).astype(np.int64) for y in ys], task, names


def _split(
    arrays: Arrays, settings: Settings, name: str
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    if "x_test" in arrays:
        return (arrays["x"], arrays["y"]), (arrays["x_test"], arrays["y_test"])
    n = arrays["x"].shape[0]
    order = np.random.default_rng(settings.seed).permutation(n)
    n_train = split_sizes(n, settings.ratio, name)
    train, test = order[:n_train], order[n_train:]
    x, y = arrays["x"], arrays["y"]
    return (x[train], y[train]), (x[test], y[test])


def _image_pixels(x: np.ndarray) -> tuple[np.ndarray, float]:
    """Images as uint8 with scale 1/255 when they are bytes, else float32 as given."""
    if x.dtype == np.uint8:
        return x, 1.0 / 255.0
    if x.dtype.kind in "iu" and x.min(initial=0) >= 0 and x.max(initial=0) <= 255:
        return x.astype(np.uint8), 1.0 / 255.0
    return x.astype(np.float32), 1.0


def file_dataset(
    path: str | Path,
    settings: Settings,
    *,
    label_column: int | str | None = None,
    task: str | None = None,
) -> Dataset:
    """Read ``path`` and return its ``Dataset`` (kind from the shape of ``x``)."""
    path = Path(path)
    arrays = _reader(path)(path, label_column)
    (x_tr, y_tr), (x_te, y_te) = _split(arrays, settings, path.name)
    (y_tr, y_te), task, names = _encode_labels(path, [y_tr, y_te], task)
    if "class_names" in arrays and len(arrays["class_names"]) == len(names):
        names = tuple(str(n) for n in arrays["class_names"])
    kind = "image" if x_tr.ndim >= 3 else "2d" if x_tr.shape[1] == 2 else "table"
    info = DatasetInfo(
        name=path.name,
        title=path.name,
        kind=kind,
        task=task,
        n_classes=len(names),
        class_names=names,
        input_shape=tuple(x_tr.shape[1:]),
        default_n_samples=x_tr.shape[0] + x_te.shape[0],
        description=f"Imported from {path}.",
        fixed_split="x_test" in arrays,
    )
    record = {"path": str(path), "train_ratio": settings.ratio, "seed": settings.seed}
    if kind == "2d":
        return make_points_dataset(info, (x_tr, y_tr), (x_te, y_te), settings, record)
    if settings.features is not None:
        raise DataError(
            f"'{path}' has {x_tr.shape[1:]} inputs, not 2-D points; input features "
            "such as x1^2 apply to 2-D points only"
        )
    if kind == "table":
        return _table_dataset(
            info, arrays, (x_tr, y_tr), (x_te, y_te), settings, record
        )
    (x_tr, scale), (x_te, _) = _image_pixels(x_tr), _image_pixels(x_te)
    shape = x_tr.shape[1:] + ((1,) if x_tr.ndim == 3 else ())
    info = replace(info, rescale=scale)
    return Dataset(
        info, x_tr, y_tr, x_te, y_te,
        preprocessing=rescale_preprocessing(scale, shape),
        settings=record,
    )  # fmt: skip


def _table_dataset(
    info: DatasetInfo,
    arrays: Arrays,
    train: tuple[np.ndarray, np.ndarray],
    test: tuple[np.ndarray, np.ndarray],
    settings: Settings,
    record: dict[str, Any],
) -> Dataset:
    """Features as float32 columns, standardised on request as for 2-D sets."""
    n_features = train[0].shape[1]
    names = tuple(arrays.get("feature_names", [f"x{i + 1}" for i in range(n_features)]))
    x_train = train[0].astype(np.float32)
    stats = None
    if settings.stats is not None:
        stats = check_stats(settings.stats, names)
    elif settings.standardize:
        stats = standardization_stats(x_train, names)
    if stats is not None:
        record = {**record, "stats": stats}
    return Dataset(
        info=info,
        x_train=x_train,
        y_train=train[1],
        x_test=test[0].astype(np.float32),
        y_test=test[1],
        feature_names=names,
        preprocessing=features_preprocessing(names, stats),
        stats=stats,
        settings=record,
    )
