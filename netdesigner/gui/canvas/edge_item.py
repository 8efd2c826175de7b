"""A wire between two layers, labelled with the tensor shape that flows along it."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem

from netdesigner.gui.canvas import style


def wire_path(start: QPointF, end: QPointF, vertical: bool = False) -> QPainterPath:
    """An S-curve leaving ``start`` to the right and entering ``end`` from the left
    (``vertical``: leaving downwards and entering from above)."""
    path = QPainterPath(start)
    if vertical:
        bend = QPointF(0, max(40.0, abs(end.y() - start.y()) * 0.5))
    else:
        bend = QPointF(max(40.0, abs(end.x() - start.x()) * 0.5), 0)
    path.cubicTo(start + bend, end - bend, end)
    return path


class EdgeItem(QGraphicsPathItem):
    """The wire ``source → target``; selectable (Delete disconnects it)."""

    def __init__(self, source: str, target: str):
        super().__init__()
        self.source, self.target = source, target
        self.label = ""
        self.hovered = False
        self.bundled = False
        self.vertical = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)
        self.setZValue(0)

    @property
    def key(self) -> tuple[str, str]:
        return self.source, self.target

    def set_ends(self, start: QPointF, end: QPointF, vertical: bool = False) -> None:
        self.prepareGeometryChange()
        self.vertical = vertical
        self.setPath(wire_path(start, end, vertical))

    def set_label(self, label: str, tooltip: str) -> None:
        self.prepareGeometryChange()
        self.label = label
        self.setToolTip(tooltip)
        self.update()

    def set_bundled(self, bundled: bool) -> None:
        """When both layers show neurons the weight lines replace the wire."""
        self.bundled = bundled
        self.update()

    def _label_rect(self) -> QRectF:
        if not self.label:
            return QRectF()
        metrics = QFontMetrics(style.font(style.SMALLEST_CARD_POINT_SIZE, bold=True))
        width = metrics.horizontalAdvance(self.label) + 10
        height = metrics.height() + 2
        mid = self.path().pointAtPercent(0.5)
        if self.vertical:  # beside a wire that runs down
            return QRectF(mid.x() + 6, mid.y() - height / 2, width, height)
        return QRectF(mid.x() - width / 2, mid.y() - height - 3, width, height)

    def boundingRect(self) -> QRectF:
        return (
            self.path().boundingRect().adjusted(-6, -6, 6, 6).united(self._label_rect())
        )

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        shape = stroker.createStroke(self.path())
        shape.addRect(self._label_rect())
        return shape

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None
    ) -> None:
        if self.bundled and not self.isSelected():
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = style.highlight_color() if self.isSelected() else style.text_color(True)
        if self.hovered and not self.isSelected():
            color = QColor(style.text_color())
        painter.setPen(QPen(color, 2.4 if self.isSelected() or self.hovered else 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path())
        self._paint_arrow(painter, color)
        if self.label:
            self._paint_label(painter)

    def _paint_arrow(self, painter: QPainter, color: QColor) -> None:
        tip = self.path().pointAtPercent(1.0)
        arrow = QPainterPath(tip)
        if self.vertical:
            arrow.lineTo(tip + QPointF(-4.5, -8))
            arrow.lineTo(tip + QPointF(4.5, -8))
            back = QPointF(0, -6)
        else:
            arrow.lineTo(tip + QPointF(-8, -4.5))
            arrow.lineTo(tip + QPointF(-8, 4.5))
            back = QPointF(-6, 0)
        arrow.closeSubpath()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawPath(arrow.translated(back))

    def _paint_label(self, painter: QPainter) -> None:
        rect = self._label_rect()
        painter.setPen(QPen(style.grid_color(), 1))
        painter.setBrush(style.card_color())
        painter.drawRoundedRect(rect, 4, 4)
        painter.setPen(style.text_color())
        painter.setFont(style.font(style.SMALLEST_CARD_POINT_SIZE, bold=True))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.label)

    def hoverEnterEvent(self, event) -> None:
        self.hovered = True
        self.update()

    def hoverLeaveEvent(self, event) -> None:
        self.hovered = False
        self.update()


class TempWireItem(QGraphicsPathItem):
    """The wire that follows the mouse while connecting; red when refused."""

    def __init__(self):
        super().__init__()
        self.setZValue(10)
        self.set_state(None)

    def set_state(self, ok: bool | None) -> None:
        """None: not over a target yet; True: can connect; False: refused."""
        color = {None: style.highlight_color(), True: style.OK, False: style.ERROR}[ok]
        pen = QPen(
            color, 2.2, Qt.PenStyle.DashLine if ok is None else Qt.PenStyle.SolidLine
        )
        self.setPen(pen)
