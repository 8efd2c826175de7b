"""The trainer: mini-batch training as a generator of events.

::

    trainer = Trainer(net, "sparse_categorical_crossentropy", {"type": "adam"},
                      x_train, y_train, x_test, y_test, batch_size=64, epochs=5,
                      rng=np.random.default_rng(0), transform=to_float)
    for event in trainer.events():      # BatchEvent after every batch,
        ...                             # EpochEvent after every epoch
    trainer.history["test_accuracy"]

``step_batch()`` and ``step_epoch()`` advance by hand and return the events they
produced; ``step_back()`` restores the previous epoch exactly. Shapes: ``x_train``
is what ``transform`` takes (or already what the Input node receives) with samples
on the first axis; ``y_train`` is what the loss takes (see ``losses``).

Notes
-----
Speed: the per-batch loop runs on local names, a small Dense chain runs in the fused
kernel with the epoch's inputs loaded once (``dense_chain.EpochPlan``), and the
optimizer updates one flat parameter buffer: about 2 µs a batch on top of NumPy.
Divergence: the loss is checked before the backward pass and the gradient norm before
the update, so a non-finite value never reaches the weights: the weights in place
are those from before the failing batch. Batch-norm statistics, which a forward pass
changes, are copied before each batch when the network has any.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from netdesigner.engine import epoch_summary, snapshots
from netdesigner.engine.dense_chain import EpochPlan
from netdesigner.engine.errors import DivergenceError, EngineError
from netdesigner.engine.events import (
    BatchEvent,
    DivergenceEvent,
    EarlyStopEvent,
    EpochEvent,
    Event,
)
from netdesigner.engine.losses import Loss, create_loss, fuses_with
from netdesigner.engine.metrics import default_threshold
from netdesigner.engine.network import Network
from netdesigner.engine.optimizers import Optimizer, create_optimizer
from netdesigner.engine.regularizers import L1L2
from netdesigner.engine.run_state import RunState
from netdesigner.engine.schedules import create_schedule
from netdesigner.engine.threads import limit_blas_threads, quiet_off, quiet_on
from netdesigner.engine.training_data import TrainingData
from netdesigner.i18n import _

# the events are re-exported: ``from netdesigner.engine.trainer import BatchEvent``
__all__ = [
    "BatchEvent",
    "DivergenceEvent",
    "EarlyStopEvent",
    "EpochEvent",
    "Event",
    "Trainer",
]


class Trainer:
    """Trains ``network`` on ``(x_train, y_train)``; see the module docstring.

    ``metrics`` None picks accuracy for class-like targets, else rmse and r2.
    ``threshold`` (single-output accuracy) defaults to 0 for -1/+1 targets, else 0.5.
    ``early_stopping``: None or a dict (see ``snapshots.EarlyStopping``).
    ``snapshot_limit``: how many epoch snapshots ``step_back`` can reach (fewer,
    but at least two, when they would take more than ``snapshots.SNAPSHOT_BUDGET``).

    ``state`` (``RunState``) holds where the run stands; ``epoch``, ``iteration``,
    ``elapsed``, ``finished``, ``diverged``, ``stop_reason``, ``history`` and
    ``base_learning_rate`` read it. ``fused``: the loss is computed from the output
    layer's pre-activation (cross-entropy with its softmax or sigmoid).
    """

    def __init__(
        self,
        network: Network,
        loss: str | dict | Loss,
        optimizer: dict | Optimizer | None,
        x_train: np.ndarray,
        y_train: np.ndarray,
        x_test: np.ndarray | None = None,
        y_test: np.ndarray | None = None,
        *,
        batch_size: int = 32,
        epochs: int = 10,
        rng: np.random.Generator | None = None,
        schedule: Any = None,
        transform: Callable[[np.ndarray], np.ndarray] | None = None,
        metrics: tuple[str, ...] | list[str] | None = None,
        early_stopping: Any = None,
        snapshot_limit: int = 20,
        shuffle: bool = True,
        threshold: float | None = None,
        eval_batch_size: int = 1024,
        blas_threads: int | None = 1,
    ) -> None:
        limit_blas_threads(blas_threads)
        self.network = network
        self.loss = create_loss(loss)
        self.optimizer = (
            optimizer
            if isinstance(optimizer, Optimizer)
            else create_optimizer(optimizer)
        )
        self.loss.bind(network)
        self.optimizer.build(network.flat_params, network.param_sizes)
        self.rng = np.random.default_rng(0) if rng is None else rng
        self.set_batch_size(batch_size)
        self.set_epochs(epochs)
        self.schedule = create_schedule(schedule)
        self.schedule.set_total_epochs(epochs)
        self.state = RunState(base_learning_rate=self.optimizer.learning_rate)
        self.data = TrainingData(
            network,
            self.loss,
            x_train,
            y_train,
            x_test,
            y_test,
            transform,
            eval_batch_size,
        )
        self.shuffle = bool(shuffle)
        self.threshold = (
            default_threshold(self.data.t_train) if threshold is None else threshold
        )
        self.metrics = epoch_summary.choose_metrics(
            metrics, self.data.class_like, self.loss
        )
        self.early_stopping = snapshots.create_early_stopping(early_stopping)
        self.fused = fuses_with(self.loss, network.layers[network.output_id])
        self._plan: EpochPlan | None = None  # the epoch plan, when the kernel makes one
        self._gen: Iterator[Event] | None = None
        first = self._capture()
        self._snapshots: deque[snapshots.Snapshot] = deque(
            [first], maxlen=snapshots.affordable_count(first, snapshot_limit)
        )

    # -- where the run stands (read-only views of ``state``) -----------------------
    @property
    def epoch(self) -> int:
        """Completed epochs."""
        return self.state.epoch

    @property
    def iteration(self) -> int:
        """Batches trained so far."""
        return self.state.iteration

    @property
    def elapsed(self) -> float:
        """Seconds spent training."""
        return self.state.elapsed

    @property
    def finished(self) -> bool:
        """Completed, stopped early or diverged."""
        return self.state.finished

    @property
    def diverged(self) -> bool:
        return self.state.diverged

    @property
    def stop_reason(self) -> str | None:
        """Why the run stopped early or diverged (a sentence), else None."""
        return self.state.stop_reason

    @property
    def history(self) -> dict[str, list[float]]:
        """One value per completed epoch under each key (``train_loss``, ...)."""
        return self.state.history

    @property
    def base_learning_rate(self) -> float:
        """The learning rate the schedule scales."""
        return self.state.base_learning_rate

    # -- settings that may change between batches ----------------------------------
    def set_learning_rate(self, learning_rate: float) -> None:
        """Use ``learning_rate`` from the next batch on; a schedule goes on from it."""
        if isinstance(learning_rate, bool) or not isinstance(
            learning_rate, int | float
        ):
            raise EngineError(
                _("the learning rate must be a number, found {found}").format(
                    found=repr(learning_rate)
                )
            )
        if not (math.isfinite(learning_rate) and learning_rate > 0):
            raise EngineError(
                _("the learning rate must be a positive number, found {found}").format(
                    found=repr(learning_rate)
                )
            )
        self.optimizer.learning_rate = float(learning_rate)
        state = self.state
        factor = self.schedule.factor(state.epoch)  # the running (or next) epoch
        if factor > 0:
            state.base_learning_rate = float(learning_rate) / factor
        if state.diverged:  # a lower rate may go on from the kept weights
            state.resume()

    def set_batch_size(self, batch_size: int) -> None:
        """Use ``batch_size`` from the next epoch on."""
        self.batch_size = _whole(
            _("the batch size must be a whole number >= {least}, found {found}"),
            batch_size,
            1,
        )

    def set_epochs(self, epochs: int) -> None:
        """Train until ``epochs`` epochs are complete (may extend a finished run)."""
        self.epochs = _whole(
            _("epochs must be a whole number >= {least}, found {found}"), epochs, 0
        )

    def set_regularization(self, l1: float = 0.0, l2: float = 0.0) -> None:
        """Penalise every trainable kernel with ``l1`` and ``l2`` from the next batch on
        (Playground's regularization rate); replaces per-layer settings."""
        reg = L1L2(l1, l2)
        net = self.network
        net.regularizers = (
            [
                (reg, layer.params["kernel"], layer.grads["kernel"])
                for layer in net.layers.values()
                if layer.trainable and "kernel" in layer.params
            ]
            if reg.active
            else []
        )

    # -- driving -------------------------------------------------------------------
    def events(self) -> Iterator[Event]:
        """Every event until the run completes, stops early or diverges."""
        while (event := self._next_event()) is not None:
            yield event

    def step_batch(self) -> list[Event]:
        """Train one batch; the events it produced (its BatchEvent, and the EpochEvent
        and any stop event when the batch ended an epoch). Empty when finished."""
        return self._advance(per_batch=True)

    def step_epoch(self) -> list[Event]:
        """Train to the end of the current epoch; the events produced."""
        return self._advance(per_batch=False)

    def _advance(self, per_batch: bool) -> list[Event]:
        out: list[Event] = []
        state = self.state
        if self._gen is None:
            state.more_pending = False
            self._gen = self._run()
        gen, append = self._gen, out.append
        # no outside code runs until we return: silence floating-point warnings once
        # here instead of around every batch (see ``_run``)
        token = quiet_on()
        state.quiet_outside = True
        try:
            for event in gen:
                append(event)
                kind = type(event)
                if kind is BatchEvent:
                    if per_batch and not state.more_pending:
                        break
                elif kind is not EpochEvent:
                    self._gen = None  # a stop: this generator has nothing more
                    break
                elif not state.more_pending:
                    break  # an epoch's end
            else:
                self._gen = None
        finally:
            state.quiet_outside = False
            quiet_off(token)
        return out

    def _next_event(self) -> Event | None:
        if self._gen is None:
            self.state.more_pending = False
            self._gen = self._run()
        try:
            event = next(self._gen)
        except StopIteration:
            self._gen = None
            return None
        if type(event) in (DivergenceEvent, EarlyStopEvent):
            self._gen = None  # a stop: this generator has nothing more
        return event

    def run(self) -> dict[str, list[float]]:
        """Train to the end and return the history; DivergenceError on divergence."""
        for event in self.events():
            if isinstance(event, DivergenceEvent):
                raise DivergenceError(event.message)
        return self.history

    def step_back(self) -> int:
        """Restore the state at the start of the current epoch (mid-epoch) or of the
        previous one; return the number of completed epochs after it."""
        state = self.state
        if state.pos == 0:
            if len(self._snapshots) < 2:
                kept = (self._snapshots.maxlen or 1) - 1
                raise EngineError(
                    _(
                        "there is no earlier epoch to step back to (the trainer "
                        "keeps the last {n} epochs)"
                    ).format(n=kept)
                )
            self._snapshots.pop()
        snap = self._snapshots[-1]
        self._restore(snap)
        for values in state.history.values():
            del values[snap.epoch :]
        state.pos = 0
        self._gen = None
        state.resume()
        return state.epoch

    def _capture(self) -> snapshots.Snapshot:
        return snapshots.capture(
            self.state, self.network, self.optimizer, self.rng, self.early_stopping
        )

    def _restore(self, snap: snapshots.Snapshot) -> None:
        snapshots.restore(
            snap,
            self.state,
            self.network,
            self.optimizer,
            self.rng,
            self.early_stopping,
        )

    # -- the loop ------------------------------------------------------------------
    def _run(self) -> Iterator[Event]:
        """Epochs of batches, yielding events; restarted from the state after step_back.

        One long function on purpose: the per-batch loop runs on local names only
        (each attribute lookup costs time on Playground-size networks).
        """
        net, loss, opt, state = self.network, self.loss, self.optimizer, self.state
        forward, backward = net.training_functions()
        opt_step = opt.step
        params, grads = net.flat_params, net.flat_grads
        out_layer = net.layers[net.output_id]
        fused = self.fused
        # fused: (z, y, targets) -> (value, dL/dz); else (y, targets) -> (value, dL/dy)
        value_and_grad: Callable[..., tuple[float, np.ndarray]] = (
            loss.value_and_logit_gradient if fused else loss.value_and_gradient
        )
        transform, dtype, data = self.data.transform, net.dtype, self.data
        buffers = [
            (b, b.copy())
            for layer in net.layers.values()
            for b in layer.buffers.values()
        ]
        dot, take, copyto = np.dot, np.take, np.copyto
        isfinite, clock = math.isfinite, time.perf_counter
        keep_outputs = bool(self.metrics)
        while state.epoch < self.epochs and not state.finished:
            if state.pos == 0:
                self._begin_epoch()
            xs, ts, perm = data.xs, data.ts, data.perm
            outs, bs, n = data.outputs, state.epoch_batch_size, data.n_train
            plan = self._plan  # the epoch's inputs and outputs live in the kernel
            if plan is not None:
                windows, run = plan.windows, plan.run
            copy_outputs = keep_outputs and plan is None
            epoch = state.epoch + 1  # as the events count, from 1
            while state.pos < n:
                t0 = clock()
                # overflow on the way to NaN is handled below: no warnings
                quiet = None if state.quiet_outside else quiet_on()
                try:
                    start = state.pos
                    stop = start + bs if start + bs < n else n
                    batch = start // bs
                    tb = ts[start:stop]
                    for live, saved in buffers:
                        np.copyto(saved, live)
                    if plan is not None:
                        y = run(windows[batch])
                    else:
                        if perm is None:
                            xb = xs[start:stop]
                        else:
                            xb = take(xs, perm[start:stop], axis=0, mode="clip")
                        if transform is not None:
                            xb = np.asarray(transform(xb), dtype=dtype)
                        y = forward(xb)
                    if fused:
                        value, dy = value_and_grad(out_layer.preactivation, y, tb)
                    else:
                        value, dy = value_and_grad(y, tb)
                    regs = net.regularizers
                    for reg, w, _ in regs:
                        value += reg.penalty(w)
                    if isfinite(value):
                        backward(dy, fused)
                        for reg, w, g in regs:
                            reg.add_gradient(w, g)
                        sqnorm = float(dot(grads, grads))
                        if isfinite(sqnorm):
                            opt_step(params, grads, sqnorm)
                    else:
                        sqnorm = math.nan
                finally:
                    if quiet is not None:
                        quiet_off(quiet)
                if not isfinite(sqnorm):
                    what = "loss" if not isfinite(value) else "gradients"
                    yield epoch_summary.mid_epoch_divergence(
                        state,
                        what,
                        value if what == "loss" else sqnorm,
                        start,
                        buffers,
                        opt.learning_rate,
                    )
                    return
                if copy_outputs:
                    copyto(outs[start:stop], y)
                state.loss_sum += value * (stop - start)
                state.pos = stop
                state.iteration += 1
                state.more_pending = stop == n
                state.elapsed += clock() - t0
                yield BatchEvent(
                    epoch,
                    batch + 1,
                    state.iteration,
                    value,
                    opt.learning_rate,
                    state.elapsed,
                    stop - start,
                )
            if plan is not None and keep_outputs:
                plan.collect_outputs(outs)
            yield from self._end_epoch()

    def _begin_epoch(self) -> None:
        state = self.state
        self.optimizer.learning_rate = self.schedule(
            state.epoch, state.base_learning_rate
        )
        state.epoch_batch_size = self.batch_size
        state.loss_sum = 0.0
        rng = self.rng if self.shuffle else None
        self._plan = self.data.start_epoch(rng, state.epoch_batch_size)

    def _end_epoch(self) -> Iterator[Event]:
        """Close the epoch: history row, overflow check, early stopping, snapshot;
        yield the EpochEvent (and an EarlyStopEvent), or a DivergenceEvent."""
        state = self.state
        t0 = time.perf_counter()
        state.epoch += 1
        state.pos = 0
        quiet = None if state.quiet_outside else quiet_on()
        try:
            row, bad = epoch_summary.checked_row(
                state,
                self.data,
                self.network,
                learning_rate=self.optimizer.learning_rate,
                metrics=self.metrics,
                threshold=self.threshold,
                fused=self.fused,
            )
        finally:
            if quiet is not None:
                quiet_off(quiet)
        batches = math.ceil(self.data.n_train / state.epoch_batch_size)
        if bad is not None:
            # finite batch losses, yet the weights or a loss over a whole set
            # overflowed: go back to the start of this epoch
            epoch = state.epoch
            self._restore(self._snapshots[-1])
            if epoch > 1:
                kept = _(
                    "The weights from the end of epoch {epoch} are restored."
                ).format(epoch=epoch - 1)
            else:
                kept = _("The weights from before training are restored.")
            yield epoch_summary.divergence_event(
                state,
                bad[0],
                bad[1],
                _("at the end of epoch {epoch}").format(epoch=epoch),
                kept,
                epoch,
                batches,
                self.optimizer.learning_rate,
            )
            return
        history = state.history
        for key, value in row.items():
            history.setdefault(key, []).append(value)
        state.elapsed += time.perf_counter() - t0
        history.setdefault("elapsed", []).append(state.elapsed)
        stop = epoch_summary.check_early_stop(
            self.early_stopping, row, state, self.network
        )
        self._snapshots.append(self._capture())
        state.more_pending = stop is not None
        metrics = {k: v for k, v in row.items() if k not in epoch_summary.BASIC_KEYS}
        yield EpochEvent(
            state.epoch,
            batches,
            state.iteration,
            row["train_loss"],
            row.get("test_loss"),
            metrics,
            self.optimizer.learning_rate,
            state.elapsed,
        )
        if stop is not None:
            state.more_pending = False
            yield stop


def _whole(template: str, value: Any, least: int) -> int:
    """``value`` when it is a whole number >= ``least``; else EngineError.

    ``template`` is the translated sentence, with ``{least}`` and ``{found}``.
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise EngineError(template.format(least=least, found=repr(value)))
    return value
