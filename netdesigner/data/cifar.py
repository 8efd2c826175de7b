"""Readers for CIFAR-10 and CIFAR-100 in their official binary versions (never pickle).

CIFAR-10 (``cifar-10-batches-bin``): ``data_batch_1.bin`` ... ``data_batch_5.bin`` and
``test_batch.bin``, each record 1 label byte and 3,072 pixel bytes. CIFAR-100
(``cifar-100-binary``): ``train.bin`` and ``test.bin``, each record a coarse label byte
(20 superclasses), a fine label byte (100 classes) and 3,072 pixel bytes. Pixels are
channel-planar: the 1,024 red values of the 32×32 image row by row, then green, then
blue; they become channels-last ``(N, 32, 32, 3)`` uint8. Class names come from the
text files the archives ship beside the data (``batches.meta.txt``,
``fine_label_names.txt``, ``coarse_label_names.txt``) when present.

A file or a folder is read through ``streams`` (regular files only, gzip capped), and
anything malformed is one ``DataError`` sentence naming the file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from netdesigner.data import streams
from netdesigner.data.dataset import DataError
from netdesigner.i18n import _

SIDE = 32
PIXELS = 3 * SIDE * SIDE
CIFAR10_NAMES = (
    "airplane", "automobile", "bird", "cat", "deer",
    "dog", "frog", "horse", "ship", "truck",
)  # fmt: skip
LABEL_MODES = ("fine", "coarse")


@dataclass(frozen=True)
class Layout:
    """One of the two record layouts: label bytes before the pixels."""

    name: str
    label_bytes: int
    names_files: dict[str, str]  # label mode -> names file beside the data

    @property
    def record(self) -> int:
        return self.label_bytes + PIXELS


CIFAR10 = Layout("CIFAR-10", 1, {"fine": "batches.meta.txt"})
CIFAR100 = Layout(
    "CIFAR-100",
    2,
    {"fine": "fine_label_names.txt", "coarse": "coarse_label_names.txt"},
)


def is_cifar_file(path: Path) -> bool:
    """True for a file named as CIFAR's binary batches are."""
    name = path.name.lower().removesuffix(".gz")
    return name.endswith(".bin") and (
        name.startswith(("data_batch", "test_batch"))
        or name in ("train.bin", "test.bin")
    )


def is_cifar_folder(path: Path) -> bool:
    """True for a folder holding CIFAR-10 or CIFAR-100 binary batches."""
    return bool(_folder_files(path))


def _layout(path: Path) -> Layout:
    name = path.name.lower()
    return CIFAR100 if name.startswith(("train.bin", "test.bin")) else CIFAR10


def _folder_files(path: Path) -> list[tuple[Path, bool]]:
    """The batch files of a CIFAR folder with ``True`` for the test ones, in order."""
    found = sorted(p for p in path.iterdir() if p.is_file() and is_cifar_file(p))
    train = [p for p in found if not p.name.lower().startswith("test")]
    test = [p for p in found if p.name.lower().startswith("test")]
    return [(p, False) for p in train] + [(p, True) for p in test]


def check_label_mode(label_mode: str | None, layout: Layout, path: Path) -> str:
    """``fine`` unless asked; ``coarse`` exists for CIFAR-100 only."""
    mode = label_mode or "fine"
    if mode not in LABEL_MODES:
        raise DataError(
            _("label_mode must be 'fine' or 'coarse'; found {label_mode}").format(
                label_mode=repr(label_mode)
            )
        )
    if mode == "coarse" and layout is CIFAR10:
        raise DataError(
            _(
                "'{path}' is CIFAR-10, which has one label per image; label_mode "
                "'coarse' (20 superclasses) exists for CIFAR-100 only"
            ).format(path=path)
        )
    return mode


def record_count(path: Path) -> int:
    """How many records the batch file holds, from its (decompressed) size."""
    layout = _layout(path)
    size = _data_size(path)
    if size % layout.record:
        raise DataError(
            _(
                "'{path}' holds {size:,} bytes, not a whole number of {name} records "
                "of {record:,} bytes ({value:,.2f}); the file is cut short or is not a "
                "CIFAR binary batch"
            ).format(
                path=path,
                size=size,
                name=layout.name,
                record=layout.record,
                value=size / layout.record,
            )
        )
    if size == 0:
        raise DataError(
            _("'{path}' is empty; a {name} batch holds images").format(
                path=path, name=layout.name
            )
        )
    return size // layout.record


def _data_size(path: Path) -> int:
    with streams.open_data(path, report=False) as stream:
        if not stream.compressed:
            return os.fstat(stream.fileno()).st_size
        total = 0
        while chunk := stream.read(streams.CHUNK):
            total += len(chunk)
        return total


