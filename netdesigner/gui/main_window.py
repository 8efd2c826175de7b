"""The main window: canvas in the middle, palette, properties and problems around it.

Extension points for other parts of the GUI (training panels, exporters):
``document`` (the one ``Document``), ``scene`` and ``view`` (the canvas),
``add_dock(widget, area, title)`` (listed in View ▸ Panels), ``training_toolbar``
(empty, hidden until it has actions), ``export_menu`` (File ▸ Export, empty),
``show_message(text)`` and ``show_error(title, message)``.
"""

from __future__ import annotations

import json

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QMimeData,
    QSettings,
    Qt,
    QTimer,
)
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow, QToolBar, QWidget

from netdesigner.design.layout import auto_layout, free_position
from netdesigner.design.model import Design
from netdesigner.gui import actions as action_builder
from netdesigner.gui import dialogs
from netdesigner.gui.canvas import CanvasView, NetScene
from netdesigner.gui.canvas.node_item import HEIGHT, WIDTH
from netdesigner.gui.document import Document
from netdesigner.gui.files import FileController
from netdesigner.gui.icons import app_icon
from netdesigner.gui.language import add_language_menu
from netdesigner.gui.palette import Palette
from netdesigner.gui.problems import ProblemsPanel
from netdesigner.gui.properties import PropertiesPanel
from netdesigner.gui.recovery import Autosaver
from netdesigner.gui.screen_layout import (
    remember_default_layout,
    reset_layout,
    shrinkable,
)
from netdesigner.gui.status import StatusBar

FRAGMENT_MIME_TYPE = "application/x-netdesigner-fragment"
Area = Qt.DockWidgetArea
#: the panels' titles, translated where ``add_dock`` shows them (context "Docks");
#: the training panels (gui/training) are added under these English titles
DOCK_TITLES = (
    QT_TRANSLATE_NOOP("Docks", "Palette"),
    QT_TRANSLATE_NOOP("Docks", "Properties"),
    QT_TRANSLATE_NOOP("Docks", "Problems"),
    QT_TRANSLATE_NOOP("Docks", "Training"),
    QT_TRANSLATE_NOOP("Docks", "Data"),
    QT_TRANSLATE_NOOP("Docks", "Live views"),
)


class AutoHideToolBar(QToolBar):
    """A tool bar that shows itself once it has actions (or widgets)."""

    def actionEvent(self, event) -> None:
        super().actionEvent(event)
        self.setVisible(bool(self.actions()))


