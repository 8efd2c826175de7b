"""Small dialogs, each behind a classmethod that tests replace (no modal exec)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

translate = QCoreApplication.translate


class ValueDialog:
    """Ask for one number (a weight or a bias)."""

    @classmethod
    def ask(
        cls, parent: QWidget | None, title: str, label: str, value: float
    ) -> float | None:
        number, ok = QInputDialog.getDouble(parent, title, label, value, -1e6, 1e6, 4)
        return float(number) if ok else None


class Confirm:
    """Yes/No/Cancel style questions."""

    @classmethod
    def save_changes(cls, parent: QWidget | None, name: str) -> str:
        """ "save", "discard" or "cancel" for a design with unsaved changes."""
        buttons = (
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        answer = QMessageBox.question(
            parent,
            translate("Dialogs", "Unsaved changes"),
            translate(
                "Dialogs", "Save the changes to {name} before closing it?"
            ).format(name=name),
            buttons,
            QMessageBox.StandardButton.Save,
        )
        return {
            QMessageBox.StandardButton.Save: "save",
            QMessageBox.StandardButton.Discard: "discard",
        }.get(answer, "cancel")

    @classmethod
    def restore_recovery(cls, parent: QWidget | None, name: str, when: str) -> bool:
        answer = QMessageBox.question(
            parent,
            translate("Dialogs", "Restore unsaved work?"),
            translate(
                "Dialogs",
                "NetDesigner closed unexpectedly while {name} had unsaved changes "
                "(last autosaved {when}). Restore them?",
            ).format(name=name, when=when),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes


class Notify:
    """Messages that need no answer."""

    @classmethod
    def error(cls, parent: QWidget | None, title: str, message: str) -> None:
        QMessageBox.warning(parent, title, message)
