"""What an epoch's end means: the history row (losses and metrics), the check for
overflow, the early-stopping decision and the sentences a stop gives the student.

The trainer closes each epoch with these functions; they read what they are given
and change the run only through its ``RunState``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from netdesigner.engine.events import DivergenceEvent, EarlyStopEvent
from netdesigner.engine.losses import Loss
from netdesigner.engine.metrics import METRICS
from netdesigner.engine.network import Network
from netdesigner.engine.run_state import RunState
from netdesigner.engine.snapshots import EarlyStopping
from netdesigner.engine.training_data import TrainingData
from netdesigner.i18n import N_, _

#: what became NaN or infinite, as the divergence sentence names it
DIVERGED = {
    "loss": N_("the loss"),
    "gradients": N_("the gradients"),
    "weights": N_("the weights"),
    "train loss": N_("the train loss"),
    "test loss": N_("the test loss"),
}

#: history keys that are not metrics
BASIC_KEYS = ("epoch", "train_loss", "test_loss", "learning_rate")


def choose_metrics(
    metrics: Sequence[str] | None, class_like: bool, loss: Loss | None = None
) -> tuple[str, ...]:
    """The metric names to compute: the loss's own (detection: map50), else
    accuracy for class-like targets, else rmse, r2."""
    if metrics is None and loss is not None:
        metrics = loss.default_metrics
    if metrics is None:
        metrics = ("accuracy",) if class_like else ("rmse", "r2")
    for name in metrics:
        metric_function(loss, name)  # an unknown name fails now, with the known names
    return tuple(metrics)


def metric_function(loss: Loss | None, name: str) -> Callable[..., float]:
    """The metric ``name``: the loss's own when it has one, else from ``METRICS``."""
    own = None if loss is None else loss.metric_function(name)
    return own if own is not None else METRICS.get(name)


def epoch_row(
    state: RunState,
    data: TrainingData,
    network: Network,
    *,
    learning_rate: float,
    metrics: tuple[str, ...],
    threshold: float,
    fused: bool,
) -> dict[str, Any]:
    """The epoch's history entry: mean train loss over its batches (with weight
    penalties, as tf.keras), train metrics over its batch outputs, test loss and
    metrics with the epoch's final weights."""
    row: dict[str, Any] = {
        "epoch": state.epoch,
        "train_loss": state.loss_sum / data.n_train,
        "learning_rate": learning_rate,
    }
    for name in metrics:
        metric = metric_function(data.loss, name)
        row[f"train_{name}"] = metric(data.outputs, data.ts, threshold)
    if data.has_test:
        penalty = sum(reg.penalty(w) for reg, w, _ in network.regularizers)
        row["test_loss"] = data.evaluate(fused) + penalty
        for name in metrics:
            metric = metric_function(data.loss, name)
            row[f"test_{name}"] = metric(data.test_outputs, data.t_test, threshold)
    return row


def checked_row(
    state: RunState, data: TrainingData, network: Network, **settings: Any
) -> tuple[dict[str, Any], tuple[str, float] | None]:
    """The epoch's history row (``settings``: as ``epoch_row``), and (what, value)
    when the weights or a loss are not finite."""
    if not np.isfinite(network.flat_params).all():
        return {}, ("weights", math.inf)
    row = epoch_row(state, data, network, **settings)
    for key in ("train_loss", "test_loss"):
        if key in row and not math.isfinite(row[key]):
            return row, (key.replace("_", " "), row[key])
    return row, None


def check_early_stop(
    early: EarlyStopping | None,
    row: dict[str, Any],
    state: RunState,
    network: Network,
) -> EarlyStopEvent | None:
    """Feed the row to early stopping; on a stop restore the best weights (if asked),
    mark the run finished and return the event."""
    if early is None:
        return None
    monitor = early.monitor
    if monitor not in row:
        monitor = monitor.replace("test_", "train_")  # no test set: watch training
    if not early.update(state.epoch, row[monitor], network.get_weights):
        return None
    best_weights = early.best_weights if early.restore_best_weights else None
    if best_weights is not None:
        network.set_weights(best_weights)
    message = (
        f"early stopping after epoch {state.epoch}: {monitor} has not improved for "
        f"{early.wait} epoch{'s' if early.wait != 1 else ''} (best "
        f"{early.best_value:.4g} at epoch {early.best_epoch}"
        + ("; its weights were restored)" if best_weights is not None else ")")
    )
    state.stop(message)
    return EarlyStopEvent(
        state.epoch,
        state.iteration,
        early.best_epoch,
        early.best_value,
        message,
        state.elapsed,
    )


def mid_epoch_divergence(
    state: RunState,
    what: str,
    value: float,
    start: int,
    buffers: list[tuple[np.ndarray, np.ndarray]],
    learning_rate: float,
) -> DivergenceEvent:
    """Stop in the middle of an epoch: put back the batch-norm statistics the
    failing batch changed (``buffers``: (live, saved) pairs); the weights in place
    are those from before the batch."""
    for live, saved in buffers:
        np.copyto(live, saved)
    batch = start // state.epoch_batch_size + 1
    where = _("at epoch {epoch}, batch {batch}").format(
        epoch=state.epoch + 1, batch=batch
    )
    kept = _("The weights from before that batch are kept.")
    return divergence_event(
        state, what, value, where, kept, state.epoch + 1, batch, learning_rate
    )


def divergence_event(
    state: RunState,
    what: str,
    value: float,
    where: str,
    kept: str,
    epoch: int,
    batch: int,
    learning_rate: float,
) -> DivergenceEvent:
    """Mark the run as diverged; the event with the student's sentence."""
    kind = "NaN" if math.isnan(value) else _("infinite")
    lr = learning_rate
    name = _(DIVERGED[what]) if what in DIVERGED else what
    message = _(
        "{what} became {kind} {where}; the learning rate {rate} is probably too "
        "high (try {smaller}). {kept}"
    ).format(
        what=name,
        kind=kind,
        where=where,
        rate=_number(lr),
        smaller=_number(lr / 10),
        kept=kept,
    )
    state.stop(message, diverged=True)
    return DivergenceEvent(epoch, batch, state.iteration, message, lr, state.elapsed)


def _number(x: float) -> str:
    """A rate as a student writes it: 3.0, 0.03, 1e-05."""
    text = f"{x:.6g}"
    return text if "." in text or "e" in text else text + ".0"
