"""BatchNormalization over the last axis, after Dense (N, F) or Conv2D (N, H, W, C)."""

from __future__ import annotations

from typing import Any

import numpy as np

from netdesigner.engine.layers import _args
from netdesigner.engine.layers.base import LAYERS, Layer, Shape


@LAYERS.register("BatchNormalization")
class BatchNormalization(Layer):
    """y = gamma · (x − mean) / sqrt(var + epsilon) + beta, per channel (last axis).

    Training (and trainable): mean and biased var of the batch over every axis but the
    last; ``moving = momentum · moving + (1 − momentum) · batch`` (tf.keras).
    Inference, or a frozen layer (tf.keras >= 2.1): the moving statistics.
    params gamma, beta : (C,) ; buffers moving_mean, moving_variance : (C,).

    Notes
    -----
    Training backward, with m values per channel and x̂ the normalised input:
    dx = gamma / (m · std) · (m · dy − Σdy − x̂ · Σ(dy · x̂)).
    """

    def __init__(self, momentum: float = 0.99, epsilon: float = 1e-3) -> None:
        super().__init__()
        self.momentum = _args.number("BatchNormalization", "momentum", momentum, 0, 1)
        self.epsilon = _args.number(
            "BatchNormalization", "epsilon", epsilon, 1e-12, 1.0
        )

    def get_config(self) -> dict[str, Any]:
        return {"momentum": self.momentum, "epsilon": self.epsilon}

    def output_shape(self, input_shape: Shape) -> Shape:
        return tuple(input_shape)

    def build(self, input_shape: Shape, rng: np.random.Generator, dtype: Any) -> None:
        super().build(input_shape, rng, dtype)
        c = input_shape[-1]
        self.params = {"gamma": np.ones(c, dtype), "beta": np.zeros(c, dtype)}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        self.buffers = {
            "moving_mean": np.zeros(c, dtype),
            "moving_variance": np.ones(c, dtype),
        }

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        c = x.shape[-1]
        x2 = x.reshape(-1, c)
        self._batch_mode = training and self.trainable
        if self._batch_mode:
            mean = x2.mean(axis=0)
            xc = x2 - mean
            var = np.einsum("ij,ij->j", xc, xc) / x2.shape[0]
            self._update_moving(mean, var)
        else:
            mean, var = self.buffers["moving_mean"], self.buffers["moving_variance"]
            xc = x2 - mean
        self._inv_std = 1.0 / np.sqrt(var + self.epsilon)
        self._xhat = xc * self._inv_std
        y = self._xhat * self.params["gamma"] + self.params["beta"]
        return y.reshape(x.shape)

    def _update_moving(self, mean: np.ndarray, var: np.ndarray) -> None:
        m = self.momentum
        for name, batch in (("moving_mean", mean), ("moving_variance", var)):
            buf = self.buffers[name]
            buf *= m
            buf += (1.0 - m) * batch.astype(buf.dtype, copy=False)

    def backward(self, dy: np.ndarray) -> np.ndarray | None:
        c = dy.shape[-1]
        dy2 = dy.reshape(-1, c)
        dbeta = dy2.sum(axis=0)
        dgamma = np.einsum("ij,ij->j", dy2, self._xhat)
        if self.trainable:
            self.grads["gamma"][...] = dgamma
            self.grads["beta"][...] = dbeta
        if not self.need_input_grad:
            return None
        scale = self.params["gamma"] * self._inv_std
        if not self._batch_mode:
            return (dy2 * scale).reshape(dy.shape)
        m = dy2.shape[0]
        dx = dy2 - (dbeta / m) - self._xhat * (dgamma / m)
        dx *= scale
        return dx.reshape(dy.shape)
