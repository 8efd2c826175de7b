"""Keeps neuron values and weight lines in step with the document.

Between two expanded layers ``a → b`` with ``b`` a Dense layer, every weight
``b/kernel[i, j]`` is a line from neuron ``i`` of ``a`` to neuron ``j`` of ``b``.
Values come from the trained weights, or else from the seeded initial weights
training starts from; without either the lines are grey and dashed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication

from netdesigner.gui.canvas.neuron_items import WeightLineItem
from netdesigner.gui.undo import neuron_name, weight_name

if TYPE_CHECKING:
    from netdesigner.gui.canvas.scene import NetScene

translate = QCoreApplication.translate


class NeuronLevel:
    """Owns the weight lines of a scene: ``lines[(source, target)] -> [items]``."""

    def __init__(self, scene: NetScene):
        self.scene = scene
        self.lines: dict[tuple[str, str], list[WeightLineItem]] = {}

    def clear(self) -> None:
        for items in self.lines.values():
            for item in items:
                self.scene.removeItem(item)
        self.lines = {}

    def rebuild(self) -> None:
        """Bring every weight line and neuron up to date.

        Lines of a layer pair whose sizes did not change are kept and only get new
        values, so others holding them (the training panels) keep valid items.
        """
        doc = self.scene.doc
        wanted = set()
        for edge in doc.design.edges:
            source, target = edge.source, edge.target
            bundled = self._wants_lines(source, target)
            edge_item = self.scene.edge_items.get((source, target))
            if edge_item is not None:
                edge_item.set_bundled(bundled)
            if bundled:
                wanted.add((source, target))
                self._build_lines(source, target)
        for key in [k for k in self.lines if k not in wanted]:
            for item in self.lines.pop(key):
                self.scene.removeItem(item)
        for node_id, item in self.scene.node_items.items():
            if item.neurons:
                self._refresh_neurons(node_id, item)

    def _wants_lines(self, source: str, target: str) -> bool:
        doc, items = self.scene.doc, self.scene.node_items
        if source not in items or target not in items:
            return False
        return (
            doc.node(target).type == "Dense"
            and bool(items[source].neurons)
            and bool(items[target].neurons)
        )

    def _kernel(self, target: str) -> tuple[np.ndarray | None, bool]:
        try:
            kernel, _bias, trained = self.scene.doc.layer_weights(target)
        except KeyError:
            return None, False
        return kernel, trained

    def _build_lines(self, source: str, target: str) -> None:
        src_item, dst_item = (
            self.scene.node_items[source],
            self.scene.node_items[target],
        )
        kernel, trained = self._kernel(target)
        rows, cols = len(src_item.neurons), len(dst_item.neurons)
        if kernel is not None and kernel.shape != (rows, cols):
            kernel = None
        if trained:
            kind = translate("Canvas", "trained")
        else:
            kind = translate("Canvas", "initial")
        items = self.lines.get((source, target), [])
        if len(items) != rows * cols:
            for item in items:
                self.scene.removeItem(item)
            items = [
                WeightLineItem(f"{target}/kernel", i, j)
                for i in range(rows)
                for j in range(cols)
            ]
            for item in items:
                self.scene.addItem(item)
        for line in items:
            i, j = line.row, line.column
            value = None if kernel is None else float(kernel[i, j])
            where = weight_name(self.scene.doc, line.key, (i, j))
            where = where[0].upper() + where[1:]
            if value is None:
                tip = translate("Canvas", "{weight}: not known yet").format(
                    weight=where
                )
            else:
                tip = translate(
                    "Canvas",
                    "{weight}: {value} ({state})"
                    "<br><small>Double-click to edit.</small>",
                ).format(weight=where, value=f"{value:.4g}", state=kind)
            line.set_value(value, tip)
            line.set_ends(
                src_item.neurons[i].scenePos(), dst_item.neurons[j].scenePos()
            )
        self.lines[(source, target)] = items

    def _refresh_neurons(self, node_id: str, item) -> None:
        doc = self.scene.doc
        node = doc.node(node_id)
        bias, trained = None, False
        if node.type == "Dense":
            try:
                _kernel, bias, trained = doc.layer_weights(node_id)
            except KeyError:
                bias = None
        if bias is not None and len(bias) != len(item.neurons):
            bias = None
        for i, neuron in enumerate(item.neurons):
            if node.type != "Dense":
                name = _neuron_name(self.scene, node_id, i)
                tip = translate("Canvas", "Input feature {name} of '{node}'")
                neuron.set_values(None, name, tip.format(name=name, node=node_id))
                continue
            value = None if bias is None else float(bias[i])
            activation = node.params.get("activation", "linear")
            if value is None:
                text = translate("Canvas", "not known yet")
            else:
                text = f"{value:.4g}"
            if trained:
                state = translate("Canvas", "trained")
            else:
                state = translate("Canvas", "initial")
            tip = translate(
                "Canvas",
                "<b>Neuron {number} of '{node}'</b> ({activation})<br>"
                "bias {bias} ({state})<br>"
                "<small>Double-click to edit the bias; "
                "Delete removes this neuron.</small>",
            ).format(
                number=i + 1,
                node=node_id,
                activation=activation,
                bias=text,
                state=state,
            )
            neuron.set_values(value, "", tip)

    def update_node(self, node_id: str) -> None:
        """Move the lines that touch ``node_id`` after the node moved."""
        items = self.scene.node_items
        for (source, target), lines in self.lines.items():
            if node_id not in (source, target):
                continue
            src, dst = items[source].neurons, items[target].neurons
            for line in lines:
                line.set_ends(src[line.row].scenePos(), dst[line.column].scenePos())


def _neuron_name(scene: NetScene, node_id: str, index: int) -> str:
    """ "x1" style names for input features, "neuron 3 of 'dense_1'" otherwise."""
    return neuron_name(scene.doc, node_id, index)
