"""PNG and SVG pictures of the canvas, for slides and reports.

The drawing is the GUI's own canvas scene, so it needs Qt, and the design layer never
imports the GUI. It knows only ``CanvasRenderer``: the GUI registers one when
``netdesigner.gui.export_images`` is imported (the editor always imports it; the
command line imports it before ``export --to png|svg``). Until then the picture
targets are listed but say in one sentence that they need the graphical part.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from netdesigner.design.export.base import EXPORTERS, ExportError
from netdesigner.design.model import Design

#: PNG pictures are drawn at twice the canvas's size, sharp on slides
PNG_SCALE = 2.0


@dataclass(frozen=True)
class CanvasRenderer:
    """What draws a design's canvas to a file.

    png(design, out, scale, design_path) and svg(design, out, design_path);
    ``design_path`` (or None) tells where the design's trained weights live.
    """

    png: Callable[[Design, Path, float, Path | None], object]
    svg: Callable[[Design, Path, Path | None], object]


_renderer: CanvasRenderer | None = None


def register_canvas_renderer(renderer: CanvasRenderer) -> None:
    """Make ``renderer`` draw the ``png`` and ``svg`` export targets."""
    global _renderer
    _renderer = renderer


def canvas_renderer() -> CanvasRenderer:
    """The registered renderer; ``ExportError`` when the GUI has not registered one."""
    if _renderer is None:
        raise ExportError(
            "pictures of the canvas are drawn by the graphical editor, which is not "
            "loaded here; export them from the editor or with 'netdesigner export'"
        )
    return _renderer


@EXPORTERS.register("png")
def export_png(design: Design, design_path: Path | None, out: Path) -> None:
    """Write the canvas of ``design`` as a PNG at ``PNG_SCALE`` times its size."""
    canvas_renderer().png(design, out, PNG_SCALE, design_path)


@EXPORTERS.register("svg")
def export_svg(design: Design, design_path: Path | None, out: Path) -> None:
    """Write the canvas of ``design`` as an SVG drawing."""
    canvas_renderer().svg(design, out, design_path)
