"""Layers, registered by their tf.keras class names.

Importing this package registers every family in ``LAYERS``; ``create_layer`` builds
one from a design's ``type`` and ``params``.
"""

from __future__ import annotations

import inspect
from typing import Any

from netdesigner.engine.errors import EngineError
from netdesigner.engine.layers import (  # noqa: F401  (registration side effects)
    convolution,
    core,
    dense,
    detection,
    merging,
    normalization,
    pooling,
)
from netdesigner.engine.layers.base import LAYERS, Layer, Shape
from netdesigner.i18n import _

__all__ = ["LAYERS", "Layer", "Shape", "create_layer"]


def create_layer(type_name: str, params: dict[str, Any] | None = None) -> Layer:
    """A new layer of tf.keras class ``type_name`` with constructor ``params``.

    Unknown types, unknown or missing arguments and bad values raise ``EngineError``.
    """
    cls = LAYERS.get(type_name)
    params = dict(params or {})
    signature = inspect.signature(cls.__init__)
    plain = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    arguments = {
        n: p for n, p in signature.parameters.items() if n != "self" and p.kind in plain
    }
    accepted = list(arguments)
    unknown = sorted(set(params) - set(accepted))
    if unknown:
        raise EngineError(
            _(
                "{type_name}: unknown argument '{unknown}'; expected one of: {value}"
            ).format(
                type_name=type_name,
                unknown=unknown[0],
                value=", ".join(accepted) or "no arguments",
            )
        )
    missing = [
        n
        for n, p in arguments.items()
        if p.default is inspect.Parameter.empty and n not in params
    ]
    if missing:
        raise EngineError(
            _("{type_name}: argument '{missing}' is required, found none").format(
                type_name=type_name, missing=missing[0]
            )
        )
    return cls(**params)
