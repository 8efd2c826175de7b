"""The main window's actions, menus and tool bars, built in one place.

``build_actions(window)`` creates every ``QAction`` (standard shortcuts from
``QKeySequence.StandardKey``) and returns them by name; ``build_menus`` and
``build_toolbar`` arrange them. Slots live on the window and its helpers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
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
        QT_TRANSLATE_NOOP("Actions", "&New"),
        "files.new_design",
        Key.New,
        QT_TRANSLATE_NOOP("Actions", "Start an empty design"),
        SP.SP_FileIcon,
    ),
    "open": (
        QT_TRANSLATE_NOOP("Actions", "&Open…"),
        "files.open_dialog",
        Key.Open,
        QT_TRANSLATE_NOOP("Actions", "Open a design file"),
        SP.SP_DialogOpenButton,
    ),
    "import_keras": (
        QT_TRANSLATE_NOOP("Actions", "tf.keras &Code or Model…"),
        "files.import_dialog",
        (),
        QT_TRANSLATE_NOOP(
            "Actions",
            "Open tf.keras code (.py) or a Keras 3 model (.keras) as a design",
        ),
        None,
    ),
    "save": (
        QT_TRANSLATE_NOOP("Actions", "&Save"),
        "files.save",
        Key.Save,
        QT_TRANSLATE_NOOP("Actions", "Save the design"),
        SP.SP_DialogSaveButton,
    ),
    "save_as": (
        QT_TRANSLATE_NOOP("Actions", "Save &As…"),
        "files.save_as",
        Key.SaveAs,
        QT_TRANSLATE_NOOP("Actions", "Save the design under a new name"),
        None,
    ),
    # Windows has no standard Quit key: Ctrl+Q there too
    "quit": (
        QT_TRANSLATE_NOOP("Actions", "&Quit"),
        "close",
        (Key.Quit, "Ctrl+Q"),
        QT_TRANSLATE_NOOP("Actions", "Close NetDesigner"),
        None,
    ),
    "cut": (
        QT_TRANSLATE_NOOP("Actions", "Cu&t"),
        "cut",
        Key.Cut,
        QT_TRANSLATE_NOOP("Actions", "Cut the selected layers"),
        None,
    ),
    "copy": (
        QT_TRANSLATE_NOOP("Actions", "&Copy"),
        "copy",
        Key.Copy,
        QT_TRANSLATE_NOOP("Actions", "Copy the selected layers"),
        None,
    ),
    "paste": (
        QT_TRANSLATE_NOOP("Actions", "&Paste"),
        "paste",
        Key.Paste,
        QT_TRANSLATE_NOOP("Actions", "Paste layers with the wires between them"),
        None,
    ),
    "delete": (
        QT_TRANSLATE_NOOP("Actions", "&Delete"),
        "delete_selection",
        (Key.Delete, "Backspace"),
        QT_TRANSLATE_NOOP("Actions", "Delete the selected layers, wires or neurons"),
        None,
    ),
    "select_all": (
        QT_TRANSLATE_NOOP("Actions", "Select &All"),
        "select_all",
        Key.SelectAll,
        "",
        None,
    ),
    "auto_layout": (
        QT_TRANSLATE_NOOP("Actions", "Auto-&layout"),
        "auto_layout",
        "Ctrl+L",
        QT_TRANSLATE_NOOP("Actions", "Arrange the layers left to right by depth"),
        "auto_layout",
    ),
    "toggle_neurons": (
        QT_TRANSLATE_NOOP("Actions", "Show/Hide &Neurons"),
        "toggle_neurons",
        "Ctrl+E",
        QT_TRANSLATE_NOOP("Actions", "Show the selected Dense layers as neurons"),
        "neurons",
    ),
    "zoom_in": (
        QT_TRANSLATE_NOOP("Actions", "Zoom &In"),
        "view.zoom_in",
        Key.ZoomIn,
        QT_TRANSLATE_NOOP("Actions", "Zoom in"),
        "zoom_in",
    ),
    "zoom_out": (
        QT_TRANSLATE_NOOP("Actions", "Zoom &Out"),
        "view.zoom_out",
        Key.ZoomOut,
        QT_TRANSLATE_NOOP("Actions", "Zoom out"),
        "zoom_out",
    ),
    "zoom_reset": (
        QT_TRANSLATE_NOOP("Actions", "&Actual Size"),
        "view.reset_zoom",
        "Ctrl+0",
        QT_TRANSLATE_NOOP("Actions", "Zoom to 100 %"),
        None,
    ),
    "fit": (
        QT_TRANSLATE_NOOP("Actions", "&Fit to Window"),
        "view.fit_all",
        "Ctrl+9",
        QT_TRANSLATE_NOOP("Actions", "Show the whole design"),
        "fit",
    ),
    "compact": (
        QT_TRANSLATE_NOOP("Actions", "&Compact Cards"),
        "toggle_compact",
        "Ctrl+K",
        QT_TRANSLATE_NOOP(
            "Actions", "Show the selected (or all) layers as compact cards, or in full"
        ),
        None,
    ),
    "fold_block": (
        QT_TRANSLATE_NOOP("Actions", "&Fold into Block…"),
        "fold_block",
        "Ctrl+G",
        QT_TRANSLATE_NOOP("Actions", "Fold the selected layers into one named block"),
        None,
    ),
    "unfold_block": (
        QT_TRANSLATE_NOOP("Actions", "&Unfold Block"),
        "unfold_blocks",
        "Ctrl+Shift+G",
        QT_TRANSLATE_NOOP(
            "Actions", "Show the layers of the selected (or every) block again"
        ),
        None,
    ),
    "reset_layout": (
        QT_TRANSLATE_NOOP("Actions", "&Reset Layout"),
        "reset_window_layout",
        (),
        QT_TRANSLATE_NOOP(
            "Actions", "Put the panels back where they were at the first start"
        ),
        None,
    ),
    "shortcuts": (
        QT_TRANSLATE_NOOP("Actions", "&Keyboard Shortcuts"),
        "show_shortcuts",
        Key.HelpContents,
        "",
        None,
    ),
    "about": (
        QT_TRANSLATE_NOOP("Actions", "&About NetDesigner"),
        "show_about",
        (),
        "",
        None,
    ),
}


translate = QCoreApplication.translate


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
    action = QAction(QCoreApplication.translate("Actions", text), window)
    tip = QCoreApplication.translate("Actions", tip) if tip else tip
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
    for name, make, key, pixmap, text in (
        (
            "undo",
            stack.createUndoAction,
            Key.Undo,
            SP.SP_ArrowBack,
            translate("Actions", "&Undo"),
        ),
        (
            "redo",
            stack.createRedoAction,
            Key.Redo,
            SP.SP_ArrowForward,
            translate("Actions", "&Redo"),
        ),
    ):
        action = make(window, text)
        keys = QKeySequence.keyBindings(key)
        if name == "redo":  # Ctrl+Y as well as Ctrl+Shift+Z, on every platform
            keys += [q for q in [QKeySequence("Ctrl+Y")] if q not in keys]
        action.setShortcuts(keys)
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
            ("file", translate("Actions", "&File")),
            ("edit", translate("Actions", "&Edit")),
            ("view", translate("Actions", "&View")),
            ("help", translate("Actions", "&Help")),
        ]
    }
    file_menu = menus["file"]
    file_menu.addActions([actions["new"], actions["open"]])
    menus["samples"] = file_menu.addMenu(translate("Actions", "Open &Sample"))
    menus["recent"] = file_menu.addMenu(translate("Actions", "Open &Recent"))
    menus["import"] = file_menu.addMenu(translate("Actions", "&Import"))
    menus["import"].addAction(actions["import_keras"])
    file_menu.addSeparator()
    file_menu.addActions([actions["save"], actions["save_as"]])
    menus["export"] = file_menu.addMenu(translate("Actions", "&Export"))
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
    for name in ("compact", "fold_block", "unfold_block"):
        view_menu.addAction(actions[name])
    view_menu.addSeparator()
    menus["panels"] = view_menu.addMenu(translate("Actions", "&Panels"))
    menus["toolbars"] = view_menu.addMenu(translate("Actions", "&Tool Bars"))
    view_menu.addAction(actions["reset_layout"])
    menus["help"].addActions([actions["shortcuts"], actions["about"]])
    return menus


def build_toolbar(window: MainWindow, actions: dict[str, QAction]) -> QToolBar:
    bar = window.addToolBar(translate("Actions", "Edit"))
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
