"""The softmax panel (a clicked point or image, typed logits, the course's example),
early stopping on the curve, run labels and runs per design, the map's extent."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt

from netdesigner.gui.training.decision_map import EXTENT_KEY
from netdesigner.gui.training.softmax_view import SoftmaxView, parse_logits
from netdesigner.live.frames import SessionSummary


def _hand_softmax():
    """The course's example worked by hand: e^2.3, e^4.1, e^5.6 and their sum."""
    exps = [9.974182, 60.340288, 270.426407]
    total = sum(exps)  # 340.740877
    return exps, total, [e / total for e in exps]


def test_the_course_example_gives_its_probabilities_and_loss(qtbot):
    view = SoftmaxView()
    qtbot.addWidget(view)
    view.set_classes(["shirt", "shoe", "bag"])
    view.example_button.click()
    exps, total, probs = _hand_softmax()
    steps = view.steps
    assert steps.logits == (2.3, 4.1, 5.6) and steps.true_class == 2
    assert np.allclose(steps.exps, exps, rtol=1e-6)
    assert math.isclose(steps.total, total, rel_tol=1e-6)
    assert [round(p, 2) for p in steps.probabilities] == [0.03, 0.18, 0.79]
    assert math.isclose(steps.cross_entropy, -math.log(probs[2]), rel_tol=1e-6)
    text = view.body.text()
    for shown in ("9.974", "60.34", "270.4", "340.7", "0.03", "0.18", "0.79"):
        assert shown in text
    assert "0.2311" in text  # -ln 0.7936 = 0.23113
    assert "bag ✔" in text  # the true class is marked


def test_typed_logits_and_a_sigmoid_unit(qtbot):
    view = SoftmaxView()
    qtbot.addWidget(view)
    assert parse_logits("1, 2;3") == [1.0, 2.0, 3.0] and parse_logits("a, 1") is None
    view.logits_edit.setText("0, 0")
    view.true_class.setValue(1)
    assert view.show_typed()
    assert view.steps.probabilities == (0.5, 0.5)
    assert math.isclose(view.steps.cross_entropy, math.log(2))
    view.logits_edit.setText("two")
    assert not view.show_typed() and "two" in view.body.text()
    from netdesigner.live.softmax import softmax_steps

    view.follow_run()
    view.show_steps(softmax_steps([0.0, 2.0], 0, binary=True), "point")
    text = view.body.text()
    assert "sigmoid" in text and "Binary cross-entropy" in text
    assert "0.88" in text  # p = 1 / (1 + e^-2)
    assert f"{-math.log(1 - 1 / (1 + math.exp(-2))):.4g}" in text


def _click_map(qtbot, view, point):
    """A real mouse click on the decision map at data coordinates ``point``."""
    plot = view.plot
    scene_pos = plot.getPlotItem().vb.mapViewToScene(QPointF(*point))
    widget_pos = plot.mapFromScene(scene_pos)
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(widget_pos))


def test_a_clicked_point_of_the_spiral_shows_its_softmax(
    qtbot, training_window, sample_design
):
    window, ui = training_window(sample_design("07_spiral_three_classes.json"))
    views = ui.views
    ui.controls.step_epoch_button.click() if hasattr(
        ui.controls, "step_epoch_button"
    ) else ui.controller.step_epoch()
    qtbot.waitUntil(lambda: ui.controller.state == "paused", timeout=20_000)
    info = views.decision_map.info
    point = tuple(float(v) for v in info.points_train[7])
    _click_map(qtbot, views.decision_map, point)
    qtbot.waitUntil(lambda: views.softmax.steps is not None, timeout=10_000)
    steps = views.softmax.steps
    assert views.softmax.isVisible()
    assert steps.true_class == int(info.y_train[7]) and len(steps.logits) == 3
    assert math.isclose(sum(steps.probabilities), 1.0, rel_tol=1e-9)
    assert "✔" in views.softmax.body.text()
    # the numbers follow the run: a step later they are the new network's
    before = steps.logits
    ui.controller.step_epoch()
    qtbot.waitUntil(lambda: views.softmax.steps.logits != before, timeout=20_000)
    views.softmax.close_button.click()
    assert not views.softmax.isVisible() and views.inspecting == ""


def test_a_tanh_output_says_what_it_shows(qtbot, training_window, playground_design):
    window, ui = training_window(playground_design())
    info = ui.views.decision_map.info
    _click_map(qtbot, ui.views.decision_map, tuple(info.points_train[0]))
    qtbot.waitUntil(lambda: "tanh" in ui.views.softmax.body.text(), timeout=10_000)
    assert ui.views.softmax.steps is None


def test_early_stopping_marks_where_it_stopped_and_the_restored_epoch(
    qtbot, training_window, playground_design
):
    design = playground_design(dataset="xor", lr=0.03, epochs=300)
    window, ui = training_window(design)
    panel = ui.settings
    panel.early_stop.setChecked(True)  # one undoable edit
    panel.early_monitor.setCurrentText("loss")
    panel.early_monitor.activated.emit(panel.early_monitor.currentIndex())
    panel.early_patience.setValue(3)
    panel.early_patience.editingFinished.emit()
    panel.early_min_delta.setText("0,05")  # an improvement of 0.05 at least
    panel.early_min_delta.editingFinished.emit()
    early = window.document.design.training["early_stopping"]
    assert early["monitor"] == "loss" and early["patience"] == 3
    assert early["min_delta"] == 0.05
    panel.early_restore.setChecked(True)
    assert window.document.design.training["early_stopping"]["restore_best_weights"]
    assert ui.link.sync() == "rebuild"  # now, not after the debounce
    qtbot.waitUntil(lambda: ui.controller.state == "ready", timeout=10_000)
    ui.controller.play()
    qtbot.waitUntil(lambda: ui.controller.state == "finished", timeout=30_000)
    plot = ui.views.loss_plot
    stop = plot.early_stop
    assert stop is not None and stop["restored"]
    assert stop["epoch"] < 300 and stop["best_epoch"] <= stop["epoch"] - 3
    values = [line.value() for line in plot.stop_marks]
    assert values == [stop["epoch"], stop["best_epoch"]]
    texts = [line.label.format for line in plot.stop_marks]
    assert texts == [
        f"stopped at epoch {stop['epoch']}",
        f"restored epoch {stop['best_epoch']}",
    ]
    for _ in range(5):  # five edits, five undo steps
        window.document.undo_stack.undo()
    assert "early_stopping" not in window.document.design.training
    assert not panel.early_stop.isChecked()


