"""A fused training kernel for a plain chain ``Input -> Dense -> ... -> Dense``.

On Playground-size networks the cost of a training step is the number of NumPy calls,
not arithmetic. For a chain of trainable Dense layers with a bias and a simple
activation, the network hands its training forward and backward passes to this
kernel, which needs about half the calls of layer-by-layer code:

* the bias is folded into the matrix product: each layer's input is kept as
  ``[h | 1]`` in one preallocated buffer, and the flat parameter buffer already
  stores ``kernel`` (in, out) followed by ``bias`` (out,), i.e. the matrix
  ``[[kernel], [bias]]`` of shape (in + 1, out). One GEMM gives z, one GEMM gives the
  kernel and bias gradients together;
* activations write into that buffer (``out=``), and activation derivatives are
  computed from the outputs for all layers that share an activation at once;
* every buffer is allocated once per batch size;
* for the trainer, an ``EpochPlan`` holds a whole epoch's activations batch after
  batch, so that the inputs are loaded and the outputs gathered once per epoch
  rather than copied every batch.

The results equal the layers' own forward and backward up to rounding (the bias is
added inside the GEMM). Inference (``training=False``) always uses the layers.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from netdesigner.engine.constants import constant

#: activations whose derivative is a function of their output
_FROM_OUTPUT = ("linear", "tanh", "sigmoid", "relu")
#: layers with more inputs or units than this use the layers' own code
MAX_WIDTH = 256
#: an epoch plan's activation array holds at most this many values (16 MB at float32)
MAX_PLAN_VALUES = 1 << 22
#: and it has at most this many batches (each costs about 10 µs and 3 kB of views)
MAX_PLAN_BATCHES = 2048


def _activation_function(layer: Any, dtype: np.dtype):
    """``f(z, out)`` writing ``activation(z)`` for ``z : (units, n)`` into ``out``.

    Constants are 0-d arrays of the arrays' type and ``out`` is positional: both
    are the cheapest forms for NumPy (see ``constants``).
    """
    name = layer.activation_name
    half, one, zero = (constant(v, dtype) for v in (0.5, 1, 0))
    if name == "tanh":
        return np.tanh
    if name == "relu":
        return lambda z, out: np.maximum(z, zero, out=out)  # positional: deprecated
    if name == "linear":
        return lambda z, out: np.copyto(out, z)
    if name == "sigmoid":

        def sigmoid(z: np.ndarray, out: np.ndarray) -> None:
            """0.5 (1 + tanh(z / 2)): stable, and no overflow warnings."""
            np.multiply(z, half, out)
            np.tanh(out, out)
            np.add(out, one, out)
            np.multiply(out, half, out)

        return sigmoid

    def apply(z: np.ndarray, out: np.ndarray) -> None:
        # softmax: the layer's activation works on the last axis
        np.copyto(out, layer.activation.forward(z.T).T)

    return apply


def _derivative_function(name: str, dtype: np.dtype):
    """``f(h, out)`` writing activation'(z) from the output ``h = activation(z)``."""
    one, zero = constant(1, dtype), constant(0, dtype)
    if name == "tanh":  # 1 - h^2

        def tanh(h: np.ndarray, out: np.ndarray) -> None:
            np.multiply(h, h, out)
            np.subtract(one, out, out)

        return tanh
    if name == "sigmoid":  # h (1 - h)

        def sigmoid(h: np.ndarray, out: np.ndarray) -> None:
            np.subtract(one, h, out)
            np.multiply(out, h, out)

        return sigmoid
    # relu: 1 where h > 0 (h = relu(z) > 0 exactly when z > 0)
    return lambda h, out: np.greater(h, zero, out)


