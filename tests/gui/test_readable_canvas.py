"""A readable canvas: legible zoom, compact cards, folded blocks, free space, and
the small truths (Ctrl+Y, Recent paths, a non-linear new Dense, weight hover)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QPointF
from PySide6.QtGui import QKeySequence

from netdesigner.design.io import dumps_design, loads_design
from netdesigner.gui.canvas import style
from netdesigner.gui.canvas.node_item import COMPACT_HEIGHT
from netdesigner.gui.canvas.view import LEGIBLE_POINT_SIZE, READABLE_ZOOM
from netdesigner.gui.document import Document

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _overlap(a, b) -> bool:
    return a.sceneBoundingRect().intersects(b.sceneBoundingRect())


def test_folding_a_block_is_one_step_and_survives_undo_and_save(window):
    doc, scene = window.document, window.scene
    assert doc.fold_block(["hidden_1", "hidden_2"], "hidden block") is None
    assert doc.undo_stack.undoText() == "Fold block 'hidden block'"
    assert list(scene.block_items) == ["hidden block"]
    assert not scene.node_items["hidden_1"].isVisible()
    assert not scene.edge_items[("hidden_1", "hidden_2")].isVisible()  # inside
    assert scene.edge_items[("input", "hidden_1")].isVisible()  # to the block
    saved = loads_design(dumps_design(doc.for_saving()))
    assert saved.view["blocks"] == [
        {"name": "hidden block", "nodes": ["hidden_1", "hidden_2"]}
    ]
    assert [n.to_dict() for n in saved.nodes] == [
        n.to_dict() for n in doc.design.nodes
    ]  # the graph itself is untouched
    reopened = Document(saved)
    assert reopened.blocks() == doc.blocks()
    reopened.deleteLater()
    doc.undo_stack.undo()
    assert scene.block_items == {} and scene.node_items["hidden_1"].isVisible()
    doc.undo_stack.redo()
    doc.unfold_block("hidden block")
    assert doc.undo_stack.undoText() == "Unfold block 'hidden block'"
    assert scene.block_items == {} and "blocks" not in doc.design.view


def test_a_block_refuses_one_layer_and_a_layer_already_folded(doc):
    assert "two or more" in doc.fold_block(["hidden_1"], "x")
    assert doc.fold_block(["input", "hidden_1"], "a") is None
    assert "already in a block" in doc.fold_block(["hidden_1", "output"], "b")


def test_compact_cards_are_undoable_and_saved(window):
    doc, item = window.document, window.scene.node_items["hidden_2"]
    doc.set_expanded("hidden_2", False)
    doc.set_collapsed(["hidden_2"], True)
    assert item.size()[1] == COMPACT_HEIGHT
    assert doc.for_saving().view["collapsed"] == ["hidden_2"]
    doc.undo_stack.undo()
    assert item.size()[1] > COMPACT_HEIGHT


def test_a_sample_opens_at_a_legible_zoom(window, qtbot):
    assert READABLE_ZOOM * style.SMALLEST_CARD_POINT_SIZE >= LEGIBLE_POINT_SIZE
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    assert window.files.open_path(str(SAMPLES / "11_lenet5_batchnorm_fashion.json"))
    window.after_document_reset()
    assert window.view.zoom() >= READABLE_ZOOM - 1e-9
    seen = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert seen.contains(window.scene.node_items["input"].sceneBoundingRect())


def test_auto_layout_chooses_a_direction_and_leaves_no_overlap(window, qtbot):
    window.resize(700, 1200)  # a tall view reads top to bottom
    window.show()
    qtbot.waitExposed(window)
    doc = window.document
    for node in doc.design.nodes:
        doc.set_expanded(node.id, False)
    window.auto_layout()
    assert doc.design.view["direction"] == "TB"
    assert doc.undo_stack.undoText() == "Auto-layout"
    items = list(window.scene.node_items.values())
    assert not any(_overlap(a, b) for i, a in enumerate(items) for b in items[i + 1 :])
    out = window.scene.node_items["input"].output_anchor()
    assert out.y() > window.scene.node_items["input"].pos().y()  # port at the bottom


def test_a_dropped_node_lands_in_free_space(window):
    scene = window.scene
    target = scene.node_items["hidden_1"].sceneBoundingRect().center()
    node_id = scene.drop_entry("Dropout", target)
    new = scene.node_items[node_id]
    assert not any(
        _overlap(new, other) for i, other in scene.node_items.items() if i != node_id
    )


def test_a_pasted_layer_lands_in_free_space(window):
    window.scene.select_nodes(["hidden_1"])
    window.copy()
    window.paste()
    (new_id,) = window.scene.selected_node_ids()
    new = window.scene.node_items[new_id]
    assert not any(
        _overlap(new, other)
        for i, other in window.scene.node_items.items()
        if i != new_id
    )


def test_ctrl_y_redoes_recent_shows_paths_and_dense_starts_non_linear(window):
    assert QKeySequence("Ctrl+Y") in window.actions["redo"].shortcuts()
    assert window.menus["recent"].toolTipsVisible()
    node_id = window.scene.drop_entry("Dense", QPointF(2000, 2000))
    assert window.document.node(node_id).params["activation"] == "relu"


def test_weight_lines_are_easy_to_hover_and_show_their_value(window):
    lines = next(iter(window.scene.neuron_level.lines.values()))
    line = lines[0]
    assert line.shape().boundingRect().height() >= 14 or (
        line.shape().boundingRect().width() >= 14
    )
    assert line.value_text() == f"{line.value:+.3g}"
    tip = line.toolTip()
    assert tip.startswith("Weight x1 → neuron 1 of 'hidden_1'")
    assert json.dumps(tip)
