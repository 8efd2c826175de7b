"""Typed editors for node arguments, chosen by the catalog's ``ParamSpec.kind``.

Each editor shows a value with ``set_value`` (without emitting) and emits
``committed(value)`` once per finished change: spin boxes when the arrows are used or
Enter/focus-out ends typing, combo boxes on a choice, text fields on Enter.

Number fields take what a student types, commas as decimal points included ("0,3"),
and never change it silently: a number outside the allowed range is refused, the
old value stays, and the field says so under it ("units must be 1–100,000; kept
64") and in its tooltip.
"""

from __future__ import annotations

import math
import re
from typing import Any

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netdesigner.design import catalog
from netdesigner.design.catalog import ParamSpec

translate = QCoreApplication.translate

#: a number being typed: digits, one decimal point or comma, an exponent
_PARTIAL_NUMBER = re.compile(r"^[+-]?\d*([.,]\d*)?([eE][+-]?\d*)?$")
#: thousands written with commas in a whole-number field ("100,000")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")
_ERROR_BORDER = "border: 1px solid #d32f2f;"
_ERROR_COLOR = "color: #d32f2f;"


def parse_number(text: str, whole: bool = False) -> float | None:
    """The number a student typed, a comma taken as the decimal point ("0,3" is
    0.3; in a ``whole``-number field "100,000" is a hundred thousand); None when
    ``text`` is not a finite number."""
    text = text.strip().replace(" ", "").replace("_", "")
    if whole and _GROUPED.match(text):
        text = text.replace(",", "")
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def format_number(value: float) -> str:
    """``100,000``, ``0.5``, ``1e-05``: as short as the value allows."""
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:g}"


def range_text(low: float | None, high: float | None, exclusive: bool = False) -> str:
    """The allowed range in words: ``1–100,000``, ``0 or more``, ``0 to below 1``."""
    if low is not None and high is not None:
        if exclusive:
            text = translate("Editors", "{low} to below {high}")
        else:
            text = translate("Editors", "{low}–{high}")
        return text.format(low=format_number(low), high=format_number(high))
    if low is not None:
        return translate("Editors", "{low} or more").format(low=format_number(low))
    if high is not None:
        if exclusive:
            text = translate("Editors", "below {high}")
            return text.format(high=format_number(high))
        return translate("Editors", "at most {high}").format(high=f"{high:g}")
    return translate("Editors", "a number")


class _TypedNumbers:
    """Mixin for a spin box: accepts any number typed (commas included) and
    refuses one outside the range by keeping the current value, remembering the
    refused text in ``refused`` for the editor to explain."""

    whole = False
    refused: str | None = None

    def validate(self, text: str, pos: int) -> QValidator.State:
        body = text.strip()
        prefix, suffix = self.prefix(), self.suffix()
        body = body.removeprefix(prefix).removesuffix(suffix).strip()
        if parse_number(body, self.whole) is not None:
            return QValidator.State.Acceptable
        if _PARTIAL_NUMBER.match(body.replace(" ", "")) or self.whole and "," in body:
            return QValidator.State.Intermediate
        return QValidator.State.Invalid

    def fixup(self, text: str) -> str:
        # an unfinished entry ("-", "1e") is refused like an out-of-range one
        self.refused = text.strip() or None
        return self.textFromValue(self.value())

    def valueFromText(self, text: str):
        number = parse_number(text, self.whole)
        fits = number is not None and self.minimum() <= number <= self.maximum()
        if fits and self.whole and not number.is_integer():
            fits = False
        if not fits:
            self.refused = text.strip()
            return self.value()
        self.refused = None
        return int(number) if self.whole else number


class _IntBox(_TypedNumbers, QSpinBox):
    whole = True


class _FloatBox(_TypedNumbers, QDoubleSpinBox):
    pass


