"""The open design: the only object that changes it, and the signals it sends.

``Document`` owns a ``Design``, a ``QUndoStack`` and, when a network has been
trained, its weights. Every user edit is a ``QUndoCommand`` (``undo.py``) that
calls the ``_``-prefixed mutators here; the public edit methods that build those
commands live in ``editing.EditingMixin``. The canvas, the panels and the training
panels only read the design and follow the signals.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from netdesigner.design.model import Design, Edge, Node, clamp_position
from netdesigner.gui import backend
from netdesigner.gui.editing import EditingMixin
from netdesigner.gui.locks import keys_touched as locks_touched
from netdesigner.gui.locks import refusal as lock_refusal
from netdesigner.live import weights as weight_ops

#: a Dense or Input layer with at most this many units can be shown as neurons
MAX_EXPANDED_UNITS = 16


class Document(QObject, EditingMixin):
    """The design being edited, with undo history, analysis and trained weights.

    Attributes
    ----------
    design : the ``Design``; read it freely, change it only through commands.
    undo_stack : ``QUndoStack`` of named edits.
    shapes : node id -> ``NodeShape`` from the last analysis.
    problems : list of ``Problem`` from the last analysis.
    weights : ``{"<node id>/<name>": array}`` of a trained network, or empty.
    weights_epoch : epochs of training the weights reached in this session (None
        when they came from a file or there are none); trained weights that are not
        saved yet count as unsaved work (``is_modified``).
    expanded : ids of layers shown as neurons (view state, saved in ``view``).
    live_tab : the live view last chosen ("landscape", "layers"...; saved in
        ``view`` too): a lesson file opens on the view it is about.
    file_path : the file the design was opened from or saved to, or None.
    """

    node_added = Signal(str)
    node_removed = Signal(str)
    node_changed = Signal(str)
    node_moved = Signal(str)
    edge_added = Signal(str, str)
    edge_removed = Signal(str, str)
    design_reset = Signal()
    settings_changed = Signal(str)
    weights_changed = Signal()
    expansion_changed = Signal(str)
    analysis_changed = Signal()
    problems_changed = Signal()
    modified_changed = Signal(bool)
    file_path_changed = Signal(str)
    lock_refused = Signal(str)  # why classroom mode refused an edit

    def __init__(self, design: Design | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.design = design if design is not None else Design()
        self.undo_stack = QUndoStack(self)
        self.shapes: dict[str, Any] = {}
        self.problems: list[Any] = []
        self.weights: dict[str, np.ndarray] = {}
        self.weights_epoch: int | None = None
        self._weights_unsaved = False
        self._weight_signatures: dict[str, str] = {}
        self._preview: tuple[str, dict | None] | None = None
        self.expanded: set[str] = set()
        self.file_path: Path | None = None
        self._forced_modified = False
        self._was_modified = False
        self.locks: frozenset[str] = frozenset()  # classroom mode: see set_locks
        self.undo_stack.cleanChanged.connect(self._on_undo_stack_clean_changed)
        self.expanded = _expanded_from_view(self.design)
        self.live_tab = _live_tab_from_view(self.design)
        self._analyse()

    # ----------------------------------------------------------- state queries
    def node(self, node_id: str) -> Node:
        return self.design.node(node_id)

    def is_modified(self) -> bool:
        return (
            self._forced_modified
            or self._weights_unsaved
            or not self.undo_stack.isClean()
        )

    def display_name(self) -> str:
        """The file name, or the design's name for a design never saved."""
        return self.file_path.name if self.file_path else f"{self.design.name}.json"

    def total_params(self) -> int:
        return sum(int(getattr(s, "n_params", 0) or 0) for s in self.shapes.values())

    def error_count(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    def problems_of(self, node_id: str) -> list[Any]:
        return [p for p in self.problems if p.node_id == node_id]

    def units_of(self, node_id: str) -> int | None:
        """Neurons of a Dense layer, or features of a 1-D Input; None otherwise."""
        node = self.node(node_id)
        if node.type == "Dense":
            return int(node.params.get("units", 1))
        shape = node.params.get("shape") if node.type == "Input" else None
        if isinstance(shape, list) and len(shape) == 1:
            return int(shape[0])
        return None

    def can_expand(self, node_id: str) -> bool:
        units = self.units_of(node_id)
        return units is not None and 1 <= units <= MAX_EXPANDED_UNITS

    def is_expanded(self, node_id: str) -> bool:
        return node_id in self.expanded and self.can_expand(node_id)

    def for_saving(self) -> Design:
        """A copy of the design with the view state (expanded layers) in ``view``."""
        design = self.design.copy()
        view = dict(design.view)
        view["expanded"] = sorted(i for i in self.expanded if design.has_node(i))
        if self.live_tab:
            view["live_tab"] = self.live_tab  # the live view the design opens with
        design.view = view
        return design

    # ----------------------------------------------------------- view state
    def set_expanded(self, node_id: str, expanded: bool) -> None:
        """Show a layer as neurons (or collapse it); not an undoable edit."""
        if expanded and not self.can_expand(node_id):
            return
        if (node_id in self.expanded) == expanded:
            return
        (self.expanded.add if expanded else self.expanded.discard)(node_id)
        self.expansion_changed.emit(node_id)

    # ----------------------------------------------------------- classroom locks
    def set_locks(self, locks: frozenset[str] | set[str]) -> None:
        """Refuse every edit touching ``locks`` (``gui.locks``: a lesson's locked
        controls in classroom mode) until unlocked.

        Undo and redo must not reach round the lock either: when the history
        holds an edit of a now locked control, the history is sealed (cleared;
        the design stays marked unsaved if it was).
        """
        self.locks = frozenset(locks)
        stack = self.undo_stack
        if self.locks and any(
            locks_touched(stack.command(i)) & self.locks for i in range(stack.count())
        ):
            modified = self.is_modified()
            stack.clear()
            if modified:
                self.mark_modified()

    def push(self, command) -> None:
        """Apply ``command`` as one undo step unless classroom mode locks what it
        changes (then ``lock_refused`` says why and nothing changes)."""
        reason = lock_refusal(command, self.locks) if self.locks else None
        if reason is not None:
            self.lock_refused.emit(reason)
            return
        EditingMixin.push(self, command)

    # ----------------------------------------------------------- mutators (commands)
    def _insert_node(self, node: Node, index: int | None = None) -> None:
        index = len(self.design.nodes) if index is None else index
        node = copy.deepcopy(node)
        node.position = clamp_position(*node.position)  # e.g. pasted at an offset
        self.design.nodes.insert(index, node)
        self.node_added.emit(node.id)

    def _remove_node(self, node_id: str) -> tuple[Node, int]:
        index = next(i for i, n in enumerate(self.design.nodes) if n.id == node_id)
        node = self.design.nodes.pop(index)
        self.expanded.discard(node_id)
        self.node_removed.emit(node_id)
        return node, index

    def _insert_edge(self, edge: Edge, index: int | None = None) -> None:
        index = len(self.design.edges) if index is None else index
        self.design.edges.insert(index, edge)
        self.edge_added.emit(edge.source, edge.target)

    def _remove_edge(self, edge: Edge) -> int:
        index = self.design.edges.index(edge)
        del self.design.edges[index]
        self.edge_removed.emit(edge.source, edge.target)
        return index

    def _set_position(self, node_id: str, position: tuple[float, float]) -> None:
        self.node(node_id).position = clamp_position(*position)
        self.node_moved.emit(node_id)

    def _set_node_field(self, node_id: str, name: str, value: Any) -> None:
        """Set ``params[name]``, or ``label``/``trainable``; None deletes a param."""
        node = self.node(node_id)
        if name in ("label", "trainable"):
            setattr(node, name, value)
        elif value is None:
            node.params.pop(name, None)
        else:
            node.params[name] = copy.deepcopy(value)
        if not self.can_expand(node_id):
            self.expanded.discard(node_id)
        self.node_changed.emit(node_id)

    def _set_setting(self, section: str, key: str, value: Any) -> None:
        """Set ``design.<section>[key]`` (dataset, training) or name/description."""
        if section == "info":
            setattr(self.design, key, value)
        else:
            target = getattr(self.design, section)
            if value is None:
                target.pop(key, None)
            else:
                target[key] = copy.deepcopy(value)
        self.settings_changed.emit(section)

    def _replace_design(self, design: Design) -> None:
        """Swap in a whole new design (fixes); the scene rebuilds itself."""
        self.design = design.copy()
        self.expanded = {i for i in self.expanded if self.design.has_node(i)}
        self.design_reset.emit()

    # ----------------------------------------------------------- weights
    def weights_state(self) -> tuple[dict, dict]:
        return dict(self.weights), dict(self._weight_signatures)

    def _restore_weights_state(self, state: tuple[dict, dict]) -> None:
        changed = state[0].keys() != self.weights.keys() or any(
            self.weights.get(k) is not v for k, v in state[0].items()
        )
        self.weights, self._weight_signatures = dict(state[0]), dict(state[1])
        if changed:
            self.weights_changed.emit()

    def _set_weights(self, weights: dict[str, np.ndarray], node_ids: list[str]) -> None:
        """Replace the weights; ``node_ids`` are the nodes whose weights now fit."""
        self.weights = dict(weights)
        shapes = backend.infer_shapes(self.design)
        for node_id in node_ids:
            self._weight_signatures[node_id] = weight_ops.node_signature(
                self.design, shapes, node_id
            )
        self.weights_changed.emit()

    def set_trained_weights(
        self, weights: dict[str, np.ndarray], epoch: int | None = None
    ) -> None:
        """Store a trained network's weights (not an undoable edit; copies are kept).

        epoch : given when training in this session produced the weights (how many
            epochs they reached): they are then unsaved work until the next save.
            None for weights read from a file.
        """
        copies = {key: np.array(value, copy=True) for key, value in weights.items()}
        ids = sorted({key.split("/", 1)[0] for key in copies})
        self._weight_signatures = {}
        if epoch is not None:
            self.weights_epoch = int(epoch)
            self._weights_unsaved = True
        self._set_weights(copies, [i for i in ids if self.design.has_node(i)])
        self._emit_modified()

    def clear_weights(self) -> None:
        self.weights, self._weight_signatures = {}, {}
        self.weights_epoch = None
        self.weights_changed.emit()

    def _prune_stale_weights(self) -> None:
        """Forget the weights of nodes whose type, arguments or input shape changed."""
        if not self.weights:
            return
        keep = {
            node.id
            for node in self.design.nodes
            if self._weight_signatures.get(node.id)
            == weight_ops.node_signature(self.design, self.shapes, node.id)
        }
        stale = [k for k in self.weights if k.split("/", 1)[0] not in keep]
        if stale:
            for key in stale:
                del self.weights[key]
            self._weight_signatures = {
                k: v for k, v in self._weight_signatures.items() if k in keep
            }
            self.weights_changed.emit()

    def layer_weights(self, node_id: str) -> tuple[np.ndarray, np.ndarray | None, bool]:
        """(kernel, bias or None, trained?) of a Dense layer, or raise KeyError.

        Trained weights when the document has them, else the seeded initial weights
        training would start from.
        """
        key = f"{node_id}/kernel"
        if key in self.weights:
            return self.weights[key], self.weights.get(f"{node_id}/bias"), True
        preview = self.preview_weights()
        if preview is None or key not in preview:
            raise KeyError(node_id)
        return preview[key], preview.get(f"{node_id}/bias"), False

    def preview_weights(self) -> dict[str, np.ndarray] | None:
        """Seeded initial weights of the current design, cached per structure."""
        design = self.design
        structure = repr(
            (
                [(n.id, n.type, n.params) for n in design.nodes],
                design.edges,
                design.training.get("seed", 0),
            )
        )
        if self._preview is None or self._preview[0] != structure:
            self._preview = (structure, backend.preview_weights(design))
        return self._preview[1]

    # ----------------------------------------------------------- analysis
    def _after_edit(self) -> None:
        """Re-run shape inference and validation; drop weights that no longer fit."""
        self.refresh_analysis()
        self._prune_stale_weights()

    def refresh_analysis(self) -> None:
        """Infer shapes and validate; signals say what changed."""
        changed = self._analyse()
        self.analysis_changed.emit()
        if changed:
            self.problems_changed.emit()

    def _analyse(self) -> bool:
        """Compute ``shapes`` and ``problems`` quietly; True if the problems changed."""
        self.shapes = backend.infer_shapes(self.design)
        problems = backend.validate(self.design)
        changed = _problem_keys(problems) != _problem_keys(self.problems)
        self.problems = problems
        return changed

    # ----------------------------------------------------------- files and history
    def reset(self, design: Design, path: str | Path | None = None) -> None:
        """Show a freshly loaded or new design; clears the undo history."""
        self.undo_stack.clear()
        self.design = design
        self.expanded = _expanded_from_view(design)
        self.live_tab = _live_tab_from_view(design)
        self.weights, self._weight_signatures, self._preview = {}, {}, None
        self.weights_epoch = None
        self._analyse()
        self.design_reset.emit()
        self.analysis_changed.emit()
        self.problems_changed.emit()
        self.set_file_path(path)
        self.mark_clean()
        self.weights_changed.emit()

    def set_file_path(self, path: str | Path | None) -> None:
        """Remember the file as an absolute path: Save must reach the same file
        whatever the working folder is (a restored recovery, a later ``chdir``)."""
        self.file_path = Path(os.path.abspath(path)) if path else None
        self.file_path_changed.emit(str(self.file_path or ""))

    def mark_clean(self) -> None:
        self._forced_modified = self._weights_unsaved = False
        self.undo_stack.setClean()
        self._emit_modified()

    def mark_modified(self) -> None:
        """Flag the design as unsaved without an edit (a restored recovery file)."""
        self._forced_modified = True
        self._emit_modified()

    def _on_undo_stack_clean_changed(self, _clean: bool) -> None:
        self._emit_modified()

    def _emit_modified(self) -> None:
        modified = self.is_modified()
        if modified != self._was_modified:
            self._was_modified = modified
            self.modified_changed.emit(modified)


def _expanded_from_view(design: Design) -> set[str]:
    """Expanded layers saved in ``view``; a small dense-only design opens expanded."""
    saved = design.view.get("expanded")
    if isinstance(saved, list):
        return {i for i in saved if isinstance(i, str) and design.has_node(i)}
    if design.nodes and all(n.type in ("Input", "Dense") for n in design.nodes):
        return {n.id for n in design.nodes}
    return set()


def _problem_keys(problems: list[Any]) -> list[tuple]:
    return [(p.severity, p.code, p.node_id, p.message) for p in problems]


def _live_tab_from_view(design: Design) -> str | None:
    """The live view a design opens with (``view["live_tab"]``), if it names one."""
    tab = design.view.get("live_tab")
    return tab if isinstance(tab, str) and tab else None
