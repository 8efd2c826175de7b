"""The canvas scene: items for nodes, wires and neurons that follow the Document.

The scene never changes the design itself: gestures (wiring, moving, deleting,
dropping, editing a weight) become calls of the document's edit methods, and the
document's signals update the items.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, Signal
from PySide6.QtWidgets import QGraphicsScene

from netdesigner.design.layout import free_position
from netdesigner.gui.canvas import style
from netdesigner.gui.canvas.block_item import BlockItem
from netdesigner.gui.canvas.edge_item import EdgeItem
from netdesigner.gui.canvas.neuron_items import NeuronItem
from netdesigner.gui.canvas.neuron_level import NeuronLevel
from netdesigner.gui.canvas.node_item import (
    EXPANDED_WIDTH,
    HEIGHT,
    NEURON_TOP,
    WIDTH,
    NodeItem,
)
from netdesigner.gui.canvas.port_item import PortItem
from netdesigner.gui.canvas.wiring import WireDrag
from netdesigner.gui.dialogs import ValueDialog
from netdesigner.gui.document import Document
from netdesigner.gui.undo import weight_name

translate = QCoreApplication.translate
NEURON_ENTRY = "Neuron"


class NetScene(QGraphicsScene):
    """Items for one document. ``message_posted`` carries hints for the status bar."""

    message_posted = Signal(str)

    def __init__(self, doc: Document, parent=None):
        super().__init__(parent)
        self.doc = doc
        self.node_items: dict[str, NodeItem] = {}
        self.edge_items: dict[tuple[str, str], EdgeItem] = {}
        self.block_items: dict[str, BlockItem] = {}
        self._retired: list[BlockItem] = []  # removed inside their own event
        self.neuron_level = NeuronLevel(self)
        self.wire_drag: WireDrag | None = None
        self._press_positions: dict[str, QPointF] = {}
        self.setSceneRect(QRectF(-2000, -2000, 4000, 4000))
        doc.node_added.connect(self._on_doc_node_added)
        doc.node_removed.connect(self._on_doc_node_removed)
        doc.node_changed.connect(self._on_doc_node_changed)
        doc.node_moved.connect(self._on_doc_node_moved)
        doc.edge_added.connect(self._on_doc_edge_added)
        doc.edge_removed.connect(self._on_doc_edge_removed)
        doc.design_reset.connect(self.rebuild)
        doc.analysis_changed.connect(self._on_doc_analysis_changed)
        doc.expansion_changed.connect(self._on_doc_expansion_changed)
        doc.weights_changed.connect(self.neuron_level.rebuild)
        doc.settings_changed.connect(self._on_doc_settings_changed)
        self.rebuild()

    # ----------------------------------------------------------- building
    def rebuild(self) -> None:
        """Drop every item and build the design again (after a reset or a fix)."""
        selected = self.selected_node_ids()
        self.neuron_level.clear()
        for item in [*self.edge_items.values(), *self.node_items.values()]:
            self.removeItem(item)
        self.node_items, self.edge_items = {}, {}
        for node in self.doc.design.nodes:
            self._on_doc_node_added(node.id)
        for edge in self.doc.design.edges:
            self._on_doc_edge_added(edge.source, edge.target)
        self._on_doc_analysis_changed()
        self.select_nodes([i for i in selected if i in self.node_items])
        self._grow_scene_rect()

    def _sync_blocks(self) -> None:
        """One card per folded block; its layers hidden, its wires re-anchored."""
        wanted = [
            (b["name"], [i for i in b["nodes"] if i in self.node_items])
            for b in self.doc.blocks()
        ]
        wanted = [(name, members) for name, members in wanted if members]
        current = [(n, item.node_ids) for n, item in self.block_items.items()]
        if wanted == current:  # same blocks: keep the items (and the selection)
            for item in self.block_items.values():
                item.refresh()
            return
        self._retired = list(self.block_items.values())
        for item in self._retired:
            self.removeItem(item)
        self.block_items = {}
        folded: set[str] = set()
        for block in self.doc.blocks():
            members = [i for i in block["nodes"] if i in self.node_items]
            if members:
                item = BlockItem(self.doc, block["name"], members)
                self.addItem(item)
                self.block_items[block["name"]] = item
                folded.update(members)
        for node_id, item in self.node_items.items():
            item.setVisible(node_id not in folded)
        for edge in self.edge_items.values():
            self._place_edge(edge)

    def endpoint_item(self, node_id: str):
        """What shows ``node_id`` on the canvas: its card, or its folded block's."""
        block = self.doc.block_of(node_id)
        if block is not None and block["name"] in self.block_items:
            return self.block_items[block["name"]]
        return self.node_items.get(node_id)

    def _grow_scene_rect(self) -> None:
        bounds = self.itemsBoundingRect().adjusted(-1500, -1500, 1500, 1500)
        self.setSceneRect(self.sceneRect().united(bounds))

    def _on_doc_node_added(self, node_id: str) -> None:
        item = NodeItem(self.doc, node_id)
        self.addItem(item)
        self.node_items[node_id] = item
        if self.doc.block_of(node_id) is not None:
            self._sync_blocks()

    def _on_doc_node_removed(self, node_id: str) -> None:
        item = self.node_items.pop(node_id, None)
        if item is not None:
            self.removeItem(item)
        if self.doc.block_of(node_id) is not None:
            self._sync_blocks()

    def _on_doc_node_changed(self, node_id: str) -> None:
        if node_id in self.node_items:
            self.node_items[node_id].refresh()
            self._update_edges_of(node_id)

    def _on_doc_node_moved(self, node_id: str) -> None:
        item = self.node_items.get(node_id)
        position = QPointF(*self.doc.node(node_id).position)
        if item is not None and item.pos() != position:
            item.setPos(position)
        block = self.doc.block_of(node_id)
        if block is not None and block["name"] in self.block_items:
            self.block_items[block["name"]].refresh()
            for edge in self.edge_items.values():
                self._place_edge(edge)
        self._grow_scene_rect()

    def _on_doc_edge_added(self, source: str, target: str) -> None:
        item = EdgeItem(source, target)
        self.addItem(item)
        self.edge_items[(source, target)] = item
        self._place_edge(item)

    def _on_doc_edge_removed(self, source: str, target: str) -> None:
        item = self.edge_items.pop((source, target), None)
        if item is not None:
            self.removeItem(item)

    def _on_doc_analysis_changed(self) -> None:
        for item in self.node_items.values():
            item.refresh()
        self._sync_blocks()
        for item in self.edge_items.values():
            self._place_edge(item)
            self._label_edge(item)
        self.neuron_level.rebuild()

    def _on_doc_expansion_changed(self, node_id: str) -> None:
        self._on_doc_node_changed(node_id)
        self.neuron_level.rebuild()

    def _on_doc_settings_changed(self, section: str) -> None:
        if section == "dataset":
            self.neuron_level.rebuild()
        elif section == "view":  # direction, compact cards, blocks
            for node_id in self.node_items:
                self._on_doc_node_changed(node_id)
            self._sync_blocks()
            self.neuron_level.rebuild()

    # ----------------------------------------------------------- edges
    def _place_edge(self, item: EdgeItem) -> None:
        source = self.endpoint_item(item.source)
        target = self.endpoint_item(item.target)
        item.setVisible(source is not target)  # a wire inside a folded block
        if source is not None and target is not None and source is not target:
            item.set_ends(
                source.output_anchor(), target.input_anchor(), source.vertical_ports()
            )

    def _label_edge(self, item: EdgeItem) -> None:
        info = self.doc.shapes.get(item.source)
        shape = getattr(info, "shape", None)
        label = style.format_shape(shape) if shape is not None else ""
        size = 1
        for dim in shape or ():
            size *= int(dim or 1)
        if shape is None:
            carries = translate(
                "Canvas", "Shape unknown: fix the problems upstream first."
            )
        else:
            carries = translate(
                "Canvas", "Each example carries a {shape} tensor ({count} numbers)."
            ).format(shape=label, count=style.format_count(size))
        tip = translate(
            "Canvas",
            "<b>{source} → {target}</b><br>{carries}<br>"
            "<small>Select it and press Delete to disconnect.</small>",
        ).format(source=item.source, target=item.target, carries=carries)
        item.set_label(label, tip)

    def _update_edges_of(self, node_id: str) -> None:
        for (source, target), item in self.edge_items.items():
            if node_id in (source, target):
                self._place_edge(item)

    def node_item_moved(self, item: NodeItem) -> None:
        """Called by a node while it is dragged: wires and weight lines follow."""
        self._update_edges_of(item.node_id)
        self.neuron_level.update_node(item.node_id)

    # ----------------------------------------------------------- queries
    def selected_node_ids(self) -> list[str]:
        """Selected layers, with every layer of a selected block."""
        ids = []
        for item in self.selectedItems():
            if isinstance(item, NodeItem):
                ids.append(item.node_id)
            elif isinstance(item, BlockItem):
                ids.extend(item.node_ids)
        return ids

    def selected_blocks(self) -> list[str]:
        return [i.name for i in self.selectedItems() if isinstance(i, BlockItem)]

    def selected_neurons(self) -> list[NeuronItem]:
        return [i for i in self.selectedItems() if isinstance(i, NeuronItem)]

    def select_nodes(self, node_ids: list[str]) -> None:
        self.clearSelection()
        for node_id in node_ids:
            if node_id in self.node_items:
                self.node_items[node_id].setSelected(True)

    def neuron_item(self, node_id: str, index: int) -> NeuronItem:
        return self.node_items[node_id].neurons[index]

    def node_id_at(self, scene_pos: QPointF, exclude: str | None = None) -> str | None:
        """The layer under ``scene_pos`` (its card, port or a neuron), if any."""
        for item in self.items(scene_pos):
            while item is not None and not isinstance(item, NodeItem):
                item = item.parentItem()
            if item is not None and item.node_id != exclude:
                return item.node_id
        return None

    def occupied(self, exclude: set[str] = frozenset()) -> list[tuple[float, ...]]:
        """(x, y, width, height) of every card shown (layers and blocks)."""
        boxes = [
            (item.pos().x(), item.pos().y(), *item.size())
            for node_id, item in self.node_items.items()
            if item.isVisible() and node_id not in exclude
        ]
        boxes += [
            (b.pos().x(), b.pos().y(), *b.size()) for b in self.block_items.values()
        ]
        return boxes

    def free_spot(
        self, wanted: tuple[float, float], size: tuple[float, float]
    ) -> tuple[float, float]:
        """The top-left nearest ``wanted`` where a card of ``size`` covers none."""
        return free_position(wanted, size, self.occupied())

    def node_sizes(self) -> dict[str, tuple[float, float]]:
        return {node_id: item.size() for node_id, item in self.node_items.items()}

    # ----------------------------------------------------------- edits
    def drop_entry(self, type_name: str, scene_pos: QPointF) -> str | None:
        """A palette entry dropped at ``scene_pos``; the id of the node it made."""
        if type_name == NEURON_ENTRY:
            node_id = self.node_id_at(scene_pos)
            if node_id is not None and self.doc.node(node_id).type == "Dense":
                self.doc.add_neuron(node_id)
                self.doc.set_expanded(node_id, True)
                return node_id
            wanted = (
                scene_pos.x() - EXPANDED_WIDTH / 2,
                scene_pos.y() - NEURON_TOP - 15,
            )
            size = (EXPANDED_WIDTH, NEURON_TOP + 30 + 40)
            node_id = self.doc.add_neuron_layer(self.free_spot(wanted, size))
        else:
            wanted = (scene_pos.x() - WIDTH / 2, scene_pos.y() - HEIGHT / 2)
            node_id = self.doc.add_node(
                type_name, self.free_spot(wanted, (WIDTH, HEIGHT))
            )
        self.select_nodes([node_id])
        return node_id

    def delete_selection(self) -> None:
        """Delete the selected layers and wires, or remove the selected neurons."""
        neurons = [n for n in self.selected_neurons() if n.is_unit]
        if neurons:
            self._remove_neurons(neurons)
            return
        edges = [
            self.doc_edge(i) for i in self.selectedItems() if isinstance(i, EdgeItem)
        ]
        self.doc.delete(self.selected_node_ids(), edges)

    def doc_edge(self, item: EdgeItem):
        return next(
            e for e in self.doc.design.edges if (e.source, e.target) == item.key
        )

    def _remove_neurons(self, neurons: list[NeuronItem]) -> None:
        targets = sorted({(n.node_id, n.index) for n in neurons}, key=lambda t: -t[1])
        if len(targets) == 1:
            self._remove_neuron(*targets[0])
            return
        with self.doc.macro(
            translate("Canvas", "Remove {count} neurons").format(count=len(targets))
        ):
            for node_id, index in targets:
                self._remove_neuron(node_id, index)

    def _remove_neuron(self, node_id: str, index: int) -> None:
        refusal = self.doc.remove_neuron(node_id, index)
        if refusal:
            self.message_posted.emit(refusal)

    def edit_weight(self, key: str, row: int, column: int) -> None:
        """Ask for a new value of ``key[row, column]`` and set it (one undo step)."""
        node_id = key.split("/", 1)[0]
        try:
            kernel, _bias, _trained = self.doc.layer_weights(node_id)
        except KeyError:
            self.message_posted.emit(
                translate(
                    "Canvas", "This weight is not known until the design is valid."
                )
            )
            return
        name = weight_name(self.doc, key, (row, column))
        title = name[0].upper() + name[1:]
        value = ValueDialog.ask(
            self._dialog_parent(),
            title,
            translate("Canvas", "Weight:"),
            float(kernel[row, column]),
        )
        if value is not None:
            self._post(self.doc.set_weight(key, (row, column), value))

    def edit_bias(self, node_id: str, index: int) -> None:
        try:
            _kernel, bias, _trained = self.doc.layer_weights(node_id)
        except KeyError:
            bias = None
        if bias is None:
            self.message_posted.emit(
                translate("Canvas", "'{node}' has no bias to edit.").format(
                    node=node_id
                )
            )
            return
        name = weight_name(self.doc, f"{node_id}/bias", (index,))
        title = name[0].upper() + name[1:]
        value = ValueDialog.ask(
            self._dialog_parent(),
            title,
            translate("Canvas", "Bias:"),
            float(bias[index]),
        )
        if value is not None:
            self._post(self.doc.set_weight(f"{node_id}/bias", (index,), value))

    def _post(self, message: str | None) -> None:
        if message:
            self.message_posted.emit(message)

    def _dialog_parent(self):
        views = self.views()
        return views[0].window() if views else None

    # ----------------------------------------------------------- mouse
    def contextMenuEvent(self, event) -> None:
        from netdesigner.gui.canvas.context_menu import build_context_menu

        menu = build_context_menu(self, event.scenePos())
        if menu.actions():
            menu.exec(event.screenPos())
            event.accept()
        else:
            super().contextMenuEvent(event)

    def mousePressEvent(self, event) -> None:
        port = next(
            (i for i in self.items(event.scenePos()) if isinstance(i, PortItem)), None
        )
        if (
            port is not None
            and port.isVisible()
            and event.button() == Qt.MouseButton.LeftButton
        ):
            self.wire_drag = WireDrag(self, port)
            event.accept()
            return
        super().mousePressEvent(event)
        self._press_positions = {
            node_id: self.node_items[node_id].pos()
            for node_id in self.selected_node_ids()
        }

    def mouseMoveEvent(self, event) -> None:
        if self.wire_drag is not None:
            self.wire_drag.move_to(event.scenePos(), event.screenPos())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self.wire_drag is not None:
            drag, self.wire_drag = self.wire_drag, None
            drag.move_to(event.scenePos(), None)
            drag.finish()
            event.accept()
            return
        super().mouseReleaseEvent(event)
        self.record_moves()

    def record_moves(self) -> None:
        """Push one move command for the nodes dragged since the mouse press."""
        moved = {
            node_id: (
                self.node_items[node_id].pos().x(),
                self.node_items[node_id].pos().y(),
            )
            for node_id, start in self._press_positions.items()
            if node_id in self.node_items and self.node_items[node_id].pos() != start
        }
        self._press_positions = {}
        if moved:
            self.doc.move_nodes(moved)
