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


STILL_DIVERGED = (
    "The last run diverged: lower the learning rate (it applies at once), "
    "or press Reset, before training on."
)
LIMIT_REACHED = "The epoch limit is reached: raise it or Reset."


def finished_message(epochs: int, stop_message: str | None = None) -> str:
    """Why a run ended without diverging: early stopping's sentence or the limit."""
    if stop_message:
        return stop_message
    return f"Reached the epoch limit ({epochs} epoch{'' if epochs == 1 else 's'})."


def divergence_reason(detail: str | None) -> str:
    """The engine's first sentence about a divergence, on one line and without its
    final full stop (what the command line prints: it keeps no weights)."""
    text = " ".join(str(detail or "the loss became NaN or infinite").split())
    return text.split(". ")[0].rstrip(". ")


def describe_error(exc: BaseException) -> str:
    """One sentence for any error raised while preparing or training."""
    text = str(exc).strip() or type(exc).__name__
    known = ("EngineError", "ShapeError", "DataError", "DesignError", "DesignFileError")
    if any(cls.__name__ in known for cls in type(exc).__mro__):
        return text[0].upper() + text[1:] if text else text
    return f"Training could not continue: {type(exc).__name__}: {text}"
