"""The Training and Dataset panels edit the design through the Document (undoable)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from netdesigner.gui.training.dataset_panel import DatasetPanel
from netdesigner.gui.training.link import classify_change
from netdesigner.gui.training.training_panel import TrainingSettingsPanel


def test_training_settings_are_undoable_document_edits(
    qtbot, playground_design, make_document
):
    doc = make_document(playground_design())
    panel = TrainingSettingsPanel(doc)
    qtbot.addWidget(panel)
    panel.batch_size.setValue(25)
    panel.batch_size.editingFinished.emit()
    panel.optimizer.setCurrentText("adam")
    panel.optimizer.activated.emit(panel.optimizer.currentIndex())
    assert doc.design.training["batch_size"] == 25
    assert doc.design.training["optimizer"] == {"type": "adam", "learning_rate": 0.03}
    assert "beta_1" in panel._arg_widgets  # the optimizer's own arguments appear
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.design.training["batch_size"] == 10
    assert doc.design.training["optimizer"]["type"] == "sgd"
    assert panel.batch_size.value() == 10 or panel.refresh() is None


def test_regularisation_sets_every_dense_kernel_in_one_undo_step(
    qtbot, playground_design, make_document
):
    doc = make_document(playground_design())
    panel = TrainingSettingsPanel(doc)
    qtbot.addWidget(panel)
    panel.reg_kind.setCurrentText("l2")
    panel.reg_rate.setEditText("0.003")
    panel.reg_kind.activated.emit(panel.reg_kind.currentIndex())
    dense = [n for n in doc.design.nodes if n.type == "Dense"]
    assert all(n.params["kernel_regularizer"] == {"l2": 0.003} for n in dense)
    doc.undo_stack.undo()
    assert all("kernel_regularizer" not in n.params for n in dense)


def test_only_live_settings_apply_to_a_running_session(
    qtbot, playground_design, make_document
):
    doc = make_document(playground_design())
    panel = TrainingSettingsPanel(doc)
    qtbot.addWidget(panel)
    panel.set_running(True)
    assert panel.learning_rate.isEnabled() and panel.reg_kind.isEnabled()
    assert not panel.batch_size.isEnabled() and not panel.loss.isEnabled()
    old = doc.design.copy()
    new = doc.design.copy()
    new.training["optimizer"]["learning_rate"] = 0.1
    new.nodes[1].params["kernel_regularizer"] = {"l1": 0.01}
    assert classify_change(old, new) == (
        "live",
        {"learning_rate": 0.1, "regularizers": {"hidden_1": {"l1": 0.01}}},
    )
    new.training["batch_size"] = 30
    assert classify_change(old, new)[0] == "rebuild"


def test_dataset_panel_picks_sets_and_toggles_features_with_the_input_shape(
    qtbot, playground_design, make_document
):
    doc = make_document(playground_design())
    panel = DatasetPanel(doc)
    qtbot.addWidget(panel)
    assert panel.sets.count() >= 16 and panel.plane_box.isVisibleTo(panel)
    assert panel.minimumSizeHint().width() <= 250  # fits the Data dock's column
    spiral = next(
        panel.sets.item(i)
        for i in range(panel.sets.count())
        if panel.sets.item(i).data(Qt.ItemDataRole.UserRole) == "spiral"
    )
    panel.sets.itemClicked.emit(spiral)
    assert doc.design.dataset["name"] == "spiral"
    panel.features["x1^2"].click()
    assert doc.design.dataset["features"] == ["x1", "x2", "x1^2"]
    assert doc.design.node("input").params["shape"] == [3]
    doc.undo_stack.undo()  # one step undoes the features and the Input shape
    assert doc.design.node("input").params["shape"] == [2]
    assert "features" not in doc.design.dataset
    panel.noise.setValue(25)
    assert doc.design.dataset["noise"] == 25
    seed = doc.design.dataset.get("seed")
    panel.regenerate.click()
    assert doc.design.dataset["seed"] != seed


def test_dataset_panel_shows_class_samples_for_image_sets(
    qtbot, playground_design, make_document
):
    doc = make_document(playground_design("digits"))
    panel = DatasetPanel(doc)
    qtbot.addWidget(panel)
    assert panel.samples_box.isVisibleTo(panel) and not panel.plane_box.isVisibleTo(
        panel
    )
    assert panel._samples_grid.count() == 20  # ten pictures and ten class names
    assert panel.minimumSizeHint().width() <= 250  # fits the Data dock's column


def test_a_schedule_shows_its_arguments_and_a_preview_of_the_rate(
    qtbot, playground_design, make_document
):
    from netdesigner.gui.training.schedule_editor import rates, schedule_arguments

    assert schedule_arguments("step") == {"drop_every": 10, "factor": 0.5}
    assert schedule_arguments("cosine") == {"decay_steps": None, "alpha": 0.0}
    doc = make_document(playground_design(lr=0.1, epochs=30))
    panel = TrainingSettingsPanel(doc)
    qtbot.addWidget(panel)
    editor = panel.schedule_editor
    assert not editor.isVisibleTo(panel)  # no schedule
    panel.schedule.setCurrentText("step")
    panel.schedule.activated.emit(panel.schedule.currentIndex())
    assert doc.design.training["lr_schedule"] == {"type": "step"}
    assert editor.isVisibleTo(panel) and list(editor.fields) == ["drop_every", "factor"]
    editor.fields["drop_every"].setText("5")
    editor.fields["drop_every"].editingFinished.emit()
    assert doc.design.training["lr_schedule"] == {
        "type": "step",
        "drop_every": 5,
        "factor": 0.5,
    }
    x, y = editor.curve.getData()
    assert len(x) == 30 and x[0] == 1
    np.testing.assert_allclose(y[:6], [0.1] * 5 + [0.05])  # halved after 5 epochs
    np.testing.assert_allclose(y, rates(doc.design.training["lr_schedule"], 0.1, 30))
    editor.fields["factor"].setText("half")
    editor.fields["factor"].editingFinished.emit()
    assert "factor: expected a number, found 'half'" in editor.problem.text()
    assert doc.design.training["lr_schedule"]["factor"] == 0.5  # unchanged
    doc.undo_stack.undo()
    assert doc.design.training["lr_schedule"] == {"type": "step"}
    assert editor.fields["drop_every"].text() == "10"


def _click_set(panel: DatasetPanel, name: str) -> None:
    item = next(
        panel.sets.item(i)
        for i in range(panel.sets.count())
        if panel.sets.item(i).data(Qt.ItemDataRole.UserRole) == name
    )
    panel.sets.itemClicked.emit(item)


def test_number_of_spiral_classes_is_one_undoable_data_edit(
    qtbot, playground_design, make_document
):
    from netdesigner.design.session_data import load_design_dataset
    from netdesigner.design.validation import validate

    doc = make_document(playground_design("spiral"))
    panel = DatasetPanel(doc)
    qtbot.addWidget(panel)
    assert panel.plane_form.isRowVisible(panel.n_classes)
    assert panel.n_classes.value() == 2  # Playground's two arms
    steps = doc.undo_stack.count()
    panel.n_classes.setValue(4)
    assert doc.undo_stack.count() == steps + 1
    assert doc.design.dataset["n_classes"] == 4
    dataset = load_design_dataset(doc.design)
    assert dataset.info.n_classes == 4
    assert set(np.unique(dataset.y_train)) == {0, 1, 2, 3}
    units = [p for p in validate(doc.design) if p.node_id == "output"]
    assert units and units[0].fix.args["value"] == 4  # Fix: four output units
    doc.undo_stack.undo()
    assert "n_classes" not in doc.design.dataset and panel.n_classes.value() == 2
    doc.undo_stack.redo()
    _click_set(panel, "circle")  # circle has no such option: the row hides and the
    assert not panel.plane_form.isRowVisible(panel.n_classes)  # key goes, one step
    assert "n_classes" not in doc.design.dataset
    assert load_design_dataset(doc.design).info.n_classes == 2
    doc.undo_stack.undo()
    assert doc.design.dataset == {"name": "spiral", "n_classes": 4}
    _click_set(panel, "blobs")  # blobs keep their centres
    assert panel.n_classes.value() == 4 and panel.plane_form.isRowVisible(
        panel.n_classes
    )
