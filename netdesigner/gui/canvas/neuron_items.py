"""Neuron level: neurons of an expanded layer and the weight lines between them.

Weights use TensorFlow Playground's encoding: blue for positive, orange for
negative, line width for |w|. Each Dense neuron carries a small bias marker in the
same colours.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QImage,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsLineItem, QStyleOptionGraphicsItem

from netdesigner.gui.canvas import style

NEURON_RADIUS = 11.0
NEURON_SPACING = 30.0


class NeuronItem(QGraphicsItem):
    """Neuron ``index`` of an expanded layer (a child of its ``NodeItem``)."""

    def __init__(self, node_item: QGraphicsItem, index: int):
        super().__init__(node_item)
        self.node_item = node_item
        self.index = index
        self.bias: float | None = None
        self.label = ""
        self.image: QImage | None = None
        self.hovered = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)
        self.setZValue(3)

    @property
    def node_id(self) -> str:
        return self.node_item.node_id

    @property
    def is_unit(self) -> bool:
        """True for a Dense neuron (it can be removed); False for an input feature."""
        return self.node_item.node_type == "Dense"

    def set_values(self, bias: float | None, label: str, tooltip: str) -> None:
        self.bias, self.label = bias, label
        self.setToolTip(tooltip)
        self.update()

    def set_image(self, image: QImage | None) -> None:
        """Show a small picture inside the neuron (e.g. what it responds to)."""
        self.image = image
        self.update()

    def boundingRect(self) -> QRectF:
        r = NEURON_RADIUS + 4
        return QRectF(-r - 34, -r, 2 * r + 34, 2 * r)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), NEURON_RADIUS + 2, NEURON_RADIUS + 2)
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = NEURON_RADIUS + (1.0 if self.hovered else 0.0)
        color = style.family_color(self.node_item.node_type)
        selected = self.isSelected()
        painter.setPen(
            QPen(style.highlight_color() if selected else color, 3 if selected else 1.6)
        )
        painter.setBrush(QBrush(style.card_color()))
        painter.drawEllipse(QPointF(0, 0), r, r)
        if self.image is not None:
            clip = QPainterPath()
            clip.addEllipse(QPointF(0, 0), r - 1.5, r - 1.5)
            painter.save()
            painter.setClipPath(clip)
            painter.drawImage(QRectF(-r, -r, 2 * r, 2 * r), self.image)
            painter.restore()
        if self.is_unit:
            self._paint_bias(painter)
        if self.label:
            painter.setPen(style.text_color(muted=True))
            painter.setFont(style.font(7.0))
            painter.drawText(
                QRectF(-NEURON_RADIUS - 36, -8, 32, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self.label,
            )

    def _paint_bias(self, painter: QPainter) -> None:
        """A small square at the lower left: colour for the bias sign, size for |b|."""
        size = 6.0 + 3.0 * min(abs(self.bias or 0.0), 1.0)
        painter.setPen(QPen(style.card_color(), 1.0))
        painter.setBrush(style.weight_color(self.bias))
        painter.drawRect(
            QRectF(-NEURON_RADIUS - 1, NEURON_RADIUS - size + 1, size, size)
        )

    def hoverEnterEvent(self, event) -> None:
        self.hovered = True
        self.update()

    def hoverLeaveEvent(self, event) -> None:
        self.hovered = False
        self.update()

    def mouseDoubleClickEvent(self, event) -> None:
        scene = self.scene()
        if self.is_unit and scene is not None:
            scene.edit_bias(self.node_id, self.index)
        event.accept()


#: width of a weight line's hover area, however thin the line is drawn
HIT_WIDTH = 14.0


class WeightLineItem(QGraphicsLineItem):
    """The weight from neuron ``row`` of one layer to neuron ``column`` of the next.

    ``key`` names the kernel (``"<target id>/kernel"``); the weight is
    ``kernel[row, column]``.
    """

    def __init__(self, key: str, row: int, column: int):
        super().__init__()
        self.key, self.row, self.column = key, row, column
        self.value: float | None = None
        self.hovered = False
        self.setAcceptHoverEvents(True)
        self.setZValue(0.5)

    def set_value(self, value: float | None, tooltip: str) -> None:
        self.value = value
        pen = QPen(style.weight_color(value), style.weight_width(value))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        if value is None:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.setPen(pen)
        self.setToolTip(tooltip)

    def set_ends(self, start: QPointF, end: QPointF) -> None:
        self.prepareGeometryChange()
        self.setLine(QLineF(start, end))

    def shape(self) -> QPainterPath:
        path = QPainterPath(self.line().p1())
        path.lineTo(self.line().p2())
        stroker = QPainterPathStroker()
        # a thin line is hard to hit: the hover area is wider than what is drawn
        stroker.setWidth(max(self.pen().widthF() + 6.0, HIT_WIDTH))
        return stroker.createStroke(path)

    def boundingRect(self) -> QRectF:
        rect = self.shape().boundingRect().adjusted(-4, -4, 4, 4)
        return rect.united(self._value_rect()) if self.value is not None else rect

    def value_text(self) -> str:
        """The weight as the hover label shows it ("" while unknown)."""
        return "" if self.value is None else f"{self.value:+.3g}"

    def _value_rect(self) -> QRectF:
        mid = self.line().center()
        return QRectF(mid.x() - 26, mid.y() - 20, 52, 16)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.hovered:
            glow = QPen(style.highlight_color(), self.pen().widthF() + 4)
            glow.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(glow)
            painter.drawLine(self.line())
        painter.setPen(self.pen())
        painter.drawLine(self.line())
        if self.hovered and self.value is not None:
            rect = self._value_rect()
            painter.setPen(QPen(style.weight_color(self.value), 1.2))
            painter.setBrush(style.card_color())
            painter.drawRoundedRect(rect, 4, 4)
            painter.setPen(style.text_color())
            painter.setFont(style.font(style.SMALLEST_CARD_POINT_SIZE, bold=True))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.value_text())

    def hoverEnterEvent(self, event) -> None:
        self.prepareGeometryChange()
        self.hovered = True
        self.setZValue(0.6)
        self.update()

    def hoverLeaveEvent(self, event) -> None:
        self.hovered = False
        self.setZValue(0.5)
        self.update()

    def mouseDoubleClickEvent(self, event) -> None:
        if self.scene() is not None:
            self.scene().edit_weight(self.key, self.row, self.column)
        event.accept()
