"""Reader for IDX files (.gz or raw), as MNIST and Fashion-MNIST ship.

Each reader returns plain arrays or raises ``DataError`` with one sentence naming the
file and the place (byte, line, column, array). Nothing is half-loaded: an array is
returned only when the whole file was read and checked.

IDX images are read from the (decompressed) stream straight into one preallocated
uint8 array, so the full Fashion-MNIST (70,000 images, 55 MB) needs little more than
its own size in memory.
"""

from __future__ import annotations

import math
import zlib
from pathlib import Path
from typing import BinaryIO

import numpy as np

from netdesigner.data import streams
from netdesigner.data.dataset import DataError

# IDX type code -> big-endian dtype (http://yann.lecun.com/exdb/mnist/ "IDX format").
IDX_TYPES: dict[int, np.dtype] = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
CHUNK = 1 << 20


def _read_exact(stream: BinaryIO, n: int, path: Path, what: str) -> bytes:
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
    dtype = IDX_TYPES[magic[2]]
    shape = tuple(int(d) for d in np.frombuffer(dims, ">u4"))
    _check_idx_size(stream, path, dtype, shape)
    return dtype, shape


def _check_idx_size(
    stream: streams.DataStream, path: Path, dtype: np.dtype, shape: tuple[int, ...]
) -> None:
    """Refuse a header that declares more data than the file can hold, before any
    array is made (NumPy would fail with its own words, or exhaust memory)."""
    declared = math.prod(shape) * dtype.itemsize
    header = 4 + 4 * len(shape)
    available = stream.limit - (0 if stream.compressed else header)
    if declared <= available:
        return
    dims = " x ".join(f"{d:,}" for d in shape)
    if not stream.compressed:
        raise DataError(
            f"'{path}' ends after {available:,} of the {declared:,} data bytes its "
            f"header announces (shape {dims})"
        )
    raise DataError(
        f"'{path}' declares an IDX array of {dims} values "
        f"({streams.size_text(declared)}), but a .gz data file may expand to at "
        f"most {streams.size_text(available)}"
    )


def idx_shape(path: str | Path) -> tuple[np.dtype, tuple[int, ...]]:
    """The dtype and shape an IDX file declares, from its header alone."""
    path = Path(path)
    try:
        with streams.open_data(path) as stream:
            return _idx_header(stream, path)
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(f"'{path}' is not a readable IDX or gzip file: {exc}") from None


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
        with streams.open_data(path) as stream:
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
    labels = read_idx(labels_path)
    check_idx_pair(images_path, images.shape, labels_path, labels.shape)
    return images, labels.astype(np.int64)


def check_idx_pair(
    images_path: str | Path,
    images: tuple[int, ...],
    labels_path: str | Path,
    labels: tuple[int, ...],
) -> None:
    """Refuse image and label files whose shapes do not make a data set."""
    if len(images) != 3:
        raise DataError(
            f"'{images_path}' holds an array of rank {len(images)} {images}; "
            "images need rank 3 (count, height, width)"
        )
    if len(labels) != 1:
        raise DataError(
            f"'{labels_path}' holds an array of rank {len(labels)} {labels}; "
            "labels need rank 1 (count)"
        )
    if labels[0] != images[0]:
        raise DataError(
            f"'{images_path}' has {images[0]:,} images but '{labels_path}' has "
            f"{labels[0]:,} labels; the counts must match"
        )
