"""Trained weights reach the Document while training runs (throttled in the worker),
as unsaved work with the epoch they reached, so Quit asks and the autosave keeps
them: a crash mid-training loses only the last seconds."""

from __future__ import annotations

import numpy as np

from netdesigner.live import run as run_module
from netdesigner.live.frames import Frame


def _start(qtbot, controller, design):
    with qtbot.waitSignal(controller.session_ready, timeout=5000):
        controller.load(design)
    qtbot.waitUntil(lambda: controller.state == "ready", timeout=5000)


def _running_frames(qtbot, controller, count: int) -> list[Frame]:
    """Play until ``count`` frames came while running, then pause."""
    got: list[Frame] = []
    controller.frame_ready.connect(got.append)
    controller.play()
    qtbot.waitUntil(lambda: sum(f.running for f in got) >= count, timeout=10_000)
    with qtbot.waitSignal(controller.status_changed, timeout=5000):
        controller.pause()
    return [f for f in got if f.running]


def test_the_first_running_frame_carries_all_weights_then_at_most_every_interval(
    qtbot, make_controller, fake_design, monkeypatch
):
    monkeypatch.setattr(run_module, "WEIGHTS_EVERY", 1e9)  # one per run
    controller = make_controller()
    _start(qtbot, controller, fake_design(epochs=100_000, delay=0.001))
    frames = _running_frames(qtbot, controller, count=4)
    carry = [f.all_weights is not None for f in frames]
    assert carry[0] and not any(carry[1:]), carry
    first = frames[0].all_weights["dense/kernel"]
    assert not np.shares_memory(first, frames[0].weights["dense"]["kernel"])

    monkeypatch.setattr(run_module, "WEIGHTS_EVERY", 0.0)  # every frame
    frames = _running_frames(qtbot, controller, count=4)
    assert all(f.all_weights is not None for f in frames)


def test_weights_reach_the_document_while_training_with_the_epoch(
    qtbot, training_window, playground_design
):
    window, ui = training_window(playground_design(epochs=1_000_000))
    doc = window.document
    assert not doc.is_modified() and not doc.weights
    ui.controller.play()
    qtbot.waitUntil(doc.is_modified, timeout=10_000)
    assert ui.controller.is_running, "known while it trains, not only at a pause"
    assert set(doc.weights) >= {"hidden_1/kernel", "output/bias"}
    assert doc.weights_epoch is not None
    qtbot.waitUntil(lambda: (doc.weights_epoch or 0) >= 2, timeout=20_000)
    with qtbot.waitSignal(ui.controller.status_changed, timeout=5000):
        ui.controller.pause()
    qtbot.waitUntil(lambda: ui.controller.state == "paused", timeout=5000)
    assert doc.weights_epoch == ui.controller.last_frame.epoch
    kernel = ui.controller.last_frame.all_weights["hidden_1/kernel"]
    np.testing.assert_array_equal(doc.weights["hidden_1/kernel"], kernel)


def test_a_halt_without_new_training_keeps_saved_weights_saved(
    qtbot, training_window, playground_design, step
):
    window, ui = training_window(playground_design(epochs=1))
    step(ui)
    doc = window.document
    assert doc.is_modified() and ui.controller.state in ("paused", "finished")
    doc.mark_clean()  # saved
    with qtbot.waitSignal(ui.controller.status_changed, timeout=5000) as blocker:
        ui.controller.play()  # at the epoch limit: "finished" again, nothing trained
    assert blocker.args[0].state == "finished"
    assert not doc.is_modified()


def test_epochs_count_on_from_restored_weights(
    qtbot, training_window, playground_design, step
):
    design = playground_design()
    window, ui = training_window(design)
    step(ui)
    trained = dict(window.document.weights)
    doc = window.document
    doc.reset(design.copy())  # as a restored recovery does
    doc.set_trained_weights(trained, epoch=200)
    qtbot.waitUntil(lambda: ui.controller.state == "ready", timeout=10_000)
    qtbot.waitUntil(lambda: ui.link.session_design is not None, timeout=10_000)
    qtbot.waitUntil(lambda: ui.controller.state == "ready", timeout=10_000)
    step(ui)
    assert doc.weights_epoch == 201
