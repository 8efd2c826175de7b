"""What a sub-command is, the registry of them and the helpers they share."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netdesigner.design.io import load_design
from netdesigner.design.model import Design
from netdesigner.i18n import _


@dataclass(frozen=True)
class Command:
    """A sub-command: its name, one-line help, parser set-up and action.

    add_arguments(parser) : adds the command's arguments to its sub-parser.
    run(args) -> int : does the work and returns the exit status; user errors are
        raised as DesignError, DataError, EngineError or OSError and reported by
        ``netdesigner.cli``.
    """

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    description: str = ""


#: command name -> Command, in the order ``--help`` lists them
COMMANDS: dict[str, Command] = {}


def register(command: Command) -> Command:
    """File ``command`` under its name; registering a name twice is a bug."""
    if command.name in COMMANDS:
        raise ValueError(f"the command '{command.name}' is registered twice")
    COMMANDS[command.name] = command
    return command


def read_design(path: str | Path) -> Design:
    """Load a design file (``DesignFileError`` with one sentence on any problem)."""
    return load_design(path)


def problem_line(file: str, problem: Any) -> str:
    """``FILE: node_id: message; fix: description`` for one validation problem."""
    parts = [file]
    if getattr(problem, "node_id", None):
        parts.append(str(problem.node_id))
    message = problem.message
    if getattr(problem, "severity", "error") == "warning":
        message = _("warning: {message}").format(message=message)
    parts.append(message)
    line = ": ".join(parts)
    fix = getattr(problem, "fix", None)
    if fix is not None and getattr(fix, "description", ""):
        line = _("{problem}; fix: {fix}").format(problem=line, fix=fix.description)
    return line


def require_valid(design: Design, file: str | Path) -> None:
    """Raise ``GraphError`` with the first validation error of ``design``, if any.

    The message is the ``validate`` line of that problem, with a pointer to
    ``netdesigner validate`` when there are more.
    """
    from netdesigner.design.errors import GraphError
    from netdesigner.design.validation import validate

    errors = [p for p in validate(design) if getattr(p, "severity", "error") == "error"]
    if not errors:
        return
    more = len(errors) - 1
    line = problem_line(str(file), errors[0])
    if more:
        line = _(
            "{problem} (and {count} more: run 'netdesigner validate {file}')"
        ).format(problem=line, count=more, file=file)
    raise GraphError(line)
