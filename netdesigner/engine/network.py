"""A network: a DAG of layers built from plain node and edge lists.

::

    net = Network(
        [NodeSpec("in", "Input", {"shape": [2]}),
         NodeSpec("h", "Dense", {"units": 8, "activation": "tanh"}),
         NodeSpec("out", "Dense", {"units": 1, "activation": "tanh"})],
        [("in", "h"), ("h", "out")],
        rng=np.random.default_rng(0),
    )
    y = net.forward(x)          # x : (batch, 2) -> y : (batch, 1)

Notes
-----
Every trainable array lives in one flat buffer ``net.flat_params`` (and its gradient
in ``net.flat_grads``); ``layer.params[name]`` and ``layer.grads[name]`` are views
into them. The optimizer therefore updates the whole network in a few NumPy calls.
Frozen layers (``trainable=False``) keep their own arrays, outside the buffer.
Layers whose output gradient nobody needs (fed only by Input, or frozen with nothing
trainable before them) skip their backward pass.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from netdesigner.engine import graph
from netdesigner.engine.dense_chain import DenseChain, EpochPlan
from netdesigner.engine.errors import EngineError, ShapeError
from netdesigner.engine.layers import Layer, create_layer
from netdesigner.engine.regularizers import L1L2, create_regularizer

#: bytes of layer outputs one inference chunk (``predict``, the trainer's test pass)
#: may make: a network whose outputs per sample are large runs fewer samples at once
#: (a CIFAR-size CNN's training process peaked at 890 MB evaluating 1,024 at once and
#: at 360 MB with this limit, 244 at once); MLPs and LeNet keep their batch sizes
INFERENCE_CHUNK_BYTES = 64 * 2**20


def inference_chunk(values_per_sample: int, itemsize: int, batch_size: int) -> int:
    """Samples per inference chunk: ``batch_size``, or fewer when the layer outputs
    (``values_per_sample``, every node's output summed) of that many would exceed
    ``INFERENCE_CHUNK_BYTES``."""
    per_sample = max(values_per_sample * itemsize, 1)
    return max(1, min(batch_size, INFERENCE_CHUNK_BYTES // per_sample))


@dataclass
class NodeSpec:
    """One node of a design: id, tf.keras layer type and constructor arguments."""

    id: str
    type: str
    params: dict[str, Any] = field(default_factory=dict)
    trainable: bool = True


class Network:
    """Layers in topological order with forward, backward and weights in and out.

    Attributes: ``order`` (ids, Input first, output last), ``layers`` (id -> Layer),
    ``input_id``, ``output_id``, ``input_shape``, ``output_shape`` (without the batch
    axis), ``dtype``, ``flat_params`` / ``flat_grads`` (``(P,)``), ``param_sizes``,
    ``regularizers`` (list of ``(L1L2, kernel, grad)`` for trainable kernels).
    """

    def __init__(
        self,
        nodes: list[NodeSpec],
        edges: list[tuple[str, str]],
        *,
        dtype: Any = np.float32,
        rng: np.random.Generator | None = None,
        fast_kernel: bool = True,
    ) -> None:
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.float32, np.float64):
            raise EngineError(
                f"the network dtype must be float32 or float64, found {dtype}"
            )
        rng = np.random.default_rng(0) if rng is None else rng
        specs = {spec.id: spec for spec in nodes}
        self.sources = graph.check_graph(nodes, edges)
        self.order = graph.topological_order([s.id for s in nodes], edges)
        self.input_id, self.output_id = self.order[0], self.order[-1]
        self.layers: dict[str, Layer] = {}
        self.node_types: dict[str, str] = {}  # tf.keras names: "Activation", ...
        self._shapes: dict[str, tuple[int, ...]] = {}
        child_rngs = dict(zip(specs, rng.spawn(len(nodes)), strict=True))
        for node_id in self.order:
            self._build_node(specs[node_id], child_rngs[node_id])
        self.input_shape = self._shapes[self.input_id]
        self.output_shape = self._shapes[self.output_id]
        self._mark_gradient_needs()
        self._pack_trainable()
        self._make_plan()
        self._kernel = DenseChain.create(self) if fast_kernel else None
        # the kernel that ran the last forward (backward follows it), or None
        self._kernel_forward: DenseChain | None = None

    # -- building ---------------------------------------------------------------
    def _build_node(self, spec: NodeSpec, rng: np.random.Generator) -> None:
        try:
            layer = create_layer(spec.type, spec.params)
        except EngineError as err:
            raise type(err)(f"node '{spec.id}': {err}") from None
        self.node_types[spec.id] = spec.type
        graph.check_arity(
            spec.id, spec.type, layer.n_inputs, len(self.sources[spec.id])
        )
        srcs = self.sources[spec.id]
        if layer.n_inputs == 0:
            in_shape: Any = None
        elif layer.n_inputs == 1:
            in_shape = self._shapes[srcs[0]]
        else:
            in_shape = [self._shapes[s] for s in srcs]
        try:
            self._shapes[spec.id] = tuple(layer.output_shape(in_shape))
            layer.build(in_shape, rng, self.dtype)
        except EngineError as err:
            raise type(err)(f"{spec.type} '{spec.id}': {err}") from None
        if not isinstance(spec.trainable, bool):
            raise EngineError(
                f"node '{spec.id}': 'trainable' expected true or false, "
                f"found {spec.trainable!r}"
            )
        layer.trainable = spec.trainable
        self.layers[spec.id] = layer

    def _mark_gradient_needs(self) -> None:
        """Set ``need_input_grad``; remember which nodes need their output gradient."""
        self._requires_grad: dict[str, bool] = {}
        for node_id in self.order:
            layer = self.layers[node_id]
            upstream = any(self._requires_grad[s] for s in self.sources[node_id])
            layer.need_input_grad = upstream
            own = layer.trainable and bool(layer.params)
            self._requires_grad[node_id] = node_id != self.input_id and (
                own or upstream
            )

    def _pack_trainable(self) -> None:
        """Move every trainable array into ``flat_params`` (grads: ``flat_grads``)."""
        entries = [
            (node_id, name, p)
            for node_id in self.order
            if self.layers[node_id].trainable
            for name, p in self.layers[node_id].params.items()
        ]
        self.param_sizes = [p.size for _, _, p in entries]
        self.flat_params = np.empty(sum(self.param_sizes), dtype=self.dtype)
        self.flat_grads = np.zeros_like(self.flat_params)
        self._views: list[tuple[Layer, str, np.ndarray, np.ndarray]] = []
        offset = 0
        for node_id, name, p in entries:
            layer = self.layers[node_id]
            view = self.flat_params[offset : offset + p.size].reshape(p.shape)
            view[...] = p
            gview = self.flat_grads[offset : offset + p.size].reshape(p.shape)
            layer.params[name], layer.grads[name] = view, gview
            self._views.append((layer, name, view, gview))
            offset += p.size
        self._views_checked = False
        self._copy_grads = False
        # no frozen params and no buffers: snapshots need the flat buffer alone
        self._all_in_flat = len(entries) == sum(
            len(layer.params) + len(layer.buffers) for layer in self.layers.values()
        )
        self.regularizers: list[tuple[L1L2, np.ndarray, np.ndarray]] = []
        for layer, name, view, gview in self._views:
            reg = create_regularizer(getattr(layer, "kernel_regularizer", None))
            if name == "kernel" and reg is not None:
                self.regularizers.append((reg, view, gview))

    def _make_plan(self) -> None:
        index = {node_id: i for i, node_id in enumerate(self.order)}
        self._plan = [
            (
                index[n],
                self.layers[n],
                [index[s] for s in self.sources[n]],
                self.layers[n].n_inputs is None,
            )
            for n in self.order[1:]
        ]
        self._is_chain = all(
            srcs == [i - 1] and not merge for i, _, srcs, merge in self._plan
        )
        self._chain = [layer for _, layer, _, _ in self._plan]
        self._backward_chain = [
            layer
            for n, layer in zip(self.order[1:], self._chain, strict=True)
            if self._requires_grad[n]
        ][::-1]
        self._grad_targets = [
            (i, layer, srcs, merge, [self._requires_grad[self.order[j]] for j in srcs])
            for i, layer, srcs, merge in reversed(self._plan)
            if self._requires_grad[self.order[i]]
        ]

    # -- computing --------------------------------------------------------------
    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        """The output for ``x : (batch, *input_shape)``; caches what backward needs.

        In training mode a plain Dense chain runs through ``DenseChain``, whose output
        array is reused by the next training call.
        """
        kernel = self._kernel_forward = self._kernel if training else None
        if kernel is not None:
            return kernel.forward(x)
        if self._is_chain:
            for layer in self._chain:
                x = layer.forward(x, training)
            return x
        outs: list[Any] = [x] + [None] * len(self._plan)
        for i, layer, srcs, merge in self._plan:
            outs[i] = layer.forward(
                [outs[j] for j in srcs] if merge else outs[srcs[0]], training
            )
        return outs[-1]

    def backward(self, dy: np.ndarray, *, from_preactivation: bool = False) -> None:
        """Fill every trainable layer's ``grads`` from dL/d(output) (``dy``).

        With ``from_preactivation`` ``dy`` is dL/dz of the output layer's activation
        input (fused softmax or sigmoid with cross-entropy).
        """
        kernel = self._kernel_forward
        if kernel is not None:
            kernel.backward(dy, from_preactivation)
        elif self._is_chain:
            chain = self._backward_chain
            if chain:
                g = (
                    chain[0].backward_from_preactivation(dy)
                    if from_preactivation
                    else chain[0].backward(dy)
                )
                for layer in chain[1:]:
                    g = layer.backward(g)
        else:
            self._backward_graph(dy, from_preactivation)
        if not self._views_checked or self._copy_grads:
            self._sync_views()

    def training_functions(
        self,
    ) -> tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray, bool], None]]:
        """``(forward, backward)`` for the trainer's loop: ``forward(x)`` in training
        mode and ``backward(dy, from_preactivation)``, without dispatch when the fused
        Dense-chain kernel applies."""
        kernel = self._kernel
        if kernel is not None:
            self._kernel_forward = kernel
            return kernel.forward, kernel.backward

        def forward(x: np.ndarray) -> np.ndarray:
            return self.forward(x, True)

        def backward(dy: np.ndarray, from_preactivation: bool) -> None:
            self.backward(dy, from_preactivation=from_preactivation)

        return forward, backward

    def epoch_plan(self, samples: int, batch_size: int) -> EpochPlan | None:
        """For the trainer: the Dense-chain kernel's plan for epochs of ``samples``
        in batches of ``batch_size`` (see ``dense_chain.EpochPlan``), or None when
        the kernel does not apply. ``backward`` follows the plan's ``run``."""
        kernel = self._kernel
        if kernel is None:
            return None
        self._kernel_forward = kernel
        return kernel.epoch_plan(samples, batch_size)

    def _backward_graph(self, dy: np.ndarray, from_preactivation: bool) -> None:
        grads: list[Any] = [None] * (len(self._plan) + 1)
        grads[-1] = dy
        last = len(self._plan)
        for i, layer, srcs, merge, wanted in self._grad_targets:
            g = grads[i]
            if g is None:
                continue
            if i == last and from_preactivation:
                dx = layer.backward_from_preactivation(g)
            else:
                dx = layer.backward(g)
            for j, d, want in zip(srcs, dx if merge else [dx], wanted, strict=True):
                if want:
                    # never add in place: a merge may hand the same array to two inputs
                    grads[j] = d if grads[j] is None else grads[j] + d

    def _sync_views(self) -> None:
        """After backward: make sure layers wrote into the flat buffers (else copy)."""
        for layer, name, view, gview in self._views:
            if layer.params[name] is not view:
                view[...] = layer.params[name]
                layer.params[name] = view
            if layer.grads[name] is not gview:
                gview[...] = layer.grads[name]
                layer.grads[name] = gview
                self._copy_grads = True
        self._views_checked = True

    def forward_all(self, x: np.ndarray) -> dict[str, np.ndarray]:
        """Every node's output for ``x`` (inference mode), by node id."""
        x = self._checked_input(x)
        outs: dict[str, np.ndarray] = {self.input_id: x}
        for i, layer, srcs, merge in self._plan:
            ids = [self.order[j] for j in srcs]
            arg = [outs[s] for s in ids] if merge else outs[ids[0]]
            outs[self.order[i]] = layer.forward(arg, False)
        return outs

    def inference_chunk(self, batch_size: int) -> int:
        """``batch_size``, or fewer samples when the layer outputs of that many
        would exceed ``INFERENCE_CHUNK_BYTES``."""
        values = sum(math.prod(shape) for shape in self._shapes.values())
        return inference_chunk(values, self.dtype.itemsize, batch_size)

    def predict(self, x: np.ndarray, batch_size: int = 512) -> np.ndarray:
        """Inference in chunks of ``batch_size`` (fewer for large layer outputs, see
        ``inference_chunk``): ``(N, *output_shape)``."""
        x = np.asarray(x)
        self._checked_input(x[:0], len(x))
        batch_size = self.inference_chunk(batch_size)
        out = np.empty((len(x), *self.output_shape), dtype=self.dtype)
        for start in range(0, len(x), batch_size):
            chunk = np.asarray(x[start : start + batch_size], dtype=self.dtype)
            out[start : start + batch_size] = self.forward(chunk, False)
        return out

    def _checked_input(self, x: np.ndarray, n: int | None = None) -> np.ndarray:
        x = np.asarray(x)
        if x.ndim == 0 or x.shape[1:] != self.input_shape:
            want = ", ".join(map(str, ("N", *self.input_shape)))
            found = x.shape if n is None or x.ndim == 0 else (n, *x.shape[1:])
            raise ShapeError(
                f"the network expects inputs of shape ({want}), found {found}"
            )
        return np.asarray(x, dtype=self.dtype)

    # -- weights -----------------------------------------------------------------
    def _named_arrays(self) -> dict[str, np.ndarray]:
        """Every param and buffer by "<id>/<name>" (the live arrays, not copies)."""
        named: dict[str, np.ndarray] = {}
        for node_id in self.order:
            layer = self.layers[node_id]
            for name, array in (*layer.params.items(), *layer.buffers.items()):
                named[f"{node_id}/{name}"] = array
        return named

    def get_weights(self) -> dict[str, np.ndarray]:
        """Copies of every parameter and buffer, keyed "<node id>/<name>"."""
        return {k: v.copy() for k, v in self._named_arrays().items()}

    def set_weights(self, weights: dict[str, np.ndarray]) -> None:
        """Copy ``weights`` in; the keys and shapes must match ``get_weights()``."""
        named = self._named_arrays()
        missing = [k for k in named if k not in weights]
        extra = [k for k in weights if k not in named]
        if missing:
            raise EngineError(
                f"the weights have no '{missing[0]}' (expected keys like those of "
                f"get_weights(); {len(missing)} missing)"
            )
        if extra:
            raise EngineError(
                f"the weights have an unexpected entry '{extra[0]}'; this network has "
                f"no such node or weight"
            )
        for key, array in named.items():
            value = np.asarray(weights[key])
            if value.shape != array.shape:
                raise EngineError(
                    f"weight '{key}' has shape {value.shape}, expected {array.shape}"
                )
            if not np.all(np.isfinite(value)):
                raise EngineError(f"weight '{key}' contains NaN or infinite values")
        for key, array in named.items():
            np.copyto(array, weights[key], casting="unsafe")

    def get_state(self) -> list[np.ndarray]:
        """A fast copy of all weights for snapshots: the flat buffer, then every
        array outside it (frozen params, buffers), in a fixed order."""
        return [self.flat_params.copy()] + [a.copy() for a in self._outside_flat()]

    def set_state(self, state: list[np.ndarray]) -> None:
        """Restore what ``get_state`` returned (copied in; nothing is re-checked)."""
        np.copyto(self.flat_params, state[0])
        for array, saved in zip(self._outside_flat(), state[1:], strict=True):
            np.copyto(array, saved)

    def _outside_flat(self) -> list[np.ndarray]:
        if self._all_in_flat:
            return []
        packed = {id(view) for _, _, view, _ in self._views}
        return [a for a in self._named_arrays().values() if id(a) not in packed]

    def count_params(self) -> int:
        """All parameters and buffers (tf.keras's "Total params")."""
        return sum(layer.count_params() for layer in self.layers.values())

    def count_trainable_params(self) -> int:
        return int(self.flat_params.size)

    def output_shapes(self) -> dict[str, tuple[int, ...]]:
        """Each node's output shape without the batch axis."""
        return dict(self._shapes)

    def layer_rngs(self) -> dict[str, np.random.Generator]:
        """The generators layers draw from while training (Dropout masks)."""
        return {
            n: layer.rng
            for n, layer in self.layers.items()
            if layer.draws_while_training and isinstance(layer.rng, np.random.Generator)
        }