class ParamEditor(QWidget):
    """A field with an inline message under it (shown when a value is refused)."""

    committed = Signal(object)

    def __init__(self, spec: ParamSpec, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        self.row = QHBoxLayout()
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(4)
        column.addLayout(self.row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(_ERROR_COLOR)
        self.message.hide()
        column.addWidget(self.message)

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def _emit(self, *_args) -> None:
        self.show_message("")
        self.committed.emit(self.value())

    def value(self) -> Any:
        raise NotImplementedError

    def show_message(self, text: str, field: QWidget | None = None) -> None:
        """Say under the field (and in ``field``'s tooltip) why a value was not
        taken; an empty ``text`` clears it."""
        self.message.setText(text)
        self.message.setVisible(bool(text))
        for widget in [field] if field is not None else self._fields():
            widget.setStyleSheet(_ERROR_BORDER if text else "")
            widget.setToolTip(text or widget.property("plain_tip") or "")

    def _fields(self) -> list[QWidget]:
        return [w for w in self.findChildren(QAbstractSpinBox)]


def _spin(minimum: int, maximum: int) -> QSpinBox:
    box = _IntBox()
    box.setRange(minimum, maximum)
    box.setKeyboardTracking(False)
    return box


def _watch_refusals(editor: ParamEditor, box: QAbstractSpinBox, name: str) -> None:
    """After Enter or focus-out, explain a refused entry in ``editor``."""

    def explain() -> None:
        refused = box.refused
        if refused is None:
            return
        box.refused = None
        spec = editor.spec
        low, high = box.minimum(), box.maximum()
        exclusive = bool(spec.maximum_exclusive) and spec.maximum is not None
        if exclusive:
            high = spec.maximum
        allowed = range_text(low, high, exclusive)
        number = parse_number(refused, box.whole)
        if box.whole and number is not None and not number.is_integer():
            allowed = translate("Editors", "a whole number, {allowed}").format(
                allowed=allowed
            )
        kept = box.textFromValue(box.value())
        text = translate(
            "Editors",
            "{name} must be {allowed}; '{refused}' was not taken, kept {kept}",
        )
        editor.show_message(
            text.format(name=name, allowed=allowed, refused=refused, kept=kept), box
        )

    box.editingFinished.connect(explain)


class IntEditor(ParamEditor):
    def __init__(self, spec: ParamSpec, parent=None):
        super().__init__(spec, parent)
        low = int(spec.minimum) if spec.minimum is not None else 0
        high = int(spec.maximum) if spec.maximum is not None else 100_000
        self.box = _spin(low, high)
        self.row.addWidget(self.box)
        self.box.valueChanged.connect(self._emit)
        _watch_refusals(self, self.box, spec.name)

    def set_value(self, value: Any) -> None:
        if int(value or 0) != self.box.value():
            self.show_message("")
        with QSignalBlocker(self.box):
            self.box.setValue(int(value or 0))

    def value(self) -> int:
        return self.box.value()


class AxisEditor(IntEditor):
    def __init__(self, spec: ParamSpec, parent=None):
        super().__init__(spec, parent)
        self.box.setRange(-4, 4)


class FloatEditor(ParamEditor):
    def __init__(self, spec: ParamSpec, parent=None):
        super().__init__(spec, parent)
        self.box = _FloatBox()
        self.box.setKeyboardTracking(False)
        self.box.setDecimals(5 if spec.maximum is None else 3)
        high = spec.maximum if spec.maximum is not None else 1e6
        if spec.maximum_exclusive:
            high -= 10 ** -self.box.decimals()
        self.box.setRange(spec.minimum if spec.minimum is not None else -1e6, high)
        self.box.setSingleStep(0.05 if spec.maximum is not None else 0.001)
        self.row.addWidget(self.box)
        self.box.valueChanged.connect(self._emit)
        _watch_refusals(self, self.box, spec.name)

    def set_value(self, value: Any) -> None:
        if round(float(value or 0.0), self.box.decimals()) != self.value():
            self.show_message("")
        with QSignalBlocker(self.box):
            self.box.setValue(float(value or 0.0))

    def value(self) -> float:
        return round(self.box.value(), self.box.decimals())


class BoolEditor(ParamEditor):
    def __init__(self, spec: ParamSpec, parent=None):
        super().__init__(spec, parent)
        self.box = QCheckBox()
        self.row.addWidget(self.box)
        self.row.addStretch(1)
        self.box.clicked.connect(self._emit)

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self.box):
            self.box.setChecked(bool(value))

    def value(self) -> bool:
        return self.box.isChecked()


class ChoiceEditor(ParamEditor):
    def __init__(self, spec: ParamSpec, parent=None):
        super().__init__(spec, parent)
        self.box = QComboBox()
        self.box.addItems(list(spec.choices))
        self.row.addWidget(self.box)
        self.box.activated.connect(self._emit)

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self.box):
            if self.box.findText(str(value)) < 0:
                self.box.addItem(str(value))
            self.box.setCurrentText(str(value))

    def value(self) -> str:
        return self.box.currentText()


