"""Help menu windows: keyboard shortcuts and About."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

import netdesigner

translate = QCoreApplication.translate

#: canvas gestures that are not menu actions
GESTURES = [
    (
        QT_TRANSLATE_NOOP("Help", "Zoom"),
        QT_TRANSLATE_NOOP("Help", "Mouse wheel"),
    ),
    (
        QT_TRANSLATE_NOOP("Help", "Pan"),
        QT_TRANSLATE_NOOP("Help", "Middle-button drag, or Space + drag"),
    ),
    (
        QT_TRANSLATE_NOOP("Help", "Connect two layers"),
        QT_TRANSLATE_NOOP(
            "Help", "Drag from an output port (right) to an input port (left)"
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Help", "Select several layers"),
        QT_TRANSLATE_NOOP("Help", "Drag a rectangle on empty canvas; Ctrl+click"),
    ),
    (
        QT_TRANSLATE_NOOP("Help", "Move selected layers"),
        QT_TRANSLATE_NOOP("Help", "Drag them, or the arrow keys"),
    ),
    (
        QT_TRANSLATE_NOOP("Help", "Show or hide neurons"),
        QT_TRANSLATE_NOOP("Help", "Double-click a Dense or Input layer"),
    ),
    (
        QT_TRANSLATE_NOOP("Help", "Edit a weight or bias"),
        QT_TRANSLATE_NOOP("Help", "Double-click a weight line or a neuron"),
    ),
    (
        QT_TRANSLATE_NOOP("Help", "Remove a neuron"),
        QT_TRANSLATE_NOOP("Help", "Select it and press Delete"),
    ),
    (
        QT_TRANSLATE_NOOP("Help", "Add a neuron"),
        QT_TRANSLATE_NOOP("Help", "Drop Neuron from the palette on a Dense layer"),
    ),
]


class ShortcutsDialog(QDialog):
    """A table of every action's shortcut and the canvas gestures (non-modal)."""

    def __init__(self, parent: QWidget | None, actions: list[QAction]):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        rows = [
            (
                a.text().replace("&", "").rstrip("…"),
                a.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
            )
            for a in actions
            if not a.shortcut().isEmpty()
        ]
        rows = sorted(set(rows)) + [
            (translate("Help", what), translate("Help", how)) for what, how in GESTURES
        ]
        table = QTableWidget(len(rows), 2)
        table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        table.horizontalHeader().setStretchLastSection(True)
        for i, (what, keys) in enumerate(rows):
            table.setItem(i, 0, QTableWidgetItem(what))
            table.setItem(i, 1, QTableWidgetItem(keys))
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(560, 520)


def show_about(parent: QWidget | None) -> None:
    version = getattr(netdesigner, "__version__", "")
    QMessageBox.about(
        parent,
        translate("Help", "About NetDesigner"),
        f"<h3>NetDesigner {version}</h3>"
        + translate(
            "Help",
            "<p>Build neural networks from layers and single neurons, train them with "
            "a NumPy engine, and watch them learn.</p>"
            "<p>Layer names and arguments follow tf.keras, so what you build here is "
            "what you will write next.</p>",
        ),
    )
