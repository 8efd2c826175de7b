"""Where a training run stands: the counters and flags the trainer shares with
``epoch_summary`` (closing an epoch) and ``snapshots`` (stepping back).

The trainer owns one ``RunState`` and passes it to those modules; they change the
run only through it, never through the trainer's attributes. Slots keep attribute
access as cheap as a local-ish lookup in the per-batch loop, which reads the state
through a local name.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class RunState:
    """The mutable state of one training run.

    epoch : completed epochs; iteration : batches trained so far; elapsed : seconds
    spent training; base_learning_rate : the rate a schedule scales. Within an epoch:
    pos (samples done), epoch_batch_size (the batch size fixed at the epoch's start)
    and loss_sum (sum of batch loss times batch size). finished / diverged /
    stop_reason tell why a run ended; history maps a key (``train_loss``, ...) to
    one value per completed epoch. more_pending: the generator has another event
    ready without training (the events after an epoch's last batch);
    quiet_outside: floating-point warnings are already silenced by the caller.
    """

    base_learning_rate: float
    epoch: int = 0
    iteration: int = 0
    elapsed: float = 0.0
    pos: int = 0
    epoch_batch_size: int = 1
    loss_sum: float = 0.0
    finished: bool = False
    diverged: bool = False
    stop_reason: str | None = None
    more_pending: bool = False
    quiet_outside: bool = False
    history: dict[str, list[float]] = field(default_factory=dict)

    def stop(self, reason: str, *, diverged: bool = False) -> None:
        """Mark the run as ended for ``reason`` (a sentence for the student)."""
        self.finished, self.diverged, self.stop_reason = True, diverged, reason

    def resume(self) -> None:
        """Clear a stop, so that training can go on."""
        self.finished = self.diverged = False
        self.stop_reason = None
