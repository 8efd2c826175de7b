"""Read and write design files (JSON, format version 2) and their weights files.

Loading goes: bytes -> UTF-8 text -> JSON (no NaN or Infinity) -> envelope check
(``format``, ``version``) -> migration of older versions -> JSON Schema -> graph
references (unique ids, edges naming existing nodes) -> the lesson (goals naming its
runs; each run's merged training and dataset against the schema) -> ``Design``.
Every problem is a ``DesignFileError`` whose message is one sentence naming the file.

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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from netdesigner.design.errors import DesignFileError
from netdesigner.design.lesson import Lesson, deep_merge
from netdesigner.design.migrations import migrate
from netdesigner.design.model import FORMAT_NAME, Design
from netdesigner.design.schema import check_document, show
from netdesigner.i18n import N_, _

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
                _(
                    "{file}: expected a design file of at most 20 MB, found {size} "
                    "bytes"
                ).format(file=path, size=size)
            )
        data = path.read_bytes()
    except IsADirectoryError:
        raise DesignFileError(
            _("{file}: expected a design file, found a folder").format(file=path)
        ) from None
    except FileNotFoundError:
        raise DesignFileError(_("{file}: no such file").format(file=path)) from None
    except OSError as exc:
        raise DesignFileError(
            _("{file}: could not be read ({reason})").format(
                file=path, reason=_reason(exc)
            )
        ) from None
    return loads_design(data, source=str(path))


def loads_design(text: str | bytes, source: str = "<string>") -> Design:
    """Parse, upgrade and validate a design document given as text or UTF-8 bytes."""
    try:
        document = parse_document(text, source)
        check_document(document, source)
        _check_references(document, source)
        check_lesson(document, source)
        return Design.from_dict(document)
    except RecursionError:
        raise DesignFileError(_too_deep(source)) from None


def _too_deep(source: str) -> str:
    return _("{file}: expected a design, found JSON nested too deeply to read").format(
        file=source
    )


def parse_document(text: str | bytes, source: str = "<string>") -> dict[str, Any]:
    """JSON text -> a current-version document dict (not yet schema-checked)."""
    if isinstance(text, bytes):
        text = _decode(text, source)
    if len(text) > MAX_DESIGN_BYTES:
        raise DesignFileError(
            _("{file}: expected at most 20 MB of text, found more").format(file=source)
        )
    data = _parse_json(text, source)
    if not isinstance(data, dict):
        raise DesignFileError(
            _("{file}: expected a JSON object at the top level, found {kind}").format(
                file=source, kind=_kind(data)
            )
        )
    if data.get("format") != FORMAT_NAME:
        raise DesignFileError(
            _(
                '{file}: expected a NetDesigner design (format "{format}"), found '
                "format {found}"
            ).format(file=source, format=FORMAT_NAME, found=show(data.get("format")))
        )
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise DesignFileError(
            _("{file}: expected an integer format version, found {found}").format(
                file=source, found=show(version)
            )
        )
    return migrate(data, source)


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DesignFileError(
            _(
                "{file}: expected UTF-8 text, found the byte {byte} at position "
                "{position}"
            ).format(file=source, byte=f"0x{data[exc.start]:02x}", position=exc.start)
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
            _(
                "{file}: expected plain JSON numbers, found the non-standard number "
                "{number}"
            ).format(file=source, number=exc)
        ) from None
    except json.JSONDecodeError as exc:
        raise DesignFileError(
            _(
                "{file}: expected JSON, found an error at line {line}, column "
                "{column} ({error})"
            ).format(file=source, line=exc.lineno, column=exc.colno, error=exc.msg)
        ) from None
    except RecursionError:
        raise DesignFileError(_too_deep(source)) from None
    except ValueError:  # Python refuses integers of more than 4300 digits
        raise DesignFileError(
            _(
                "{file}: expected numbers of at most 4300 digits, found a longer one"
            ).format(file=source)
        ) from None


def _kind(value: Any) -> str:
    names = {list: N_("a list"), str: N_("a string"), bool: N_("true or false")}
    if value is None:
        return _("null")
    word = names.get(type(value), N_("a number"))
    return _(word)


def _check_references(document: dict[str, Any], source: str) -> None:
    """Unique node ids, and edges that name existing nodes (after the schema)."""
    seen: set[str] = set()
    for index, node in enumerate(document["nodes"]):
        if node["id"] in seen:
            raise DesignFileError(
                _(
                    '{file}: at nodes[{index}].id: expected a unique id, found "{id}" '
                    "a second time"
                ).format(file=source, index=index, id=node["id"])
            )
        seen.add(node["id"])
    for index, edge in enumerate(document["edges"]):
        for end in ("from", "to"):
            if edge[end] not in seen:
                raise DesignFileError(
                    _(
                        "{file}: at edges[{index}].{end}: expected the id of a node, "
                        'found "{id}", which no node has'
                    ).format(file=source, index=index, end=end, id=edge[end])
                )


def check_lesson(document: dict[str, Any], source: str) -> None:
    """The document's lesson, if any, beyond the schema: ``DesignFileError`` naming
    ``source`` when a goal names no run, or a run's merged settings are invalid."""
    if "lesson" not in document:
        return
    try:
        lesson = Lesson.from_dict(document["lesson"])
    except DesignFileError as exc:
        raise DesignFileError(f"{source}: {exc}") from None
    for variant in lesson.runs:
        if variant.design is None:
            merged = dict(document)
            merged["training"] = deep_merge(
                document.get("training", {}), variant.training
            )
            merged["dataset"] = deep_merge(document.get("dataset", {}), variant.dataset)
            check_document(merged, f"{source}: in lesson run '{variant.id}'")


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
            _("{prefix}: expected a design, found values nested too deeply").format(
                prefix=prefix
            )
        ) from None
    except (TypeError, ValueError) as exc:
        raise DesignFileError(f"{prefix}: {_unsavable(design, exc)}") from None
    document = json.loads(text)
    check_document(document, prefix)
    check_lesson(document, prefix)
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
    raise TypeError(_("a value of type {name}").format(name=type(value).__name__))


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
        raise DesignFileError(
            _("{path}: could not be saved ({reason})").format(
                path=path, reason=_reason(exc)
            )
        ) from None
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
                _(
                    "{path}: could not be saved ({reason}); the previous file is "
                    "unchanged"
                ).format(path=path, reason=_reason(exc))
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
                _(
                    "{path}: cannot be saved: expected numeric weights for '{key}', "
                    "found "
                    "dtype {dtype}"
                ).format(path=path, key=key, dtype=array.dtype)
            )
        arrays[key] = array
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    atomic_write(path, lambda file: file.write(buffer.getvalue()))


