"""PNG and SVG pictures of the canvas, for slides and reports.

The drawing is the GUI's own canvas scene, so it needs Qt; Qt is imported here only
when a picture is made (``netdesigner.gui.export_images``), which keeps importing
``netdesigner.design`` free of Qt. Without a display, Qt's offscreen platform is
chosen automatically, so ``netdesigner export FILE --to png`` works on a server.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import ModuleType

from netdesigner.design.export.base import EXPORTERS, ExportError
from netdesigner.design.model import Design

#: PNG pictures are drawn at twice the canvas's size, sharp on slides
PNG_SCALE = 2.0


def use_offscreen_without_display() -> None:
    """Pick Qt's offscreen platform when no display is there and none is chosen."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def _renderer() -> ModuleType:
    use_offscreen_without_display()
    try:
        from netdesigner.gui import export_images
    except ImportError as exc:
        raise ExportError(
            "pictures of the canvas need Qt (PySide6), which could not be loaded: "
            f"{exc}"
        ) from None
    return export_images


@EXPORTERS.register("png")
def export_png(design: Design, design_path: Path | None, out: Path) -> None:
    """Write the canvas of ``design`` as a PNG at ``PNG_SCALE`` times its size."""
    _renderer().render_design_png(design, out, scale=PNG_SCALE, design_path=design_path)


@EXPORTERS.register("svg")
def export_svg(design: Design, design_path: Path | None, out: Path) -> None:
    """Write the canvas of ``design`` as an SVG drawing."""
    _renderer().render_design_svg(design, out, design_path=design_path)
