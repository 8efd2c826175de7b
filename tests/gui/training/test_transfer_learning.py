"""Lesson 8 in the GUI: frozen layers keep their loaded weights (training, Reset)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from netdesigner.design.io import load_design, load_weights, weights_path
from netdesigner.design.session import TrainingSession

SAMPLE = Path(__file__).resolve().parents[3] / "samples" / "12_transfer_learning.json"
FROZEN = ("conv_1/kernel", "conv_1/bias", "conv_2/kernel", "conv_2/bias")


def _step_batch(qtbot, ui):
    with qtbot.waitSignal(ui.controller.status_changed, timeout=10_000):
        ui.controller.step_batch()
    qtbot.waitUntil(lambda: ui.controller.state in ("paused", "finished"), timeout=5000)


def test_frozen_layers_keep_the_loaded_weights_through_training_and_reset(
    qtbot, training_window
):
    shipped = load_weights(weights_path(SAMPLE))
    window, ui = training_window(load_design(SAMPLE))
    with qtbot.waitSignal(ui.controller.session_ready, timeout=10_000):
        window.document.reset(load_design(SAMPLE), SAMPLE)
        window.document.set_trained_weights(shipped)
    qtbot.waitUntil(lambda: ui.controller.state == "ready", timeout=10_000)
    for _ in range(3):
        _step_batch(qtbot, ui)
    trained = ui.controller.last_frame.all_weights
    for key in FROZEN:
        np.testing.assert_array_equal(trained[key], shipped[key])
    assert not np.array_equal(trained["output/kernel"], shipped["output/kernel"])

    with qtbot.waitSignal(ui.controller.session_ready, timeout=10_000):
        ui.link.reset()
    qtbot.waitUntil(lambda: ui.controller.state == "ready", timeout=10_000)
    restarted = ui.controller.last_frame.all_weights
    for key in FROZEN:
        np.testing.assert_array_equal(restarted[key], shipped[key])
    assert not np.array_equal(restarted["output/kernel"], trained["output/kernel"])
    # the trainable layers start again from the seed (the shipped file keeps them
    # at that very start, samples/tools/pretrain_transfer.py), not from training
    fresh = TrainingSession(load_design(SAMPLE), SAMPLE.parent).network.get_weights()
    np.testing.assert_array_equal(restarted["output/kernel"], fresh["output/kernel"])
