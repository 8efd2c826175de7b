"""Optimizers with tf.keras's names, defaults and update formulas (Keras 3).

``create_optimizer({"type": "adam", "learning_rate": 0.001, "clipnorm": 1.0})``
returns an optimizer. It works on one flat parameter vector (the network packs every
trainable array into one buffer, so an update is a handful of NumPy calls whatever
the number of layers)::

    opt.build(params, sizes)   # params : (P,) float; sizes: lengths of the variables
    opt.step(params, grads)    # in place; grads : (P,) may be changed by clipping

Notes
-----
Clipping as tf.keras: ``clipnorm`` rescales each variable's gradient to a norm of at
most ``clipnorm``; ``global_clipnorm`` rescales all gradients together;
``clipvalue`` clips each entry. Slot arrays (momentum, moments) have the parameters'
dtype. ``get_state``/``set_state`` copy them for snapshots.
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from netdesigner.engine.constants import constant
from netdesigner.engine.errors import EngineError
from netdesigner.engine.registry import Registry

OPTIMIZERS: Registry[type[Optimizer]] = Registry("optimizer")


def _real(
    owner: str, name: str, value: Any, low: float, high: float, *, open_low=False
):
    """``value`` as a float in [low, high] ((low, high] when ``open_low``)."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    ok = ok and math.isfinite(value) and value <= high
    ok = ok and (value > low if open_low else value >= low)
    if not ok:
        bracket = "(" if open_low else "["
        raise EngineError(
            f"{owner}: '{name}' expected a number in {bracket}{low:g}, {high:g}], "
            f"found {value!r}"
        )
    return float(value)


def _optional_positive(owner: str, name: str, value: Any) -> float | None:
    if value is None:
        return None
    return _real(owner, name, value, 0.0, math.inf, open_low=True)


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
        if learning_rate is None:
            learning_rate = self.default_learning_rate
        self.learning_rate = _real(self.name, "learning_rate", learning_rate, 0, 1e6)
        self.clipnorm = _optional_positive(self.name, "clipnorm", clipnorm)
        self.global_clipnorm = _optional_positive(
            self.name, "global_clipnorm", global_clipnorm
        )
        self.clipvalue = _optional_positive(self.name, "clipvalue", clipvalue)
        if self.clipnorm is not None and self.global_clipnorm is not None:
            raise EngineError(
                f"{self.name}: give either 'clipnorm' or 'global_clipnorm', not both"
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
        consts = self.__dict__.setdefault("_consts", {})
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
                f"{self.name}: variable sizes add up to {sum(sizes)}, "
                f"found {params.size} parameters"
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
        norms = np.sqrt(np.add.reduceat(grads * grads, self._starts))
        scale = self.clipnorm / np.maximum(norms, self.clipnorm)
        if np.any(scale < 1):
            grads *= np.repeat(scale, self._sizes).astype(grads.dtype, copy=False)

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
                f"{self.name}: optimizer state has slots {sorted(slots)}, "
                f"expected {sorted(self.state)}"
            )
        for k, v in slots.items():
            if v.shape != self.state[k].shape:
                raise EngineError(
                    f"{self.name}: optimizer slot '{k}' has shape {v.shape}, "
                    f"expected {self.state[k].shape}"
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


def _register(cls: type[Optimizer]) -> type[Optimizer]:
    OPTIMIZERS.register(cls.name)(cls)
    return cls


@_register
class SGD(Optimizer):
    """v = momentum v - lr g; p += v (Nesterov: p += momentum v - lr g)."""

    name = "sgd"
    default_learning_rate = 0.01

    def __init__(self, learning_rate=None, momentum=0.0, nesterov=False, **clip):
        super().__init__(learning_rate, **clip)
        self.momentum = _real(self.name, "momentum", momentum, 0.0, 1.0)
        if not isinstance(nesterov, bool):
            raise EngineError(
                f"sgd: 'nesterov' expected true or false, found {nesterov!r}"
            )
        self.nesterov = nesterov
        self.slots = ("momentum",) if self.momentum else ()
        self._plain = not self.momentum and self._no_clipping()

    def step(self, params, grads, sqnorm=None):
        if self._plain:  # the Playground case, without any detour
            np.multiply(grads, self._lr, self._tmp)
            np.subtract(params, self._tmp, params)
            self.iterations += 1
            return
        super().step(params, grads, sqnorm)

    def _update(self, p, g):
        t = self._tmp
        np.multiply(g, self._lr, out=t)
        if not self.momentum:
            np.subtract(p, t, out=p)
            return
        m = self.state["momentum"]
        m *= self._k(self.momentum)
        m -= t
        if self.nesterov:
            np.multiply(m, self._k(self.momentum), out=self._tmp2)
            self._tmp2 -= t
            p += self._tmp2
        else:
            p += m

    def get_config(self):
        return {
            **super().get_config(),
            "momentum": self.momentum,
            "nesterov": self.nesterov,
        }


def create_optimizer(config: dict[str, Any] | str | None = None) -> Optimizer:
    """An optimizer from the design's ``{"type": ..., tf.keras argument names}``.

    ``None`` or a bare name gives tf.keras's defaults (``None`` is plain SGD, 0.01).
    An unknown type or argument raises ``EngineError`` naming it.
    """
    if config is None:
        config = {"type": "sgd"}
    if isinstance(config, str):
        config = {"type": config}
    if not isinstance(config, dict) or not isinstance(config.get("type"), str):
        raise EngineError(
            "an optimizer must be a dict like "
            "{'type': 'adam', 'learning_rate': 0.001}, "
            f"found {config!r}"
        )
    cls = OPTIMIZERS.get(config["type"].lower())
    args = {k: v for k, v in config.items() if k != "type"}
    try:
        return cls(**args)
    except TypeError:
        allowed = _argument_names(cls)
        unknown = sorted(set(args) - set(allowed))
        raise EngineError(
            f"optimizer '{cls.name}' does not take {', '.join(map(repr, unknown))}; "
            f"its arguments are {', '.join(allowed)}"
        ) from None


def _argument_names(cls: type[Optimizer]) -> list[str]:
    names: list[str] = []
    for klass in cls.__mro__:
        if "__init__" in vars(klass):
            for p in inspect.signature(klass.__init__).parameters.values():
                if (
                    p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
                    and p.name != "self"
                ):
                    if p.name not in names:
                        names.append(p.name)
    return names


# The adaptive optimizers live next door; importing them registers them.
from netdesigner.engine.optimizers_adaptive import (  # noqa: E402
    Adagrad,
    Adam,
    AdamW,
    RMSprop,
)

__all__ = [
    "OPTIMIZERS",
    "SGD",
    "Adagrad",
    "Adam",
    "AdamW",
    "Optimizer",
    "RMSprop",
    "create_optimizer",
]
