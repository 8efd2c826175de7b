"""The mouse wheel scrolls a side panel instead of changing the field under it.

Scrolling down the Training panel, the wheel passed over the optimizer box and
turned sgd into adamw, which reset the run. ``WheelGuard`` (an application event
filter, so fields created later are covered too) hands a wheel event over a combo
or spin box that does not have the focus to the panel's scroll bar; a field the
student clicked into still takes the wheel.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QComboBox, QWidget

GUARDED = (QComboBox, QAbstractSpinBox)


class WheelGuard(QObject):
    """Guards the combo and spin boxes inside ``panels`` (their descendants)."""

    def __init__(self, panels: list[QWidget], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.panels = list(panels)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

        for panel in self.panels:
            for field in panel.findChildren(QWidget):
                _no_wheel_focus(field)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, GUARDED):
            if self._guards(watched):  # a field created later
                _no_wheel_focus(watched)
            return False
        if kind != QEvent.Type.Wheel or not isinstance(watched, GUARDED):
            return False
        if watched.hasFocus() or not self._guards(watched):
            return False
        area = _scroll_area_of(watched)
        if area is not None:
            QCoreApplication.sendEvent(area.verticalScrollBar(), event)
        return True  # the field keeps its value

    def _guards(self, widget: QWidget) -> bool:
        return any(p is widget or p.isAncestorOf(widget) for p in self.panels)


def _no_wheel_focus(widget: QWidget) -> None:
    """A wheel over a field must not give it the focus (Qt's WheelFocus would)."""
    if (
        isinstance(widget, GUARDED)
        and widget.focusPolicy() == Qt.FocusPolicy.WheelFocus
    ):
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def _scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent
