"""The run's counters never show a previous design's run (issue 16)."""

from __future__ import annotations

import pytest

from netdesigner.gui.training.controller import TrainingController
from netdesigner.gui.training.controls import TrainingControls
from netdesigner.live.frames import Frame, RunState, Status


@pytest.fixture
def controls(qtbot):
    controller = TrainingController()
    widget = TrainingControls(controller)
    qtbot.addWidget(widget)
    yield widget
    controller.shutdown()


@pytest.mark.parametrize("state", [RunState.LOADING, RunState.INVALID])
def test_another_design_clears_the_last_runs_counters(controls, state):
    controller = controls.controller
    frame = Frame(
        epoch=12, iteration=340, elapsed=3.5, epoch_limit=500, learning_rate=0.03
    )
    controller.frame_ready.emit(frame)
    assert controls.epoch_label.text() == "Epoch 12 / 500"
    controller.status_changed.emit(Status(state, "The design has 1 problem"))
    assert controls.epoch_label.text() == "Epoch 0"
    assert controls.iteration_label.text() == "Iteration 0"
    assert controls.progress.value() == 0 and controls.epoch_limit == 0
