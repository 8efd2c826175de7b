"""Where an imported data file is named: absolute in memory, relative on disk.

``data_file_info(path, **options)`` reads an imported file's metadata once (cached
by the file's size, change time and the design's file options such as CIFAR-100's
``label_mode``; the GUI replaces it with what a full load found), so that
validation can check a network against it as against a built-in set.

A design file names its data file relative to the design's folder when the data lies
in that folder or below it, so that the two can be shared together; the editor
keeps the absolute path while the design is open, so that "Save as" into another
folder, undo, and training from an unsaved design all find the same file.
"""

from __future__ import annotations

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


#: a design's ``dataset`` keys that change what a file holds (CIFAR-100's labels,
#: an image folder's size, a CSV's label column and task)
FILE_OPTIONS = ("label_column", "task", "label_mode", "image_size")


def file_options(dataset: dict[str, Any]) -> dict[str, Any]:
    """The ``data_file_info`` options a design's ``dataset`` sets (None left out)."""
    return {k: dataset[k] for k in FILE_OPTIONS if dataset.get(k) is not None}


def data_file_info(path: str | Path, **options: Any) -> Any:
    """The ``DatasetInfo`` of the data file at the absolute ``path``, or the sentence
    saying why it cannot be read; None for a relative path (its folder is unknown).

    options : ``FILE_OPTIONS`` as the design sets them (``label_mode="coarse"``
        gives CIFAR-100's 20 classes, ``image_size=[64, 64]`` an image folder's
        shape); the cache keeps one answer per file and options.
    Cheap: only a file's headers and first rows are read (``data.files.file_info``),
    so that validation can run on the GUI thread, even for a huge or hostile file.
    """
    path = Path(path)
    if not path.is_absolute():
        return None
    try:
        key = _key(path, options)
    except OSError:
        return f"the data file '{path}' does not exist (moved or renamed?)"
    info = _INFOS.get(key)
    if info is None:
        info = _read_info(path, options)
        _remember(key, info)
    return info


def remember_data_file_info(path: str | Path, info: Any, **options: Any) -> None:
    """Keep ``info`` (e.g. from loading the whole file with ``options``) as the
    file's metadata, in place of what its first rows suggested, until the file
    changes."""
    try:
        key = _key(Path(path), options)
    except OSError:
        return
    _remember(key, info)


_INFOS: dict[tuple[str, int, int, str], Any] = {}
_CACHE_SIZE = 8


def _key(path: Path, options: dict[str, Any]) -> tuple[str, int, int, str]:
    """The cache key: the file as it is now, and the options that change it."""
    stat = path.stat()
    given = {k: v for k, v in options.items() if v is not None}
    return (str(path), stat.st_size, stat.st_mtime_ns, repr(sorted(given.items())))


def _remember(key: tuple[str, int, int, str], info: Any) -> None:
    _INFOS.pop(key, None)
    _INFOS[key] = info
    while len(_INFOS) > _CACHE_SIZE:
        del _INFOS[next(iter(_INFOS))]  # the oldest


def _read_info(path: Path, options: dict[str, Any]) -> Any:
    from netdesigner.data.files import file_info

    given = {k: v for k, v in options.items() if v is not None}
    try:
        return file_info(path, **given)
    except Exception as exc:  # noqa: BLE001 -- becomes a problem, never a crash
        return (
            str(exc) or f"the data file '{path}' cannot be read ({type(exc).__name__})"
        )
