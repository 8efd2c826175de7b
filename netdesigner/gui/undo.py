"""Every user edit as a named ``QUndoCommand`` (Qt's undo framework).

A command keeps what it needs to undo itself and calls the document's ``_``-mutators.
``DocCommand`` also saves the trained weights before the edit, so undo brings back
weights that the edit made stale (and dropped).
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from netdesigner.design.model import Design, Edge, Node
from netdesigner.live import weights as weight_ops

translate = QCoreApplication.translate

if TYPE_CHECKING:
    from netdesigner.gui.document import Document

#: QUndoCommand ids for merging (Qt asks for a distinct int per mergeable kind)
MOVE_ID = 1001

Position = tuple[float, float]


class DocCommand(QUndoCommand):
    """Base: redo/undo run ``_redo``/``_undo`` and then re-analyse the document."""

    def __init__(self, doc: Document, text: str):
        super().__init__(text)
        self.doc = doc
        self._weights_before: tuple[dict, dict] | None = None

    def redo(self) -> None:
        self._weights_before = self.doc.weights_state()
        self._redo()
        self.doc._after_edit()

    def undo(self) -> None:
        self._undo()
        self.doc._after_edit()
        if self._weights_before is not None:
            self.doc._restore_weights_state(self._weights_before)

    def _redo(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


class AddNodeCommand(DocCommand):
    def __init__(self, doc: Document, node: Node):
        super().__init__(
            doc,
            translate("Undo", "Add {type} '{node}'").format(
                type=node.type, node=node.id
            ),
        )
        self.node = copy.deepcopy(node)

    def _redo(self) -> None:
        self.doc._insert_node(self.node)

    def _undo(self) -> None:
        self.doc._remove_node(self.node.id)


class DeleteCommand(DocCommand):
    """Delete nodes (with every wire touching them) and wires, as one step."""

    def __init__(self, doc: Document, node_ids: list[str], edges: list[Edge], text=""):
        design = doc.design
        ids = set(node_ids)
        touching = {e for e in design.edges if e.source in ids or e.target in ids}
        self.edges = [e for e in design.edges if e in touching or e in set(edges)]
        self.nodes = [n for n in design.nodes if n.id in ids]
        super().__init__(doc, text or _delete_text(self.nodes, self.edges))
        self._edge_slots: list[tuple[int, Edge]] = []
        self._node_slots: list[tuple[int, Node]] = []
        self._expanded: set[str] = set()

    def _redo(self) -> None:
        self._expanded = {n.id for n in self.nodes if n.id in self.doc.expanded}
        self._edge_slots = [(self.doc._remove_edge(e), e) for e in reversed(self.edges)]
        self._node_slots = [
            self.doc._remove_node(n.id)[::-1] for n in reversed(self.nodes)
        ]

    def _undo(self) -> None:
        for index, node in reversed(self._node_slots):
            self.doc._insert_node(node, index)
        for index, edge in reversed(self._edge_slots):
            self.doc._insert_edge(edge, index)
        for node_id in self._expanded:
            self.doc.set_expanded(node_id, True)


def _delete_text(nodes: list[Node], edges: list[Edge]) -> str:
    if len(nodes) == 1:
        return translate("Undo", "Delete {type} '{node}'").format(
            type=nodes[0].type, node=nodes[0].id
        )
    if not nodes and len(edges) == 1:
        return translate("Undo", "Disconnect {source} → {target}").format(
            source=edges[0].source, target=edges[0].target
        )
    if nodes:
        return translate("Undo", "Delete {count} layers").format(count=len(nodes))
    return translate("Undo", "Delete {count} wires").format(count=len(edges))


class MoveNodesCommand(DocCommand):
    """Move nodes. Moves of one gesture (``gesture`` equal and not None: a drag, a
    run of arrow-key nudges) merge into one undo step."""

    def __init__(
        self,
        doc: Document,
        moves: dict[str, tuple[Position, Position]],
        text: str = "",
        gesture: object = None,
    ):
        names = ", ".join(sorted(moves))
        if len(moves) < 3:
            moved = translate("Undo", "Move {names}").format(names=names)
        else:
            moved = translate("Undo", "Move layers")
        super().__init__(doc, text or moved)
        self.moves = dict(moves)
        self.gesture = gesture

    def id(self) -> int:
        return MOVE_ID if self.gesture is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (
            not isinstance(other, MoveNodesCommand)
            or other.gesture != self.gesture
            or other.moves.keys() != self.moves.keys()
        ):
            return False
        self.moves = {k: (self.moves[k][0], other.moves[k][1]) for k in self.moves}
        return True

    def _redo(self) -> None:
        for node_id, (_old, new) in self.moves.items():
            self.doc._set_position(node_id, new)

    def _undo(self) -> None:
        for node_id, (old, _new) in self.moves.items():
            self.doc._set_position(node_id, old)


class ConnectCommand(DocCommand):
    def __init__(self, doc: Document, edge: Edge, index: int | None = None):
        super().__init__(
            doc,
            translate("Undo", "Connect {source} → {target}").format(
                source=edge.source, target=edge.target
            ),
        )
        self.edge, self.index = edge, index

    def _redo(self) -> None:
        self.doc._insert_edge(self.edge, self.index)

    def _undo(self) -> None:
        self.doc._remove_edge(self.edge)


class SetNodeFieldCommand(DocCommand):
    """Set one argument (or ``label``/``trainable``) of a node; None removes it."""

    def __init__(self, doc: Document, node_id: str, name: str, value: Any):
        node = doc.node(node_id)
        if name in ("label", "trainable"):
            self.old = getattr(node, name)
        else:
            self.old = copy.deepcopy(node.params.get(name))
        super().__init__(
            doc,
            translate("Undo", "Set {name} of '{node}' to {value}").format(
                name=name, node=node_id, value=_short(value)
            ),
        )
        self.node_id, self.name, self.value = node_id, name, copy.deepcopy(value)

    def _redo(self) -> None:
        self.doc._set_node_field(self.node_id, self.name, self.value)

    def _undo(self) -> None:
        self.doc._set_node_field(self.node_id, self.name, self.old)


class SetSettingCommand(DocCommand):
    """Set a key of ``dataset`` or ``training``, or the name/description ("info")."""

    def __init__(
        self, doc: Document, section: str, key: str, value: Any, text: str = ""
    ):
        source = doc.design if section == "info" else getattr(doc.design, section)
        self.old = getattr(source, key) if section == "info" else source.get(key)
        self.old = copy.deepcopy(self.old)
        what = key if section == "info" else f"{section} {key}"
        text = text or translate("Undo", "Set {what} to {value}").format(
            what=what, value=_short(value)
        )
        super().__init__(doc, text)
        self.section, self.key, self.value = section, key, copy.deepcopy(value)

    def _redo(self) -> None:
        self.doc._set_setting(self.section, self.key, self.value)

    def _undo(self) -> None:
        self.doc._set_setting(self.section, self.key, self.old)


def _short(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 30 else text[:27] + "…"


class ReplaceDesignCommand(DocCommand):
    """Swap the whole design for a changed copy (a fix from validation)."""

    def __init__(self, doc: Document, new_design: Design, text: str):
        super().__init__(doc, text)
        self.old, self.new = doc.design.copy(), new_design.copy()

    def _redo(self) -> None:
        self.doc._replace_design(self.new)

    def _undo(self) -> None:
        self.doc._replace_design(self.old)


class AddNeuronCommand(DocCommand):
    """One more unit in a Dense layer; trained weights get a new column (and row)."""

    def __init__(self, doc: Document, node_id: str, seed: int = 0):
        super().__init__(
            doc, translate("Undo", "Add a neuron to '{node}'").format(node=node_id)
        )
        self.node_id, self.seed = node_id, seed
        self.units = int(doc.node(node_id).params.get("units", 1))

    def _redo(self) -> None:
        new, touched = weight_ops.add_unit(
            self.doc.weights,
            self.doc.design,
            self.node_id,
            np.random.default_rng(self.seed),
        )
        self.doc._set_node_field(self.node_id, "units", self.units + 1)
        if self.doc.weights:
            self.doc._set_weights(new, touched)

    def _undo(self) -> None:
        self.doc._set_node_field(self.node_id, "units", self.units)


class RemoveNeuronCommand(DocCommand):
    """Remove unit ``index`` of a Dense layer and the weights that belong to it."""

    def __init__(self, doc: Document, node_id: str, index: int):
        super().__init__(
            doc,
            translate("Undo", "Remove neuron {number} of '{node}'").format(
                number=index + 1, node=node_id
            ),
        )
        self.node_id, self.index = node_id, index
        self.units = int(doc.node(node_id).params.get("units", 1))

    def _redo(self) -> None:
        new, touched = weight_ops.remove_unit(
            self.doc.weights, self.doc.design, self.node_id, self.index
        )
        self.doc._set_node_field(self.node_id, "units", self.units - 1)
        if self.doc.weights:
            self.doc._set_weights(new, touched)

    def _undo(self) -> None:
        self.doc._set_node_field(self.node_id, "units", self.units)


def neuron_name(doc: Document, node_id: str, index: int) -> str:
    """How every text names a neuron: "x1" (an input feature) or "neuron 3 of
    'dense_1'", counting from 1 as the canvas draws them top to bottom."""
    node = doc.node(node_id)
    if node.type == "Input":
        features = doc.design.dataset.get("features")
        units = doc.units_of(node_id) or 0
        if isinstance(features, list) and len(features) == units:
            return str(features[index])
        return f"x{index + 1}"
    return translate("Undo", "neuron {number} of '{node}'").format(
        number=index + 1, node=node_id
    )


