"""Epoch snapshots (for stepping back) and early stopping, used by the trainer.

A ``Snapshot`` holds everything that decides the rest of a run: weights and buffers,
optimizer slots and counters, the shuffling generator's state and every layer's
generator state (Dropout masks), the base learning rate and the early-stopping
state. Restoring one and training again gives the same numbers, bit for bit.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from netdesigner.engine.errors import EngineError
from netdesigner.engine.network import Network
from netdesigner.engine.optimizers import Optimizer
from netdesigner.engine.run_state import RunState

#: bytes that epoch snapshots may take together: a big network keeps fewer epochs to
#: step back to instead of multiplying its memory by ``snapshot_limit``
SNAPSHOT_BUDGET = 256 * 2**20

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
    rng_state: Mapping[str, Any]
    layer_rng_states: dict[str, Mapping[str, Any]]
    base_learning_rate: float
    early_stopping: dict[str, Any] | None


def snapshot_bytes(snap: Snapshot) -> int:
    """Bytes of the arrays a snapshot holds (weights, buffers, optimizer slots)."""
    arrays = [*snap.weights, *_arrays_in(snap.optimizer)]
    return sum(int(a.nbytes) for a in arrays)


def _arrays_in(value: Any) -> list[np.ndarray]:
    if isinstance(value, np.ndarray):
        return [value]
    if isinstance(value, Mapping):
        return [a for v in value.values() for a in _arrays_in(v)]
    if isinstance(value, list | tuple):
        return [a for v in value for a in _arrays_in(v)]
    return []


def affordable_count(first: Snapshot, limit: int, budget: int | None = None) -> int:
    """How many snapshots like ``first`` to keep: ``limit`` at most, as many as fit
    in ``budget``, and never fewer than two unless ``limit`` says so (two: one
    epoch can always be undone)."""
    limit = max(1, limit)
    budget = SNAPSHOT_BUDGET if budget is None else budget
    size = max(1, snapshot_bytes(first))
    return max(min(limit, 2), min(limit, budget // size))


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
        self.monitor: str = monitor
        self.patience: int = patience
        self.min_delta: float = float(min_delta)
        self.restore_best_weights: bool = bool(restore_best_weights)
        # minimise sign * value
        self.sign: float = 1.0 if monitor.endswith("loss") else -1.0
        self.best: float = math.inf
        self.best_epoch: int = 0
        self.wait: int = 0
        self.best_weights: dict[str, np.ndarray] | None = None

    def update(
        self,
        epoch: int,
        value: float,
        weights_getter: Callable[[], dict[str, np.ndarray]],
    ) -> bool:
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


def capture(
    state: RunState,
    network: Network,
    optimizer: Optimizer,
    rng: np.random.Generator,
    early: EarlyStopping | None,
) -> Snapshot:
    """The run's state now (at an epoch boundary)."""
    return Snapshot(
        epoch=state.epoch,
        iteration=state.iteration,
        elapsed=state.elapsed,
        weights=network.get_state(),
        optimizer=optimizer.get_state(),
        # ``bit_generator.state`` builds a new dict of immutable values on each read
        rng_state=rng.bit_generator.state,
        layer_rng_states={
            k: r.bit_generator.state for k, r in network.layer_rngs().items()
        },
        base_learning_rate=state.base_learning_rate,
        early_stopping=None if early is None else early.get_state(),
    )


def restore(
    snap: Snapshot,
    state: RunState,
    network: Network,
    optimizer: Optimizer,
    rng: np.random.Generator,
    early: EarlyStopping | None,
) -> None:
    """Put the run back where ``snap`` recorded it (arrays are copied in)."""
    network.set_state(snap.weights)
    optimizer.set_state(snap.optimizer)  # copies the slot arrays in
    rng.bit_generator.state = snap.rng_state
    for key, layer_rng in network.layer_rngs().items():
        if key in snap.layer_rng_states:
            layer_rng.bit_generator.state = snap.layer_rng_states[key]
    state.epoch, state.iteration = snap.epoch, snap.iteration
    state.elapsed = snap.elapsed
    state.base_learning_rate = snap.base_learning_rate
    if early is not None and snap.early_stopping is not None:
        early.set_state(snap.early_stopping)
