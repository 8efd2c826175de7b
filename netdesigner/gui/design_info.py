"""The Properties panel's page when no layer is selected: the design as a whole."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from netdesigner.design import defaults
from netdesigner.gui.canvas import style
from netdesigner.gui.document import Document


class DesignInfo(QWidget):
    """Name and description (editable, undoable) and a summary of the settings."""

    def __init__(self, doc: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self._shown = None
        self.name = QLineEdit()
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText(
            "What this design shows, for whoever opens it"
        )
        self.description.setMinimumHeight(90)
        self.description.setMaximumHeight(160)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(
            Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft
        )
        hint = QLabel("Select a layer to edit it; drag layers in from the palette.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("About", self.description)
        layout = QVBoxLayout(self)
        title = QLabel("<span style='font-size:12pt; font-weight:600'>Design</span>")
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(hint)
        layout.addStretch(1)
        self.name.editingFinished.connect(self._on_name_editing_finished)
        self.description.installEventFilter(self)
        doc.settings_changed.connect(self.refresh)
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.description
            and event.type() == QEvent.Type.FocusOut
            and self._shown is self.doc.design  # not a design opened meanwhile
        ):
            self.doc.set_setting("info", "description", self.description.toPlainText())
        return super().eventFilter(watched, event)

    def _on_name_editing_finished(self) -> None:
        name = self.name.text().strip()
        if name:
            self.doc.set_setting("info", "name", name)
        else:
            self.name.setText(self.doc.design.name)

    def refresh(self, *_args) -> None:
        design = self.doc.design
        if design is not self._shown:
            self._shown = design
            self.name.setText(design.name)
            self.description.setPlainText(design.description)
        if not self.name.hasFocus():
            self.name.setText(design.name)
        if not self.description.hasFocus():
            self.description.setPlainText(design.description)
        self.summary.setText(summary_html(self.doc))


def summary_html(doc: Document) -> str:
    """Layers, parameters, validity, data set and training settings, as rich text."""
    design = doc.design
    training = defaults.resolved_training(design)
    dataset = defaults.resolved_dataset(design)
    optimizer = training["optimizer"]
    errors = doc.error_count()
    warnings = len(doc.problems) - errors
    state = (
        f"<span style='color:{style.ERROR.name()}'>{errors} error(s)</span>"
        if errors
        else f"<span style='color:{style.OK.name()}'>ready to train</span>"
    )
    if warnings:
        state += f", {warnings} warning(s)"
    data = dataset["name"] or dataset["path"] or "?"
    rows = [
        f"<b>{len(design.nodes)}</b> layers, "
        f"<b>{style.format_count(doc.total_params())}</b> parameters, {state}",
        f"Data: <b>{html.escape(str(data))}</b>"
        + (f", noise {dataset['noise']}" if dataset.get("noise") else ""),
        f"Loss: {html.escape(str(training['loss']))}",
        f"Optimizer: {html.escape(str(optimizer['type']))}, learning rate "
        f"{optimizer.get('learning_rate')}",
        f"Batch size {training['batch_size']}, {training['epochs']} epochs, "
        f"seed {training['seed']}",
    ]
    return "<br>".join(rows)
