"""Palette icons drawn at runtime: a rounded tile in the family colour with a glyph.

Drawn with QPainter at several sizes, so they stay sharp on high-DPI screens and
match the canvas colours exactly. ``app_icon`` loads resources/icons/netdesigner.svg.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from netdesigner.gui.canvas import style
from netdesigner.resources import resource_path

Glyph = Callable[[QPainter], None]
WHITE = QColor("white")


def _pen(width: float = 0.07) -> QPen:
    pen = QPen(WHITE, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _dot(p: QPainter, x: float, y: float, r: float = 0.07) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(WHITE)
    p.drawEllipse(QPointF(x, y), r, r)


def _input(p: QPainter) -> None:
    p.setPen(_pen(0.09))
    p.drawLine(QPointF(0.25, 0.5), QPointF(0.72, 0.5))
    p.drawPolyline([QPointF(0.55, 0.33), QPointF(0.73, 0.5), QPointF(0.55, 0.67)])


def _dense(p: QPainter) -> None:
    left, right = [0.3, 0.5, 0.7], [0.38, 0.62]
    p.setPen(_pen(0.035))
    for a in left:
        for b in right:
            p.drawLine(QPointF(0.3, a), QPointF(0.7, b))
    for a in left:
        _dot(p, 0.3, a)
    for b in right:
        _dot(p, 0.7, b)


def _neuron(p: QPainter) -> None:
    p.setPen(_pen(0.07))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(QPointF(0.5, 0.5), 0.22, 0.22)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(style.POSITIVE).lighter(150))
    p.drawRect(QRectF(0.22, 0.62, 0.14, 0.14))


def _activation(p: QPainter) -> None:
    path = QPainterPath(QPointF(0.22, 0.7))
    for i in range(1, 21):
        x = 0.22 + 0.56 * i / 20
        path.lineTo(QPointF(x, 0.5 - 0.2 * math.tanh((x - 0.5) * 9)))
    p.setPen(_pen(0.07))
    p.drawPath(path)


def _grid(p: QPainter, n: int, rect: QRectF, width: float = 0.03) -> None:
    p.setPen(_pen(width))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(rect)
    for i in range(1, n):
        x = rect.left() + rect.width() * i / n
        y = rect.top() + rect.height() * i / n
        p.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
        p.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))


def _conv(p: QPainter) -> None:
    _grid(p, 4, QRectF(0.2, 0.2, 0.6, 0.6))
    p.setPen(_pen(0.07))
    p.drawRect(QRectF(0.2, 0.2, 0.3, 0.3))


def _pool(fill: bool) -> Glyph:
    def glyph(p: QPainter) -> None:
        _grid(p, 2, QRectF(0.18, 0.28, 0.44, 0.44))
        p.setPen(_pen(0.06))
        p.drawLine(QPointF(0.66, 0.5), QPointF(0.74, 0.5))
        p.setBrush(WHITE if fill else Qt.BrushStyle.NoBrush)
        p.drawRect(QRectF(0.76, 0.44, 0.12, 0.12))

    return glyph


def _global_pool(p: QPainter) -> None:
    _grid(p, 3, QRectF(0.18, 0.25, 0.42, 0.42))
    p.setPen(_pen(0.06))
    p.setBrush(WHITE)
    p.drawEllipse(QPointF(0.77, 0.46), 0.06, 0.06)


def _flatten(p: QPainter) -> None:
    _grid(p, 2, QRectF(0.18, 0.22, 0.3, 0.3))
    p.setPen(_pen(0.05))
    p.setBrush(Qt.BrushStyle.NoBrush)
    for i in range(4):
        p.drawRect(QRectF(0.58 + 0.0, 0.2 + i * 0.15, 0.18, 0.13))


def _dropout(p: QPainter) -> None:
    for i, (x, y) in enumerate(
        [(0.32, 0.32), (0.68, 0.32), (0.32, 0.68), (0.68, 0.68)]
    ):
        if i in (1, 2):
            p.setPen(_pen(0.05))
            p.drawLine(QPointF(x - 0.09, y - 0.09), QPointF(x + 0.09, y + 0.09))
            p.drawLine(QPointF(x - 0.09, y + 0.09), QPointF(x + 0.09, y - 0.09))
        else:
            _dot(p, x, y, 0.1)


def _batchnorm(p: QPainter) -> None:
    path = QPainterPath(QPointF(0.18, 0.72))
    for i in range(1, 31):
        x = 0.18 + 0.64 * i / 30
        path.lineTo(QPointF(x, 0.72 - 0.44 * math.exp(-(((x - 0.5) / 0.13) ** 2))))
    p.setPen(_pen(0.06))
    p.drawPath(path)
    p.drawLine(QPointF(0.15, 0.76), QPointF(0.85, 0.76))


def _add(p: QPainter) -> None:
    p.setPen(_pen(0.1))
    p.drawLine(QPointF(0.5, 0.25), QPointF(0.5, 0.75))
    p.drawLine(QPointF(0.25, 0.5), QPointF(0.75, 0.5))


def _concat(p: QPainter) -> None:
    p.setPen(_pen(0.05))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(QRectF(0.2, 0.25, 0.25, 0.5))
    p.setBrush(WHITE)
    p.drawRect(QRectF(0.55, 0.25, 0.25, 0.5))


#: node type (or "Neuron") -> glyph painter in a unit square
GLYPHS: dict[str, Glyph] = {
    "Input": _input,
    "Dense": _dense,
    "Neuron": _neuron,
    "Activation": _activation,
    "Conv2D": _conv,
    "MaxPooling2D": _pool(fill=True),
    "AveragePooling2D": _pool(fill=False),
    "GlobalAveragePooling2D": _global_pool,
    "Flatten": _flatten,
    "Dropout": _dropout,
    "BatchNormalization": _batchnorm,
    "Add": _add,
    "Concatenate": _concat,
}


def _pixmap(type_name: str, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size, size)
    family = "Dense" if type_name == "Neuron" else type_name
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(style.family_color(family))
    painter.drawRoundedRect(QRectF(0.04, 0.04, 0.92, 0.92), 0.2, 0.2)
    GLYPHS.get(type_name, _dense)(painter)
    painter.end()
    return pixmap


@cache
def node_icon(type_name: str) -> QIcon:
    """The palette icon of a node type (or "Neuron")."""
    icon = QIcon()
    for size in (16, 24, 32, 48, 64):
        icon.addPixmap(_pixmap(type_name, size))
    return icon


@cache
def app_icon() -> QIcon:
    path = resource_path("icons", "netdesigner.svg")
    return QIcon(str(path)) if path.exists() else node_icon("Dense")
