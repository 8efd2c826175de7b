"""Fixtures for the training GUI tests: controllers that always shut down, and leak
checks (no QThread still running, no QTimer active, no top-level widget left open)."""

from __future__ import annotations

import gc
import weakref

import pytest
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication
from training_fakes import FakeSession

from netdesigner.design.model import Design
from netdesigner.gui.training.controller import TrainingController


@pytest.fixture(autouse=True)
def _no_leaks(qapp, monkeypatch):
    """Fail a test that leaves a running QThread, an active QTimer or an open window."""
    threads: list[weakref.ref] = []
    timers: list[weakref.ref] = []
    start_thread, start_timer = QThread.start, QTimer.start

    def record_thread(self, *args):
        threads.append(weakref.ref(self))
        return start_thread(self, *args)

    def record_timer(self, *args):
        timers.append(weakref.ref(self))
        return start_timer(self, *args)

    monkeypatch.setattr(QThread, "start", record_thread)
    monkeypatch.setattr(QTimer, "start", record_timer)
    yield
    running = [t() for t in threads if t() is not None and t().isRunning()]
    assert not running, f"{len(running)} QThread(s) still running after the test"
    gc.collect()
    active = []
    for ref in timers:
        timer = ref()
        try:
            if timer is not None and timer.isActive():
                active.append(timer)
        except RuntimeError:  # the C++ object is gone
            pass
    assert not active, f"{len(active)} QTimer(s) still active after the test"
    open_windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert not open_windows, f"windows left open: {open_windows}"


@pytest.fixture
def make_controller(qtbot):
    """Factory of controllers on the fake session; each is shut down at teardown."""
    made: list[TrainingController] = []

    def make(factory=FakeSession, **kwargs) -> TrainingController:
        controller = TrainingController(factory, **kwargs)
        made.append(controller)
        return controller

    yield make
    for controller in made:
        assert controller.shutdown(), "the training thread did not stop"


def fake_design(**training) -> Design:
    base = {"seed": 0, "learning_rate": 0.1, "epochs": 50, "batch_size": 10}
    base.update(training)
    return Design(name="fake", training=base)
