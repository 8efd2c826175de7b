"""A layer on the canvas: a card coloured by family, with ports and neurons."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from netdesigner import i18n
from netdesigner.design import catalog
from netdesigner.gui.canvas import style
from netdesigner.gui.canvas.neuron_items import NEURON_SPACING, NeuronItem
from netdesigner.gui.canvas.port_item import PortItem
from netdesigner.gui.layer_names import layer_name

if TYPE_CHECKING:
    from netdesigner.gui.document import Document

WIDTH, HEIGHT, HEADER = 132.0, 100.0, 22.0
EXPANDED_WIDTH, NEURON_TOP, FOOTER = 92.0, 48.0, 40.0
#: a collapsed card: header (type), key argument, output shape
translate = QCoreApplication.translate
COMPACT_HEIGHT = 62.0
RADIUS = 9.0


class NodeItem(QGraphicsItem):
    """One node of the design; reads everything it shows from the document."""

    def __init__(self, doc: Document, node_id: str):
        super().__init__()
        self.doc = doc
        self.node_id = node_id
        self.node_type = doc.node(node_id).type
        self.neurons: list[NeuronItem] = []
        self._size = (WIDTH, HEIGHT)
        self._lines: tuple[str, str, str, str] = ("", "", "", "")
        self._badge: QColor | None = None
        flags = QGraphicsItem.GraphicsItemFlag
        self.setFlags(
            flags.ItemIsMovable
            | flags.ItemIsSelectable
            | flags.ItemSendsGeometryChanges
        )
        self.setAcceptHoverEvents(True)
        self.setZValue(1)
        multi = catalog.CATALOG.get(self.node_type) is not None and (
            catalog.CATALOG[self.node_type].n_inputs is None
        )
        self.in_port = PortItem(self, "in", multi=multi)
        self.in_port.setVisible(self.node_type != "Input")
        self.out_port = PortItem(self, "out")
        self.refresh()

    # ----------------------------------------------------------- state
    @property
    def expanded(self) -> bool:
        return self.doc.is_expanded(self.node_id) and not self.collapsed

    @property
    def collapsed(self) -> bool:
        """Shown as a compact card (type, key argument, output shape)."""
        return self.node_id in self.doc.collapsed_ids()

    def refresh(self) -> None:
        """Re-read the node, its shape, problems and expansion from the document."""
        node = self.doc.node(self.node_id)
        self.setPos(QPointF(*node.position))
        info = self.doc.shapes.get(self.node_id)
        n_params = int(getattr(info, "n_params", 0) or 0)
        out = style.format_shape(getattr(info, "shape", None))
        self._lines = (
            node.label or node.id,
            style.node_summary(node),
            QCoreApplication.translate("Canvas", "out {shape}").format(shape=out),
            (
                QCoreApplication.translate("Canvas", "{count} params")
                if n_params != 1
                else QCoreApplication.translate("Canvas", "1 param")
            ).format(count=style.format_count(n_params)),
        )
        problems = self.doc.problems_of(self.node_id)
        severities = {p.severity for p in problems}
        self._badge = (
            style.ERROR
            if "error" in severities
            else style.WARNING
            if problems
            else None
        )
        self._rebuild_neurons()
        self.setToolTip(self._tooltip(node, info, problems))
        self.update()

    def _rebuild_neurons(self) -> None:
        units = self.doc.units_of(self.node_id) if self.expanded else None
        count = units or 0
        if count != len(self.neurons):
            self.prepareGeometryChange()
            for neuron in self.neurons:
                if self.scene() is not None:
                    self.scene().removeItem(neuron)
            self.neurons = [NeuronItem(self, i) for i in range(count)]
        width = EXPANDED_WIDTH if count else WIDTH
        height = NEURON_TOP + count * NEURON_SPACING + FOOTER if count else HEIGHT
        if self.collapsed:
            height = COMPACT_HEIGHT
        if (width, height) != self._size:
            self.prepareGeometryChange()
            self._size = (width, height)
        for i, neuron in enumerate(self.neurons):
            neuron.setPos(width / 2, NEURON_TOP + (i + 0.5) * NEURON_SPACING)
        if self.vertical_ports():
            self.in_port.setPos(width / 2, 0)
            self.out_port.setPos(width / 2, height)
            return
        mid = (
            NEURON_TOP + count * NEURON_SPACING / 2 if count else (HEADER + height) / 2
        )
        self.in_port.setPos(0, mid)
        self.out_port.setPos(width, mid)

    def vertical_ports(self) -> bool:
        """Ports on top and bottom: the design flows top to bottom and this card
        shows no neurons (neurons stack vertically, so they keep side ports)."""
        return self.doc.design.view.get("direction") == "TB" and not self.neurons

    def _tooltip(self, node, info, problems) -> str:
        spec = catalog.CATALOG.get(node.type)
        kind = html.escape(layer_name(node.type))
        rows = [f"<b>{kind} '{html.escape(node.id)}'</b>"]
        if spec is not None:
            rows.append(html.escape(i18n._(spec.summary)))
        shape = getattr(info, "shape", None)
        if shape is not None:
            rows.append(
                translate("Canvas", "Output per example: <b>{shape}</b>").format(
                    shape=style.format_shape(shape)
                )
            )
        n_params = int(getattr(info, "n_params", 0) or 0)
        rows.append(
            translate("Canvas", "Parameters: {count}").format(
                count=style.format_count(n_params)
            )
        )
        arithmetic = getattr(info, "arithmetic", None)
        if arithmetic:
            rows.append(f"<i>{html.escape(arithmetic)}</i>")
        for problem in problems:
            color = style.ERROR if problem.severity == "error" else style.WARNING
            rows.append(
                f"<span style='color:{color.name()}'>"
                f"{html.escape(problem.message)}</span>"
            )
        if self.doc.can_expand(self.node_id):
            rows.append(
                translate(
                    "Canvas", "<small>Double-click to show or hide its neurons.</small>"
                )
            )
        return "<br>".join(rows)

    # ----------------------------------------------------------- geometry
    def size(self) -> tuple[float, float]:
        return self._size

    def boundingRect(self) -> QRectF:
        w, h = self._size
        return QRectF(-3, -8, w + 11, h + 14)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(QRectF(0, 0, *self._size), RADIUS, RADIUS)
        return path

    def expand_button_rect(self) -> QRectF:
        w = self._size[0]
        return QRectF(w - 20, 3, 16, 16)

    def input_anchor(self) -> QPointF:
        return self.in_port.anchor()

    def output_anchor(self) -> QPointF:
        return self.out_port.anchor()

    # ----------------------------------------------------------- painting
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget = None,
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self._size
        rect = QRectF(0, 0, w, h)
        color = style.family_color(self.node_type)
        shadow = QColor(0, 0, 0, 45)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(shadow)
        painter.drawRoundedRect(rect.translated(1.5, 2.5), RADIUS, RADIUS)
        painter.setBrush(QBrush(style.card_color()))
        selected = self.isSelected()
        border = style.highlight_color() if selected else color
        painter.setPen(QPen(border, 2.6 if selected else 1.2))
        painter.drawRoundedRect(rect, RADIUS, RADIUS)
        self._paint_header(painter, color)
        self._paint_text(painter)
        if self._badge is not None:
            self._paint_badge(painter)

    def _paint_header(self, painter: QPainter, color: QColor) -> None:
        w = self._size[0]
        path = QPainterPath()
        path.addRoundedRect(QRectF(0, 0, w, HEADER + RADIUS), RADIUS, RADIUS)
        clip = QPainterPath()
        clip.addRect(QRectF(0, 0, w, HEADER))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawPath(path.intersected(clip))
        expandable = self.doc.can_expand(self.node_id)
        text_width = w - (30 if expandable else 14)
        painter.setPen(QColor("white"))
        painter.setFont(_fitted_font(self.node_type, text_width))
        painter.drawText(
            QRectF(8, 0, text_width, HEADER),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            self.node_type,
        )
        if expandable:
            painter.setFont(style.font(8, bold=True))
            painter.drawText(
                self.expand_button_rect(),
                Qt.AlignmentFlag.AlignCenter,
                "▾" if self.expanded else "▸",
            )

    def _paint_text(self, painter: QPainter) -> None:
        w, h = self._size
        name, summary, shape, params = self._lines
        if self.collapsed:
            rows = [
                (summary or name, 8.5, True, False, HEADER + 2, 18),
                (shape, 8.0, False, True, HEADER + 20, 16),
            ]
        elif self.neurons:
            rows = [(name, 8.5, True, False, HEADER + 2, 22)]
            short = summary.split(" · ", 1)[-1] if " · " in summary else summary
            rows += [(short, 8.0, False, False, h - FOOTER + 2, 16)]
            rows += [(params, 8.0, False, True, h - FOOTER + 18, 16)]
        else:
            rows = [
                (name, 9.0, True, False, HEADER + 4, 20),
                (summary, 8.0, False, False, HEADER + 23, 18),
                (shape, 8.0, False, True, HEADER + 42, 16),
                (params, 8.0, False, True, HEADER + 57, 16),
            ]
        for text, size, bold, muted, top, height in rows:
            font = style.font(size, bold)
            painter.setFont(font)
            painter.setPen(style.text_color(muted))
            elided = QFontMetrics(font).elidedText(
                text, Qt.TextElideMode.ElideRight, int(w - 14)
            )
            painter.drawText(
                QRectF(7, top, w - 14, height), Qt.AlignmentFlag.AlignCenter, elided
            )

    def _paint_badge(self, painter: QPainter) -> None:
        w = self._size[0]
        painter.setPen(QPen(style.card_color(), 1.5))
        painter.setBrush(self._badge)
        painter.drawEllipse(QPointF(w - 1, -1), 7.5, 7.5)
        painter.setPen(QColor("white"))
        painter.setFont(style.font(8, bold=True))
        painter.drawText(QRectF(w - 9, -9, 16, 16), Qt.AlignmentFlag.AlignCenter, "!")

    # ----------------------------------------------------------- interaction
    def itemChange(self, change, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            scene = self.scene()
            if scene is not None and hasattr(scene, "node_item_moved"):
                scene.node_item_moved(self)
        return super().itemChange(change, value)

    def mousePressEvent(self, event) -> None:
        if (
            event.button() == Qt.MouseButton.LeftButton
            and self.doc.can_expand(self.node_id)
            and self.expand_button_rect().contains(event.pos())
        ):
            self.doc.set_expanded(self.node_id, not self.expanded)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        if self.doc.can_expand(self.node_id):
            self.doc.set_expanded(self.node_id, not self.expanded)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)


def _fitted_font(text: str, width: float):
    """The header font, shrunk (down to the smallest card text) until ``text``
    fits ``width``."""
    size = 9.0
    font = style.font(size, bold=True)
    while (
        size > style.SMALLEST_CARD_POINT_SIZE
        and QFontMetrics(font).horizontalAdvance(text) > width
    ):
        size -= 0.5
        font = style.font(size, bold=True)
    return font
