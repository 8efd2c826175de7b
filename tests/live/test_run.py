"""The live core on its own: commands, typed frames and statuses, without Qt."""

from __future__ import annotations

import numpy as np
import pytest

from netdesigner.live.frames import Frame, Rewind, RunState, SessionSummary, Status
from netdesigner.live.run import LiveRun


def test_play_to_the_end_sends_every_batch_once_and_finishes(recorder, design):
    rec = recorder(rate_hz=1e6)  # a frame after (almost) every batch
    rec.load(design(epochs=3))
    rec.run.command("play")
    status = rec.run.train_while_running()
    assert status == Status(RunState.FINISHED, "Reached the epoch limit (3 epochs).")
    assert rec.states == [
        RunState.LOADING,
        RunState.READY,
        RunState.RUNNING,
        RunState.FINISHED,
    ]
    iterations = [f.iteration for f in rec.frames]
    assert iterations == sorted(iterations) and len(rec.frames) > 5
    assert all(f.running for f in rec.frames[1:-1]) and not rec.frames[-1].running
    last = rec.frames[-1]
    assert (last.epoch, last.iteration, last.epoch_limit) == (3, 15, 3)
    losses = np.concatenate([f.batch_losses for f in rec.frames])
    np.testing.assert_array_equal(losses[:, 0], np.arange(1, 16))
    assert [r["epoch"] for f in rec.frames for r in f.epochs] == [1.0, 2.0, 3.0]
    rec.run.command("play")  # at the limit: no further training
    assert rec.statuses[-1].state is RunState.FINISHED
    assert rec.frames[-1].iteration == 15


def test_frames_statuses_and_summary_are_typed(recorder, design):
    rec = recorder()
    rec.load(design())
    (info,) = rec.summaries
    assert isinstance(info, SessionSummary)
    assert info.kind == "2d" and info.batches_per_epoch == 5 and info.epochs == 3
    assert info.extent is not None and info.points_train.shape == (50, 2)
    assert info.dense == {"hidden": 4, "output": 1} and info.gallery is None
    assert all(isinstance(s, Status) for s in rec.statuses)
    assert all(type(s.state) is RunState for s in rec.statuses)
    frame = rec.frames[-1]
    assert isinstance(frame, Frame) and frame.plane is not None
    assert frame.plane["output"].shape == (100, 100, 1)
    assert frame.all_weights is not None and frame.weights is not None


def test_frame_arrays_are_copies_the_trainer_does_not_touch(recorder, design):
    rec = recorder()
    rec.load(design())
    rec.run.command("step", "batch")
    frame = rec.frames[-1]
    kept = {
        "all": {k: v.copy() for k, v in frame.all_weights.items()},
        "dense": frame.weights["hidden"]["kernel"].copy(),
        "map": frame.plane["output"].copy(),
    }
    network = rec.run.session.network
    network.layers["hidden"].params["kernel"][...] = 99.0  # the live weights change
    rec.run.command("step", "batch")  # and the trainer steps on
    assert rec.frames[-1].iteration == frame.iteration + 1
    for key, value in kept["all"].items():
        np.testing.assert_array_equal(frame.all_weights[key], value)
    np.testing.assert_array_equal(frame.weights["hidden"]["kernel"], kept["dense"])
    np.testing.assert_array_equal(frame.plane["output"], kept["map"])


def test_step_batch_step_epoch_and_back(recorder, design):
    rec = recorder()
    rec.load(design(epochs=10))
    run = rec.run
    run.command("step", "batch")
    assert rec.statuses[-1] == Status(RunState.PAUSED, "Stepped one batch.")
    assert rec.frames[-1].iteration == 1 and len(rec.frames[-1].batch_losses) == 1
    run.command("step", "epoch")  # plays to the end of epoch 1
    assert rec.statuses[-1].state is RunState.RUNNING and run.running
    assert run.train_while_running() == Status(RunState.PAUSED, "Stepped one epoch.")
    assert (rec.frames[-1].epoch, rec.frames[-1].iteration) == (1, 5)
    after_one = rec.frames[-1].all_weights
    run.command("step", "epoch")
    run.train_while_running()
    assert (rec.frames[-1].epoch, rec.frames[-1].iteration) == (2, 10)
    run.command("back")
    assert rec.statuses[-1] == Status(RunState.PAUSED, "Back to the end of epoch 1.")
    assert rec.frames[-1].rewind == Rewind(1, 5)
    for key, value in after_one.items():
        np.testing.assert_array_equal(rec.frames[-1].all_weights[key], value)


def test_pause_from_the_mailbox_halts_between_batches(recorder, design):
    def pause_after_three(rec) -> None:  # as a viewer in another thread would
        if sum(f.running for f in rec.frames) == 3:
            rec.run.submit("pause")

    rec = recorder(rate_hz=1e6, watch=pause_after_three)
    rec.load(design(epochs=1000))
    run = rec.run
    run.command("play")
    status = run.train_while_running()
    assert status.state is RunState.PAUSED and not run.running
    assert status.message == f"Paused at epoch {rec.frames[-1].epoch}."
    assert 0 < rec.frames[-1].iteration < 1000 * 5
    assert not rec.frames[-1].running


def test_divergence_halts_with_the_sentence_and_finite_weights(recorder, design):
    rec = recorder()
    rec.load(design(lr=10.0, epochs=50, activation="linear"))
    rec.run.command("play")
    status = rec.run.train_while_running()
    assert status.state is RunState.DIVERGED
    assert status.message.startswith("Training stopped at epoch 0, iteration 2")
    assert "learning rate 10" in status.message
    assert "The last finite weights are kept." in status.message
    assert rec.run.log.divergence in status.message  # the engine's own sentence
    weights = rec.frames[-1].all_weights
    assert all(np.isfinite(v).all() for v in weights.values())
    rec.run.command("step", "batch")  # the trainer cannot go on at this rate
    assert rec.statuses[-1].state is RunState.DIVERGED


def test_an_error_becomes_a_status():
    def broken(design, base_dir):
        raise ValueError("no such data set")

    statuses: list[Status] = []
    run = LiveRun(broken, on_status=statuses.append)
    run.command("load", {"design": None})
    assert statuses[-1].state is RunState.ERROR
    assert statuses[-1].message == (
        "Training could not continue: ValueError: no such data set"
    )
    run.command("play")  # nothing loaded: nothing happens
    assert not run.running and len(statuses) == 2


def test_unknown_command_is_refused(recorder):
    rec = recorder()
    with pytest.raises(ValueError, match="unknown training command 'jump'"):
        rec.run.submit("jump")
