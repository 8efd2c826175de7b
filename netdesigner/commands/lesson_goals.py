"""The lesson part of ``netdesigner train``: train the run variants the goals need,
one after another, and report each goal as met or not.

The goals are checked by ``netdesigner.live.goals.check_goals``, the code the GUI's
lesson panel ticks with, so the command line and the window always agree.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from netdesigner.design.model import Design
from netdesigner.i18n import _, current_language
from netdesigner.live.goals import GoalResult, check_goals

TrainVariant = Callable[[Design, Path, Any, argparse.Namespace], dict[str, Any]]


def lesson_results(
    design: Design,
    path: Path,
    args: argparse.Namespace,
    main: dict[str, Any],
    n_classes: int | None,
    train_variant: TrainVariant,
) -> list[GoalResult]:
    """Train every variant the goals need, then check the goals.

    ``main`` holds the design's own final metrics. ``train_variant(design, path,
    variant, args)`` trains one variant (``netdesigner train``'s own run: a
    variant gets ``--epochs`` and ``--seed`` as the design does) and returns its
    final metrics, empty when it diverged.
    """
    from netdesigner.design.errors import DesignFileError
    from netdesigner.design.lesson_runs import runs_to_train

    results: dict[str, dict[str, Any]] = {"main": main}
    for variant in runs_to_train(design):
        try:
            results[variant.id] = train_variant(design, path, variant, args)
        except DesignFileError as exc:
            # a design copied without its variants still trains and is saved;
            # only the goals that need the missing run are not met
            message = _(
                "netdesigner: run '{run}' was not trained: {problem}; "
                "its goals are not met"
            ).format(run=variant.id, problem=str(exc).rstrip("."))
            print(message, file=sys.stderr)
    return check_goals(design.lesson, results, n_classes)


def goal_lines(results: list[GoalResult]) -> list[str]:
    """``goal met: Test accuracy reaches 0.97 (0.9731)`` for each goal, in the
    language in use."""
    lines = []
    for result in results:
        text = result.goal.text.get(current_language())
        value = _shown(result)
        if result.met:
            lines.append(_("goal met: {goal} ({value})").format(goal=text, value=value))
        else:
            lines.append(
                _("goal not met: {goal} ({value})").format(goal=text, value=value)
            )
    return lines


def _shown(result: GoalResult) -> str:
    def number(value: float | None) -> str:
        return _("no result") if value is None else f"{value:.4g}"

    if result.goal.op == "beats":
        return _("{value} against {other}").format(
            value=number(result.value), other=number(result.other_value)
        )
    return number(result.value)


def goals_json(results: list[GoalResult]) -> list[dict[str, Any]]:
    """``[{"text": ..., "met": ..., "value": ...}]`` for ``--metrics-json``; a
    ``beats`` goal also gives ``other_value``."""
    goals = []
    for result in results:
        entry: dict[str, Any] = {
            "text": result.goal.text.get(current_language()),
            "met": result.met,
            "value": result.value,
        }
        if result.goal.op == "beats":
            entry["other_value"] = result.other_value
        goals.append(entry)
    return goals


def print_goals(results: list[GoalResult], stream: TextIO) -> None:
    for line in goal_lines(results):
        print(line, file=stream)
