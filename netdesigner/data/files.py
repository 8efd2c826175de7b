"""``file_dataset``: a student's data file (or IDX, CIFAR, image or VOC folder) as
a ``Dataset``.

A Pascal VOC folder (``voc``: pictures with boxes) becomes a detection set through
``DETECTION_FORMATS``; everything below about labels concerns the other formats.

The reader is chosen by the file's name through ``FILE_FORMATS``; the arrays become
a 2-D set (two feature columns: feature maps apply), a table (other column counts) or
an image set (rank 3 or 4). Labels that are whole numbers become class indices (sorted
values, e.g. -1 -> 0 and +1 -> 1), others regression targets, unless ``task`` says.
A file without its own test set is shuffled with ``seed`` and split by ``train_ratio``.

``file_info`` gives the same ``DatasetInfo`` cheaply, for validation: from a CSV's
first rows (the row count estimated from the file's size), an NPZ's array headers
and labels, an IDX file's header and labels, a CIFAR batch's label bytes, an image
folder's file listing; no image or feature array is read.
Only regular files are opened (``streams``); running out of memory while loading
is one sentence naming the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from netdesigner.data import streams
from netdesigner.data.cifar import SIDE as CIFAR_SIDE
from netdesigner.data.cifar import (
    cifar_sketch_parts,
    is_cifar_file,
    is_cifar_folder,
    load_cifar,
)
from netdesigner.data.csvfile import csv_head, load_csv
from netdesigner.data.dataset import DataError, Dataset, DatasetInfo
from netdesigner.data.imagefolder import (
    check_image_size,
    folder_sketch,
    is_image_folder,
    load_image_folder,
)
from netdesigner.data.importers import check_idx_pair, idx_shape, load_idx, read_idx
from netdesigner.data.npzfile import (
    LABEL_KEYS,
    check_npz,
    load_npz,
    load_npz_arrays,
    npz_headers,
)
from netdesigner.data.points import make_points_dataset
from netdesigner.data.preprocess import (
    check_stats,
    features_preprocessing,
    image_preprocessing,
    standardization_stats,
)
from netdesigner.data.settings import Settings, image_settings, split_sizes
from netdesigner.data.voc import is_voc_folder, voc_dataset, voc_info
from netdesigner.i18n import _

MAX_CLASSES = 100

Arrays = dict[str, Any]  # x, y, optional x_test, y_test, class_names, feature_names


@dataclass(frozen=True)
class FileOptions:
    """A file's reading options: label_column (CSV), label_mode (CIFAR-100:
    "fine" or "coarse"), image_size (an image or VOC folder: [height, width]),
    classes (a VOC folder: the class names, in index order)."""

    label_column: int | str | None = None
    label_mode: str | None = None
    image_size: Any = None
    classes: Any = None


Reader = Callable[[Path, FileOptions], Arrays]


@dataclass(frozen=True)
class Sketch:
    """What metadata needs of a file: x_shape : ``(N, ...)`` of all examples (train
    and test); ys : label arrays (all of them, or a CSV's first rows); fixed : the
    file has its own test set; class_names : names stored in the file, if any."""

    x_shape: tuple[int, ...]
    ys: list[np.ndarray]
    fixed: bool = False
    class_names: tuple[str, ...] = ()
    x_dtype: np.dtype = field(default_factory=lambda: np.dtype(np.float64))


def _read_csv(path: Path, opts: FileOptions) -> Arrays:
    table = load_csv(path, opts.label_column)
    return {"x": table.x, "y": table.y, "feature_names": table.feature_names}


def _read_npz(path: Path, opts: FileOptions) -> Arrays:
    _refuse_label_column(path, opts)
    return load_npz(path)


def _labels_beside(path: Path) -> Path:
    labels = path.with_name(path.name.replace("images-idx3", "labels-idx1"))
    if labels == path or not labels.exists():
        raise DataError(
            _(
                "no labels file found beside '{path}'; expected '{name}' (images-idx3 "
                "in the name replaced by labels-idx1)"
            ).format(path=path, name=labels.name)
        )
    return labels


def _read_idx_pair(path: Path, opts: FileOptions) -> Arrays:
    _refuse_label_column(path, opts)
    x, y = load_idx(path, _labels_beside(path))
    return {"x": x, "y": y}


def _idx_files(path: Path) -> list[tuple[Path, str]]:
    """The train- and t10k- image files of an IDX folder, with their key suffix."""
    pairs = []
    for prefix, suffix in (("train", ""), ("t10k", "_test")):
        found = sorted(path.glob(f"{prefix}-images-idx3-ubyte*"))
        if found:
            pairs.append((found[0], suffix))
        elif prefix == "train":
            raise DataError(
                _("folder '{path}' has no 'train-images-idx3-ubyte[.gz]' file").format(
                    path=path
                )
            )
    return pairs


def _read_idx_folder(path: Path, opts: FileOptions) -> Arrays:
    """A folder with train-/t10k- image and label files, as Fashion-MNIST ships."""
    _refuse_label_column(path, opts)
    arrays: Arrays = {}
    for images, suffix in _idx_files(path):
        pair = _read_idx_pair(images, FileOptions())
        arrays["x" + suffix], arrays["y" + suffix] = pair["x"], pair["y"]
    return arrays


def _refuse_label_column(path: Path, opts: FileOptions) -> None:
    if opts.label_column is not None:
        raise DataError(
            _("label_column applies to CSV files only, not to '{path}'").format(
                path=path
            )
        )


def _read_cifar(path: Path, opts: FileOptions) -> Arrays:
    _refuse_label_column(path, opts)
    return load_cifar(path, opts.label_mode)


def _read_image_folder(path: Path, opts: FileOptions) -> Arrays:
    _refuse_label_column(path, opts)
    return load_image_folder(path, opts.image_size)


FILE_FORMATS: dict[str, Reader] = {
    ".csv": _read_csv,
    ".txt": _read_csv,
    ".tsv": _read_csv,
    ".npz": _read_npz,
    "idx": _read_idx_pair,
    "folder": _read_idx_folder,
    "cifar": _read_cifar,
    "image_folder": _read_image_folder,
}
"""File-name ending (after removing .gz), ``idx`` in the name, ``cifar`` (a CIFAR
binary batch or a folder of them), ``image_folder`` or ``folder`` (IDX) -> reader."""


def _format(path: Path) -> str:
    """The key of ``path``'s reader in ``FILE_FORMATS`` (and ``FILE_SKETCHES``)."""
    if path.is_dir():
        if is_voc_folder(path):
            return "voc"
        if is_cifar_folder(path):
            return "cifar"
        return "image_folder" if is_image_folder(path) else "folder"
    if not path.exists():
        raise DataError(_("the data file '{path}' does not exist").format(path=path))
    streams.regular_file_size(path)  # a FIFO or device: refused before any open()
    name = path.name.lower().removesuffix(".gz")
    suffix = Path(name).suffix
    if suffix in FILE_FORMATS:
        return suffix
    if is_cifar_file(path):
        return "cifar"
    if "idx" in name or "ubyte" in name:
        return "idx"
    raise DataError(
        _(
            "'{path}' is not a known data file; expected .csv, .npz, an IDX file "
            "(e.g. train-images-idx3-ubyte.gz), a CIFAR binary batch "
            "(data_batch_1.bin, train.bin) or a folder of these or of images"
        ).format(path=path)
    )


# -- metadata without the arrays ------------------------------------------------------
def _sketch_csv(path: Path, opts: FileOptions) -> Sketch:
    head = csv_head(path, opts.label_column)
    return Sketch((head.n_rows, head.table.x.shape[1]), [head.table.y])


def _sketch_npz(path: Path, opts: FileOptions) -> Sketch:
    _refuse_label_column(path, opts)
    headers = npz_headers(path)
    check_npz(path, headers)
    small = load_npz_arrays(path, LABEL_KEYS)
    ys = [small[key] for key in ("y", "y_test") if key in small]
    names = tuple(str(name) for name in small.get("class_names", ()))
    (x_shape, x_dtype), n = headers["x"], sum(y.shape[0] for y in ys)
    return Sketch((n, *x_shape[1:]), ys, "x_test" in headers, names, x_dtype)


def _sketch_idx_pair(path: Path, opts: FileOptions) -> Sketch:
    _refuse_label_column(path, opts)
    labels_path = _labels_beside(path)
    dtype, shape = idx_shape(path)
    labels = read_idx(labels_path)  # small: one number per image
    check_idx_pair(path, shape, labels_path, labels.shape)
    return Sketch(shape, [labels], x_dtype=dtype)


def _sketch_idx_folder(path: Path, opts: FileOptions) -> Sketch:
    _refuse_label_column(path, opts)
    parts = [_sketch_idx_pair(images, FileOptions()) for images, _ in _idx_files(path)]
    n = sum(part.x_shape[0] for part in parts)
    ys = [part.ys[0] for part in parts]
    first = parts[0]
    return Sketch((n, *first.x_shape[1:]), ys, len(parts) > 1, x_dtype=first.x_dtype)


def _sketch_cifar(path: Path, opts: FileOptions) -> Sketch:
    _refuse_label_column(path, opts)
    n, ys, fixed, names = cifar_sketch_parts(path, opts.label_mode)
    return Sketch((n, CIFAR_SIDE, CIFAR_SIDE, 3), ys, fixed, names, np.dtype(np.uint8))


def _sketch_image_folder(path: Path, opts: FileOptions) -> Sketch:
    _refuse_label_column(path, opts)
    height, width = check_image_size(opts.image_size)
    n, ys, fixed, names = folder_sketch(path)
    return Sketch((n, height, width, 3), ys, fixed, names, np.dtype(np.uint8))


FILE_SKETCHES: dict[str, Callable[[Path, FileOptions], Sketch]] = {
    ".csv": _sketch_csv,
    ".txt": _sketch_csv,
    ".tsv": _sketch_csv,
    ".npz": _sketch_npz,
    "idx": _sketch_idx_pair,
    "folder": _sketch_idx_folder,
    "cifar": _sketch_cifar,
    "image_folder": _sketch_image_folder,
}
"""The same keys as ``FILE_FORMATS`` -> what metadata needs, read cheaply."""


@dataclass(frozen=True)
class DetectionFormat:
    """A folder of pictures with boxes: its metadata (cheaply) and its
    ``Dataset``; labels are boxes, so the class-label steps above do not apply."""

    info: Callable[[Path, FileOptions], DatasetInfo]
    load: Callable[[Path, Settings, FileOptions], Dataset]


def _refuse_non_detection(path: Path, opts: FileOptions, task: str | None) -> None:
    _refuse_label_column(path, opts)
    if task not in (None, "detection") or opts.label_mode is not None:
        raise DataError(
            _(
                "'{path}' is a VOC folder, a detection set; task and label_mode do "
                "not apply to it (remove them)"
            ).format(path=path)
        )


DETECTION_FORMATS: dict[str, DetectionFormat] = {
    "voc": DetectionFormat(
        info=lambda path, opts: voc_info(path, opts.image_size, opts.classes),
        load=lambda path, settings, opts: voc_dataset(
            path, settings, opts.image_size, opts.classes
        ),
    ),
}
"""Format keys of ``_format`` whose sets are detection sets -> their readers."""


def file_info(
    path: str | Path,
    *,
    label_column: int | str | None = None,
    task: str | None = None,
    label_mode: str | None = None,
    image_size: Any = None,
    classes: Any = None,
) -> DatasetInfo:
    """The ``DatasetInfo`` of the file at ``path``, without loading its arrays.

    For a CSV file longer than ``csvfile.HEAD_CHARS``, classes come from its first
    rows and ``default_n_samples`` is estimated; the full load checks every row.
    """
    path = Path(path)
    fmt = _format(path)
    opts = FileOptions(label_column, label_mode, image_size, classes)
    if fmt in DETECTION_FORMATS:
        _refuse_non_detection(path, opts, task)
        return _in_memory(path, lambda: DETECTION_FORMATS[fmt].info(path, opts))
    _refuse_classes(path, opts)
    read = FILE_SKETCHES[fmt]
    return _in_memory(path, lambda: _describe(path, read(path, opts), task))


def _refuse_classes(path: Path, opts: FileOptions) -> None:
    if opts.classes is not None:
        raise DataError(
            _(
                "the classes option names the classes of a VOC folder's objects; "
                "'{path}' is not a VOC folder"
            ).format(path=path)
        )


def _in_memory(path: Path, read: Callable[[], Any]) -> Any:
    """``read()``, with running out of memory said as one sentence."""
    try:
        return read()
    except MemoryError:
        raise DataError(
            _(
                "'{path}' is too large to load into this computer's memory; use a "
                "smaller file (fewer rows or images)"
            ).format(path=path)
        ) from None


def _label_values(
    path: Path, ys: list[np.ndarray], task: str | None
) -> tuple[str, np.ndarray | None]:
    """The task and, for classification, the sorted distinct label values."""
    both = np.concatenate(ys)
    integral = both.dtype.kind in "iu" or bool(np.all(both == np.round(both)))
    if task is None:
        task = "classification" if integral else "regression"
    if task == "regression":
        return task, None
    if task != "classification":
        raise DataError(
            _("task must be 'classification' or 'regression'; found {task}").format(
                task=repr(task)
            )
        )
    values = np.unique(both)
    if not integral or values.size > MAX_CLASSES or values.size < 2:
        if integral:
            template = _(
                "'{path}': classification needs 2 to {most} whole-number labels; "
                "found {n} distinct values"
            )
        else:
            template = _(
                "'{path}': classification needs 2 to {most} whole-number labels; "
                "found {n} distinct values that are not whole numbers"
            )
        raise DataError(template.format(path=path, most=MAX_CLASSES, n=values.size))
    return task, values


def _class_names(values: np.ndarray | None) -> tuple[str, ...]:
    if values is None:
        return ()
    return tuple(str(int(v)) if values.dtype.kind == "f" else str(v) for v in values)


def _encode_labels(
    path: Path, ys: list[np.ndarray], task: str | None
) -> tuple[list[np.ndarray], str, tuple[str, ...]]:
    """Class indices (int64) or float32 targets for each label array."""
    task, values = _label_values(path, ys, task)
    if values is None:
        return [y.astype(np.float32) for y in ys], task, ()
    indices = [np.searchsorted(values, y).astype(np.int64) for y in ys]
    return indices, task, _class_names(values)


def _describe(path: Path, sketch: Sketch, task: str | None) -> DatasetInfo:
    """The ``DatasetInfo`` of a file from its ``Sketch``."""
    task, values = _label_values(path, sketch.ys, task)
    names = _class_names(values)
    if sketch.class_names and len(sketch.class_names) == len(names):
        names = sketch.class_names
    rank = len(sketch.x_shape)
    kind = "image" if rank >= 3 else "2d" if sketch.x_shape[1] == 2 else "table"
    # bytes (or small whole numbers, made bytes on loading) are pixels 0-255
    scale = 1.0 / 255.0 if kind == "image" and sketch.x_dtype.kind in "iu" else 1.0
    return DatasetInfo(
        name=path.name,
        title=path.name,
        kind=kind,
        task=task,
        n_classes=len(names),
        class_names=names,
        input_shape=tuple(sketch.x_shape[1:]),
        default_n_samples=sketch.x_shape[0],
        description=_("Imported from {path}.").format(path=path),
        fixed_split=sketch.fixed,
        rescale=scale,
    )


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
    label_mode: str | None = None,
    image_size: Any = None,
    classes: Any = None,
) -> Dataset:
    """Read ``path`` and return its ``Dataset`` (kind from the shape of ``x``).

    label_mode : CIFAR-100 ``"fine"`` (100 classes, the default) or ``"coarse"``
    (20); image_size : an image folder's ``[height, width]`` (default 32×32; a VOC
    folder's: 64×64); classes : a VOC folder's class names (default: the names its
    annotations use, sorted).
    """
    path = Path(path)
    opts = FileOptions(label_column, label_mode, image_size, classes)
    fmt = _format(path)
    if fmt in DETECTION_FORMATS:
        _refuse_non_detection(path, opts, task)
        load = DETECTION_FORMATS[fmt].load
        return _in_memory(path, lambda: load(path, settings, opts))
    _refuse_classes(path, opts)
    return _in_memory(path, lambda: _load(path, settings, opts, task))


