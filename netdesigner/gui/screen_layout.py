"""The first layout on the user's screen.

A window of a fixed size does not fit every classroom: a common laptop screen is
1366x768, where the default size would hang below the task bar and six open panels
leave the canvas a strip. At the first start (no saved layout) the window takes
most of a large screen, or all of a small one; on a small screen the side panels
share their column in tabs (Palette | Data, Properties | Training) and the live
views take about two fifths of the height. Later starts restore what the user left.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

#: screens smaller than this in either direction get the compact layout
COMPACT_BELOW = (1600, 960)
#: the window on a larger screen
COMFORTABLE = (1500, 940)
#: room left for the window frame, which a widget's geometry does not include
FRAME = 60


def is_compact(available: QRect) -> bool:
    """True for a screen too small for every panel side by side."""
    return available.width() < COMPACT_BELOW[0] or available.height() < COMPACT_BELOW[1]


def fit_to_screen(window: QMainWindow, available: QRect | None = None) -> bool:
    """Size ``window`` for ``available`` (its screen's free area) unless the user's
    own layout was saved; True for a small screen: then show the window maximized
    and call ``use_compact_docks``."""
    if QSettings().value("window/geometry") is not None:
        return False
    if available is None:
        screen = window.screen()
        if screen is None:
            return False
        available = screen.availableGeometry()
    compact = is_compact(available)
    free = (available.width() - FRAME, available.height() - FRAME)
    width, height = free if compact else map(min, COMFORTABLE, free)
    rect = QRect(0, 0, width, height)
    rect.moveCenter(available.center())
    window.setGeometry(rect)
    return compact


def use_compact_docks(window: QMainWindow) -> None:
    """Side panels share their columns in tabs (Palette | Data, Properties |
    Training) and the live views take about a third of the height. Call it once the
    window is shown: tabified before, Qt leaves a stray tab bar behind."""
    docks: dict[str, QDockWidget] = getattr(window, "docks", {})
    for first, second in (("Palette", "Data"), ("Properties", "Training")):
        if first in docks and second in docks:
            window.tabifyDockWidget(docks[first], docks[second])
    for name in ("Palette", "Training"):  # build on the left, train on the right
        if name in docks:
            docks[name].raise_()
    live = docks.get("Live views")
    if live is not None:
        height = int(window.height() * 0.36)
        window.resizeDocks([live], [height], Qt.Orientation.Vertical)
