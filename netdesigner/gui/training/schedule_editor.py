"""The learning-rate schedule's arguments and a preview of the rate, epoch by epoch.

A student choosing "step" or "cosine" sees at once what the rate will do over the
run (DIGITS previews its schedules the same way) and can change the schedule's
numbers; ``edited`` carries the new ``lr_schedule`` dict for the design.
"""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from netdesigner.engine.errors import EngineError
from netdesigner.engine.schedules import SCHEDULES, create_schedule

#: arguments that are not single numbers are left to the design file
SKIPPED = ("then", "boundaries", "values")
PREVIEW_HEIGHT = 110


def schedule_arguments(kind: str) -> dict[str, Any]:
    """The numeric and yes/no arguments of schedule ``kind`` with their defaults
    (None: "the run's epoch count")."""
    cls = SCHEDULES.get(kind)
    params = inspect.signature(cls.__init__).parameters
    return {
        name: p.default
        for name, p in params.items()
        if name != "self"
        and name not in SKIPPED
        and p.default is not inspect.Parameter.empty
    }


def rates(config: dict[str, Any] | None, base: float, epochs: int) -> np.ndarray:
    """The learning rate of epochs 1..``epochs`` under ``config``."""
    schedule = create_schedule(config)
    schedule.set_total_epochs(epochs)
    return np.array([schedule(e, base) for e in range(epochs)], dtype=np.float64)


class ScheduleEditor(QWidget):
    """The arguments of the chosen schedule and the rate's preview."""

    edited = Signal(object)  # the new lr_schedule dict

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.arguments = QWidget()
        self.form = QFormLayout(self.arguments)
        self.form.setContentsMargins(12, 0, 0, 0)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setFixedHeight(PREVIEW_HEIGHT)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        self.plot.setLabel("bottom", "epoch")
        self.curve = self.plot.plot([], [], pen=pg.mkPen("#0877bd", width=2))
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.arguments)
        layout.addWidget(self.plot)
        layout.addWidget(self.problem)
        self.config: dict[str, Any] | None = None
        self.fields: dict[str, QWidget] = {}
        self.setVisible(False)

    def show_schedule(
        self, config: dict[str, Any] | None, base: float, epochs: int
    ) -> None:
        """Show ``config`` (None or constant: nothing) for a run of ``epochs``."""
        self.config = dict(config) if config else None
        kind = (config or {}).get("type", "constant")
        self.setVisible(kind != "constant")
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields = {}
        if kind == "constant":
            return
        for name, default in schedule_arguments(kind).items():
            value = config.get(name, default)
            if isinstance(default, bool):
                field: QWidget = QCheckBox()
                field.setChecked(bool(value))
                field.toggled.connect(self._on_field_edited)
            else:
                field = QLineEdit("" if value is None else f"{value:g}")
                if value is None:
                    field.setPlaceholderText(self.tr("the epoch limit"))
                field.editingFinished.connect(self._on_field_edited)
            self.fields[name] = field
            self.form.addRow(name, field)
        self._preview(base, epochs)

    def _preview(self, base: float, epochs: int) -> None:
        try:
            values = rates(self.config, base, max(1, epochs))
        except EngineError as exc:
            self.curve.setData([], [])
            self.problem.setText(str(exc))
            self.problem.setVisible(True)
            return
        self.problem.setVisible(False)
        self.curve.setData(np.arange(1, len(values) + 1), values)
        self.plot.setXRange(1, max(2, len(values)), padding=0.02)
        self.plot.setYRange(0, float(values.max()) or 1.0, padding=0.05)

    @Slot()
    def _on_field_edited(self, *_args: Any) -> None:
        if self.config is None:
            return
        config = {"type": self.config["type"]}
        for name, field in self.fields.items():
            if isinstance(field, QCheckBox):
                config[name] = field.isChecked()
                continue
            text = field.text().strip()
            if not text:
                continue  # the default
            try:
                number = float(text)
            except ValueError:
                self.problem.setText(
                    self.tr("{name}: expected a number, found '{text}'").format(
                        name=name, text=text
                    )
                )
                self.problem.setVisible(True)
                return
            config[name] = int(number) if number.is_integer() else number
        if config != self.config:
            self.edited.emit(config)