def weight_name(doc: Document, key: str, index: tuple[int, ...]) -> str:
    """ "weight x1 → neuron 2 of 'dense_1'" or "bias of neuron 2 of 'dense_1'" for
    ``key`` ("<node id>/kernel" or "/bias") at ``index`` (0-based)."""
    node_id, name = key.split("/", 1)
    if name == "bias":
        return translate("Undo", "bias of {neuron}").format(
            neuron=neuron_name(doc, node_id, index[0])
        )
    sources = doc.design.inputs_of(node_id)
    source = (
        neuron_name(doc, sources[0], index[0])
        if sources and doc.design.has_node(sources[0])
        else translate("Undo", "input {number}").format(number=index[0] + 1)
    )
    return translate("Undo", "weight {source} → {neuron}").format(
        source=source, neuron=neuron_name(doc, node_id, index[1])
    )


class SetWeightCommand(DocCommand):
    """Set one weight or bias; an untrained design first takes its initial weights."""

    def __init__(self, doc: Document, key: str, index: tuple[int, ...], value: float):
        super().__init__(
            doc,
            translate("Undo", "Set {weight} to {value}").format(
                weight=weight_name(doc, key, index), value=f"{value:.3g}"
            ),
        )
        self.key, self.index, self.value = key, tuple(index), float(value)

    def _redo(self) -> None:
        base = self.doc.weights
        ids = None
        if self.key not in base:
            base = self.doc.preview_weights() or {}
            ids = [n.id for n in self.doc.design.nodes]
        new = weight_ops.set_entry(base, self.key, self.index, self.value)
        node_ids = ids if ids is not None else list(self.doc._weight_signatures)
        self.doc._set_weights(new, node_ids)

    def _undo(self) -> None:
        """The weights saved by ``DocCommand.redo`` are restored after this."""


class GroupCommand(QUndoCommand):
    """Several commands as one undo step.

    ``QUndoStack.beginMacro`` would make Qt own the commands as children of the macro
    while PySide's wrappers own them too: the stack's destructor then double-deletes
    them (a crash reproduced with PySide6 6.11.3). Here the commands are plain Python
    attributes with one owner, and this command runs them itself.
    """

    def __init__(
        self, text: str, commands: list[QUndoCommand], applied: bool = True
    ) -> None:
        """applied : True when the commands already ran as they were collected
        (``Document.macro``); False to run them when pushed."""
        super().__init__(text)
        self.commands = commands
        self._applied = applied

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        for command in self.commands:
            command.redo()

    def undo(self) -> None:
        for command in reversed(self.commands):
            command.undo()
