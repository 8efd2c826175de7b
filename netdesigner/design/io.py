"""Read and write design files (JSON, format version 1) and their weights files.

Loading goes: bytes -> UTF-8 text -> JSON (no NaN or Infinity) -> envelope check
(``format``, ``version``) -> migration of older versions -> JSON Schema -> graph
references (unique ids, edges naming existing nodes) -> ``Design``. Every problem is a
``DesignFileError`` whose message is one sentence naming the file.

Saving serialises fully first, then writes a temp file in the same folder, flushes,
fsyncs and ``os.replace``-s it over the target, so the old file survives any failure.
Weights live beside the design in ``NAME.weights.npz`` (keys ``<node id>/<weight>``)
and are read with ``allow_pickle=False``.
"""

from __future__ import annotations

import io
import json
import math
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from netdesigner.design.errors import DesignFileError
from netdesigner.design.migrations import migrate
from netdesigner.design.model import FORMAT_NAME, Design
from netdesigner.design.schema import check_document, show

#: designs are small; anything larger is not a design file
MAX_DESIGN_BYTES = 20 * 1024 * 1024

PathLike = str | os.PathLike[str]


class _NonStandardNumber(ValueError):
    """Raised inside json.loads for NaN, Infinity or a float that overflows."""


def load_design(path: PathLike) -> Design:
    """Read the design file at ``path``."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_DESIGN_BYTES:
            raise DesignFileError(
                f"{path}: expected a design file of at most 20 MB, found {size} bytes"
            )
        data = path.read_bytes()
    except IsADirectoryError:
        raise DesignFileError(
            f"{path}: expected a design file, found a folder"
        ) from None
    except FileNotFoundError:
        raise DesignFileError(f"{path}: no such file") from None
    except OSError as exc:
        raise DesignFileError(f"{path}: could not be read ({_reason(exc)})") from None
    return loads_design(data, source=str(path))


def loads_design(text: str | bytes, source: str = "<string>") -> Design:
    """Parse, upgrade and validate a design document given as text or UTF-8 bytes."""
    try:
        document = parse_document(text, source)
        check_document(document, source)
        _check_references(document, source)
        return Design.from_dict(document)
    except RecursionError:
        raise DesignFileError(
            f"{source}: expected a design, found JSON nested too deeply to read"
        ) from None


def parse_document(text: str | bytes, source: str = "<string>") -> dict[str, Any]:
    """JSON text -> a version-1 document dict (not yet schema-checked)."""
    if isinstance(text, bytes):
        text = _decode(text, source)
    if len(text) > MAX_DESIGN_BYTES:
        raise DesignFileError(f"{source}: expected at most 20 MB of text, found more")
    data = _parse_json(text, source)
    if not isinstance(data, dict):
        raise DesignFileError(
            f"{source}: expected a JSON object at the top level, found {_kind(data)}"
        )
    if data.get("format") != FORMAT_NAME:
        raise DesignFileError(
            f"{source}: expected a NetDesigner design (format "
            f'"{FORMAT_NAME}"), found format {show(data.get("format"))}'
        )
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise DesignFileError(
            f"{source}: expected an integer format version, found {show(version)}"
        )
    return migrate(data, source)


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DesignFileError(
            f"{source}: expected UTF-8 text, found the byte "
            f"0x{data[exc.start]:02x} at position {exc.start}"
        ) from None


def _reject_constant(name: str) -> Any:
    raise _NonStandardNumber(name)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NonStandardNumber(text)
    return value


def _parse_json(text: str, source: str) -> Any:
    try:
        return json.loads(
            text, parse_constant=_reject_constant, parse_float=_finite_float
        )
    except _NonStandardNumber as exc:
        raise DesignFileError(
            f"{source}: expected plain JSON numbers, found the non-standard number "
            f"{exc}"
        ) from None
    except json.JSONDecodeError as exc:
        raise DesignFileError(
            f"{source}: expected JSON, found an error at line {exc.lineno}, column "
            f"{exc.colno} ({exc.msg})"
        ) from None
    except RecursionError:
        raise DesignFileError(
            f"{source}: expected a design, found JSON nested too deeply to read"
        ) from None
    except ValueError:  # Python refuses integers of more than 4300 digits
        raise DesignFileError(
            f"{source}: expected numbers of at most 4300 digits, found a longer one"
        ) from None


def _kind(value: Any) -> str:
    names = {list: "a list", str: "a string", bool: "true or false"}
    if value is None:
        return "null"
    return names.get(type(value), "a number")


def _check_references(document: dict[str, Any], source: str) -> None:
    """Unique node ids, and edges that name existing nodes (after the schema)."""
    seen: set[str] = set()
    for index, node in enumerate(document["nodes"]):
        if node["id"] in seen:
            raise DesignFileError(
                f"{source}: at nodes[{index}].id: expected a unique id, found "
                f'"{node["id"]}" a second time'
            )
        seen.add(node["id"])
    for index, edge in enumerate(document["edges"]):
        for end in ("from", "to"):
            if edge[end] not in seen:
                raise DesignFileError(
                    f"{source}: at edges[{index}].{end}: expected the id of a node, "
                    f'found "{edge[end]}", which no node has'
                )


def dumps_design(design: Design, source: str = "<design>") -> str:
    """The design as JSON text: stable key order, indent 2, a final newline.

    Raises ``DesignFileError`` for NaN or infinity, for values JSON cannot hold and for
    anything the schema would refuse on loading, so a saved file always loads again.
    """
    prefix = f"{source}: cannot be saved"
    try:
        document = design.to_dict()
        text = json.dumps(
            document,
            indent=2,
            ensure_ascii=False,
            allow_nan=False,
            default=_json_default,
        )
    except RecursionError:
        raise DesignFileError(
            f"{prefix}: expected a design, found values nested too deeply"
        ) from None
    except (TypeError, ValueError) as exc:
        raise DesignFileError(f"{prefix}: {_unsavable(design, exc)}") from None
    check_document(json.loads(text), prefix)
    return text + "\n"


def _unsavable(design: Design, exc: Exception) -> str:
    """Why ``design`` cannot become JSON, as the end of a sentence."""
    try:
        where = _non_finite_path(design.to_dict())
    except (TypeError, ValueError):
        where = ""
    if where:
        return f"{where}: expected a finite number, found NaN or infinity"
    return f"expected JSON values, found {exc}"


def _json_default(value: Any) -> Any:
    """NumPy scalars and arrays a GUI may leave in params become plain JSON."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"a value of type {type(value).__name__}")


