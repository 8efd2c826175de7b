"""Fixtures for the training GUI tests: controllers that always shut down, leak checks
(no QThread still running, no QTimer active, no top-level widget left open), and a tiny
NumPy session with the TrainingSession interface.

The fake session is logistic regression on two Gaussian blobs, trained by SGD; it
yields the engine's own events and, on a non-finite loss, a ``DivergenceEvent``,
keeping the last finite weights (as the engine's trainer does).
"""

from __future__ import annotations

import gc
import time
import weakref
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication, QGraphicsView, QMainWindow

from netdesigner.data import DatasetInfo
from netdesigner.design.io import load_design
from netdesigner.design.model import Design, Edge, Node
from netdesigner.engine.events import BatchEvent, DivergenceEvent, EpochEvent
from netdesigner.gui.canvas.scene import NetScene
from netdesigner.gui.document import Document
from netdesigner.gui.training import install
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


SAMPLES = Path(__file__).resolve().parents[3] / "samples"


def _playground_design(
    dataset: str = "circle",
    hidden: tuple[int, ...] = (4, 2),
    activation: str = "tanh",
    output: str = "tanh",
    loss: str = "mean_squared_error",
    lr: float = 0.03,
    **training,
) -> Design:
    """Playground-style design: Input(2) -> Dense(hidden...) -> Dense(1)."""
    nodes = [Node("input", "Input", {"shape": [2]}, position=(0, 100))]
    edges, prev = [], "input"
    for i, units in enumerate(hidden):
        node_id = f"hidden_{i + 1}"
        params = {"units": units, "activation": activation}
        nodes.append(Node(node_id, "Dense", params, position=(200 * (i + 1), 100)))
        edges.append(Edge(prev, node_id))
        prev = node_id
    x = 200 * (len(hidden) + 1)
    nodes.append(Node("output", "Dense", {"units": 1, "activation": output}, (x, 100)))
    edges.append(Edge(prev, "output"))
    settings = {
        "loss": loss,
        "optimizer": {"type": "sgd", "learning_rate": lr},
        "batch_size": 10,
        "epochs": 200,
        "seed": 0,
    }
    settings.update(training)
    return Design(
        name="test",
        nodes=nodes,
        edges=edges,
        dataset={"name": dataset},
        training=settings,
    )


@pytest.fixture
def playground_design():
    """Function ``(dataset, hidden, activation, output, loss, lr, **training)``."""
    return _playground_design


@pytest.fixture
def sample_design():
    """Function ``(file name in samples/) -> Design``."""
    return lambda name: load_design(SAMPLES / name)


@pytest.fixture
def make_document():
    """Function ``(design) -> Document``; each one's undo history is cleared at
    teardown, while everything is alive (a Document collected by the garbage
    collector with commands on its stack crashes in ``QUndoStack::clear``)."""
    made: list[Document] = []

    def make(design: Design) -> Document:
        made.append(Document(design))
        return made[-1]

    yield make
    for doc in made:
        doc.undo_stack.clear()


@pytest.fixture
def training_window(qtbot):
    """Function ``(design) -> (window, ui)``: an editor-like main window with live
    training installed, shown, its first session ready. Closed at teardown."""
    made = []

    def make(design: Design):
        window = QMainWindow()
        window.document = Document(design, window)
        window.scene = NetScene(window.document)
        window.setCentralWidget(QGraphicsView(window.scene))
        window.resize(1400, 900)
        ui = install(window)
        made.append((window, ui))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: ui.controller.state == "ready", timeout=10_000)
        return window, ui

    yield make
    for window, ui in made:
        window.close()
        assert ui.controller.shutdown(), "the training thread did not stop"
        window.document.undo_stack.clear()


def _fake_design(**training) -> Design:
    base = {"seed": 0, "learning_rate": 0.1, "epochs": 50, "batch_size": 10}
    base.update(training)
    return Design(name="fake", training=base)


@pytest.fixture
def fake_design():
    """Function ``(**training) -> Design`` for the fake session."""
    return _fake_design


class Dense:
    activation_name = "sigmoid"

    def __init__(self, rng):
        self.params = {
            "kernel": rng.normal(0, 0.5, (2, 1)).astype(np.float32),
            "bias": np.zeros(1, np.float32),
        }


class Input:
    pass


class FakeNetwork:
    def __init__(self, rng):
        self.layers = {"input": Input(), "dense": Dense(rng)}
        self.order = ["input", "dense"]
        self.input_id, self.output_id = "input", "dense"

    def forward(self, x, training=False):
        d = self.layers["dense"].params
        with np.errstate(all="ignore"):
            return 1.0 / (1.0 + np.exp(-(x @ d["kernel"] + d["bias"])))

    def forward_all(self, x):
        return {"input": x, "dense": self.forward(x)}

    def predict(self, x, batch_size=512):
        return self.forward(x)

    def get_weights(self):
        d = self.layers["dense"].params
        return {f"dense/{k}": v.copy() for k, v in d.items()}

    def set_weights(self, w):
        for k, v in w.items():
            self.layers["dense"].params[k.split("/")[1]][...] = v


