"""Readers for data files a student brings: IDX (.gz or raw), NPZ and CSV.

Each reader returns plain arrays or raises ``DataError`` with one sentence naming the
file and the place (byte, line, column, array). Nothing is half-loaded: an array is
returned only when the whole file was read and checked.

IDX images are read from the (decompressed) stream straight into one preallocated
uint8 array, so the full Fashion-MNIST (70,000 images, 55 MB) needs little more than
its own size in memory.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import numpy as np

from netdesigner.data.dataset import DataError

# IDX type code -> big-endian dtype (http://yann.lecun.com/exdb/mnist/ "IDX format").
IDX_TYPES = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1 << 20


def _open(path: Path):
    """Open raw or gzip-compressed ``path`` for binary reading (judged by content)."""
    try:
        with open(path, "rb") as probe:
            head = probe.read(2)
    except OSError as exc:
        raise DataError(f"cannot open '{path}': {exc.strerror or exc}") from None
    return gzip.open(path, "rb") if head == GZIP_MAGIC else open(path, "rb")


def _read_exact(stream, n: int, path: Path, what: str) -> bytes:
    data = stream.read(n)
    if len(data) != n:
        raise DataError(f"'{path}' ends inside the {what} (byte {len(data)} of {n})")
    return data


def _idx_header(stream, path: Path) -> tuple[np.dtype, tuple[int, ...]]:
    magic = _read_exact(stream, 4, path, "IDX header")
    if magic[:2] != b"\x00\x00" or magic[2] not in IDX_TYPES or not 1 <= magic[3] <= 4:
        raise DataError(
            f"'{path}' has the bad magic number 0x{magic.hex()}; an IDX file starts "
            "with 0x0000, a type code (0x08 for bytes) and the number of dimensions"
        )
    dims = _read_exact(stream, 4 * magic[3], path, "IDX dimensions")
    return IDX_TYPES[magic[2]], tuple(int(d) for d in np.frombuffer(dims, ">u4"))


def _fill(stream, out: np.ndarray, path: Path) -> None:
    """Read exactly ``out.nbytes`` bytes from ``stream`` into ``out`` in place."""
    view = memoryview(out.reshape(-1).view(np.uint8))
    done = 0
    while done < len(view):
        n = stream.readinto(view[done : done + CHUNK])
        if not n:
            raise DataError(
                f"'{path}' ends after {done:,} of the {len(view):,} data bytes its "
                f"header announces (shape {out.shape})"
            )
        done += n
    if stream.read(1):
        raise DataError(f"'{path}' has extra bytes after the {len(view):,} data bytes")


def read_idx(path: str | Path) -> np.ndarray:
    """Read one IDX file (raw or gzip) into a native-order array of its shape.

    Returns e.g. ``(N, 28, 28)`` uint8 for images or ``(N,)`` uint8 for labels.
    """
    path = Path(path)
    try:
        with _open(path) as stream:
            dtype, shape = _idx_header(stream, path)
            out = np.empty(shape, dtype=dtype)
            _fill(stream, out, path)
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(f"'{path}' is not a readable IDX or gzip file: {exc}") from None
    return out if dtype.itemsize == 1 else out.astype(dtype.newbyteorder("="))


def load_idx(
    images_path: str | Path, labels_path: str | Path
) -> tuple[np.ndarray, np.ndarray]:
    """Read an IDX image file and its label file.

    Returns images ``(N, H, W)`` (uint8 for byte files) and labels ``(N,)`` int64.
    """
    images = read_idx(images_path)
    if images.ndim != 3:
        raise DataError(
            f"'{images_path}' holds an array of rank {images.ndim} {images.shape}; "
            "images need rank 3 (count, height, width)"
        )
    labels = read_idx(labels_path)
    if labels.ndim != 1:
        raise DataError(
            f"'{labels_path}' holds an array of rank {labels.ndim} {labels.shape}; "
            "labels need rank 1 (count)"
        )
    if labels.shape[0] != images.shape[0]:
        raise DataError(
            f"'{images_path}' has {images.shape[0]:,} images but '{labels_path}' has "
            f"{labels.shape[0]:,} labels; the counts must match"
        )
    return images, labels.astype(np.int64)


def load_npz(path: str | Path) -> dict[str, np.ndarray]:
    """Read arrays ``x`` and ``y`` (and optional ``x_test``, ``y_test``,
    ``class_names``) from an .npz file, never unpickling.

    x : ``(N, F)`` features or ``(N, H, W)`` / ``(N, H, W, C)`` images; y : ``(N,)``.
    """
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in npz.files}
    except (OSError, ValueError, EOFError, zlib.error) as exc:
        raise DataError(f"'{path}' is not a readable .npz file: {exc}") from None
    pairs = [("x", "y")] + ([("x_test", "y_test")] if "x_test" in arrays else [])
    for x_key, y_key in pairs:
        _check_xy(path, arrays, x_key, y_key)
    if "x_test" in arrays and arrays["x_test"].shape[1:] != arrays["x"].shape[1:]:
        raise DataError(
            f"'{path}': x_test has examples of shape {arrays['x_test'].shape[1:]} "
            f"but x has {arrays['x'].shape[1:]}"
        )
    return arrays


def _check_xy(path: Path, arrays: dict, x_key: str, y_key: str) -> None:
    for key in (x_key, y_key):
        if key not in arrays:
            raise DataError(
                f"'{path}' has no array '{key}'; found {sorted(arrays) or 'none'}"
            )
    x, y = arrays[x_key], arrays[y_key]
    if x.ndim not in (2, 3, 4):
        raise DataError(
            f"'{path}': array '{x_key}' has rank {x.ndim} {x.shape}; expected rank 2 "
            "(samples, features) or 3-4 (samples, height, width[, channels])"
        )
    if y.ndim != 1:
        raise DataError(
            f"'{path}': array '{y_key}' has rank {y.ndim} {y.shape}; expected rank 1"
        )
    if x.shape[0] != y.shape[0] or x.shape[0] == 0:
        raise DataError(
            f"'{path}': '{x_key}' has {x.shape[0]} rows but '{y_key}' has "
            f"{y.shape[0]}; they must match and not be empty"
        )
    for key in (x_key, y_key):
        kind = arrays[key].dtype.kind
        if kind not in "iuf":
            raise DataError(
                f"'{path}': array '{key}' must hold numbers; found dtype "
                f"{arrays[key].dtype}"
            )
        if kind == "f" and not np.isfinite(arrays[key]).all():
            raise DataError(f"'{path}': array '{key}' holds NaN or infinity")
