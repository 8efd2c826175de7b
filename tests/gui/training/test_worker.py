"""The worker thread: pause, step, step back, live learning rate, divergence."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from netdesigner.live.frames import Rewind


def _start(qtbot, controller, design):
    with qtbot.waitSignal(controller.session_ready, timeout=5000):
        controller.load(design)
    qtbot.waitUntil(lambda: controller.state == "ready", timeout=5000)


def _iteration(controller) -> int:
    frame = controller.last_frame
    return 0 if frame is None else frame.iteration


def _frames(controller):
    got = []
    controller.frame_ready.connect(got.append)
    return got


def test_pause_stops_training_within_100_ms(qtbot, make_controller, fake_design):
    controller = make_controller()
    _start(qtbot, controller, fake_design(epochs=100000, delay=0.001))
    controller.play()
    qtbot.waitUntil(lambda: controller.state == "running", timeout=3000)
    qtbot.waitUntil(lambda: _iteration(controller) > 20)
    began = time.perf_counter()
    with qtbot.waitSignal(controller.status_changed, timeout=1000) as blocker:
        controller.pause()
    assert time.perf_counter() - began < 0.1
    assert blocker.args[0].state == "paused"
    stopped_at = controller.last_frame.iteration
    with qtbot.assertNotEmitted(controller.frame_ready, wait=300):
        pass
    assert controller.last_frame.iteration == stopped_at


def test_step_advances_exactly_one_batch(qtbot, make_controller, fake_design):
    controller = make_controller()
    _start(qtbot, controller, fake_design())
    frames = _frames(controller)
    for expected in (1, 2, 3):
        with qtbot.waitSignal(controller.status_changed, timeout=2000):
            controller.step_batch()
        assert frames[-1].iteration == expected
        assert len(frames[-1].batch_losses) == 1
    assert len(frames) == 3


def test_step_epoch_and_step_back_restore_weights_exactly(
    qtbot, make_controller, fake_design
):
    controller = make_controller()
    _start(qtbot, controller, fake_design())
    frames = _frames(controller)
    paused = {"timeout": 3000, "check_params_cb": lambda s: s.state == "paused"}
    with qtbot.waitSignal(controller.status_changed, **paused):
        controller.step_epoch()
    after_one = frames[-1].weights["dense"]["kernel"].copy()
    assert frames[-1].epoch == 1 and frames[-1].iteration == 10
    with qtbot.waitSignal(controller.status_changed, **paused):
        controller.step_epoch()
    assert frames[-1].epoch == 2 and frames[-1].iteration == 20
    assert not np.array_equal(frames[-1].weights["dense"]["kernel"], after_one)
    with qtbot.waitSignal(controller.status_changed, timeout=2000):
        controller.step_back()
    assert frames[-1].epoch == 1
    assert frames[-1].rewind == Rewind(1, frames[-1].iteration)
    np.testing.assert_array_equal(frames[-1].weights["dense"]["kernel"], after_one)


def test_pause_interrupts_a_long_epoch_step(qtbot, make_controller, fake_design):
    controller = make_controller()
    _start(qtbot, controller, fake_design(batch_size=1, delay=0.002))  # 100 batches
    with qtbot.waitSignal(controller.status_changed, timeout=2000) as blocker:
        controller.step_epoch()
    assert blocker.args[0].state == "running"
    qtbot.wait(50)
    with qtbot.waitSignal(controller.status_changed, timeout=1000) as blocker:
        controller.pause()
    assert blocker.args[0].state == "paused"
    assert 0 < controller.last_frame.iteration < 100
    assert controller.last_frame.epoch == 0


def test_frames_are_copies_and_slots_run_in_the_gui_thread(
    qtbot, make_controller, fake_design
):
    controller = make_controller()
    threads = []
    controller.frame_ready.connect(lambda f: threads.append(threading.current_thread()))
    _start(qtbot, controller, fake_design())
    with qtbot.waitSignal(controller.status_changed, timeout=2000):
        controller.step_batch()
    assert threads and all(t is threading.main_thread() for t in threads)
    frame = controller.last_frame
    # the worker's network is not reachable from here; change the copy and step again
    frame.weights["dense"]["kernel"][...] = 99.0
    with qtbot.waitSignal(controller.status_changed, timeout=2000):
        controller.step_batch()
    assert np.abs(controller.last_frame.weights["dense"]["kernel"]).max() < 50


def test_learning_rate_change_mid_run_takes_effect_and_is_marked(
    qtbot, make_controller, fake_design
):
    controller = make_controller()
    _start(qtbot, controller, fake_design(epochs=100000, delay=0.0005))
    frames = _frames(controller)
    controller.play()
    qtbot.waitUntil(lambda: bool(frames) and frames[-1].iteration > 10)
    controller.set_live({"learning_rate": 0.5})
    qtbot.waitUntil(lambda: any(f.marks for f in frames), timeout=2000)
    qtbot.waitUntil(
        lambda: frames[-1].learning_rate == pytest.approx(0.5), timeout=2000
    )
    with qtbot.waitSignal(controller.status_changed, timeout=1000):
        controller.pause()
    marks = [m for f in frames for m in f.marks]
    assert marks[0][1] == "lr 0.5" and marks[0][0] > 10


def test_diverging_run_pauses_with_a_message_and_finite_weights(
    qtbot, make_controller, fake_design
):
    controller = make_controller()
    _start(qtbot, controller, fake_design(learning_rate=1e38, epochs=1000))
    statuses = []
    controller.status_changed.connect(statuses.append)
    controller.play()
    qtbot.waitUntil(lambda: controller.state == "diverged", timeout=5000)
    message = statuses[-1].message
    assert "learning rate" in message and "last finite weights" in message
    weights = controller.last_frame.weights["dense"]
    assert all(np.isfinite(v).all() for v in weights.values())


def test_epoch_limit_finishes_and_play_does_not_go_on(
    qtbot, make_controller, fake_design
):
    controller = make_controller()
    _start(qtbot, controller, fake_design(epochs=3))
    controller.play()
    qtbot.waitUntil(lambda: controller.state == "finished", timeout=5000)
    assert controller.last_frame.epoch == 3
    with qtbot.waitSignal(controller.status_changed, timeout=1000) as blocker:
        controller.play()
    assert blocker.args[0].state == "finished"


def test_session_error_becomes_a_status_not_a_crash(
    qtbot, make_controller, fake_design
):
    def broken(design, base_dir):
        raise ValueError("no such data set")

    controller = make_controller(broken)
    with qtbot.waitSignal(
        controller.status_changed,
        timeout=3000,
        check_params_cb=lambda s: s.state == "error",
    ) as blocker:
        controller.load(fake_design())
    assert "no such data set" in blocker.args[0].message


def test_throttle_limits_frames_per_second(qtbot, make_controller, fake_design):
    controller = make_controller(rate_hz=20)
    _start(qtbot, controller, fake_design(epochs=100000))
    frames = _frames(controller)
    controller.play()
    qtbot.wait(1000)
    with qtbot.waitSignal(controller.status_changed, timeout=1000):
        controller.pause()
    n_batches = sum(len(f.batch_losses) for f in frames)
    assert len(frames) <= 25
    assert n_batches > 100 * len(frames) / 25 or n_batches == frames[-1].iteration
    assert n_batches == frames[-1].iteration
