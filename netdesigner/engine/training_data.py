"""The trainer's data: checked once, shuffled per epoch into reused buffers, and the
test set evaluated in chunks.

Shapes: ``x_*`` have samples first and are what ``transform`` takes (without a
transform, what the Input node receives, cast to the network's dtype once);
targets are prepared by the loss (``Loss.prepare_targets``).

A transform with a ``training`` method (``data.preprocess.AugmentedTransform``)
prepares training batches with that method (e.g. random flips and shifts of
images) and everything else (test set, shape check, probes) with the plain call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from netdesigner.engine.dense_chain import EpochPlan
from netdesigner.engine.errors import EngineError, ShapeError
from netdesigner.engine.losses import Loss, chunk_loss
from netdesigner.engine.network import Network
from netdesigner.i18n import N_, _

#: samples with more values than this are gathered per batch instead of per epoch
GATHER_ABOVE = 64

#: the checks' sentences for each set, whole so that a translation can reorder them
_MESSAGES = {
    "training": {
        "count": N_(
            "the training set has {x} inputs but {y} targets; they must match one "
            "to one"
        ),
        "shape": N_(
            "the network's Input expects training inputs of shape ({want}), "
            "found {found}"
        ),
        "inputs": N_("the training inputs contain NaN or infinite values"),
        "targets": N_("the training targets contain NaN or infinite values"),
    },
    "test": {
        "count": N_(
            "the test set has {x} inputs but {y} targets; they must match one to one"
        ),
        "shape": N_(
            "the network's Input expects test inputs of shape ({want}), found {found}"
        ),
        "inputs": N_("the test inputs contain NaN or infinite values"),
        "targets": N_("the test targets contain NaN or infinite values"),
    },
}


class TrainingData:
    """Training and test arrays with the buffers the trainer reuses every epoch.

    ``xs``/``ts``: this epoch's shuffled inputs and targets (with ``perm`` set, ``xs``
    is unshuffled and batch rows are ``perm[start:stop]``); ``outputs``: the network
    outputs of this epoch's batches (for the train metrics); ``test_outputs``: the
    last evaluation's outputs.
    """

    def __init__(
        self,
        network: Network,
        loss: Loss,
        x_train: np.ndarray,
        y_train: np.ndarray,
        x_test: np.ndarray | None,
        y_test: np.ndarray | None,
        transform: Callable[[np.ndarray], np.ndarray] | None,
        eval_batch_size: int = 1024,
    ) -> None:
        self.network, self.loss = network, loss
        #: training batches: the augmenting ``training`` method when there is one
        self.transform = getattr(transform, "training", transform)
        self.eval_transform = transform
        self.eval_batch_size = network.inference_chunk(eval_batch_size)
        self.x_train, self.t_train = self._prepare("training", x_train, y_train)
        self.n_train = len(self.x_train)
        if self.n_train == 0:
            raise EngineError(
                _("the training set is empty; it needs at least one sample")
            )
        self.has_test = x_test is not None and y_test is not None and len(x_test) > 0
        if self.has_test:
            self.x_test, self.t_test = self._prepare("test", x_test, y_test)
            out_shape = (len(self.x_test), *network.output_shape)
            self.test_outputs = np.empty(out_shape, dtype=network.dtype)
        self.xs, self.ts = self.x_train, self.t_train
        self.perm: np.ndarray | None = None  # this epoch's order when gathering
        self._xs_buf: np.ndarray | None = None
        self._ts_buf: np.ndarray | None = None
        out_shape = (self.n_train, *network.output_shape)
        self.outputs = np.zeros(out_shape, dtype=network.dtype)

    def _prepare(self, which: str, x: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
        x, y = np.asarray(x), np.asarray(y)
        messages = _MESSAGES[which]
        if len(x) != len(y):
            raise EngineError(_(messages["count"]).format(x=len(x), y=len(y)))
        if self.transform is None:
            x = np.ascontiguousarray(x, dtype=self.network.dtype)
        sample = x[:1] if self.transform is None else self._apply(x[:1])
        if len(x) and sample.shape[1:] != self.network.input_shape:
            want = ", ".join(map(str, ("N", *self.network.input_shape)))
            raise ShapeError(
                _(messages["shape"]).format(
                    want=want, found=(len(x), *sample.shape[1:])
                )
            )
        if np.issubdtype(x.dtype, np.floating) and not np.isfinite(x).all():
            raise EngineError(_(messages["inputs"]))
        t = self.loss.prepare_targets(y, self.network.output_shape, self.network.dtype)
        if np.issubdtype(t.dtype, np.floating) and not np.isfinite(t).all():
            raise EngineError(_(messages["targets"]))
        return x, t

    def _apply(self, x: np.ndarray) -> np.ndarray:
        transform = self.eval_transform
        assert transform is not None, "called only with a transform"
        return np.asarray(transform(x), dtype=self.network.dtype)

    @property
    def class_like(self) -> bool:
        """True when the targets look like classes (integers, 0/1 or -1/+1 values)."""
        t = self.t_train
        if np.issubdtype(t.dtype, np.integer):
            return True
        if t.ndim == 2 and t.shape[1] > 1:
            return bool(np.all((t == 0) | (t == 1)))
        values = np.unique(t)
        return len(values) <= 2 and set(values.tolist()) <= {-1.0, 0.0, 1.0}

    def start_epoch(
        self, rng: np.random.Generator | None, batch_size: int
    ) -> EpochPlan | None:
        """Draw this epoch's order (``rng`` None keeps the order); return the
        network's epoch plan, loaded with the epoch's inputs, when it has one.

        Small samples (Playground points) are copied in the new order once, so that a
        batch is a slice; bigger ones (images) are gathered batch by batch through
        ``perm``, which keeps each batch hot in the cache for its first GEMM. A small
        Dense chain (``dense_chain.EpochPlan``) takes the whole epoch at once.
        """
        self._shuffle(rng)
        plan = self.network.epoch_plan(self.n_train, batch_size)
        if plan is not None:
            x = self.xs if self.perm is None else self.xs[self.perm]
            if self.transform is not None:
                x = np.asarray(self.transform(x), dtype=self.network.dtype)
            plan.load(x)
        return plan

    def _shuffle(self, rng: np.random.Generator | None) -> None:
        self.perm = None
        if rng is None:
            self.xs, self.ts = self.x_train, self.t_train
            return
        perm = rng.permutation(self.n_train)
        if self._ts_buf is None:
            self._ts_buf = np.empty_like(self.t_train)
        # mode="clip": with the default "raise", take buffers ``out`` (3x slower)
        self.ts = np.take(self.t_train, perm, axis=0, out=self._ts_buf, mode="clip")
        if self.x_train[0].size > GATHER_ABOVE:
            self.xs, self.perm = self.x_train, perm
            return
        if self._xs_buf is None:
            self._xs_buf = np.empty_like(self.x_train)
        self.xs = np.take(self.x_train, perm, axis=0, out=self._xs_buf, mode="clip")

    def training_inputs(self, count: int) -> np.ndarray:
        """The first ``count`` training inputs as the Input node takes them."""
        x = self.x_train[:count]
        return x if self.transform is None else self._apply(x)

    def evaluate(self, fused: bool) -> float:
        """Mean test loss (inference mode, in chunks); fills ``test_outputs``."""
        net, loss = self.network, self.loss
        out_layer = net.layers[net.output_id]
        total, n = 0.0, len(self.x_test)
        for start in range(0, n, self.eval_batch_size):
            stop = min(start + self.eval_batch_size, n)
            xb = self.x_test[start:stop]
            if self.transform is not None:
                xb = self._apply(xb)
            y = net.forward(xb, False)
            value = chunk_loss(loss, out_layer, y, self.t_test[start:stop], fused)
            total += value * (stop - start)
            self.test_outputs[start:stop] = y
        return total / n
