"""Autosave to a recovery file, finding recovery files left by a crash, and sweeping
what killed sessions left behind.

Each running NetDesigner writes ``session-<pid>.json`` (the design),
``session-<pid>.weights.npz`` (its trained weights, if any) and
``session-<pid>.meta.json`` (the file it came from as an absolute path, when, the
epoch the weights reached) to ``<AppDataLocation>/recovery`` a moment after each
change, never over the user's file; every write is atomic. A ``QLockFile`` marks
the session alive; a recovery whose lock is stale (its process is gone) is offered
on the next start. A clean save or exit removes it.

A process killed in the middle of an atomic save leaves its temp file behind
(``.NAME.XXXXXXXX.tmp``, ``design.io.atomic_write``), and one ended by a signal
leaves its lock file: ``sweep_stale_files`` removes those at the next start.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, QTimer

from netdesigner.gui import backend
from netdesigner.gui.document import Document

AUTOSAVE_DELAY_MS = 2000
WEIGHTS_EVERY_S = 3.0
"""While training, trained weights reach the recovery folder at most this often
(an .npz of a big network costs more to write than the design's JSON); with the
worker's ``WEIGHTS_EVERY`` this bounds what a kill loses to a few seconds."""
STALE_TEMP_AGE_S = 15 * 60
"""A save takes seconds: a temp file this much older is from a process that died."""

#: ``tempfile.mkstemp(prefix=".NAME.", suffix=".tmp")`` as atomic_write calls it:
#: eight characters of ``[a-z0-9_]`` between the target's name and ".tmp"
_TEMP_NAME = re.compile(r"^\.(?P<target>.+)\.[a-z0-9_]{8}\.tmp$")
#: in a user's folder, only temp files of what NetDesigner saves there
_USER_TARGET = re.compile(r".+\.(json|npz)$")
_SESSION_FILE = re.compile(r"^session-(?P<pid>\d+)\.")


def recovery_dir() -> Path:
    base = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.AppDataLocation
    )
    folder = Path(base or Path.home() / ".netdesigner") / "recovery"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Recovery:
    """An orphaned recovery file; ``lock`` is held until ``discard``.

    file_path : the design's own file (absolute), or None for an unsaved design.
    weights_path : the trained weights kept with it, or None.
    epoch : the epoch those weights reached, when training produced them.
    """

    design_path: Path
    file_path: str | None
    saved_at: float
    lock: QLockFile
    weights_path: Path | None = None
    epoch: int | None = None

    def discard(self) -> None:
        for path in _session_files(self.design_path):
            path.unlink(missing_ok=True)
        self.lock.unlock()

    def release(self) -> None:
        """Keep the files for a later start but give the lock back."""
        self.lock.unlock()


def _meta_path(design_path: Path) -> Path:
    return design_path.with_name(design_path.stem + ".meta.json")


def _lock_path(design_path: Path) -> Path:
    return design_path.with_suffix(".lock")


def _weights_path(design_path: Path) -> Path:
    return backend.weights_path(design_path)


def _session_files(design_path: Path) -> list[Path]:
    """A recovery's files, the design last: it is what makes a recovery."""
    return [_meta_path(design_path), _weights_path(design_path), design_path]


def find_recoveries() -> list[Recovery]:
    """Recovery files of sessions that ended without cleaning up, newest first."""
    found = []
    own = f"session-{os.getpid()}.json"
    for path in recovery_dir().glob("session-*.json"):
        if path.name == own or path.name.endswith(".meta.json"):
            continue
        lock = QLockFile(str(_lock_path(path)))
        lock.setStaleLockTime(0)  # stale only when its process is gone, not by age
        if not lock.tryLock(0):
            continue  # that session is still running
        found.append(_recovery(path, lock))
    return sorted(found, key=lambda r: -r.saved_at)


