"""One training run as the GUI, the command line and lessons drive it (Qt-free).

A ``LiveRun`` owns one training session at a time. Commands arrive in its
``CommandGate`` (from any thread) and are served between batches; while playing it
trains batch after batch and hands ``Frame``s of array copies to ``on_frame`` at
most ``rate_hz`` times a second (always at the moment it stops or pauses),
``Status``es to ``on_status`` and a ``SessionSummary`` to ``on_session``. The GUI's
worker is a thin Qt adapter whose callbacks emit signals; the command line calls
``attach`` and ``play_to_end``; tests call ``command`` and ``train_while_running``.

Commands (``submit(name, payload)``)
------------------------------------
load {"design", "base_dir", "weights"} · play · pause · step "batch"|"epoch" ·
back · hyper {"learning_rate", "epochs", "regularizers"} ·
view {"maps", "weights", "image", "landscape", "layers", "inspect", "extent"} ·
speed {"pace", "continuous", "collapse"} · stop

Speed: ``pace`` epochs per second (0: as fast as possible; a paced run sleeps
between epochs, ``live.pace``); ``continuous`` True trains until Pause, the epoch
limit no longer stops it; ``collapse`` "pause" | "warn" | "off" says what to do when
``live.collapse`` notices a collapse (the command line leaves it "off").
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from netdesigner.engine.events import BatchEvent, Event
from netdesigner.i18n import _
from netdesigner.live import probe
from netdesigner.live.collapse import REACTIONS, CollapseWatch
from netdesigner.live.detection_probe import DetectionProbe, is_detection
from netdesigner.live.frames import Frame, RunState, SessionSummary, Status
from netdesigner.live.gate import CommandGate
from netdesigner.live.insights import Insights
from netdesigner.live.messages import (
    LIMIT_REACHED,
    STILL_DIVERGED,
    describe_error,
    divergence_message,
    finished_message,
)
from netdesigner.live.pace import Pacer
from netdesigner.live.records import RunLog, learning_rate_of
from netdesigner.live.settings import apply_hyper
from netdesigner.live.softmax import logits_of, softmax_steps

SessionFactory = Callable[[Any, Any], Any]

DRAW_TIMEOUT = 0.25
"""Longest wait, in seconds, for the viewer to draw a frame while training."""

WEIGHTS_EVERY = 1.0
"""While training, a frame carries all the weights (``all_weights``) at most this
often, in seconds, and the first frame after Play does: the GUI keeps them as
unsaved work and autosaves them, so a crash loses only the last seconds."""

CONTINUOUS_EPOCHS = 1_000_000_000
"""The trainer's epoch limit in continuous mode: Pause comes first."""


def _default_factory(design: Any, base_dir: Any) -> Any:
    from netdesigner.design.session import TrainingSession

    return TrainingSession(design, base_dir)


def _ignore(_value: Any) -> None:
    return None


