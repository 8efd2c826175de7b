"""Pictures of the canvas and of the plots: PNG (at 2× scale) and SVG, offscreen too.

``render_scene_png`` / ``render_scene_svg`` draw any ``QGraphicsScene`` (the live
canvas in the GUI); ``render_design_png`` / ``render_design_svg`` build the canvas
scene for a design first (the command line's ``export --to png|svg``).
``export_plot`` saves a pyqtgraph plot with pyqtgraph's own exporters.
Importing this module registers the canvas renderer behind the design layer's
``png`` and ``svg`` export targets.
Files are written atomically; failures raise ``ExportError`` with one sentence.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QGraphicsScene

from netdesigner.design.errors import DesignError
from netdesigner.design.export.base import ExportError, weights_file
from netdesigner.design.export.files import write_bytes
from netdesigner.design.export.images import CanvasRenderer, register_canvas_renderer
from netdesigner.design.model import Design

translate = QCoreApplication.translate

#: blank border around the drawing, in scene units
MARGIN = 24.0
BACKGROUND = QColor("white")
#: the resolution QImage and the canvas lay text out at; the SVG must use the same
SCREEN_DPI = 96

_app: QApplication | None = None


def ensure_application() -> QApplication:
    """The running QApplication, or a new one (the command line has none)."""
    global _app
    app = QApplication.instance()
    if app is None:
        _app = app = QApplication(["netdesigner"])
    return app


def picture_rect(scene: QGraphicsScene) -> QRectF:
    """The items' bounding rectangle plus ``MARGIN``; an empty canvas is an error."""
    rect = scene.itemsBoundingRect()
    if rect.isEmpty():
        raise ExportError(
            translate(
                "ExportImages",
                "the canvas is empty; add a layer before exporting a picture",
            )
        )
    return rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)


def _paint(device, scene: QGraphicsScene, source: QRectF, size: QSize) -> None:
    """Draw ``source`` of the scene onto ``device`` (an image or an SVG generator),
    with the selection hidden for the picture and restored after."""
    selected = scene.selectedItems()
    for item in selected:
        item.setSelected(False)
    painter = QPainter(device)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        target = QRectF(0, 0, size.width(), size.height())
        painter.fillRect(target, BACKGROUND)
        scene.render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)
    finally:
        painter.end()
        for item in selected:
            item.setSelected(True)


def png_bytes(scene: QGraphicsScene, scale: float = 2.0) -> tuple[bytes, QSize]:
    """The scene drawn at ``scale`` times its size, as PNG file contents."""
    source = picture_rect(scene)
    size = QSize(math.ceil(source.width() * scale), math.ceil(source.height() * scale))
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    _paint(image, scene, source, size)
    return _png_data(image), size


def svg_bytes(
    scene: QGraphicsScene, title: str = "NetDesigner", source: QRectF | None = None
) -> tuple[bytes, QSize]:
    """The scene (or its ``source`` rectangle) as SVG; scene units become pixels."""
    source = picture_rect(scene) if source is None else source
    size = QSize(math.ceil(source.width()), math.ceil(source.height()))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(size)
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    generator.setResolution(SCREEN_DPI)  # text sized as on the canvas
    generator.setTitle(title)
    generator.setDescription("A network drawn by NetDesigner")
    _paint(generator, scene, source, size)
    buffer.close()
    return bytes(data.data()), size


def render_scene_png(
    scene: QGraphicsScene, path: Path | str, scale: float = 2.0
) -> QSize:
    """Write ``scene`` as a PNG at ``scale`` × its size; returns the image's size."""
    data, size = png_bytes(scene, scale)
    write_bytes(path, data)
    return size


def render_scene_svg(
    scene: QGraphicsScene, path: Path | str, title: str = "NetDesigner"
) -> QSize:
    """Write ``scene`` as an SVG drawing; returns its size in pixels."""
    data, size = svg_bytes(scene, title)
    write_bytes(path, data)
    return size