def _recovery(path: Path, lock: QLockFile) -> Recovery:
    try:
        meta = json.loads(_meta_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        meta = {}
    if not isinstance(meta, dict):
        meta = {}
    weights = _weights_path(path)
    has_weights = meta.get("weights") is True and weights.is_file()
    epoch = meta.get("epoch")
    return Recovery(
        path,
        meta.get("file_path") if isinstance(meta.get("file_path"), str) else None,
        float(meta.get("saved_at", 0) or 0),
        lock,
        weights if has_weights else None,
        epoch if isinstance(epoch, int) and has_weights else None,
    )


class Autosaver(QObject):
    """Writes the document and its trained weights to this session's recovery files.

    Design edits are debounced (``timer``, ``delay_ms`` after the last edit); trained
    weights, which change about every second while training, are throttled: written
    at most every ``weights_every_s`` seconds of ``clock`` (``weights_timer`` waits
    for the rest), so a long run never postpones them.
    """

    def __init__(
        self,
        doc: Document,
        delay_ms: int = AUTOSAVE_DELAY_MS,
        parent=None,
        *,
        weights_every_s: float = WEIGHTS_EVERY_S,
        clock: Callable[[], float] = time.monotonic,
    ):
        super().__init__(parent)
        self.doc = doc
        self.weights_every_s = weights_every_s
        self._clock = clock
        self._shut_down = False
        self.path = recovery_dir() / f"session-{os.getpid()}.json"
        self.weights_path = _weights_path(self.path)
        self._weights_pending = True  # the document's weights are not written yet
        self._weights_saved_at = -math.inf
        self._weights_kept: tuple[bool, int | None] = (False, None)  # written, epoch
        self.lock = QLockFile(str(_lock_path(self.path)))
        self.lock.tryLock(0)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.autosave)
        self.weights_timer = QTimer(self)
        self.weights_timer.setSingleShot(True)
        self.weights_timer.timeout.connect(self.autosave)
        doc.undo_stack.indexChanged.connect(self._on_doc_changed)
        doc.settings_changed.connect(self._on_doc_changed)
        doc.modified_changed.connect(self._on_doc_modified_changed)
        doc.weights_changed.connect(self._on_doc_weights_changed)

    def _on_doc_changed(self, *_args) -> None:
        if self.doc.is_modified():
            self.timer.start()

    def _on_doc_modified_changed(self, modified: bool) -> None:
        if modified:
            self.timer.start()
        else:
            self.discard()

    def _on_doc_weights_changed(self) -> None:
        self._weights_pending = True
        if self.doc.is_modified() and not self.weights_timer.isActive():
            self.weights_timer.start(math.ceil(self.weights_wait() * 1000))

    def weights_wait(self) -> float:
        """Seconds until the throttle lets trained weights be written (0: now)."""
        return max(0.0, self._weights_saved_at + self.weights_every_s - self._clock())

    def autosave(self) -> bool:
        """What the timers run: write the design, and the weights unless the last
        were written less than ``weights_every_s`` ago (they follow when it is up).
        False if nothing needs keeping or writing fails."""
        wait = self.weights_wait()
        if self._weights_pending and wait > 0:
            self.weights_timer.start(math.ceil(wait * 1000))
            return self._write(with_weights=False)
        return self._write(with_weights=True)

    def save_now(self) -> bool:
        """Write everything now, weights too (a crash or a signal is coming); False
        if nothing needs keeping or it fails."""
        self.weights_timer.stop()
        return self._write(with_weights=True)

    def _write(self, with_weights: bool) -> bool:
        """Weights first, then the design, then the meta file naming both: a kill
        between two writes leaves a recovery whose parts still belong together."""
        self.timer.stop()
        if not self.doc.is_modified():
            return False
        try:
            if with_weights and self._weights_pending:
                self._write_weights()
            backend.save_design(self.doc.for_saving(), self.path)
            backend.write_atomic(_meta_path(self.path), self._meta())
        except (OSError, backend.DesignError):
            return False
        return True

    def _write_weights(self) -> None:
        self.weights_timer.stop()  # nothing waits any more
        weights = self.doc.weights
        if weights:
            backend.save_weights(self.weights_path, weights)
        else:
            self.weights_path.unlink(missing_ok=True)
        self._weights_pending = False
        self._weights_saved_at = self._clock()
        self._weights_kept = (bool(weights), self.doc.weights_epoch)

    def _meta(self) -> bytes:
        path = self.doc.file_path
        has_weights, epoch = self._weights_kept
        meta = {
            # absolute (Document keeps it so): a later start may run elsewhere
            "file_path": str(path) if path else None,
            "saved_at": time.time(),
            "pid": os.getpid(),
            "weights": has_weights,
            "epoch": epoch if has_weights else None,
        }
        return json.dumps(meta).encode("utf-8")

    def discard(self) -> None:
        """Remove this session's recovery files (after a clean save, or on exit)."""
        self.timer.stop()
        self.weights_timer.stop()
        for path in _session_files(self.path):
            path.unlink(missing_ok=True)
        self._weights_pending = True
        self._weights_kept = (False, None)

    def shutdown(self) -> None:
        """Remove the recovery file and stop listening (the window is closing)."""
        if self._shut_down:
            return
        self._shut_down = True
        self.discard()
        self.lock.unlock()
        doc = self.doc
        doc.undo_stack.indexChanged.disconnect(self._on_doc_changed)
        doc.settings_changed.disconnect(self._on_doc_changed)
        doc.modified_changed.disconnect(self._on_doc_modified_changed)
        doc.weights_changed.disconnect(self._on_doc_weights_changed)


