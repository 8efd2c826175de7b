"""Events the trainer yields: after every batch, after every epoch, and when it stops.

Counters are 1-based as a student reads them ("epoch 3, batch 7"); ``iteration`` is
the number of optimizer steps taken so far. ``elapsed`` is training time in seconds
(time spent inside the trainer, pauses excluded).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class BatchEvent:
    """One optimizer step: the batch's loss (with any weight penalty)."""

    epoch: int
    batch: int
    iteration: int
    loss: float
    learning_rate: float
    elapsed: float
    batch_size: int


@dataclass(slots=True)
class EpochEvent:
    """End of an epoch: mean train loss over its batches, test loss, metrics.

    ``metrics`` maps names such as ``train_accuracy`` and ``test_accuracy`` to floats;
    ``test_loss`` is None without a test set.
    """

    epoch: int
    batch: int
    iteration: int
    train_loss: float
    test_loss: float | None
    metrics: dict[str, float] = field(default_factory=dict)
    learning_rate: float = 0.0
    elapsed: float = 0.0


@dataclass(slots=True)
class DivergenceEvent:
    """Training stopped on a non-finite loss or gradient; the weights of the step
    before are in place. ``message`` is the sentence for the student."""

    epoch: int
    batch: int
    iteration: int
    message: str
    learning_rate: float
    elapsed: float


@dataclass(slots=True)
class EarlyStopEvent:
    """Early stopping ended the run (``best_epoch``'s weights restored if asked)."""

    epoch: int
    iteration: int
    best_epoch: int
    best_value: float
    message: str
    elapsed: float


Event = BatchEvent | EpochEvent | DivergenceEvent | EarlyStopEvent
