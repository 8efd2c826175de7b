"""Typed editors for node arguments, chosen by the catalog's ``ParamSpec.kind``.

Each editor shows a value with ``set_value`` (without emitting) and emits
``committed(value)`` once per finished change: spin boxes when the arrows are used or
Enter/focus-out ends typing, combo boxes on a choice, text fields on Enter.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from netdesigner.design import catalog
from netdesigner.design.catalog import ParamSpec


class ParamEditor(QWidget):
    committed = Signal(object)

    def __init__(self, spec: ParamSpec, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(4)

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def _emit(self, *_args) -> None:
        self.committed.emit(self.value())

    def value(self) -> Any:
        raise NotImplementedError


def _spin(minimum: int, maximum: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(minimum, maximum)
    box.setKeyboardTracking(False)
    return box


class IntEditor(ParamEditor):
    def __init__(self, spec: ParamSpec, parent=None):
        super().__init__(spec, parent)
        low = int(spec.minimum) if spec.minimum is not None else 0
        high = int(spec.maximum) if spec.maximum is not None else 100_000
        self.box = _spin(low, high)
        self.row.addWidget(self.box)
        self.box.valueChanged.connect(self._emit)

    def set_value(self, value: Any) -> None:
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
        self.box = QDoubleSpinBox()
        self.box.setKeyboardTracking(False)
        self.box.setDecimals(5 if spec.maximum is None else 3)
        high = spec.maximum if spec.maximum is not None else 1e6
        if spec.maximum_exclusive:
            high -= 10 ** -self.box.decimals()
        self.box.setRange(spec.minimum if spec.minimum is not None else -1e6, high)
        self.box.setSingleStep(0.05 if spec.maximum is not None else 0.001)
        self.row.addWidget(self.box)
        self.box.valueChanged.connect(self._emit)

    def set_value(self, value: Any) -> None:
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
        self.line.setPlaceholderText("e.g. 2 or 28, 28, 1")
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
                "Write whole numbers from 1 to "
                f"{catalog.MAX_DIMENSION:,}, e.g. 28, 28, 1."
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
        self.height.setToolTip("height")
        self.width.setToolTip("width")
        self.row.addWidget(self.height)
        self.row.addWidget(QLabel("×"))
        self.row.addWidget(self.width)
        self.height.valueChanged.connect(self._emit)
        self.width.valueChanged.connect(self._emit)

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
        self.default = QCheckBox("default")
        self.default.setToolTip("Use the pool size as the stride (tf.keras's default).")
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


class RegularizerEditor(ParamEditor):
    """None, or ``{"l1": a}`` / ``{"l2": b}`` with a strength."""

    def __init__(self, spec: ParamSpec, parent=None):
        super().__init__(spec, parent)
        self.kind = QComboBox()
        self.kind.addItems(["none", "l1", "l2"])
        self.strength = QDoubleSpinBox()
        self.strength.setDecimals(5)
        self.strength.setRange(0.0, 10.0)
        self.strength.setSingleStep(0.001)
        self.strength.setKeyboardTracking(False)
        self.row.addWidget(self.kind)
        self.row.addWidget(self.strength)
        self.kind.activated.connect(self._emit)
        self.strength.valueChanged.connect(self._emit)

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
}


def make_editor(spec: ParamSpec, parent: QWidget | None = None) -> ParamEditor:
    return EDITORS[spec.kind](spec, parent)
