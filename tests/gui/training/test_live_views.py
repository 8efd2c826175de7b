"""Live training in an editor window: real sessions, real views."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest


def test_decision_map_image_changes_between_epochs(
    qtbot, step, training_window, playground_design
):
    _window, ui = training_window(playground_design(lr=0.1))
    initial = ui.views.decision_map.rgb.copy()
    step(ui)
    after_one = ui.views.decision_map.rgb.copy()
    for _ in range(3):
        step(ui)
    after_four = ui.views.decision_map.rgb
    assert initial.shape == (100, 100, 3)
    assert not np.array_equal(initial, after_one)
    assert not np.array_equal(after_one, after_four)
    assert ui.controller.last_frame.epoch == 4


def test_reset_with_the_same_seed_reproduces_the_first_epoch_loss(
    qtbot, step, training_window, playground_design
):
    _window, ui = training_window(playground_design(lr=0.1))
    step(ui)
    first = ui.views.loss_plot.epochs.column("train_loss").copy()
    step(ui)
    with qtbot.waitSignal(ui.controller.session_ready, timeout=10_000):
        ui.link.reset()
    qtbot.waitUntil(lambda: ui.controller.state == "ready", timeout=5000)
    assert len(ui.views.loss_plot.old_runs) == 1  # the first run stays, faded
    step(ui)
    again = ui.views.loss_plot.epochs.column("train_loss")
    assert len(first) == len(again) == 1
    assert again[0] == first[0]


def test_step_back_restores_the_previous_epochs_weights_exactly(
    qtbot, step, training_window, playground_design
):
    _window, ui = training_window(playground_design(lr=0.1))
    step(ui)
    after_one = ui.controller.last_frame.all_weights
    step(ui)
    step(ui, "batch")
    with qtbot.waitSignal(ui.controller.status_changed, timeout=5000):
        ui.controller.step_back()  # mid-epoch: back to the start of epoch 3
    with qtbot.waitSignal(ui.controller.status_changed, timeout=5000):
        ui.controller.step_back()  # back to the end of epoch 1
    frame = ui.controller.last_frame
    assert frame.epoch == 1
    assert frame.all_weights.keys() == after_one.keys()
    for key, value in after_one.items():
        np.testing.assert_array_equal(frame.all_weights[key], value)
    assert len(ui.views.loss_plot.epochs) == 1


def test_learning_rate_edit_mid_run_applies_live_and_marks_the_curve(
    qtbot, training_window, playground_design
):
    window, ui = training_window(playground_design(lr=0.03, epochs=100_000))
    ui.controller.play()
    qtbot.waitUntil(lambda: ui.controller.last_frame.epoch > 5, timeout=10_000)
    iteration_before = ui.controller.last_frame.iteration
    panel = ui.settings
    panel.learning_rate.setEditText("0.3")
    panel.learning_rate.lineEdit().editingFinished.emit()
    assert window.document.design.training["optimizer"]["learning_rate"] == 0.3
    qtbot.waitUntil(lambda: len(ui.views.loss_plot.marks) == 1, timeout=5000)
    qtbot.waitUntil(lambda: ui.controller.last_frame.learning_rate == 0.3)
    assert ui.controller.state == "running", ui.controller.message  # no rebuild
    assert ui.controller.last_frame.iteration > iteration_before
    assert len(ui.views.loss_plot.old_runs) == 0
    with qtbot.waitSignal(ui.controller.status_changed, timeout=5000):
        ui.controller.pause()
    window.document.undo_stack.undo()
    qtbot.waitUntil(lambda: len(ui.views.loss_plot.marks) == 2, timeout=5000)


def test_diverging_run_pauses_with_a_message_and_keeps_finite_weights(
    qtbot, training_window, playground_design
):
    design = playground_design(
        "plane", hidden=(8,), activation="relu", output="linear", lr=1.0
    )
    _window, ui = training_window(design)
    ui.controller.play()
    qtbot.waitUntil(lambda: ui.controller.state == "diverged", timeout=10_000)
    text = ui.controls.status_label.text()
    assert "learning rate" in text and "kept" in text
    weights = ui.controller.last_frame.all_weights
    assert all(np.isfinite(w).all() for w in weights.values())
    assert ui.controls.play_button.text() == "Play"


def test_hidden_neurons_show_live_thumbnails_and_hover_shows_them_large(
    qtbot, step, training_window, playground_design
):
    window, ui = training_window(playground_design(lr=0.1))
    step(ui)
    neurons = window.scene.node_items["hidden_1"].neurons
    assert len(neurons) == 4 and all(n.image is not None for n in neurons)
    before = neurons[0].image.copy()
    for _ in range(3):
        step(ui)
    assert neurons[0].image != before
    view = ui.views.decision_map
    output_rgb = view.rgb.copy()
    watcher = ui.canvas_live._watcher
    watcher.sceneEventFilter(neurons[2], QEvent(QEvent.Type.GraphicsSceneHoverEnter))
    assert view.caption.text() == "Neuron 3 of hidden_1"
    assert not np.array_equal(view.rgb, output_rgb)
    watcher.sceneEventFilter(neurons[2], QEvent(QEvent.Type.GraphicsSceneHoverLeave))
    np.testing.assert_array_equal(view.rgb, output_rgb)


def test_weight_lines_follow_training(qtbot, step, training_window, playground_design):
    window, ui = training_window(playground_design(lr=0.3))
    lines = window.scene.neuron_level.lines[("hidden_1", "hidden_2")]
    before = [line.value for line in lines]
    for _ in range(3):
        step(ui)
    kernel = ui.controller.last_frame.weights["hidden_2"]["kernel"]
    after = [line.value for line in lines]
    assert after != before
    assert all(
        abs(line.value - kernel[line.row, line.column]) <= 1e-3 for line in lines
    )


def test_confusion_matrix_click_filters_the_gallery(
    qtbot, step, training_window, sample_design
):
    design = sample_design("09_fashion_mnist_mlp.json")
    design.dataset = {"name": "digits"}
    design.nodes[0].params["shape"] = [8, 8, 1]
    window, ui = training_window(design)
    step(ui)
    results = ui.views.results
    counts = results.matrix.counts
    assert counts.shape == (10, 10) and counts.sum() == len(results.model.labels)
    row, col = np.unravel_index(np.argmax(counts * (1 - np.eye(10))), counts.shape)
    if counts[row, col] == 0:
        row = col = 0
    table = results.matrix
    rect = table.visualItemRect(table.item(int(row), int(col)))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    model = results.model
    assert model.cell == (row, col)
    assert len(model.rows) == counts[row, col]
    assert all(model.labels[i] == row and model.pred[i] == col for i in model.rows)
    results.show_all.click()
    assert len(model.rows) == len(model.labels)


def test_a_design_with_errors_cannot_train_until_fixed(
    qtbot, training_window, playground_design
):
    window, ui = training_window(playground_design(lr=0.1, epochs=100_000))
    ui.controller.play()
    qtbot.waitUntil(lambda: ui.controller.state == "running", timeout=5000)
    doc = window.document
    doc.disconnect_nodes("hidden_2", "output")
    qtbot.waitUntil(lambda: ui.controller.state == "invalid", timeout=5000)
    qtbot.wait(300)  # the worker's "paused" must not undo the block
    assert ui.controller.state == "invalid"
    assert "fix them to train" in ui.controls.status_label.text()
    assert not ui.controls.play_button.isEnabled()
    stopped_at = ui.controller.last_frame.iteration
    ui.controller.play()
    qtbot.wait(200)
    assert ui.controller.last_frame.iteration == stopped_at
    doc.undo_stack.undo()
    qtbot.waitUntil(lambda: ui.controller.state == "ready", timeout=10_000)
    assert ui.controls.play_button.isEnabled()
    assert ui.controller.last_frame.iteration == 0  # a fresh session


def test_regularisation_changes_live_and_counters_show_progress(
    qtbot, training_window, playground_design
):
    _window, ui = training_window(playground_design(lr=0.03, epochs=100_000))
    ui.controller.play()
    qtbot.waitUntil(lambda: ui.controller.last_frame.epoch > 3, timeout=10_000)
    panel = ui.settings
    panel.reg_kind.setCurrentText("l2")
    panel.reg_rate.setEditText("0.01")
    panel.reg_kind.activated.emit(panel.reg_kind.currentIndex())
    qtbot.waitUntil(lambda: len(ui.views.loss_plot.marks) == 1, timeout=5000)
    assert ui.views.loss_plot.marks[0].label.toPlainText() == "reg L2 0.01"
    assert ui.controller.state == "running"
    trainer = ui.controller._worker.live.session.trainer  # read-only look from the test
    assert (
        trainer.network.regularizers and trainer.network.regularizers[0][0].l2 == 0.01
    )
    with qtbot.waitSignal(ui.controller.status_changed, timeout=5000):
        ui.controller.pause()
    frame = ui.controller.last_frame
    controls = ui.controls
    assert controls.epoch_label.text() == f"Epoch {frame.epoch:,} / 100,000"
    assert controls.iteration_label.text() == f"Iteration {frame.iteration:,}"
    assert controls.elapsed_label.text().endswith(" s")
    assert controls.progress.maximum() == 100_000


def test_new_seed_builds_a_different_network(
    qtbot, step, training_window, playground_design
):
    window, ui = training_window(playground_design(lr=0.1))
    step(ui)
    first = ui.views.loss_plot.epochs.column("train_loss")[0]
    seed = window.document.design.training["seed"]
    with qtbot.waitSignal(ui.controller.session_ready, timeout=10_000):
        ui.controls.new_seed_button.click()
    qtbot.waitUntil(lambda: ui.controller.state == "ready", timeout=5000)
    assert window.document.design.training["seed"] != seed
    assert ui.settings.seed.value() == window.document.design.training["seed"]
    step(ui)
    assert ui.views.loss_plot.epochs.column("train_loss")[0] != first
    window.document.undo_stack.undo()  # the seed edit is undoable
    assert window.document.design.training["seed"] == seed
