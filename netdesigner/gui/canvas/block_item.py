"""A folded block: several layers shown as one named card (view state only)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from netdesigner.gui.canvas import style

if TYPE_CHECKING:
    from netdesigner.gui.document import Document

WIDTH, HEIGHT, HEADER, RADIUS = 150.0, 84.0, 22.0, 9.0
COLOR = QColor("#5c6bc0")


class BlockItem(QGraphicsItem):
    """The card of block ``name``: its layers' count, output shape and parameters.

    It stands where its first layer stands; dragging it moves every layer inside
    (one undo step); double-click unfolds it.
    """

    def __init__(self, doc: Document, name: str, node_ids: list[str]):
        super().__init__()
        self.doc, self.name, self.node_ids = doc, name, list(node_ids)
        flags = QGraphicsItem.GraphicsItemFlag
        self.setFlags(flags.ItemIsMovable | flags.ItemIsSelectable)
        self.setZValue(1)
        self._press: QPointF | None = None
        self.refresh()

    def refresh(self) -> None:
        """Re-read position, shape and parameter count from the document."""
        first = self.doc.node(self.node_ids[0]).position
        self.setPos(QPointF(*first))
        last = self._last_inside()
        info = self.doc.shapes.get(last)
        self._shape = style.format_shape(getattr(info, "shape", None))
        self._params = sum(
            int(getattr(self.doc.shapes.get(i), "n_params", 0) or 0)
            for i in self.node_ids
        )
        layers = ", ".join(
            f"{html.escape(self.doc.node(i).type)} '{html.escape(i)}'"
            for i in self.node_ids
        )
        self.setToolTip(
            QCoreApplication.translate(
                "Canvas",
                "<b>Block '{name}'</b><br>{layers}<br>"
                "<small>Double-click to unfold it.</small>",
            ).format(name=html.escape(self.name), layers=layers)
        )
        self.update()

    def _last_inside(self) -> str:
        """The layer whose output leaves the block (the last one in the flow)."""
        inside = set(self.node_ids)
        leaving = [
            e.source
            for e in self.doc.design.edges
            if e.source in inside and e.target not in inside
        ]
        return leaving[0] if leaving else self.node_ids[-1]

    # ----------------------------------------------------------- geometry
    def size(self) -> tuple[float, float]:
        return WIDTH, HEIGHT

    def vertical_ports(self) -> bool:
        return self.doc.design.view.get("direction") == "TB"

    def input_anchor(self) -> QPointF:
        local = QPointF(WIDTH / 2, 0) if self.vertical_ports() else QPointF(0, 50)
        return self.mapToScene(local)

    def output_anchor(self) -> QPointF:
        local = (
            QPointF(WIDTH / 2, HEIGHT) if self.vertical_ports() else QPointF(WIDTH, 50)
        )
        return self.mapToScene(local)

    def boundingRect(self) -> QRectF:
        return QRectF(-4, -4, WIDTH + 8, HEIGHT + 10)

    # ----------------------------------------------------------- painting
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget = None,
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(0, 0, WIDTH, HEIGHT)
        # a second card behind says "more than one layer"
        painter.setPen(QPen(COLOR, 1.0))
        painter.setBrush(QBrush(style.card_color()))
        painter.drawRoundedRect(rect.translated(4, 4), RADIUS, RADIUS)
        selected = self.isSelected()
        painter.setPen(QPen(style.highlight_color() if selected else COLOR, 2.4))
        painter.drawRoundedRect(rect, RADIUS, RADIUS)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(COLOR)
        painter.drawRoundedRect(QRectF(0, 0, WIDTH, HEADER), RADIUS, RADIUS)
        painter.drawRect(QRectF(0, HEADER / 2, WIDTH, HEADER / 2))
        rows = [
            (f"▣ {self.name}", 9.0, True, QColor("white"), 0, HEADER),
            (f"{len(self.node_ids)} layers", 8.5, False, style.text_color(), 26, 18),
            (f"out {self._shape}", 8.0, False, style.text_color(True), 44, 16),
            (
                f"{style.format_count(self._params)} params",
                8.0,
                False,
                style.text_color(True),
                60,
                16,
            ),
        ]
        for text, size, bold, color, top, height in rows:
            font = style.font(size, bold)
            painter.setFont(font)
            painter.setPen(color)
            elided = QFontMetrics(font).elidedText(
                text, Qt.TextElideMode.ElideRight, int(WIDTH - 14)
            )
            painter.drawText(
                QRectF(7, top, WIDTH - 14, height), Qt.AlignmentFlag.AlignCenter, elided
            )

    # ----------------------------------------------------------- interaction
    def mousePressEvent(self, event) -> None:
        self._press = self.pos()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        start, self._press = self._press, None
        if start is None or self.pos() == start:
            return
        delta = self.pos() - start
        self.doc.move_nodes(
            {
                i: (
                    self.doc.node(i).position[0] + delta.x(),
                    self.doc.node(i).position[1] + delta.y(),
                )
                for i in self.node_ids
            },
            text=QCoreApplication.translate("Canvas", "Move block '{name}'").format(
                name=self.name
            ),
        )

    def mouseDoubleClickEvent(self, event) -> None:
        self.doc.unfold_block(self.name)
        event.accept()
