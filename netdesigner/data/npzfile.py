"""Reader for .npz files: arrays ``x`` and ``y`` (optional ``x_test``, ``y_test``,
``class_names``), never unpickling.

The shapes and dtypes come from the .npy headers inside the zip archive
(``npz_headers``) before any array is made, so a file whose arrays would not fit in
memory, or that holds Python objects, is refused with one sentence.
"""

from __future__ import annotations

import math
import zipfile
import zlib
from pathlib import Path
from typing import IO

import numpy as np

from netdesigner.data import streams
from netdesigner.data.dataset import DataError
from netdesigner.i18n import _

Header = tuple[tuple[int, ...], np.dtype]
"""(shape, dtype) of one array as its .npy header declares it."""

LABEL_KEYS = ("y", "y_test", "class_names")
"""The small arrays metadata needs in full (x and x_test: only their headers)."""

_READ_ERRORS = (OSError, ValueError, EOFError, zlib.error, zipfile.BadZipFile)


def _npy_header(member: IO[bytes]) -> Header:
    version = np.lib.format.read_magic(member)
    if version == (1, 0):
        shape, _order, dtype = np.lib.format.read_array_header_1_0(member)
    else:  # 2.0 and 3.0 differ only in the header's text encoding
        shape, _order, dtype = np.lib.format.read_array_header_2_0(member)
    return tuple(int(d) for d in shape), dtype


def npz_headers(path: str | Path) -> dict[str, Header]:
    """Shape and dtype of every array in the .npz file, read from headers only.

    Refuses arrays of Python objects and arrays that together declare more than
    the file could hold (its size, or ``streams.MAX_DECOMPRESSED_BYTES``).
    """
    path = Path(path)
    try:
        with streams.open_regular(path) as raw, zipfile.ZipFile(raw) as archive:
            headers = {}
            for entry in archive.infolist():
                if entry.filename.endswith(".npy"):
                    with archive.open(entry) as member:
                        headers[entry.filename[:-4]] = _npy_header(member)
    except _READ_ERRORS as exc:
        raise DataError(
            _("'{path}' is not a readable .npz file: {exc}").format(path=path, exc=exc)
        ) from None
    _check_headers(path, headers)
    return headers


def _check_headers(path: Path, headers: dict[str, Header]) -> None:
    for key, (_shape, dtype) in headers.items():
        if dtype.hasobject:
            raise DataError(
                _(
                    "'{path}' is not a readable .npz file: array '{key}' holds Python "
                    "objects, which NetDesigner never unpickles"
                ).format(path=path, key=key)
            )
    sizes = {
        key: math.prod(shape) * dtype.itemsize
        for key, (shape, dtype) in headers.items()
    }
    limit = max(streams.regular_file_size(path), streams.MAX_DECOMPRESSED_BYTES)
    if sum(sizes.values()) > limit:
        key = max(sizes, key=sizes.__getitem__)
        shape = " x ".join(f"{d:,}" for d in headers[key][0])
        raise DataError(
            _(
                "'{path}' declares arrays of {size_text} ('{key}' alone is {shape} "
                "values of {headers}), more than the {size_text2} NetDesigner reads "
                "from an .npz file"
            ).format(
                path=path,
                size_text=streams.size_text(sum(sizes.values())),
                key=key,
                shape=shape,
                headers=headers[key][1],
                size_text2=streams.size_text(limit),
            )
        )


def load_npz_arrays(path: str | Path, keys: tuple[str, ...] | None = None) -> dict:
    """The arrays named ``keys`` (all when None) that the file holds, in full."""
    path = Path(path)
    try:
        with streams.open_regular(path) as raw, np.load(raw, allow_pickle=False) as npz:
            wanted = [k for k in npz.files if keys is None or k in keys]
            return {key: npz[key] for key in wanted}
    except _READ_ERRORS as exc:
        raise DataError(
            _("'{path}' is not a readable .npz file: {exc}").format(path=path, exc=exc)
        ) from None


def load_npz(path: str | Path) -> dict[str, np.ndarray]:
    """Read arrays ``x`` and ``y`` (and optional ``x_test``, ``y_test``,
    ``class_names``) from an .npz file, never unpickling.

    x : ``(N, F)`` features or ``(N, H, W)`` / ``(N, H, W, C)`` images; y : ``(N,)``.
    """
    path = Path(path)
    check_npz(path, npz_headers(path))
    arrays = load_npz_arrays(path)
    for key in ("x", "y", "x_test", "y_test"):
        value = arrays.get(key)
        if (
            value is not None
            and value.dtype.kind == "f"
            and not np.isfinite(value).all()
        ):
            raise DataError(
                _("'{path}': array '{key}' holds NaN or infinity").format(
                    path=path, key=key
                )
            )
    return arrays


def check_npz(path: Path, headers: dict[str, Header]) -> None:
    """Refuse missing arrays, wrong ranks, counts and dtypes, from the headers."""
    pairs = [("x", "y")] + ([("x_test", "y_test")] if "x_test" in headers else [])
    for x_key, y_key in pairs:
        _check_xy(path, headers, x_key, y_key)
    if "x_test" in headers and headers["x_test"][0][1:] != headers["x"][0][1:]:
        raise DataError(
            _(
                "'{path}': x_test has examples of shape {headers} but x has {headers2}"
            ).format(
                path=path,
                headers=headers["x_test"][0][1:],
                headers2=headers["x"][0][1:],
            )
        )


def _check_xy(path: Path, headers: dict[str, Header], x_key: str, y_key: str) -> None:
    for key in (x_key, y_key):
        if key not in headers:
            raise DataError(
                _("'{path}' has no array '{key}'; found {value}").format(
                    path=path, key=key, value=sorted(headers) or "none"
                )
            )
    x, y = headers[x_key][0], headers[y_key][0]
    if len(x) not in (2, 3, 4):
        raise DataError(
            _(
                "'{path}': array '{x_key}' has rank {n_x} {x}; expected rank 2 "
                "(samples, features) or 3-4 (samples, height, width[, channels])"
            ).format(path=path, x_key=x_key, n_x=len(x), x=x)
        )
    if len(y) != 1:
        raise DataError(
            _("'{path}': array '{y_key}' has rank {n_y} {y}; expected rank 1").format(
                path=path, y_key=y_key, n_y=len(y), y=y
            )
        )
    if x[0] != y[0] or x[0] == 0:
        raise DataError(
            _(
                "'{path}': '{x_key}' has {x} rows but '{y_key}' has {y}; they must "
                "match and not be empty"
            ).format(path=path, x_key=x_key, x=x[0], y_key=y_key, y=y[0])
        )
    for key in (x_key, y_key):
        dtype = headers[key][1]
        if dtype.kind not in "iuf":
            raise DataError(
                _(
                    "'{path}': array '{key}' must hold numbers; found dtype {dtype}"
                ).format(path=path, key=key, dtype=dtype)
            )
