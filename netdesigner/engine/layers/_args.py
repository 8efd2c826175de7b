"""Argument checks shared by the layers; each failure is one sentence naming the layer
type, the argument, what was expected and what was found."""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any, Protocol

from netdesigner.engine.activations import ACTIVATIONS, Activation
from netdesigner.engine.errors import EngineError
from netdesigner.engine.initializers import INITIALIZERS, _parse_spec
from netdesigner.engine.regularizers import accepted as accepted_regularizers
from netdesigner.i18n import _


def fail(layer: str, arg: str, expected: str, found: Any) -> EngineError:
    """The error for argument ``arg`` of ``layer``."""
    return EngineError(
        _("{layer}: argument '{arg}' expected {expected}, found {found}").format(
            layer=layer, arg=arg, expected=expected, found=repr(found)
        )
    )


def positive_int(layer: str, arg: str, value: Any) -> int:
    """An int >= 1 (bools are refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise fail(layer, arg, _("a whole number of at least 1"), value)
    return int(value)


def int_pair(layer: str, arg: str, value: Any) -> tuple[int, int]:
    """An int or a list of two ints >= 1, as (height, width)."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        if len(value) != 2:
            raise fail(layer, arg, _("a whole number or a list of two"), value)
        return positive_int(layer, arg, value[0]), positive_int(layer, arg, value[1])
    n = positive_int(layer, arg, value)
    return n, n


def choice(layer: str, arg: str, value: Any, options: Sequence[str]) -> str:
    if value not in options:
        wanted = _(" or ").join(repr(o) for o in options)
        raise fail(layer, arg, wanted, value)
    return value


def number(
    layer: str, arg: str, value: Any, low: float, high: float, *, high_open=False
) -> float:
    """A real number in [low, high] (or [low, high) when ``high_open``)."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    ok = ok and low <= value and (value < high if high_open else value <= high)
    if not ok:
        bracket = ")" if high_open else "]"
        expected = _("a number in [{low}, {high}{bracket}").format(
            low=f"{low:g}", high=f"{high:g}", bracket=bracket
        )
        raise fail(layer, arg, expected, value)
    return float(value)


def boolean(layer: str, arg: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise fail(layer, arg, _("true or false"), value)
    return value


def activation(layer: str, value: Any) -> Activation:
    if isinstance(value, Activation):
        return value
    if value is None:
        value = "linear"
    if value not in ACTIVATIONS:
        raise fail(
            layer,
            "activation",
            _("one of {names}").format(names=", ".join(ACTIVATIONS.names())),
            value,
        )
    return ACTIVATIONS.get(value)


def initializer(layer: str, arg: str, value: Any) -> Any:
    """A name or dict the initializers accept; returned unchanged."""
    try:
        name, _config = _parse_spec(value)
    except EngineError:
        name = None
    if name not in INITIALIZERS:
        names = ", ".join(INITIALIZERS.names())
        raise fail(layer, arg, _("one of {names}").format(names=names), value)
    return value


def regularizer(layer: str, arg: str, value: Any) -> Any:
    """None, "l1", "l2", "l1_l2" or a dict with keys among l1, l2 and number values."""
    if value is None or value in ("l1", "l2", "l1_l2"):
        return value
    if isinstance(value, dict) and value and set(value) <= {"l1", "l2", "type"}:
        if all(
            isinstance(v, numbers.Real) and not isinstance(v, bool) and float(v) >= 0
            for k, v in value.items()
            if k != "type"
        ):
            return value
    raise fail(layer, arg, accepted_regularizers(), value)


def kernel_args(
    layer: str,
    activation_name: Any,
    use_bias: Any,
    kernel_initializer: Any,
    bias_initializer: Any,
    kernel_regularizer: Any,
) -> tuple[Activation, Any, bool, Any, Any, Any]:
    """tf.keras's kernel arguments of ``layer`` (Dense, Conv2D), checked: (the
    activation, the activation as given for get_config, use_bias, the kernel and
    bias initializers, the kernel regularizer)."""
    return (
        activation(layer, activation_name),
        "linear" if activation_name is None else activation_name,
        boolean(layer, "use_bias", use_bias),
        initializer(layer, "kernel_initializer", kernel_initializer),
        initializer(layer, "bias_initializer", bias_initializer),
        regularizer(layer, "kernel_regularizer", kernel_regularizer),
    )


class KernelLayer(Protocol):
    """What Dense and Conv2D share: tf.keras's kernel arguments, checked by the
    functions above and stored by each layer's constructor."""

    _activation_arg: Any  # the activation as given (a name), for get_config
    use_bias: bool
    kernel_initializer: Any
    bias_initializer: Any
    kernel_regularizer: Any


def kernel_config(layer: KernelLayer) -> dict[str, Any]:
    """The kernel arguments of ``layer`` (Dense, Conv2D), for ``get_config``."""
    return {
        "activation": layer._activation_arg,
        "use_bias": layer.use_bias,
        "kernel_initializer": layer.kernel_initializer,
        "bias_initializer": layer.bias_initializer,
        "kernel_regularizer": layer.kernel_regularizer,
    }
