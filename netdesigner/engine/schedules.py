"""Learning-rate schedules, applied once per epoch.

A schedule is a factor of the base learning rate: ``lr(epoch) = base_lr *
schedule.factor(epoch)`` with ``epoch`` counted from 0. ``create_schedule(config)``
reads the design's ``lr_schedule``:

=============  ==============================================================
type           arguments (defaults)
=============  ==============================================================
constant       (none)
step           ``drop_every`` (10 epochs), ``factor`` (0.5)
exponential    ``decay_rate`` (0.96), ``decay_steps`` (1 epoch), ``staircase`` (false)
cosine         ``decay_steps`` (epochs; the trainer's epoch count when omitted),
               ``alpha`` (0: the final fraction of the rate)
warmup         ``warmup_epochs`` (5), ``then`` (another schedule's config,
               constant by default); rises linearly to the base rate
=============  ==============================================================

tf.keras's names work too, with steps counted in epochs: ``exponential_decay``,
``cosine_decay``, ``inverse_time_decay`` (``decay_rate``, ``decay_steps``,
``staircase``) and ``piecewise_constant_decay`` (``boundaries``, ``values``: absolute
rates that replace the optimizer's).

Names and formulas follow tf.keras's ``ExponentialDecay`` and ``CosineDecay`` with
epochs in place of steps.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from netdesigner.engine.errors import EngineError
from netdesigner.engine.registry import Registry
from netdesigner.i18n import N_, _

SCHEDULES: Registry[type[Schedule]] = Registry(N_("learning-rate schedule"))


def _number(kind: str, name: str, value: Any, low: float, *, integer=False) -> float:
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    ok = ok and math.isfinite(value) and value >= low
    if integer:
        ok = ok and float(value).is_integer()
    if not ok:
        if integer:
            template = _(
                "{schedule} schedule: '{arg}' expected a whole number of at least "
                "{low}, found {found}"
            )
        else:
            template = _(
                "{schedule} schedule: '{arg}' expected a number of at least {low}, "
                "found {found}"
            )
        raise EngineError(
            template.format(schedule=kind, arg=name, low=f"{low:g}", found=repr(value))
        )
    return int(value) if integer else float(value)


class Schedule:
    """Base class: ``factor(epoch)`` multiplies the base learning rate."""

    name = ""

    def factor(self, epoch: int) -> float:
        raise NotImplementedError

    def __call__(self, epoch: int, base_lr: float) -> float:
        return base_lr * self.factor(epoch)

    def set_total_epochs(self, epochs: int) -> None:
        """Hook for schedules whose length defaults to the run's epoch count."""

    def get_config(self) -> dict[str, Any]:
        return {"type": self.name}


def _register(cls: type[Schedule]) -> type[Schedule]:
    SCHEDULES.register(cls.name)(cls)
    return cls


@_register
class Constant(Schedule):
    name = "constant"

    def factor(self, epoch):
        return 1.0