class ShapeEditor(ParamEditor):
    """A shape such as ``28, 28, 1``; a wrong entry turns red and is not committed."""

    def __init__(self, spec: ParamSpec, parent=None):
        super().__init__(spec, parent)
        self.line = QLineEdit()
        self.line.setPlaceholderText(self.tr("e.g. 2 or 28, 28, 1"))
        self.row.addWidget(self.line)
        self.line.editingFinished.connect(self._on_line_editing_finished)

    def set_value(self, value: Any) -> None:
        dims = value if isinstance(value, list | tuple) else [value]
        self.line.setText(", ".join(str(d) for d in dims))
        self.line.setStyleSheet("")

    def value(self) -> list[int] | None:
        parts = [
            p for p in self.line.text().replace("×", ",").replace("x", ",").split(",")
        ]
        try:
            dims = [int(p.strip()) for p in parts if p.strip()]
        except ValueError:
            return None
        fits = all(1 <= d <= catalog.MAX_DIMENSION for d in dims)
        return dims if dims and fits else None

    def _on_line_editing_finished(self) -> None:
        value = self.value()
        if value is None:
            self.line.setStyleSheet("border: 1px solid #d32f2f;")
            self.line.setToolTip(
                self.tr("Write whole numbers from 1 to {most}, e.g. 28, 28, 1.").format(
                    most=f"{catalog.MAX_DIMENSION:,}"
                )
            )
            return
        self.line.setStyleSheet("")
        self.committed.emit(value)


class Size2Editor(ParamEditor):
    """Height × width; equal sides are stored as one number, as tf.keras allows."""

    def __init__(self, spec: ParamSpec, parent=None):
        super().__init__(spec, parent)
        self.height = _spin(1, catalog.MAX_SIZE2)
        self.width = _spin(1, catalog.MAX_SIZE2)
        for box, tip in (
            (self.height, self.tr("height")),
            (self.width, self.tr("width")),
        ):
            box.setToolTip(tip)
            box.setProperty("plain_tip", tip)
        self.row.addWidget(self.height)
        self.row.addWidget(QLabel("×"))
        self.row.addWidget(self.width)
        self.height.valueChanged.connect(self._emit)
        self.width.valueChanged.connect(self._emit)
        _watch_refusals(self, self.height, f"{spec.name} height")
        _watch_refusals(self, self.width, f"{spec.name} width")

    def set_value(self, value: Any) -> None:
        h, w = (
            (value[0], value[-1]) if isinstance(value, list | tuple) else (value, value)
        )
        with QSignalBlocker(self.height), QSignalBlocker(self.width):
            self.height.setValue(int(h or 1))
            self.width.setValue(int(w or 1))

    def value(self) -> int | list[int]:
        h, w = self.height.value(), self.width.value()
        return h if h == w else [h, w]


class OptionalSize2Editor(Size2Editor):
    """Like ``Size2Editor`` with a "default" box (pooling strides = pool size)."""

    def __init__(self, spec: ParamSpec, parent=None):
        super().__init__(spec, parent)
        self.default = QCheckBox(self.tr("default"))
        self.default.setToolTip(
            self.tr("Use the pool size as the stride (tf.keras's default).")
        )
        self.row.addWidget(self.default)
        self.default.clicked.connect(self._on_default_clicked)

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self.default):
            self.default.setChecked(value is None)
        self.height.setEnabled(value is not None)
        self.width.setEnabled(value is not None)
        super().set_value(2 if value is None else value)

    def _on_default_clicked(self, checked: bool) -> None:
        self.height.setEnabled(not checked)
        self.width.setEnabled(not checked)
        self._emit()

    def value(self) -> int | list[int] | None:
        return None if self.default.isChecked() else super().value()


