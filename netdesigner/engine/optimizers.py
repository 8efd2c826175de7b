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
from typing import Any

import numpy as np

from netdesigner.engine.errors import EngineError
from netdesigner.engine.optimizer_base import (
    OPTIMIZERS,
    Optimizer,
    bool_arg,
    real_arg,
    register_optimizer,
)
from netdesigner.engine.optimizers_adaptive import Adagrad, Adam, AdamW, RMSprop
from netdesigner.i18n import _


@register_optimizer
class SGD(Optimizer):
    """v = momentum v - lr g; p += v (Nesterov: p += momentum v - lr g)."""

    name = "sgd"
    default_learning_rate = 0.01

    def __init__(self, learning_rate=None, momentum=0.0, nesterov=False, **clip):
        super().__init__(learning_rate, **clip)
        self.momentum = real_arg(self.name, "momentum", momentum, 0.0, 1.0)
        self.nesterov = bool_arg(self.name, "nesterov", nesterov)
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
            _("an optimizer must be a dict like {example}, found {found}").format(
                example="{'type': 'adam', 'learning_rate': 0.001}", found=repr(config)
            )
        )
    cls = OPTIMIZERS.get(config["type"].lower())
    args = {k: v for k, v in config.items() if k != "type"}
    try:
        return cls(**args)
    except TypeError:
        allowed = _argument_names(cls)
        unknown = sorted(set(args) - set(allowed))
        raise EngineError(
            _(
                "optimizer '{optimizer}' does not take {unknown}; "
                "its arguments are {allowed}"
            ).format(
                optimizer=cls.name,
                unknown=", ".join(map(repr, unknown)),
                allowed=", ".join(allowed),
            )
        ) from None


def _argument_names(cls: type[Optimizer]) -> list[str]:
    names: list[str] = []
    for klass in cls.__mro__:
        init = vars(klass).get("__init__")
        if init is not None:
            for p in inspect.signature(init).parameters.values():
                if (
                    p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
                    and p.name != "self"
                ):
                    if p.name not in names:
                        names.append(p.name)
    return names


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
