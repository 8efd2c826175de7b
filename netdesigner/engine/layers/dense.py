"""Dense: a fully connected layer with its activation (tf.keras ``Dense``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from netdesigner.engine.errors import ShapeError
from netdesigner.engine.initializers import initialize
from netdesigner.engine.layers import _args
from netdesigner.engine.layers.base import LAYERS, Layer, Shape, format_shape
from netdesigner.i18n import _


@LAYERS.register("Dense")
class Dense(Layer):
    """y = activation(x @ kernel + bias).

    x : (batch, in) ; kernel : (in, units) ; bias : (units,) ; y : (batch, units).
    Forward is one GEMM; backward two (dW = x^T dz, dx = dz W^T) and a column sum.
    """

    def __init__(
        self,
        units: int,
        activation: str | None = "linear",
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
    ) -> None:
        super().__init__()
        self.units = _args.positive_int("Dense", "units", units)
        (
            self.activation,
            self._activation_arg,
            self.use_bias,
            self.kernel_initializer,
            self.bias_initializer,
            self.kernel_regularizer,
        ) = _args.kernel_args(
            type(self).__name__,
            activation,
            use_bias,
            kernel_initializer,
            bias_initializer,
            kernel_regularizer,
        )

    def get_config(self) -> dict[str, Any]:
        return {
            "units": self.units,
            **_args.kernel_config(self),
        }

    def output_shape(self, input_shape: Shape) -> Shape:
        if len(input_shape) != 1:
            raise ShapeError(
                _(
                    "Dense expects a flat vector of features, found a {format_shape} "
                    "input; add a Flatten layer before it"
                ).format(format_shape=format_shape(input_shape))
            )
        return (self.units,)

    def build(self, input_shape: Shape, rng: np.random.Generator, dtype: Any) -> None:
        super().build(input_shape, rng, dtype)
        self.output_shape(input_shape)
        (n_in,) = input_shape
        kernel = initialize(self.kernel_initializer, (n_in, self.units), rng, dtype)
        self.params = {"kernel": kernel}
        if self.use_bias:
            self.params["bias"] = initialize(
                self.bias_initializer, (self.units,), rng, dtype, role="bias"
            )
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        z = x @ self.params["kernel"]
        if self.use_bias:
            z += self.params["bias"]
        self._x = x
        self.preactivation = z
        self._y = self.activation.forward(z)
        return self._y

    def backward(self, dy: np.ndarray) -> np.ndarray | None:
        dz = self.activation.backward(dy, self.preactivation, self._y)
        return self.backward_from_preactivation(dz)

    def backward_from_preactivation(self, dz: np.ndarray) -> np.ndarray | None:
        if self.trainable:
            np.matmul(self._x.T, dz, out=self.grads["kernel"])
            if self.use_bias:
                np.sum(dz, axis=0, out=self.grads["bias"])
        if not self.need_input_grad:
            return None
        return dz @ self.params["kernel"].T
