"""Check a lesson's goals against the final metrics of its runs.

The same code serves ``netdesigner train`` (its closing lines and ``--metrics-json``)
and the GUI's lesson panel (the ticks), so both always agree on what is met.

Notes
-----
``fails`` without a ``value`` means "stays at or below chance": an accuracy of at
most ``1 / n_classes + FAILS_MARGIN`` (0.6 for two classes, 0.43 for three). With a
``value`` it means "does not reach ``value``": accuracy stays below it, a loss or
rmse stays above it. A perceptron on XOR is written ``fails`` with ``value`` 1.0:
one line can still classify three of the four rows, so it fails by never reaching
1.0, not by staying at chance. A run that was trained but reports no finite value
(it diverged, as gradient descent with too large a learning rate does) fails too.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from netdesigner.design.lesson import Goal, Lesson

#: how far above 1 / n_classes an accuracy may be and still count as chance
FAILS_MARGIN = 0.1


@dataclass(frozen=True)
class GoalResult:
    """Whether ``goal`` is met, and the metric it read (None: no such run or metric
    yet, or not a finite number). For ``beats``, ``other_value`` is the metric of
    the run to beat."""

    goal: Goal
    met: bool
    value: float | None
    other_value: float | None = None


def higher_is_better(metric: str) -> bool:
    """Accuracies and mAP grow as a run improves; losses and rmse shrink."""
    return "accuracy" in metric or "map50" in metric


def check_goals(
    lesson: Lesson | None,
    results: Mapping[str, Mapping[str, float | None]],
    n_classes: int | None = None,
) -> list[GoalResult]:
    """One ``GoalResult`` per goal of ``lesson``, in order (empty without a lesson).

    ``results`` maps a run id (``"main"`` for the design itself) to that run's final
    metrics (``{"test_accuracy": 0.97, ...}``); a run not in it has not been trained
    yet and its goals are not met. ``n_classes`` sets chance for ``fails`` (two
    classes when None).
    """
    if lesson is None:
        return []
    return [_check(goal, results, n_classes) for goal in lesson.goals]


def _check(
    goal: Goal,
    results: Mapping[str, Mapping[str, float | None]],
    n_classes: int | None,
) -> GoalResult:
    value = _metric(results, goal.run_id, goal.metric)
    if goal.op == "beats":
        other = _metric(results, goal.other or "", goal.metric)
        met = value is not None and other is not None and _better(goal, value, other)
        return GoalResult(goal, met, value, other)
    if value is None:
        # a run that was trained but has no finite value diverged: that fails
        diverged = goal.run_id in results and goal.op == "fails"
        return GoalResult(goal, diverged, None)
    if goal.op == ">=":
        met = goal.value is not None and value >= goal.value
    elif goal.op == "<=":
        met = goal.value is not None and value <= goal.value
    elif goal.op == "fails":
        met = _fails(goal, value, n_classes)
    else:
        met = False
    return GoalResult(goal, met, value)


def _metric(
    results: Mapping[str, Mapping[str, float | None]], run_id: str, metric: str
) -> float | None:
    value = results.get(run_id, {}).get(metric)
    if value is None or isinstance(value, bool):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _better(goal: Goal, value: float, other: float) -> bool:
    return value > other if higher_is_better(goal.metric) else value < other


def _fails(goal: Goal, value: float, n_classes: int | None) -> bool:
    if goal.value is not None:  # does not reach goal.value
        return not (
            value >= goal.value
            if higher_is_better(goal.metric)
            else value <= goal.value
        )
    chance = 1.0 / (n_classes or 2)
    return value <= chance + FAILS_MARGIN
