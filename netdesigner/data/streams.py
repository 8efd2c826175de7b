"""How a data file is opened: regular files only, gzip capped, progress reported.

Every reader in ``netdesigner.data`` opens its file through ``open_data`` (or
``open_regular`` when it needs the raw bytes), so that

* a named pipe, a device such as ``/dev/zero``, a socket or a folder is refused with
  one sentence before anything is read (opening a FIFO would wait for a writer
  forever, reading ``/dev/zero`` never ends);
* a gzip file may expand to at most ``MAX_DECOMPRESSED_BYTES``: a small archive made
  to expand to gigabytes gets one sentence instead of exhausting memory;
* a long read reports how far it got to the callback of ``reporting_progress``,
  which may raise (e.g. ``LoadCancelled``) to stop it.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import stat
import struct
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any, BinaryIO

from netdesigner.data.dataset import DataError
from netdesigner.i18n import _

MAX_DECOMPRESSED_BYTES = 1 << 30
"""Most bytes a gzip data file may expand to (1 GiB), like a setting; tests lower it."""

GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1 << 20

Progress = Callable[[int, int], None]
"""``callback(bytes_read, file_size)``; it may raise to stop the read."""

_progress: ContextVar[Progress | None] = ContextVar("data_progress", default=None)


class LoadCancelled(Exception):
    """The reader's progress callback asked to stop (not an error of the file)."""


@contextlib.contextmanager
def reporting_progress(callback: Progress) -> Iterator[None]:
    """Within the block (in this thread), file reads call ``callback``."""
    token = _progress.set(callback)
    try:
        yield
    finally:
        _progress.reset(token)


def size_text(n: int) -> str:
    """``n`` bytes for a person: ``1 GiB``, ``3.2 MiB``, ``512 bytes``."""
    for unit, scale in (("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{n:,} bytes"


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, _("a folder")),
        (stat.S_ISFIFO, _("a named pipe (FIFO)")),
        (stat.S_ISCHR, _("a character device")),
        (stat.S_ISBLK, _("a block device")),
        (stat.S_ISSOCK, _("a socket")),
    )
    return next((what for test, what in kinds if test(mode)), _("a special file"))