def parse_numbers(text: str) -> list[float] | None:
    """Positive numbers separated by commas, semicolons or spaces ("16, 32" or
    "1 2 0.5"); None when any part is not a positive finite number or none is given.
    """
    parts = [p for p in re.split(r"[,;\s]+", text.strip()) if p]
    values = [parse_number(p) for p in parts]
    if not values or any(v is None or v <= 0 for v in values):
        return None
    return [float(v) for v in values if v is not None]


class NumbersEditor(ParamEditor):
    """A list of positive numbers (DetectionHead's anchor sizes and aspect ratios),
    typed as ``16, 32``; a wrong entry is refused with a message, the old list kept.
    """

    def __init__(self, spec: ParamSpec, parent=None):
        super().__init__(spec, parent)
        self.line = QLineEdit()
        self.line.setPlaceholderText(self.tr("e.g. 16, 32"))
        self.row.addWidget(self.line)
        self._kept: list[float] = []
        self.line.editingFinished.connect(self._on_line_editing_finished)

    def set_value(self, value: Any) -> None:
        values = value if isinstance(value, list | tuple) else [value]
        self._kept = [float(v) for v in values if isinstance(v, int | float)]
        with QSignalBlocker(self.line):
            self.line.setText(self._text(self._kept))
        self.show_message("")

    @staticmethod
    def _text(values: list[float]) -> str:
        return ", ".join(format_number(v) for v in values)

    def value(self) -> list[float]:
        return list(self._kept)

    def _fields(self) -> list[QWidget]:
        return [self.line]

    def _on_line_editing_finished(self) -> None:
        text = self.line.text()
        values = parse_numbers(text)
        if values is None:
            message = self.tr(
                "{name} must be positive numbers separated by commas or spaces, "
                "e.g. 16, 32; '{refused}' was not taken, kept {kept}"
            ).format(
                name=self.spec.name, refused=text.strip(), kept=self._text(self._kept)
            )
            self.show_message(message, self.line)
            return
        if values == self._kept:
            self.show_message("")
            return
        self._kept = values
        self._emit()


class RegularizerEditor(ParamEditor):
    """None, or ``{"l1": a}`` / ``{"l2": b}`` with a strength."""

    def __init__(self, spec: ParamSpec, parent=None):
        super().__init__(spec, parent)
        self.kind = QComboBox()
        self.kind.addItems(["none", "l1", "l2"])
        self.strength = _FloatBox()
        self.strength.setDecimals(5)
        self.strength.setRange(0.0, 10.0)
        self.strength.setSingleStep(0.001)
        self.strength.setKeyboardTracking(False)
        self.row.addWidget(self.kind)
        self.row.addWidget(self.strength)
        self.kind.activated.connect(self._emit)
        self.strength.valueChanged.connect(self._emit)
        _watch_refusals(
            self,
            self.strength,
            self.tr("{name} strength").format(name=spec.name),
        )

    def set_value(self, value: Any) -> None:
        kind, strength = "none", 0.01
        if isinstance(value, dict) and value:
            kind, strength = next(iter(value.items()))
        elif isinstance(value, str):
            kind = value
        with QSignalBlocker(self.kind), QSignalBlocker(self.strength):
            self.kind.setCurrentText(kind if kind in ("l1", "l2") else "none")
            self.strength.setValue(float(strength))
        self.strength.setEnabled(self.kind.currentText() != "none")

    def value(self) -> dict[str, float] | None:
        kind = self.kind.currentText()
        self.strength.setEnabled(kind != "none")
        return None if kind == "none" else {kind: round(self.strength.value(), 5)}


#: ParamSpec.kind -> editor class
EDITORS: dict[str, type[ParamEditor]] = {
    "int": IntEditor,
    "float": FloatEditor,
    "bool": BoolEditor,
    "choice": ChoiceEditor,
    "shape": ShapeEditor,
    "size2": Size2Editor,
    "optional_size2": OptionalSize2Editor,
    "regularizer": RegularizerEditor,
    "axis": AxisEditor,
    "numbers": NumbersEditor,
}


def make_editor(spec: ParamSpec, parent: QWidget | None = None) -> ParamEditor:
    return EDITORS[spec.kind](spec, parent)
