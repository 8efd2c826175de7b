"""The first layout on the user's screen.

A window of a fixed size does not fit every classroom: a common laptop screen is
1366x768, where the default size would hang below the task bar and six open panels
leave the canvas a strip. At the first start (no saved layout) the window takes
most of a large screen, or all of a small one; on a small screen the side panels
share their column in tabs (Palette | Data, Properties | Training) and the live
views take about two fifths of the height. On a very small logical screen (a
laptop at 150 % or 200 %, 683x384 at worst) every panel is a tab of one right
column, so the canvas keeps the whole height and most of the width. Every panel
can shrink (its content scrolls), so the window's minimum fits any of these
screens. Later starts restore what the user left.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSettings, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QDockWidget,
    QFrame,
    QMainWindow,
    QScrollArea,
    QTabBar,
    QWidget,
)

#: screens smaller than this in either direction get the compact layout
COMPACT_BELOW = (1600, 960)
#: screens smaller than this in either direction get every panel in one column
SMALL_BELOW = (1000, 600)
#: the one column's share of the width on a small screen, and its bounds
COLUMN_SHARE, COLUMN_WIDTHS = 0.38, (250, 360)
#: the panels of the one column, in tab order (others, such as Lesson, follow)
COLUMN_ORDER = ("Palette", "Properties", "Training", "Data", "Live views", "Problems")
#: the window on a larger screen
COMFORTABLE = (1500, 940)
#: room left for the window frame, which a widget's geometry does not include
FRAME = 60
#: the window's dynamic property holding the dock layout as built
DEFAULT_STATE = "netdesigner_default_dock_state"
#: the window's dynamic property holding the free area ``fit_to_screen`` sized for
FITTED_SCREEN = "netdesigner_fitted_screen"


class ShrinkableArea(QScrollArea):
    """A frameless scroll area around a panel: it asks for the panel's own size,
    but its dock can be made smaller than the panel's minimum (it scrolls)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.setObjectName(f"{widget.objectName() or 'panel'}_scroll")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setWidget(widget)

    def sizeHint(self) -> QSize:
        """The panel's own size hint (QScrollArea caps it at 36x24 lines)."""
        inner = self.widget()
        return inner.sizeHint() if inner is not None else super().sizeHint()


def shrinkable(widget: QWidget) -> QWidget:
    """``widget`` in a ``ShrinkableArea``, so its dock can be made smaller than the
    widget's minimum; a widget that scrolls itself is returned as is."""
    if isinstance(widget, QAbstractScrollArea):
        return widget
    return ShrinkableArea(widget)


def content_minimum(dock: QDockWidget) -> QSize:
    """The smallest size of ``dock`` that shows its panel without scrolling: the
    panel's own minimum when ``shrinkable`` wrapped it, else the dock's."""
    area = dock.widget()
    if not isinstance(area, ShrinkableArea) or area.widget() is None:
        return dock.minimumSizeHint()
    frame = dock.minimumSizeHint() - area.minimumSizeHint()  # title bar, margins
    return area.widget().minimumSizeHint() + frame


def is_compact(available: QRect) -> bool:
    """True for a screen too small for every panel side by side."""
    return available.width() < COMPACT_BELOW[0] or available.height() < COMPACT_BELOW[1]


def is_small(available: QRect) -> bool:
    """True for a screen too small even for two side columns: one column of tabs."""
    return available.width() < SMALL_BELOW[0] or available.height() < SMALL_BELOW[1]