class _Scratch:
    """Contiguous work arrays for one batch size ``n``, features first."""

    def __init__(self, chain: DenseChain, n: int) -> None:
        dtype, r = chain.dtype, chain.rows
        self.d = np.empty((r[-1], n), dtype=dtype)  # activation derivatives, h's rows
        self.derivs = [
            self.d[r[i + 1] : r[i + 1] + u] for i, u in enumerate(chain.units)
        ]
        self.z = [np.empty((u, n), dtype=dtype) for u in chain.units]
        self.dz = [np.empty((u, n), dtype=dtype) for u in chain.units]
        self.dx = [np.empty((u, n), dtype=dtype) for u in chain.units]


class _Window:
    """Every view one batch needs: ``h`` is the batch's ``(rows, n)`` columns of an
    activation array (see ``DenseChain``), ``scratch`` the work arrays for ``n``.

    Views are made once: ``.T`` and slicing cost as much as a small NumPy call.
    """

    def __init__(self, chain: DenseChain, h: np.ndarray, scratch: _Scratch) -> None:
        r, s = chain.rows, scratch
        inputs = [h[r[i] : r[i] + k + 1] for i, k in enumerate(chain.fan_in)]
        outputs = [h[r[i + 1] : r[i + 1] + u] for i, u in enumerate(chain.units)]
        self.x_rows = h[: chain.fan_in[0]].T  # (n, in) window onto the input rows
        self.first_input = inputs[0]
        self.forward_ops = list(
            zip(chain.weights_t, inputs, s.z, outputs, chain.activations, strict=True)
        )
        self.y = outputs[-1].T
        self.z_last = s.z[-1].T
        self.groups = {
            fused: [(chain.derivatives[name], h[a:b], s.d[a:b]) for name, a, b in g]
            for fused, g in chain.groups.items()
        }
        # backward, from the last layer down to the second: (input rows, gradient,
        # kernel, dx buffer, derivative rows below, dz buffer below, the (n, units)
        # view of what becomes the next dz, whether the layer below is linear)
        self.backward_ops = []
        for i in range(len(chain.layers) - 1, 0, -1):
            linear = chain.acts[i - 1] == "linear"
            below = s.dx[i - 1] if linear else s.dz[i - 1]
            self.backward_ops.append(
                (
                    inputs[i],
                    chain.grads[i],
                    chain.kernels[i],
                    s.dx[i - 1],
                    s.derivs[i - 1],
                    s.dz[i - 1],
                    below.T,
                    linear,
                )
            )
        self.dz_last, self.deriv_last = s.dz[-1], s.derivs[-1]
        self.dz_last_n = s.dz[-1].T


class EpochPlan:
    """A whole epoch's activations, batch after batch: batch ``k`` runs in
    ``windows[k]``, samples ``[k * batch_size, (k + 1) * batch_size)``.

    ``load(x)`` writes the epoch's inputs once, instead of every batch copying its
    own, and ``collect_outputs(out)`` gathers every batch's output once at the end;
    the batches' own arrays stay contiguous (a strided ``out=`` costs NumPy twice
    the time of a contiguous one on these sizes).
    """

    def __init__(self, chain: DenseChain, samples: int, batch_size: int) -> None:
        self.samples, self.batch_size = samples, batch_size
        rows, dtype = chain.rows, chain.dtype
        full, tail = divmod(samples, batch_size)
        self.blocks = np.ones((full, rows[-1], batch_size), dtype=dtype)
        self.tail = np.ones((rows[-1], tail), dtype=dtype) if tail else None
        scratch = chain.scratch(batch_size)
        self.windows = [_Window(chain, h, scratch) for h in self.blocks]
        if self.tail is not None:
            self.windows.append(_Window(chain, self.tail, chain.scratch(tail)))
        self._n_in, self._out_row, self._full = chain.fan_in[0], rows[-2], full
        self.run = chain.run  # run(windows[k]): batch k's forward; then backward

    def load(self, x: np.ndarray) -> None:
        """The epoch's inputs ``x : (samples, in)``, in batch order."""
        cut, bs = self._full * self.batch_size, self.batch_size
        blocks_x = self.blocks[:, : self._n_in].transpose(0, 2, 1)
        np.copyto(blocks_x, x[:cut].reshape(self._full, bs, self._n_in))
        if self.tail is not None:
            np.copyto(self.tail[: self._n_in].T, x[cut:])

    def collect_outputs(self, out: np.ndarray) -> None:
        """Every batch's last output into ``out : (samples, units)``."""
        cut, bs = self._full * self.batch_size, self.batch_size
        units = out.shape[1]
        blocks_y = self.blocks[:, self._out_row :].transpose(0, 2, 1)
        np.copyto(out[:cut].reshape(self._full, bs, units), blocks_y)
        if self.tail is not None:
            np.copyto(out[cut:], self.tail[self._out_row :].T)


