"""Rosenblatt's perceptron rule for one step-activation neuron, as the course teaches.

The network is ``Input(n) -> Dense(units=1, activation="step")``. For each training
sample in turn (a "batch" of one)::

    y = step(x · w + b)          # 1 when x · w + b >= 0, else 0
    w += lr · (t − y) · x
    b += lr · (t − y)

It converges on linearly separable sets (AND, OR) and never on XOR. The events are
the trainer's: a ``BatchEvent`` per sample (loss = |t − y|, 0 or 1), an
``EpochEvent`` per pass (train_loss = fraction misclassified, train_accuracy), and an
``EarlyStopEvent`` once a whole epoch makes no mistake (``stop_when_converged``).
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Iterator

import numpy as np

from netdesigner.engine.errors import EngineError
from netdesigner.engine.events import BatchEvent, EarlyStopEvent, EpochEvent, Event
from netdesigner.engine.network import Network


class PerceptronTrainer:
    """Trains a single step neuron with the perceptron rule; targets are 0/1."""

    def __init__(
        self,
        network: Network,
        x_train: np.ndarray,
        y_train: np.ndarray,
        x_test: np.ndarray | None = None,
        y_test: np.ndarray | None = None,
        *,
        epochs: int = 20,
        learning_rate: float = 1.0,
        rng: np.random.Generator | None = None,
        shuffle: bool = True,
        stop_when_converged: bool = True,
        snapshot_limit: int = 20,
    ) -> None:
        self.network = network
        self.layer = self._neuron(network)
        self.x = np.asarray(x_train, dtype=np.float64)
        self.t = self._targets(y_train, len(self.x))
        self.x_test = None if x_test is None else np.asarray(x_test, dtype=np.float64)
        self.t_test = (
            None
            if y_test is None or self.x_test is None
            else self._targets(y_test, len(self.x_test))
        )
        if self.x.shape[1:] != network.input_shape:
            raise EngineError(
                f"the perceptron's Input expects inputs of shape (N, "
                f"{network.input_shape[0]}), found {self.x.shape}"
            )
        self.epochs, self.learning_rate = epochs, float(learning_rate)
        self.rng = np.random.default_rng(0) if rng is None else rng
        self.shuffle, self.stop_when_converged = shuffle, stop_when_converged
        self.epoch = self.iteration = 0
        self.elapsed = 0.0
        self.finished = self.diverged = False
        self.stop_reason: str | None = None
        self.loss = None  # the rule uses no loss function
        self.history: dict[str, list[float]] = {}
        self._gen: Iterator[Event] | None = None
        self._epoch_done = False
        self._snapshots: deque[tuple] = deque(maxlen=max(1, snapshot_limit))
        self._snapshots.append(self._capture())

    @staticmethod
    def _neuron(network: Network):
        layers = [network.layers[i] for i in network.order[1:]]
        ok = len(layers) == 1 and getattr(layers[0], "units", None) == 1
        if not ok or layers[0].activation_name != "step":
            raise EngineError(
                "the perceptron rule trains a network of exactly one Dense layer with "
                "units=1 and activation 'step' after the Input"
            )
        return layers[0]

    @staticmethod
    def _targets(y: np.ndarray, n: int) -> np.ndarray:
        t = np.asarray(y, dtype=np.float64).reshape(-1)
        if len(t) != n or not np.all((t == 0) | (t == 1)):
            raise EngineError(
                f"the perceptron needs one 0/1 target per input ({n}), found "
                f"{len(t)} targets with values {sorted(set(t.tolist()))[:5]}"
            )
        return t

    # -- settings and stepping back (the Trainer's interface) -----------------------
    def set_learning_rate(self, learning_rate: float) -> None:
        """Use ``learning_rate`` from the next sample on."""
        if not (isinstance(learning_rate, int | float) and learning_rate > 0):
            raise EngineError(
                f"the learning rate must be a positive number, found {learning_rate!r}"
            )
        self.learning_rate = float(learning_rate)

    def set_epochs(self, epochs: int) -> None:
        if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 0:
            raise EngineError(f"epochs must be a whole number >= 0, found {epochs!r}")
        self.epochs = epochs

    def set_regularization(self, l1: float = 0.0, l2: float = 0.0) -> None:
        if l1 or l2:
            raise EngineError(
                "the perceptron rule has no weight penalty; L1/L2 apply to networks "
                "trained by gradient descent"
            )

    def _capture(self) -> tuple:
        return (
            self.epoch,
            self.iteration,
            self.network.get_weights(),
            self.rng.bit_generator.state,
        )

    def step_back(self) -> int:
        """Back to the start of the current epoch (mid-epoch) or the previous one."""
        if self.iteration == self._snapshots[-1][1]:  # at an epoch's end: go back one
            if len(self._snapshots) < 2:
                raise EngineError("there is no earlier epoch to step back to")
            self._snapshots.pop()
        epoch, iteration, weights, rng_state = self._snapshots[-1]
        self.network.set_weights(weights)
        self.rng.bit_generator.state = rng_state
        self.epoch, self.iteration = epoch, iteration
        for values in self.history.values():
            del values[epoch:]
        self._gen, self._epoch_done, self.finished = None, False, False
        return epoch

    def predict(self, x: np.ndarray) -> np.ndarray:
        """0/1 outputs ``(N, 1)`` of the step neuron."""
        return self.network.predict(x)

    # -- driving (the Trainer's interface) ---------------------------------------
    def events(self) -> Iterator[Event]:
        while (event := self._next()) is not None:
            yield event

    def step_batch(self) -> list[Event]:
        """One sample; plus the EpochEvent (and stop) when it ended an epoch."""
        out = []
        while (event := self._next()) is not None:
            out.append(event)
            if not (isinstance(event, BatchEvent) and self._epoch_done) and not (
                isinstance(event, EpochEvent) and self.finished
            ):
                break
        return out

    def step_epoch(self) -> list[Event]:
        out = []
        while (event := self._next()) is not None:
            out.append(event)
            if isinstance(event, EarlyStopEvent) or (
                isinstance(event, EpochEvent) and not self.finished
            ):
                break
        return out

    def _next(self) -> Event | None:
        if self._gen is None:
            self._gen = self._run()
        try:
            return next(self._gen)
        except StopIteration:
            self._gen = None
            return None

    def _run(self) -> Iterator[Event]:
        w, b = self.layer.params["kernel"], self.layer.params.get("bias")
        while self.epoch < self.epochs and not self.finished:
            order = (
                self.rng.permutation(len(self.x))
                if self.shuffle
                else range(len(self.x))
            )
            errors = 0
            for k, i in enumerate(order):
                t0 = time.perf_counter()
                x = self.x[i]
                z = float(x @ w[:, 0]) + (float(b[0]) if b is not None else 0.0)
                err = self.t[i] - (1.0 if z >= 0 else 0.0)
                lr = self.learning_rate  # may change between samples
                if err:
                    errors += 1
                    w[:, 0] += lr * err * x
                    if b is not None:
                        b[0] += lr * err
                self.iteration += 1
                self._epoch_done = k == len(order) - 1
                self.elapsed += time.perf_counter() - t0
                yield BatchEvent(
                    self.epoch + 1, k + 1, self.iteration, abs(err), lr, self.elapsed, 1
                )
            yield from self._end_epoch(errors)

    def _end_epoch(self, errors: int) -> Iterator[Event]:
        self.epoch += 1
        row = {
            "epoch": self.epoch,
            "train_loss": errors / len(self.x),
            "learning_rate": self.learning_rate,
        }
        row["train_accuracy"] = self._accuracy(self.x, self.t)
        if self.x_test is not None and self.t_test is not None and len(self.x_test):
            row["test_loss"] = 1.0 - self._accuracy(self.x_test, self.t_test)
            row["test_accuracy"] = 1.0 - row["test_loss"]
        for key, value in row.items():
            self.history.setdefault(key, []).append(value)
        converged = self.stop_when_converged and errors == 0
        self.finished = converged
        self._snapshots.append(self._capture())
        metrics = {k: v for k, v in row.items() if k.endswith("accuracy")}
        yield EpochEvent(
            self.epoch,
            len(self.x),
            self.iteration,
            row["train_loss"],
            row.get("test_loss"),
            metrics,
            self.learning_rate,
            self.elapsed,
        )
        if converged:
            yield EarlyStopEvent(
                self.epoch,
                self.iteration,
                self.epoch,
                0.0,
                f"the perceptron classifies every training sample correctly in epoch "
                f"{self.epoch}; it has converged",
                self.elapsed,
            )

    def _accuracy(self, x: np.ndarray, t: np.ndarray) -> float:
        y = self.network.predict(x)[:, 0]
        return float(np.mean(y == t)) if len(t) else math.nan