def fitted_screen(window: QMainWindow) -> QRect | None:
    """The free area the window was sized for, else its screen's, else None."""
    fitted = window.property(FITTED_SCREEN)
    if isinstance(fitted, QRect):
        return fitted
    screen = window.screen()
    return None if screen is None else screen.availableGeometry()


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
    window.setProperty(FITTED_SCREEN, QRect(available))
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
    largest region at every screen size. On a small screen the one column takes
    about two fifths of the width.
    """
    docks: dict[str, QDockWidget] = getattr(window, "docks", {})
    window.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
    window.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
    width, height = window.width(), window.height()
    available = fitted_screen(window)
    if available is not None and is_small(available):
        column = [d for d in docks.values() if not d.isHidden()][:1]
        low, high = COLUMN_WIDTHS
        size = max(low, min(high, int(width * COLUMN_SHARE)))
        window.resizeDocks(column, [size], Qt.Orientation.Horizontal)
        return
    palette = docks.get("Palette")
    widths = {
        "Palette": min(max(190, palette.widget().sizeHint().width()), 240)
        if palette is not None
        else 0,
        "Properties": max(300, min(380, int(width * 0.26)), _widest(docks, RIGHT)),
    }
    for name, size in widths.items():
        if name in docks and size:
            window.resizeDocks([docks[name]], [size], Qt.Orientation.Horizontal)
    bottom = next((docks[n] for n in ("Live views", "Problems") if n in docks), None)
    if bottom is not None:
        compact = available is not None and is_compact(available)
        share = 0.28 if compact else 0.32
        need = content_minimum(bottom).height() + _tab_bar_height(window, bottom)
        size = max(int(height * share), need)
        window.resizeDocks([bottom], [size], Qt.Orientation.Vertical)


def _tab_bar_height(window: QMainWindow, dock: QDockWidget) -> int:
    """The height of the tab bar under ``dock`` when it shares its place in tabs
    (``resizeDocks`` sizes the place, tab bar included)."""
    if not window.tabifiedDockWidgets(dock):
        return 0
    bars = [b for b in window.findChildren(QTabBar) if b.parentWidget() is window]
    return max((b.sizeHint().height() for b in bars if b.isVisible()), default=0)


#: the panels of the right column on a larger screen
RIGHT = ("Properties", "Training")


def _widest(docks: dict[str, QDockWidget], names: tuple[str, ...]) -> int:
    """The width the panels ``names`` need to show without scrolling sideways."""
    return max(
        (content_minimum(docks[n]).width() for n in names if n in docks), default=0
    )


def reset_layout(window: QMainWindow) -> None:
    """Every panel back where the first start puts it (View ▸ Reset Layout), for
    the screen the window is on now."""
    size, shown = window.size(), window.windowState()  # panels shown again
    docks: dict[str, QDockWidget] = getattr(window, "docks", {})
    screen = window.screen()
    state = window.property(DEFAULT_STATE)
    # on a small screen the one column is rebuilt from where the panels are: Qt
    # leaves the tab bar of the column restoreState replaced visible under it
    if state is not None and (
        screen is None or not is_small(screen.availableGeometry())
    ):
        window.restoreState(state)
    for dock in docks.values():
        dock.setFloating(False)
        dock.show()
    if screen is not None:
        window.setProperty(FITTED_SCREEN, screen.availableGeometry())
    available = fitted_screen(window)
    if available is not None and is_compact(available):
        use_compact_docks(window)
    if window.size() != size:  # must not grow the window past its screen
        window.resize(size)
        window.setWindowState(shown)  # still maximized
    size_docks(window)


def remember_default_layout(window: QMainWindow) -> None:
    """Keep the dock arrangement as built, before a saved one replaces it."""
    window.setProperty(DEFAULT_STATE, window.saveState())


def use_compact_docks(window: QMainWindow) -> None:
    """Side panels share their columns in tabs (Palette | Data, Properties |
    Training) and the live views take about a third of the height; on a small
    screen (see ``is_small``) every panel is a tab of one right column. The screen
    is the one ``fit_to_screen`` sized the window for. Call it once the window is
    shown: tabified before, Qt leaves a stray tab bar behind."""
    available = fitted_screen(window)
    if available is not None and is_small(available):
        _use_one_column(window)
        return
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


def _use_one_column(window: QMainWindow) -> None:
    """Every shown panel a tab of the right column, the palette in front: beside
    two columns or under the canvas, none would leave the canvas the most room."""
    docks: dict[str, QDockWidget] = getattr(window, "docks", {})
    named = [docks[n] for n in COLUMN_ORDER if n in docks]
    shown = [d for d in named + list(docks.values()) if not d.isHidden()]
    column = list(dict.fromkeys(shown))  # in tab order, once each
    if not column:
        return
    for dock in column:
        dock.hide()
    first = column[0]
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, first)
    for dock in column[1:]:
        window.tabifyDockWidget(first, dock)
    for dock in column:
        dock.show()
    first.raise_()
    window.layout().activate()  # the column's tab bar exists from here on
    for bar in window.findChildren(QTabBar):
        if bar.parentWidget() is window:  # whole titles, scrolled: not "P…", "P…"
            bar.setElideMode(Qt.TextElideMode.ElideNone)
            bar.setUsesScrollButtons(True)