class LiveRun:
    """Serves commands and trains one session; reports frames and statuses.

    on_frame : None when nobody looks (the command line): no frame is built.
    await_draw : after each frame while training, wait (at most ``DRAW_TIMEOUT``)
        until the viewer calls ``frame_drawn`` (the GUI: see ``frame_drawn``).
    clock, wait : the paced run's clock (seconds) and rest (``CommandGate.wait``
        unless given: tests pass a clock that only the rests move).
    """

    def __init__(
        self,
        session_factory: SessionFactory | None = None,
        *,
        on_frame: Callable[[Frame], None] | None = None,
        on_status: Callable[[Status], None] = _ignore,
        on_session: Callable[[SessionSummary], None] = _ignore,
        rate_hz: float = 30.0,
        await_draw: bool = False,
        clock: Callable[[], float] = time.perf_counter,
        wait: Callable[[float], bool] | None = None,
    ) -> None:
        self.gate = CommandGate()
        self.pacer = Pacer(clock, wait or self.gate.wait)
        self.continuous = False
        self._limit = 0  # the design's epoch limit (an optional stop when continuous)
        self._collapse_reaction = "off"
        self._collapse: CollapseWatch | None = None
        self.session: Any = None
        self.log: RunLog | None = None
        self.status = Status(RunState.EMPTY)
        self._factory = session_factory or _default_factory
        self._on_frame, self._on_status = on_frame, on_status
        self._on_session = on_session
        self._interval = 1.0 / rate_hz
        self._await_draw = await_draw
        self._plane: probe.PlaneProbe | None = None
        self._images: probe.ImageProbe | None = None
        self._boxes: DetectionProbe | None = None  # detection designs
        self._events: Any = None
        self._step_from: int | None = None  # iteration where "step one epoch" began
        self._view: dict[str, Any] = {
            "maps": True,
            "weights": True,
            "image": None,
            "landscape": False,
            "layers": False,
            "inspect": None,  # {"point": (x1, x2), "label": k} or {"image": index}
            "extent": "data",  # the 2-D map's extent: "data" or "playground"
        }
        self._rates: list[float] = []  # learning rates the run has trained with
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
            "speed": self._cmd_speed,
            "stop": self._cmd_stop,
        }

    @property
    def running(self) -> bool:
        """True while training goes on (playing, or stepping one epoch)."""
        return self._running

    # -- called from any thread -------------------------------------------------------
    def submit(self, name: str, payload: Any = None) -> None:
        """Queue a command for the loop; safe from any thread."""
        if name not in self._commands:
            raise ValueError(f"unknown training command '{name}'")
        self.gate.put(name, payload)

    def frame_drawn(self, gap: float) -> None:
        """The viewer has drawn the last frame; train ``gap`` seconds before the next.

        With ``await_draw`` the run waits (without the GIL) from sending a frame
        until the GUI has drawn it: the GUI then works alone instead of fighting the
        trainer for the GIL, which costs both far more. ``gap`` is how long the
        viewer wants between frames; the run also never sends more than ``rate_hz``.
        """
        self._gap = gap
        self._drawn.set()

    # -- the loop (the training thread) -----------------------------------------------
    def run(self) -> None:
        """Serve commands and train until ``stop``; every error becomes a status.

        Floating-point warnings are silenced in this thread (NumPy's error state is
        per thread): the trainer checks every loss and gradient for NaN and infinity
        itself and reports divergence as an event.
        """
        with np.errstate(all="ignore"):
            while self._alive:
                if self._running:
                    self.train_while_running()
                else:
                    self._serve(block=True)

    def command(self, name: str, payload: Any = None) -> None:
        """Carry out one command now, in this thread (errors become a status)."""
        if name not in self._commands:
            raise ValueError(f"unknown training command '{name}'")
        self._guarded(self._commands[name], payload)

    def train_while_running(self) -> Status:
        """Train, serving queued commands between batches, until the run halts or
        stops; returns the last status."""
        with np.errstate(all="ignore"):
            while self._running and self._alive:
                if self.gate.pending:
                    self._serve(block=False)
                if self._running and self._alive:
                    self._guarded(self._run_chunk)
        return self.status

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
            self.log,
            self.gate,
            time.perf_counter,
            BatchEvent,
        )
        assert log is not None
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
                if self.pacer.paced and type(event).__name__ == "EpochEvent":
                    self._paced_epoch_done()
                    return
            if gate.pending:
                return
            if clock() >= due:
                if self._after(log.process()):
                    return
                self._emit_frame()
                due = self._next_due
        self._on_run_ended()

    def _paced_epoch_done(self) -> None:
        """A paced epoch ended: show it, then sleep until the next one is due
        (serving commands that arrive meanwhile)."""
        assert self.log is not None
        if self._after(self.log.process()):
            return
        self._emit_frame()
        self.pacer.begin_rest()
        while self._running and self._alive and self.pacer.rest():
            self._serve(block=False)

    # -- the command line -------------------------------------------------------------
    def attach(self, session: Any) -> None:
        """Train ``session`` from now on (the command line builds its own)."""
        self._running = False
        self.session = session
        self.log = RunLog(session.trainer)
        self._limit = int(getattr(session.trainer, "epochs", 0) or 0)
        self._apply_limit()
        self._collapse = None
        is_plane = session.dataset.points_train is not None
        looked_at = self._on_frame is not None
        self._insights.start(session if looked_at else None, is_plane)
        self._plane = probe.PlaneProbe(session) if is_plane and looked_at else None
        self._set_extent()
        rate = learning_rate_of(session.trainer)
        self._rates = [rate] if np.isfinite(rate) else []
        boxes = looked_at and not is_plane and is_detection(session)
        self._boxes = DetectionProbe(session) if boxes else None
        images = looked_at and not is_plane and not boxes
        self._images = probe.ImageProbe(session) if images else None

    def play_to_end(self, observe: Callable[[Event], None] = _ignore) -> Status:
        """Train to the end in this thread, handing every trainer event to
        ``observe`` (a progress bar); returns the final status (FINISHED or
        DIVERGED). Errors propagate: the caller reports them."""
        self._cmd_play(None)
        log = self.log
        if not self._running or log is None:
            return self.status
        for event in self._events:
            observe(event)
            if type(event) is BatchEvent:
                log.losses.append(event.loss)
            else:
                log.rare.append(event)
                if self._after(log.process()):
                    return self.status
        self._on_run_ended()
        return self.status

    # -- halting ----------------------------------------------------------------------
    def _after(self, verdict: str) -> bool:
        """React to the verdict of processed events; True when training halted."""
        if verdict == "diverged":
            log = self.log
            assert log is not None
            self._halt(RunState.DIVERGED, divergence_message(log.divergence, log))
            return True
        self._eval_due = self._eval_due or verdict == "epoch"
        return verdict == "epoch" and self._collapsed()

    def _collapsed(self) -> bool:
        """Look for a collapse (``live.collapse``); True when the run paused."""
        if self._collapse_reaction == "off" or self.session is None:
            return False
        if self._collapse is None:
            self._collapse = CollapseWatch(self.session)
        message = self._collapse.check()
        if message is None:
            return False
        if self._collapse_reaction == "pause" and self._running:
            self._halt(RunState.PAUSED, message, alert=True)
            return True
        self._set_status(self.status.state, message, alert=True)
        return False

    def _on_run_ended(self) -> None:
        """The trainer's events ran out: the run is complete (or cannot go on)."""
        log = self.log
        assert log is not None
        if self._after(log.process()):
            return
        if getattr(self.session.trainer, "diverged", False):
            self._halt(RunState.DIVERGED, _(STILL_DIVERGED))
        else:
            self._halt(RunState.FINISHED, finished_message(log.epoch, log.stop_message))

    def _epoch_step_done(self, event: Any) -> bool:
        """While stepping one epoch: halt at the end of an epoch with new batches."""
        if self._step_from is None or type(event).__name__ != "EpochEvent":
            return False
        if self.session.trainer.iteration <= self._step_from:
            return False  # the end of an epoch finished before the step began
        self._step_from = None
        assert self.log is not None
        if not self._after(self.log.process()):
            self._halt(RunState.PAUSED, _("Stepped one epoch."))
        return True

    def _halt(self, state: RunState, message: str, alert: bool = False) -> None:
        self._running = False
        self._step_from = None
        self._emit_frame()
        self._set_status(state, message, alert)

    def _fail(self, exc: Exception) -> None:
        self._running = False
        self._set_status(RunState.ERROR, describe_error(exc))

    def _set_status(self, state: RunState, message: str, alert: bool = False) -> None:
        self.status = Status(state, message, alert)
        self._on_status(self.status)

    # -- stepping ---------------------------------------------------------------------
    def _step(self, unit: str) -> None:
        """Train exactly one batch, or play to the end of the epoch (with frames, and
        Pause still works: an epoch of a big data set can take a while)."""
        trainer, log = self.session.trainer, self.log
        assert log is not None
        if unit == "epoch":
            self._step_from = trainer.iteration
            self._events = trainer.events()
            self._running = True
            self._set_status(RunState.RUNNING, _("Training to the end of the epoch…"))
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
        log.add(events)
        if self._after(log.process()):
            return
        if log.at_limit():
            self._on_run_ended()
            return
        self._emit_frame()
        self._set_status(RunState.PAUSED, _("Stepped one batch."))

    # -- frames -----------------------------------------------------------------------
    def _emit_frame(self) -> None:
        """Send everything new since the last frame (copies only)."""
        if self.session is None or self.log is None:
            return
        frame = self.log.drain()
        if self._on_frame is None:
            return
        if self.continuous:
            frame.epoch_limit = 0
        self._fill(frame)
        self._drawn.clear()
        self._on_frame(frame)
        if self._running and self._await_draw:
            self._drawn.wait(DRAW_TIMEOUT)  # the GUI draws alone (0.25 s at most)
        gap = self._gap if self._drawn.is_set() else 0.0
        self._next_due = time.perf_counter() + max(self._interval, gap)

    def _fill(self, frame: Frame) -> None:
        """The views' parts of a frame: maps, weights, insights, evaluation."""
        net, view = self.session.network, self._view
        if self._plane is not None and view["maps"]:
            frame.plane = self._plane.frame()
        if view["weights"]:
            frame.weights = probe.dense_weights(net)
        now = time.perf_counter()
        if not self._running or now >= self._weights_due:
            frame.all_weights = {k: v.copy() for k, v in net.get_weights().items()}
            self._weights_due = now + WEIGHTS_EVERY
        self._insights.add_to(frame, view, self._running)
        if self._images is not None:
            if self._eval_due or not self._running:
                frame.evaluation = self._images.evaluate()
                self._eval_due = False
            if view["image"] is not None:
                frame.features = self._images.feature_maps(int(view["image"]))
        if self._boxes is not None and (
            self._eval_due or not self._running or self._boxes.due(now)
        ):
            frame.detection = self._boxes.frame(now)
            self._eval_due = False
        if view["inspect"] is not None:
            frame.softmax = self._inspect(view["inspect"])
        frame.running = self._running
        frame.run_label = probe.run_label(self.session, self._rates)
        stop = self.log.early_stop if self.log is not None else None
        frame.early_stop = stop

    def _inspect(self, target: dict[str, Any]) -> Any:
        """Softmax steps for a data point ``{"point": (x1, x2), "label": k}`` or a
        gallery image ``{"image": index}`` (None when the output has no softmax)."""
        from netdesigner.data import feature_map

        ds = self.session.dataset
        if "image" in target and self._images is not None:
            index = int(np.clip(int(target["image"]), 0, len(self._images.x) - 1))
            x, label = self._images.x[index : index + 1], self._images.labels[index]
        elif "point" in target:
            point = np.asarray([target["point"]], dtype=np.float32)
            x = ds.transform(feature_map(point, tuple(ds.feature_names) or None))
            label = target.get("label")
        else:
            return None
        logits = logits_of(self.session, x)
        if logits is None:
            return None
        return softmax_steps(logits, label, binary=len(logits) == 2)

    # -- commands ---------------------------------------------------------------------
    def _cmd_load(self, payload: dict[str, Any]) -> None:
        """Build a session from ``{"design", "base_dir", "weights"}`` (a private
        copy of the design)."""
        self._running = False
        self.session = None
        self._insights.start(None, plane=False)
        self._set_status(RunState.LOADING, _("Preparing data and network…"))
        session = self._factory(payload["design"], payload.get("base_dir"))
        note = self._start_weights(session, payload.get("weights"))
        self.attach(session)
        info = probe.summary(session)
        info.epochs = 0 if self.continuous else self._limit
        if self._images is not None:
            info.gallery = self._images.gallery()
        if self._boxes is not None:
            info.detection = self._boxes.gallery()
        self._on_session(info)
        self._eval_due = True
        self._emit_frame()
        self._set_status(RunState.READY, note or _("Ready: press Play."))

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
        if self.session is None or self.log is None:
            return
        if self.log.at_limit():
            self._set_status(RunState.FINISHED, _(LIMIT_REACHED))
            return
        self._events = self.session.trainer.events()
        self._running = True
        self._step_from = None
        self.pacer.restart()
        self._weights_due = 0.0  # the first frame tells the GUI that weights change
        self._set_status(RunState.RUNNING, _("Training…"))

    def _cmd_pause(self, _payload: Any) -> None:
        if self._running and self.log is not None:
            self._halt(
                RunState.PAUSED,
                _("Paused at epoch {epoch}.").format(epoch=self.log.epoch),
            )

    def _cmd_step(self, unit: str) -> None:
        if self.session is None or self.log is None:
            return
        self._running = False
        self._step_from = None
        if self.log.at_limit():
            self._on_run_ended()
            return
        self._step(unit)

    def _cmd_back(self, _payload: Any) -> None:
        if self.session is None or self.log is None:
            return
        self._running = False
        try:
            self.session.trainer.step_back()
        except Exception as exc:  # noqa: BLE001 -- "no earlier epoch": a plain note
            self._set_status(RunState.PAUSED, describe_error(exc))
            return
        self.log.rewind()
        self._insights.rewound()
        self._eval_due = True
        self._emit_frame()
        epoch = self.log.epoch
        self._set_status(
            RunState.PAUSED, _("Back to the end of epoch {epoch}.").format(epoch=epoch)
        )

    def _cmd_hyper(self, changes: dict[str, Any]) -> None:
        """Apply learning rate / regularisation at the next batch and mark the curve."""
        if self.session is None or self.log is None:
            return
        for text in apply_hyper(self.session, changes):
            self.log.mark(text)
        if "learning_rate" in changes:
            self._note_rate(float(changes["learning_rate"]))
        if self._collapse is not None and (
            {"learning_rate", "regularizers"} & set(changes)
        ):
            # the loss is now measured differently (a penalty added, a new step
            # size): it is compared with what follows, not with what went before
            self._collapse.settings_changed()
        if "epochs" in changes:
            self._limit = int(changes["epochs"])
            self._apply_limit()
        if not self._running:
            self._emit_frame()

    def _note_rate(self, rate: float) -> None:
        """The run's label lists the rates it trained with: a rate set before the
        first batch replaces the design's, one set later is added."""
        if self.session.trainer.iteration == 0 or not self._rates:
            self._rates = [rate]
        elif self._rates[-1] != rate:
            self._rates.append(rate)

    def _set_extent(self) -> None:
        if self._plane is not None:
            fixed = self._view.get("extent") == "playground"
            self._plane.set_extent(probe.PLAYGROUND_EXTENT if fixed else None)

    def _cmd_view(self, options: dict[str, Any]) -> None:
        self._view.update(options)
        if "extent" in options:
            self._set_extent()
        if not self._running:
            self._emit_frame()

    def _cmd_speed(self, options: dict[str, Any]) -> None:
        """``{"pace": epochs/s, "continuous": bool, "collapse": reaction}`` (any of
        them); they apply from the next epoch on."""
        if "pace" in options:
            self.pacer.set_pace(float(options["pace"] or 0.0))
        if "continuous" in options:
            self.continuous = bool(options["continuous"])
            self._apply_limit()
            if not self._running:
                self._emit_frame()
        if "collapse" in options:
            reaction = str(options["collapse"])
            if reaction not in REACTIONS:
                raise ValueError(
                    f"expected a collapse reaction among {', '.join(REACTIONS)}, "
                    f"found {reaction!r}"
                )
            self._collapse_reaction = reaction

    def _apply_limit(self) -> None:
        """The trainer stops at the design's limit, or (continuous) practically
        never: Pause ends the run."""
        if self.session is not None:
            limit = CONTINUOUS_EPOCHS if self.continuous else self._limit
            self.session.trainer.set_epochs(limit)

    def _cmd_stop(self, _payload: Any) -> None:
        self._running = False
        self._alive = False
