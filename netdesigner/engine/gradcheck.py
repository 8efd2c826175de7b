"""Gradient check of a layer against central differences, in float64.

``check_layer_gradients`` builds the layer (if needed), takes the scalar loss
L = Σ y · w with a fixed random w, and compares ``backward``'s dx and ``grads`` with
(L(θ + ε) − L(θ − ε)) / 2ε for every element of the input(s) and of every parameter.

Notes
-----
The error reported per array is max|analytic − numeric| / max(max|analytic|,
max|numeric|, 1e-12): a max-norm relative error, which does not blow up on elements
whose gradient is zero. Layers with randomness (Dropout) get the same generator state
before every forward pass, so each pass draws the same mask.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from netdesigner.engine.layers.base import Layer


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """Max-norm relative error between two gradient arrays."""
    scale = max(np.abs(analytic).max(initial=0.0), np.abs(numeric).max(initial=0.0))
    return float(np.abs(analytic - numeric).max(initial=0.0) / max(scale, 1e-12))


def numeric_gradient(
    f: Callable[[], float], array: np.ndarray, eps: float = 1e-6
) -> np.ndarray:
    """Central differences of the scalar ``f()`` w.r.t. each element of ``array``
    (changed in place and restored)."""
    grad = np.zeros_like(array, dtype=np.float64)
    flat, gflat = array.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        up = f()
        flat[i] = old - eps
        down = f()
        flat[i] = old
        gflat[i] = (up - down) / (2.0 * eps)
    return grad


def check_layer_gradients(
    layer: Layer,
    input_shape: Any,
    *,
    batch: int = 2,
    x: Any = None,
    training: bool = True,
    rng: np.random.Generator | None = None,
    eps: float = 1e-6,
) -> dict[str, float]:
    """Max relative error of dx ("x", or "x0", "x1"... for merge layers) and of
    every parameter gradient (by name).

    input_shape : shape without batch (a list of shapes for merge layers).
    x : optional input batch (float64); random normal values otherwise.
    """
    rng = rng if rng is not None else np.random.default_rng(0)
    merge = layer.n_inputs is None
    shapes = list(input_shape) if merge else [input_shape]
    if not layer.built:
        layer.build(input_shape, np.random.default_rng(1), np.float64)
    xs = _inputs(x, shapes, batch, rng, merge)
    seed = int(rng.integers(2**31))

    def run() -> np.ndarray:
        layer.rng = np.random.default_rng(seed)
        return layer.forward(xs if merge else xs[0], training=training)

    w = rng.standard_normal(run().shape)

    def loss() -> float:
        return float(np.sum(run() * w))

    run()
    dx = layer.backward(w.copy())
    dxs = dx if merge else [dx]
    errors: dict[str, float] = {}
    for i, (xi, dxi) in enumerate(zip(xs, dxs, strict=True)):
        errors[f"x{i}" if merge else "x"] = relative_error(
            np.asarray(dxi), numeric_gradient(loss, xi, eps)
        )
    analytic = {k: g.copy() for k, g in layer.grads.items()}
    for name, p in layer.params.items():
        errors[name] = relative_error(analytic[name], numeric_gradient(loss, p, eps))
    return errors


def _inputs(x, shapes, batch, rng, merge) -> list[np.ndarray]:
    if x is None:
        return [rng.standard_normal((batch, *s)) for s in shapes]
    xs = list(x) if merge else [x]
    return [np.array(xi, dtype=np.float64) for xi in xs]
