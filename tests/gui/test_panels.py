"""Properties and Problems panels, clipboard and the status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from netdesigner.design.model import Edge


def _select(window, node_id: str) -> None:
    window.scene.select_nodes([node_id])


def test_properties_show_typed_editors_for_the_selected_layer(window):
    _select(window, "hidden_1")
    page = window.properties.node_page
    assert window.properties.node_id == "hidden_1"
    assert set(page.editors) >= {
        "units",
        "activation",
        "use_bias",
        "kernel_initializer",
    }
    assert page.editors["units"].box.value() == 4
    assert page.editors["activation"].box.currentText() == "tanh"
    assert "Parameters: <b>12</b>" in page.info.text()


def test_each_property_change_is_one_undo_step(window):
    doc = window.document
    _select(window, "hidden_1")
    editors = window.properties.node_page.editors
    editors["units"].box.setValue(7)
    assert doc.node("hidden_1").params["units"] == 7
    assert doc.undo_stack.count() == 1
    combo = editors["activation"].box
    combo.setCurrentText("relu")
    combo.activated.emit(combo.currentIndex())
    assert doc.node("hidden_1").params["activation"] == "relu"
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    assert combo.currentText() == "tanh", "the editor follows undo"


def test_conv_kernel_size_has_two_spin_boxes(window):
    doc = window.document
    conv = doc.add_node("Conv2D", (0, 400))
    _select(window, conv)
    editor = window.properties.node_page.editors["kernel_size"]
    editor.width.setValue(5)
    assert doc.node(conv).params["kernel_size"] == [3, 5]
    editor.height.setValue(5)
    assert doc.node(conv).params["kernel_size"] == 5


def test_no_selection_shows_the_design_and_renames_undoably(window):
    window.scene.clearSelection()
    page = window.properties.design_page
    assert window.properties.stack.currentWidget() is page
    page.name.setText("My circle")
    page.name.editingFinished.emit()
    assert window.document.design.name == "My circle"
    assert "My circle" in window.windowTitle()
    window.document.undo_stack.undo()
    assert page.name.text() == "Playground default"


def test_problems_update_live_and_a_click_selects_and_centres(window, qtbot):
    doc, panel = window.document, window.problems
    assert [r.text(1) for r in panel.rows()] == [
        "No problems: the design is ready to train."
    ]
    with qtbot.waitSignal(doc.problems_changed):
        doc.delete([], [Edge("input", "hidden_1")])
    codes = {r.data(0, Qt.ItemDataRole.UserRole).code for r in panel.rows()}
    assert "missing_input" in codes
    row = next(r for r in panel.rows() if r.text(0) == "hidden_1")
    window.view.centerOn(-1500, -1500)
    rect = panel.tree.visualItemRect(row)
    QTest.mouseClick(
        panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
    )
    assert window.scene.selected_node_ids() == ["hidden_1"]
    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert visible.contains(
        window.scene.node_items["hidden_1"].sceneBoundingRect().center()
    )


def test_fix_applies_and_undoes(window):
    doc, panel = window.document, window.problems
    original = doc.design.to_dict()
    doc.delete([], [Edge("input", "hidden_1")])
    broken = doc.design.to_dict()
    button = next(
        b for b in panel.fix_buttons if b.toolTip() == "connect input to hidden_1"
    )
    button.click()
    fixed = doc.design.to_dict()
    assert fixed["nodes"] == original["nodes"]
    assert sorted(map(str, fixed["edges"])) == sorted(map(str, original["edges"]))
    assert doc.undo_stack.undoText() == "Fix: connect input to hidden_1"
    assert ("input", "hidden_1") in window.scene.edge_items
    doc.undo_stack.undo()
    assert doc.design.to_dict() == broken


def test_copy_paste_keeps_inner_wires(window):
    doc = window.document
    window.scene.select_nodes(["hidden_1", "hidden_2"])
    window.actions["copy"].trigger()
    window.actions["paste"].trigger()
    new_ids = window.scene.selected_node_ids()
    assert len(new_ids) == 2 and not set(new_ids) & {"hidden_1", "hidden_2"}
    assert (
        Edge(*sorted(new_ids)) in doc.design.edges
        or Edge(*sorted(new_ids)[::-1]) in doc.design.edges
    )
    assert doc.undo_stack.undoText() == "Paste 2 layers"
    doc.undo_stack.undo()
    assert len(doc.design.nodes) == 4


def test_cut_is_one_step(window):
    doc = window.document
    before = doc.design.to_dict()
    window.scene.select_nodes(["hidden_2"])
    window.actions["cut"].trigger()
    assert not doc.design.has_node("hidden_2")
    assert doc.undo_stack.undoText() == "Cut 1 layer"
    doc.undo_stack.undo()
    assert doc.design.to_dict() == before


def test_status_bar_shows_parameters_and_validity(window):
    status = window.status
    assert status.params.text() == "25 parameters"
    assert "ready to train" in status.validity.text()
    window.document.disconnect_nodes("input", "hidden_1")
    assert "error" in status.validity.text()


def test_undo_action_names_the_edit(window):
    window.document.set_param("hidden_2", "units", 3)
    assert window.actions["undo"].text() == "&Undo Set units of 'hidden_2' to 3"


def test_shortcuts_dialog_lists_actions_and_gestures(window, qtbot):
    window.show_shortcuts()
    from netdesigner.gui.help import ShortcutsDialog

    dialog = window.findChild(ShortcutsDialog)
    qtbot.addWidget(dialog)
    texts = [dialog.table.item(i, 0).text() for i in range(dialog.table.rowCount())]
    assert "Save" in texts and "Connect two layers" in texts
    dialog.close()
    quit_keys = [k.toString() for k in window.actions["quit"].shortcuts()]
    assert "Ctrl+Q" in quit_keys and len(quit_keys) == len(set(quit_keys))