def read_batch(
    path: Path, label_mode: str | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Images ``(N, 32, 32, 3)`` uint8 and labels ``(N,)`` uint8 of one batch file."""
    layout = _layout(path)
    mode = check_label_mode(label_mode, layout, path)
    n = record_count(path)
    with streams.open_data(path) as stream:
        data = stream.read(n * layout.record)
    records = np.frombuffer(data, dtype=np.uint8).reshape(n, layout.record)
    # CIFAR-100: byte 0 the coarse label, byte 1 the fine one
    column = 0 if (layout is CIFAR10 or mode == "coarse") else 1
    labels = records[:, column].copy()
    planes = records[:, layout.label_bytes :].reshape(n, 3, SIDE, SIDE)
    return np.ascontiguousarray(planes.transpose(0, 2, 3, 1)), labels


def read_labels(path: Path, label_mode: str | None = None) -> np.ndarray:
    """Only the labels ``(N,)`` uint8 of a batch file, read in chunks of records so
    that metadata costs little memory (the pixels are skipped)."""
    layout = _layout(path)
    mode = check_label_mode(label_mode, layout, path)
    n = record_count(path)
    column = 0 if (layout is CIFAR10 or mode == "coarse") else 1
    labels = np.empty(n, dtype=np.uint8)
    step = 1024
    with streams.open_data(path, report=False) as stream:
        for start in range(0, n, step):
            count = min(step, n - start)
            chunk = stream.read(count * layout.record)
            records = np.frombuffer(chunk, dtype=np.uint8).reshape(count, -1)
            labels[start : start + count] = records[:, column]
    return labels


def class_names(folder: Path, layout: Layout, label_mode: str) -> tuple[str, ...]:
    """Names from the text file the archive ships, CIFAR-10's known names, or ()."""
    names_file = folder / layout.names_files.get(label_mode, "")
    if names_file.is_file():
        with streams.open_regular(names_file, report=False) as file:
            text = file.read(1 << 16).decode("utf-8", errors="replace")
        names = tuple(line.strip() for line in text.splitlines() if line.strip())
        if names:
            return names
    return CIFAR10_NAMES if layout is CIFAR10 else ()


def _batches(
    path: Path, label_mode: str | None
) -> tuple[list[tuple[Path, bool]], Layout, str]:
    """The batch files of ``path`` (a file or a folder), their layout, the mode."""
    files = _folder_files(path) if path.is_dir() else [(path, False)]
    if not files:
        raise DataError(
            _(
                "folder '{path}' has no CIFAR binary batches (data_batch_*.bin and "
                "test_batch.bin, or train.bin and test.bin)"
            ).format(path=path)
        )
    layout = _layout(files[0][0])
    return files, layout, check_label_mode(label_mode, layout, path)


def load_cifar(path: Path, label_mode: str | None = None) -> dict[str, object]:
    """A CIFAR batch file or folder as arrays ``x``, ``y`` (and ``x_test``,
    ``y_test`` for a folder with a test batch) and ``class_names``."""
    files, layout, mode = _batches(path, label_mode)
    parts: dict[bool, list[tuple[np.ndarray, np.ndarray]]] = {False: [], True: []}
    for file, is_test in files:
        parts[is_test].append(read_batch(file, mode))
    if not parts[False]:  # only a test batch: it is the whole data set
        parts = {False: parts[True], True: []}
    arrays: dict[str, object] = {
        "x": np.concatenate([x for x, _ in parts[False]]),
        "y": np.concatenate([y for _, y in parts[False]]),
    }
    if parts[True]:
        arrays["x_test"] = np.concatenate([x for x, _ in parts[True]])
        arrays["y_test"] = np.concatenate([y for _, y in parts[True]])
    folder = path if path.is_dir() else path.parent
    names = class_names(folder, layout, mode)
    if names:
        arrays["class_names"] = names
    return arrays


def cifar_sketch_parts(
    path: Path, label_mode: str | None
) -> tuple[int, list[np.ndarray], bool, tuple[str, ...]]:
    """What metadata needs, without the pixels: the number of images, the label
    arrays, whether there is a test batch, and the class names."""
    files, layout, mode = _batches(path, label_mode)
    ys = [read_labels(file, mode) for file, _ in files]
    has_test = any(is_test for _, is_test in files) and not all(
        is_test for _, is_test in files
    )
    folder = path if path.is_dir() else path.parent
    return sum(len(y) for y in ys), ys, has_test, class_names(folder, layout, mode)
