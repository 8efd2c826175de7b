"""``netdesigner export FILE --to keras|pytorch|png|svg -o OUT``.

The work is done by ``netdesigner.design.export.export_design``; this module only
parses the arguments and reports clearly when the exporter is not part of the build.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from netdesigner.commands.base import Command, read_design, register
from netdesigner.i18n import N_, _

TARGETS = ("keras", "pytorch", "png", "svg")
#: targets drawn by the GUI's canvas (the GUI registers their renderer)
PICTURES = ("png", "svg")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help=_("the design file"))
    parser.add_argument("--to", required=True, choices=TARGETS, help=_("what to write"))
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUT", help=_("the file to write")
    )
    parser.add_argument(
        "--bundle",
        action="store_true",
        help="keras or pytorch: OUT is a folder with the script, the trained "
        "weights and the data set, which runs without NetDesigner",
    )


def run(args: argparse.Namespace) -> int:
    export_design = _exporter()
    if export_design is None:
        print(
            _(
                "netdesigner export: the exporter is not part of this build yet "
                "(netdesigner.design.export.export_design is missing)"
            ),
            file=sys.stderr,
        )
        return 2
    design = read_design(args.file)
    if args.to in PICTURES:
        load_canvas_renderer()
    if args.bundle:
        from netdesigner.design.export import export_bundle

        export_bundle(design, args.file, args.to, args.output)
        return 0
    export_design(design, args.file, args.to, args.output)
    return 0


def load_canvas_renderer() -> None:
    """Import the GUI's canvas drawing, which registers the picture exporters.

    Without a display, Qt's offscreen platform is chosen, so ``--to png`` works on a
    server. Raises ``ExportError`` with one sentence when Qt cannot be loaded.
    """
    use_offscreen_without_display()
    try:
        importlib.import_module("netdesigner.gui.export_images")
    except ImportError as exc:
        from netdesigner.design.export import ExportError

        raise ExportError(
            _(
                "pictures of the canvas need Qt (PySide6), which could not be "
                "loaded: {error}"
            ).format(error=exc)
        ) from None


def use_offscreen_without_display() -> None:
    """Pick Qt's offscreen platform when no display is there and none is chosen."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


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
        help=N_(
            "write the design as Keras or PyTorch code, or as a PNG or SVG picture"
        ),
        add_arguments=add_arguments,
        run=run,
    )
)
