"""Autosave to a recovery file, and finding recovery files left by a crash.

Each running NetDesigner writes ``session-<pid>.json`` (the design) and
``session-<pid>.meta.json`` (which file it came from, when) to
``<AppDataLocation>/recovery`` a moment after each change, never over the user's
file. A ``QLockFile`` marks the session alive; a recovery whose lock is stale (its
process is gone) is offered on the next start. A clean save or exit removes it.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, QTimer

from netdesigner.gui import backend
from netdesigner.gui.document import Document

AUTOSAVE_DELAY_MS = 2000


def recovery_dir() -> Path:
    base = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.AppDataLocation
    )
    folder = Path(base or Path.home() / ".netdesigner") / "recovery"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Recovery:
    """An orphaned recovery file; ``lock`` is held until ``discard``."""

    design_path: Path
    file_path: str | None
    saved_at: float
    lock: QLockFile

    def discard(self) -> None:
        for path in (self.design_path, _meta_path(self.design_path)):
            path.unlink(missing_ok=True)
        self.lock.unlock()

    def release(self) -> None:
        """Keep the files for a later start but give the lock back."""
        self.lock.unlock()


def _meta_path(design_path: Path) -> Path:
    return design_path.with_name(design_path.stem + ".meta.json")


def _lock_path(design_path: Path) -> Path:
    return design_path.with_suffix(".lock")


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
        try:
            meta = json.loads(_meta_path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
        found.append(
            Recovery(path, meta.get("file_path"), float(meta.get("saved_at", 0)), lock)
        )
    return sorted(found, key=lambda r: -r.saved_at)


class Autosaver(QObject):
    """Writes the document to this session's recovery file, debounced."""

    def __init__(self, doc: Document, delay_ms: int = AUTOSAVE_DELAY_MS, parent=None):
        super().__init__(parent)
        self.doc = doc
        self._shut_down = False
        self.path = recovery_dir() / f"session-{os.getpid()}.json"
        self.lock = QLockFile(str(_lock_path(self.path)))
        self.lock.tryLock(0)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.save_now)
        doc.undo_stack.indexChanged.connect(self._on_doc_changed)
        doc.settings_changed.connect(self._on_doc_changed)
        doc.modified_changed.connect(self._on_doc_modified_changed)

    def _on_doc_changed(self, *_args) -> None:
        if self.doc.is_modified():
            self.timer.start()

    def _on_doc_modified_changed(self, modified: bool) -> None:
        if modified:
            self.timer.start()
        else:
            self.discard()

    def save_now(self) -> bool:
        """Write the recovery file now; False if nothing needs keeping or it fails."""
        self.timer.stop()
        if not self.doc.is_modified():
            return False
        try:
            backend.save_design(self.doc.for_saving(), self.path)
            meta = {
                "file_path": str(self.doc.file_path) if self.doc.file_path else None,
                "saved_at": time.time(),
                "pid": os.getpid(),
            }
            _meta_path(self.path).write_text(json.dumps(meta), encoding="utf-8")
        except (OSError, backend.DesignError):
            return False
        return True

    def discard(self) -> None:
        """Remove this session's recovery file (after a clean save, or on exit)."""
        self.timer.stop()
        self.path.unlink(missing_ok=True)
        _meta_path(self.path).unlink(missing_ok=True)

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
