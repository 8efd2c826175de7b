"""The optimizer contract and registry: ``Optimizer`` (learning rate, clipping,
iteration count, slot arrays, state for snapshots) and ``OPTIMIZERS``.

The optimizers themselves register here from ``optimizers`` (SGD) and
``optimizers_adaptive``; ``optimizers`` is the module to import (it imports both, so
every optimizer is registered). This module imports neither.
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from netdesigner.engine.constants import constant
from netdesigner.engine.errors import EngineError
from netdesigner.engine.registry import Registry
from netdesigner.i18n import N_, _

OPTIMIZERS: Registry[type[Optimizer]] = Registry(N_("optimizer"))


def real_arg(
    owner: str, name: str, value: Any, low: float, high: float, *, open_low=False
):
    """``value`` as a float in [low, high] ((low, high] when ``open_low``)."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    ok = ok and math.isfinite(value) and value <= high
    ok = ok and (value > low if open_low else value >= low)
    if not ok:
        bracket = "(" if open_low else "["
        raise EngineError(
            _(
                "{optimizer}: '{arg}' expected a number in {interval}, found {found}"
            ).format(
                optimizer=owner,
                arg=name,
                interval=f"{bracket}{low:g}, {high:g}]",
                found=repr(value),
            )
        )
    return float(value)


def bool_arg(owner: str, name: str, value: Any) -> bool:
    """``value`` when it is True or False (tf.keras's yes/no arguments)."""
    if not isinstance(value, bool):
        raise EngineError(
            _("{optimizer}: '{arg}' expected true or false, found {found}").format(
                optimizer=owner, arg=name, found=repr(value)
            )
        )
    return value


def optional_positive(owner: str, name: str, value: Any) -> float | None:
    if value is None:
        return None
    return real_arg(owner, name, value, 0.0, math.inf, open_low=True)


