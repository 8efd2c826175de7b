"""Where an imported data file is named: absolute in memory, relative on disk.

``data_file_info(path)`` reads an imported file's metadata once (cached by the
file's size and change time), so that validation can check a network against it as
against a built-in set.

A design file names its data file relative to the design's folder when the data lies
in that folder or below it, so that the two can be shared together; the editor
keeps the absolute path while the design is open, so that "Save as" into another
folder, undo, and training from an unsaved design all find the same file.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from netdesigner.design.model import Design


def absolute_data_paths(design: Design, folder: str | Path | None) -> Design:
    """A copy of ``design`` whose relative ``dataset.path`` starts at ``folder``."""
    path = design.dataset.get("path")
    if not path or folder is None or Path(path).is_absolute():
        return design
    copy = design.copy()
    copy.dataset["path"] = str((Path(folder) / path).resolve())
    return copy


def relative_data_paths(design: Design, folder: str | Path) -> Design:
    """A copy of ``design`` naming its data file relative to ``folder`` when the file
    lies in it or below it (with ``/``, on every system); else unchanged."""
    path = design.dataset.get("path")
    if not path or not Path(path).is_absolute():
        return design
    try:
        inner = Path(path).resolve().relative_to(Path(folder).resolve())
    except ValueError:  # elsewhere: the absolute path is the only way to find it
        return design
    copy = design.copy()
    copy.dataset["path"] = inner.as_posix()
    return copy


def data_file_info(path: str | Path) -> Any:
    """The ``DatasetInfo`` of the data file at the absolute ``path``, or the sentence
    saying why it cannot be read; None for a relative path (its folder is unknown)."""
    path = Path(path)
    if not path.is_absolute():
        return None
    try:
        stat = path.stat()
    except OSError:
        return f"the data file '{path}' does not exist (moved or renamed?)"
    return _read_info(str(path), stat.st_size, stat.st_mtime)


@functools.lru_cache(maxsize=8)
def _read_info(path: str, _size: int, _mtime: float) -> Any:
    from netdesigner.data import load_dataset

    try:
        return load_dataset(path=path).info
    except Exception as exc:  # noqa: BLE001 -- becomes a problem, never a crash
        return str(exc)