def _non_finite_path(value: Any, path: str = "") -> str:
    """JSON path of the first NaN/infinity in ``value`` ("at training.optimizer...")."""
    if isinstance(value, dict):
        items: Any = ((f"{path}.{k}" if path else str(k), v) for k, v in value.items())
    elif isinstance(value, list | tuple):
        items = ((f"{path}[{i}]", v) for i, v in enumerate(value))
    elif isinstance(value, float | np.floating) and not math.isfinite(value):
        return f"at {path}" if path else "at the top level"
    else:
        return ""
    for sub_path, sub in items:
        found = _non_finite_path(sub, sub_path)
        if found:
            return found
    return ""


def save_design(design: Design, path: PathLike) -> None:
    """Write ``design`` to ``path`` atomically; the old file survives any failure."""
    path = Path(path)
    data = dumps_design(design, source=str(path)).encode("utf-8")
    atomic_write(path, lambda file: file.write(data))


def atomic_write(path: Path, write: Callable[[BinaryIO], Any]) -> None:
    """Call ``write(file)`` on a temp file beside ``path``, fsync, replace ``path``.

    On any failure the temp file is removed, ``path`` is left as it was, and an
    ``OSError`` becomes a ``DesignFileError`` naming the file.
    """
    mode = _target_mode(path)
    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as exc:
        raise DesignFileError(f"{path}: could not be saved ({_reason(exc)})") from None
    try:
        with os.fdopen(handle, "wb") as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException as exc:
        _remove_quietly(temp_name)
        if isinstance(exc, OSError):
            raise DesignFileError(
                f"{path}: could not be saved ({_reason(exc)}); the previous file is "
                "unchanged"
            ) from None
        raise
    _fsync_folder(path.parent)


def _target_mode(path: Path) -> int:
    """Keep an existing file's permissions; new files get 0o666 minus the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _remove_quietly(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX); not possible on every platform."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc) or type(exc).__name__).lower()


def weights_path(design_path: PathLike) -> Path:
    """``lenet.json`` -> ``lenet.weights.npz`` in the same folder."""
    path = Path(design_path)
    stem = path.stem if path.suffix.lower() == ".json" else path.name
    return path.with_name(f"{stem}.weights.npz")


def save_weights(path: PathLike, weights: dict[str, np.ndarray]) -> None:
    """Write ``{"<node id>/<weight>": array}`` to an .npz file atomically."""
    path = Path(path)
    arrays = {}
    for key, value in weights.items():
        array = np.asarray(value)
        if array.dtype.kind not in "fiu":
            raise DesignFileError(
                f"{path}: cannot be saved: expected numeric weights for '{key}', "
                f"found dtype {array.dtype}"
            )
        arrays[key] = array
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    atomic_write(path, lambda file: file.write(buffer.getvalue()))


def load_weights(path: PathLike) -> dict[str, np.ndarray]:
    """Read a weights file written by ``save_weights`` (never unpickles)."""
    path = Path(path)
    if not path.is_file():
        raise DesignFileError(
            f"{path}: no weights file; train the design first to create it"
        )
    try:
        weights = _read_npz(path)
    except (ValueError, OSError, EOFError, zipfile.BadZipFile, KeyError) as exc:
        if "Object arrays" in str(exc):
            raise DesignFileError(
                f"{path}: expected numeric arrays, found Python objects"
            ) from None
        raise DesignFileError(_not_npz(path)) from None
    for key, array in weights.items():
        _check_weight(path, key, array)
    return weights


def _read_npz(path: Path) -> dict[str, np.ndarray]:
    archive = np.load(path, allow_pickle=False)
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise ValueError("not an npz archive")
    with archive:
        weights = {key: archive[key] for key in archive.files}
    if not all(isinstance(value, np.ndarray) for value in weights.values()):
        raise ValueError("an entry is not a .npy array")
    return weights


def _not_npz(path: Path) -> str:
    return f"{path}: expected a NumPy .npz weights file, found something else"


def _check_weight(path: Path, key: str, array: np.ndarray) -> None:
    if array.dtype.kind not in "fiu":
        raise DesignFileError(
            f"{path}: expected numeric arrays, found '{key}' of dtype {array.dtype}"
        )
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        raise DesignFileError(
            f"{path}: expected finite weights, found NaN or infinity in '{key}'"
        )
