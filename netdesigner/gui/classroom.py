"""Classroom mode: the controls a lesson locks cannot be changed.

A teacher's setting (Tools ▸ Classroom Mode, remembered in QSettings). While it is
on and the open design has a lesson, the Document refuses every edit touching the
lesson's ``locked`` controls (``gui.locks``: panels, canvas, menus, undo alike),
and the panels show those controls disabled with a tooltip saying why. Leaving
classroom mode unlocks everything; then the teacher may edit the lesson.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal, Slot
from PySide6.QtWidgets import QWidget

from netdesigner.design.lesson import LOCKABLE

SETTINGS_KEY = "classroom/enabled"


def classroom_enabled() -> bool:
    """The saved setting (off unless a teacher turned it on)."""
    value = QSettings().value(SETTINGS_KEY, False)
    return value in (True, "true", "1", 1)


def lock_widgets(ui: Any, palette: Any = None, properties: Any = None) -> dict:
    """Lock key -> the widgets it disables (training and data panels, canvas)."""
    settings = getattr(ui, "settings", None)
    dataset = getattr(ui, "dataset", None)
    widgets: dict[str, list[QWidget]] = {key: [] for key in LOCKABLE}
    if settings is not None:
        widgets["loss"] = [settings.loss]
        widgets["optimizer"] = [settings.optimizer, settings.optimizer_args]
        widgets["learning_rate"] = [
            settings.learning_rate,
            settings.schedule,
            settings.schedule_editor,
        ]
        widgets["batch_size"] = [settings.batch_size]
        widgets["epochs"] = [settings.epochs]
        widgets["regularization"] = [settings.reg_kind, settings.reg_rate]
    if dataset is not None:
        widgets["dataset"] = [
            dataset.sets,
            dataset.open_file,
            dataset.draw,
            dataset.noise,
            dataset.ratio,
            dataset.n_samples,
        ]
        widgets["features"] = list(dataset.features.values())
    widgets["nodes"] = [w for w in (palette, properties) if w is not None]
    return widgets


class Classroom(QObject):
    """Applies a lesson's locks to a document and its panels.

    Signals: ``changed(bool)`` when classroom mode is turned on or off.
    """

    changed = Signal(bool)

    def __init__(
        self,
        document: Any,
        widgets: dict[str, list[QWidget]] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.widgets = widgets or {}
        self.enabled = classroom_enabled()
        self._disabled: list[QWidget] = []
        document.design_reset.connect(self._on_document_changed)
        document.settings_changed.connect(self._on_document_changed)

    def locked(self) -> frozenset[str]:
        """The controls locked now (none outside classroom mode or without lesson)."""
        lesson = getattr(self.document.design, "lesson", None)
        if not self.enabled or lesson is None:
            return frozenset()
        return frozenset(lesson.locked)

    def set_enabled(self, enabled: bool) -> None:
        """Turn classroom mode on or off (remembered for the next start)."""
        QSettings().setValue(SETTINGS_KEY, bool(enabled))
        if enabled != self.enabled:
            self.enabled = bool(enabled)
            self.apply()
            self.changed.emit(self.enabled)

    def apply(self) -> None:
        """Lock the document and disable the locked controls."""
        locks = self.locked()
        if locks != self.document.locks:
            self.document.set_locks(locks)
        self.refresh_widgets()

    def refresh_widgets(self) -> None:
        """Disable what is locked (again: panels re-enable controls as training
        starts and stops, and rebuild some on every edit)."""
        locks = self.locked()
        tip = self.tr("Locked by the lesson (classroom mode)")
        for widget in self._disabled:
            if not any(widget in self.widgets.get(k, ()) for k in locks):
                widget.setEnabled(True)
                if widget.toolTip() == tip:
                    widget.setToolTip("")
        self._disabled = []
        for key in sorted(locks):
            for widget in _flatten(self.widgets.get(key, ())):
                widget.setEnabled(False)
                if not widget.toolTip():
                    widget.setToolTip(tip)
                self._disabled.append(widget)

    @Slot()
    def _on_document_changed(self, *_args: Any) -> None:
        self.apply()


def _flatten(widgets: Iterable[QWidget]) -> list[QWidget]:
    return [w for w in widgets if w is not None]
