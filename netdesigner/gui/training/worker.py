"""The training worker: a thin Qt adapter over ``netdesigner.live.run.LiveRun``.

The worker is a QObject that lives in a QThread. It owns one ``LiveRun`` whose
callbacks emit the worker's signals, and its ``run`` slot runs the core's loop (as
napari's ``thread_worker`` wraps a plain generator). The GUI never calls the
worker's methods directly except ``submit`` and ``frame_drawn`` (thread-safe: they
only write to the run's ``CommandGate`` and an Event). Its signals must be connected
to ``@Slot`` methods of GUI-thread objects only (a lambda would run in this thread,
ARCHITECTURE.md).

Signals
-------
session_ready(SessionSummary) : a new session was built (``probe.summary``).
frame_ready(Frame) : counters, losses since the last frame, maps, weights, evaluation.
status_changed(Status) : a ``RunState`` and its sentence.
stopped() : the loop has ended; the thread may quit.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from netdesigner.live.run import LiveRun, SessionFactory

__all__ = ["SessionFactory", "TrainingWorker"]


class TrainingWorker(QObject):
    """Owns one ``LiveRun`` and runs its loop in the worker's thread."""

    session_ready = Signal(object)  # SessionSummary
    frame_ready = Signal(object)  # Frame
    status_changed = Signal(object)  # Status
    stopped = Signal()

    def __init__(
        self, session_factory: SessionFactory | None = None, rate_hz: float = 30.0
    ) -> None:
        super().__init__()
        self.live = LiveRun(
            session_factory,
            on_frame=self.frame_ready.emit,
            on_status=self.status_changed.emit,
            on_session=self.session_ready.emit,
            rate_hz=rate_hz,
            await_draw=True,
        )

    def frame_drawn(self, gap: float) -> None:
        """The GUI has drawn the last frame (see ``LiveRun.frame_drawn``)."""
        self.live.frame_drawn(gap)

    def submit(self, name: str, payload: Any = None) -> None:
        """Queue a command for the loop; safe from any thread."""
        self.live.submit(name, payload)

    @Slot()
    def run(self) -> None:
        """Serve commands and train until ``stop``; then say so."""
        try:
            self.live.run()
        finally:
            self.stopped.emit()