class FakeTrainer:
    """SGD on the fake network with the engine trainer's driving interface."""

    loss = "binary_crossentropy"

    def __init__(self, net, x, y, xt, yt, lr, epochs, batch_size, rng, delay=0.0):
        self.net, self.x, self.y_train, self.xt, self.yt = net, x, y, xt, yt
        self.learning_rate, self.epochs, self.batch_size = lr, epochs, batch_size
        self.rng, self.delay = rng, delay
        self.epoch = self.iteration = self._batch = 0
        self.elapsed = 0.0
        self.finished = self.diverged = False
        self._order = rng.permutation(len(x))
        self._snapshots = [(0, 0, net.get_weights())]
        self._pending: list = []

    def set_learning_rate(self, lr):
        self.learning_rate = float(lr)
        self.finished = self.diverged = False

    def set_epochs(self, epochs):
        self.epochs = int(epochs)

    def _loss(self, x, y):
        p = np.clip(self.net.forward(x)[:, 0], 1e-7, 1 - 1e-7)
        return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))

    def _batch_events(self):
        if self.delay:
            time.sleep(self.delay)
        size = self.batch_size
        idx = self._order[self._batch * size : (self._batch + 1) * size]
        x, y = self.x[idx], self.y_train[idx].astype(np.float32)
        d = self.net.layers["dense"].params
        before = self.net.get_weights()
        p = self.net.forward(x)[:, 0]
        g = (p - y) / len(y)
        d["kernel"] -= (self.learning_rate * (x.T @ g))[:, None].astype(np.float32)
        d["bias"] -= np.float32(self.learning_rate * g.sum())
        loss = self._loss(x, y) * (1.0 if self.learning_rate < 1e30 else np.inf)
        if not np.isfinite(loss):
            self.net.set_weights(before)
            self.finished = self.diverged = True
            message = f"the loss became {loss} at iteration {self.iteration + 1}"
            return [DivergenceEvent(self.epoch + 1, 1, self.iteration, message, 0, 0)]
        self.iteration += 1
        self._batch += 1
        self.elapsed += 1e-4
        lr = self.learning_rate
        events = [
            BatchEvent(self.epoch + 1, self._batch, self.iteration, loss, lr, 0, 10)
        ]
        if self._batch * size >= len(self.x):
            self.epoch += 1
            self._batch = 0
            self._order = self.rng.permutation(len(self.x))
            self._snapshots.append((self.epoch, self.iteration, self.net.get_weights()))
            train, test = self._loss(self.x, self.y_train), self._loss(self.xt, self.yt)
            metrics = {"train_accuracy": 0.5, "test_accuracy": 0.5}
            events.append(
                EpochEvent(self.epoch, 0, self.iteration, train, test, metrics)
            )
            self.finished = self.epoch >= self.epochs
        return events

    def events(self):
        while not self.finished and self.epoch < self.epochs:
            yield from self._batch_events()

    def step_batch(self):
        return [] if self.finished else self._batch_events()

    def step_epoch(self):
        events, start = [], self.epoch
        while self.epoch == start and not self.finished:
            events += self.step_batch()
        return events

    def step_back(self):
        if self._batch == 0 and len(self._snapshots) > 1:
            self._snapshots.pop()
        self.epoch, self.iteration, w = self._snapshots[-1]
        self._batch = 0
        self.finished = self.diverged = False
        self.net.set_weights(w)


class FakeDataset:
    def __init__(self, rng, n=200):
        y = rng.integers(0, 2, n)
        pts = (rng.normal(0, 1, (n, 2)) + np.where(y[:, None] == 1, 2.0, -2.0)).astype(
            np.float32
        )
        half = n // 2
        self.info = DatasetInfo(
            "fake", "2d", "classification", 2, ("a", "b"), (2,), n, "two blobs"
        )
        self.points_train, self.points_test = pts[:half], pts[half:]
        self.x_train, self.x_test = pts[:half], pts[half:]
        self.y_train, self.y_test = y[:half], y[half:]
        self.feature_names = ("x1", "x2")

    def transform(self, x):
        return np.asarray(x, np.float32)


class FakeSession:
    def __init__(self, design, base_dir=None):
        t = design.training
        rng = np.random.default_rng(t.get("seed", 0))
        self.dataset = FakeDataset(np.random.default_rng(1))
        self.network = FakeNetwork(rng)
        ds = self.dataset
        self.trainer = FakeTrainer(
            self.network,
            ds.x_train,
            ds.y_train,
            ds.x_test,
            ds.y_test,
            t.get("learning_rate", 0.1),
            t.get("epochs", 50),
            t.get("batch_size", 10),
            rng,
            delay=t.get("delay", 0.0),
        )


@pytest.fixture
def step(qtbot):
    """Function ``(ui, kind="epoch")``: step one epoch (or ``"batch"``) and wait
    until the run is paused or finished."""

    def run(ui, kind: str = "epoch") -> None:
        with qtbot.waitSignal(ui.controller.status_changed, timeout=10_000):
            getattr(ui.controller, f"step_{kind}")()
        qtbot.waitUntil(
            lambda: ui.controller.state in ("paused", "finished"), timeout=5000
        )

    return run


@pytest.fixture(autouse=True)
def _full_speed(_fresh_settings):
    """These tests train at full speed unless they choose a pace: the watchable
    default on 2-D sets (``live.pace.default_speed``) would make a 200-epoch run
    take seconds. tests/gui/training/test_speed.py checks the defaults. The other
    run settings start from their defaults in every test."""
    from PySide6.QtCore import QSettings

    from netdesigner.gui.training import speed

    settings = QSettings()  # the names RunMode uses, whatever the app's are
    for key in (speed.CONTINUOUS_KEY, speed.COLLAPSE_KEY, speed.SPEED_KEY):
        settings.remove(key.format(kind="image"))
    settings.setValue(speed.SPEED_KEY.format(kind="2d"), "full")
