"""Settings that may change while a session trains: learning rate, regularisation.

``apply_hyper`` runs in the worker thread between two batches, so the change takes
effect at the next batch. It returns the texts to mark on the loss curve.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from netdesigner.gui.training.probe import layers_of


def _set_learning_rate(session: Any, value: Any) -> str:
    session.trainer.set_learning_rate(float(value))
    return f"lr {float(value):g}"


def regularizer_spec(kind: str | None, rate: float) -> dict[str, float] | None:
    """The tf.keras-style ``kernel_regularizer`` value: ``{"l2": 0.01}`` or None."""
    if not kind or kind == "none" or rate <= 0:
        return None
    return {kind: float(rate)}


def _set_regularization(session: Any, value: dict[str, Any]) -> str:
    spec = regularizer_spec(value.get("type"), float(value.get("rate", 0.0)))
    trainer = session.trainer
    setter = getattr(trainer, "set_regularization", None)
    if setter is not None:
        setter(spec)
    else:
        for node_id in layers_of(session.network, "Dense"):
            session.network.layers[node_id].kernel_regularizer = spec
    label = "none" if spec is None else ", ".join(f"{k} {v:g}" for k, v in spec.items())
    return f"reg {label}"


LIVE_SETTINGS: dict[str, Callable[[Any, Any], str]] = {
    "learning_rate": _set_learning_rate,
    "regularization": _set_regularization,
}
"""Setting name -> function applying it to a running session."""


def apply_hyper(session: Any, changes: dict[str, Any]) -> list[str]:
    """Apply each known change; return one curve-mark text per applied change."""
    return [
        LIVE_SETTINGS[k](session, v) for k, v in changes.items() if k in LIVE_SETTINGS
    ]
