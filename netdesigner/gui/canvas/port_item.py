"""A node's input or output port: where wires start and end."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from netdesigner.gui.canvas import style

PORT_RADIUS = 6.0


class PortItem(QGraphicsItem):
    """A round port on a node's side; ``kind`` is "in" or "out".

    A merge node's input port is drawn as a tall pill: it takes two or more wires.
    """

    def __init__(self, node_item: QGraphicsItem, kind: str, multi: bool = False):
        super().__init__(node_item)
        self.node_item = node_item
        self.kind = kind
        self.multi = multi
        self.hovered = False
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setZValue(2)
        tip = QCoreApplication.translate(
            "Canvas", "Drag from here to another layer's input to connect them."
        )
        if kind == "in":
            tip = QCoreApplication.translate(
                "Canvas", "Input: drag a wire here from another layer's output."
            )
        self.setToolTip(tip)

    @property
    def node_id(self) -> str:
        return self.node_item.node_id

    def _half_height(self) -> float:
        return PORT_RADIUS * (2.2 if self.multi else 1.0)

    def boundingRect(self) -> QRectF:
        r, h = PORT_RADIUS + 4, self._half_height() + 4
        return QRectF(-r, -h, 2 * r, 2 * h)

    def anchor(self) -> QPointF:
        """Scene point where wires attach."""
        return self.scenePos()

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget = None,
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = style.family_color(self.node_item.node_type)
        grow = 1.5 if self.hovered else 0.0
        r, h = PORT_RADIUS + grow, self._half_height() + grow
        painter.setPen(QPen(style.card_color(), 2.0))
        painter.setBrush(
            QBrush(color if self.kind == "out" else QColor(color.lighter(130)))
        )
        painter.drawRoundedRect(QRectF(-r, -h, 2 * r, 2 * h), r, r)

    def hoverEnterEvent(self, event) -> None:
        self.hovered = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        self.hovered = False
        self.update()
        super().hoverLeaveEvent(event)
