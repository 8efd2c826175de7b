"""A plain-text progress bar for ``netdesigner train``, written to stderr.

On a terminal one line is rewritten in place (``\\r``) at most ten times a second and
ends with a newline after the last epoch. Anywhere else (a log, a pipe) it writes one
line per epoch, thinned to about ``max_lines`` lines for long runs (the first and last
epochs always appear).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any, TextIO

from netdesigner.i18n import N_, _

BAR_WIDTH = 20
REDRAW_SECONDS = 0.1
#: the words for the trainer's metric names (others are shown with blanks for _)
METRIC_LABELS = {
    "accuracy": N_("accuracy"),
    "train_accuracy": N_("train accuracy"),
    "test_accuracy": N_("test accuracy"),
    "rmse": N_("RMSE"),
    "r2": N_("R²"),
}


def epoch_summary(event: Any) -> str:
    """``train loss 0.4123  test loss 0.45  test accuracy 84.2%`` for an epoch."""
    parts = [_("train loss {value}").format(value=_number(event.train_loss))]
    if getattr(event, "test_loss", None) is not None:
        parts.append(_("test loss {value}").format(value=_number(event.test_loss)))
    metrics = getattr(event, "metrics", None) or {}
    for name, value in metrics.items():
        if value is None:
            continue
        known = METRIC_LABELS.get(name)
        label = _(known) if known else name.replace("_", " ")
        text = f"{100 * value:.1f}%" if name.endswith("accuracy") else _number(value)
        parts.append(f"{label} {text}")
    return "  ".join(parts)


def _number(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return str(value)
    return f"{value:.4g}"


class ProgressBar:
    """Shows training progress; call ``batch``/``epoch`` with the trainer's events."""

    def __init__(
        self,
        stream: TextIO,
        epochs: int,
        batches_per_epoch: int,
        *,
        tty: bool | None = None,
        max_lines: int = 20,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.epochs = epochs
        self.batches = max(1, batches_per_epoch)
        self.tty = stream.isatty() if tty is None else tty
        self.every = max(1, math.ceil(epochs / max_lines))
        self.clock = clock
        self._last_draw = -math.inf
        self._summary = ""
        self._open_line = False
        self._width = 0

    def batch(self, event: Any) -> None:
        """Redraw the terminal line (rate-limited); nothing in a log."""
        if not self.tty or self.clock() - self._last_draw < REDRAW_SECONDS:
            return
        done = (event.epoch - 1) + min(event.batch, self.batches) / self.batches
        self._draw(done, _("loss {value}").format(value=_number(event.loss)))

    def epoch(self, event: Any) -> None:
        """Show the epoch's losses and metrics."""
        self._summary = epoch_summary(event)
        if self.tty:
            self._draw(event.epoch, self._summary, force=True)
        elif event.epoch % self.every == 0 or event.epoch in (1, self.epochs):
            line = _("epoch {epoch}/{epochs}").format(
                epoch=event.epoch, epochs=self.epochs
            )
            self.stream.write(f"{line}  {self._summary}\n")
            self.stream.flush()

    def note(self, message: str) -> None:
        """A message on its own line (e.g. why training stopped early)."""
        self.close()
        self.stream.write(" ".join(message.split()) + "\n")
        self.stream.flush()

    def close(self) -> None:
        """End the terminal line."""
        if self._open_line:
            self.stream.write("\n")
            self.stream.flush()
            self._open_line = False

    def _draw(self, epochs_done: float, text: str, force: bool = False) -> None:
        now = self.clock()
        if not force and now - self._last_draw < REDRAW_SECONDS:
            return
        self._last_draw = now
        filled = int(BAR_WIDTH * epochs_done / max(1, self.epochs))
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        epoch = min(self.epochs, math.floor(epochs_done) + (0 if force else 1))
        count = _("epoch {epoch}/{epochs}").format(epoch=epoch, epochs=self.epochs)
        line = f"{count} [{bar}] {text}"
        # plain text: blanks wipe what a longer previous line left behind
        self.stream.write("\r" + line.ljust(self._width))
        self._width = len(line)
        self.stream.flush()
        self._open_line = True
