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

import inspect
import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

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

    def _update(self, p, g):
        t = self._tmp
        np.multiply(g, self.learning_rate, out=t)
        if not self.momentum:
            np.subtract(p, t, out=p)
            return
        m = self.state["momentum"]
        m *= self.momentum
        m -= t
        if self.nesterov:
            np.multiply(m, self.momentum, out=self._tmp2)
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


@_register
class RMSprop(Optimizer):
    """v = rho v + (1 - rho) g²; p -= lr g / sqrt(v + eps) (+ centered, momentum)."""

    name = "rmsprop"

    def __init__(
        self,
        learning_rate=None,
        rho=0.9,
        momentum=0.0,
        epsilon=1e-7,
        centered=False,
        **clip,
    ):
        super().__init__(learning_rate, **clip)
        self.rho = _real(self.name, "rho", rho, 0.0, 1.0)
        self.momentum = _real(self.name, "momentum", momentum, 0.0, 1.0)
        self.epsilon = _real(self.name, "epsilon", epsilon, 0.0, 1.0, open_low=True)
        if not isinstance(centered, bool):
            raise EngineError(
                f"rmsprop: 'centered' expected true or false, found {centered!r}"
            )
        self.centered = centered
        self.slots = (
            ("velocity",)
            + ("momentum",) * (self.momentum > 0)
            + (("average_gradient",) if centered else ())
        )

    def _update(self, p, g):
        v, t, inc = self.state["velocity"], self._tmp, self._tmp2
        rho = self.rho
        v *= rho
        np.multiply(g, g, out=t)
        t *= 1 - rho
        v += t
        if self.centered:
            a = self.state["average_gradient"]
            a *= rho
            np.multiply(g, 1 - rho, out=t)
            a += t
            np.multiply(a, a, out=t)
            np.subtract(v, t, out=t)
            t += self.epsilon
        else:
            np.add(v, self.epsilon, out=t)
        np.sqrt(t, out=t)
        np.multiply(g, self.learning_rate, out=inc)
        inc /= t
        if self.momentum > 0:
            m = self.state["momentum"]
            m *= self.momentum
            m += inc
            p -= m
        else:
            p -= inc

    def get_config(self):
        return {
            **super().get_config(),
            "rho": self.rho,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "centered": self.centered,
        }


@_register
class Adagrad(Optimizer):
    """acc += g²; p -= lr g / sqrt(acc + eps)."""

    name = "adagrad"
    slots = ("accumulator",)

    def __init__(
        self, learning_rate=None, initial_accumulator_value=0.1, epsilon=1e-7, **clip
    ):
        super().__init__(learning_rate, **clip)
        self.initial_accumulator_value = _real(
            self.name, "initial_accumulator_value", initial_accumulator_value, 0.0, 1e6
        )
        self.epsilon = _real(self.name, "epsilon", epsilon, 0.0, 1.0, open_low=True)

    def _initial_slot(self, name, params):
        return np.full_like(params, self.initial_accumulator_value)

    def _update(self, p, g):
        acc, t, inc = self.state["accumulator"], self._tmp, self._tmp2
        np.multiply(g, g, out=t)
        acc += t
        np.add(acc, self.epsilon, out=t)
        np.sqrt(t, out=t)
        np.multiply(g, self.learning_rate, out=inc)
        inc /= t
        p -= inc

    def get_config(self):
        return {
            **super().get_config(),
            "initial_accumulator_value": self.initial_accumulator_value,
            "epsilon": self.epsilon,
        }


@_register
class Adam(Optimizer):
    """m += (g - m)(1 - b1); v += (g² - v)(1 - b2); p -= alpha m / (sqrt(v) + eps).

    alpha = lr sqrt(1 - b2^t) / (1 - b1^t), t the 1-based step (Keras 3's form).
    """

    name = "adam"

    def __init__(
        self,
        learning_rate=None,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-7,
        amsgrad=False,
        **clip,
    ):
        super().__init__(learning_rate, **clip)
        self.beta_1 = _real(self.name, "beta_1", beta_1, 0.0, 1.0)
        self.beta_2 = _real(self.name, "beta_2", beta_2, 0.0, 1.0)
        self.epsilon = _real(self.name, "epsilon", epsilon, 0.0, 1.0, open_low=True)
        if not isinstance(amsgrad, bool):
            raise EngineError(
                f"{self.name}: 'amsgrad' expected true or false, found {amsgrad!r}"
            )
        self.amsgrad = amsgrad
        self.slots = ("m", "v") + (("v_hat",) if amsgrad else ())

    def _update(self, p, g):
        m, v, t, t2 = self.state["m"], self.state["v"], self._tmp, self._tmp2
        step = self.iterations + 1
        alpha = (
            self.learning_rate
            * math.sqrt(1 - self.beta_2**step)
            / (1 - self.beta_1**step)
        )
        self._decay_weights(p)
        np.subtract(g, m, out=t)
        t *= 1 - self.beta_1
        m += t
        np.multiply(g, g, out=t)
        t -= v
        t *= 1 - self.beta_2
        v += t
        if self.amsgrad:
            v = np.maximum(self.state["v_hat"], v, out=self.state["v_hat"])
        np.sqrt(v, out=t)
        t += self.epsilon
        np.multiply(m, alpha, out=t2)
        t2 /= t
        p -= t2

    def _decay_weights(self, p: np.ndarray) -> None:
        """Adam has no decoupled weight decay; AdamW overrides this."""

    def get_config(self):
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
            "amsgrad": self.amsgrad,
        }


@_register
class AdamW(Adam):
    """Adam with decoupled weight decay: p -= p * weight_decay * lr before the step."""

    name = "adamw"

    def __init__(self, learning_rate=None, weight_decay=0.004, **adam_args):
        super().__init__(learning_rate, **adam_args)
        self.weight_decay = _real(self.name, "weight_decay", weight_decay, 0.0, 1e3)

    def _decay_weights(self, p):
        if self.weight_decay:
            np.multiply(p, self.weight_decay * self.learning_rate, out=self._tmp)
            p -= self._tmp

    def get_config(self):
        return {**super().get_config(), "weight_decay": self.weight_decay}


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
