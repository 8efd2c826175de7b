"""The GUI-thread side of training: owns the worker thread and relays its signals.

``TrainingController`` starts one ``QThread`` with a ``TrainingWorker`` on first use,
sends it commands through the worker's thread-safe ``submit``, and re-emits the
worker's frames and statuses (``netdesigner.live.frames``) from the GUI thread, so
views (and ``qtbot.waitSignal``) only ever see GUI-thread signals. ``shutdown``
stops the loop, quits the thread and waits for it; it runs on
``QApplication.aboutToQuit`` and when the main window closes, because destroying a
running ``QThread`` aborts the process.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

from netdesigner.gui.training.worker import SessionFactory, TrainingWorker
from netdesigner.live.frames import Frame, RunState, SessionSummary, Status

GUI_SHARE = 0.05
"""While training, drawing frames may take this share of the time.

The worker waits while the GUI draws a frame (the two threads share the GIL, and
sharing it costs both far more than taking turns). After each frame the controller
measures the GUI thread's CPU time for handling and painting it and asks the
worker for the next frame only ``cost * (1 / GUI_SHARE - 1)`` later: a slow
machine gets fewer frames, the training keeps its speed."""


class TrainingController(QObject):
    """Play, pause, step, step back, reset and live settings for one design.

    Signals (GUI thread)
    --------------------
    session_ready(SessionSummary), frame_ready(Frame), status_changed(Status): as
        the worker's, plus ``Status(RunState.INVALID, ...)`` while ``block``-ed.
    stopped() : the worker thread has ended.
    """

    session_ready = Signal(object)  # SessionSummary
    frame_ready = Signal(object)  # Frame
    status_changed = Signal(object)  # Status
    stopped = Signal()

    def __init__(
        self,
        session_factory: SessionFactory | None = None,
        parent: QObject | None = None,
        rate_hz: float = 30.0,
    ) -> None:
        super().__init__(parent)
        self._factory = session_factory
        self._rate = rate_hz
        self._thread: QThread | None = None
        self._worker: TrainingWorker | None = None
        self._closed = False
        self._blocked = ""
        self.state = RunState.EMPTY
        self.message = ""
        self.summary: SessionSummary | None = None
        self.last_frame: Frame | None = None
        self.frame_costs: list[float] = []
        self._frame_started = 0.0
        self._idle_probe = QTimer(self)
        self._idle_probe.setSingleShot(True)
        self._idle_probe.setInterval(0)
        self._idle_probe.timeout.connect(self._on_idle_probe_timeout)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._on_app_about_to_quit)

    # -- commands -------------------------------------------------------------------
    @property
    def is_running(self) -> bool:
        return self.state is RunState.RUNNING

    def load(self, design: Any, base_dir: Any = None, weights: Any = None) -> None:
        """Build a new session from a private copy of ``design`` (in the worker).

        weights : ``{"<node id>/<name>": array}`` to start from instead of the seed's
        initial weights (a design opened with its trained weights), or None.
        """
        self._blocked = ""
        copy = design.copy() if hasattr(design, "copy") else design
        self._send("load", {"design": copy, "base_dir": base_dir, "weights": weights})

    def block(self, message: str) -> None:
        """Refuse to train (the design has errors) until the next ``load``.

        Pauses a running session and shows ``message`` as ``RunState.INVALID``.
        """
        self._blocked = message
        if self._thread is not None:
            self._send("pause")
        self._set_status(Status(RunState.INVALID, message))

    def play(self) -> None:
        if not self._blocked:
            self._send("play")

    def pause(self) -> None:
        self._send("pause")

    def toggle(self) -> None:
        """Play when paused, pause when playing."""
        self.pause() if self.is_running else self.play()

    def step_batch(self) -> None:
        if not self._blocked:
            self._send("step", "batch")

    def step_epoch(self) -> None:
        if not self._blocked:
            self._send("step", "epoch")

    def step_back(self) -> None:
        if not self._blocked:
            self._send("back")

    def set_live(self, changes: dict[str, Any]) -> None:
        """Learning rate / regularisation for the running session (next batch)."""
        self._send("hyper", dict(changes))

    def set_speed(self, options: dict[str, Any]) -> None:
        """``pace`` (epochs/s, 0: full speed), ``continuous``, ``collapse``
        (``LiveRun``'s speed command); they apply from the next epoch."""
        self._send("speed", dict(options))

    def set_view(self, options: dict[str, Any]) -> None:
        """What frames carry: ``maps``, ``weights`` (bools), ``image`` (index|None)."""
        self._send("view", dict(options))

    def _send(self, name: str, payload: Any = None) -> None:
        if self._closed:
            return
        self._ensure_thread()
        self._worker.submit(name, payload)

    def _ensure_thread(self) -> None:
        if self._thread is not None:
            return
        thread = QThread()
        thread.setObjectName("netdesigner-training")
        worker = TrainingWorker(self._factory, rate_hz=self._rate)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.session_ready.connect(self._on_worker_session_ready)
        worker.frame_ready.connect(self._on_worker_frame_ready)
        worker.status_changed.connect(self._on_worker_status_changed)
        worker.stopped.connect(self._on_worker_stopped)
        self._thread, self._worker = thread, worker
        thread.start()

    # -- shutdown ---------------------------------------------------------------------
    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Stop the worker and wait for its thread; True when nothing runs any more."""
        self._closed = True
        self._idle_probe.stop()
        thread, worker = self._thread, self._worker
        if thread is None:
            return True
        worker.submit("stop")
        thread.quit()
        if not thread.wait(timeout_ms):
            return False
        self._thread = self._worker = None
        return True

    @Slot()
    def _on_app_about_to_quit(self) -> None:
        self.shutdown()

    # -- relays from the worker (queued into the GUI thread) --------------------------
    @Slot(object)
    def _on_worker_session_ready(self, info: SessionSummary) -> None:
        if self._closed:
            return
        self.summary = info
        self.session_ready.emit(info)

    @Slot(object)
    def _on_worker_frame_ready(self, frame: Frame) -> None:
        if self._closed:
            return
        self._frame_started = time.perf_counter()
        self.last_frame = frame
        self.frame_ready.emit(frame)
        if frame.running:
            self._idle_probe.start()  # fires once the frame is handled and painted

    @Slot()
    def _on_idle_probe_timeout(self) -> None:
        cost = time.perf_counter() - self._frame_started
        self.frame_costs = [*self.frame_costs[-99:], cost]
        if self._worker is not None:
            self._worker.frame_drawn(cost * (1.0 / GUI_SHARE - 1.0))

    @Slot(object)
    def _on_worker_status_changed(self, status: Status) -> None:
        if self._closed:
            return
        if self._blocked and status.state is not RunState.LOADING:
            status = Status(RunState.INVALID, self._blocked)
        self._set_status(status)

    def _set_status(self, status: Status) -> None:
        self.state = status.state
        self.message = status.message
        self.status_changed.emit(status)

    @Slot()
    def _on_worker_stopped(self) -> None:
        self.stopped.emit()
