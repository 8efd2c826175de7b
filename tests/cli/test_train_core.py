"""``netdesigner train`` drives the same live core as the GUI: its sentences about
why training stopped are the ones the GUI shows."""

from __future__ import annotations

import io

from netdesigner.commands.train import drive
from netdesigner.design.model import Design, Edge, Node
from netdesigner.design.session import TrainingSession
from netdesigner.live.frames import RunState
from netdesigner.live.run import LiveRun


def _design(lr: float = 0.03, activation: str = "tanh", **training) -> Design:
    """Input(2) -> Dense(4) -> Dense(1) on 100 points of "circle"."""
    nodes = [
        Node("input", "Input", {"shape": [2]}, position=(0, 0)),
        Node("hidden", "Dense", {"units": 4, "activation": activation}, (200, 0)),
        Node("output", "Dense", {"units": 1, "activation": activation}, (400, 0)),
    ]
    settings = {
        "loss": "mean_squared_error",
        "optimizer": {"type": "sgd", "learning_rate": lr},
        "batch_size": 10,
        "epochs": 50,
        "seed": 0,
        **training,
    }
    return Design(
        name="tiny",
        nodes=nodes,
        edges=[Edge("input", "hidden"), Edge("hidden", "output")],
        dataset={"name": "circle", "n_samples": 100},
        training=settings,
    )


def _gui_status(design: Design):
    """What the GUI's core says at the end of playing ``design``."""
    run = LiveRun()
    run.command("load", {"design": design})
    run.command("play")
    return run.train_while_running(), run


def test_early_stopping_prints_the_sentence_the_gui_shows():
    design = _design(early_stopping={"patience": 0, "min_delta": 100.0})
    stream = io.StringIO()
    assert drive(TrainingSession(design), stream) is None
    last = stream.getvalue().splitlines()[-1]
    status, _run = _gui_status(design)
    assert status.state is RunState.FINISHED
    assert last == status.message and last.startswith("early stopping after epoch 2")


def test_divergence_reason_is_the_engine_sentence_the_gui_quotes():
    design = _design(lr=10.0, activation="linear")
    reason = drive(TrainingSession(design), None)
    status, run = _gui_status(design)
    assert status.state is RunState.DIVERGED
    assert reason == run.log.divergence.split(". ")[0]
    assert reason.startswith("the gradients became infinite at epoch 1, batch 3")
    assert reason in status.message
