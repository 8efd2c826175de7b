"""``netdesigner validate FILE...``: check design files without training them.

Prints one line per problem on stderr, ``FILE: node_id: message; fix: what to do``,
and exits 1 when any file has an error (warnings alone keep exit status 0). A file
that cannot be loaded at all gives one line with the loader's sentence. Each file
without errors gets ``FILE: valid`` on stdout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from netdesigner.commands.base import Command, problem_line, read_design, register
from netdesigner.design.data_paths import absolute_data_paths
from netdesigner.design.errors import DesignError
from netdesigner.i18n import N_, _


def check_file(file: str) -> tuple[list[str], bool]:
    """Lines to print for ``file`` and whether it has an error."""
    from netdesigner.design.validation import validate

    try:
        design = read_design(file)
    except DesignError as exc:
        return [str(exc)], True
    # a data file named relative to the design is checked where the design lies
    problems = validate(absolute_data_paths(design, Path(file).resolve().parent))
    lines = [problem_line(file, p) for p in problems]
    has_error = any(getattr(p, "severity", "error") == "error" for p in problems)
    return lines, has_error


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help=_("design files"))


def run(args: argparse.Namespace) -> int:
    failed = False
    for file in args.files:
        lines, has_error = check_file(file)
        for line in lines:
            print(line, file=sys.stderr)
        if not has_error:
            print(_("{file}: valid").format(file=file))
        failed = failed or has_error
    return 1 if failed else 0


register(
    Command(
        name="validate",
        help=N_("check design files; one line per problem"),
        description=N_(
            "Check design files. Exit 0 when every file is valid; otherwise "
            "print one line per problem (file, node, what is wrong, how to fix it) "
            "and exit 1."
        ),
        add_arguments=add_arguments,
        run=run,
    )
)