def test_a_rate_typed_after_reset_is_in_the_run_label(
    qtbot, training_window, sample_design
):
    window, ui = training_window(sample_design("08_gradient_descent.json"))
    ui.controls.reset_requested.emit()
    qtbot.waitUntil(lambda: ui.controller.state == "ready", timeout=10_000)
    panel = ui.settings
    panel.learning_rate.setEditText("0.09")
    panel.learning_rate.lineEdit().editingFinished.emit()
    ui.link.sync()
    ui.controller.step_epoch()
    qtbot.waitUntil(lambda: ui.controller.state == "paused", timeout=20_000)
    ui.controls.reset_requested.emit()
    qtbot.waitUntil(lambda: len(ui.views.loss_plot.old_runs) == 1, timeout=10_000)
    run = ui.views.loss_plot.old_runs[0]
    assert run.text.startswith("run 1: sgd 0.09 ·"), run.text
    legend = ui.views.loss_plot.loss_plot.getPlotItem().legend
    names = [label.text for _sample, label in legend.items]
    assert len(names) == len(set(names))  # each series once


def test_plots_start_afresh_when_another_design_opens(
    qtbot, training_window, playground_design, tmp_path
):
    first = playground_design()
    window, ui = training_window(first)
    plot = ui.views.loss_plot
    window.document.reset(first, tmp_path / "a.json")
    qtbot.waitUntil(lambda: plot.design_key == str(tmp_path / "a.json"), timeout=10_000)
    ui.controller.step_epoch()
    qtbot.waitUntil(lambda: ui.controller.state == "paused", timeout=20_000)
    qtbot.waitUntil(lambda: len(plot.epochs) == 1, timeout=5_000)
    plot.readout.setText(plot.describe_epoch(1.0))  # the hover line
    ui.controls.reset_requested.emit()
    qtbot.waitUntil(lambda: len(plot.old_runs) == 1, timeout=10_000)
    ui.controller.step_epoch()
    qtbot.waitUntil(lambda: len(plot.epochs) == 1, timeout=20_000)
    second = playground_design(dataset="xor")
    window.document.reset(second, tmp_path / "b.json")
    qtbot.waitUntil(lambda: plot.design_key == str(tmp_path / "b.json"), timeout=10_000)
    assert plot.old_runs == [] and len(plot.epochs) == 0
    assert plot.readout.text().strip() == ""
    legend = plot.loss_plot.getPlotItem().legend
    assert [label.text for _sample, label in legend.items] == ["train", "test"]
    window.document.reset(first, tmp_path / "a.json")
    qtbot.waitUntil(lambda: plot.design_key == str(tmp_path / "a.json"), timeout=10_000)
    assert len(plot.old_runs) == 2  # the design's earlier runs, for comparison


def test_metric_legend_lists_each_series_once(qtbot):
    from netdesigner.gui.training.loss_plot import LossPlot
    from netdesigner.live.frames import Frame

    plot = LossPlot()
    qtbot.addWidget(plot)
    for task, metric in (("classification", "accuracy"), ("regression", "rmse")):
        plot.start_run(SessionSummary(task=task, batches_per_epoch=1))
        record = {"epoch": 1.0, "iteration": 1.0, "train_loss": 1.0, "test_loss": 1.0}
        record |= {f"train_{metric}": 0.5, f"test_{metric}": 0.5}
        plot.add_frame(Frame(1, 1, 0.0, 10, 0.1, epochs=[record]))
    legend = plot.metric_plot.getPlotItem().legend
    assert [label.text for _sample, label in legend.items] == ["train", "test"]


def test_the_map_extent_can_be_playgrounds_and_is_remembered(
    qtbot, training_window, playground_design
):
    window, ui = training_window(playground_design())
    view = ui.views.decision_map
    assert not view.fixed_extent.isChecked()
    qtbot.waitUntil(lambda: view.plane is not None, timeout=10_000)
    assert view.plane["extent"] == tuple(view.info.extent)
    view.fixed_extent.setChecked(True)
    qtbot.waitUntil(
        lambda: view.plane["extent"] == (-6.0, 6.0, -6.0, 6.0), timeout=10_000
    )
    assert view.image.mapRectToParent(view.image.boundingRect()).width() == 12.0
    assert str(QSettings().value(EXTENT_KEY)) == "true"


def test_dragging_the_splitter_keeps_the_tab_bar(qtbot):
    from netdesigner.gui.training.views import LiveViews

    views = LiveViews()
    qtbot.addWidget(views)
    views.resize(1000, 360)
    views.show()
    qtbot.waitExposed(views)
    views.splitter.setSizes([1000, 0, 0])  # the handle dragged to the right edge
    sizes = views.splitter.sizes()
    assert sizes[1] >= 160 and views.plane_tabs.tabBar().isVisible()
    assert (
        sizes[0] + sizes[1] + views.splitter.handleWidth() == views.splitter.width()
    )  # no empty band
    views.close()
