"""Live training in the GUI: worker thread, controls, loss curves, decision regions,
neuron thumbnails and image views (issue 6).

``install(main_window)`` adds everything to an editor main window: the Training and
Data docks, the live views, toolbar actions, and the shutdown of the worker thread
when the window closes or the application quits.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QStyle, QWidget

from netdesigner.gui.training.controller import TrainingController
from netdesigner.gui.training.speed import SpeedBox
from netdesigner.gui.training.ui import TrainingUI

translate = QCoreApplication.translate

__all__ = ["TrainingController", "TrainingUI", "install"]

Area = Qt.DockWidgetArea


def _add_dock(window: QMainWindow, widget: QWidget, area: Area, title: str) -> Any:
    """The window's own ``add_dock`` when it has one, else a plain QDockWidget."""
    add = getattr(window, "add_dock", None)
    if add is not None:
        return add(widget, area, title)
    dock = QDockWidget(title, window)
    dock.setObjectName(f"dock-{title.lower().replace(' ', '-')}")
    dock.setWidget(widget)
    window.addDockWidget(area, dock)
    return dock


def _find_scene(window: Any) -> Any:
    """The canvas scene (``NetScene``) of the editor window, or None."""
    for name in ("scene", "canvas_scene"):
        scene = getattr(window, name, None)
        if scene is not None and not callable(scene):
            return scene
    for name in ("canvas", "view"):
        view = getattr(window, name, None)
        if view is not None and hasattr(view, "scene"):
            return view.scene()
    return None


def _add_actions(window: QMainWindow, ui: TrainingUI) -> list[QAction]:
    """Training actions with shortcuts: a Training menu and the training tool bar."""
    c, pix = ui.controller, QStyle.StandardPixmap
    specs = [
        (
            translate("Training", "Play / Pause"),
            "Ctrl+Space",
            pix.SP_MediaPlay,
            c.toggle,
        ),
        (
            translate("Training", "Step one batch"),
            "Ctrl+.",
            pix.SP_MediaSkipForward,
            c.step_batch,
        ),
        (
            translate("Training", "Step one epoch"),
            "Ctrl+Shift+.",
            pix.SP_MediaSeekForward,
            c.step_epoch,
        ),
        (
            translate("Training", "Step back one epoch"),
            "Ctrl+,",
            pix.SP_MediaSkipBackward,
            c.step_back,
        ),
        (
            translate("Training", "Reset training"),
            "Ctrl+R",
            pix.SP_BrowserReload,
            ui.link.reset,
        ),
    ]
    actions = []
    for text, keys, icon, slot in specs:
        action = QAction(window.style().standardIcon(icon), text, window)
        action.setShortcut(QKeySequence(keys))
        action.setToolTip(
            translate("Training", "{action} ({keys})").format(action=text, keys=keys)
        )
        action.triggered.connect(slot)
        window.addAction(action)
        actions.append(action)
    ui.play_action = actions[0]
    toolbar = getattr(window, "training_toolbar", None)
    if toolbar is not None:
        toolbar.addActions(actions)
        ui.toolbar_speed = SpeedBox(ui.controls.mode)  # follows the panel's box
        toolbar.addWidget(ui.toolbar_speed)
    if hasattr(window, "menuBar"):
        window.menuBar().addMenu(translate("Init", "&Training")).addActions(actions)
    return actions


def install(main_window: QMainWindow, session_factory: Any = None) -> TrainingUI:
    """Add live training to ``main_window`` (needs ``main_window.document``).

    Returns the ``TrainingUI``; it lives as long as the window and stops its worker
    thread when the window closes (and stays closed) or the application quits.
    """
    ui = TrainingUI(
        main_window.document,
        _find_scene(main_window),
        parent=main_window,
        session_factory=session_factory,
    )
    ui.docks = [
        _add_dock(
            main_window, ui.training_widget, Area.RightDockWidgetArea, "Training"
        ),
        _add_dock(main_window, ui.dataset_widget, Area.LeftDockWidgetArea, "Data"),
        _add_dock(main_window, ui.views, Area.BottomDockWidgetArea, "Live views"),
    ]
    live = ui.docks[2]
    if isinstance(live, QDockWidget):
        ui.live_dock = live
        main_window.resizeDocks([live], [380], Qt.Orientation.Vertical)
        live.raise_()
    ui.menu_actions = _add_actions(main_window, ui)
    main_window.installEventFilter(ui)
    ui.start()
    return ui
