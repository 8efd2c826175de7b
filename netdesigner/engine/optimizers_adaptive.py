"""Adaptive optimizers: RMSprop, Adagrad, Adam and AdamW (Keras 3's formulas).

They register in ``OPTIMIZERS`` when ``netdesigner.engine.optimizers`` imports this
module; see ``optimizer_base`` for the flat-vector interface, clipping and state.
"""

from __future__ import annotations

import math

import numpy as np

from netdesigner.engine.optimizer_base import (
    Optimizer,
    bool_arg,
    real_arg,
    register_optimizer,
)


@register_optimizer
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
        self.rho = real_arg(self.name, "rho", rho, 0.0, 1.0)
        self.momentum = real_arg(self.name, "momentum", momentum, 0.0, 1.0)
        self.epsilon = real_arg(self.name, "epsilon", epsilon, 0.0, 1.0, open_low=True)
        self.centered = bool_arg(self.name, "centered", centered)
        self.slots = (
            ("velocity",)
            + ("momentum",) * (self.momentum > 0)
            + (("average_gradient",) if centered else ())
        )

    def _update(self, p, g):
        v, t, inc = self.state["velocity"], self._tmp, self._tmp2
        rho, rest = self._k(self.rho), self._k(1 - self.rho)
        v *= rho
        np.multiply(g, g, out=t)
        t *= rest
        v += t
        if self.centered:
            a = self.state["average_gradient"]
            a *= rho
            np.multiply(g, rest, out=t)
            a += t
            np.multiply(a, a, out=t)
            np.subtract(v, t, out=t)
            t += self._k(self.epsilon)
        else:
            np.add(v, self._k(self.epsilon), out=t)
        np.sqrt(t, out=t)
        np.multiply(g, self._lr, out=inc)
        inc /= t
        if self.momentum > 0:
            m = self.state["momentum"]
            m *= self._k(self.momentum)
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


@register_optimizer
class Adagrad(Optimizer):
    """acc += g²; p -= lr g / sqrt(acc + eps)."""

    name = "adagrad"
    slots = ("accumulator",)

    def __init__(
        self, learning_rate=None, initial_accumulator_value=0.1, epsilon=1e-7, **clip
    ):
        super().__init__(learning_rate, **clip)
        self.initial_accumulator_value = real_arg(
            self.name, "initial_accumulator_value", initial_accumulator_value, 0.0, 1e6
        )
        self.epsilon = real_arg(self.name, "epsilon", epsilon, 0.0, 1.0, open_low=True)

    def _initial_slot(self, name, params):
        return np.full_like(params, self.initial_accumulator_value)

    def _update(self, p, g):
        acc, t, inc = self.state["accumulator"], self._tmp, self._tmp2
        np.multiply(g, g, out=t)
        acc += t
        np.add(acc, self._k(self.epsilon), out=t)
        np.sqrt(t, out=t)
        np.multiply(g, self._lr, out=inc)
        inc /= t
        p -= inc

    def get_config(self):
        return {
            **super().get_config(),
            "initial_accumulator_value": self.initial_accumulator_value,
            "epsilon": self.epsilon,
        }


@register_optimizer
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
        self.beta_1 = real_arg(self.name, "beta_1", beta_1, 0.0, 1.0)
        self.beta_2 = real_arg(self.name, "beta_2", beta_2, 0.0, 1.0)
        self.epsilon = real_arg(self.name, "epsilon", epsilon, 0.0, 1.0, open_low=True)
        self.amsgrad = bool_arg(self.name, "amsgrad", amsgrad)
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
        t *= self._k(1 - self.beta_1)
        m += t
        np.multiply(g, g, out=t)
        t -= v
        t *= self._k(1 - self.beta_2)
        v += t
        if self.amsgrad:
            v = np.maximum(self.state["v_hat"], v, out=self.state["v_hat"])
        np.sqrt(v, out=t)
        t += self._k(self.epsilon)
        np.multiply(m, self._scalar(alpha), out=t2)
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


@register_optimizer
class AdamW(Adam):
    """Adam with decoupled weight decay: p -= p * weight_decay * lr before the step."""

    name = "adamw"

    def __init__(self, learning_rate=None, weight_decay=0.004, **adam_args):
        super().__init__(learning_rate, **adam_args)
        self.weight_decay = real_arg(self.name, "weight_decay", weight_decay, 0.0, 1e3)

    def _decay_weights(self, p):
        if self.weight_decay:
            np.multiply(
                p, self._k(self.weight_decay * self.learning_rate), out=self._tmp
            )
            p -= self._tmp

    def get_config(self):
        return {**super().get_config(), "weight_decay": self.weight_decay}
