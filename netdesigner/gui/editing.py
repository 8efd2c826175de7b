"""The document's public edit methods: each builds a command and pushes it.

Mixed into ``Document``; the canvas, panels and menus call these, never the
``_``-mutators. Every method is one undo step (several commands from one gesture are
wrapped in a macro).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QCoreApplication

from netdesigner.design import catalog
from netdesigner.design.layout import free_position
from netdesigner.design.model import Edge, Node
from netdesigner.gui import backend
from netdesigner.gui import undo as cmd

Position = tuple[float, float]
#: what a layer from the palette starts with beyond its required arguments: a
#: Dense layer without an activation is linear, and a stack of linear layers is
#: one linear layer, so a new one starts non-linear (the student may pick linear)
NEW_NODE_PARAMS: dict[str, dict[str, Any]] = {"Dense": {"activation": "relu"}}


def n_inputs_of(type_name: str) -> int | None:
    """How many inputs a node type takes: 0, 1, or None for "two or more"."""
    try:
        return catalog.layer_spec(type_name).n_inputs
    except KeyError:
        return 1


class EditingMixin:
    """Edit API of ``Document`` (needs ``design`` and ``undo_stack``)."""

    # ----------------------------------------------------------- helpers
    _group: list | None = None  # commands collected by an open ``macro`` block

    def push(self, command) -> None:
        """Apply ``command`` as one undo step (or as part of the open macro)."""
        if self._group is not None:
            command.redo()
            self._group.append(command)
        else:
            self.undo_stack.push(command)

    @contextmanager
    def macro(self, text: str) -> Iterator[None]:
        """Group the commands pushed inside the block into one undo step."""
        if self._group is not None:  # nested: the outer block makes the step
            yield
            return
        self._group = []
        try:
            yield
        finally:
            commands, self._group = self._group, None
            if commands:
                self.undo_stack.push(cmd.GroupCommand(text, commands))

    # ----------------------------------------------------------- nodes
    def add_node(
        self,
        type_name: str,
        position: Position,
        params: dict[str, Any] | None = None,
        label: str | None = None,
    ) -> str:
        """Add a node of ``type_name`` (palette defaults unless ``params``); its id."""
        spec = catalog.layer_spec(type_name)
        values = spec.initial_params() if params is None else copy.deepcopy(params)
        if params is None:
            values.update(NEW_NODE_PARAMS.get(type_name, {}))
        node = Node(
            id=self.design.new_id(spec.id_prefix),
            type=type_name,
            params=values,
            position=(float(position[0]), float(position[1])),
            label=label,
        )
        self.push(cmd.AddNodeCommand(self, node))
        return node.id

    def add_neuron_layer(self, position: Position) -> str:
        """A single neuron on its own: a Dense layer of one unit, shown expanded."""
        node_id = self.add_node(
            "Dense", position, {"units": 1, "activation": "sigmoid"}
        )
        self.set_expanded(node_id, True)
        return node_id

    def delete(self, node_ids: list[str], edges: list[Edge] = ()) -> None:
        node_ids = [i for i in node_ids if self.design.has_node(i)]
        edges = [e for e in edges if e in self.design.edges]
        if node_ids or edges:
            self.push(cmd.DeleteCommand(self, node_ids, list(edges)))

    def move_nodes(
        self, new_positions: dict[str, Position], gesture: object = None, text: str = ""
    ) -> None:
        """Move nodes to ``new_positions``; skips nodes that stay where they are."""
        moves = {}
        for node_id, new in new_positions.items():
            old = self.design.node(node_id).position
            new = (round(float(new[0]), 1), round(float(new[1]), 1))
            if old != new:
                moves[node_id] = (old, new)
        if moves:
            self.push(cmd.MoveNodesCommand(self, moves, text=text, gesture=gesture))

    def auto_layout(
        self, positions: dict[str, Position], direction: str | None = None
    ) -> None:
        """Apply positions computed by ``design.layout`` (and the flow direction,
        "LR" or "TB", kept in ``view``) as one "Auto-layout" step."""
        with self.macro(QCoreApplication.translate("Editing", "Auto-layout")):
            if direction is not None:
                self.set_setting("view", "direction", direction)
            self.move_nodes(positions, text="Auto-layout")

    # ----------------------------------------------------------- wires
    def can_connect(self, source: str, target: str) -> str | None:
        """None when ``source → target`` may be wired, else the reason (a sentence)."""
        design = self.design
        node = design.node(target)
        if source == target:
            return "A layer cannot feed itself."
        if n_inputs_of(node.type) == 0:
            return (
                f"'{target}' is an Input layer: data enters there, it takes no input."
            )
        if Edge(source, target) in design.edges:
            return f"'{source}' already feeds '{target}'."
        inputs = design.inputs_of(target)
        if n_inputs_of(node.type) == 1 and inputs:
            return (
                f"{node.type} '{target}' already takes its input from '{inputs[0]}'; "
                "a layer has one input, so merge two wires with Add or Concatenate."
            )
        path = _path(design, target, source)
        if path:
            loop = " → ".join([*path, target])
            return f"This wire would make a loop ({loop}); data must flow one way."
        return None

    def connect_nodes(self, source: str, target: str) -> bool:
        if self.can_connect(source, target) is not None:
            return False
        self.push(cmd.ConnectCommand(self, Edge(source, target)))
        return True

    def disconnect_nodes(self, source: str, target: str) -> None:
        self.delete([], [Edge(source, target)])

    # ----------------------------------------------------------- properties
    def set_param(self, node_id: str, name: str, value: Any) -> None:
        """Set an argument of a node (None removes it, i.e. tf.keras's default)."""
        node = self.design.node(node_id)
        if name in ("label", "trainable"):
            current = getattr(node, name)
        else:
            current = node.params.get(name)
        if current != value:
            self.push(cmd.SetNodeFieldCommand(self, node_id, name, value))

    def set_setting(self, section: str, key: str, value: Any, text: str = "") -> None:
        """Set ``dataset``/``training``/``view`` keys, or ``info`` name/description
        (``text``: the undo step's name, if not "Set <key> to <value>")."""
        if section == "info":
            current = getattr(self.design, key)
        else:
            current = getattr(self.design, section).get(key)
        if current != value:
            self.push(cmd.SetSettingCommand(self, section, key, value, text))

    # ----------------------------------------------------------- compact cards, blocks
    # Both live in the design's ``view`` (the GUI's part of the file): the engine
    # and the exports never see them, and undo and save come with SetSetting.
    def collapsed_ids(self) -> set[str]:
        saved = self.design.view.get("collapsed")
        return (
            {i for i in saved if isinstance(i, str)}
            if isinstance(saved, list)
            else set()
        )

    def set_collapsed(self, node_ids: list[str], collapsed: bool) -> None:
        """Show layers as compact cards (type, key argument, output shape) or in
        full, as one undo step."""
        ids = set(node_ids) & {n.id for n in self.design.nodes}
        now = self.collapsed_ids()
        new = now | ids if collapsed else now - ids
        if new != now and ids:
            verb = "Collapse" if collapsed else "Expand"
            text = f"{verb} {len(ids)} layer{'s' * (len(ids) > 1)}"
            self.set_setting("view", "collapsed", sorted(new), text=text)

    def blocks(self) -> list[dict[str, Any]]:
        """Folded blocks: ``[{"name": str, "nodes": [ids]}]`` as saved in ``view``."""
        saved = self.design.view.get("blocks")
        if not isinstance(saved, list):
            return []
        return [
            b
            for b in saved
            if isinstance(b, dict)
            and isinstance(b.get("name"), str)
            and isinstance(b.get("nodes"), list)
        ]

    def block_of(self, node_id: str) -> dict[str, Any] | None:
        return next((b for b in self.blocks() if node_id in b["nodes"]), None)

    def fold_block(self, node_ids: list[str], name: str) -> str | None:
        """Fold layers into one named block card; None when done, else why not."""
        ids = [n.id for n in self.design.nodes if n.id in set(node_ids)]
        name = name.strip()
        if len(ids) < 2:
            return "Select two or more layers to fold into a block."
        if not name:
            return "A block needs a name, e.g. 'conv block'."
        if any(b["name"] == name for b in self.blocks()):
            return f"There is already a block named '{name}'; choose another name."
        inside = [i for i in ids if self.block_of(i) is not None]
        if inside:
            return f"'{inside[0]}' is already in a block; unfold that block first."
        blocks = [*copy.deepcopy(self.blocks()), {"name": name, "nodes": ids}]
        self.set_setting("view", "blocks", blocks, text=f"Fold block '{name}'")
        return None

    def unfold_block(self, name: str) -> None:
        """Show a folded block's layers again, as one undo step."""
        blocks = [b for b in copy.deepcopy(self.blocks()) if b["name"] != name]
        if len(blocks) != len(self.blocks()):
            self.set_setting(
                "view", "blocks", blocks or None, text=f"Unfold block '{name}'"
            )

    # ----------------------------------------------------------- neurons
    def add_neuron(self, node_id: str) -> None:
        seed = int(self.design.training.get("seed", 0) or 0) + self.undo_stack.index()
        self.push(cmd.AddNeuronCommand(self, node_id, seed=seed))

    def remove_neuron(self, node_id: str, index: int) -> str | None:
        """Remove one unit; None when done, else why not (the last neuron stays)."""
        units = int(self.design.node(node_id).params.get("units", 1))
        if units <= 1:
            return f"'{node_id}' needs at least one neuron; delete the layer instead."
        self.push(cmd.RemoveNeuronCommand(self, node_id, min(index, units - 1)))
        return None

    def set_weight(self, key: str, index: tuple[int, ...], value: float) -> str | None:
        """Set one weight or bias; None when done, else why not (no weights known)."""
        known = key in self.weights or key in (self.preview_weights() or {})
        if not known:
            return "The weights are not known until the design is valid."
        self.push(cmd.SetWeightCommand(self, key, tuple(index), value))
        return None

    # ----------------------------------------------------------- clipboard
    def fragment(self, node_ids: list[str]) -> dict[str, Any]:
        """Nodes and the wires between them, as JSON-ready dicts (copy)."""
        ids = set(node_ids)
        nodes = [n.to_dict() for n in self.design.nodes if n.id in ids]
        edges = [
            e.to_dict()
            for e in self.design.edges
            if e.source in ids and e.target in ids
        ]
        return {"nodes": nodes, "edges": edges}

    def paste(self, fragment: dict[str, Any], offset: Position = (40, 40)) -> list[str]:
        """Add a copied fragment with fresh ids, keeping its inner wires; new ids."""
        nodes = [Node.from_dict(n) for n in fragment.get("nodes", [])]
        if not nodes:
            return []
        renamed: dict[str, str] = {}
        if len(nodes) > 1:
            text = QCoreApplication.translate("Editing", "Paste {count} layers")
        else:
            text = QCoreApplication.translate("Editing", "Paste 1 layer")
        with self.macro(text.format(count=len(nodes))):
            for node in nodes:
                new = copy.deepcopy(node)
                new.id = self.design.new_id(_prefix_of(node))
                new.position = (
                    node.position[0] + offset[0],
                    node.position[1] + offset[1],
                )
                self.push(cmd.AddNodeCommand(self, new))
                renamed[node.id] = new.id
            for data in fragment.get("edges", []):
                edge = Edge.from_dict(data)
                if edge.source in renamed and edge.target in renamed:
                    new_edge = Edge(renamed[edge.source], renamed[edge.target])
                    self.push(cmd.ConnectCommand(self, new_edge))
        return list(renamed.values())

    # ----------------------------------------------------------- fixes
    def apply_fix(self, problem: Any) -> None:
        """Apply the fix a validation ``Problem`` suggests, as one undo step."""
        fixed = backend.apply_fix(self.design, problem.fix)
        _move_new_nodes_to_free_space(self.design, fixed)
        self.push(
            cmd.ReplaceDesignCommand(self, fixed, f"Fix: {problem.fix.description}")
        )


def _move_new_nodes_to_free_space(old, new) -> None:
    """Nodes a fix added stand where no card stands (cards of the usual size)."""
    card = (132.0, 100.0)
    boxes = [(*n.position, *card) for n in new.nodes if old.has_node(n.id)]
    for node in new.nodes:
        if not old.has_node(node.id):
            node.position = free_position(tuple(node.position), card, boxes)
            boxes.append((*node.position, *card))


def _prefix_of(node: Node) -> str:
    try:
        return catalog.layer_spec(node.type).id_prefix
    except KeyError:
        return node.id.rstrip("0123456789_") or "node"


def _path(design, start: str, goal: str) -> list[str]:
    """Node ids of a path ``start → … → goal`` along wires, or [] if none."""
    parents: dict[str, str | None] = {start: None}
    queue = [start]
    while queue:
        current = queue.pop(0)
        if current == goal:
            path = [current]
            while parents[path[-1]] is not None:
                path.append(parents[path[-1]])
            return path[::-1]
        for nxt in design.outputs_of(current):
            if nxt not in parents:
                parents[nxt] = current
                queue.append(nxt)
    return []
