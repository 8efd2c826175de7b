"""The first layout fits the screen: a laptop's 1366x768 gets panels in tabs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import QRect, QSettings
from PySide6.QtWidgets import QScrollArea

from netdesigner.gui import language
from netdesigner.gui.screen_layout import (
    COMFORTABLE,
    content_minimum,
    fit_to_screen,
    is_compact,
    is_small,
    reset_layout,
    size_docks,
    use_compact_docks,
)


@pytest.fixture
def full_window(window):
    """The editor with training installed and no saved layout."""
    from netdesigner.gui.app import install_extensions

    install_extensions(window)
    QSettings().remove("window/geometry")
    yield window
    QSettings().remove("window/geometry")


@pytest.fixture(params=["en", "zh_CN"])
def interface_language(request, qapp):
    """The interface in each language for one test (before the window is built)."""
    assert language.apply_language(request.param) == request.param
    yield request.param
    language.apply_language("en")


def _tabbed_with(window, first: str) -> set[str]:
    dock = window.docks[first]
    return {d.windowTitle() for d in window.tabifiedDockWidgets(dock)}


def test_a_laptop_screen_gets_the_compact_layout(full_window, qtbot):
    laptop = QRect(0, 0, 1366, 728)  # 1366x768 less a task bar
    assert is_compact(laptop)
    assert fit_to_screen(full_window, laptop)
    geometry = full_window.geometry()
    assert laptop.contains(geometry) and geometry.width() > 1200
    assert _tabbed_with(full_window, "Palette") == set()  # docks: once shown
    use_compact_docks(full_window)
    assert _tabbed_with(full_window, "Palette") == {"Data"}
    assert _tabbed_with(full_window, "Properties") == {"Training"}
    full_window.resize(1366, 700)  # as maximized
    # the canvas keeps more height than the live views take
    qtbot.waitUntil(
        lambda: full_window.view.height() > full_window.docks["Live views"].height()
    )


def test_a_laptop_screen_gives_each_panel_the_room_of_its_content(full_window, qtbot):
    """Panels may shrink below their content (they scroll), but the first layout
    of a laptop screen does not make them: no Training panel scrolled sideways."""
    laptop = QRect(0, 0, 1280, 680)  # 1280x720 less a task bar
    fit_to_screen(full_window, laptop)
    use_compact_docks(full_window)
    full_window.resize(1280, 680)  # as maximized
    qtbot.wait(50)
    size_docks(full_window)
    full_window.docks["Live views"].raise_()  # Problems may be in front
    for name in ("Training", "Live views"):
        dock, need = full_window.docks[name], content_minimum(full_window.docks[name])
        qtbot.waitUntil(lambda d=dock, n=need: d.width() >= n.width())
        assert dock.height() >= need.height(), name


def test_a_very_small_logical_screen_gets_every_panel_in_one_column(full_window, qtbot):
    small = QRect(0, 0, 683, 384)  # 1366x768 at 200 %
    assert is_small(small) and not is_small(QRect(0, 0, 1366, 728))
    assert fit_to_screen(full_window, small)
    full_window.resize(683, 384)  # as maximized
    use_compact_docks(full_window)
    size_docks(full_window)
    others = {"Properties", "Training", "Data", "Live views", "Problems"}
    assert _tabbed_with(full_window, "Palette") == others
    hint = full_window.minimumSizeHint()
    assert hint.width() <= small.width() and hint.height() <= small.height()
    palette, view = full_window.docks["Palette"], full_window.view
    qtbot.waitUntil(lambda: view.width() > palette.width() > 0)
    assert view.height() >= palette.height() - 30  # the canvas keeps the height


def test_a_large_screen_gets_a_comfortable_window_and_every_panel(full_window):
    desk = QRect(0, 0, 1920, 1040)
    assert not is_compact(desk)
    assert not fit_to_screen(full_window, desk)
    geometry = full_window.geometry()
    assert (geometry.width(), geometry.height()) == COMFORTABLE
    assert desk.contains(geometry)
    assert (geometry.center() - desk.center()).manhattanLength() <= 2  # centred
    assert _tabbed_with(full_window, "Palette") == set()
    assert _tabbed_with(full_window, "Properties") == set()


def test_a_saved_layout_is_left_alone(full_window):
    QSettings().setValue("window/geometry", full_window.saveGeometry())
    before = full_window.geometry()
    assert not fit_to_screen(full_window, QRect(0, 0, 1024, 600))
    assert full_window.geometry() == before
    assert _tabbed_with(full_window, "Palette") == set()


def test_reset_layout_does_not_grow_the_window(full_window, qtbot):
    full_window.resize(683, 384)
    qtbot.waitUntil(lambda: full_window.height() == 384)
    reset_layout(full_window)  # every panel shown again, in one column here
    qtbot.wait(50)
    assert full_window.height() <= 384 and full_window.width() <= 683


def test_the_training_settings_fit_a_laptop_dock_in_every_language(
    interface_language, full_window, qtbot
):
    """The settings form (early stopping's row too: 恢复最佳权重 was cut off) is
    no wider than its dock at 1366x768: no horizontal scroll bar."""
    fit_to_screen(full_window, QRect(0, 0, 1366, 728))
    use_compact_docks(full_window)
    full_window.resize(1366, 700)  # as maximized
    qtbot.wait(50)
    size_docks(full_window)
    full_window.docks["Training"].raise_()
    settings = full_window.training_ui.settings
    dock = full_window.docks["Training"]
    area = next(a for a in dock.findChildren(QScrollArea) if a.widget() is settings)
    qtbot.waitUntil(lambda: area.isVisible() and area.viewport().width() > 100)
    qtbot.wait(20)
    assert settings.minimumSizeHint().width() <= area.viewport().width()
    assert settings.width() <= area.viewport().width()
    assert not area.horizontalScrollBar().isVisible()


RESET_DRIVER = textwrap.dedent(
    """
    from PySide6.QtWidgets import QApplication, QTabBar
    from netdesigner.gui.app import start_gui, stop_training
    from netdesigner.gui.screen_layout import reset_layout

    window = start_gui(None, language="en")
    app = QApplication.instance()

    def column_bars():
        for _ in range(30):
            app.processEvents()
        view = window.view
        right = view.mapTo(window, view.rect().topRight()).x()
        return [
            bar.geometry().getRect()
            for bar in window.findChildren(QTabBar)
            if bar.parentWidget() is window
            and bar.isVisible()
            and bar.geometry().left() > right  # in the dock column, not off it
        ]

    print("START", len(column_bars()))
    reset_layout(window)
    print("RESET", len(column_bars()), column_bars())
    stop_training(window)
    window.close()
    """
)


def test_reset_layout_on_a_very_small_screen_leaves_one_tab_bar(tmp_path):
    """1366x768 at 200 % (683x384): after View > Reset Layout the one column has
    one visible tab bar, not the first arrangement's left under the new one. Qt
    fixes the screen and scale when it starts: the real window runs in its own
    process, settings in a temporary folder."""
    config = tmp_path / "screen.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768}
    screen |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    env = dict(os.environ, QT_SCALE_FACTOR="2")
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[name] = str(tmp_path / name.lower())
    result = subprocess.run(
        [sys.executable, "-c", RESET_DRIVER],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    lines = dict(
        line.split(" ", 1) for line in result.stdout.splitlines() if " " in line
    )
    assert lines["START"] == "1", result.stdout
    assert lines["RESET"].startswith("1 "), result.stdout
