"""Merge layers with two or more inputs: Add and Concatenate (tf.keras names)."""

from __future__ import annotations

from typing import Any

import numpy as np

from netdesigner.engine.errors import ShapeError
from netdesigner.engine.layers import _args
from netdesigner.engine.layers.base import LAYERS, Layer, Shape, format_shape
from netdesigner.i18n import _


def _check_count(name: str, shapes: Any) -> list[Shape]:
    if not isinstance(shapes, list | tuple) or len(shapes) < 2:
        found = len(shapes) if isinstance(shapes, list | tuple) else 1
        raise ShapeError(
            _("{name} needs two or more inputs, found {found}").format(
                name=name, found=found
            )
        )
    return [tuple(s) for s in shapes]


@LAYERS.register("Add")
class Add(Layer):
    """Elementwise sum of inputs of one shape; dx_i = dy for every input."""

    n_inputs = None

    def output_shape(self, input_shape: list[Shape]) -> Shape:
        shapes = _check_count("Add", input_shape)
        for s in shapes[1:]:
            if s != shapes[0]:
                raise ShapeError(
                    _(
                        "Add needs inputs of one shape, found {format_shape} and "
                        "{format_shape2}; make the branches end in the same size"
                    ).format(
                        format_shape=format_shape(shapes[0]),
                        format_shape2=format_shape(s),
                    )
                )
        return shapes[0]

    def forward(self, xs: list[np.ndarray], training: bool = False) -> np.ndarray:
        self._n = len(xs)
        y = xs[0] + xs[1]
        for x in xs[2:]:
            y += x
        return y

    def backward(self, dy: np.ndarray) -> list[np.ndarray]:
        return [dy] * self._n


@LAYERS.register("Concatenate")
class Concatenate(Layer):
    """Joins inputs along ``axis`` (default the last, channels); the rest must match."""

    n_inputs = None

    def __init__(self, axis: int = -1) -> None:
        super().__init__()
        if isinstance(axis, bool) or not isinstance(axis, int) or axis == 0:
            raise _args.fail("Concatenate", "axis", "a non-zero whole number", axis)
        self.axis = axis

    def get_config(self) -> dict[str, Any]:
        return {"axis": self.axis}

    def _axis(self, rank: int) -> int:
        """The axis within a shape without the batch dimension."""
        ax = self.axis - 1 if self.axis > 0 else self.axis + rank
        if not 0 <= ax < rank:
            raise ShapeError(
                _(
                    "Concatenate: axis {axis} does not exist in inputs of rank {rank} "
                    "(plus the batch axis)"
                ).format(axis=self.axis, rank=rank)
            )
        return ax

    def output_shape(self, input_shape: list[Shape]) -> Shape:
        shapes = _check_count("Concatenate", input_shape)
        ax = self._axis(len(shapes[0]))
        out = list(shapes[0])
        for s in shapes[1:]:
            rest = [d for i, d in enumerate(s) if i != ax]
            if len(s) != len(out) or rest != [d for i, d in enumerate(out) if i != ax]:
                raise ShapeError(
                    _(
                        "Concatenate needs inputs that match except on axis {axis}, "
                        "found "
                        "{format_shape} and {format_shape2}"
                    ).format(
                        axis=self.axis,
                        format_shape=format_shape(shapes[0]),
                        format_shape2=format_shape(s),
                    )
                )
            out[ax] += s[ax]
        return tuple(out)

    def forward(self, xs: list[np.ndarray], training: bool = False) -> np.ndarray:
        ax = self._axis(xs[0].ndim - 1) + 1
        self._splits = np.cumsum([x.shape[ax] for x in xs])[:-1]
        self._ax = ax
        return np.concatenate(xs, axis=ax)

    def backward(self, dy: np.ndarray) -> list[np.ndarray]:
        return np.split(dy, self._splits, axis=self._ax)
