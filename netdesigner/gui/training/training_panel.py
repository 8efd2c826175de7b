"""The Training panel's settings: loss, optimizer, learning rate, schedule, batch size,
epoch limit, early stopping, regularisation and seed, each edit an undoable command of
the Document.

While a run is under way only the learning rate and the regularisation stay editable;
the controller applies those to the running session at its next batch.
"""

from __future__ import annotations

import copy
import math
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from netdesigner.design.defaults import (
    EARLY_STOPPING_DEFAULTS,
    OPTIMIZER_DEFAULTS,
    resolved_training,
)
from netdesigner.engine.losses import LOSSES
from netdesigner.engine.schedules import SCHEDULES
from netdesigner.gui.training import edits
from netdesigner.gui.training.schedule_editor import ScheduleEditor

LEARNING_RATES = (
    "0.00001",
    "0.0001",
    "0.001",
    "0.003",
    "0.01",
    "0.03",
    "0.1",
    "0.3",
    "1",
    "3",
    "10",
)
"""Playground's learning-rate presets; any other positive number can be typed."""
REG_RATES = ("0.0001", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3", "10")
REG_KINDS = ("none", "l1", "l2")
MONITORS = ("val_loss", "loss", "val_accuracy", "accuracy")
"""tf.keras's names of what early stopping watches (val_: the test set)."""


def parse_positive(text: str) -> float | None:
    """A finite number > 0 from the user's text, else None."""
    try:
        value = float(text.strip().replace(",", "."))  # "0,3" is 0.3
    except ValueError:
        return None
    return value if math.isfinite(value) and value > 0 else None


def _rate_box(presets: tuple[str, ...]) -> QComboBox:
    box = QComboBox()
    box.setEditable(True)
    box.addItems(presets)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    return box


def design_regularization(design: Any) -> tuple[str, float]:
    """The first Dense layer's ``kernel_regularizer`` as (kind, rate)."""
    for node in design.nodes:
        spec = node.params.get("kernel_regularizer") if node.type == "Dense" else None
        if isinstance(spec, dict) and spec:
            kind, rate = next(iter(spec.items()))
            return str(kind), float(rate)
        if isinstance(spec, str) and spec in ("l1", "l2"):
            return spec, 0.01
    return "none", 0.0


class TrainingSettingsPanel(QWidget):
    """Form bound to ``document.design.training`` (and Dense regularizers)."""

    LIVE = ("learning_rate", "regularization")

    def __init__(self, document: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.loss = QComboBox()
        self.loss.addItems(LOSSES.names())
        self.optimizer = QComboBox()
        self.optimizer.addItems(list(OPTIMIZER_DEFAULTS))
        self.optimizer_args = QWidget()
        self._arg_form = QFormLayout(self.optimizer_args)
        self._arg_form.setContentsMargins(12, 0, 0, 0)
        self._arg_widgets: dict[str, QWidget] = {}
        self.learning_rate = _rate_box(LEARNING_RATES)
        self.schedule = QComboBox()
        self.schedule.addItems(["none", *SCHEDULES.names()])
        self.schedule_editor = ScheduleEditor()
        self.batch_size = QSpinBox(minimum=1, maximum=65536)
        self.epochs = QSpinBox(minimum=1, maximum=1_000_000)
        self.reg_kind = QComboBox()
        self.reg_kind.addItems(REG_KINDS)
        self.reg_rate = _rate_box(REG_RATES)
        self.seed = QSpinBox(minimum=0, maximum=2**31 - 1)
        self.early_stop = QCheckBox(self.tr("on"))
        self.early_stop.setToolTip(
            self.tr(
                "Stop when the monitored value has not improved by min_delta for "
                "'patience' epochs (tf.keras EarlyStopping)"
            )
        )
        self.early_monitor = QComboBox()
        self.early_monitor.addItems(MONITORS)
        self.early_patience = QSpinBox(minimum=0, maximum=100_000)
        self.early_patience.setPrefix(self.tr("patience "))
        self.early_min_delta = QLineEdit()
        self.early_min_delta.setToolTip(self.tr("min_delta: the least improvement"))
        self.early_restore = QCheckBox(self.tr("Restore best weights"))
        self.early_restore.setToolTip(
            self.tr("When it stops, put back the weights of the best epoch")
        )
        self._layout()
        self._connect()
        self._running = False
        self.refresh()

    def _layout(self) -> None:
        reg = QHBoxLayout()
        reg.setContentsMargins(0, 0, 0, 0)
        reg.addWidget(self.reg_kind)
        reg.addWidget(self.reg_rate, 1)
        form = QFormLayout(self)
        form.setContentsMargins(4, 4, 4, 4)
        form.addRow(self.tr("Loss"), self.loss)
        form.addRow(self.tr("Optimizer"), self.optimizer)
        form.addRow(self.optimizer_args)
        form.addRow(self.tr("Learning rate"), self.learning_rate)
        form.addRow(self.tr("LR schedule"), self.schedule)
        form.addRow(self.schedule_editor)
        form.addRow(self.tr("Batch size"), self.batch_size)
        form.addRow(self.tr("Epoch limit"), self.epochs)
        # three short rows, not two wide ones: the form fits a laptop's dock in
        # every language (恢复最佳权重 was cut off beside min_delta)
        early = QHBoxLayout()
        early.setContentsMargins(0, 0, 0, 0)
        early.addWidget(self.early_stop)
        early.addWidget(self.early_monitor, 1)
        early_more = QHBoxLayout()
        early_more.setContentsMargins(0, 0, 0, 0)
        early_more.addWidget(self.early_min_delta, 1)
        early_more.addWidget(self.early_patience)
        form.addRow(self.tr("Early stopping"), early)
        form.addRow(self.tr("min_delta"), early_more)
        form.addRow("", self.early_restore)
        form.addRow(self.tr("Regularisation"), reg)
        form.addRow(self.tr("Seed"), self.seed)
        self.learning_rate.setToolTip(
            self.tr("Changes apply at the next batch, even while training")
        )
        self.reg_rate.setToolTip(
            self.tr("L1/L2 strength on every Dense kernel; applies live")
        )

    def _connect(self) -> None:
        self.loss.activated.connect(self._on_loss_activated)
        self.optimizer.activated.connect(self._on_optimizer_activated)
        self.learning_rate.lineEdit().editingFinished.connect(
            self._on_learning_rate_edited
        )
        self.learning_rate.activated.connect(self._on_learning_rate_edited)
        self.schedule.activated.connect(self._on_schedule_activated)
        self.schedule_editor.edited.connect(self._on_schedule_edited)
        self.batch_size.editingFinished.connect(self._on_batch_size_edited)
        self.epochs.editingFinished.connect(self._on_epochs_edited)
        self.reg_kind.activated.connect(self._on_regularization_edited)
        self.reg_rate.activated.connect(self._on_regularization_edited)
        self.reg_rate.lineEdit().editingFinished.connect(self._on_regularization_edited)
        self.seed.editingFinished.connect(self._on_seed_edited)
        self.early_stop.toggled.connect(self._on_early_stopping_edited)
        self.early_monitor.activated.connect(self._on_early_stopping_edited)
        self.early_patience.editingFinished.connect(self._on_early_stopping_edited)
        self.early_min_delta.editingFinished.connect(self._on_early_stopping_edited)
        self.early_restore.toggled.connect(self._on_early_stopping_edited)
        doc = self.document
        doc.settings_changed.connect(self._on_document_settings_changed)
        doc.node_changed.connect(self._on_document_node_changed)
        doc.design_reset.connect(self._on_document_design_reset)

    @Slot(str)
    def _on_document_settings_changed(self, section: str) -> None:
        if section == "training":
            self.refresh()

    @Slot(str)
    def _on_document_node_changed(self, _node_id: str) -> None:
        self.refresh()

    @Slot()
    def _on_document_design_reset(self) -> None:
        self.refresh()

    # -- reading the design -----------------------------------------------------------
    def training(self) -> dict[str, Any]:
        return resolved_training(self.document.design)

    def refresh(self) -> None:
        """Show the design's current settings (no edits are made)."""
        t = self.training()
        widgets = [self.loss, self.optimizer, self.learning_rate, self.schedule]
        widgets += [
            self.batch_size,
            self.epochs,
            self.reg_kind,
            self.reg_rate,
            self.seed,
            *self._early_widgets(),
        ]
        for w in widgets:
            w.blockSignals(True)
        self.loss.setCurrentText(t["loss"])
        self.optimizer.setCurrentText(t["optimizer"]["type"])
        self.learning_rate.setEditText(f"{t['optimizer']['learning_rate']:g}")
        schedule = t.get("lr_schedule") or {}
        self.schedule.setCurrentText(schedule.get("type", "none"))
        self.batch_size.setValue(int(t["batch_size"]))
        self.epochs.setValue(int(t["epochs"]))
        kind, rate = design_regularization(self.document.design)
        self.reg_kind.setCurrentText(kind)
        self.reg_rate.setEditText(f"{rate:g}" if rate else "0.001")
        self.seed.setValue(int(t["seed"]))
        self._show_early_stopping(t.get("early_stopping"))
        for w in widgets:
            w.blockSignals(False)
        self._rebuild_optimizer_args(t["optimizer"])
        self.schedule_editor.show_schedule(
            t.get("lr_schedule"), t["optimizer"]["learning_rate"], int(t["epochs"])
        )
        self.schedule_editor.setEnabled(not self._running)

    def _rebuild_optimizer_args(self, optimizer: dict[str, Any]) -> None:
        while self._arg_form.rowCount():
            self._arg_form.removeRow(0)
        self._arg_widgets = {}
        defaults = OPTIMIZER_DEFAULTS.get(optimizer["type"], {})
        for name, default in defaults.items():
            if name == "learning_rate":
                continue
            value = optimizer.get(name, default)
            if isinstance(default, bool):
                widget = QCheckBox()
                widget.setChecked(bool(value))
                widget.toggled.connect(self._on_optimizer_arg_edited)
            else:
                widget = QLineEdit(f"{value:g}")
                widget.editingFinished.connect(self._on_optimizer_arg_edited)
            widget.setEnabled(not self._running)
            self._arg_widgets[name] = widget
            self._arg_form.addRow(name, widget)

    def set_running(self, running: bool) -> None:
        """While training, only the live settings stay editable."""
        self._running = running
        for w in (self.loss, self.optimizer, self.schedule, self.batch_size):
            w.setEnabled(not running)
        self.schedule_editor.setEnabled(not running)
        for w in (self.epochs, self.seed, *self._arg_widgets.values()):
            w.setEnabled(not running)
        for w in self._early_widgets():
            w.setEnabled(not running)
        if not running:
            self._show_early_stopping(self.training().get("early_stopping"))

    def _early_widgets(self) -> list[QWidget]:
        return [
            self.early_stop,
            self.early_monitor,
            self.early_patience,
            self.early_min_delta,
            self.early_restore,
        ]

    def _show_early_stopping(self, early: dict[str, Any] | None) -> None:
        values = {**EARLY_STOPPING_DEFAULTS, **(early or {})}
        self.early_stop.setChecked(early is not None)
        self.early_monitor.setCurrentText(str(values["monitor"]))
        self.early_patience.setValue(int(values["patience"]))
        self.early_min_delta.setText(f"{float(values['min_delta']):g}")
        self.early_restore.setChecked(bool(values["restore_best_weights"]))
        for w in self._early_widgets()[1:]:
            w.setEnabled(early is not None and not self._running)

    def early_stopping(self) -> dict[str, Any] | None:
        """The early-stopping settings the fields show (None: off, or a min_delta
        that is not a number >= 0)."""
        if not self.early_stop.isChecked():
            return None
        try:
            min_delta = float(self.early_min_delta.text().strip().replace(",", "."))
        except ValueError:
            return None
        if not math.isfinite(min_delta) or min_delta < 0:
            return None
        return {
            "monitor": self.early_monitor.currentText(),
            "patience": self.early_patience.value(),
            "min_delta": min_delta,
            "restore_best_weights": self.early_restore.isChecked(),
        }

    # -- writing through the document -------------------------------------------------
    def _set(self, key: str, value: Any) -> None:
        self.document.set_setting("training", key, value)

    def _optimizer_with(self, **changes: Any) -> dict[str, Any]:
        optimizer = copy.deepcopy(self.document.design.training.get("optimizer") or {})
        optimizer.setdefault("type", self.training()["optimizer"]["type"])
        optimizer.setdefault(
            "learning_rate", self.training()["optimizer"]["learning_rate"]
        )
        optimizer.update(changes)
        return optimizer

    @Slot(int)
    def _on_loss_activated(self, _index: int) -> None:
        self._set("loss", self.loss.currentText())

    @Slot(int)
    def _on_optimizer_activated(self, _index: int) -> None:
        kind = self.optimizer.currentText()
        lr = self.training()["optimizer"]["learning_rate"]
        if kind != self.training()["optimizer"]["type"]:
            self._set("optimizer", {"type": kind, "learning_rate": lr})

    @Slot()
    def _on_learning_rate_edited(self, *_args: Any) -> None:
        value = parse_positive(self.learning_rate.currentText())
        if value is None:
            self.refresh()
            return
        if value != self.training()["optimizer"]["learning_rate"]:
            self._set("optimizer", self._optimizer_with(learning_rate=value))

    @Slot()
    def _on_optimizer_arg_edited(self, *_args: Any) -> None:
        values = {}
        for name, widget in self._arg_widgets.items():
            if isinstance(widget, QCheckBox):
                values[name] = widget.isChecked()
            else:
                try:
                    values[name] = float(widget.text().replace(",", "."))
                except ValueError:
                    self.refresh()
                    return
        current = self.training()["optimizer"]
        if any(current.get(k) != v for k, v in values.items()):
            self._set("optimizer", self._optimizer_with(**values))

    @Slot(int)
    def _on_schedule_activated(self, _index: int) -> None:
        name = self.schedule.currentText()
        self._set("lr_schedule", None if name == "none" else {"type": name})

    @Slot(object)
    def _on_schedule_edited(self, config: dict[str, Any]) -> None:
        self._set("lr_schedule", config)

    @Slot()
    def _on_batch_size_edited(self) -> None:
        self._set("batch_size", self.batch_size.value())

    @Slot()
    def _on_epochs_edited(self) -> None:
        self._set("epochs", self.epochs.value())

    @Slot()
    def _on_early_stopping_edited(self, *_args: Any) -> None:
        value = self.early_stopping()
        if value is None and self.early_stop.isChecked():
            self.refresh()  # a min_delta that is not a number: keep the design's
            return
        if value != self.document.design.training.get("early_stopping"):
            self._set("early_stopping", value)
        else:
            self._show_early_stopping(value)

    @Slot()
    def _on_seed_edited(self) -> None:
        self._set("seed", self.seed.value())

    @Slot()
    def _on_regularization_edited(self, *_args: Any) -> None:
        kind = self.reg_kind.currentText()
        rate = parse_positive(self.reg_rate.currentText())
        if kind != "none" and rate is None:
            self.refresh()
            return
        spec = None if kind == "none" else {kind: rate}
        dense = [n for n in self.document.design.nodes if n.type == "Dense"]
        changed = [n for n in dense if n.params.get("kernel_regularizer") != spec]
        commands = [
            edits.node_param(self.document, n.id, "kernel_regularizer", spec)
            for n in changed
        ]
        label = "none" if spec is None else f"{kind} {rate:g}"
        edits.push_group(self.document, f"Set regularisation to {label}", commands)
