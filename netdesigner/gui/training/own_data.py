"""The student's own data in the Data panel: open a data file, or draw points.

A file is read (``design.data_paths.data_file_info``) before the design changes,
so a wrong file costs nothing but one sentence. Using it is one undo step: the
design names the file (absolutely while open; ``design.data_paths`` makes it
relative on save), forgets the built-in set, and the Input layer takes the shape
validation expects for the file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QFileDialog, QWidget

from netdesigner.data import DataError
from netdesigner.design.data_paths import data_file_info
from netdesigner.design.session_data import load_design_dataset
from netdesigner.design.validation_output import expected_input_shape
from netdesigner.gui.training import edits

translate = QCoreApplication.translate

DATA_FILTER = (
    "Data files (*.csv *.csv.gz *.npz *.gz *.idx *ubyte *.bin);;CSV files (*.csv);;"
    "CIFAR-10/100 binary batches (*.bin *.bin.gz);;All files (*)"
)


def ask_data_path(parent: QWidget | None, folder: str) -> str | None:
    """A data file to open (a dialog; tests replace it)."""
    path, _ = QFileDialog.getOpenFileName(
        parent, translate("OwnData", "Open a data file"), folder, DATA_FILTER
    )
    return path or None


def ask_data_folder(parent: QWidget | None, folder: str) -> str | None:
    """An image folder (one sub-folder of PNG/JPEG per class) or a CIFAR binary
    folder to open: a file dialog cannot pick a folder (tests replace it)."""
    title = QCoreApplication.translate("OwnData", "Open an image folder")
    path = QFileDialog.getExistingDirectory(parent, title, folder)
    return path or None


def data_source(path: str | Path) -> Path:
    """What to load for the chosen file: the folder of an IDX set that has both
    train- and t10k- images (Fashion-MNIST as downloaded: its own 60,000 / 10,000
    split), else the file itself."""
    path = Path(path)
    name = path.name.lower()
    if ("idx" in name or "ubyte" in name) and name.startswith(("train-", "t10k-")):
        folder = path.parent
        if all(
            any(folder.glob(f"{prefix}-images-idx3-ubyte*"))
            for prefix in ("train", "t10k")
        ):
            return folder
    return path


def use_file_commands(document: Any, path: str | Path) -> list[QUndoCommand]:
    """The edits that make the file at ``path`` the design's data (DataError if the
    file cannot be used; nothing is changed then)."""
    path = data_source(Path(path).resolve())
    info = data_file_info(path)  # read once; validation then finds it cached
    if isinstance(info, str):
        raise DataError(info)
    dropped = ["name", "stats"] + (["features"] if info.kind != "2d" else [])
    trial = document.design.copy()
    trial.dataset = {k: v for k, v in trial.dataset.items() if k not in dropped}
    trial.dataset["path"] = str(path)
    commands: list[QUndoCommand] = [
        edits.setting(document, "dataset", "path", str(path))
    ]
    for key in dropped:
        if key in document.design.dataset:
            commands.append(edits.setting(document, "dataset", key, None))
    shape = list(expected_input_shape(trial))  # as validation expects it
    for node in document.design.nodes:
        if node.type == "Input" and node.params.get("shape") != shape:
            commands.append(edits.node_param(document, node.id, "shape", shape))
    return commands


def current_points(design: Any) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The design's 2-D classification points (train and test) to start drawing
    from, or ``(None, None)`` for other data."""
    try:
        dataset = load_design_dataset(design.copy())
    except Exception:  # noqa: BLE001 -- no points to start from: an empty plane
        return None, None
    if dataset.points_train is None or dataset.info.task != "classification":
        return None, None
    points = np.vstack([dataset.points_train, dataset.points_test]).astype(float)
    labels = np.concatenate([dataset.y_train, dataset.y_test]).astype(int)
    return points, labels


def points_file_suggestion(document: Any) -> str:
    """Where drawn points go by default: beside the design, named after it."""
    path = getattr(document, "file_path", None)
    folder = Path(path).parent if path else Path.home()
    stem = re.sub(r"[^\w\- ]+", "", document.design.name or "").strip() or "my"
    return str(folder / f"{stem} points.csv")
