"""Keeps the training session in step with the Document.

After an edit (debounced), ``TrainingLink.sync`` compares the design the session was
built from with the current one: when only the learning rate or the Dense layers'
``kernel_regularizer`` differ, the running session takes them at its next batch (and
the loss curve is marked); any other difference builds a new session, as Playground
resets on a change. When training pauses, stops or diverges, and about once a
second while it runs, the network's weights go into the Document with the epoch
they reached: unsaved work that Save writes beside the design and the autosave
keeps for recovery.
"""

from __future__ import annotations

import copy
import random
from typing import Any

from PySide6.QtCore import QObject, QTimer, Slot

from netdesigner.design.defaults import resolved_training
from netdesigner.design.model import Design
from netdesigner.gui.training.controller import TrainingController
from netdesigner.live.frames import HALT_STATES, Frame, Status


def _structure(design: Design) -> dict[str, Any]:
    """What the session depends on besides the live settings."""
    training = resolved_training(design)
    training["optimizer"] = {
        k: v for k, v in training["optimizer"].items() if k != "learning_rate"
    }
    training.pop("epochs", None)
    nodes = []
    for node in design.nodes:
        params = {k: v for k, v in node.params.items() if k != "kernel_regularizer"}
        nodes.append((node.id, node.type, params, node.trainable))
    edges = [(e.source, e.target) for e in design.edges]
    return {
        "nodes": nodes,
        "edges": edges,
        "dataset": design.dataset,
        "training": training,
    }


def _regularizers(design: Design) -> dict[str, Any]:
    return {
        n.id: n.params.get("kernel_regularizer")
        for n in design.nodes
        if n.type == "Dense"
    }


def classify_change(old: Design | None, new: Design) -> tuple[str, dict[str, Any]]:
    """ "same", "live" (with the changes to apply) or "rebuild"."""
    if old is None or _structure(old) != _structure(new):
        return "rebuild", {}
    changes: dict[str, Any] = {}
    lr_old = resolved_training(old)["optimizer"]["learning_rate"]
    lr_new = resolved_training(new)["optimizer"]["learning_rate"]
    if lr_old != lr_new:
        changes["learning_rate"] = lr_new
    epochs_old, epochs_new = (
        resolved_training(old)["epochs"],
        resolved_training(new)["epochs"],
    )
    if epochs_old != epochs_new:
        changes["epochs"] = epochs_new
    regs_old, regs_new = _regularizers(old), _regularizers(new)
    if regs_old != regs_new:
        changes["regularizers"] = {
            k: v for k, v in regs_new.items() if regs_old.get(k) != v
        }
    return ("live", changes) if changes else ("same", {})


class TrainingLink(QObject):
    """Rebuilds or live-updates the controller's session after document edits."""

    def __init__(
        self,
        document: Any,
        controller: TrainingController,
        parent: QObject | None = None,
        debounce_ms: int = 250,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.controller = controller
        self.session_design: Design | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._use_document_weights = True
        self._base_epoch = 0  # epochs the weights a session started from had reached
        self._taken_iteration: int | None = None
        for signal in (
            document.node_added,
            document.node_removed,
            document.node_changed,
            document.edge_added,
            document.settings_changed,
            document.edge_removed,
        ):
            signal.connect(self._on_document_edited)
        document.design_reset.connect(self._on_document_design_reset)
        controller.status_changed.connect(self._on_controller_status_changed)
        controller.frame_ready.connect(self._on_controller_frame_ready)

    # -- edits ------------------------------------------------------------------------
    @Slot()
    def _on_document_edited(self, *_args: Any) -> None:
        self._timer.start()

    @Slot()
    def _on_document_design_reset(self) -> None:
        self._use_document_weights = True
        self.session_design = None  # a new file: a new session, even if it looks alike
        self._timer.start()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.sync()

    def sync(self) -> str:
        """Apply the document's design to the session; returns what was done."""
        self._timer.stop()
        design = self.document.design
        errors = [
            p for p in getattr(self.document, "problems", []) if p.severity == "error"
        ]
        if errors:
            if len(errors) > 1:
                text = self.tr(
                    "The design has {count} problems (see Problems): fix them to "
                    "train. First: {first}"
                )
            else:
                text = self.tr(
                    "The design has 1 problem (see Problems): fix them to train. "
                    "First: {first}"
                )
            self.controller.block(
                text.format(count=len(errors), first=errors[0].message)
            )
            self.session_design = None  # whatever was trained, the next valid is new
            return "invalid"
        kind, changes = classify_change(self.session_design, design)
        if kind == "rebuild":
            self.rebuild()
        elif kind == "live":
            self.controller.set_live(changes)
            self.session_design = copy.deepcopy(design)
        return kind

    def rebuild(self, weights: dict | None = None) -> None:
        """A new session from the current design (Reset uses this too).

        weights : to start from instead of the document's or the seed's (partial:
            the rest keep the seed's initial values).
        """
        design = self.document.design
        self.session_design = copy.deepcopy(design)
        self._base_epoch, self._taken_iteration = 0, None
        if (
            weights is None
            and self._use_document_weights
            and getattr(self.document, "weights", None)
        ):
            weights = dict(self.document.weights)
            self._base_epoch = getattr(self.document, "weights_epoch", None) or 0
        self._use_document_weights = False
        path = getattr(self.document, "file_path", None)
        self.controller.load(design, None if path is None else path.parent, weights)

    def reset(self) -> None:
        """Start again from the seed's initial weights (forgets trained weights).

        Frozen layers (``trainable: false``, transfer learning) keep their weights:
        only what trains starts again.
        """
        self._timer.stop()
        self._use_document_weights = False
        frozen = {n.id for n in self.document.design.nodes if not n.trainable}
        saved = getattr(self.document, "weights", None) or {}
        kept = {k: v for k, v in saved.items() if k.split("/")[0] in frozen}
        if saved:
            self.document.clear_weights()
        self.rebuild(kept or None)

    def new_seed(self) -> None:
        """A new random training seed (an undoable edit); the session follows."""
        if getattr(self.document, "weights", None):
            self.document.clear_weights()
        self._use_document_weights = False
        self.document.set_setting("training", "seed", random.randrange(2**31))

    def stop(self) -> None:
        self._timer.stop()

    # -- results ----------------------------------------------------------------------
    @Slot(object)
    def _on_controller_status_changed(self, status: Status) -> None:
        frame = self.controller.last_frame
        if status.state in HALT_STATES and frame is not None:
            self._take_weights(frame)

    @Slot(object)
    def _on_controller_frame_ready(self, frame: Frame) -> None:
        if frame.running:
            self._take_weights(frame)

    def _take_weights(self, frame: Frame) -> None:
        """Trained weights into the Document, unless the frame has none or the
        network has not changed since the last ones taken (same iteration)."""
        weights, iteration = frame.all_weights, frame.iteration
        if not weights or iteration <= 0 or iteration == self._taken_iteration:
            return
        self._taken_iteration = iteration
        epoch = self._base_epoch + int(frame.epoch)
        self.document.set_trained_weights(weights, epoch=epoch)
