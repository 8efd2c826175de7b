"""Weight initializers by their tf.keras names, plus Playground's.

Each registered function has the signature
``init(shape, rng, dtype, fan_in, fan_out, role, **args) -> ndarray`` and draws from the
explicit ``np.random.Generator``. ``initialize`` is the entry point the layers use: it
accepts a name or a dict ``{"type": name, **args}`` and computes fans as tf.keras does.

Notes
-----
Fans: a Dense kernel (in, out) has fan_in = in and fan_out = out; a Conv2D kernel
(kh, kw, in, out) has fan_in = kh·kw·in and fan_out = kh·kw·out (receptive field).
Variance-scaling rules (keras): glorot uses 2 / (fan_in + fan_out), he 2 / fan_in,
lecun 1 / fan_in. Uniform variants draw from U(-limit, limit) with limit = sqrt(3·var);
normal variants draw from a normal truncated at 2 standard deviations, scaled by
1 / 0.87962566103423978 so the variance is ``var`` (keras's truncated_normal).
``random_normal`` is not truncated (keras RandomNormal, stddev 0.05);
``random_uniform`` is U(-0.05, 0.05) by default.
``playground`` is TensorFlow Playground's: kernels U(-0.5, 0.5), biases 0.1.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from netdesigner.engine.errors import EngineError
from netdesigner.engine.registry import Registry
from netdesigner.i18n import N_, _

Initializer = Callable[..., np.ndarray]
INITIALIZERS: Registry[Initializer] = Registry(N_("initializer"))

#: stddev of a unit normal truncated to [-2, 2] (keras's correction constant)
_TRUNC_STD = 0.87962566103423978


def compute_fans(shape: tuple[int, ...]) -> tuple[int, int]:
    """(fan_in, fan_out) as keras: the last two axes are (in, out), the rest
    a receptive field."""
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return int(shape[0]), int(shape[0])
    receptive = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    return int(shape[-2]) * receptive, int(shape[-1]) * receptive


def initialize(
    spec: str | dict[str, Any],
    shape: tuple[int, ...],
    rng: np.random.Generator,
    dtype: Any = np.float32,
    role: str = "kernel",
) -> np.ndarray:
    """Create an array of ``shape`` with the initializer ``spec``.

    spec : a name ("he_normal") or ``{"type": name, **args}`` (or ``class_name``).
    role : "kernel" or "bias" (only ``playground`` treats them differently).
    """
    name, args = _parse_spec(spec)
    fn = INITIALIZERS.get(name)
    _check_arguments(name, fn, args)
    fan_in, fan_out = compute_fans(tuple(shape))
    try:
        out = fn(tuple(shape), rng, np.dtype(dtype), fan_in, fan_out, role, **args)
    except (TypeError, ValueError):  # a text or None where a number goes, min > max
        raise EngineError(
            _(
                "initializer '{initializer}' cannot draw weights with the arguments "
                "{found}"
            ).format(initializer=name, found=repr(args))
        ) from None
    return np.ascontiguousarray(out, dtype=dtype)


#: the arguments every initializer gets from ``initialize``, not from the user
_GIVEN = ("shape", "rng", "dtype", "fan_in", "fan_out", "role")


def _check_arguments(name: str, fn: Initializer, args: dict[str, Any]) -> None:
    """Refuse the arguments ``fn`` does not take, naming the ones it does."""
    allowed = [p for p in inspect.signature(fn).parameters if p not in _GIVEN]
    unknown = sorted(set(args) - set(allowed))
    if not unknown:
        return
    found = ", ".join(map(repr, unknown))
    if allowed:
        message = _(
            "initializer '{initializer}' does not take {found}; "
            "its arguments are {allowed}"
        ).format(initializer=name, found=found, allowed=", ".join(allowed))
    else:
        message = _(
            "initializer '{initializer}' takes no arguments, found {found}"
        ).format(initializer=name, found=found)
    raise EngineError(message)


def _parse_spec(spec: Any) -> tuple[str, dict[str, Any]]:
    if isinstance(spec, str):
        return _snake(spec), {}
    if isinstance(spec, dict):
        args = dict(spec)
        name = args.pop("type", None) or args.pop("class_name", None)
        args.update(args.pop("config", {}) or {})
        if isinstance(name, str):
            return _snake(name), args
    raise EngineError(
        _(
            "an initializer must be a name such as {name} or a dict like {example}, "
            "found {found}"
        ).format(
            name="'glorot_uniform'",
            example="{'type': 'he_normal'}",
            found=repr(spec),
        )
    )


def _snake(name: str) -> str:
    """'GlorotUniform' -> 'glorot_uniform' (keras class names are accepted too)."""
    if name in INITIALIZERS:
        return name
    out = "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")
    return out


def _truncated_normal(shape, rng, dtype, stddev: float) -> np.ndarray:
    """Normal(0, stddev) redrawn outside ±2 stddev."""
    x = rng.standard_normal(shape)
    bad = np.abs(x) > 2.0
    while bad.any():
        x[bad] = rng.standard_normal(int(bad.sum()))
        bad = np.abs(x) > 2.0
    return (x * stddev).astype(dtype)


def _variance_scaling(
    scale: float, fan: Callable[[int, int], float], distribution: str
):
    def init(shape, rng, dtype, fan_in, fan_out, role, seed=None):
        var = scale / max(1.0, fan(fan_in, fan_out))
        if distribution == "uniform":
            limit = math.sqrt(3.0 * var)
            return rng.uniform(-limit, limit, shape).astype(dtype)
        return _truncated_normal(shape, rng, dtype, math.sqrt(var) / _TRUNC_STD)

    return init


_FAN_AVG = lambda fi, fo: (fi + fo) / 2.0  # noqa: E731
_FAN_IN = lambda fi, fo: float(fi)  # noqa: E731

for _name, _scale, _fan in (
    ("glorot", 1.0, _FAN_AVG),
    ("he", 2.0, _FAN_IN),
    ("lecun", 1.0, _FAN_IN),
):
    for _dist in ("uniform", "normal"):
        INITIALIZERS.register(f"{_name}_{_dist}")(
            _variance_scaling(_scale, _fan, _dist)
        )


@INITIALIZERS.register("zeros")
def zeros(shape, rng, dtype, fan_in, fan_out, role):
    return np.zeros(shape, dtype)


@INITIALIZERS.register("ones")
def ones(shape, rng, dtype, fan_in, fan_out, role):
    return np.ones(shape, dtype)


@INITIALIZERS.register("constant")
def constant(shape, rng, dtype, fan_in, fan_out, role, value: float = 0.0):
    return np.full(shape, value, dtype)


@INITIALIZERS.register("random_uniform")
def random_uniform(
    shape, rng, dtype, fan_in, fan_out, role, minval=-0.05, maxval=0.05, seed=None
):
    return rng.uniform(minval, maxval, shape).astype(dtype)


@INITIALIZERS.register("random_normal")
def random_normal(
    shape, rng, dtype, fan_in, fan_out, role, mean=0.0, stddev=0.05, seed=None
):
    return (mean + stddev * rng.standard_normal(shape)).astype(dtype)


@INITIALIZERS.register("playground")
def playground(shape, rng, dtype, fan_in, fan_out, role):
    """TensorFlow Playground: weights U(-0.5, 0.5), biases 0.1."""
    if role == "bias":
        return np.full(shape, 0.1, dtype)
    return rng.uniform(-0.5, 0.5, shape).astype(dtype)
