"""The Properties panel: typed editors for the selected node, or the design's info.

Editors are generated from the catalog's ``ParamSpec`` list; every change is one
undoable edit through the document. Each field has a help line under it.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from netdesigner import i18n
from netdesigner.design import catalog
from netdesigner.gui.canvas import style
from netdesigner.gui.design_info import DesignInfo
from netdesigner.gui.document import Document
from netdesigner.gui.editors import ParamEditor, make_editor
from netdesigner.gui.layer_names import layer_name

#: a layer with this many parameters gets a warning in the inspector
MANY_PARAMS = 1_000_000


def _help(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setProperty("role", "help")
    font = label.font()
    font.setPointSizeF(max(font.pointSizeF() - 1.0, 7.0))
    label.setFont(font)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


def _field(editor: QWidget, help_text: str) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 4)
    layout.setSpacing(1)
    layout.addWidget(editor)
    layout.addWidget(_help(help_text))
    return box


class NodeProperties(QWidget):
    """Editors for one node; rebuilt when another node is selected."""

    def __init__(self, doc: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.node_id: str | None = None
        self.editors: dict[str, ParamEditor] = {}
        self.label_edit: QLineEdit | None = None
        self.trainable: QCheckBox | None = None
        self.title = QLabel()
        self.summary = _help("")
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setContentsMargins(0, 2, 0, 6)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(
            QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow
        )
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.form.setVerticalSpacing(2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.info)
        layout.addLayout(self.form)
        layout.addStretch(1)

    def show_node(self, node_id: str) -> None:
        """Build the editors for ``node_id``."""
        self.node_id = node_id
        node = self.doc.node(node_id)
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors, self.trainable = {}, None
        self.label_edit = QLineEdit()
        self.label_edit.setPlaceholderText(node.id)
        self.label_edit.setProperty("node_id", node_id)
        self.label_edit.editingFinished.connect(self._on_label_editing_finished)
        self.form.addRow(
            self.tr("Label"),
            _field(self.label_edit, self.tr("name shown on the canvas")),
        )
        try:
            spec = catalog.layer_spec(node.type)
        except KeyError:
            spec = None
        for param in spec.params if spec else ():
            editor = make_editor(param)
            editor.committed.connect(self._make_commit(node_id, param.name))
            self.editors[param.name] = editor
            self.form.addRow(param.name, _field(editor, i18n._(param.help)))
        if node.type not in ("Input", "Flatten", "Add", "Concatenate", "Activation"):
            self.trainable = QCheckBox(self.tr("update its weights in training"))
            self.trainable.clicked.connect(self._on_trainable_clicked)
            self.form.addRow(
                "trainable",
                _field(self.trainable, self.tr("off = frozen (transfer learning)")),
            )
        self.refresh()

    def _make_commit(self, node_id: str, name: str):
        """A slot bound to one node: a late signal never edits another node."""

        def commit(value: Any) -> None:
            self._commit(node_id, name, value)

        return commit

    def _commit(self, node_id: str, name: str, value: Any) -> None:
        if not self.doc.design.has_node(node_id):
            return
        node = self.doc.node(node_id)
        spec = catalog.layer_spec(node.type).param(name)
        effective = node.params.get(name, spec.default)
        if value != effective or (name not in node.params and spec.required):
            self.doc.set_param(node_id, name, value)

    def _on_label_editing_finished(self) -> None:
        edit = self.sender()
        node_id = edit.property("node_id") if edit is not None else None
        if node_id and self.doc.design.has_node(node_id):
            self.doc.set_param(node_id, "label", edit.text().strip() or None)

    def _on_trainable_clicked(self, checked: bool) -> None:
        if self.node_id is not None:
            self.doc.set_param(self.node_id, "trainable", bool(checked))

    def refresh(self) -> None:
        """Show the node's current values and computed shape information."""
        if self.node_id is None or not self.doc.design.has_node(self.node_id):
            return
        node = self.doc.node(self.node_id)
        spec = catalog.CATALOG.get(node.type)
        color = style.family_color(node.type).name()
        self.title.setText(
            f"<span style='font-size:12pt; font-weight:600; color:{color}'>"
            f"{html.escape(layer_name(node.type))}</span>&nbsp; "
            f"<b>{html.escape(node.id)}</b>"
        )
        self.summary.setText(i18n._(spec.summary) if spec else "")
        self.label_edit.setText(node.label or "")
        if self.trainable is not None:
            self.trainable.setChecked(node.trainable)
        for name, editor in self.editors.items():
            editor.set_value(node.params.get(name, spec.param(name).default))
        self.info.setText(self._info_html(node))

    def _info_html(self, node) -> str:
        shape = self.doc.shapes.get(node.id)
        rows = []
        if getattr(shape, "shape", None) is not None:
            rows.append(
                self.tr("Output: <b>{shape}</b> per example").format(
                    shape=style.format_shape(shape.shape)
                )
            )
        n_params = int(getattr(shape, "n_params", 0) or 0)
        rows.append(
            self.tr("Parameters: <b>{count}</b>").format(
                count=style.format_count(n_params)
            )
        )
        if getattr(shape, "arithmetic", None):
            rows.append(f"<i>{html.escape(shape.arithmetic)}</i>")
        problems = self.doc.problems_of(node.id)
        if n_params >= MANY_PARAMS and all(p.code != "large_layer" for p in problems):
            warning = self.tr(
                "⚠ {count} parameters: millions of weights train slowly; fewer units "
                "or filters, or pooling before this layer, make it smaller"
            ).format(count=f"{n_params:,}")
            rows.append(f"<span style='color:{style.WARNING.name()}'>{warning}</span>")
        for problem in problems:
            color = style.ERROR if problem.severity == "error" else style.WARNING
            rows.append(
                f"<span style='color:{color.name()}'>"
                f"{html.escape(problem.message)}</span>"
            )
        return "<br>".join(rows)


class PropertiesPanel(QScrollArea):
    """Shows ``NodeProperties`` for one selected node, else ``DesignInfo``."""

    def __init__(self, doc: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.node_page = NodeProperties(doc)
        self.design_page = DesignInfo(doc)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.design_page)
        self.stack.addWidget(self.node_page)
        self.setWidget(self.stack)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(250)
        doc.node_changed.connect(self._on_doc_changed)
        doc.analysis_changed.connect(self._on_doc_changed)
        doc.design_reset.connect(self._on_doc_design_reset)
        doc.node_removed.connect(self._on_doc_node_removed)

    @property
    def node_id(self) -> str | None:
        return self.node_page.node_id if self.stack.currentIndex() == 1 else None

    def show_selection(self, node_ids: list[str]) -> None:
        if len(node_ids) == 1 and self.doc.design.has_node(node_ids[0]):
            self.node_page.show_node(node_ids[0])
            self.stack.setCurrentIndex(1)
        else:
            self.node_page.node_id = None
            self.design_page.refresh()
            self.stack.setCurrentIndex(0)

    def _on_doc_changed(self, *_args) -> None:
        if self.node_id is not None:
            self.node_page.refresh()
        else:
            self.design_page.refresh()

    def _on_doc_design_reset(self) -> None:
        node_id = self.node_id
        self.show_selection([node_id] if node_id else [])

    def _on_doc_node_removed(self, node_id: str) -> None:
        if node_id == self.node_id:
            self.show_selection([])
