"""The training worker: a QObject that lives in a QThread and drives a session.

The GUI never calls the worker's methods directly except ``submit`` (thread-safe: it
only writes to a ``CommandGate``). The worker's loop reads commands between batches,
trains while playing, and emits plain dicts of array copies at most ``rate_hz`` times
a second, always including the state at the moment it stops or pauses. Its signals
must be connected to ``@Slot`` methods of GUI-thread objects only (a lambda would run
in this thread, ARCHITECTURE.md).

Signals
-------
session_ready(dict) : a new session was built; ``probe.summary`` plus ``gallery``.
frame_ready(dict) : counters, losses since the last frame, maps, weights, evaluation.
status_changed(dict) : ``{"state": "loading"|"ready"|"running"|"paused"|"finished"|
    "diverged"|"error", "message": str}``.
stopped() : the loop has ended; the thread may quit.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from netdesigner.engine.events import BatchEvent
from netdesigner.live import probe
from netdesigner.live.gate import CommandGate
from netdesigner.live.insights import Insights
from netdesigner.live.messages import describe_error, divergence_message
from netdesigner.live.records import RunLog

SessionFactory = Callable[[Any, Any], Any]

DRAW_TIMEOUT = 0.25
"""Longest wait, in seconds, for the GUI to draw a frame while training."""

WEIGHTS_EVERY = 1.0
"""While training, a frame carries all the weights (``all_weights``) at most this
often, in seconds, and the first frame after Play does: the GUI keeps them as
unsaved work and autosaves them, so a crash loses only the last seconds."""

STILL_DIVERGED = (
    "The last run diverged: lower the learning rate (it applies at once), "
    "or press Reset, before training on."
)


def _default_factory(design: Any, base_dir: Any) -> Any:
    from netdesigner.design.session import TrainingSession

    return TrainingSession(design, base_dir)


class TrainingWorker(QObject):
    """Owns one training session at a time and trains it on request."""

    session_ready = Signal(object)
    frame_ready = Signal(object)
    status_changed = Signal(object)
    stopped = Signal()

    def __init__(
        self, session_factory: SessionFactory | None = None, rate_hz: float = 30.0
    ) -> None:
        super().__init__()
        self.gate = CommandGate()
        self._factory = session_factory or _default_factory
        self._interval = 1.0 / rate_hz
        self._session: Any = None
        self._plane: probe.PlaneProbe | None = None
        self._images: probe.ImageProbe | None = None
        self._log: RunLog | None = None
        self._events: Any = None
        self._step_from: int | None = None  # iteration where "step one epoch" began
        self._view: dict[str, Any] = {
            "maps": True,
            "weights": True,
            "image": None,
            "landscape": False,
            "layers": False,
        }
        self._insights = Insights()  # loss landscape and layer statistics
        self._running = False
        self._alive = True
        self._next_due = 0.0
        self._weights_due = 0.0
        self._gap = 0.0
        self._drawn = threading.Event()
        self._eval_due = False
        self._commands: dict[str, Callable[[Any], None]] = {
            "load": self._cmd_load,
            "play": self._cmd_play,
            "pause": self._cmd_pause,
            "step": self._cmd_step,
            "back": self._cmd_back,
            "hyper": self._cmd_hyper,
            "view": self._cmd_view,
            "stop": self._cmd_stop,
        }

    # -- called from the GUI thread -------------------------------------------------
    def frame_drawn(self, gap: float) -> None:
        """The GUI has drawn the last frame; train ``gap`` seconds before the next.

        Called from the GUI thread. While playing, the worker waits (without the
        GIL) from sending a frame until the GUI has drawn it: the GUI then works
        alone instead of fighting the trainer for the GIL, which costs both far
        more. ``gap`` is how long the controller wants between frames (its
        ``GUI_SHARE`` budget); the worker also never sends more than ``rate_hz``.
        """
        self._gap = gap
        self._drawn.set()

    def submit(self, name: str, payload: Any = None) -> None:
        """Queue a command for the loop; safe from any thread."""
        if name not in self._commands:
            raise ValueError(f"unknown worker command '{name}'")
        self.gate.put(name, payload)

    # -- the loop (worker thread) ---------------------------------------------------
    @Slot()
    def run(self) -> None:
        """Serve commands and train until ``stop``; every error becomes a status.

        Floating-point warnings are silenced in this thread (NumPy's error state is
        per thread): the trainer checks every loss and gradient for NaN and infinity
        itself and reports divergence as an event.
        """
        try:
            with np.errstate(all="ignore"):
                self._loop()
        finally:
            self.stopped.emit()

    def _loop(self) -> None:
        while self._alive:
            if self._running:
                if self.gate.pending:
                    self._serve(block=False)
                if self._running and self._alive:
                    self._guarded(self._run_chunk)
            else:
                self._serve(block=True)

    def _serve(self, block: bool) -> None:
        for name, payload in self.gate.take_all(block):
            self._guarded(self._commands[name], payload)
            if not self._alive:
                return

    def _guarded(self, action: Callable[..., Any], *args: Any) -> None:
        try:
            action(*args)
        except Exception as exc:  # noqa: BLE001 -- shown to the user, never lost
            self._fail(exc)

    def _run_chunk(self) -> None:
        """Train batch after batch until a command arrives or the run halts.

        The hot path costs a few tens of nanoseconds per batch next to the trainer's
        own step: keep the loss, look at the mailbox and the clock. Everything else
        waits until a frame is due.
        """
        log, gate, clock, batch_type = (
            self._log,
            self.gate,
            time.perf_counter,
            BatchEvent,
        )
        keep_loss, keep_rare = log.losses.append, log.rare.append
        record = self._insights.recorder(self._view)
        due = self._next_due
        for event in self._events:
            if type(event) is batch_type:
                keep_loss(event.loss)
                if record is not None:
                    record()
            else:
                keep_rare(event)
                if self._epoch_step_done(event):
                    return
            if gate.pending:
                return
            if clock() >= due:
                if self._after(log.process()):
                    return
                self._emit_frame()
                due = self._next_due
        self._on_run_ended()

    def _after(self, verdict: str) -> bool:
        """React to the verdict of processed events; True when training halted."""
        if verdict == "diverged":
            self._halt("diverged", divergence_message(self._log.divergence, self._log))
            return True
        self._eval_due = self._eval_due or verdict == "epoch"
        return False

    def _on_run_ended(self) -> None:
        """The trainer's events ran out: the run is complete (or cannot go on)."""
        if self._after(self._log.process()):
            return
        trainer = self._session.trainer
        if getattr(trainer, "diverged", False):
            self._halt("diverged", STILL_DIVERGED)
        else:
            limit = f"Reached the epoch limit ({self._log.epoch} epochs)."
            self._halt("finished", self._log.stop_message or limit)

    def _epoch_step_done(self, event: Any) -> bool:
        """While stepping one epoch: halt at the end of an epoch with new batches."""
        if self._step_from is None or type(event).__name__ != "EpochEvent":
            return False
        if self._session.trainer.iteration <= self._step_from:
            return False  # the end of an epoch finished before the step began
        self._step_from = None
        if not self._after(self._log.process()):
            self._halt("paused", "Stepped one epoch.")
        return True

    def _step(self, unit: str) -> None:
        """Train exactly one batch, or play to the end of the epoch (with frames, and
        Pause still works: an epoch of a big data set can take a while)."""
        trainer = self._session.trainer
        if unit == "epoch":
            self._step_from = trainer.iteration
            self._events = trainer.events()
            self._running = True
            message = "Training to the end of the epoch…"
            self.status_changed.emit({"state": "running", "message": message})
            return
        events = trainer.step_batch()
        if not any(type(e) is BatchEvent for e in events):
            # only the end of an epoch whose last batch ran before the pause
            events = [*events, *trainer.step_batch()]
        if not events:
            self._on_run_ended()
            return
        record = self._insights.recorder(self._view)
        if record is not None and any(type(e) is BatchEvent for e in events):
            record()
        self._log.add(events)
        if self._after(self._log.process()):
            return
        if self._log.at_limit():
            self._on_run_ended()
            return
        self._emit_frame()
        self.status_changed.emit({"state": "paused", "message": "Stepped one batch."})

    def _halt(self, state: str, message: str) -> None:
        self._running = False
        self._step_from = None
        self._emit_frame()
        self.status_changed.emit({"state": state, "message": message})

    def _fail(self, exc: Exception) -> None:
        self._running = False
        self.status_changed.emit({"state": "error", "message": describe_error(exc)})

    # -- frames -----------------------------------------------------------------------
    def _emit_frame(self) -> None:
        """Send everything new since the last frame (copies only)."""
        if self._session is None:
            return
        frame = self._log.drain()
        net = self._session.network
        if self._plane is not None and self._view["maps"]:
            frame["plane"] = self._plane.frame()
        if self._view["weights"]:
            frame["weights"] = probe.dense_weights(net)
        now = time.perf_counter()
        if not self._running or now >= self._weights_due:
            frame["all_weights"] = {k: v.copy() for k, v in net.get_weights().items()}
            self._weights_due = now + WEIGHTS_EVERY
        self._insights.add_to(frame, self._view, self._running)
        if self._images is not None:
            if self._eval_due or not self._running:
                frame["evaluation"] = self._images.evaluate()
                self._eval_due = False
            if self._view["image"] is not None:
                frame["features"] = self._images.feature_maps(int(self._view["image"]))
        frame["running"] = self._running
        self._drawn.clear()
        self.frame_ready.emit(frame)
        if self._running:
            self._drawn.wait(DRAW_TIMEOUT)  # the GUI draws alone (0.25 s at most)
        gap = self._gap if self._drawn.is_set() else 0.0
        self._next_due = time.perf_counter() + max(self._interval, gap)

    # -- commands ---------------------------------------------------------------------
    def _cmd_load(self, payload: dict[str, Any]) -> None:
        """Build a session from ``{"design", "base_dir"}`` (a private copy)."""
        self._running = False
        self._session = None
        self._insights.start(None, plane=False)
        self.status_changed.emit(
            {"state": "loading", "message": "Preparing data and network…"}
        )
        session = self._factory(payload["design"], payload.get("base_dir"))
        note = self._start_weights(session, payload.get("weights"))
        self._session = session
        self._log = RunLog(session.trainer)
        is_plane = session.dataset.points_train is not None
        self._insights.start(session, is_plane)
        self._plane = probe.PlaneProbe(session) if is_plane else None
        self._images = None if is_plane else probe.ImageProbe(session)
        info = probe.summary(session)
        if self._images is not None:
            info["gallery"] = self._images.gallery()
        self.session_ready.emit(info)
        self._eval_due = True
        self._emit_frame()
        self.status_changed.emit(
            {"state": "ready", "message": note or "Ready: press Play."}
        )

    @staticmethod
    def _start_weights(session: Any, weights: dict[str, Any] | None) -> str:
        """Load the design's saved weights into a new session; a note if they misfit."""
        if not weights:
            return ""
        start_from = getattr(session, "start_from", None)
        try:
            if start_from is not None:  # a new trainer: Step back reaches these
                start_from(weights, "the saved weights", partial=True)
            else:
                session.network.set_weights(weights)
        except Exception as exc:  # noqa: BLE001 -- stale weights are not fatal
            return f"Starting from the seed: the saved weights do not fit ({exc})."
        return "Ready: continuing from the saved weights; press Play."

    def _cmd_play(self, _payload: Any) -> None:
        if self._session is None:
            return
        if self._log.at_limit():
            self.status_changed.emit(
                {
                    "state": "finished",
                    "message": "The epoch limit is reached: raise it or Reset.",
                }
            )
            return
        self._events = self._session.trainer.events()
        self._running = True
        self._step_from = None
        self._weights_due = 0.0  # the first frame tells the GUI that weights change
        self.status_changed.emit({"state": "running", "message": "Training…"})

    def _cmd_pause(self, _payload: Any) -> None:
        if self._running:
            self._halt("paused", f"Paused at epoch {self._log.epoch}.")

    def _cmd_step(self, unit: str) -> None:
        if self._session is None:
            return
        self._running = False
        self._step_from = None
        if self._log.at_limit():
            self._on_run_ended()
            return
        self._step(unit)

    def _cmd_back(self, _payload: Any) -> None:
        if self._session is None:
            return
        self._running = False
        try:
            self._session.trainer.step_back()
        except Exception as exc:  # noqa: BLE001 -- "no earlier epoch": a plain note
            self.status_changed.emit(
                {"state": "paused", "message": describe_error(exc)}
            )
            return
        self._log.rewind()
        self._insights.rewound()
        self._eval_due = True
        self._emit_frame()
        self.status_changed.emit(
            {
                "state": "paused",
                "message": f"Back to the end of epoch {self._log.epoch}.",
            }
        )

    def _cmd_hyper(self, changes: dict[str, Any]) -> None:
        """Apply learning rate / regularisation at the next batch and mark the curve."""
        if self._session is None:
            return
        from netdesigner.live.settings import apply_hyper

        for text in apply_hyper(self._session, changes):
            self._log.mark(text)
        if not self._running:
            self._emit_frame()

    def _cmd_view(self, options: dict[str, Any]) -> None:
        self._view.update(options)
        if not self._running:
            self._emit_frame()

    def _cmd_stop(self, _payload: Any) -> None:
        self._running = False
        self._alive = False
