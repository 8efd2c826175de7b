"""Epoch snapshots (for stepping back) and early stopping, used by the trainer.

A ``Snapshot`` holds everything that decides the rest of a run: weights and buffers,
optimizer slots and counters, the shuffling generator's state and every layer's
generator state (Dropout masks), the base learning rate and the early-stopping
state. Restoring one and training again gives the same numbers, bit for bit.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np

from netdesigner.engine.errors import EngineError

#: tf.keras's monitor names, mapped to ours
_ALIASES = {
    "val_loss": "test_loss",
    "loss": "train_loss",
    "val_accuracy": "test_accuracy",
    "accuracy": "train_accuracy",
}


@dataclass
class Snapshot:
    """The trainer's state at the end of epoch ``epoch`` (0: before training)."""

    epoch: int
    iteration: int
    elapsed: float
    weights: list[np.ndarray]  # Network.get_state()
    optimizer: dict[str, Any]
    rng_state: dict[str, Any]
    layer_rng_states: dict[str, dict[str, Any]]
    base_learning_rate: float
    early_stopping: dict[str, Any] | None


class EarlyStopping:
    """Stop when ``monitor`` has not improved by ``min_delta`` for ``patience`` epochs.

    ``monitor``: train_loss, test_loss, train_accuracy or test_accuracy (tf.keras's
    loss, val_loss, accuracy, val_accuracy are accepted). Losses must go down,
    accuracies up. With ``restore_best_weights`` (the default here, unlike tf.keras)
    the best epoch's weights are put back when the run stops.
    """

    def __init__(
        self,
        monitor: str = "test_loss",
        patience: int = 5,
        min_delta: float = 0.0,
        restore_best_weights: bool = True,
    ) -> None:
        monitor = _ALIASES.get(monitor, monitor)
        if monitor not in (
            "train_loss",
            "test_loss",
            "train_accuracy",
            "test_accuracy",
        ):
            raise EngineError(
                "early_stopping: 'monitor' expected train_loss, test_loss, "
                f"train_accuracy or test_accuracy, found {monitor!r}"
            )
        if isinstance(patience, bool) or not isinstance(patience, int) or patience < 0:
            raise EngineError(
                "early_stopping: 'patience' expected a whole number >= 0, "
                f"found {patience!r}"
            )
        if not isinstance(min_delta, numbers.Real) or not min_delta >= 0:
            raise EngineError(
                "early_stopping: 'min_delta' expected a number >= 0, "
                f"found {min_delta!r}"
            )
        self.monitor = monitor
        self.patience = patience
        self.min_delta = float(min_delta)
        self.restore_best_weights = bool(restore_best_weights)
        self.sign = 1.0 if monitor.endswith("loss") else -1.0  # minimise sign * value
        self.best = math.inf
        self.best_epoch = 0
        self.wait = 0
        self.best_weights: dict[str, np.ndarray] | None = None

    def update(self, epoch: int, value: float, weights_getter) -> bool:
        """Record the epoch's ``value``; True when training should stop."""
        score = self.sign * value
        if math.isfinite(score) and score < self.best - self.min_delta:
            self.best, self.best_epoch, self.wait = score, epoch, 0
            if self.restore_best_weights:
                self.best_weights = weights_getter()
            return False
        self.wait += 1
        return self.wait >= self.patience

    @property
    def best_value(self) -> float:
        return self.sign * self.best

    def get_state(self) -> dict[str, Any]:
        return {
            "best": self.best,
            "best_epoch": self.best_epoch,
            "wait": self.wait,
            "best_weights": self.best_weights,
        }

    def set_state(self, state: dict[str, Any]) -> None:
        self.best, self.best_epoch = state["best"], state["best_epoch"]
        self.wait, self.best_weights = state["wait"], state["best_weights"]


def create_early_stopping(config: Any) -> EarlyStopping | None:
    """From the design's ``early_stopping`` (None or ``{"enabled": False}``: off)."""
    if config is None or config is False:
        return None
    if isinstance(config, EarlyStopping):
        return config
    if not isinstance(config, dict):
        raise EngineError(
            "early_stopping must be a dict like "
            "{'monitor': 'test_loss', 'patience': 5}, "
            f"found {config!r}"
        )
    args = {k: v for k, v in config.items() if k != "enabled"}
    if config.get("enabled", True) is False:
        return None
    try:
        return EarlyStopping(**args)
    except TypeError:
        raise EngineError(
            "early_stopping takes monitor, patience, min_delta and "
            f"restore_best_weights, found {sorted(args)}"
        ) from None


def capture(trainer: Any) -> Snapshot:
    """The trainer's state now (at an epoch boundary)."""
    net = trainer.network
    early = trainer.early_stopping
    return Snapshot(
        epoch=trainer.epoch,
        iteration=trainer.iteration,
        elapsed=trainer.elapsed,
        weights=net.get_state(),
        optimizer=trainer.optimizer.get_state(),
        # ``bit_generator.state`` builds a new dict of immutable values on each read
        rng_state=trainer.rng.bit_generator.state,
        layer_rng_states={
            k: r.bit_generator.state for k, r in net.layer_rngs().items()
        },
        base_learning_rate=trainer.base_learning_rate,
        early_stopping=None if early is None else early.get_state(),
    )


def restore(trainer: Any, snap: Snapshot) -> None:
    """Put the trainer back in the state ``snap`` recorded (arrays are copied in)."""
    net = trainer.network
    net.set_state(snap.weights)
    trainer.optimizer.set_state(snap.optimizer)  # copies the slot arrays in
    trainer.rng.bit_generator.state = snap.rng_state
    for key, rng in net.layer_rngs().items():
        if key in snap.layer_rng_states:
            rng.bit_generator.state = snap.layer_rng_states[key]
    trainer.epoch, trainer.iteration = snap.epoch, snap.iteration
    trainer.elapsed = snap.elapsed
    trainer.base_learning_rate = snap.base_learning_rate
    if trainer.early_stopping is not None and snap.early_stopping is not None:
        trainer.early_stopping.set_state(snap.early_stopping)
