"""A wheel over a side panel's combo box scrolls the panel, not the setting."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QScrollArea, QVBoxLayout, QWidget

from netdesigner.gui.training.wheel import WheelGuard


def wheel(widget: QWidget, steps: int = -1) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def panel_with_combo(qtbot) -> tuple[QScrollArea, QComboBox, QComboBox]:
    area = QScrollArea()
    inner = QWidget()
    layout = QVBoxLayout(inner)
    combo = QComboBox()
    combo.addItems(["sgd", "rmsprop", "adagrad", "adam", "adamw"])
    layout.addWidget(combo)
    for _ in range(40):  # tall enough to scroll
        layout.addWidget(QComboBox())
    area.setWidget(inner)
    area.resize(200, 150)
    qtbot.addWidget(area)
    guard = WheelGuard([area], area)
    later = QComboBox()  # a field created after the guard (an optimizer argument)
    later.addItems(["a", "b", "c"])
    layout.addWidget(later)
    area.show()
    qtbot.waitExposed(area)
    return area, combo, later, guard


def test_wheel_over_an_unfocused_combo_scrolls_the_panel(qtbot):
    area, combo, later, _guard = panel_with_combo(qtbot)
    wheel(combo)
    wheel(later)
    assert combo.currentText() == "sgd" and later.currentText() == "a"
    assert area.verticalScrollBar().value() > 0  # the panel scrolled instead


def test_a_focused_combo_still_takes_the_wheel(qtbot):
    area, combo, _later, _guard = panel_with_combo(qtbot)
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    wheel(combo)
    assert combo.currentText() == "rmsprop"
