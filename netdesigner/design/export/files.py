"""Writing export files: atomically, with a sentence instead of a traceback."""

from __future__ import annotations

from pathlib import Path

from netdesigner.design.errors import DesignFileError
from netdesigner.design.export.base import ExportError
from netdesigner.design.io import atomic_write


def write_text(out: Path | str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``out`` through a temp file and an atomic replace."""
    write_bytes(out, text.encode("utf-8"))


def write_bytes(out: Path | str, data: bytes) -> None:
    """Write ``data`` to ``out``; the old file survives any failure."""
    path = Path(out)
    if path.is_dir():
        raise ExportError(f"{path}: expected a file name to write, found a folder")
    if not path.parent.is_dir():
        raise ExportError(f"{path}: the folder {path.parent} does not exist")
    try:
        atomic_write(path, lambda file: file.write(data))
    except DesignFileError as exc:
        raise ExportError(str(exc)) from None
