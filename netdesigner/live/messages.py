"""Sentences shown to the student when training stops for a reason."""

from __future__ import annotations

from typing import Any

DIVERGENCE_ADVICE = (
    "Try a learning rate 10 times smaller, clipnorm in the optimizer, or inputs "
    "on a smaller scale (standardise the features), then press Reset."
)


def divergence_message(detail: str | None, log: Any) -> str:
    """What happened (the engine's sentence) and what to try, in two sentences."""
    where = f"Training stopped at epoch {log.epoch}, iteration {log.iteration}"
    lr = getattr(log, "learning_rate", None)
    rate = f" with learning rate {lr:g}" if isinstance(lr, float) and lr == lr else ""
    what = (detail or "the loss became NaN or infinite").rstrip(".")
    return (
        f"{where}{rate}: {what}. The last finite weights are kept. {DIVERGENCE_ADVICE}"
    )


def describe_error(exc: BaseException) -> str:
    """One sentence for any error raised while preparing or training."""
    text = str(exc).strip() or type(exc).__name__
    known = ("EngineError", "ShapeError", "DataError", "DesignError", "DesignFileError")
    if any(cls.__name__ in known for cls in type(exc).__mro__):
        return text[0].upper() + text[1:] if text else text
    return f"Training could not continue: {type(exc).__name__}: {text}"
