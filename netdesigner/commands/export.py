"""``netdesigner export FILE --to keras|pytorch|png|svg -o OUT``.

The work is done by ``netdesigner.design.export.export_design``; this module only
parses the arguments and reports clearly when the exporter is not part of the build.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from netdesigner.commands.base import Command, read_design, register

TARGETS = ("keras", "pytorch", "png", "svg")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the design file")
    parser.add_argument("--to", required=True, choices=TARGETS, help="what to write")
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="the file to write"
    )


def run(args: argparse.Namespace) -> int:
    export_design = _exporter()
    if export_design is None:
        print(
            "netdesigner export: the exporter is not part of this build yet "
            "(netdesigner.design.export.export_design is missing)",
            file=sys.stderr,
        )
        return 2
    design = read_design(args.file)
    export_design(design, args.file, args.to, args.output)
    return 0


def _exporter():
    """``export_design`` of the export package, or None when it is not installed."""
    try:
        exporter = importlib.import_module("netdesigner.design.export")
    except ModuleNotFoundError as exc:
        if exc.name in ("netdesigner.design.export", None):
            return None
        raise
    return getattr(exporter, "export_design", None)


register(
    Command(
        name="export",
        help="write the design as Keras or PyTorch code, or as a PNG or SVG picture",
        add_arguments=add_arguments,
        run=run,
    )
)
