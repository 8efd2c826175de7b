"""Pooling, channels-last: MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D.

x : (N, H, W, C) -> y : (N, Ho, Wo, C). ``strides`` defaults to ``pool_size``.
TF semantics for padding='same': max pooling ignores the padding (pads with −inf),
average pooling divides by the number of real values in each window.
Max pooling routes each gradient to exactly one maximum of its window, so ties never
multiply a gradient: the first in row-major order in general; for 2×2 tiles (the
fast path) the left column wins a tie between columns, then the top row.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from netdesigner.engine import im2col
from netdesigner.engine.layers import _args
from netdesigner.engine.layers.base import LAYERS, Layer, Shape
from netdesigner.engine.layers.spatial import (
    check_image,
    spatial_output,
    spatial_sentence,
)


class _Pooling2D(Layer):
    """Shared arguments, shapes and geometry of the windowed pooling layers."""

    kind = ""

    def __init__(
        self, pool_size: Any = 2, strides: Any = None, padding: str = "valid"
    ) -> None:
        super().__init__()
        self.pool_size = _args.int_pair(self.kind, "pool_size", pool_size)
        self._strides_arg = strides
        self.strides = (
            self.pool_size
            if strides is None
            else _args.int_pair(self.kind, "strides", strides)
        )
        self.padding = _args.choice(self.kind, "padding", padding, ("valid", "same"))
        self._dtype = np.dtype(np.float32)  # the last forward input's dtype

    def get_config(self) -> dict[str, Any]:
        strides = self._strides_arg
        return {
            "pool_size": list(self.pool_size),
            "strides": None if strides is None else list(self.strides),
            "padding": self.padding,
        }

    def output_shape(self, input_shape: Shape) -> Shape:
        check_image(self.kind, input_shape)
        ho, wo = spatial_output(
            self.kind,
            "pool_size",
            input_shape,
            self.pool_size,
            self.strides,
            self.padding,
        )
        return (ho, wo, input_shape[2])

    def shape_arithmetic(self, input_shape: Shape) -> str | None:
        return spatial_sentence(input_shape, self.pool_size, self.strides, self.padding)

    def _geometry(self, x: np.ndarray) -> None:
        (kh, kw), (sh, sw) = self.pool_size, self.strides
        _, h, w, _ = x.shape
        self._ph = im2col.pad_amounts(h, kh, sh, self.padding)
        self._pw = im2col.pad_amounts(w, kw, sw, self.padding)
        self._ho = im2col.out_size(h, kh, sh, self.padding)
        self._wo = im2col.out_size(w, kw, sw, self.padding)
        self._in_shape = x.shape
        # non-overlapping windows without padding: work on strided slices
        self._tiled = (
            self.strides == self.pool_size and self._ph == (0, 0) and self._pw == (0, 0)
        )

    def _tiles(self, x: np.ndarray) -> list[np.ndarray]:
        """The kh·kw strided slices (N, Ho, Wo, C) of x, row-major window order."""
        (kh, kw), (ho, wo) = self.pool_size, (self._ho, self._wo)
        return [
            x[:, i : i + kh * ho : kh, j : j + kw * wo : kw, :]
            for i in range(kh)
            for j in range(kw)
        ]

    def _new_dx(self) -> np.ndarray:
        """A gradient buffer for the input; zeros only where no window reaches."""
        n, h, w, c = self._in_shape
        covered = (
            self._ho * self.pool_size[0] == h and self._wo * self.pool_size[1] == w
        )
        return (np.empty if covered else np.zeros)(self._in_shape, dtype=self._dtype)


@LAYERS.register("MaxPooling2D")
class MaxPooling2D(_Pooling2D):
    """Maximum of each window."""

    kind = "MaxPooling2D"

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        self._geometry(x)
        self._dtype = x.dtype
        if self._tiled and self.pool_size == (2, 2):
            return self._forward_2x2(x)
        if self._tiled:
            self._x = x
            tiles = self._tiles(x)
            y = np.maximum(tiles[0], tiles[1]) if len(tiles) > 1 else tiles[0].copy()
            for t in tiles[2:]:
                np.maximum(y, t, out=y)
            return y
        xp = im2col.pad_hw(x, self._ph, self._pw, value=-np.inf)
        self._padded_shape = xp.shape
        (kh, kw), c = self.pool_size, x.shape[3]
        view = im2col.patch_view(xp, kh, kw, self.strides, self._ho, self._wo)
        windows = view.reshape(x.shape[0], self._ho, self._wo, kh * kw, c)
        self._argmax = windows.argmax(axis=3)[:, :, :, None, :]
        return np.take_along_axis(windows, self._argmax, axis=3)[:, :, :, 0, :]

    def backward(self, dy: np.ndarray) -> np.ndarray | None:
        if not self.need_input_grad:
            return None
        if self._tiled:
            return self._backward_tiled(dy)
        (kh, kw), c = self.pool_size, dy.shape[3]
        dwin = np.zeros((*dy.shape[:3], kh * kw, c), dtype=dy.dtype)
        np.put_along_axis(dwin, self._argmax, dy[:, :, :, None, :], axis=3)
        dcols6 = dwin.reshape(*dy.shape[:3], kh, kw, c)
        dxp = im2col.col2im(dcols6, self._padded_shape, self.strides)
        return np.ascontiguousarray(im2col.unpad_hw(dxp, self._ph, self._pw))

    def _forward_2x2(self, x: np.ndarray) -> np.ndarray:
        """Rows first (long contiguous runs), then columns on the half-size result."""
        h, w = 2 * self._ho, 2 * self._wo
        self._top, self._bottom = x[:, 0:h:2, :w], x[:, 1:h:2, :w]
        self._rows = np.maximum(self._top, self._bottom)  # (N, Ho, W, C)
        return np.maximum(self._rows[:, :, 0::2], self._rows[:, :, 1::2])

    def _backward_2x2(self, dy: np.ndarray) -> np.ndarray:
        """Route dy to the larger column (ties: left), then row (ties: top)."""
        rows = self._rows
        d_rows = np.empty_like(rows)
        left, right = d_rows[:, :, 0::2], d_rows[:, :, 1::2]
        np.multiply(dy, rows[:, :, 0::2] >= rows[:, :, 1::2], out=left)
        np.subtract(dy, left, out=right)
        dx = self._new_dx()
        h, w = 2 * self._ho, 2 * self._wo
        top, bottom = dx[:, 0:h:2, :w], dx[:, 1:h:2, :w]
        np.multiply(d_rows, self._top >= self._bottom, out=top)
        np.subtract(d_rows, top, out=bottom)
        return dx

    def _backward_tiled(self, dy: np.ndarray) -> np.ndarray:
        if self.pool_size == (2, 2):
            return self._backward_2x2(dy)
        dx = self._new_dx()
        tiles, out = self._tiles(self._x), self._tiles(dx)
        y = np.maximum.reduce(tiles) if len(tiles) > 1 else tiles[0]
        free = np.ones(dy.shape, dtype=bool)  # windows whose gradient is not yet placed
        for t, o in zip(tiles, out, strict=True):
            hit = (t == y) & free
            np.multiply(dy, hit, out=o)
            free &= ~hit
        return dx


@LAYERS.register("AveragePooling2D")
class AveragePooling2D(_Pooling2D):
    """Mean of each window; with padding='same' only real values are counted."""

    kind = "AveragePooling2D"

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        self._geometry(x)
        self._dtype = x.dtype
        scale = 1.0 / (self.pool_size[0] * self.pool_size[1])
        if self._tiled:
            tiles = self._tiles(x)
            y = tiles[0] + tiles[1] if len(tiles) > 1 else tiles[0].copy()
            for t in tiles[2:]:
                y += t
            y *= scale
            return y
        xp = im2col.pad_hw(x, self._ph, self._pw)
        self._padded_shape = xp.shape
        (kh, kw) = self.pool_size
        view = im2col.patch_view(xp, kh, kw, self.strides, self._ho, self._wo)
        self._inv_count = self._inverse_counts(x)
        return view.sum(axis=(3, 4)) * self._inv_count

    def _inverse_counts(self, x: np.ndarray) -> np.ndarray:
        """(Ho, Wo, 1): 1 / number of real (unpadded) values in each window."""
        ones = np.ones((1, *x.shape[1:3], 1), dtype=x.dtype)
        op = im2col.pad_hw(ones, self._ph, self._pw)
        (kh, kw) = self.pool_size
        view = im2col.patch_view(op, kh, kw, self.strides, self._ho, self._wo)
        return 1.0 / view.sum(axis=(3, 4))[0]

    def backward(self, dy: np.ndarray) -> np.ndarray | None:
        if not self.need_input_grad:
            return None
        (kh, kw) = self.pool_size
        if self._tiled:
            dx = self._new_dx()
            share = dy * (1.0 / (kh * kw))
            for o in self._tiles(dx):
                o[...] = share
            return dx
        share = dy * self._inv_count
        dcols6 = np.broadcast_to(
            share[:, :, :, None, None, :], (*dy.shape[:3], kh, kw, dy.shape[3])
        )
        dxp = im2col.col2im(dcols6, self._padded_shape, self.strides)
        return np.ascontiguousarray(im2col.unpad_hw(dxp, self._ph, self._pw))


@LAYERS.register("GlobalAveragePooling2D")
class GlobalAveragePooling2D(Layer):
    """(N, H, W, C) -> (N, C): the mean of each channel over the image."""

    def output_shape(self, input_shape: Shape) -> Shape:
        check_image("GlobalAveragePooling2D", input_shape)
        return (input_shape[2],)

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        self._in_shape = x.shape
        return x.mean(axis=(1, 2))

    def backward(self, dy: np.ndarray) -> np.ndarray | None:
        if not self.need_input_grad:
            return None
        n, h, w, c = self._in_shape
        share = dy * (1.0 / (h * w))
        return np.ascontiguousarray(
            np.broadcast_to(share[:, None, None, :], self._in_shape)
        )
