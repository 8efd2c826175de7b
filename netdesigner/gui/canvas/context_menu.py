"""Right-click menus on the canvas: what can be done with the thing under the mouse."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF
from PySide6.QtWidgets import QMenu

from netdesigner.gui.canvas.edge_item import EdgeItem
from netdesigner.gui.canvas.neuron_items import NeuronItem, WeightLineItem

if TYPE_CHECKING:
    from netdesigner.gui.canvas.scene import NetScene

translate = QCoreApplication.translate


def build_context_menu(scene: NetScene, scene_pos: QPointF) -> QMenu:
    """A menu for the neuron, weight, wire or layer at ``scene_pos`` (or the canvas)."""
    menu = QMenu()
    doc = scene.doc
    item = next(iter(scene.items(scene_pos)), None)
    if isinstance(item, WeightLineItem):
        menu.addAction(translate("CanvasMenu", "Edit weight…")).triggered.connect(
            lambda _c=False: scene.edit_weight(item.key, item.row, item.column)
        )
        return menu
    if isinstance(item, NeuronItem) and item.is_unit:
        menu.addAction(translate("CanvasMenu", "Edit bias…")).triggered.connect(
            lambda _c=False: scene.edit_bias(item.node_id, item.index)
        )
        menu.addAction(translate("CanvasMenu", "Remove this neuron")).triggered.connect(
            lambda _c=False: scene._remove_neuron(item.node_id, item.index)
        )
        return menu
    if isinstance(item, EdgeItem):
        menu.addAction(translate("CanvasMenu", "Disconnect")).triggered.connect(
            lambda _c=False: doc.disconnect_nodes(item.source, item.target)
        )
        return menu
    node_id = scene.node_id_at(scene_pos)
    if node_id is None:
        return menu
    if doc.can_expand(node_id):
        if doc.is_expanded(node_id):
            text = translate("CanvasMenu", "Hide neurons")
        else:
            text = translate("CanvasMenu", "Show neurons")
        menu.addAction(text).triggered.connect(
            lambda _c=False: doc.set_expanded(node_id, not doc.is_expanded(node_id))
        )
    if doc.node(node_id).type == "Dense":
        menu.addAction(translate("CanvasMenu", "Add a neuron")).triggered.connect(
            lambda _c=False: doc.add_neuron(node_id)
        )
    menu.addSeparator()
    menu.addAction(translate("CanvasMenu", "Delete layer")).triggered.connect(
        lambda _c=False: doc.delete([node_id])
    )
    return menu
