"""Reading a whole data file off the GUI thread, with a progress dialog and Cancel.

``FileLoad`` (GUI thread) owns a ``QThread``, a ``FileLoadWorker`` moved to it and a
``QProgressDialog``. The worker reads the file through ``data.load_dataset`` inside
``streams.reporting_progress``: every read reports how far it got, and raises
``LoadCancelled`` once Cancel was pressed (a ``threading.Event``: a queued slot
would not reach a worker busy reading). The worker's signals go to ``@Slot``
methods of ``FileLoad`` only (a lambda would run in the worker thread). The thread
is always stopped and waited for before anything is deleted.

Signals of ``FileLoad``: ``loaded(object)`` the file's exact ``DatasetInfo``;
``failed(str)`` one sentence; ``cancelled()``; then ``finished()`` in every case.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from netdesigner.data import load_dataset
from netdesigner.data.streams import LoadCancelled, Progress, reporting_progress

SHOW_AFTER_MS = 400
"""A quick read finishes without the dialog flashing up."""


def read_whole_file(path: Path, progress: Progress) -> Any:
    """Load every row of the data file at ``path``; its exact ``DatasetInfo``.

    progress : called with (bytes read, file size) during the read; may raise.
    """
    with reporting_progress(progress):
        return load_dataset(path=path).info


class FileLoadWorker(QObject):
    """Reads one file in the worker thread; ``cancel`` is safe from any thread."""

    progressed = Signal(int)  # percent of the file read
    loaded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._stop = threading.Event()
        self._percent = -1

    def cancel(self) -> None:
        self._stop.set()

    def _report(self, done: int, total: int) -> None:
        if self._stop.is_set():
            raise LoadCancelled
        percent = 100 * done // total if total else 0
        if percent != self._percent:  # at most 101 signals per file
            self._percent = percent
            self.progressed.emit(percent)

    @Slot()
    def run(self) -> None:
        try:
            info = read_whole_file(self.path, self._report)
        except LoadCancelled:
            self.cancelled.emit()
        except MemoryError:
            self.failed.emit(
                self.tr(
                    "'{path}' is too large to load into this computer's memory"
                ).format(path=self.path)
            )
        except Exception as exc:  # noqa: BLE001 -- any file: one sentence, no trace
            self.failed.emit(
                str(exc) or self.tr("'{path}' could not be read").format(path=self.path)
            )
        else:
            self.loaded.emit(info)


class FileLoad(QObject):
    """One read of ``path`` in its own thread, shown in a progress dialog."""

    loaded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, path: Path, parent: QWidget) -> None:
        # no Qt parent: were the panel deleted mid-read, its children would take a
        # running QThread with them (which aborts); ``_RUNNING`` keeps us instead
        super().__init__()
        self.path = path
        self.dialog = QProgressDialog(
            self.tr("Reading {file}…").format(file=path.name),
            self.tr("Cancel"),
            0,
            100,
            parent,
        )
        self.dialog.setWindowTitle(self.tr("Open a data file"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoReset(False)
        self.reader_thread = QThread()
        self.worker = FileLoadWorker(path)
        self.worker.moveToThread(self.reader_thread)
        self.reader_thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._on_worker_progressed)
        self.worker.loaded.connect(self._on_worker_loaded)
        self.worker.failed.connect(self._on_worker_failed)
        self.worker.cancelled.connect(self._on_worker_cancelled)
        self.dialog.canceled.connect(self._on_dialog_canceled)

    def start(self) -> None:
        _RUNNING.add(self)
        self.dialog.setValue(0)
        self.reader_thread.start()

    def cancel(self) -> None:
        """Stop the read (as the dialog's Cancel button does)."""
        self.worker.cancel()

    @Slot()
    def _on_dialog_canceled(self) -> None:
        self.worker.cancel()

    @Slot(int)
    def _on_worker_progressed(self, percent: int) -> None:
        if shiboken6.isValid(self.dialog) and not self.dialog.wasCanceled():
            self.dialog.setValue(min(percent, 99))  # 100 would close it early

    @Slot(object)
    def _on_worker_loaded(self, info: Any) -> None:
        self._end()
        self.loaded.emit(info)
        self.finished.emit()

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        self._end()
        self.failed.emit(message)
        self.finished.emit()

    @Slot()
    def _on_worker_cancelled(self) -> None:
        self._end()
        self.cancelled.emit()
        self.finished.emit()

    def _end(self) -> None:
        """The worker has returned: stop its thread, then let go of everything."""
        self.reader_thread.quit()
        self.reader_thread.wait()
        if shiboken6.isValid(self.dialog):  # gone with the panel, if it was deleted
            self.dialog.reset()
            self.dialog.close()
            self.dialog.deleteLater()
        self.worker.deleteLater()
        _RUNNING.discard(self)


_RUNNING: set[FileLoad] = set()
"""Loads whose thread has not stopped yet (kept from garbage collection)."""