# ---------------------------------------------------------------- sweeping at start
def sweep_stale_files(
    folders: Iterable[str | Path] = (),
    now: float | None = None,
    max_age_s: float = STALE_TEMP_AGE_S,
) -> list[Path]:
    """Remove what killed sessions left behind; returns the removed files.

    In the recovery folder: the files and lock of every session that is gone and
    left no design to recover (a recovery is kept for ``find_recoveries``), and the
    temp files of interrupted saves by sessions that are gone. In ``folders`` (where
    designs were opened or saved): only temp files of an interrupted save of a
    ``.json`` or ``.npz``, and only when older than ``max_age_s`` (a save in
    progress takes seconds, and another NetDesigner may be saving there).
    """
    now = time.time() if now is None else now
    folder = recovery_dir()
    removed = _sweep_dead_sessions(folder)
    removed += _sweep_temp_files(folder, now, max_age_s, in_recovery=True)
    seen = {folder.resolve()}
    for other in folders:
        other = Path(other)
        if other.is_dir() and other.resolve() not in seen:
            seen.add(other.resolve())
            removed += _sweep_temp_files(other, now, max_age_s, in_recovery=False)
    return removed


def _sweep_temp_files(
    folder: Path, now: float, max_age_s: float, in_recovery: bool
) -> list[Path]:
    """Temp files of interrupted saves: in the recovery folder those of sessions that
    are gone (their lock is free); elsewhere, of a design or weights file and older
    than ``max_age_s``."""
    removed = []
    for path in folder.glob(".*.tmp"):
        found = _TEMP_NAME.match(path.name)
        if found is None or not _regular_file(path):
            continue
        target = found.group("target")
        if in_recovery and _SESSION_FILE.match(target):
            stale = not _session_alive(folder, target)
        else:
            mine = in_recovery or _USER_TARGET.match(target) is not None
            stale = mine and now - path.lstat().st_mtime > max_age_s
        if stale and _unlink(path):
            removed.append(path)
    return removed


def _regular_file(path: Path) -> bool:
    """Not a link, folder or device: never follow a link out of the folder."""
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _session_alive(folder: Path, name: str) -> bool:
    """True when ``name`` (``session-<pid>.…``) belongs to a session still running."""
    found = _SESSION_FILE.match(name)
    if found is None:
        return False
    pid = found.group("pid")
    if pid == str(os.getpid()):
        return True
    lock = QLockFile(str(folder / f"session-{pid}.lock"))
    lock.setStaleLockTime(0)  # stale only when its process is gone, not by age
    if not lock.tryLock(0):
        return True
    lock.unlock()
    return False


def _sweep_dead_sessions(folder: Path) -> list[Path]:
    """Files of sessions whose process is gone and that left no design to recover
    (a lock left by a signal, the weights or meta of a half-discarded recovery)."""
    removed = []
    names = [
        m.group("pid") for p in folder.iterdir() if (m := _SESSION_FILE.match(p.name))
    ]
    for pid in sorted(set(names)):
        design = folder / f"session-{pid}.json"
        lock = _lock_path(design)
        had_lock = lock.exists()
        if design.exists() or _session_alive(folder, design.name):
            continue
        if had_lock and not lock.exists():  # taking over a stale lock removed it
            removed.append(lock)
        removed += [path for path in [*_session_files(design), lock] if _unlink(path)]
    return removed


def _unlink(path: Path) -> bool:
    try:
        path.unlink()
    except OSError:
        return False
    return True
