"""The Problems panel: the design's validation problems, live, with Fix buttons."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netdesigner.gui.canvas import style
from netdesigner.gui.document import Document

PROBLEM_ROLE = Qt.ItemDataRole.UserRole


def severity_icon(color: QColor, mark: str) -> QIcon:
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawEllipse(2, 2, 28, 28)
    painter.setPen(QColor("white"))
    font = style.font(15, bold=True)
    painter.setFont(font)
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, mark)
    painter.end()
    return QIcon(pixmap)


class ProblemsPanel(QWidget):
    """A row per problem: where, what and (if known) a Fix button.

    ``problem_activated(node_id)`` when a row is clicked (node_id may be "").
    """

    problem_activated = Signal(str)

    def __init__(self, doc: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("Layer"), self.tr("Problem"), ""])
        self.tree.setRootIsDecorated(False)
        self.tree.setWordWrap(True)
        self.tree.setIconSize(QSize(16, 16))
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        self.icons = {
            "error": severity_icon(style.ERROR, "!"),
            "warning": severity_icon(style.WARNING, "!"),
            "ok": severity_icon(style.OK, "✓"),
        }
        self.fix_buttons: list[QPushButton] = []
        self.tree.itemClicked.connect(self._on_tree_item_clicked)
        doc.problems_changed.connect(self.refresh)
        doc.design_reset.connect(self.refresh)
        self.refresh()

    def sizeHint(self) -> QSize:
        return QSize(600, 96)

    def refresh(self) -> None:
        self.tree.clear()
        self.fix_buttons = []
        problems = sorted(self.doc.problems, key=lambda p: p.severity != "error")
        if not problems:
            item = QTreeWidgetItem(
                self.tree, ["", self.tr("No problems: the design is ready to train.")]
            )
            item.setIcon(0, self.icons["ok"])
            return
        for problem in problems:
            self._add_row(problem)

    def _add_row(self, problem) -> None:
        item = QTreeWidgetItem(
            self.tree, [problem.node_id or self.tr("design"), problem.message]
        )
        item.setIcon(0, self.icons.get(problem.severity, self.icons["warning"]))
        item.setToolTip(1, problem.message)
        item.setData(0, PROBLEM_ROLE, problem)
        if problem.fix is not None:
            button = QPushButton(self.tr("Fix"))
            button.setToolTip(problem.fix.description)
            button.clicked.connect(lambda _checked=False, p=problem: self.apply_fix(p))
            self.tree.setItemWidget(item, 2, button)
            self.fix_buttons.append(button)

    def rows(self) -> list[QTreeWidgetItem]:
        return [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]

    def apply_fix(self, problem) -> None:
        """Apply a problem's fix as one undoable edit."""
        self.doc.apply_fix(problem)

    def _on_tree_item_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        problem = item.data(0, PROBLEM_ROLE)
        if problem is not None:
            self.problem_activated.emit(problem.node_id or "")