def _load(
    path: Path, settings: Settings, opts: FileOptions, task: str | None
) -> Dataset:
    arrays = FILE_FORMATS[_format(path)](path, opts)
    (x_tr, y_tr), (x_te, y_te) = _split(arrays, settings, path.name)
    y_raw = [y_tr, y_te]
    (y_tr, y_te), task, _names = _encode_labels(path, y_raw, task)
    names = tuple(str(n) for n in arrays.get("class_names", ()))
    sketch = Sketch(
        (x_tr.shape[0] + x_te.shape[0], *x_tr.shape[1:]), y_raw, "x_test" in arrays,
        names, x_tr.dtype,
    )  # fmt: skip
    info = _describe(path, sketch, task)
    kind = info.kind
    record = {"path": str(path), "train_ratio": settings.ratio, "seed": settings.seed}
    if kind == "2d":
        return make_points_dataset(info, (x_tr, y_tr), (x_te, y_te), settings, record)
    if settings.features is not None:
        raise DataError(
            _(
                "'{path}' has {shape} inputs, not 2-D points; input features such as "
                "x1^2 apply to 2-D points only"
            ).format(path=path, shape=x_tr.shape[1:])
        )
    if kind == "table":
        return _table_dataset(
            info, arrays, (x_tr, y_tr), (x_te, y_te), settings, record
        )
    (x_tr, scale), (x_te, _scale) = _image_pixels(x_tr), _image_pixels(x_te)
    shape = x_tr.shape[1:] + ((1,) if x_tr.ndim == 3 else ())
    info = replace(info, rescale=scale)
    spec, stats = image_preprocessing(x_tr, scale, shape, settings.standardize)
    return Dataset(
        info, x_tr, y_tr, x_te, y_te,
        preprocessing=spec, stats=stats,
        settings={**record, **image_settings(settings, stats)},
        augment=settings.augment,
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
