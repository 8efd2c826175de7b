"""The canvas view: zoom, pan, fit, a dotted grid, and drops from the palette."""

from __future__ import annotations

import json
import math

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QPen, QTransform
from PySide6.QtWidgets import QGraphicsView

from netdesigner.gui.canvas import style
from netdesigner.gui.canvas.scene import NetScene

#: MIME type of palette entries: JSON ``{"type": "<node type or Neuron>"}``
NODE_MIME_TYPE = "application/x-netdesigner-node"
MIN_ZOOM, MAX_ZOOM, ZOOM_STEP = 0.15, 4.0, 1.2
#: the smallest text a student should have to read on screen, in points
LEGIBLE_POINT_SIZE = 8.0
#: smallest zoom at which the text on the cards is at least LEGIBLE_POINT_SIZE
READABLE_ZOOM = LEGIBLE_POINT_SIZE / style.SMALLEST_CARD_POINT_SIZE
GRID = 20.0


def palette_type(mime) -> str | None:
    """The node type a drag carries, or None for anything else."""
    if not mime.hasFormat(NODE_MIME_TYPE):
        return None
    try:
        data = json.loads(bytes(mime.data(NODE_MIME_TYPE)).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    kind = data.get("type") if isinstance(data, dict) else None
    return kind if isinstance(kind, str) else None


class CanvasView(QGraphicsView):
    """Shows a ``NetScene``. Wheel zooms, middle button or Space + drag pans."""

    zoom_changed = Signal(float)

    def __init__(self, scene: NetScene, parent=None):
        super().__init__(scene, parent)
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
        )
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self._pan_start: QPointF | None = None
        self._space_held = False
        # the "Drag an Input layer" hint is painted over the whole viewport: repaint
        # it all when the first node comes or the last goes, or it stays behind
        doc = scene.doc
        for signal in (doc.node_added, doc.node_removed, doc.design_reset):
            signal.connect(self._on_doc_nodes_changed)

    @property
    def net_scene(self) -> NetScene:
        return self.scene()

    def _on_doc_nodes_changed(self, *_args) -> None:
        if len(self.net_scene.doc.design.nodes) <= 1:
            self.viewport().update()

    def legible_area(self) -> tuple[float, float]:
        """(width, height) of the scene the viewport shows at READABLE_ZOOM."""
        size = self.viewport().size()
        return size.width() / READABLE_ZOOM, size.height() / READABLE_ZOOM

    # ----------------------------------------------------------- zoom
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float, anchor_under_mouse: bool = False) -> None:
        """Zoom to ``factor`` (clamped to MIN_ZOOM..MAX_ZOOM; NaN gives MIN_ZOOM)."""
        factor = min(MAX_ZOOM, max(MIN_ZOOM, factor))
        anchor = (
            QGraphicsView.ViewportAnchor.AnchorUnderMouse
            if anchor_under_mouse
            else QGraphicsView.ViewportAnchor.AnchorViewCenter
        )
        self.setTransformationAnchor(anchor)
        # absolute, not relative to zoom(): fitting a huge rectangle can leave a
        # zoom of 0, which no factor scales back
        self.setTransform(QTransform.fromScale(factor, factor))
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.zoom_changed.emit(self.zoom())

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / ZOOM_STEP)

    def reset_zoom(self) -> None:
        self.set_zoom(1.0)

    def fit_all(self) -> None:
        """Show the whole design (not larger than 100 %)."""
        bounds = self._content_rect()
        if bounds.isEmpty():
            self.reset_zoom()
            self.centerOn(0, 0)
            return
        self.fitInView(
            bounds.adjusted(-40, -40, 40, 40), Qt.AspectRatioMode.KeepAspectRatio
        )
        if self.zoom() > 1.0:
            self.set_zoom(1.0)
        elif not self.zoom() >= MIN_ZOOM:  # also 0 or NaN from a degenerate fit
            self.set_zoom(MIN_ZOOM)
        self.centerOn(bounds.center())
        self.zoom_changed.emit(self.zoom())

    def show_design(self, min_zoom: float = READABLE_ZOOM) -> None:
        """Frame a newly opened design: fit it, unless that makes text unreadable.

        A design too large for the view at ``min_zoom`` (where card text is
        LEGIBLE_POINT_SIZE on screen) stays at that zoom and shows its top-left
        corner, where the data enters; the student scrolls to the rest.
        """
        self.fit_all()
        bounds = self._content_rect()
        if bounds.isEmpty() or self.zoom() >= min_zoom:
            return
        self.set_zoom(min_zoom)
        seen = self.mapToScene(self.viewport().rect()).boundingRect()
        self.centerOn(
            max(bounds.left() - 40 + seen.width() / 2, bounds.center().x())
            if seen.width() > bounds.width()
            else bounds.left() - 40 + seen.width() / 2,
            max(bounds.top() - 40 + seen.height() / 2, bounds.center().y())
            if seen.height() > bounds.height()
            else bounds.top() - 40 + seen.height() / 2,
        )

    def _content_rect(self) -> QRectF:
        rect = QRectF()
        for item in self.net_scene.node_items.values():
            rect = rect.united(item.sceneBoundingRect())
        return rect

    def centre_on_node(self, node_id: str) -> None:
        item = self.net_scene.node_items.get(node_id)
        if item is not None:
            self.centerOn(item.sceneBoundingRect().center())

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.set_zoom(
                self.zoom() * math.pow(ZOOM_STEP, steps), anchor_under_mouse=True
            )
        event.accept()

    # ----------------------------------------------------------- pan
    def _start_pan(self, pos: QPointF) -> None:
        self._pan_start = pos
        self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def mousePressEvent(self, event) -> None:
        pan = event.button() == Qt.MouseButton.MiddleButton or (
            self._space_held and event.button() == Qt.MouseButton.LeftButton
        )
        if pan:
            self._start_pan(event.position())
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._pan_start is not None:
            delta = event.position() - self._pan_start
            self._pan_start = event.position()
            bars = (self.horizontalScrollBar(), self.verticalScrollBar())
            bars[0].setValue(bars[0].value() - int(delta.x()))
            bars[1].setValue(bars[1].value() - int(delta.y()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._pan_start is not None:
            self._pan_start = None
            self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            return
        arrows = {
            Qt.Key.Key_Left: (-10, 0),
            Qt.Key.Key_Right: (10, 0),
            Qt.Key.Key_Up: (0, -10),
            Qt.Key.Key_Down: (0, 10),
        }
        if event.key() in arrows and self.net_scene.selected_node_ids():
            self._nudge(*arrows[event.key()])
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = False
            self.viewport().unsetCursor()
            return
        super().keyReleaseEvent(event)

    def _nudge(self, dx: float, dy: float) -> None:
        """Arrow keys move the selection; a run of nudges is one undo step."""
        ids = self.net_scene.selected_node_ids()
        doc = self.net_scene.doc
        positions = {
            i: (doc.node(i).position[0] + dx, doc.node(i).position[1] + dy) for i in ids
        }
        doc.move_nodes(positions, gesture=("nudge", tuple(sorted(ids))))

    # ----------------------------------------------------------- drops
    def dragEnterEvent(self, event) -> None:
        if palette_type(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if palette_type(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:
        kind = palette_type(event.mimeData())
        if kind is None:
            event.ignore()
            return
        scene_pos = self.mapToScene(event.position().toPoint())
        self.net_scene.drop_entry(kind, scene_pos)
        event.acceptProposedAction()
        self.setFocus()

    # ----------------------------------------------------------- background
    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        """On an empty design, say how to start."""
        if self.net_scene.node_items:
            return
        painter.save()
        painter.resetTransform()
        painter.setPen(style.text_color(muted=True))
        painter.setFont(style.font(13))
        painter.drawText(
            self.viewport().rect(),
            Qt.AlignmentFlag.AlignCenter,
            QCoreApplication.translate(
                "Canvas",
                "Drag an Input layer from the palette to start,\n"
                "or open a sample from File ▸ Open Sample.",
            ),
        )
        painter.restore()

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        painter.fillRect(rect, style.canvas_color())
        if self.zoom() < 0.4:
            return
        pen = QPen(style.grid_color(), 2.0 / max(self.zoom(), 0.5))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        left = math.floor(rect.left() / GRID) * GRID
        top = math.floor(rect.top() / GRID) * GRID
        points = []
        y = top
        while y < rect.bottom():
            x = left
            while x < rect.right():
                points.append(QPointF(x, y))
                x += GRID
            y += GRID
        painter.drawPoints(points)