def design_scene(design: Design, design_path: Path | str | None = None):
    """A canvas scene (and its Document) showing ``design`` with its trained weights."""
    from netdesigner.design.io import load_weights
    from netdesigner.gui.canvas import NetScene
    from netdesigner.gui.document import Document

    ensure_application()
    doc = Document(design.copy())
    path = weights_file(design_path)
    if path is not None and path.is_file():
        try:
            doc.set_trained_weights(load_weights(path))
        except (DesignError, ValueError, KeyError):
            pass  # a stale weights file: draw the design without weights
    return doc, NetScene(doc)


def render_design_png(
    design: Design,
    path: Path | str,
    scale: float = 2.0,
    design_path: Path | str | None = None,
) -> QSize:
    """Draw ``design``'s canvas offscreen and write it as a PNG."""
    doc, scene = design_scene(design, design_path)
    try:
        return render_scene_png(scene, path, scale)
    finally:
        scene.clear()


def render_design_svg(
    design: Design, path: Path | str, design_path: Path | str | None = None
) -> QSize:
    """Draw ``design``'s canvas offscreen and write it as an SVG drawing."""
    doc, scene = design_scene(design, design_path)
    try:
        return render_scene_svg(scene, path, title=design.name)
    finally:
        scene.clear()


def export_plot(plot, path: Path | str, scale: float = 2.0) -> None:
    """Save a pyqtgraph plot (``PlotWidget``, ``PlotItem``...) as PNG or SVG.

    The format follows the file's suffix; PNGs are ``scale`` times the plot's size
    (pyqtgraph's ``ImageExporter``). SVGs come from pyqtgraph's ``SVGExporter``;
    where it fails on this Qt's SVG output (pyqtgraph issue 3485), Qt draws the
    plot's scene into the SVG instead.
    """
    item = plot.getPlotItem() if hasattr(plot, "getPlotItem") else plot
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise ExportError(
            translate(
                "ExportImages",
                "{path}: expected a .png or .svg file name, found '{suffix}'",
            ).format(path=path, suffix=suffix)
        )
    with _picture_axes(item):
        _export_plot_item(item, path, suffix, scale)


def _export_plot_item(item: Any, path: Path, suffix: str, scale: float) -> None:
    import pyqtgraph.exporters as exporters

    if suffix == ".png":
        exporter = exporters.ImageExporter(item)
        exporter.parameters()["width"] = max(
            1, int(item.boundingRect().width() * scale)
        )
        image = exporter.export(toBytes=True)
        write_bytes(path, _png_data(image))
        return
    try:
        data = exporters.SVGExporter(item).export(toBytes=True)
    except (ValueError, IndexError):
        data, _ = svg_bytes(item.scene(), "NetDesigner plot", item.sceneBoundingRect())
    write_bytes(path, bytes(data))


@contextmanager
def _picture_axes(item: Any) -> Iterator[None]:
    """Show, for the picture only, the numbers and label of an axis that carries a
    label but hides it with its numbers on screen (the loss plot leaves them to
    the linked accuracy plot below it): a picture of one plot stands alone."""
    hidden = [
        axis
        for axis in (item.getAxis(name) for name in ("bottom", "left"))
        if axis.isVisible() and axis.labelText and not axis.label.isVisible()
    ]
    shown = {axis: axis.style["showValues"] for axis in hidden}
    for axis in hidden:
        axis.setStyle(showValues=True)
        axis.showLabel(True)
    item.layout.activate()  # the axes' new heights, before the exporter draws
    try:
        yield
    finally:
        for axis in hidden:
            axis.showLabel(False)
            axis.setStyle(showValues=shown[axis])
        item.layout.activate()


def _png_data(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise ExportError(
            translate("ExportImages", "Qt could not encode the picture as PNG")
        )
    buffer.close()
    return bytes(data.data())


register_canvas_renderer(
    CanvasRenderer(
        png=lambda design, out, scale, design_path: render_design_png(
            design, out, scale=scale, design_path=design_path
        ),
        svg=lambda design, out, design_path: render_design_svg(
            design, out, design_path=design_path
        ),
    )
)
