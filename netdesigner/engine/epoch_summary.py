"""What the trainer does at the end of an epoch: the history row (losses and
metrics), the checks for overflow, the early-stopping decision and the snapshot."""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from typing import Any

import numpy as np

from netdesigner.engine import snapshots
from netdesigner.engine.events import DivergenceEvent, EarlyStopEvent, EpochEvent, Event
from netdesigner.engine.metrics import METRICS
from netdesigner.engine.threads import quiet_off, quiet_on

#: history keys that are not metrics
BASIC_KEYS = ("epoch", "train_loss", "test_loss", "learning_rate")


def choose_metrics(metrics: Any, class_like: bool) -> tuple[str, ...]:
    """The metric names to compute: accuracy for class-like targets, else rmse, r2."""
    if metrics is None:
        metrics = ("accuracy",) if class_like else ("rmse", "r2")
    for name in metrics:
        METRICS.get(name)  # an unknown name fails now, with the known names
    return tuple(metrics)


def epoch_row(trainer: Any) -> dict[str, Any]:
    """The epoch's history entry: mean train loss over its batches (with weight
    penalties, as tf.keras), train metrics over its batch outputs, test loss and
    metrics with the epoch's final weights."""
    data, metrics, threshold = trainer.data, trainer.metrics, trainer.threshold
    row: dict[str, Any] = {
        "epoch": trainer.epoch,
        "train_loss": trainer._loss_sum / data.n_train,
        "learning_rate": trainer.optimizer.learning_rate,
    }
    for name in metrics:
        row[f"train_{name}"] = METRICS.get(name)(data.outputs, data.ts, threshold)
    if data.has_test:
        penalty = sum(reg.penalty(w) for reg, w, _ in trainer.network.regularizers)
        row["test_loss"] = data.evaluate(trainer._fused) + penalty
        for name in metrics:
            row[f"test_{name}"] = METRICS.get(name)(
                data.test_outputs, data.t_test, threshold
            )
    return row


def check_early_stop(trainer: Any, row: dict[str, Any]) -> EarlyStopEvent | None:
    """Feed the row to early stopping; on a stop restore the best weights (if asked)
    and return the event."""
    early = trainer.early_stopping
    if early is None:
        return None
    monitor = early.monitor
    if monitor not in row:
        monitor = monitor.replace("test_", "train_")  # no test set: watch training
    if not early.update(trainer.epoch, row[monitor], trainer.network.get_weights):
        return None
    restored = early.restore_best_weights and early.best_weights is not None
    if restored:
        trainer.network.set_weights(early.best_weights)
    message = (
        f"early stopping after epoch {trainer.epoch}: {monitor} has not improved for "
        f"{early.wait} epoch{'s' if early.wait != 1 else ''} (best "
        f"{early.best_value:.4g} at epoch {early.best_epoch}"
        + ("; its weights were restored)" if restored else ")")
    )
    trainer.finished, trainer.stop_reason = True, message
    return EarlyStopEvent(
        trainer.epoch,
        trainer.iteration,
        early.best_epoch,
        early.best_value,
        message,
        trainer.elapsed,
    )


def end_epoch(trainer: Any) -> Iterator[Event]:
    """Close the epoch: history row, overflow check, early stopping, snapshot; yield
    the EpochEvent (and an EarlyStopEvent), or a DivergenceEvent."""
    t0 = time.perf_counter()
    trainer.epoch += 1
    trainer._pos = 0
    quiet = None if trainer._quiet_outside else quiet_on()
    try:
        row, bad = _row_checked(trainer)
    finally:
        if quiet is not None:
            quiet_off(quiet)
    batches = math.ceil(trainer.data.n_train / trainer._epoch_bs)
    if bad is not None:
        # finite batch losses, yet the weights or a loss over a whole set overflowed:
        # go back to the start of this epoch
        epoch = trainer.epoch
        snapshots.restore(trainer, trainer._snapshots[-1])
        before = f"the end of epoch {epoch - 1}" if epoch > 1 else "before training"
        yield divergence_event(
            trainer,
            bad[0],
            bad[1],
            f"at the end of epoch {epoch}",
            f"The weights from {before} are restored.",
            epoch,
            batches,
        )
        return
    history = trainer.history
    for key, value in row.items():
        history.setdefault(key, []).append(value)
    trainer.elapsed += time.perf_counter() - t0
    history.setdefault("elapsed", []).append(trainer.elapsed)
    stop = check_early_stop(trainer, row)
    trainer._snapshots.append(snapshots.capture(trainer))
    trainer._more_pending = stop is not None
    metrics = {k: v for k, v in row.items() if k not in BASIC_KEYS}
    yield EpochEvent(
        trainer.epoch,
        batches,
        trainer.iteration,
        row["train_loss"],
        row.get("test_loss"),
        metrics,
        trainer.optimizer.learning_rate,
        trainer.elapsed,
    )
    if stop is not None:
        trainer._more_pending = False
        yield stop


def _row_checked(trainer: Any) -> tuple[dict[str, Any], tuple[str, float] | None]:
    """The epoch's history row, and (what, value) when something is not finite."""
    if not np.isfinite(trainer.network.flat_params).all():
        return {}, ("weights", math.inf)
    row = epoch_row(trainer)
    for key in ("train_loss", "test_loss"):
        if key in row and not math.isfinite(row[key]):
            return row, (key.replace("_", " "), row[key])
    return row, None


def mid_epoch_divergence(
    trainer: Any, what: str, value: float, start: int, buffers: list
) -> DivergenceEvent:
    """Stop in the middle of an epoch: put back the batch-norm statistics the
    failing batch changed (``buffers``: (live, saved) pairs); the weights in place
    are those from before the batch."""
    for live, saved in buffers:
        np.copyto(live, saved)
    batch = start // trainer._epoch_bs + 1
    where = f"at epoch {trainer.epoch + 1}, batch {batch}"
    kept = "The weights from before that batch are kept."
    return divergence_event(trainer, what, value, where, kept, trainer.epoch + 1, batch)


def divergence_event(
    trainer: Any, what: str, value: float, where: str, kept: str, epoch: int, batch: int
) -> DivergenceEvent:
    """Mark the trainer as diverged; the event with the student's sentence."""
    state = "NaN" if math.isnan(value) else "infinite"
    lr = trainer.optimizer.learning_rate
    message = (
        f"the {what} became {state} {where}; the learning rate {_number(lr)} is "
        f"probably too high (try {_number(lr / 10)}). {kept}"
    )
    trainer.finished = trainer.diverged = True
    trainer.stop_reason = message
    return DivergenceEvent(
        epoch, batch, trainer.iteration, message, lr, trainer.elapsed
    )


def _number(x: float) -> str:
    """A rate as a student writes it: 3.0, 0.03, 1e-05."""
    text = f"{x:.6g}"
    return text if "." in text or "e" in text else text + ".0"
