"""Tool-bar icons that Qt's standard set lacks, drawn in the palette's text colour."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from netdesigner.gui.canvas import style


def _icon(draw: Callable[[QPainter, QColor], None]) -> QIcon:
    icon = QIcon()
    color = style.text_color()
    color.setAlphaF(0.85)
    for size in (16, 24, 32, 48):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(size / 24, size / 24)
        draw(painter, color)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def _pen(color: QColor, width: float = 2.0) -> QPen:
    pen = QPen(color, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def zoom(plus: bool) -> QIcon:
    def draw(p: QPainter, color: QColor) -> None:
        p.setPen(_pen(color))
        p.drawEllipse(QPointF(10, 10), 6.5, 6.5)
        p.drawLine(QPointF(15, 15), QPointF(21, 21))
        p.drawLine(QPointF(7, 10), QPointF(13, 10))
        if plus:
            p.drawLine(QPointF(10, 7), QPointF(10, 13))

    return _icon(draw)


def fit() -> QIcon:
    def draw(p: QPainter, color: QColor) -> None:
        p.setPen(_pen(color))
        for x, y, dx, dy in (
            (3, 3, 1, 1),
            (21, 3, -1, 1),
            (3, 21, 1, -1),
            (21, 21, -1, -1),
        ):
            p.drawPolyline(
                [QPointF(x, y + 5 * dy), QPointF(x, y), QPointF(x + 5 * dx, y)]
            )
        p.drawRect(QRectF(8, 9, 8, 6))

    return _icon(draw)


def auto_layout() -> QIcon:
    def draw(p: QPainter, color: QColor) -> None:
        p.setPen(_pen(color, 1.6))
        p.drawLine(QPointF(7, 12), QPointF(11, 6))
        p.drawLine(QPointF(7, 12), QPointF(11, 18))
        p.drawLine(QPointF(13, 6), QPointF(17, 12))
        p.drawLine(QPointF(13, 18), QPointF(17, 12))
        p.setBrush(color)
        for x, y in ((5, 12), (12, 6), (12, 18), (19, 12)):
            p.drawRoundedRect(QRectF(x - 2.5, y - 2.5, 5, 5), 1, 1)

    return _icon(draw)


def neurons() -> QIcon:
    def draw(p: QPainter, color: QColor) -> None:
        p.setPen(_pen(color, 1.2))
        for a in (6, 12, 18):
            for b in (8, 16):
                p.drawLine(QPointF(5, a), QPointF(19, b))
        p.setPen(_pen(color, 1.6))
        p.setBrush(style.card_color())
        for y in (6, 12, 18):
            p.drawEllipse(QPointF(5, y), 2.6, 2.6)
        for y in (8, 16):
            p.drawEllipse(QPointF(19, y), 2.6, 2.6)

    return _icon(draw)


def zoom_in() -> QIcon:
    return zoom(plus=True)


def zoom_out() -> QIcon:
    return zoom(plus=False)
