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
#: the window's dynamic property holding the dock layout as built
DEFAULT_STATE = "netdesigner_default_dock_state"


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


def size_docks(window: QMainWindow) -> None:
    """Give each dock the room its content asks for and the canvas the rest.

    The side columns run the full height (the live views sit under the canvas,
    not under the panels), the palette is as wide as its entries, the
    properties/training column about a quarter of the window, and the bottom row
    (Problems | Live views) about three tenths of the height: the canvas stays the
    largest region at every screen size.
    """
    docks: dict[str, QDockWidget] = getattr(window, "docks", {})
    window.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
    window.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
    width, height = window.width(), window.height()
    widths = {
        "Palette": min(max(190, docks["Palette"].widget().sizeHint().width()), 240)
        if "Palette" in docks
        else 0,
        "Properties": max(300, min(380, int(width * 0.26))),
    }
    for name, size in widths.items():
        if name in docks and size:
            window.resizeDocks([docks[name]], [size], Qt.Orientation.Horizontal)
    bottom = next((docks[n] for n in ("Live views", "Problems") if n in docks), None)
    if bottom is not None:
        share = 0.28 if is_compact(window.screen().availableGeometry()) else 0.32
        window.resizeDocks([bottom], [int(height * share)], Qt.Orientation.Vertical)


def reset_layout(window: QMainWindow) -> None:
    """Every panel back where the first start puts it (View ▸ Reset Layout)."""
    state = window.property(DEFAULT_STATE)
    if state is not None:
        window.restoreState(state)
    for dock in getattr(window, "docks", {}).values():
        dock.setFloating(False)
        dock.show()
    screen = window.screen()
    if screen is not None and is_compact(screen.availableGeometry()):
        use_compact_docks(window)
    size_docks(window)


def remember_default_layout(window: QMainWindow) -> None:
    """Keep the dock arrangement as built, before a saved one replaces it."""
    window.setProperty(DEFAULT_STATE, window.saveState())


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
