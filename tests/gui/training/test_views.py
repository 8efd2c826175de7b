"""The live views on their own: loss curves and feature maps."""

from __future__ import annotations

import numpy as np

from netdesigner.gui.training.loss_plot import LossPlot, nice_ceil, refit, thinned
from netdesigner.live.frames import Frame, SessionSummary


def _frame(epochs, start_iteration=0, marks=(), running=False):
    records = [
        {
            "epoch": e,
            "iteration": 10 * e,
            "train_loss": 1.0 / e,
            "test_loss": 1.2 / e,
            "train_accuracy": 1 - 0.5 / e,
            "test_accuracy": 1 - 0.6 / e,
        }
        for e in epochs
    ]
    its = np.arange(start_iteration + 1, start_iteration + 10 * len(epochs) + 1)
    return Frame(
        epoch=epochs[-1],
        iteration=int(its[-1]),
        elapsed=0.0,
        epoch_limit=0,
        learning_rate=0.1,
        batch_losses=np.stack([its, 1.0 / its], axis=1),
        epochs=records,
        marks=list(marks),
        running=running,
    )


def test_loss_plot_curves_hover_log_scale_and_faded_runs(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.start_run(
        SessionSummary(
            task="classification", batches_per_epoch=10, run_label="sgd 0.1 · batch 10"
        )
    )
    plot.add_frame(_frame([1, 2, 3], marks=[(25, "lr 0.1")]))
    plot.add_frame(_frame([4, 5], start_iteration=30))
    x, y = plot.test_curve.getData()
    np.testing.assert_array_equal(x, [1, 2, 3, 4, 5])
    np.testing.assert_allclose(y, 1.2 / np.arange(1, 6))
    assert sorted(plot.metric_curves) == ["test_accuracy", "train_accuracy"]
    assert plot.marks[0].value() == 2.5  # iteration 25 of 10 per epoch
    assert plot.describe_epoch(2.2).startswith("epoch 2 · train loss 0.5")
    plot.log_scale.setChecked(True)
    assert plot.loss_plot.getPlotItem().ctrl.logYCheck.isChecked()
    plot.start_run(SessionSummary(task="classification", batches_per_epoch=10))
    assert len(plot.old_runs) == 1 and len(plot.old_runs[0].items) == 4
    # a name of the widget's own must not hide QWidget.metric(), which Qt calls
    # to draw it (an attribute "metric" crashed grab())
    assert not plot.grab().isNull() and plot.metric_name == "accuracy"
    legend = plot.loss_plot.getPlotItem().legend
    names = [label.text for _sample, label in legend.items]
    assert names == ["train", "test", "run 1: sgd 0.1 · batch 10"]
    assert (
        plot.test_curve.getData()[0] is None or len(plot.test_curve.getData()[0]) == 0
    )
    plot.clear_runs()
    assert plot.old_runs == []
    assert [label.text for _sample, label in legend.items] == ["train", "test"]


def test_regression_runs_plot_rmse(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    axis = plot.metric_plot.getAxis("left")
    plot.start_run(SessionSummary(task="classification", batches_per_epoch=5))
    # accuracy: major ticks at 0, 0.5 and 1, minor ones (numbered when they fit)
    # at tenths
    assert [spacing for spacing, _ in axis.tickValues(0, 1, 60)] == [0.5, 0.1]
    plot.start_run(SessionSummary(task="regression", batches_per_epoch=5))
    assert [spacing for spacing, _ in axis.tickValues(0, 1, 60)][0] != 0.5
    frame = _frame([1, 2])
    for record in frame.epochs:
        record.update(train_rmse=0.3, test_rmse=0.4, train_r2=0.8)
    plot.add_frame(frame)
    assert sorted(plot.metric_curves) == ["test_rmse", "train_rmse"]


def test_axis_helpers():
    assert [nice_ceil(v) for v in (0.7, 1.0, 1.3, 2.2, 4, 7, 130)] == [
        1.0,
        1.0,
        2.0,
        2.5,
        5.0,
        10.0,
        200.0,
    ]
    assert refit(None, 3.0) == 5.0
    assert refit(5.0, 4.0) is None  # fits: the axis stays
    assert refit(5.0, 1.0) == 2.0  # shrank below 40%: a tighter axis
    x, y = thinned(np.arange(10_000.0), np.arange(10_000.0), limit=100)
    assert len(x) <= 101 and x[-1] == 9999


def test_feature_maps_of_a_chosen_image_and_first_kernels(
    qtbot, training_window, sample_design
):
    design = sample_design("10_lenet5_mnist.json")
    _window, ui = training_window(design)
    with qtbot.waitSignal(ui.controller.status_changed, timeout=10_000):
        ui.controller.step_batch()
    results = ui.views.results
    index = results.model.index(5)
    with qtbot.waitSignal(ui.controller.frame_ready, timeout=10_000) as blocker:
        results.gallery.clicked.emit(index)
    features = blocker.args[0].features
    assert features["index"] == results.model.image_index(5)
    conv = [n.id for n in design.nodes if n.type == "Conv2D"]
    assert list(features["maps"]) == conv
    assert features["kernels"].shape[:2] == (5, 5) and features["kernel_of"] == conv[0]
    titles = list(ui.views.features.mosaics)
    assert titles[0] == "input image" and len(titles) == len(conv) + 2
    assert ui.views.image_tabs.currentWidget() is ui.views.features


def test_a_run_is_labelled_with_its_optimizer_rate_and_batch(playground_design):
    from netdesigner.design.session import TrainingSession
    from netdesigner.live.probe import run_label

    session = TrainingSession(playground_design(lr=0.3, batch_size=25))
    assert run_label(session) == "sgd 0.3 · batch 25"
    assert run_label(object()) == ""
