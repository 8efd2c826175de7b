"""The Properties panel's page when no layer is selected: the design as a whole."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
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

translate = QCoreApplication.translate


class DesignInfo(QWidget):
    """Name and description (editable, undoable) and a summary of the settings."""

    def __init__(self, doc: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self._shown = None
        self.name = QLineEdit()
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText(
            self.tr("What this design shows, for whoever opens it")
        )
        self.description.setMinimumHeight(90)
        self.description.setMaximumHeight(160)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(
            Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft
        )
        hint = QLabel(
            self.tr("Select a layer to edit it; drag layers in from the palette.")
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("About"), self.description)
        layout = QVBoxLayout(self)
        design = self.tr("Design")
        title = QLabel(f"<span style='font-size:12pt; font-weight:600'>{design}</span>")
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
    if errors:
        text = translate("DesignInfo", "{count} error(s)").format(count=errors)
        state = f"<span style='color:{style.ERROR.name()}'>{text}</span>"
    else:
        text = translate("DesignInfo", "ready to train")
        state = f"<span style='color:{style.OK.name()}'>{text}</span>"
    if warnings:
        state = translate("DesignInfo", "{state}, {count} warning(s)").format(
            state=state, count=warnings
        )
    data = html.escape(str(dataset["name"] or dataset["path"] or "?"))
    if dataset.get("noise"):
        data_row = translate("DesignInfo", "Data: <b>{data}</b>, noise {noise}")
    else:
        data_row = translate("DesignInfo", "Data: <b>{data}</b>")
    rows = [
        translate(
            "DesignInfo", "<b>{layers}</b> layers, <b>{params}</b> parameters, {state}"
        ).format(
            layers=len(design.nodes),
            params=style.format_count(doc.total_params()),
            state=state,
        ),
        data_row.format(data=data, noise=dataset.get("noise")),
        translate("DesignInfo", "Loss: {loss}").format(
            loss=html.escape(str(training["loss"]))
        ),
        translate("DesignInfo", "Optimizer: {optimizer}, learning rate {rate}").format(
            optimizer=html.escape(str(optimizer["type"])),
            rate=optimizer.get("learning_rate"),
        ),
        translate(
            "DesignInfo", "Batch size {batch_size}, {epochs} epochs, seed {seed}"
        ).format(
            batch_size=training["batch_size"],
            epochs=training["epochs"],
            seed=training["seed"],
        ),
    ]
    return "<br>".join(rows)
