"""``netdesigner train`` drives the same live core as the GUI: its sentences about
why training stopped are the ones the GUI shows."""

from __future__ import annotations

import io

from netdesigner.commands.train import drive
from netdesigner.design.model import Design
from netdesigner.design.session import TrainingSession
from netdesigner.live.frames import RunState
from netdesigner.live.run import LiveRun
from tests.live.conftest import tiny_design


def _gui_status(design: Design):
    """What the GUI's core says at the end of playing ``design``."""
    run = LiveRun()
    run.command("load", {"design": design})
    run.command("play")
    return run.train_while_running(), run


def test_early_stopping_prints_the_sentence_the_gui_shows():
    design = tiny_design(epochs=50, early_stopping={"patience": 0, "min_delta": 100.0})
    stream = io.StringIO()
    assert drive(TrainingSession(design), stream) is None
    last = stream.getvalue().splitlines()[-1]
    status, _run = _gui_status(design)
    assert status.state is RunState.FINISHED
    assert last == status.message and last.startswith("early stopping after epoch 2")


def test_divergence_reason_is_the_engine_sentence_the_gui_quotes():
    design = tiny_design(lr=10.0, epochs=50, activation="linear")
    reason = drive(TrainingSession(design), None)
    status, run = _gui_status(design)
    assert status.state is RunState.DIVERGED
    assert reason == run.log.divergence.split(". ")[0]
    assert reason.startswith("the gradients became infinite at epoch 1, batch 3")
    assert reason in status.message
