"""The main window's actions, menus and tool bars, built in one place.

``build_actions(window)`` creates every ``QAction`` (standard shortcuts from
``QKeySequence.StandardKey``) and returns them by name; ``build_menus`` and
``build_toolbar`` arrange them. Slots live on the window and its helpers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMenu, QStyle, QToolBar

from netdesigner.gui import toolbar_icons

if TYPE_CHECKING:
    from netdesigner.gui.main_window import MainWindow

Key = QKeySequence.StandardKey


def _action(
    window, text: str, slot: Callable, keys=(), tip: str = "", icon=None
) -> QAction:
    action = QAction(text, window)
    shortcuts = [
        QKeySequence(k) for k in (keys if isinstance(keys, list | tuple) else [keys])
    ]
    if shortcuts:
        action.setShortcuts(shortcuts)
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    if icon is not None:
        action.setIcon(icon)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def _std_icon(window, pixmap: QStyle.StandardPixmap) -> QIcon:
    return window.style().standardIcon(pixmap)


def build_actions(window: MainWindow) -> dict[str, QAction]:
    files, view, edit = window.files, window.view, window
    sp = QStyle.StandardPixmap
    actions = {
        "new": _action(
            window,
            "&New",
            files.new_design,
            Key.New,
            "Start an empty design",
            _std_icon(window, sp.SP_FileIcon),
        ),
        "open": _action(
            window,
            "&Open…",
            files.open_dialog,
            Key.Open,
            "Open a design file",
            _std_icon(window, sp.SP_DialogOpenButton),
        ),
        "save": _action(
            window,
            "&Save",
            files.save,
            Key.Save,
            "Save the design",
            _std_icon(window, sp.SP_DialogSaveButton),
        ),
        "save_as": _action(
            window,
            "Save &As…",
            files.save_as,
            Key.SaveAs,
            "Save the design under a new name",
        ),
        "quit": _action(window, "&Quit", window.close, Key.Quit, "Close NetDesigner"),
        "cut": _action(window, "Cu&t", edit.cut, Key.Cut, "Cut the selected layers"),
        "copy": _action(
            window, "&Copy", edit.copy, Key.Copy, "Copy the selected layers"
        ),
        "paste": _action(
            window,
            "&Paste",
            edit.paste,
            Key.Paste,
            "Paste layers with the wires between them",
        ),
        "delete": _action(
            window,
            "&Delete",
            edit.delete_selection,
            [QKeySequence(Key.Delete), QKeySequence("Backspace")],
            "Delete the selected layers, wires or neurons",
        ),
        "select_all": _action(window, "Select &All", edit.select_all, Key.SelectAll),
        "auto_layout": _action(
            window,
            "Auto-&layout",
            edit.auto_layout,
            "Ctrl+L",
            "Arrange the layers left to right by depth",
            toolbar_icons.auto_layout(),
        ),
        "toggle_neurons": _action(
            window,
            "Show/Hide &Neurons",
            edit.toggle_neurons,
            "Ctrl+E",
            "Show the selected Dense layers as neurons",
            toolbar_icons.neurons(),
        ),
        "zoom_in": _action(
            window,
            "Zoom &In",
            view.zoom_in,
            Key.ZoomIn,
            "Zoom in",
            toolbar_icons.zoom(plus=True),
        ),
        "zoom_out": _action(
            window,
            "Zoom &Out",
            view.zoom_out,
            Key.ZoomOut,
            "Zoom out",
            toolbar_icons.zoom(plus=False),
        ),
        "zoom_reset": _action(window, "&Actual Size", view.reset_zoom, "Ctrl+0"),
        "fit": _action(
            window,
            "&Fit to Window",
            view.fit_all,
            "Ctrl+9",
            "Show the whole design",
            toolbar_icons.fit(),
        ),
        "shortcuts": _action(
            window, "&Keyboard Shortcuts", window.show_shortcuts, Key.HelpContents
        ),
        "about": _action(window, "&About NetDesigner", window.show_about),
    }
    stack = window.document.undo_stack
    actions["undo"] = stack.createUndoAction(window, "&Undo")
    actions["undo"].setShortcuts(QKeySequence.keyBindings(Key.Undo))
    actions["undo"].setIcon(_std_icon(window, sp.SP_ArrowBack))
    actions["redo"] = stack.createRedoAction(window, "&Redo")
    actions["redo"].setShortcuts(QKeySequence.keyBindings(Key.Redo))
    actions["redo"].setIcon(_std_icon(window, sp.SP_ArrowForward))
    for action in actions.values():
        window.addAction(action)  # shortcuts work even with the menu bar hidden
    return actions


def build_menus(window: MainWindow, actions: dict[str, QAction]) -> dict[str, QMenu]:
    bar = window.menuBar()
    menus = {
        name: bar.addMenu(title)
        for name, title in [
            ("file", "&File"),
            ("edit", "&Edit"),
            ("view", "&View"),
            ("help", "&Help"),
        ]
    }
    file_menu = menus["file"]
    file_menu.addActions([actions["new"], actions["open"]])
    menus["samples"] = file_menu.addMenu("Open &Sample")
    menus["recent"] = file_menu.addMenu("Open &Recent")
    file_menu.addSeparator()
    file_menu.addActions([actions["save"], actions["save_as"]])
    menus["export"] = file_menu.addMenu("&Export")
    file_menu.addSeparator()
    file_menu.addAction(actions["quit"])
    edit_menu = menus["edit"]
    edit_menu.addActions([actions["undo"], actions["redo"]])
    edit_menu.addSeparator()
    for name in ("cut", "copy", "paste", "delete", "select_all"):
        edit_menu.addAction(actions[name])
    edit_menu.addSeparator()
    edit_menu.addActions([actions["auto_layout"], actions["toggle_neurons"]])
    view_menu = menus["view"]
    for name in ("zoom_in", "zoom_out", "zoom_reset", "fit"):
        view_menu.addAction(actions[name])
    view_menu.addSeparator()
    menus["panels"] = view_menu.addMenu("&Panels")
    menus["toolbars"] = view_menu.addMenu("&Tool Bars")
    menus["help"].addActions([actions["shortcuts"], actions["about"]])
    return menus


def build_toolbar(window: MainWindow, actions: dict[str, QAction]) -> QToolBar:
    bar = window.addToolBar("Edit")
    bar.setObjectName("edit_toolbar")
    bar.setMovable(False)
    groups = [
        ["new", "open", "save"],
        ["undo", "redo"],
        ["zoom_out", "zoom_in", "fit"],
        ["auto_layout", "toggle_neurons"],
    ]
    for i, group in enumerate(groups):
        if i:
            bar.addSeparator()
        bar.addActions([actions[name] for name in group])
    return bar
