"""Sentences shown to the student when training stops for a reason."""

from __future__ import annotations

from typing import Any

from netdesigner.i18n import N_, _

DIVERGENCE_ADVICE = N_(
    "Try a learning rate 10 times smaller, clipnorm in the optimizer, or inputs "
    "on a smaller scale (standardise the features), then press Reset."
)
NAN_LOSS = N_("the loss became NaN or infinite")


def divergence_message(detail: str | None, log: Any) -> str:
    """What happened (the engine's sentence) and what to try, in two sentences."""
    lr = getattr(log, "learning_rate", None)
    what = (detail or _(NAN_LOSS)).rstrip(".。")
    if isinstance(lr, float) and lr == lr:
        text = _(
            "Training stopped at epoch {epoch}, iteration {iteration} with learning "
            "rate {rate}: {what}. The last finite weights are kept. {advice}"
        )
    else:
        text = _(
            "Training stopped at epoch {epoch}, iteration {iteration}: {what}. "
            "The last finite weights are kept. {advice}"
        )
    return text.format(
        epoch=log.epoch,
        iteration=log.iteration,
        rate=f"{lr:g}" if isinstance(lr, float) else "",
        what=what,
        advice=_(DIVERGENCE_ADVICE),
    )


STILL_DIVERGED = N_(
    "The last run diverged: lower the learning rate (it applies at once), "
    "or press Reset, before training on."
)
LIMIT_REACHED = N_("The epoch limit is reached: raise it or Reset.")


def finished_message(epochs: int, stop_message: str | None = None) -> str:
    """Why a run ended without diverging: early stopping's sentence or the limit."""
    if stop_message:
        return stop_message
    if epochs == 1:
        return _("Reached the epoch limit (1 epoch).")
    return _("Reached the epoch limit ({epochs} epochs).").format(epochs=epochs)


def divergence_reason(detail: str | None) -> str:
    """The engine's first sentence about a divergence, on one line and without its
    final full stop (what the command line prints: it keeps no weights)."""
    text = " ".join(str(detail or _(NAN_LOSS)).split())
    return text.split(". ")[0].split("。")[0].rstrip(". ")


def describe_error(exc: BaseException) -> str:
    """One sentence for any error raised while preparing or training."""
    text = str(exc).strip() or type(exc).__name__
    known = ("EngineError", "ShapeError", "DataError", "DesignError", "DesignFileError")
    if any(cls.__name__ in known for cls in type(exc).__mro__):
        return text[0].upper() + text[1:] if text else text
    return _("Training could not continue: {error}: {text}").format(
        error=type(exc).__name__, text=text
    )
