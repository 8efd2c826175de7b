"""Paced and continuous runs, counted in epochs between two events (no timing).

A paced run rests between epochs; the tests give it a clock that only its rests
move, so the clock's reading is exactly the time the run asked to sleep.
"""

from __future__ import annotations

import pytest

from netdesigner.live.frames import RunState
from netdesigner.live.pace import SPEEDS, Pacer, default_speed, speed_named
from netdesigner.live.run import LiveRun


class RestClock:
    """A clock that advances only when the run rests (``wait``)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.rests: list[float] = []

    def __call__(self) -> float:
        return self.now

    def wait(self, timeout: float) -> bool:
        self.rests.append(timeout)
        self.now += timeout
        return False


def paced_run(clock: RestClock, frames: list, on_frame=None) -> LiveRun:
    def record(frame) -> None:
        frames.append((clock.now, frame.epoch, frame.epoch_limit))
        if on_frame is not None:
            on_frame(frame)

    return LiveRun(on_frame=record, rate_hz=1e-3, clock=clock, wait=clock.wait)


@pytest.mark.parametrize("pace", [3.0, 60.0])
def test_a_paced_run_rests_one_period_per_epoch(design, pace):
    clock, frames = RestClock(), []
    run = paced_run(clock, frames)
    run.command("load", {"design": design(epochs=12)})
    run.command("speed", {"pace": pace})
    run.command("play")
    assert run.train_while_running().state is RunState.FINISHED
    # one frame per epoch, each 1/pace after the previous one on the rest clock
    epochs = [(t, e) for t, e, _ in frames if e > 0]
    assert [e for _, e in epochs][:12] == list(range(1, 13))
    first_t, first_e = epochs[0]
    last_t, last_e = epochs[11]
    assert last_t - first_t == pytest.approx((last_e - first_e) / pace)


def test_full_speed_does_not_rest(design):
    clock, frames = RestClock(), []
    run = paced_run(clock, frames)
    run.command("load", {"design": design(epochs=12)})
    run.command("speed", {"pace": 0})
    run.command("play")
    assert run.train_while_running().state is RunState.FINISHED
    assert clock.rests == [] and run.log.epoch == 12


def test_slow_pace_takes_the_chosen_factor_longer_than_a_faster_one(design):
    def rest_time(pace: float) -> float:
        clock, frames = RestClock(), []
        run = paced_run(clock, frames)
        run.command("load", {"design": design(epochs=10)})
        run.command("speed", {"pace": pace})
        run.command("play")
        run.train_while_running()
        return clock.now

    assert rest_time(3.0) / rest_time(30.0) == pytest.approx(10.0)


def test_continuous_mode_trains_past_the_limit_until_paused(design):
    clock, frames = RestClock(), []
    run: LiveRun

    def pause_at_twenty(frame) -> None:
        if frame.epoch == 20 and frame.running:
            run.submit("pause")

    run = paced_run(clock, frames, pause_at_twenty)
    run.command("load", {"design": design(epochs=3)})
    run.command("speed", {"pace": 60.0, "continuous": True})
    run.command("play")
    status = run.train_while_running()
    assert status.state is RunState.PAUSED and run.log.epoch == 20
    assert status.message == "Paused at epoch 20."
    assert frames[0][2] == 3  # loaded before continuous mode was chosen
    assert {limit for _, _, limit in frames[1:]} == {0}  # then no limit is shown
    run.command("step", "epoch")  # Step and Step back work in continuous mode
    run.train_while_running()
    assert run.log.epoch == 21
    run.command("back")
    assert run.log.epoch == 20
    # the limit is an optional stop again: Play ends at once, past it
    run.command("speed", {"continuous": False})
    run.command("play")
    assert run.status.state is RunState.FINISHED and run.log.epoch == 20


def test_a_new_epoch_limit_in_continuous_mode_waits_until_continuous_ends(design):
    clock, frames = RestClock(), []
    run = paced_run(clock, frames)
    run.command("load", {"design": design(epochs=3)})
    run.command("speed", {"continuous": True})
    run.command("hyper", {"epochs": 5})
    run.command("speed", {"continuous": False})
    run.command("play")
    run.train_while_running()
    assert run.status.state is RunState.FINISHED and run.log.epoch == 5


def test_a_command_during_a_rest_is_served_and_the_rest_goes_on(design):
    clock = RestClock()
    woke = []

    def wait(timeout: float) -> bool:
        if not woke:  # the first rest is interrupted by a new learning rate
            woke.append(timeout)
            run.submit("hyper", {"learning_rate": 0.5})
            clock.now += timeout / 2
            return True
        return clock.wait(timeout)

    run = LiveRun(on_frame=lambda f: None, clock=clock, wait=wait)
    run.command("load", {"design": design(epochs=3)})
    run.command("speed", {"pace": 10.0})
    run.command("play")
    run.train_while_running()
    assert run.log.learning_rate == 0.5
    assert clock.rests[0] == pytest.approx(woke[0] / 2)  # the rest of the period


def test_speeds_and_defaults():
    assert [s.pace for s in SPEEDS] == sorted(s.pace for s in SPEEDS[:-1]) + [0.0]
    assert default_speed("2d").pace > 0 and default_speed("image").pace == 0
    assert speed_named("playground").pace == 60.0
    with pytest.raises(ValueError, match="expected a speed among"):
        speed_named("warp")
    with pytest.raises(ValueError, match="expected a pace"):
        Pacer(lambda: 0.0, lambda t: False).set_pace(-1.0)
