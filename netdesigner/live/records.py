"""The worker's running log: losses since the last frame, epoch records, curve marks.

The trainer yields dataclass events (``BatchEvent``, ``EpochEvent``,
``DivergenceEvent``, ``EarlyStopEvent``). The worker's inner loop keeps only each
batch's loss (a float: holding on to thousands of event objects between frames made
the garbage collector cost more than the loop) and the rare other events;
``process`` reads them when a frame is due. Batch losses belong to consecutive
iterations ending at the trainer's current one. Counters (epoch, iteration, elapsed
time) are read from the trainer, so they are always the trainer's own.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from netdesigner.engine.events import BatchEvent
from netdesigner.live.frames import Frame, Rewind


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def learning_rate_of(trainer: Any) -> float:
    """The learning rate the next batch will use."""
    own = getattr(trainer, "learning_rate", None)
    return _number(getattr(getattr(trainer, "optimizer", None), "learning_rate", own))


class RunLog:
    """New points of one training session since the last frame (worker thread only)."""

    def __init__(self, trainer: Any) -> None:
        self.trainer = trainer
        self.losses: list[float] = []
        self.rare: list[Any] = []
        self.batches: list[np.ndarray] = []
        self.divergence: str | None = None
        self.stop_message: str | None = None
        self.early_stop: dict[str, Any] | None = None  # see ``_on_early_stop``
        self._epochs: list[dict[str, float]] = []
        self._marks: list[tuple[int, str]] = []
        self._rewind: Rewind | None = None
        self._handlers: dict[str, Callable[[Any], str]] = {
            "EpochEvent": self._on_epoch,
            "DivergenceEvent": self._on_divergence,
            "EarlyStopEvent": self._on_early_stop,
        }

    @property
    def epoch(self) -> int:
        """Completed epochs."""
        return int(self.trainer.epoch)

    @property
    def iteration(self) -> int:
        return int(self.trainer.iteration)

    @property
    def learning_rate(self) -> float:
        return learning_rate_of(self.trainer)

    def add(self, events: list[Any]) -> None:
        """Take the events of a step (the worker's loop appends to the lists itself)."""
        for event in events:
            if type(event) is BatchEvent:
                self.losses.append(event.loss)
            else:
                self.rare.append(event)

    def process(self) -> str:
        """Read the pending losses and events; return the strongest verdict among
        them: "batch" < "epoch" < "finished" < "diverged"."""
        if self.losses:
            n, last = len(self.losses), self.iteration
            rows = np.empty((n, 2))
            rows[:, 0] = np.arange(last - n + 1, last + 1)
            rows[:, 1] = self.losses
            self.batches.append(rows)
            self.losses.clear()  # in place: the worker's loop holds its append
        rank = {"batch": 0, "epoch": 1, "finished": 2, "diverged": 3}
        verdict = "batch"
        events, self.rare[:] = list(self.rare), []
        for event in events:
            handler = self._handlers.get(type(event).__name__)
            got = "batch" if handler is None else handler(event)
            verdict = got if rank[got] > rank[verdict] else verdict
        return verdict

    def _on_epoch(self, ev: Any) -> str:
        record = {
            "epoch": float(ev.epoch),
            "iteration": float(ev.iteration),
            "train_loss": _number(ev.train_loss),
            "test_loss": _number(ev.test_loss),
        }
        record.update({k: _number(v) for k, v in (ev.metrics or {}).items()})
        self._epochs.append(record)
        return "epoch"

    def _on_divergence(self, ev: Any) -> str:
        self.divergence = str(getattr(ev, "message", "") or ev)
        return "diverged"

    def _on_early_stop(self, ev: Any) -> str:
        self.stop_message = str(getattr(ev, "message", "") or "Stopped early.")
        early = getattr(self.trainer, "early_stopping", None)
        # where the curve ends and which epoch's weights the network now holds
        self.early_stop = {
            "epoch": int(ev.epoch),
            "best_epoch": int(ev.best_epoch),
            "restored": bool(getattr(early, "restore_best_weights", False)),
        }
        return "finished"

    def at_limit(self) -> bool:
        """True when the trainer has completed its run (epoch limit or early stop)."""
        t = self.trainer
        if getattr(t, "finished", False) and not getattr(t, "diverged", False):
            return True
        limit = int(getattr(t, "epochs", 0) or 0)
        return limit > 0 and self.epoch >= limit

    def mark(self, text: str) -> None:
        """Remember a setting change at the current iteration (a line on the curve)."""
        self._marks.append((self.iteration, text))

    def rewind(self) -> None:
        """After ``step_back``: drop newer points and tell the plots where we are."""
        epoch, iteration = self.epoch, self.iteration
        self.process()
        self.batches = [b[b[:, 0] <= iteration] for b in self.batches]
        self._epochs = [e for e in self._epochs if e["epoch"] <= epoch]
        if self.early_stop is not None and self.early_stop["epoch"] > epoch:
            self.early_stop = None
        self._rewind = Rewind(epoch, iteration)

    def drain(self) -> Frame:
        """A frame of the counters plus every point recorded since the previous call."""
        self.process()
        t = self.trainer
        frame = Frame(
            epoch=self.epoch,
            iteration=self.iteration,
            elapsed=float(getattr(t, "elapsed", 0.0)),
            epoch_limit=int(getattr(t, "epochs", 0) or 0),
            learning_rate=self.learning_rate,
            batch_losses=np.concatenate([np.zeros((0, 2)), *self.batches]),
            epochs=self._epochs,
            marks=self._marks,
            rewind=self._rewind,
        )
        self.batches = []
        self._epochs, self._marks, self._rewind = [], [], None
        return frame