def _refuse_special(path: Path, mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise DataError(
            _(
                "'{path}' is {kind}, not a regular file; choose a data file (.csv, "
                ".npz or IDX)"
            ).format(path=path, kind=_kind(mode))
        )


def regular_file_size(path: str | Path) -> int:
    """Size in bytes of the regular file ``path``; ``DataError`` for anything else."""
    path = Path(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise DataError(
            _("cannot open '{path}': {value}").format(
                path=path, value=exc.strerror or exc
            )
        ) from None
    _refuse_special(path, info.st_mode)
    return info.st_size


def open_regular(path: str | Path, *, report: bool = True) -> io.BufferedReader:
    """Open the regular file ``path`` for binary reading, reporting progress.

    The type is checked before opening (a FIFO's open() would block) and again on
    the open descriptor (the name may have changed in between); O_NONBLOCK keeps
    even that second open from waiting.
    """
    path = Path(path)
    regular_file_size(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise DataError(
            _("cannot open '{path}': {value}").format(
                path=path, value=exc.strerror or exc
            )
        ) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        _refuse_special(path, info.st_mode)
    raw = os.fdopen(fd, "rb", buffering=0)
    callback = _progress.get()
    if callback is not None and not report:
        callback = _cancel_only(callback)
    if callback is None:
        return io.BufferedReader(raw)
    return io.BufferedReader(_Reporting(raw, info.st_size, callback))


def read_at_most(path: str | Path, limit: int) -> bytes | None:
    """The bytes of the regular file ``path`` (read quietly), or None when it holds
    more than ``limit``: the caller says why such a file cannot be what it wants."""
    with open_regular(path, report=False) as raw:
        data = raw.read(limit + 1)
    return None if len(data) > limit else data


def _cancel_only(callback: Progress) -> Progress:
    """A callback that may still stop a read but reports no progress (a second
    pass over a file would make the progress bar run twice)."""
    return lambda _done, total: callback(0, total)


class _Reporting(io.RawIOBase):
    """A raw file that tells ``callback`` its position after every read."""

    def __init__(self, raw: io.RawIOBase, size: int, callback: Progress) -> None:
        super().__init__()
        self._raw, self._size, self._callback = raw, size, callback

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int | None:
        n = self._raw.readinto(buffer)
        self._callback(self._raw.tell(), self._size)
        return n

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()

    def fileno(self) -> int:
        return self._raw.fileno()

    def close(self) -> None:
        self._raw.close()
        super().close()


class _Capped(io.RawIOBase):
    """Decompressed bytes of a gzip stream, refused beyond ``cap`` bytes."""

    def __init__(self, raw: BinaryIO, cap: int, path: Path) -> None:
        super().__init__()
        self._raw, self._stream = raw, gzip.GzipFile(fileobj=raw)
        self._cap, self._path, self._done = cap, path, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._stream.readinto(buffer)
        self._done += n
        if self._done > self._cap:
            raise too_large(self._path, self._cap)
        return n

    def close(self) -> None:
        self._stream.close()  # a GzipFile leaves the file it was given open
        self._raw.close()
        super().close()


def too_large(path: Path, cap: int, declared: int | None = None) -> DataError:
    """The sentence for a gzip file that expands (or declares) more than ``cap``."""
    what = _("expands to more than") if declared is None else _("declares")
    amount = size_text(cap) if declared is None else size_text(declared)
    return DataError(
        _(
            "'{path}' {what} {amount} of data when decompressed; NetDesigner reads "
            "at most {size_text} from a .gz file (decompress it yourself if the "
            "data really is this large)"
        ).format(path=path, what=what, amount=amount, size_text=size_text(cap))
    )


def gzip_declared_size(raw: BinaryIO) -> int:
    """The size a gzip stream states in its last 4 bytes (modulo 4 GiB).

    A stream with more (truly) is at least this large, so a stated size above the
    cap refuses a file at once, before anything is decompressed.
    """
    raw.seek(-4, io.SEEK_END)
    (size,) = struct.unpack("<I", raw.read(4))
    raw.seek(0)
    return int(size)


def is_gzip(raw: BinaryIO) -> bool:
    """True when the open file starts with gzip's magic bytes (position kept at 0)."""
    head = raw.read(2)
    raw.seek(0)
    return head == GZIP_MAGIC


class DataStream(io.BufferedReader):
    """A data file's (decompressed) bytes.

    limit : most bytes it can give (the file's size, or the cap of a gzip file);
    compressed : whether it is a gzip file.
    """

    def __init__(self, raw: io.RawIOBase, limit: int, compressed: bool) -> None:
        super().__init__(raw)
        self.limit, self.compressed = limit, compressed


def open_data(path: str | Path, *, report: bool = True) -> DataStream:
    """Open raw or gzip-compressed ``path`` (judged by content) for binary reading.

    Decompressed reads stop with ``DataError`` past ``MAX_DECOMPRESSED_BYTES``.
    report : tell the ``reporting_progress`` callback how far the read got (else
        it is only given the chance to stop the read).
    """
    path = Path(path)
    raw = open_regular(path, report=report)
    try:
        size = os.fstat(raw.fileno()).st_size
        if not is_gzip(raw):
            unbuffered = raw.detach()  # the buffer's read-ahead is dropped: rewind
            unbuffered.seek(0)
            return DataStream(unbuffered, size, compressed=False)
        cap = MAX_DECOMPRESSED_BYTES
        if size >= 18 and gzip_declared_size(raw) > cap:
            raise too_large(path, cap, gzip_declared_size(raw))
        return DataStream(_Capped(raw, cap, path), cap, compressed=True)
    except BaseException:
        raw.close()
        raise


def data_size_hint(path: str | Path) -> int:
    """How many bytes ``path`` holds once decompressed, without decompressing it:
    its size, or a gzip file's stated size (modulo 4 GiB, so a hint)."""
    with open_regular(path) as raw:
        size = os.fstat(raw.fileno()).st_size
        if size < 18 or not is_gzip(raw):
            return size
        return max(size, gzip_declared_size(raw))


def check_decompressed_size(path: str | Path) -> None:
    """Decompress a gzip file once without keeping anything, so that one that
    expands beyond ``MAX_DECOMPRESSED_BYTES`` is refused before it is parsed.

    Needed where parsing takes more memory than the text (a CSV's numbers): the
    size a gzip file states in its trailer covers only its last part.
    """
    with open_data(path, report=False) as stream:
        if stream.compressed:
            while stream.read(CHUNK):
                pass
