"""The canvas's visual language: family colours, weight colours, fonts, text.

Colours for the node families are the same in light and dark palettes (they carry
white text); backgrounds, text and lines come from the application palette, so the
canvas follows the system's light or dark theme.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from netdesigner.design import catalog
from netdesigner.design.shapes import format_shape

#: header colour of each palette family (and Input, which gets its own)
FAMILY_COLORS = {
    "Input": "#546e7a",
    "Basics": "#1e6fd0",
    "Convolution": "#00897b",
    "Regularisation": "#8e24aa",
    "Merge": "#8d5b2c",
}
#: Playground's weight encoding: orange for negative, blue for positive
NEGATIVE = QColor("#f59322")
POSITIVE = QColor("#0877bd")
#: no text on a card or a wire is smaller than this (the view's legible zoom
#: depends on it)
SMALLEST_CARD_POINT_SIZE = 8.0
ERROR = QColor("#d32f2f")
WARNING = QColor("#f9a825")
OK = QColor("#2e7d32")


def family_of(type_name: str) -> str:
    if type_name == "Input":
        return "Input"
    try:
        return catalog.layer_spec(type_name).family
    except KeyError:
        return "Basics"


def family_color(type_name: str) -> QColor:
    return QColor(FAMILY_COLORS[family_of(type_name)])


def palette() -> QPalette:
    return QGuiApplication.palette()


def is_dark() -> bool:
    return palette().color(QPalette.ColorRole.Window).lightness() < 128


def text_color(muted: bool = False) -> QColor:
    color = QColor(palette().color(QPalette.ColorRole.Text))
    if muted:
        color.setAlphaF(0.62)
    return color


def card_color() -> QColor:
    """Body of a node: the palette's base, lifted a little in dark mode."""
    base = QColor(palette().color(QPalette.ColorRole.Base))
    return base.lighter(135) if is_dark() else base


def canvas_color() -> QColor:
    window = QColor(palette().color(QPalette.ColorRole.Window))
    return window.darker(112) if is_dark() else window.lighter(104)


def grid_color() -> QColor:
    color = QColor(text_color())
    color.setAlphaF(0.13)
    return color


def highlight_color() -> QColor:
    return QColor(palette().color(QPalette.ColorRole.Highlight))


def weight_color(value: float | None) -> QColor:
    if value is None:
        color = QColor(text_color())
        color.setAlphaF(0.3)
        return color
    return QColor(POSITIVE if value >= 0 else NEGATIVE)


def weight_width(value: float | None) -> float:
    """Line width for a weight: 0.6 px near 0 up to 6 px for |w| >= 3."""
    if value is None:
        return 1.0
    return 0.6 + min(abs(value), 3.0) / 3.0 * 5.4


def font(point_size: float, bold: bool = False) -> QFont:
    result = QFont(QGuiApplication.font())
    result.setPointSizeF(point_size)
    result.setBold(bold)
    return result


def format_count(n: int) -> str:
    """12345 -> "12,345"."""
    return f"{n:,}"


def _size2(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "×".join(str(v) for v in value)
    return f"{value}×{value}"


def _param(node: Any, name: str) -> Any:
    if name in node.params:
        return node.params[name]
    try:
        return catalog.layer_spec(node.type).param(name).default
    except KeyError:
        return None


def _plural(count: Any, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _activation_suffix(node: Any) -> str:
    activation = _param(node, "activation")
    return "" if activation in (None, "linear") else f" · {activation}"


#: one line under a node's name that says what it is set to
SUMMARIES = {
    "Input": lambda n: f"shape {format_shape(_param(n, 'shape'))}",
    "Dense": lambda n: f"{_plural(_param(n, 'units'), 'unit')}{_activation_suffix(n)}",
    "Conv2D": lambda n: (
        f"{_param(n, 'filters')} × {_size2(_param(n, 'kernel_size'))}"
        f"{_activation_suffix(n)}"
    ),
    "MaxPooling2D": lambda n: f"pool {_size2(_param(n, 'pool_size'))}",
    "AveragePooling2D": lambda n: f"pool {_size2(_param(n, 'pool_size'))}",
    "Dropout": lambda n: f"rate {_param(n, 'rate')}",
    "BatchNormalization": lambda n: f"momentum {_param(n, 'momentum')}",
    "Activation": lambda n: f"{_param(n, 'activation')}",
    "Concatenate": lambda n: f"axis {_param(n, 'axis')}",
}


def node_summary(node: Any) -> str:
    summary = SUMMARIES.get(node.type)
    text = summary(node) if summary else ""
    if node.trainable:
        return text
    return QCoreApplication.translate("Canvas", "{summary} · frozen").format(
        summary=text
    )
