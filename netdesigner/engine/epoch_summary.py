"""What the trainer does at the end of an epoch: the history row (losses and
metrics) and the early-stopping decision."""

from __future__ import annotations

from typing import Any

from netdesigner.engine.events import EarlyStopEvent
from netdesigner.engine.metrics import METRICS

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
