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


SP = QStyle.StandardPixmap

#: name -> (menu text, slot as "<attribute path on the window>", keys, tip, icon)
#: icons: a QStyle standard pixmap, or the name of a ``toolbar_icons`` function
ACTION_SPECS: dict[str, tuple] = {
    "new": (
        "&New",
        "files.new_design",
        Key.New,
        "Start an empty design",
        SP.SP_FileIcon,
    ),
    "open": (
        "&Open…",
        "files.open_dialog",
        Key.Open,
        "Open a design file",
        SP.SP_DialogOpenButton,
    ),
    "save": (
        "&Save",
        "files.save",
        Key.Save,
        "Save the design",
        SP.SP_DialogSaveButton,
    ),
    "save_as": (
        "Save &As…",
        "files.save_as",
        Key.SaveAs,
        "Save the design under a new name",
        None,
    ),
    # Windows has no standard Quit key: Ctrl+Q there too
    "quit": ("&Quit", "close", (Key.Quit, "Ctrl+Q"), "Close NetDesigner", None),
    "cut": ("Cu&t", "cut", Key.Cut, "Cut the selected layers", None),
    "copy": ("&Copy", "copy", Key.Copy, "Copy the selected layers", None),
    "paste": (
        "&Paste",
        "paste",
        Key.Paste,
        "Paste layers with the wires between them",
        None,
    ),
    "delete": (
        "&Delete",
        "delete_selection",
        (Key.Delete, "Backspace"),
        "Delete the selected layers, wires or neurons",
        None,
    ),
    "select_all": ("Select &All", "select_all", Key.SelectAll, "", None),
    "auto_layout": (
        "Auto-&layout",
        "auto_layout",
        "Ctrl+L",
        "Arrange the layers left to right by depth",
        "auto_layout",
    ),
    "toggle_neurons": (
        "Show/Hide &Neurons",
        "toggle_neurons",
        "Ctrl+E",
        "Show the selected Dense layers as neurons",
        "neurons",
    ),
    "zoom_in": ("Zoom &In", "view.zoom_in", Key.ZoomIn, "Zoom in", "zoom_in"),
    "zoom_out": ("Zoom &Out", "view.zoom_out", Key.ZoomOut, "Zoom out", "zoom_out"),
    "zoom_reset": ("&Actual Size", "view.reset_zoom", "Ctrl+0", "Zoom to 100 %", None),
    "fit": ("&Fit to Window", "view.fit_all", "Ctrl+9", "Show the whole design", "fit"),
    "shortcuts": ("&Keyboard Shortcuts", "show_shortcuts", Key.HelpContents, "", None),
    "about": ("&About NetDesigner", "show_about", (), "", None),
}


def _slot(window: MainWindow, path: str) -> Callable[[], object]:
    target: object = window
    for name in path.split("."):
        target = getattr(target, name)
    return target


def _icon(window: MainWindow, icon) -> QIcon | None:
    if icon is None:
        return None
    if isinstance(icon, str):
        return getattr(toolbar_icons, icon)()
    return window.style().standardIcon(icon)


def _action(window: MainWindow, spec: tuple) -> QAction:
    text, path, keys, tip, icon = spec
    action = QAction(text, window)
    keys = keys if isinstance(keys, tuple) else (keys,)
    if keys:
        sequences = [QKeySequence(k) for k in keys]
        unique = [q for i, q in enumerate(sequences) if q not in sequences[:i]]
        action.setShortcuts([q for q in unique if not q.isEmpty()])
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    if (image := _icon(window, icon)) is not None:
        action.setIcon(image)
    slot = _slot(window, path)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def build_actions(window: MainWindow) -> dict[str, QAction]:
    """Every action of the window by name, undo/redo from the document's stack."""
    actions = {name: _action(window, spec) for name, spec in ACTION_SPECS.items()}
    stack = window.document.undo_stack
    for name, make, key, pixmap in (
        ("undo", stack.createUndoAction, Key.Undo, SP.SP_ArrowBack),
        ("redo", stack.createRedoAction, Key.Redo, SP.SP_ArrowForward),
    ):
        action = make(window, f"&{name.title()}")
        action.setShortcuts(QKeySequence.keyBindings(key))
        action.setIcon(window.style().standardIcon(pixmap))
        actions[name] = action
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
