"""Conv2D: 2-D convolution, channels-last, with its activation (tf.keras ``Conv2D``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from netdesigner.engine import conv_bands, im2col
from netdesigner.engine.conv_plan import ConvPlan, conv_plan
from netdesigner.engine.initializers import initialize
from netdesigner.engine.layers import _args
from netdesigner.engine.layers.base import LAYERS, Layer, Shape
from netdesigner.engine.layers.spatial import (
    check_image,
    spatial_output,
    spatial_sentence,
)


@LAYERS.register("Conv2D")
class Conv2D(Layer):
    """y = activation(conv(x, kernel) + bias), cross-correlation as tf.keras.

    x : (N, H, W, C) ; kernel : (kh, kw, C, filters) ; bias : (filters,) ;
    y : (N, Ho, Wo, filters). Every plan is GEMMs on patches, chosen by shape:
    few channels and filters with stride 1 use row blocks (``engine.conv_bands``,
    q outputs per patch); otherwise grey and RGB inputs use im2col's column layout,
    kept for the kernel gradient, and more channels row patches made a block of
    images at a time and made again backward. The input gradient goes through the
    kernel band (few channels, stride 1) or per-offset slabs added by col2im
    (``engine.im2col``).
    """

    def __init__(
        self,
        filters: int,
        kernel_size: Any = 3,
        strides: Any = 1,
        padding: str = "valid",
        activation: str | None = "linear",
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
    ) -> None:
        super().__init__()
        self._plan: ConvPlan | None = None  # the last forward pass's
        self.filters = _args.positive_int("Conv2D", "filters", filters)
        self.kernel_size = _args.int_pair("Conv2D", "kernel_size", kernel_size)
        self.strides = _args.int_pair("Conv2D", "strides", strides)
        self.padding = _args.choice("Conv2D", "padding", padding, ("valid", "same"))
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
            "filters": self.filters,
            "kernel_size": list(self.kernel_size),
            "strides": list(self.strides),
            "padding": self.padding,
            **_args.kernel_config(self),
        }

    def output_shape(self, input_shape: Shape) -> Shape:
        check_image("Conv2D", input_shape)
        ho, wo = spatial_output(
            "Conv2D",
            "kernel_size",
            input_shape,
            self.kernel_size,
            self.strides,
            self.padding,
        )
        return (ho, wo, self.filters)

    def shape_arithmetic(self, input_shape: Shape) -> str | None:
        return spatial_sentence(
            input_shape, self.kernel_size, self.strides, self.padding, self.filters
        )

    def build(self, input_shape: Shape, rng: np.random.Generator, dtype: Any) -> None:
        super().build(input_shape, rng, dtype)
        self.output_shape(input_shape)
        shape = (*self.kernel_size, input_shape[2], self.filters)
        self.params = {"kernel": initialize(self.kernel_initializer, shape, rng, dtype)}
        if self.use_bias:
            self.params["bias"] = initialize(
                self.bias_initializer, (self.filters,), rng, dtype, role="bias"
            )
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}

    @property
    def plan(self) -> str:
        """How the last forward pass made its GEMMs (for tests and benchmarks)."""
        return "" if self._plan is None else self._plan.describe()

    def _geometry(self, x: np.ndarray) -> None:
        """Padding, output size and the GEMM plan for an input batch x."""
        plan = conv_plan(
            self.params["kernel"].shape, self.strides, self.padding, x.shape, x.itemsize
        )
        self._ph, self._pw, self._ho, self._wo = plan.ph, plan.pw, plan.ho, plan.wo
        self._q, self._transposed, self._banded = plan.q, plan.columns, plan.banded
        self._plan = plan

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        self._geometry(x)
        (kh, kw), s = self.kernel_size, self.strides
        xp = im2col.pad_hw(x, self._ph, self._pw)
        self._padded_shape = xp.shape
        kernel = self.params["kernel"].reshape(-1, self.filters)
        self._blocks = self._cols = self._xp = None  # what the kernel gradient reads
        bias_added = False
        if self._q:
            self._blocks = conv_bands.row_block_patches(
                xp, kh, kw, self._q, self._ho, self._wo
            )
            spread = conv_bands.row_block_kernel(self.params["kernel"], self._q)
            z = np.matmul(self._blocks, spread)
        elif self._transposed:
            # a row of ones in the patches and the bias under the kernel: the GEMM
            # adds the bias, and the weight-gradient GEMM sums its gradient
            self._cols = im2col.im2col_cols(
                xp, kh, kw, s, self._ho, self._wo, ones_row=self.use_bias
            )
            if self.use_bias:
                kernel = np.concatenate([kernel, self.params["bias"][None]])
                bias_added = True
            patches = self._cols.T
            z = np.empty((patches.shape[0], self.filters), np.result_type(xp, kernel))
            im2col.matmul_rows(patches, kernel, z)
        else:
            # patches made a block of images at a time; backward makes them again
            self._xp = xp
            z = im2col.conv_rows(xp, kernel, kh, kw, s, self._ho, self._wo)
        z = z.reshape(x.shape[0], self._ho, self._wo, self.filters)
        if self.use_bias and not bias_added:
            # adding a (wo·filters,) tile to rows is ~5x faster than a (filters,) one
            rows = z.reshape(-1, self._wo * self.filters)
            rows += np.tile(self.params["bias"], self._wo)
        self.preactivation = z
        self._y = self.activation.forward(z)
        return self._y

    def backward(self, dy: np.ndarray) -> np.ndarray | None:
        dz = self.activation.backward(dy, self.preactivation, self._y)
        return self.backward_from_preactivation(dz)

    def backward_from_preactivation(self, dz: np.ndarray) -> np.ndarray | None:
        dz2 = dz.reshape(-1, self.filters)
        if self.trainable:
            self._weight_grads(dz2)
        if not self.need_input_grad:
            return None
        n, (kh, kw), c = dz.shape[0], self.kernel_size, self._padded_shape[3]
        kernel = self.params["kernel"]
        dz4 = dz2.reshape(n, self._ho, self._wo, self.filters)
        if self._banded:
            # few channels: kh wide GEMM rows instead of kh·kw slabs C wide
            dxp = conv_bands.input_grad_banded(dz4, kernel, self._padded_shape)
        elif c == 1:  # whole planes: an (M, 1) slab per offset is too thin
            dcols = (kernel.reshape(-1, self.filters) @ dz2.T).reshape(
                kh, kw, c, n, self._ho, self._wo
            )
            dcols6 = dcols.transpose(3, 4, 5, 0, 1, 2)
            dxp = im2col.col2im(dcols6, self._padded_shape, self.strides)
        else:
            # one contiguous (M, C) slab per kernel offset, added by col2im
            dxp = im2col.input_grad_slabs(dz4, kernel, self._padded_shape, self.strides)
        return im2col.unpad_hw(dxp, self._ph, self._pw)

    def _weight_grads(self, dz2: np.ndarray) -> None:
        gk = self.grads["kernel"].reshape(-1, self.filters)
        if self._cols is not None and self.use_bias:
            both = np.empty((len(self._cols), self.filters), dtype=dz2.dtype)
            im2col.matmul_reduce(self._cols, dz2, both)
            gk[...], self.grads["bias"][...] = both[:-1], both[-1]
            return
        if self._blocks is not None:
            rows = dz2.reshape(len(self._blocks), -1)
            conv_bands.row_block_kernel_grad(
                self._blocks, rows, self._q, self.grads["kernel"]
            )
        elif self._cols is not None:
            im2col.matmul_reduce(self._cols, dz2, gk)
        else:
            (kh, kw), s = self.kernel_size, self.strides
            im2col.weight_grad_rows(self._xp, dz2, kh, kw, s, self._ho, self._wo, gk)
        if self.use_bias:
            ones = np.ones(dz2.shape[0], dtype=dz2.dtype)
            np.matmul(ones, dz2, out=self.grads["bias"])