class DenseChain:
    """Training forward/backward for a chain of Dense layers over shared buffers.

    Everything is stored transposed (features x batch), so that every block below is
    contiguous. ``h : (rows, n)`` stacks ``[x; 1; h_1; 1; ...; h_{L-1}; 1; y]``:
    layer ``l`` reads the rows ``[h_{l-1}; 1]`` and writes ``h_l``, and
    ``z_l^T = [kernel; bias]^T @ [h_{l-1}; 1]``.
    """

    def __init__(
        self,
        layers: list[Any],
        flat_params: np.ndarray,
        flat_grads: np.ndarray,
        offsets: list[int],
    ) -> None:
        self.layers = layers
        self.dtype = flat_params.dtype
        self.acts = [layer.activation_name for layer in layers]
        self.units = [layer.units for layer in layers]
        self.fan_in = [layer.params["kernel"].shape[0] for layer in layers]
        self.weights_t, self.kernels, self.grads = [], [], []
        for off, n_in, n_out in zip(offsets, self.fan_in, self.units, strict=True):
            size = (n_in + 1) * n_out
            w = flat_params[off : off + size].reshape(n_in + 1, n_out)
            self.weights_t.append(w.T)
            self.kernels.append(w[:-1])
            self.grads.append(flat_grads[off : off + size].reshape(n_in + 1, n_out))
        self.rows = [0]
        for n_in in self.fan_in:
            self.rows.append(self.rows[-1] + n_in + 1)
        self.rows.append(self.rows[-1] + self.units[-1])
        self.groups = {fused: self._derivative_groups(fused) for fused in (False, True)}
        self.activations = [_activation_function(la, self.dtype) for la in layers]
        self.derivatives = {
            name: _derivative_function(name, self.dtype)
            for g in self.groups.values()
            for name, _, _ in g
        }
        self._scratch: dict[int, _Scratch] = {}
        self._single: dict[int, _Window] = {}  # forward(x)'s own arrays, per size
        self._plan: EpochPlan | None = None
        self._current: _Window  # the window of the last forward or run

    @classmethod
    def create(cls, network: Any) -> DenseChain | None:
        """The kernel for a small, trainable Dense chain ``network``; else None.

        Big layers gain nothing here (their GEMMs dominate) and would pay for
        transposing the input, so layers wider than ``MAX_WIDTH`` use the layers.
        """
        if not network._is_chain:
            return None
        layers = network._chain
        for i, layer in enumerate(layers):
            last = i == len(layers) - 1
            ok = type(layer).__name__ == "Dense" and layer.trainable and layer.use_bias
            act = layer.activation_name
            if not ok or not (act in _FROM_OUTPUT or (last and act == "softmax")):
                return None
            if max(layer.params["kernel"].shape) > MAX_WIDTH:
                return None
        offsets, expected = [], 0
        for layer in layers:
            kernel, bias = layer.params["kernel"], layer.params["bias"]
            off = _offset(kernel, network.flat_params)
            if (
                off != expected
                or _offset(bias, network.flat_params) != off + kernel.size
            ):
                return None
            offsets.append(off)
            expected = off + kernel.size + bias.size
        return cls(layers, network.flat_params, network.flat_grads, offsets)

    def _derivative_groups(self, fused: bool) -> list[tuple[str, int, int]]:
        """(activation, first row, end row) runs of layers sharing a derivative."""
        groups: list[list[Any]] = []
        last = len(self.layers) - 1
        for i, name in enumerate(self.acts):
            if name == "linear" or name not in _FROM_OUTPUT or (i == last and fused):
                continue
            a, b = self.rows[i + 1], self.rows[i + 1] + self.units[i]
            if groups and groups[-1][0] == name and groups[-1][3] == i - 1:
                groups[-1][2], groups[-1][3] = b, i
            else:
                groups.append([name, a, b, i])
        return [(name, a, b) for name, a, b, _ in groups]

    def scratch(self, n: int) -> _Scratch:
        """The work arrays for batches of ``n`` (every window of that size shares
        them)."""
        found = self._scratch.get(n)
        if found is None:
            found = self._scratch[n] = _Scratch(self, n)
        return found

    def epoch_plan(self, samples: int, batch_size: int) -> EpochPlan | None:
        """The plan for epochs of ``samples`` in batches of ``batch_size`` (kept until
        either changes); None when it would pass ``MAX_PLAN_VALUES`` or
        ``MAX_PLAN_BATCHES``."""
        plan = self._plan
        if plan is not None and (plan.samples, plan.batch_size) == (
            samples,
            batch_size,
        ):
            return plan
        self._plan = None
        batches = -(-samples // batch_size)
        if self.rows[-1] * samples > MAX_PLAN_VALUES or batches > MAX_PLAN_BATCHES:
            return None
        self._plan = EpochPlan(self, samples, batch_size)
        return self._plan

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Training forward of ``x : (n, in)``; the returned ``(n, units)`` view is
        reused by the next call."""
        n = len(x)
        window = self._single.get(n)
        if window is None:
            h = np.ones((self.rows[-1], n), dtype=self.dtype)  # bias rows stay 1
            window = self._single[n] = _Window(self, h, self.scratch(n))
        np.copyto(window.x_rows, x)
        return self.run(window)

    def run(self, window: _Window) -> np.ndarray:
        """Training forward of the inputs already in ``window`` (see ``EpochPlan``);
        the ``(n, units)`` output view."""
        self._current = window
        dot = np.dot
        for w_t, inp, z, out, activation in window.forward_ops:
            dot(w_t, inp, z)
            activation(z, out)
        self.layers[-1].preactivation = window.z_last
        return window.y

    def backward(self, dy: np.ndarray, from_preactivation: bool) -> None:
        """Write every layer's kernel and bias gradients into the flat buffer, for
        the last forward or run.

        ``dy : (n, units)`` is dL/dy, or dL/dz of the last layer when
        ``from_preactivation``.
        """
        win = self._current
        for derivative, h, d in win.groups[from_preactivation]:
            derivative(h, d)
        last = len(self.layers) - 1
        act = self.acts[last]
        if from_preactivation or act == "linear":
            dz_n = dy
        elif act == "softmax":
            layer = self.layers[last]
            dz_n = layer.activation.backward(dy, win.z_last, win.y)
        else:
            np.multiply(dy.T, win.deriv_last, win.dz_last)
            dz_n = win.dz_last_n
        dz_t = dz_n.T
        dot, multiply = np.dot, np.multiply
        for inp, grad, kernel, dx, deriv, dz, below_n, linear in win.backward_ops:
            dot(inp, dz_n, grad)
            dz_t = dot(kernel, dz_t, dx)
            if not linear:
                dz_t = multiply(dz_t, deriv, dz)
            dz_n = below_n
        dot(win.first_input, dz_n, self.grads[0])


def _offset(view: np.ndarray, base: np.ndarray) -> int:
    """Element offset of ``view`` inside the 1-D ``base`` (-1 when it is not inside)."""
    if not np.shares_memory(view, base) or not view.flags.c_contiguous:
        return -1
    delta = view.__array_interface__["data"][0] - base.__array_interface__["data"][0]
    return delta // base.itemsize