def load_weights(
    path: PathLike, expected: Mapping[str, tuple[int, ...]] | None = None
) -> dict[str, np.ndarray]:
    """Read a weights file written by ``save_weights`` (never unpickles).

    Every member's .npy header is read and checked before any data is: its dtype
    must be numeric, the bytes it declares must be what the zip directory says the
    member holds (and what deflate could expand to), and all of it must fit in
    ``memory.memory_limit()``; with ``expected`` (``{"<node id>/<weight>": shape}``,
    e.g. ``shapes.weight_shapes(design)``) the keys and shapes must be those. So a
    header that lies or a zip bomb costs a sentence, not the memory it claims.
    """
    path = Path(path)
    if not path.is_file():
        raise DesignFileError(
            _("{path}: no weights file; train the design first to create it").format(
                path=path
            )
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = _read_headers(path, archive)
            _check_members(path, members, expected)
            weights = {m.key: _read_member(archive, m) for m in members}
    except DesignFileError:
        raise
    except (ValueError, OSError, EOFError, zipfile.BadZipFile, KeyError):
        raise DesignFileError(_not_npz(path)) from None
    for key, array in weights.items():
        _check_weight(path, key, array)
    return weights


@dataclass(frozen=True)
class _Member:
    """One array of an .npz file as its header and the zip directory describe it."""

    key: str
    info: zipfile.ZipInfo
    shape: tuple[int, ...]
    dtype: np.dtype
    data_bytes: int  # what the header declares: prod(shape) · itemsize


def _read_headers(path: Path, archive: zipfile.ZipFile) -> list[_Member]:
    """Each member's .npy header; only the first kilobytes are decompressed."""
    members = []
    for info in archive.infolist():
        if not info.filename.endswith(".npy"):
            raise ValueError(_("not an .npy member"))
        with archive.open(info) as stream:
            version = np.lib.format.read_magic(stream)
            if version == (1, 0):
                header = np.lib.format.read_array_header_1_0(stream)
            elif version == (2, 0):
                header = np.lib.format.read_array_header_2_0(stream)
            else:
                raise ValueError(
                    _("unsupported .npy version {version}").format(version=version)
                )
            offset = stream.tell()
        shape, _fortran, dtype = header
        key = info.filename[: -len(".npy")]
        _check_dtype(path, key, dtype)
        declared = math.prod(shape) * dtype.itemsize
        if declared != info.file_size - offset:
            raise DesignFileError(
                _(
                    "{path}: '{key}' declares {shape_text} {dtype} ({declared:,} "
                    "bytes), "
                    "but the file holds {max:,} bytes for it; the file is damaged, so "
                    "train the design again"
                ).format(
                    path=path,
                    key=key,
                    shape_text=_shape_text(shape),
                    dtype=dtype,
                    declared=declared,
                    max=max(info.file_size - offset, 0),
                )
            )
        members.append(_Member(key, info, tuple(shape), dtype, declared))
    return members


#: deflate expands at most about 1032-fold; a zip directory claiming more lies
_MAX_DEFLATE_RATIO = 1100


def _check_members(
    path: Path, members: list[_Member], expected: Mapping[str, tuple] | None
) -> None:
    from netdesigner.design.memory import format_bytes, memory_limit

    for member in members:
        info = member.info
        stored = info.compress_type == zipfile.ZIP_STORED
        if (stored and info.compress_size != info.file_size) or (
            info.compress_type == zipfile.ZIP_DEFLATED
            and info.file_size > _MAX_DEFLATE_RATIO * info.compress_size + 1024
        ):
            raise DesignFileError(
                _(
                    "{path}: '{key}' claims {file_size:,} bytes from {compress_size:,} "
                    "compressed, which no real file does; the file is damaged, so "
                    "train "
                    "the design again"
                ).format(
                    path=path,
                    key=member.key,
                    file_size=info.file_size,
                    compress_size=info.compress_size,
                )
            )
    total, limit = sum(m.data_bytes for m in members), memory_limit()
    if total > limit:
        raise DesignFileError(
            _(
                "{path}: declares {format_bytes} of weights, more than the memory "
                "limit of {format_bytes2}"
            ).format(
                path=path,
                format_bytes=format_bytes(total),
                format_bytes2=format_bytes(limit),
            )
        )
    if expected is not None:
        check_weight_shapes(path, {m.key: m.shape for m in members}, expected)


def check_weight_shapes(
    source: PathLike, found: Mapping[str, tuple], expected: Mapping[str, tuple]
) -> None:
    """Keys and shapes of weights against the design's: ``DesignFileError`` with one
    sentence for the first mismatch; ``source`` names the weights in it."""
    again = "the design changed since training, so train it again"
    for key, shape in expected.items():
        if key not in found:
            raise DesignFileError(
                _(
                    "{source}: holds no '{key}' (shape {shape_text}) that the design "
                    "needs; {again}"
                ).format(
                    source=source, key=key, shape_text=_shape_text(shape), again=again
                )
            )
        if tuple(found[key]) != tuple(shape):
            raise DesignFileError(
                _(
                    "{source}: '{key}' has shape {shape_text} but the design needs "
                    "{shape_text2}; {again}"
                ).format(
                    source=source,
                    key=key,
                    shape_text=_shape_text(found[key]),
                    shape_text2=_shape_text(shape),
                    again=again,
                )
            )
    extra = sorted(set(found) - set(expected))
    if extra:
        raise DesignFileError(
            _(
                "{source}: holds '{extra}', which no layer of the design has; {again}"
            ).format(source=source, extra=extra[0], again=again)
        )


def _read_member(archive: zipfile.ZipFile, member: _Member) -> np.ndarray:
    with archive.open(member.info) as stream:
        return np.lib.format.read_array(stream, allow_pickle=False)


def _shape_text(shape) -> str:
    """(3, 4) -> "(3, 4)", (4,) -> "(4,)"."""
    return str(tuple(int(d) for d in shape))


def _not_npz(path: Path) -> str:
    return f"{path}: expected a NumPy .npz weights file, found something else"


def _check_dtype(path: Path, key: str, dtype: np.dtype) -> None:
    if dtype.hasobject:
        raise DesignFileError(
            _(
                "{path}: expected numeric arrays, found Python objects in '{key}'"
            ).format(path=path, key=key)
        )
    if dtype.kind not in "fiu":
        raise DesignFileError(
            _("{path}: expected numeric arrays, found '{key}' of dtype {dtype}").format(
                path=path, key=key, dtype=dtype
            )
        )


def _check_weight(path: Path, key: str, array: np.ndarray) -> None:
    _check_dtype(path, key, array.dtype)
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        raise DesignFileError(
            _(
                "{path}: expected finite weights, found NaN or infinity in '{key}'"
            ).format(path=path, key=key)
        )