class Optimizer:
    """Base class: learning rate, clipping, iteration count and slot arrays.

    Subclasses list their slot names in ``slots`` and implement ``_update(p, g)``.
    """

    name = ""
    slots: tuple[str, ...] = ()
    default_learning_rate = 0.001

    def __init__(
        self,
        learning_rate: float | None = None,
        *,
        clipnorm: float | None = None,
        global_clipnorm: float | None = None,
        clipvalue: float | None = None,
    ) -> None:
        self._scalar: Any = float  # once built: constants of the parameters' type
        self._consts: dict[float, Any] = {}  # value -> self._scalar(value)
        if learning_rate is None:
            learning_rate = self.default_learning_rate
        self.learning_rate = real_arg(self.name, "learning_rate", learning_rate, 0, 1e6)
        self.clipnorm = optional_positive(self.name, "clipnorm", clipnorm)
        self.global_clipnorm = optional_positive(
            self.name, "global_clipnorm", global_clipnorm
        )
        self.clipvalue = optional_positive(self.name, "clipvalue", clipvalue)
        if self.clipnorm is not None and self.global_clipnorm is not None:
            raise EngineError(
                _(
                    "{optimizer}: give either 'clipnorm' or 'global_clipnorm', not both"
                ).format(optimizer=self.name)
            )
        self.iterations = 0
        self.state: dict[str, np.ndarray] = {}
        self._starts: np.ndarray | None = None
        self._sizes: np.ndarray | None = None

    @property
    def learning_rate(self) -> float:
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        self._learning_rate = float(value)
        # an operand of the parameters' own type: see ``constants``
        self._lr = self._scalar(value)

    def _k(self, value: float) -> Any:
        """``value`` as a scalar of the parameters' type (cached; see learning_rate)."""
        consts = self._consts
        typed = consts.get(value)
        if typed is None:
            if len(consts) > 64:
                consts.clear()
            typed = consts[value] = self._scalar(value)
        return typed

    # -- set-up -------------------------------------------------------------------
    def build(self, params: np.ndarray, sizes: Sequence[int] | None = None) -> None:
        """Allocate the slot arrays for a flat ``params : (P,)`` vector.

        ``sizes`` are the lengths of the variables packed in ``params`` (for
        per-variable ``clipnorm``); by default the whole vector is one variable.
        """
        sizes = [params.size] if sizes is None else list(sizes)
        if sum(sizes) != params.size:
            raise EngineError(
                _(
                    "{optimizer}: variable sizes add up to {total}, "
                    "found {found} parameters"
                ).format(optimizer=self.name, total=sum(sizes), found=params.size)
            )
        self._sizes = np.asarray(sizes, dtype=np.intp)
        self._starts = np.concatenate(([0], np.cumsum(self._sizes)[:-1])).astype(
            np.intp
        )
        self.state = {name: self._initial_slot(name, params) for name in self.slots}
        self._tmp = np.empty_like(params)
        self._tmp2 = np.empty_like(params)
        self.iterations = 0
        self._scalar = functools.partial(constant, dtype=params.dtype)
        self._consts = {}
        self.learning_rate = self._learning_rate  # cast once to the params' type

    def _initial_slot(self, name: str, params: np.ndarray) -> np.ndarray:
        return np.zeros_like(params)

    # -- the update -----------------------------------------------------------
    def step(self, params: np.ndarray, grads: np.ndarray, sqnorm: float | None = None):
        """Update ``params`` in place from ``grads`` (both ``(P,)``).

        ``sqnorm`` is ``sum(grads**2)`` when the caller has it already.
        """
        if (
            self.clipvalue is None
            and self.global_clipnorm is None
            and not self.clipnorm
        ):
            self._update(params, grads)
            self.iterations += 1
            return
        if self.clipvalue is not None:
            np.clip(grads, -self.clipvalue, self.clipvalue, out=grads)
            sqnorm = None
        if self.global_clipnorm is not None:
            if sqnorm is None:
                sqnorm = float(np.dot(grads, grads))
            norm = math.sqrt(sqnorm)
            if norm > self.global_clipnorm:
                grads *= self.global_clipnorm / norm
        elif self.clipnorm is not None:
            self._clip_per_variable(grads)
        self._update(params, grads)
        self.iterations += 1

    def _no_clipping(self) -> bool:
        return (
            self.clipvalue is None
            and self.global_clipnorm is None
            and not self.clipnorm
        )

    def _clip_per_variable(self, grads: np.ndarray) -> None:
        starts, sizes, clipnorm = self._starts, self._sizes, self.clipnorm
        assert starts is not None and sizes is not None, "build() sets them"
        assert clipnorm is not None, "called only with clipnorm set"
        norms = np.sqrt(np.add.reduceat(grads * grads, starts))
        scale = clipnorm / np.maximum(norms, clipnorm)
        if np.any(scale < 1):
            grads *= np.repeat(scale, sizes).astype(grads.dtype, copy=False)

    def _update(self, p: np.ndarray, g: np.ndarray) -> None:
        raise NotImplementedError

    # -- snapshots ------------------------------------------------------------
    def get_state(self) -> dict[str, Any]:
        """Copies of everything that changes while training."""
        return {
            "iterations": self.iterations,
            "learning_rate": self.learning_rate,
            "slots": {k: v.copy() for k, v in self.state.items()},
        }

    def set_state(self, state: dict[str, Any]) -> None:
        """Restore what ``get_state`` returned (the slot arrays are copied in)."""
        slots = state["slots"]
        if set(slots) != set(self.state):
            raise EngineError(
                _(
                    "{optimizer}: optimizer state has slots {found}, "
                    "expected {expected}"
                ).format(
                    optimizer=self.name,
                    found=sorted(slots),
                    expected=sorted(self.state),
                )
            )
        for k, v in slots.items():
            if v.shape != self.state[k].shape:
                raise EngineError(
                    _(
                        "{optimizer}: optimizer slot '{slot}' has shape {found}, "
                        "expected {expected}"
                    ).format(
                        optimizer=self.name,
                        slot=k,
                        found=v.shape,
                        expected=self.state[k].shape,
                    )
                )
            np.copyto(self.state[k], v)
        self.iterations = int(state["iterations"])
        self.learning_rate = float(state["learning_rate"])

    def get_config(self) -> dict[str, Any]:
        config: dict[str, Any] = {
            "type": self.name,
            "learning_rate": self.learning_rate,
        }
        for key in ("clipnorm", "global_clipnorm", "clipvalue"):
            if getattr(self, key) is not None:
                config[key] = getattr(self, key)
        return config

    def __repr__(self) -> str:
        return f"<optimizer {self.get_config()}>"


def register_optimizer(cls: type[Optimizer]) -> type[Optimizer]:
    """Class decorator: file ``cls`` under ``cls.name`` in ``OPTIMIZERS``."""
    OPTIMIZERS.register(cls.name)(cls)
    return cls
