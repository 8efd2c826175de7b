"""Connecting layers by dragging a wire from a port, with live refusal.

While the wire follows the mouse, the document is asked whether the wire under the
cursor is allowed (``Document.can_connect``); a refused wire turns red and the reason
shows as a tooltip. Dragging from an input port works backwards (pick the source).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QToolTip

from netdesigner.gui.canvas.edge_item import TempWireItem, wire_path
from netdesigner.gui.canvas.port_item import PortItem

if TYPE_CHECKING:
    from netdesigner.gui.canvas.scene import NetScene


class WireDrag:
    """One wiring gesture, from press on a port to release."""

    def __init__(self, scene: NetScene, port: PortItem):
        self.scene = scene
        self.port = port
        self.forward = port.kind == "out"
        self.wire = TempWireItem()
        scene.addItem(self.wire)
        self.candidate: str | None = None
        self.refusal: str | None = None
        self.move_to(port.anchor(), None)

    def _endpoints(self, node_id: str | None) -> tuple[str | None, str | None]:
        if self.forward:
            return self.port.node_id, node_id
        return node_id, self.port.node_id

    def move_to(self, scene_pos: QPointF, screen_pos) -> None:
        """Follow the mouse; judge the layer under it."""
        node_id = self.scene.node_id_at(scene_pos, exclude=self.port.node_id)
        self.candidate, self.refusal = node_id, None
        end = scene_pos
        if node_id is not None:
            source, target = self._endpoints(node_id)
            self.refusal = self.scene.doc.can_connect(source, target)
            item = self.scene.node_items[node_id]
            if self.refusal is None:
                end = item.input_anchor() if self.forward else item.output_anchor()
        start = self.port.anchor()
        vertical = self.port.node_item.vertical_ports()
        ends = (start, end) if self.forward else (end, start)
        path = wire_path(*ends, vertical)
        self.wire.setPath(path)
        self.wire.set_state(None if node_id is None else self.refusal is None)
        if screen_pos is not None:
            if self.refusal:
                QToolTip.showText(screen_pos, self.refusal)
            else:
                QToolTip.hideText()

    def finish(self) -> bool:
        """Connect if the wire ends on an allowed layer; True when a wire was made."""
        self.scene.removeItem(self.wire)
        QToolTip.hideText()
        if self.candidate is None or self.refusal is not None:
            if self.refusal:
                self.scene.message_posted.emit(self.refusal)
            return False
        source, target = self._endpoints(self.candidate)
        return self.scene.doc.connect_nodes(source, target)
