"""The palette: node types grouped by lesson, with icons, formulas and a search box.

Entries are dragged onto the canvas (MIME type ``NODE_MIME_TYPE`` with a JSON
payload ``{"type": ...}``) or double-clicked to add them in the middle of the view.
"""

from __future__ import annotations

import html
import json

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QMimeData,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netdesigner import i18n
from netdesigner.design import catalog
from netdesigner.gui.canvas.view import NODE_MIME_TYPE
from netdesigner.gui.icons import node_icon
from netdesigner.gui.layer_names import layer_name

#: palette groups in lesson order
LESSONS: dict[str, tuple[str, ...]] = {
    QT_TRANSLATE_NOOP("Palette", "Basics"): ("Input", "Dense", "Neuron", "Activation"),
    QT_TRANSLATE_NOOP("Palette", "Convolution"): (
        "Conv2D",
        "MaxPooling2D",
        "AveragePooling2D",
        "GlobalAveragePooling2D",
        "Flatten",
    ),
    QT_TRANSLATE_NOOP("Palette", "Regularisation"): ("Dropout", "BatchNormalization"),
    QT_TRANSLATE_NOOP("Palette", "Merge"): ("Add", "Concatenate"),
}
NEURON_SUMMARY = QT_TRANSLATE_NOOP(
    "Palette",
    "One neuron: drop it on a Dense layer to add a unit, or on empty canvas "
    "for a layer of one neuron.",
)
NEURON_FORMULA = QT_TRANSLATE_NOOP(
    "Palette", "y = f(w₁x₁ + w₂x₂ + … + b): a weighted sum, a bias, an activation."
)
#: an entry longer than this (in Latin characters; a Chinese one counts twice)
#: breaks after the tf.keras name
MAX_ENTRY_WIDTH = 30
TYPE_ROLE = Qt.ItemDataRole.UserRole
#: an entry's (or group's) place in lesson order, restored when the search clears
ORDER_ROLE = Qt.ItemDataRole.UserRole + 1


def _entry_label(type_name: str) -> str:
    """The entry's text; a long one puts the course's name on a second line, so
    nothing is cut off in a narrow palette (GlobalAveragePooling2D, 全局平均池化层)."""
    name = layer_name(type_name)
    width = sum(2 if ord(c) > 0x2E7F else 1 for c in name)
    return name.replace(" ", "\n", 1) if width > MAX_ENTRY_WIDTH else name


def _search_rank(type_name: str, needle: str) -> int:
    """0: the name starts with ``needle`` (or no search), 1: the name contains it,
    2: only the summary or formula does, 3: no match."""
    name = layer_name(type_name).lower()
    if not needle or name.startswith(needle):
        return 0
    if needle in name:
        return 1
    return 2 if needle in " ".join(entry_text(type_name)).lower() else 3


def entry_text(type_name: str) -> tuple[str, str]:
    """(one-sentence summary, formula) of a palette entry."""
    if type_name == "Neuron":
        return (
            QCoreApplication.translate("Palette", NEURON_SUMMARY),
            QCoreApplication.translate("Palette", NEURON_FORMULA),
        )
    spec = catalog.layer_spec(type_name)
    return i18n._(spec.summary), i18n._(spec.formula)


class PaletteTree(QTreeWidget):
    """The tree of entries; its drags carry the node type."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setIndentation(8)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformRowHeights(False)  # a long entry takes two lines
        self.setIconSize(QSize(22, 22))
        for order, (lesson, types) in enumerate(LESSONS.items()):
            group = QTreeWidgetItem(
                self, [QCoreApplication.translate("Palette", lesson)]
            )
            group.setData(0, ORDER_ROLE, order)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            for type_name in types:
                self._add_entry(group, type_name)
        self.expandAll()

    def _add_entry(self, group: QTreeWidgetItem, type_name: str) -> None:
        summary, formula = entry_text(type_name)
        item = QTreeWidgetItem(group, [_entry_label(type_name)])
        item.setData(0, ORDER_ROLE, group.childCount() - 1)
        item.setIcon(0, node_icon(type_name))
        item.setData(0, TYPE_ROLE, type_name)
        item.setToolTip(
            0,
            f"<b>{type_name}</b><br>{html.escape(summary)}<br><i>{html.escape(formula)}</i>",
        )
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
        )

    def entries(self) -> list[QTreeWidgetItem]:
        return [
            self.topLevelItem(g).child(i)
            for g in range(self.topLevelItemCount())
            for i in range(self.topLevelItem(g).childCount())
        ]

    def entry(self, type_name: str) -> QTreeWidgetItem:
        return next(i for i in self.entries() if i.data(0, TYPE_ROLE) == type_name)

    def mimeTypes(self) -> list[str]:
        return [NODE_MIME_TYPE]

    def mimeData(self, items) -> QMimeData:
        mime = QMimeData()
        kinds = [i.data(0, TYPE_ROLE) for i in items if i.data(0, TYPE_ROLE)]
        if kinds:
            payload = json.dumps({"type": kinds[0]}).encode("utf-8")
            mime.setData(NODE_MIME_TYPE, payload)
            mime.setText(kinds[0])
        return mime

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction


class Palette(QWidget):
    """Search box and entry tree. ``entry_activated(type)`` on double-click or Enter."""

    entry_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search layers…"))
        self.search.setClearButtonEnabled(True)
        self.tree = PaletteTree()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.search)
        layout.addWidget(self.tree)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.tree.itemActivated.connect(self._on_tree_item_activated)

    def _on_search_text_changed(self, text: str) -> None:
        """Show entries whose name, summary or formula contain the text; entries
        whose name matches come first (and the best is current, so Enter adds it)."""
        needle = text.strip().lower()
        tree = self.tree
        groups = [tree.takeTopLevelItem(0) for _ in range(tree.topLevelItemCount())]
        ranked, ranks = [], {}
        for group in groups:
            children = group.takeChildren()
            ranks.update(
                {id(c): _search_rank(c.data(0, TYPE_ROLE), needle) for c in children}
            )
            children.sort(key=lambda c: (ranks[id(c)], c.data(0, ORDER_ROLE)))
            group.addChildren(children)
            best = min((ranks[id(c)] for c in children), default=3)
            ranked.append((best, group.data(0, ORDER_ROLE), group))
        ranked.sort(key=lambda r: r[:2])
        for best, _order, group in ranked:  # hiding needs the items in the tree
            tree.addTopLevelItem(group)
            group.setExpanded(True)
            group.setHidden(best > 2)
            for i in range(group.childCount()):
                group.child(i).setHidden(ranks[id(group.child(i))] > 2)
        first = ranked[0][2] if ranked and needle and ranked[0][0] < 2 else None
        if first is not None:
            tree.setCurrentItem(first.child(0))

    def _on_tree_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        kind = item.data(0, TYPE_ROLE)
        if kind:
            self.entry_activated.emit(kind)
