"""The worker's running log: counters, losses since the last frame, curve marks.

The trainer yields dataclass events (``BatchEvent``, ``EpochEvent``,
``DivergenceEvent``); ``RunLog.record`` turns them into plain numbers the GUI can plot
and ``drain`` hands out what is new since the previous frame.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np


def _as_list(result: Any) -> list[Any]:
    if result is None:
        return []
    if isinstance(result, (list, tuple)):
        return list(result)
    return [result]


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


class RunLog:
    """Counters and new points of one training session (worker thread only)."""

    def __init__(self, trainer: Any = None) -> None:
        self._trainer = trainer
        self.epoch = int(getattr(trainer, "epoch", 0) or 0)
        self.iteration = int(getattr(trainer, "iteration", 0) or 0)
        self.learning_rate = _number(getattr(trainer, "learning_rate", math.nan))
        self.elapsed = 0.0
        self.divergence: str | None = None
        self._batches: list[tuple[int, float]] = []
        self._epochs: list[dict[str, Any]] = []
        self._marks: list[tuple[int, str]] = []
        self._rewind: dict[str, int] | None = None
        self._handlers: dict[str, Callable[[Any], str]] = {
            "BatchEvent": self._on_batch,
            "EpochEvent": self._on_epoch,
            "DivergenceEvent": self._on_divergence,
            "EarlyStopEvent": self._on_early_stop,
        }
        self.stop_message: str | None = None

    def add_time(self, seconds: float, trainer: Any = None) -> None:
        """Training time: the trainer's own clock when it has one."""
        own = getattr(trainer, "elapsed", None)
        self.elapsed = (
            float(own) if isinstance(own, float | int) else self.elapsed + seconds
        )

    def record(self, result: Any, trainer: Any = None) -> str:
        """Take a step's event(s); return "batch", "epoch", "diverged" or "finished".

        Counters are read back from the trainer (``epoch`` = completed epochs) when
        it has them; a BatchEvent's ``epoch`` is the running, 1-based one.
        """
        verdict = "batch"
        rank = {"batch": 0, "epoch": 1, "finished": 2, "diverged": 3}
        for event in _as_list(result):
            handler = self._handlers.get(type(event).__name__)
            if handler is not None:
                got = handler(event)
                verdict = got if rank[got] > rank[verdict] else verdict
        if trainer is not None:
            self.epoch = int(getattr(trainer, "epoch", self.epoch))
            self.iteration = int(getattr(trainer, "iteration", self.iteration))
            if verdict != "diverged" and self.at_limit(trainer):
                verdict = "finished"
        return verdict

    def _on_batch(self, ev: Any) -> str:
        self.iteration = int(getattr(ev, "iteration", self.iteration + 1))
        self.learning_rate = _number(getattr(ev, "learning_rate", self.learning_rate))
        self._batches.append((self.iteration, _number(getattr(ev, "loss", math.nan))))
        return "batch"

    def _on_epoch(self, ev: Any) -> str:
        self.epoch = int(getattr(ev, "epoch", self.epoch + 1))
        self.iteration = int(getattr(ev, "iteration", self.iteration))
        metrics = dict(getattr(ev, "metrics", None) or {})
        record = {
            "epoch": self.epoch,
            "iteration": self.iteration,
            "train_loss": _number(getattr(ev, "train_loss", math.nan)),
            "test_loss": _number(getattr(ev, "test_loss", math.nan)),
        }
        record.update({k: _number(v) for k, v in metrics.items()})
        self._epochs.append(record)
        return "epoch"

    def _on_divergence(self, ev: Any) -> str:
        self.divergence = str(getattr(ev, "message", "") or ev)
        return "diverged"

    def _on_early_stop(self, ev: Any) -> str:
        self.stop_message = str(getattr(ev, "message", "") or "Stopped early.")
        return "finished"

    def at_limit(self, trainer: Any) -> bool:
        """True when the trainer has run its epoch limit (or stopped early)."""
        if getattr(trainer, "finished", False) and not getattr(
            trainer, "diverged", False
        ):
            return True
        limit = int(getattr(trainer, "epochs", 0) or 0)
        return limit > 0 and self.epoch >= limit

    def mark(self, text: str) -> None:
        """Remember a setting change at the current iteration (a line on the curve)."""
        self._marks.append((self.iteration, text))

    def rewind(self, trainer: Any) -> None:
        """After ``step_back``: read the restored counters and tell the plots."""
        self.epoch = int(getattr(trainer, "epoch", max(0, self.epoch - 1)) or 0)
        self.iteration = int(getattr(trainer, "iteration", 0) or 0)
        self._batches = [b for b in self._batches if b[0] <= self.iteration]
        self._epochs = [e for e in self._epochs if e["epoch"] <= self.epoch]
        self._rewind = {"epoch": self.epoch, "iteration": self.iteration}

    def drain(self) -> dict[str, Any]:
        """Counters plus every point recorded since the previous call."""
        batches = np.array(self._batches, dtype=np.float64).reshape(-1, 2)
        frame = {
            "epoch": self.epoch,
            "iteration": self.iteration,
            "learning_rate": self.learning_rate,
            "elapsed": self.elapsed,
            "batch_losses": batches,
            "epochs": self._epochs,
            "marks": self._marks,
            "rewind": self._rewind,
            "epoch_limit": int(getattr(self._trainer, "epochs", 0) or 0),
        }
        self._batches, self._epochs, self._marks, self._rewind = [], [], [], None
        return frame
