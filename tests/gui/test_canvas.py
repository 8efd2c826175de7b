"""The canvas: palette drops, wiring with refusal, neurons, moves, zoom."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from netdesigner.gui.canvas import NODE_MIME_TYPE, style

EXAMPLES = Path(__file__).resolve().parents[1] / "shared_examples"


def _drag_event(cls, pos: QPoint, mime: QMimeData):
    try:  # Qt >= 6.12 takes QPointF (the QPoint form is deprecated there)
        return cls(
            QPointF(pos),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    except TypeError:  # Qt 6.11 takes only QPoint
        return cls(
            pos,
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )


def drop_on(view, mime: QMimeData, pos: QPoint) -> bool:
    """Send enter, move and drop to the viewport, as a real drag would."""
    viewport = view.viewport()
    for cls in (QDragEnterEvent, QDragMoveEvent):
        QApplication.sendEvent(viewport, _drag_event(cls, pos, mime))
    drop = _drag_event(QDropEvent, pos, mime)
    QApplication.sendEvent(viewport, drop)
    return drop.isAccepted()


def palette_mime(window, type_name: str) -> QMimeData:
    tree = window.palette.tree
    return tree.mimeData([tree.entry(type_name)])


def test_palette_entries_carry_the_node_type(window):
    mime = palette_mime(window, "Conv2D")
    assert json.loads(bytes(mime.data(NODE_MIME_TYPE)).decode()) == {"type": "Conv2D"}
    tip = window.palette.tree.entry("Conv2D").toolTip(0)
    assert "⌊(in − k + 2·p) / s⌋" in tip


def test_palette_search_filters_entries(window):
    window.palette.search.setText("pool")
    tree = window.palette.tree
    visible = [i.text(0) for i in tree.entries() if not i.isHidden()]
    assert visible == ["MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D"]
    groups = [tree.topLevelItem(g) for g in range(tree.topLevelItemCount())]
    assert next(g for g in groups if g.text(0) == "Basics").isHidden()  # no match


def test_palette_search_ranks_name_matches_first(window):
    window.palette.search.setText("add")  # Neuron's summary says "add a unit"
    tree = window.palette.tree
    visible = [i.text(0) for i in tree.entries() if not i.isHidden()]
    assert visible[0] == "Add" and "Neuron" in visible
    assert tree.currentItem().text(0) == "Add"  # Enter adds it
    window.palette.search.clear()
    order = [i.text(0) for i in tree.entries()]
    assert order[:4] == ["Input", "Dense", "Neuron", "Activation"]  # lesson order


def test_dropping_a_palette_entry_creates_the_node_where_dropped(window, qtbot):
    view, doc = window.view, window.document
    pos = QPoint(150, 500)
    with qtbot.waitSignal(doc.node_added) as added:
        assert drop_on(view, palette_mime(window, "Dropout"), pos)
    node_id = added.args[0]
    assert doc.node(node_id).type == "Dropout"
    item = window.scene.node_items[node_id]
    assert item.sceneBoundingRect().contains(view.mapToScene(pos))
    assert item.isSelected()
    assert doc.undo_stack.undoText() == f"Add Dropout '{node_id}'"


def test_a_foreign_drop_is_ignored(window, qtbot):
    mime = QMimeData()
    mime.setText("Dense")
    before = window.document.design.to_dict()
    with qtbot.assertNotEmitted(window.document.node_added):
        assert not drop_on(window.view, mime, QPoint(100, 100))
    assert window.document.design.to_dict() == before


def test_a_neuron_dropped_on_a_dense_layer_adds_a_unit(window):
    item = window.scene.node_items["hidden_1"]
    pos = window.view.mapFromScene(item.sceneBoundingRect().center())
    assert drop_on(window.view, palette_mime(window, "Neuron"), pos)
    assert window.document.node("hidden_1").params["units"] == 5
    assert len(item.neurons) == 5


def _port_pos(window, node_id: str, kind: str) -> QPoint:
    item = window.scene.node_items[node_id]
    port = item.out_port if kind == "out" else item.in_port
    return window.view.mapFromScene(port.anchor())


def _drag_wire(window, start: QPoint, end: QPoint) -> None:
    viewport = window.view.viewport()
    QTest.mousePress(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start
    )
    QTest.mouseMove(viewport, (start + end) / 2)
    QTest.mouseMove(viewport, end)
    QTest.mouseRelease(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end
    )


def test_dragging_from_an_output_port_to_an_input_port_connects(window):
    doc = window.document
    doc.disconnect_nodes("hidden_2", "output")
    _drag_wire(
        window, _port_pos(window, "hidden_2", "out"), _port_pos(window, "output", "in")
    )
    assert doc.design.inputs_of("output") == ["hidden_2"]
    assert doc.undo_stack.undoText() == "Connect hidden_2 → output"
    assert ("hidden_2", "output") in window.scene.edge_items


@pytest.mark.qt_log_ignore("does not support raise")  # the refusal tooltip, offscreen
def test_a_second_input_is_refused_while_dragging(window, qtbot):
    doc, scene = window.document, window.scene
    before = doc.design.to_dict()
    viewport = window.view.viewport()
    start, end = (
        _port_pos(window, "hidden_2", "out"),
        _port_pos(window, "hidden_1", "in"),
    )
    QTest.mousePress(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start
    )
    QTest.mouseMove(viewport, end)
    assert scene.wire_drag is not None
    assert "already takes its input from 'input'" in scene.wire_drag.refusal
    assert scene.wire_drag.wire.pen().color() == style.ERROR
    with qtbot.waitSignal(scene.message_posted) as message:
        QTest.mouseRelease(
            viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end
        )
    assert "already takes its input" in message.args[0]
    assert doc.design.to_dict() == before
    assert scene.wire_drag is None


def test_edges_show_the_shape_that_flows(window):
    edge = window.scene.edge_items[("hidden_1", "hidden_2")]
    assert edge.label == "4"
    assert "4 numbers" in edge.toolTip()


def test_dragging_a_node_is_one_undoable_move(window):
    doc = window.document
    window.scene.node_items["input"].setSelected(False)
    item = window.scene.node_items["output"]
    start = window.view.mapFromScene(
        item.sceneBoundingRect().topLeft() + QPointF(40, 10)
    )
    viewport = window.view.viewport()
    QTest.mousePress(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start
    )
    for step in range(1, 6):
        QTest.mouseMove(viewport, start + QPoint(10 * step, 8 * step))
    QTest.mouseRelease(
        viewport,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        start + QPoint(50, 40),
    )
    moved = doc.node("output").position
    assert moved != (660.0, 120.0)
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Move output"
    doc.undo_stack.undo()
    assert doc.node("output").position == (660.0, 120.0)
    assert item.pos() == QPointF(660.0, 120.0)


def test_selecting_a_neuron_and_pressing_delete_removes_the_unit(window, qtbot):
    scene = window.scene
    neuron = scene.neuron_item("hidden_1", 2)
    scene.clearSelection()
    neuron.setSelected(True)
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Delete)
    assert window.document.node("hidden_1").params["units"] == 3
    assert len(scene.node_items["hidden_1"].neurons) == 3
    assert window.document.undo_stack.undoText() == "Remove neuron 3 of 'hidden_1'"


def test_weight_lines_connect_expanded_layers_and_double_click_edits(window, dialogs):
    lines = window.scene.neuron_level.lines[("input", "hidden_1")]
    assert len(lines) == 2 * 4
    line = next(ln for ln in lines if (ln.row, ln.column) == (1, 3))
    assert "Weight x2 → neuron 4 of 'hidden_1'" in line.toolTip()
    dialogs.value_answer = -0.75
    window.scene.edit_weight(line.key, line.row, line.column)
    doc = window.document
    assert doc.weights["hidden_1/kernel"][1, 3] == pytest.approx(-0.75)
    assert window.scene.neuron_level.lines[("input", "hidden_1")][
        7
    ].value == pytest.approx(-0.75)
    doc.undo_stack.undo()
    assert doc.weights == {}


def test_expanding_and_collapsing_a_layer(window):
    doc, scene = window.document, window.scene
    doc.set_expanded("hidden_1", False)
    assert scene.node_items["hidden_1"].neurons == []
    assert ("input", "hidden_1") not in scene.neuron_level.lines
    assert not scene.edge_items[("input", "hidden_1")].bundled
    window.scene.node_items["hidden_1"].setSelected(True)
    window.toggle_neurons()
    assert len(scene.node_items["hidden_1"].neurons) == 4


def test_zoom_and_fit(window):
    view = window.view
    view.reset_zoom()
    window.actions["zoom_in"].trigger()
    assert view.zoom() == pytest.approx(1.2)
    window.actions["zoom_out"].trigger()
    window.actions["zoom_out"].trigger()
    assert view.zoom() == pytest.approx(1 / 1.2)
    window.actions["fit"].trigger()
    rect = view.mapToScene(view.viewport().rect()).boundingRect()
    for item in window.scene.node_items.values():
        assert rect.contains(item.sceneBoundingRect())


def test_auto_layout_orders_by_depth_in_one_step(window):
    doc = window.document
    doc.move_nodes({"input": (500, 400), "output": (-300, -90)})
    window.auto_layout()
    xs = [doc.node(i).position[0] for i in ("input", "hidden_1", "hidden_2", "output")]
    assert xs == sorted(xs) and len(set(xs)) == 4
    assert doc.undo_stack.undoText() == "Auto-layout"


def test_conv_and_pooling_nodes_explain_their_shape_arithmetic(window):
    from netdesigner.gui import backend

    design = backend.load_design(EXAMPLES / "lenet5_mnist.json")
    window.document.reset(design)
    conv = window.scene.node_items["conv_2"]
    arithmetic = window.document.shapes["conv_2"].arithmetic
    assert arithmetic and arithmetic in conv.toolTip()
    assert "10×10×16" in conv.toolTip()
    pool = window.scene.node_items["pool_2"]
    assert window.document.shapes["pool_2"].arithmetic in pool.toolTip()
    assert window.scene.edge_items[("pool_2", "flatten")].label == "5×5×16"


def test_a_neuron_dropped_on_empty_canvas_is_a_one_unit_layer(window):
    pos = QPoint(120, 600)
    assert drop_on(window.view, palette_mime(window, "Neuron"), pos)
    node_id = window.scene.selected_node_ids()[0]
    node = window.document.node(node_id)
    assert (node.type, node.params["units"]) == ("Dense", 1)
    assert len(window.scene.node_items[node_id].neurons) == 1


def test_arrow_key_nudges_merge_into_one_step(window):
    doc = window.document
    window.scene.select_nodes(["output"])
    window.view.setFocus()
    for _ in range(3):
        QTest.keyClick(window.view.viewport(), Qt.Key.Key_Right)
    assert doc.node("output").position == (690.0, 120.0)
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.node("output").position == (660.0, 120.0)


def test_right_click_menus_offer_what_fits_the_item(window):
    from netdesigner.gui.canvas.context_menu import build_context_menu

    scene = window.scene
    centre = scene.node_items["hidden_2"].sceneBoundingRect().bottomLeft() + QPointF(
        20, -8
    )
    menu = build_context_menu(scene, centre)
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts == ["Hide neurons", "Add a neuron", "Delete layer"]
    next(a for a in menu.actions() if a.text() == "Add a neuron").trigger()
    assert window.document.node("hidden_2").params["units"] == 3
    neuron = scene.neuron_item("hidden_2", 0)
    menu = build_context_menu(scene, neuron.scenePos())
    assert [a.text() for a in menu.actions()] == ["Edit bias…", "Remove this neuron"]
    assert build_context_menu(scene, QPointF(-1500, -1500)).actions() == []


def test_default_design_is_playgrounds(qapp):
    from netdesigner.gui import backend
    from netdesigner.gui.app import default_design

    example = backend.load_design(EXAMPLES / "playground_default.json")
    mine = default_design()
    for key in ("nodes", "edges", "dataset", "training"):
        assert mine.to_dict()[key] == example.to_dict()[key]
