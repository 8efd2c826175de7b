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
from netdesigner.i18n import _

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
        raise DataError(
            _("'{path}' ends inside the {what} (byte {n_data} of {n})").format(
                path=path, what=what, n_data=len(data), n=n
            )
        )
    return data


def _idx_header(stream, path: Path) -> tuple[np.dtype, tuple[int, ...]]:
    magic = _read_exact(stream, 4, path, _("IDX header"))
    if magic[:2] != b"\x00\x00" or magic[2] not in IDX_TYPES or not 1 <= magic[3] <= 4:
        raise DataError(
            _(
                "'{path}' has the bad magic number 0x{hex}; an IDX file starts with "
                "0x0000, a type code (0x08 for bytes) and the number of dimensions"
            ).format(path=path, hex=magic.hex())
        )
    dims = _read_exact(stream, 4 * magic[3], path, _("IDX dimensions"))
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
            _(
                "'{path}' ends after {available:,} of the {declared:,} data bytes its "
                "header announces (shape {dims})"
            ).format(path=path, available=available, declared=declared, dims=dims)
        )
    raise DataError(
        _(
            "'{path}' declares an IDX array of {dims} values ({size_text}), but a "
            ".gz data file may expand to at most {size_text2}"
        ).format(
            path=path,
            dims=dims,
            size_text=streams.size_text(declared),
            size_text2=streams.size_text(available),
        )
    )


def idx_shape(path: str | Path) -> tuple[np.dtype, tuple[int, ...]]:
    """The dtype and shape an IDX file declares, from its header alone."""
    path = Path(path)
    try:
        with streams.open_data(path) as stream:
            return _idx_header(stream, path)
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(
            _("'{path}' is not a readable IDX or gzip file: {exc}").format(
                path=path, exc=exc
            )
        ) from None


def _fill(stream, out: np.ndarray, path: Path) -> None:
    """Read exactly ``out.nbytes`` bytes from ``stream`` into ``out`` in place."""
    view = memoryview(out.reshape(-1).view(np.uint8))
    done = 0
    while done < len(view):
        n = stream.readinto(view[done : done + CHUNK])
        if not n:
            raise DataError(
                _(
                    "'{path}' ends after {done:,} of the {n_view:,} data bytes its "
                    "header "
                    "announces (shape {shape})"
                ).format(path=path, done=done, n_view=len(view), shape=out.shape)
            )
        done += n
    if stream.read(1):
        raise DataError(
            _("'{path}' has extra bytes after the {n_view:,} data bytes").format(
                path=path, n_view=len(view)
            )
        )


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
        raise DataError(
            _("'{path}' is not a readable IDX or gzip file: {exc}").format(
                path=path, exc=exc
            )
        ) from None
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
            _(
                "'{images_path}' holds an array of rank {n_images} {images}; images "
                "need rank 3 (count, height, width)"
            ).format(images_path=images_path, n_images=len(images), images=images)
        )
    if len(labels) != 1:
        raise DataError(
            _(
                "'{labels_path}' holds an array of rank {n_labels} {labels}; labels "
                "need rank 1 (count)"
            ).format(labels_path=labels_path, n_labels=len(labels), labels=labels)
        )
    if labels[0] != images[0]:
        raise DataError(
            _(
                "'{images_path}' has {images:,} images but '{labels_path}' has "
                "{labels:,} labels; the counts must match"
            ).format(
                images_path=images_path,
                images=images[0],
                labels_path=labels_path,
                labels=labels[0],
            )
        )
