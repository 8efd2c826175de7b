"""The speed control, continuous mode, the collapse setting and the run's readout."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow

from netdesigner.gui.document import Document
from netdesigner.gui.training import install
from netdesigner.gui.training.readout import format_value
from netdesigner.gui.training.speed import SPEED_KEY, RunMode
from netdesigner.live.frames import SessionSummary


def test_defaults_are_watchable_on_2d_sets_and_full_speed_on_images(
    qtbot, make_controller
):
    QSettings().remove(SPEED_KEY.format(kind="2d"))  # no choice made yet
    sent = []
    controller = make_controller()
    controller.set_speed = sent.append
    mode = RunMode(controller)
    mode._on_controller_session_ready(SessionSummary(kind="2d"))
    assert mode.speed == "watch" and 0 < sent[-1]["pace"] <= 30
    mode._on_controller_session_ready(SessionSummary(kind="image"))
    assert mode.speed == "full" and sent[-1]["pace"] == 0


def test_the_choice_is_remembered_per_user_and_kind_of_data(qtbot, make_controller):
    controller = make_controller()
    controller.set_speed = lambda options: None
    mode = RunMode(controller)
    mode._on_controller_session_ready(SessionSummary(kind="2d"))
    mode.set_speed("slow")
    mode.set_continuous(True)
    mode.set_collapse("warn")
    later = RunMode(controller)  # the next time the app starts
    later._on_controller_session_ready(SessionSummary(kind="2d"))
    assert (later.speed, later.continuous, later.collapse) == ("slow", True, "warn")
    later._on_controller_session_ready(SessionSummary(kind="image"))
    assert later.speed == "full"  # image sets keep their own default


def test_toolbar_and_panel_boxes_follow_each_other(qtbot, playground_design):
    window = QMainWindow()
    window.document = Document(playground_design(), window)
    window.training_toolbar = window.addToolBar("Training")
    qtbot.addWidget(window)
    ui = install(window)
    try:
        panel, toolbar = ui.controls.speed_box, ui.toolbar_speed
        assert (
            window.training_toolbar.widgetForAction(
                window.training_toolbar.actions()[-1]
            )
            is toolbar
        )
        toolbar.activated.emit(toolbar.findData("playground"))
        assert panel.currentData() == "playground" == ui.controls.mode.speed
        panel.activated.emit(panel.findData("slow"))
        assert toolbar.currentData() == "slow"
    finally:
        assert ui.shutdown()
        window.document.undo_stack.clear()


def test_continuous_mode_runs_past_the_epoch_limit_until_pause(
    qtbot, training_window, playground_design
):
    window, ui = training_window(playground_design(epochs=3))
    controls = ui.controls
    controls.continuous_box.setChecked(True)
    ui.controller.play()
    qtbot.waitUntil(
        lambda: (
            ui.controller.last_frame is not None and ui.controller.last_frame.epoch > 6
        ),
        timeout=10_000,
    )
    assert ui.controller.state == "running"
    assert not controls.progress.isVisibleTo(controls)  # no limit to progress to
    ui.controller.pause()
    qtbot.waitUntil(lambda: ui.controller.state == "paused", timeout=5000)
    assert "/" not in controls.epoch_label.text()


def test_the_readout_shows_the_last_epoch_of_the_history(
    qtbot, training_window, playground_design
):
    window, ui = training_window(playground_design(epochs=4))
    ui.controller.play()
    qtbot.waitUntil(lambda: ui.controller.state == "finished", timeout=10_000)
    table = ui.views.loss_plot.epochs
    last = {key: float(table.column(key)[-1]) for key in table.keys}
    values = ui.controls.readout.values
    assert values["epoch"].text() == "4"
    assert values["train_loss"].text() == format_value("", last["train_loss"], "")
    assert values["test_loss"].text() == format_value("", last["test_loss"], "")
    accuracy = format_value("metric", last["test_accuracy"], "accuracy")
    assert values["test_metric"].text() == accuracy and accuracy.endswith("%")
    ui.controller.step_back()  # the readout goes back with the run
    qtbot.waitUntil(lambda: values["epoch"].text() == "3", timeout=5000)
    assert values["test_loss"].text() == format_value(
        "", float(table.column("test_loss")[2]), ""
    )
