"""The student's own data in the Data panel: open a data file, or draw points.

A file is checked by loading it before the design changes, so a wrong file costs
nothing but one sentence. Using it is one undo step: the design names the file
(absolutely while open; ``design.data_paths`` makes it relative on save), forgets
the built-in set, and the Input layer takes the file's input shape.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QFileDialog, QWidget

from netdesigner.data import load_dataset
from netdesigner.design.defaults import resolved_dataset
from netdesigner.design.session_data import load_design_dataset
from netdesigner.gui.training import edits

DATA_FILTER = (
    "Data files (*.csv *.csv.gz *.npz *.gz *.idx *ubyte);;CSV files (*.csv);;"
    "All files (*)"
)


def ask_data_path(parent: QWidget | None, folder: str) -> str | None:
    """A data file to open (a dialog; tests replace it)."""
    path, _ = QFileDialog.getOpenFileName(
        parent, "Open a data file", folder, DATA_FILTER
    )
    return path or None


def input_shape(dataset: Any) -> list[int]:
    """The Input layer's shape for ``dataset`` (images get their channel axis)."""
    shape = [int(n) for n in dataset.x_train.shape[1:]]
    if dataset.info.kind == "image" and len(shape) == 2:
        shape.append(1)
    return shape


def check_file(path: str | Path, design: Any) -> Any:
    """The data set in ``path`` as the design would load it; DataError if it cannot.

    2-D points keep the design's chosen input features; other files take none.
    """
    settings = resolved_dataset(design)
    kwargs: dict[str, Any] = {"seed": settings.get("seed") or 0}
    if settings.get("train_ratio") is not None:
        kwargs["train_ratio"] = settings["train_ratio"]
    dataset = load_dataset(path=path, **kwargs)
    if dataset.info.kind == "2d" and settings.get("features"):
        kwargs["features"] = settings["features"]
        dataset = load_dataset(path=path, **kwargs)
    return dataset


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
    dataset = check_file(path, document.design)
    commands: list[QUndoCommand] = [
        edits.setting(document, "dataset", "path", str(path))
    ]
    for key in ("name", "stats"):
        if key in document.design.dataset:
            commands.append(edits.setting(document, "dataset", key, None))
    if dataset.info.kind != "2d" and "features" in document.design.dataset:
        commands.append(edits.setting(document, "dataset", "features", None))
    shape = input_shape(dataset)
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
