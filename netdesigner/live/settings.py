"""Settings that may change while a session trains: learning rate, regularisation.

``apply_hyper`` runs in the worker thread between two batches, so the change takes
effect at the next batch. It returns the texts to mark on the loss curve.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _set_learning_rate(session: Any, value: Any) -> str:
    session.trainer.set_learning_rate(float(value))
    return f"lr {float(value):g}"


def _l1_l2(spec: Any) -> tuple[float, float]:
    """(l1, l2) of a ``kernel_regularizer`` value: None, "l2" or {"l2": 0.01}."""
    from netdesigner.engine.regularizers import DEFAULT_STRENGTH

    if not spec:
        return 0.0, 0.0
    if isinstance(spec, str):
        both = spec == "l1_l2"
        return (
            DEFAULT_STRENGTH if spec == "l1" or both else 0.0,
            DEFAULT_STRENGTH if spec == "l2" or both else 0.0,
        )
    return float(spec.get("l1", 0.0)), float(spec.get("l2", 0.0))


def _set_regularizers(session: Any, specs: dict[str, Any]) -> str:
    """specs : Dense node id -> ``kernel_regularizer`` value (None: off).

    The engine applies one setting to every kernel (Playground's regularisation
    rate), so the most recent value is used for all.
    """
    spec = next(reversed(specs.values()), None)
    l1, l2 = _l1_l2(spec)
    session.trainer.set_regularization(l1=l1, l2=l2)
    parts = [f"L1 {l1:g}"] if l1 else []
    parts += [f"L2 {l2:g}"] if l2 else []
    return "reg " + (" ".join(parts) or "off")


def _set_epochs(session: Any, value: Any) -> str:
    session.trainer.set_epochs(int(value))
    return f"limit {int(value)}"


LIVE_SETTINGS: dict[str, Callable[[Any, Any], str]] = {
    "learning_rate": _set_learning_rate,
    "regularizers": _set_regularizers,
    "epochs": _set_epochs,
}
"""Setting name -> function applying it to a running session."""


def apply_hyper(session: Any, changes: dict[str, Any]) -> list[str]:
    """Apply each known change; return one curve-mark text per applied change."""
    return [
        LIVE_SETTINGS[k](session, v) for k, v in changes.items() if k in LIVE_SETTINGS
    ]
