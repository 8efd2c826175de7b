"""Fixtures for the Qt-free live core: a tiny Playground design and a ``LiveRun``
that records what it reports (no Qt, no thread: the test drives it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from netdesigner.design.model import Design, Edge, Node
from netdesigner.live.frames import Frame, RunState, SessionSummary, Status
from netdesigner.live.run import LiveRun


def tiny_design(
    lr: float = 0.03, epochs: int = 3, activation: str = "tanh", **training
) -> Design:
    """Input(2) -> Dense(4) -> Dense(1) on 100 points of "circle", batches of 10
    (5 batches per epoch: half the points train)."""
    nodes = [
        Node("input", "Input", {"shape": [2]}, position=(0, 0)),
        Node("hidden", "Dense", {"units": 4, "activation": activation}, (200, 0)),
        Node("output", "Dense", {"units": 1, "activation": activation}, (400, 0)),
    ]
    settings = {
        "loss": "mean_squared_error",
        "optimizer": {"type": "sgd", "learning_rate": lr},
        "batch_size": 10,
        "epochs": epochs,
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


@dataclass
class Recorder:
    """A ``LiveRun`` and everything it reported, in order."""

    run: LiveRun
    frames: list[Frame] = field(default_factory=list)
    statuses: list[Status] = field(default_factory=list)
    summaries: list[SessionSummary] = field(default_factory=list)

    @property
    def states(self) -> list[RunState]:
        return [s.state for s in self.statuses]

    def load(self, design: Design) -> None:
        self.run.command("load", {"design": design})
        assert self.statuses[-1].state is RunState.READY, self.statuses[-1]


@pytest.fixture
def recorder():
    """Function ``(rate_hz=30.0, watch=None) -> Recorder`` of a fresh ``LiveRun``;
    ``watch(recorder)`` runs after each frame is recorded (a viewer's reaction)."""

    def make(
        rate_hz: float = 30.0, watch: Callable[[Recorder], None] | None = None
    ) -> Recorder:
        frames: list[Frame] = []
        statuses: list[Status] = []
        summaries: list[SessionSummary] = []

        def on_frame(frame: Frame) -> None:
            frames.append(frame)
            if watch is not None:
                watch(rec)

        run = LiveRun(
            on_frame=on_frame,
            on_status=statuses.append,
            on_session=summaries.append,
            rate_hz=rate_hz,
        )
        rec = Recorder(run, frames, statuses, summaries)
        return rec

    return make


@pytest.fixture
def design():
    """Function ``(lr, epochs, activation, **training) -> Design``."""
    return tiny_design