@_register
class StepDecay(Schedule):
    """Multiply by ``factor`` every ``drop_every`` epochs."""

    name = "step"

    def __init__(self, drop_every: int = 10, factor: float = 0.5) -> None:
        self.drop_every = _number(self.name, "drop_every", drop_every, 1, integer=True)
        self.drop_factor = _number(self.name, "factor", factor, 0.0)

    def factor(self, epoch):
        return self.drop_factor ** (epoch // self.drop_every)

    def get_config(self):
        return {
            "type": self.name,
            "drop_every": self.drop_every,
            "factor": self.drop_factor,
        }


class _RateDecay(Schedule):
    """Shared by the decays driven by ``decay_rate`` every ``decay_steps`` epochs."""

    default_rate = 0.96

    def __init__(self, decay_rate: float | None = None, decay_steps: int = 1,
                 staircase=False):  # fmt: skip
        rate = self.default_rate if decay_rate is None else decay_rate
        self.decay_rate = _number(self.name, "decay_rate", rate, 0.0)
        self.decay_steps = _number(
            self.name, "decay_steps", decay_steps, 1, integer=True
        )
        if not isinstance(staircase, bool):
            raise EngineError(
                _(
                    "{schedule} schedule: '{arg}' expected true or false, found {found}"
                ).format(schedule=self.name, arg="staircase", found=repr(staircase))
            )
        self.staircase = staircase

    def _progress(self, epoch: int) -> float:
        """Epochs over ``decay_steps``, floored when ``staircase``."""
        p = epoch / self.decay_steps
        return math.floor(p) if self.staircase else p

    def get_config(self):
        return {
            "type": self.name,
            "decay_rate": self.decay_rate,
            "decay_steps": self.decay_steps,
            "staircase": self.staircase,
        }


@_register
class ExponentialDecay(_RateDecay):
    """``decay_rate ** (epoch / decay_steps)`` (an integer power when ``staircase``)."""

    name = "exponential"

    def factor(self, epoch):
        return self.decay_rate ** self._progress(epoch)


@_register
class CosineDecay(Schedule):
    """``(1 - alpha) * 0.5 * (1 + cos(pi * min(epoch, T) / T)) + alpha``."""

    name = "cosine"

    def __init__(self, decay_steps: int | None = None, alpha: float = 0.0) -> None:
        self.decay_steps = (
            None
            if decay_steps is None
            else _number(self.name, "decay_steps", decay_steps, 1, integer=True)
        )
        self.alpha = _number(self.name, "alpha", alpha, 0.0)

    def set_total_epochs(self, epochs):
        if self.decay_steps is None:
            self.decay_steps = max(1, int(epochs))

    def factor(self, epoch):
        steps = self.decay_steps or 1
        cosine = 0.5 * (1 + math.cos(math.pi * min(epoch, steps) / steps))
        return (1 - self.alpha) * cosine + self.alpha

    def get_config(self):
        return {"type": self.name, "decay_steps": self.decay_steps, "alpha": self.alpha}


@_register
class LinearWarmup(Schedule):
    """``(epoch + 1) / warmup_epochs`` for the first epochs, then ``then``'s factor."""

    name = "warmup"

    def __init__(self, warmup_epochs: int = 5, then: dict | None = None) -> None:
        self.warmup_epochs = _number(
            self.name, "warmup_epochs", warmup_epochs, 1, integer=True
        )
        self.then = create_schedule(then)

    def set_total_epochs(self, epochs):
        self.then.set_total_epochs(max(1, epochs - self.warmup_epochs))

    def factor(self, epoch):
        if epoch < self.warmup_epochs:
            return (epoch + 1) / self.warmup_epochs
        return self.then.factor(epoch - self.warmup_epochs)

    def get_config(self):
        return {
            "type": self.name,
            "warmup_epochs": self.warmup_epochs,
            "then": self.then.get_config(),
        }


@_register
class ExponentialDecayKeras(ExponentialDecay):
    """tf.keras's name for ``exponential`` (``decay_steps`` count epochs)."""

    name = "exponential_decay"


@_register
class CosineDecayKeras(CosineDecay):
    """tf.keras's name for ``cosine`` (``decay_steps`` count epochs)."""

    name = "cosine_decay"


@_register
class InverseTimeDecay(_RateDecay):
    """``1 / (1 + decay_rate * epoch / decay_steps)`` (floored when ``staircase``)."""

    name = "inverse_time_decay"

    default_rate = 0.5

    def factor(self, epoch):
        return 1.0 / (1.0 + self.decay_rate * self._progress(epoch))


@_register
class PiecewiseConstantDecay(Schedule):
    """Absolute rates, as tf.keras: ``values[0]`` up to epoch ``boundaries[0]``
    (inclusive), ``values[1]`` up to ``boundaries[1]``, ..., then ``values[-1]``."""

    name = "piecewise_constant_decay"

    def __init__(self, boundaries: list[int], values: list[float]) -> None:
        ok = isinstance(boundaries, list | tuple) and isinstance(values, list | tuple)
        if not ok or len(values) != len(boundaries) + 1 or not values:
            raise EngineError(
                _(
                    "piecewise_constant_decay schedule: 'values' needs one rate more "
                    "than 'boundaries', found {values} and {boundaries}"
                ).format(values=repr(values), boundaries=repr(boundaries))
            )
        self.boundaries = [
            _number(self.name, "boundaries", b, 0, integer=True) for b in boundaries
        ]
        if self.boundaries != sorted(self.boundaries):
            raise EngineError(
                _(
                    "piecewise_constant_decay schedule: 'boundaries' must increase, "
                    "found {found}"
                ).format(found=repr(boundaries))
            )
        self.values = [_number(self.name, "values", v, 0.0) for v in values]
        if self.values[0] <= 0:
            raise EngineError(
                _(
                    "piecewise_constant_decay schedule: the first value must be "
                    "positive, found {found}"
                ).format(found=repr(values[0]))
            )

    def _value(self, epoch: int) -> float:
        return self.values[sum(epoch > b for b in self.boundaries)]

    def factor(self, epoch):
        return self._value(epoch) / self.values[0]

    def __call__(self, epoch, base_lr):
        return self._value(epoch)  # absolute, whatever the optimizer's rate

    def get_config(self):
        return {"type": self.name, "boundaries": self.boundaries, "values": self.values}


def create_schedule(config: dict[str, Any] | str | Schedule | None) -> Schedule:
    """A schedule from the design's ``lr_schedule`` (None means constant)."""
    if config is None:
        return Constant()
    if isinstance(config, Schedule):
        return config
    if isinstance(config, str):
        config = {"type": config}
    if not isinstance(config, dict) or not isinstance(config.get("type"), str):
        example = "{'type': 'step', 'drop_every': 10, 'factor': 0.5}"
        raise EngineError(
            _(
                "a learning-rate schedule must be a dict like {example}, found {found}"
            ).format(example=example, found=repr(config))
        )
    cls = SCHEDULES.get(config["type"])
    args = {k: v for k, v in config.items() if k != "type"}
    try:
        return cls(**args)
    except TypeError:
        raise EngineError(
            _("the '{schedule}' schedule does not take the arguments {found}").format(
                schedule=cls.name, found=sorted(args)
            )
        ) from None
