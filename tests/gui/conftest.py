"""GUI test fixtures: a document on Playground's default design, and leak detectors.

The autouse detectors (after napari's conftest) fail a test that leaves a visible
top-level window, an active QTimer or a running QThread behind: such leaks surface
later as crashes in unrelated tests.
"""

from __future__ import annotations

import json
import traceback
import weakref

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QThread, QTimer
from PySide6.QtWidgets import QApplication

from netdesigner.design.model import Design

PLAYGROUND = {
    "format": "netdesigner.design",
    "version": 1,
    "name": "Playground default",
    "description": "TensorFlow Playground's opening network.",
    "nodes": [
        {
            "id": "input",
            "type": "Input",
            "params": {"shape": [2]},
            "position": [0, 120],
        },
        {
            "id": "hidden_1",
            "type": "Dense",
            "params": {"units": 4, "activation": "tanh"},
            "position": [220, 120],
        },
        {
            "id": "hidden_2",
            "type": "Dense",
            "params": {"units": 2, "activation": "tanh"},
            "position": [440, 120],
        },
        {
            "id": "output",
            "type": "Dense",
            "params": {"units": 1, "activation": "tanh"},
            "position": [660, 120],
        },
    ],
    "edges": [
        {"from": "input", "to": "hidden_1"},
        {"from": "hidden_1", "to": "hidden_2"},
        {"from": "hidden_2", "to": "output"},
    ],
    "dataset": {"name": "circle", "features": ["x1", "x2"]},
    "training": {"loss": "mean_squared_error", "batch_size": 10, "seed": 0},
    "view": {},
}


def playground_design() -> Design:
    return Design.from_dict(json.loads(json.dumps(PLAYGROUND)))


@pytest.fixture
def doc(qapp):
    from netdesigner.gui.document import Document

    document = Document(playground_design())
    yield document
    document.undo_stack.clear()
    document.deleteLater()


@pytest.fixture(autouse=True)
def _fresh_settings(qapp):
    """Every test starts and ends with no saved settings (window geometry, dock
    layout, recent files): a maximized window saved by one test must not decide the
    size of the next test's window."""
    settings = QSettings("NetDesigner", "NetDesigner")  # the app's own names
    settings.clear()
    yield
    settings.clear()
    settings.sync()


@pytest.fixture(autouse=True)
def _no_dangling_qt_objects(qapp, monkeypatch):
    """Fail when a test leaves windows shown, timers active or threads running."""
    before = set(QApplication.topLevelWidgets())
    timers: list[tuple[weakref.ref, str]] = []
    threads: list[tuple[weakref.ref, str]] = []
    timer_start, thread_start = QTimer.start, QThread.start

    def start_timer(self, *args):
        timers.append((weakref.ref(self), "".join(traceback.format_stack(limit=6))))
        return timer_start(self, *args)

    def start_thread(self, *args):
        threads.append((weakref.ref(self), "".join(traceback.format_stack(limit=6))))
        return thread_start(self, *args)

    monkeypatch.setattr(QTimer, "start", start_timer)
    monkeypatch.setattr(QThread, "start", start_thread)
    yield
    QApplication.processEvents()
    problems = []
    shown = [
        w for w in QApplication.topLevelWidgets() if w not in before and w.isVisible()
    ]
    problems += [f"top-level widget still shown: {w!r}" for w in shown]
    problems += [
        f"QTimer still active, started at\n{where}"
        for ref, where in timers
        if _alive(ref, "isActive")
    ]
    problems += [
        f"QThread still running, started at\n{where}"
        for ref, where in threads
        if _alive(ref, "isRunning")
    ]
    QApplication.clipboard().clear()  # PySide6 crashes at exit with data on it
    running = any(_alive(ref, "isRunning") for ref, _where in threads)
    for widget in QApplication.topLevelWidgets():
        if widget not in before:
            widget.close()
            if not running:  # deleting a window whose QThread runs aborts Python
                widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not problems, "\n".join(problems)


def _alive(ref: weakref.ref, method: str) -> bool:
    obj = ref()
    try:
        return obj is not None and getattr(obj, method)()
    except RuntimeError:  # the C++ object is already deleted
        return False


class DialogLog:
    """What the patched dialogs were asked, and the answers they give."""

    def __init__(self) -> None:
        self.save_changes_answer = "discard"
        self.restore_answer = True
        self.value_answer: float | None = None
        self.calls: list[tuple] = []

    def names(self) -> list[str]:
        return [call[0] for call in self.calls]


@pytest.fixture
def dialogs(monkeypatch):
    """Replace every modal dialog with a recorder (no modal exec in tests)."""
    from netdesigner.gui import dialogs as module

    log = DialogLog()

    def save_changes(cls, parent, name):
        log.calls.append(("save_changes", name))
        return log.save_changes_answer

    def restore(cls, parent, name, when):
        log.calls.append(("restore", name))
        return log.restore_answer

    def ask(cls, parent, title, label, value):
        log.calls.append(("value", title, value))
        return log.value_answer

    def error(cls, parent, title, message):
        log.calls.append(("error", title, message))

    monkeypatch.setattr(module.Confirm, "save_changes", classmethod(save_changes))
    monkeypatch.setattr(module.Confirm, "restore_recovery", classmethod(restore))
    monkeypatch.setattr(module.ValueDialog, "ask", classmethod(ask))
    monkeypatch.setattr(module.Notify, "error", classmethod(error))
    return log


@pytest.fixture
def window(qtbot, dialogs):
    """The main window on Playground's default design, shown offscreen."""
    from netdesigner.gui.app import configure_application
    from netdesigner.gui.main_window import MainWindow

    configure_application(QApplication.instance())
    win = MainWindow(playground_design())
    qtbot.addWidget(win)
    win.resize(1280, 800)
    with qtbot.waitExposed(win):
        win.show()
    win.view.fit_all()
    yield win
    win.close()