class MainWindow(QMainWindow):
    """NetDesigner's editor window for one document."""

    def __init__(self, design: Design | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        if not QCoreApplication.organizationName():
            QCoreApplication.setOrganizationName("NetDesigner")
            QCoreApplication.setApplicationName("NetDesigner")
        self.setWindowIcon(app_icon())
        self.document = Document(design or Design(name="Untitled"), self)
        self.scene = NetScene(self.document, self)
        self.view = CanvasView(self.scene)
        self.setCentralWidget(self.view)
        self.files = FileController(self)
        self.autosaver = Autosaver(self.document, parent=self)
        self.docks: dict[str, QDockWidget] = {}
        self._paste_count = 0
        self._layout_restored = False
        self.training_ui = None  # set by app.install_extensions
        self.export_actions = None
        self.actions = action_builder.build_actions(self)
        self.menus = action_builder.build_menus(self, self.actions)
        self.export_menu = self.menus["export"]
        self.view_panels_menu = self.menus["panels"]
        self.edit_toolbar = action_builder.build_toolbar(self, self.actions)
        self.training_toolbar = self._make_training_toolbar()
        self.menus["toolbars"].addAction(self.edit_toolbar.toggleViewAction())
        self.menus["toolbars"].addAction(self.training_toolbar.toggleViewAction())
        self.menus["recent"].aboutToShow.connect(self._on_recent_menu_about_to_show)
        self.menus["recent"].setToolTipsVisible(True)  # the full path of each file
        self.menus["samples"].aboutToShow.connect(self._on_samples_menu_about_to_show)
        add_language_menu(self, self.menus["view"])
        self._build_panels()
        self.status = StatusBar(self.document, self.view, self)
        self.setStatusBar(self.status)
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        self._connect()
        self._update_title()
        self.resize(1280, 800)
        self.restore_settings()

    # ----------------------------------------------------------- extension points
    def add_dock(
        self, widget: QWidget, area: Area, title: str, name: str = ""
    ) -> QDockWidget:
        """Put ``widget`` in a dock panel; it is listed in View ▸ Panels.

        ``title`` is English (the key of ``docks`` and of the saved layout); the
        panel shows its translation (context "Docks", see ``DOCK_TITLES``).
        A widget that does not scroll itself goes into a scroll area, so the
        panel can shrink on a small screen.
        """
        dock = QDockWidget(QCoreApplication.translate("Docks", title), self)
        dock.setObjectName(name or f"dock_{title.lower().replace(' ', '_')}")
        dock.setWidget(shrinkable(widget))
        self.addDockWidget(area, dock)
        problems = self.docks.get("Problems")
        if area == Area.BottomDockWidgetArea and problems is not None:
            self.tabifyDockWidget(problems, dock)  # Problems come forward on errors
            dock.raise_()
        self.view_panels_menu.addAction(dock.toggleViewAction())
        self.docks[title] = dock
        return dock

    def keep_help_menu_last(self) -> None:
        """Move Help to the end of the menu bar after others added menus."""
        bar = self.menuBar()
        bar.removeAction(self.menus["help"].menuAction())
        bar.addAction(self.menus["help"].menuAction())

    def _make_training_toolbar(self) -> QToolBar:
        bar = AutoHideToolBar(self.tr("Training"), self)
        bar.setObjectName("training_toolbar")
        bar.setMovable(False)
        self.addToolBar(bar)
        bar.setVisible(False)
        return bar

    def show_message(self, text: str, timeout_ms: int = 6000) -> None:
        self.status.showMessage(text, timeout_ms)

    def show_error(self, title: str, message: str) -> None:
        """Tell the user what went wrong (replaced by tests)."""
        dialogs.Notify.error(self, title, message)

    # ----------------------------------------------------------- construction
    def _build_panels(self) -> None:
        self.palette = Palette()
        self.properties = PropertiesPanel(self.document)
        self.problems = ProblemsPanel(self.document)
        self.add_dock(self.palette, Area.LeftDockWidgetArea, "Palette")
        self.add_dock(self.properties, Area.RightDockWidgetArea, "Properties")
        self.add_dock(self.problems, Area.BottomDockWidgetArea, "Problems")
        self.resizeDocks([self.docks["Palette"]], [250], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["Properties"]], [290], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["Problems"]], [110], Qt.Orientation.Vertical)

    def _connect(self) -> None:
        doc = self.document
        doc.modified_changed.connect(self._update_title)
        doc.file_path_changed.connect(self._update_title)
        doc.settings_changed.connect(self._update_title)
        self.scene.selectionChanged.connect(self._on_scene_selection_changed)
        self.scene.message_posted.connect(self.show_message)
        self.palette.entry_activated.connect(self._on_palette_entry_activated)
        self.problems.problem_activated.connect(self.select_and_centre)
        doc.problems_changed.connect(self._on_doc_problems_changed)

    def _update_title(self, *_args) -> None:
        doc = self.document
        name = doc.file_path.name if doc.file_path else doc.design.name
        self.setWindowTitle(self.tr("{design}[*] — NetDesigner").format(design=name))
        self.setWindowModified(doc.is_modified())

    def after_document_reset(self) -> None:
        """A new design is showing: frame it and clear stale UI state."""
        self._paste_count = 0
        self.properties.show_selection([])
        self.view.show_design()
        self._update_title()

    def _on_doc_problems_changed(self) -> None:
        # after the whole gesture: a data edit may pass through an error that its
        # next step (the Input's new shape) clears
        QTimer.singleShot(0, self._raise_problems_for_new_errors)

    def _raise_problems_for_new_errors(self) -> None:
        """Problems come forward when a new error appears (not at every edit of a
        design that already had errors), unless training runs in the live views."""
        errors = {
            (p.code, p.node_id) for p in self.document.problems if p.severity == "error"
        }
        new = errors - getattr(self, "_errors_seen", set())
        self._errors_seen = errors
        training = getattr(self, "training_ui", None)
        busy = training is not None and training.controller.is_running
        if new and not busy:
            self.docks["Problems"].raise_()

    # ----------------------------------------------------------- selection
    def _on_scene_selection_changed(self) -> None:
        ids = self.scene.selected_node_ids()
        if not ids:
            ids = sorted({n.node_id for n in self.scene.selected_neurons()})
        self.properties.show_selection(ids)

    def select_and_centre(self, node_id: str) -> None:
        if node_id in self.scene.node_items:
            self.scene.select_nodes([node_id])
            self.view.centre_on_node(node_id)

    def _on_recent_menu_about_to_show(self) -> None:
        self.files.fill_recent_menu(self.menus["recent"])

    def _on_samples_menu_about_to_show(self) -> None:
        self.files.fill_samples_menu(self.menus["samples"])

    def _on_palette_entry_activated(self, type_name: str) -> None:
        centre = self.view.mapToScene(self.view.viewport().rect().center())
        self.scene.drop_entry(type_name, centre)

    # ----------------------------------------------------------- edit menu
    def delete_selection(self) -> None:
        self.scene.delete_selection()

    def select_all(self) -> None:
        for item in self.scene.node_items.values():
            item.setSelected(True)

    def copy(self) -> bool:
        ids = self.scene.selected_node_ids()
        if not ids:
            return False
        mime = QMimeData()
        text = json.dumps(self.document.fragment(ids), indent=1)
        mime.setData(FRAGMENT_MIME_TYPE, text.encode("utf-8"))
        mime.setText(text)
        QGuiApplication.clipboard().setMimeData(mime)
        self._paste_count = 0
        return True

    def cut(self) -> None:
        ids = self.scene.selected_node_ids()
        if ids and self.copy():
            what = (
                self.tr("Cut 1 layer")
                if len(ids) == 1
                else self.tr("Cut {count} layers")
            )
            with self.document.macro(what.format(count=len(ids))):
                self.document.delete(ids)

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not mime.hasFormat(FRAGMENT_MIME_TYPE):
            self.show_message(self.tr("Nothing to paste: copy some layers first."))
            return
        try:
            fragment = json.loads(bytes(mime.data(FRAGMENT_MIME_TYPE)).decode("utf-8"))
            self._paste_count += 1
            offset = self._free_paste_offset(fragment, 40.0 * self._paste_count)
            new_ids = self.document.paste(fragment, offset)
        except (ValueError, KeyError, TypeError):
            self.show_message(
                self.tr("The clipboard does not hold NetDesigner layers.")
            )
            return
        self.scene.select_nodes(new_ids)

    def _free_paste_offset(self, fragment: dict, step: float) -> tuple[float, float]:
        """How far to move a pasted fragment so its cards cover none shown."""
        points = [n["position"] for n in fragment["nodes"]]
        left = min(float(p[0]) for p in points)
        top = min(float(p[1]) for p in points)
        width = max(float(p[0]) for p in points) - left + WIDTH
        height = max(float(p[1]) for p in points) - top + HEIGHT
        spot = free_position(
            (left + step, top + step), (width, height), self.scene.occupied()
        )
        return spot[0] - left, spot[1] - top

    def auto_layout(self) -> None:
        """Arrange the layers left to right or top to bottom, whichever shows the
        design larger in this view, folding long chains to the view's size."""
        doc = self.document
        sizes = self.scene.node_sizes()
        neurons = any(doc.is_expanded(n.id) for n in doc.design.nodes)
        direction, positions = auto_layout(
            doc.design, sizes, self.view.legible_area(), neurons=neurons
        )
        doc.auto_layout(positions, direction)
        self.view.show_design()

    def toggle_compact(self) -> None:
        """Compact cards for the selected (or all) layers, or full cards again."""
        doc = self.document
        ids = self.scene.selected_node_ids() or [n.id for n in doc.design.nodes]
        doc.set_collapsed(ids, not set(ids) <= doc.collapsed_ids())

    def ask_block_name(self, default: str) -> str | None:
        """The name for a new block, or None when cancelled (replaced by tests)."""
        from PySide6.QtWidgets import QInputDialog

        name, ok = QInputDialog.getText(
            self, self.tr("Fold into block"), self.tr("Name:"), text=default
        )
        return name if ok else None

    def fold_block(self) -> None:
        ids = self.scene.selected_node_ids()
        taken = {b["name"] for b in self.document.blocks()}
        default = next(
            f"block {i}" for i in range(1, len(taken) + 2) if f"block {i}" not in taken
        )
        if len(ids) < 2:
            self.show_message(
                self.tr("Select two or more layers to fold into a block.")
            )
            return
        name = self.ask_block_name(default)
        if name is not None:
            refusal = self.document.fold_block(ids, name)
            if refusal:
                self.show_message(refusal)

    def unfold_blocks(self) -> None:
        names = self.scene.selected_blocks() or [
            b["name"] for b in self.document.blocks()
        ]
        what = self.tr("Unfold {count} blocks").format(count=len(names))
        with self.document.macro(what):
            for name in names:
                self.document.unfold_block(name)

    def reset_window_layout(self) -> None:
        """Panels back where the first start put them (View ▸ Reset Layout)."""
        reset_layout(self)

    def toggle_neurons(self) -> None:
        """Show the selected (or all) small Dense layers as neurons, or hide them."""
        doc = self.document
        ids = self.scene.selected_node_ids() or [n.id for n in doc.design.nodes]
        ids = [i for i in ids if doc.can_expand(i)]
        expand = not all(doc.is_expanded(i) for i in ids)
        for node_id in ids:
            doc.set_expanded(node_id, expand)

    # ----------------------------------------------------------- help
    def show_shortcuts(self) -> None:
        from netdesigner.gui.help import ShortcutsDialog

        dialog = ShortcutsDialog(self, list(self.actions.values()))
        dialog.show()

    def show_about(self) -> None:
        from netdesigner.gui.help import show_about

        show_about(self)

    # ----------------------------------------------------------- files and closing
    def dragEnterEvent(self, event) -> None:
        if _json_urls(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:
        paths = _json_urls(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.files.open_path(paths[0])

    def restore_settings(self) -> None:
        """Window size and place; the dock layout follows at the first show."""
        geometry = QSettings().value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def showEvent(self, event) -> None:
        # Docks added after construction (training panels) exist by now, so the saved
        # layout can place them; restoring earlier leaves stray tab bars behind.
        if not self._layout_restored:
            self._layout_restored = True
            remember_default_layout(self)  # for View ▸ Reset Layout
            state = QSettings().value("window/state")
            if state is not None:
                self.restoreState(state)
        super().showEvent(event)

    def save_settings(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.maybe_save():
            event.ignore()
            return
        self.save_settings()
        self.autosaver.shutdown()
        _release_clipboard()
        event.accept()


def _release_clipboard() -> None:
    """Drop layers we put on the clipboard: PySide6 crashes at exit if they remain."""
    clipboard = QGuiApplication.clipboard()
    mime = clipboard.mimeData()
    if mime is not None and mime.hasFormat(FRAGMENT_MIME_TYPE):
        clipboard.clear()


def _json_urls(mime) -> list[str]:
    if not mime.hasUrls():
        return []
    return [
        u.toLocalFile()
        for u in mime.urls()
        if u.toLocalFile().lower().endswith(".json")
    ]
