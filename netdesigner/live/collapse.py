"""Noticing a run that has collapsed although no number became NaN.

A learning rate far too high can leave every ReLU unit of a layer dead: the output
no longer depends on the input and the accuracy sits at chance until the epoch
limit, with finite losses, so the trainer's NaN check never fires. ``CollapseWatch``
looks at the end of each epoch for three signs and says, in a sentence, what
happened and what to try:

* every ReLU unit of a layer is dead on a fixed handful of training samples;
* the accuracy was well above chance and has fallen back to it;
* the training loss has grown a hundredfold over its lowest value and tenfold over
  its first, since the last change of a live setting (a tiny loss that a new
  regularisation raises is not an explosion), and is worse than the untrained
  network's first epoch (a converged run that a larger step makes wobble is not).

Each sign is reported once per session (after Play the student may watch on).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from netdesigner.i18n import N_, _

REACTIONS = ("pause", "warn", "off")
"""What a run does on a collapse: pause, say so and go on, or nothing."""

CHANCE_MARGIN = 0.05
"""Accuracy within this of chance counts as chance."""
ABOVE_CHANCE = 0.15
"""The accuracy must once have been this far above chance before it "falls"."""
CHANCE_EPOCHS = 3
"""Epochs in a row at chance before the fall is reported."""
EXPLOSION = 100.0
"""Training loss this many times its lowest value counts as exploding..."""
ABOVE_FIRST = 10.0
"""...when it is also this many times the first epoch's."""
SAMPLES = 256
"""Training samples on which dead units are looked for."""

ADVICE = N_(
    "Try a learning rate 10 times smaller, then press Reset; the Layers tab shows "
    "each layer's dead and saturated units."
)


class CollapseWatch:
    """Looks for a collapse at the end of each epoch of one session."""

    def __init__(self, session: Any) -> None:
        self.session = session
        ds = session.dataset
        x = ds.transform(ds.x_train[:SAMPLES])
        self._x = np.asarray(x, dtype=session.network.dtype)
        self._chance = _chance(ds.y_train) if ds.info.task == "classification" else None
        self._told: set[str] = set()
        self._since = 0  # history index from which losses are compared

    def settings_changed(self) -> None:
        """A live setting changed (learning rate, regularisation): the loss from the
        next epoch on is compared only with itself, so a penalty that raises a tiny
        loss is not taken for an explosion."""
        self._since = len(self.session.trainer.history.get("train_loss") or [])

    def check(self) -> str | None:
        """A sentence about a new sign of collapse at this epoch, else None."""
        trainer = self.session.trainer
        history = trainer.history
        epoch = int(trainer.epoch)
        for sign, finding in (
            ("dead", self._dead_layer),
            ("chance", lambda: self._at_chance(history)),
            ("explosion", lambda: self._exploded(history, self._since)),
        ):
            if sign in self._told:
                continue
            what = finding()
            if what:
                self._told.add(sign)
                return _(
                    "Training collapsed at epoch {epoch}: {what}. {advice}"
                ).format(epoch=epoch, what=what, advice=_(ADVICE))
        return None

    def _dead_layer(self) -> str | None:
        from netdesigner.engine.diagnostics import layer_statistics

        for row in layer_statistics(self.session.network, self._x):
            if (
                row["activation"] == "relu"
                and row["units"]
                and row["dead"] == row["units"]
            ):
                return _(
                    "every ReLU unit of '{layer}' is dead (never positive on the "
                    "training samples), so the output no longer depends on the input"
                ).format(layer=row["id"])
        return None

    def _at_chance(self, history: dict[str, list[float]]) -> str | None:
        accuracy = history.get("train_accuracy") or []
        if self._chance is None or len(accuracy) <= CHANCE_EPOCHS:
            return None
        recent, before = accuracy[-CHANCE_EPOCHS:], accuracy[:-CHANCE_EPOCHS]
        floor = self._chance + CHANCE_MARGIN
        if max(before) < self._chance + ABOVE_CHANCE or max(recent) > floor:
            return None
        return _(
            "the training accuracy fell from {best} to {now}, which is chance "
            "({chance}: always guessing the most common class)"
        ).format(
            best=f"{max(before):.0%}",
            now=f"{recent[-1]:.0%}",
            chance=f"{self._chance:.0%}",
        )

    @staticmethod
    def _exploded(history: dict[str, list[float]], since: int = 0) -> str | None:
        everything = [v for v in history.get("train_loss") or [] if math.isfinite(v)]
        recorded = (history.get("train_loss") or [])[since:]
        losses = [v for v in recorded if math.isfinite(v)]
        if len(losses) < 2:
            return None
        lowest = min(losses[:-1])
        last = losses[-1]
        if lowest <= 0.0 or last < EXPLOSION * lowest or last < ABOVE_FIRST * losses[0]:
            return None
        if last < everything[0]:
            # still better than the untrained network: a converged run that a
            # larger step makes wobble has not exploded
            return None
        return _(
            "the training loss grew from {lowest} to {last} without becoming NaN"
        ).format(lowest=f"{lowest:.3g}", last=f"{last:.3g}")


def _chance(labels: Any) -> float:
    """The share of the most common class: the accuracy of always guessing it.

    labels : (N,) class indices or -1/+1, or (N, K) one-hot rows.
    """
    y = np.asarray(labels)
    if y.ndim > 1 and y.shape[-1] > 1:
        y = y.argmax(axis=-1)
    _, counts = np.unique(y.reshape(-1), return_counts=True)
    return float(counts.max() / counts.sum()) if counts.size else 0.0
