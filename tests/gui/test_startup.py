"""Start-up with whatever file a user double-clicked, and the unexpected-error dialog.

``netdesigner FILE`` must bring the window up, say what was wrong with FILE in one
sentence and keep working; no exception may leave the training thread running (a
QThread destroyed while running aborts Python with exit status 134).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QMessageBox

from netdesigner.design.model import Design, Node
from netdesigner.gui.app import (
    default_design,
    install_excepthook,
    start_gui,
    stop_training,
)
from netdesigner.gui.canvas.view import MIN_ZOOM, CanvasView
from netdesigner.gui.error_report import error_box
from netdesigner.gui.main_window import MainWindow

HUGE = "9" * 400
#: what a design file says at node 1's position -> what the message names
CRAFTED_POSITIONS = {
    "400-digit integer": (f"[{HUGE}, 120]", "at nodes[1].position[0]"),
    "1e308": ("[1e308, -1e308]", "at nodes[1].position["),
    "NaN": ("[NaN, 0]", "the non-standard number NaN"),
}


def _design_text(position_json: str | None = None) -> str:
    """Playground's default design as JSON, node 1 at ``position_json`` verbatim."""
    document = default_design().to_dict()
    if position_json is None:
        return json.dumps(document)
    document["nodes"][1]["position"] = "@POSITION@"
    return json.dumps(document).replace('"@POSITION@"', position_json)


def _corrupt_weights_beside(folder: Path) -> Path:
    """A valid design with a .weights.npz that is not an npz archive."""
    design = folder / "shared.json"
    design.write_text(_design_text(), encoding="utf-8")
    (folder / "shared.weights.npz").write_bytes(b"PK\x03\x04" + b"\xff" * 1000)
    return design


def _unexpected_boxes() -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.isVisible()
    ]


@pytest.fixture
def started(qtbot, dialogs, monkeypatch):
    """``start(path)`` runs what ``run_gui`` does before ``app.exec()``; at the end
    the window is closed and its training thread must stop."""
    # start_gui installs its exception hook; put pytest-qt's back afterwards
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    windows: list[MainWindow] = []

    def start(path: Path | None) -> MainWindow:
        window = start_gui(str(path) if path else None)
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield start
    for box in _unexpected_boxes():
        box.close()
    for window in windows:
        window.close()
        assert stop_training(window), "the training thread did not stop"


@pytest.mark.parametrize(
    ("position", "names"), CRAFTED_POSITIONS.values(), ids=CRAFTED_POSITIONS.keys()
)
def test_a_crafted_design_at_start_up_gets_one_sentence_and_the_editor_works(
    started, qtbot, dialogs, tmp_path, position, names
):
    path = tmp_path / "shared.json"
    path.write_text(_design_text(position), encoding="utf-8")
    window = started(path)
    qtbot.waitUntil(lambda: "error" in dialogs.names(), timeout=5000)
    assert window.isVisible()
    (call,) = [c for c in dialogs.calls if c[0] == "error"]
    title, message = call[1], call[2]
    assert title == "Could not open the design"
    assert message.startswith(f"{path}: ") and names in message
    assert "\n" not in message and "Traceback" not in message
    assert not _unexpected_boxes(), "a refused file is not an unexpected error"
    doc = window.document
    assert doc.file_path is None and [n.id for n in doc.design.nodes] == [
        "input",
        "hidden_1",
        "hidden_2",
        "output",
    ]
    doc.set_param("hidden_1", "units", 7)  # the editor keeps working
    assert doc.design.node("hidden_1").params["units"] == 7


def _told(window: MainWindow, dialogs) -> list[str]:
    """What the window said: error dialogs, then the status bar's message."""
    said = [call[2] for call in dialogs.calls if call[0] == "error"]
    return [*said, window.statusBar().currentMessage()]


def test_a_corrupt_weights_file_at_start_up_is_one_sentence(
    started, qtbot, dialogs, tmp_path
):
    path = _corrupt_weights_beside(tmp_path)
    window = started(path)
    qtbot.waitUntil(
        lambda: any("shared.weights.npz" in m for m in _told(window, dialogs)),
        timeout=5000,
    )
    (message,) = [m for m in _told(window, dialogs) if "shared.weights.npz" in m]
    assert "\n" not in message and "Traceback" not in message
    assert not _unexpected_boxes()
    assert not window.document.weights
    window.document.set_param("hidden_1", "units", 5)  # the editor keeps working
    assert window.document.is_modified()


def test_an_unexpected_error_while_opening_at_start_up_is_one_sentence(
    started, qtbot, dialogs, tmp_path, monkeypatch, capsys
):
    """Whatever escapes while opening FILE is reported; nothing reaches the CLI."""

    def framing_fails(self):
        return 1.0 / 0.0  # the ZeroDivisionError ±1e308 once caused in the canvas

    monkeypatch.setattr(MainWindow, "after_document_reset", framing_fails)
    path = tmp_path / "shared.json"
    path.write_text(_design_text(), encoding="utf-8")
    window = started(path)
    qtbot.waitUntil(lambda: bool(_unexpected_boxes()), timeout=5000)
    (box,) = _unexpected_boxes()
    assert box.text() == (
        "NetDesigner ran into an unexpected problem while opening shared.json and "
        "stopped that action; you can keep working."
    )
    assert "no unsaved changes" in box.informativeText()
    assert "division by zero" not in box.text() + box.informativeText()
    assert "ZeroDivisionError: float division by zero" in box.detailedText()
    err = capsys.readouterr().err
    assert "Traceback" not in err and "float division by zero" in err
    assert window.isVisible() and not box.isModal()
    window.document.set_param("hidden_1", "units", 3)
    assert window.document.is_modified()


def test_a_failure_before_the_event_loop_stops_the_training_thread(
    qtbot, dialogs, monkeypatch
):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    threads: list[QThread] = []
    start_thread = QThread.start

    def record(self, *args):
        threads.append(self)
        return start_thread(self, *args)

    monkeypatch.setattr(QThread, "start", record)

    def framing_fails(self, *args):
        raise ZeroDivisionError("float division by zero")

    monkeypatch.setattr(CanvasView, "show_design", framing_fails)
    with pytest.raises(ZeroDivisionError):
        start_gui(None)
    assert threads, "install_extensions starts the training thread"
    assert not any(t.isRunning() for t in threads)
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            qtbot.addWidget(widget)


def test_the_canvas_frames_positions_of_1e308_and_recovers(window):
    """Designs that skip the loader (a bug, a paste) must not break the view."""
    doc, view = window.document, window.view
    nodes = [
        Node("a", "Input", {"shape": [2]}, (1e308, -1e308)),
        Node("b", "Dense", {"units": 1}, (-1e308, 1e308)),
    ]
    doc.reset(Design(name="far", nodes=nodes))
    view.show_design()
    assert view.zoom() >= MIN_ZOOM
    doc.reset(default_design())
    view.show_design()
    assert 0.5 <= view.zoom() <= 1.0
    view.zoom_in()
    view.zoom_out()
    assert 0.5 <= view.zoom() <= 1.0


# ------------------------------------------------------------ the error dialog
def _raised(error: Exception) -> Exception:
    try:
        raise error
    except Exception as caught:
        return caught


@pytest.mark.parametrize(
    ("modified", "writable", "says"),
    [
        (True, True, "Your unsaved changes were written to a recovery file."),
        (True, False, "could not be written to a recovery file; save the design"),
        (False, True, "You had no unsaved changes, so no work was lost."),
    ],
    ids=["saved", "save failed", "nothing to save"],
)
def test_the_error_dialog_says_truthfully_whether_work_was_saved(
    window, monkeypatch, tmp_path, modified, writable, says
):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    if modified:
        window.document.set_param("hidden_1", "units", 9)
    if not writable:  # a recovery folder that does not exist: the save fails
        monkeypatch.setattr(window.autosaver, "path", tmp_path / "gone" / "s.json")
    install_excepthook(window)
    error = _raised(ZeroDivisionError("float division by zero"))
    sys.excepthook(type(error), error, error.__traceback__)
    (box,) = _unexpected_boxes()
    try:
        assert says in box.informativeText()
        assert box.text().startswith("NetDesigner ran into an unexpected problem")
        assert window.autosaver.path.exists() == (modified and writable)
        assert "float division by zero" not in box.text() + box.informativeText()
        assert "float division by zero" in box.detailedText()
        assert "Traceback" in box.detailedText()
    finally:
        box.close()


def test_a_repeating_error_does_not_pile_up_dialogs(window, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook(window)
    for _ in range(5):  # an error in paintEvent repeats on every repaint
        error = _raised(ValueError("again"))
        sys.excepthook(type(error), error, error.__traceback__)
    boxes = _unexpected_boxes()
    assert len(boxes) == 1
    boxes[0].close()


def test_the_dialog_names_what_was_being_done(window):
    error = _raised(OverflowError("int too large to convert to float"))
    box = error_box(window, error, "saved", doing="opening lesson.json")
    assert box.text() == (
        "NetDesigner ran into an unexpected problem while opening lesson.json and "
        "stopped that action; you can keep working."
    )
    assert "int too large" not in box.text() + box.informativeText()
    assert "OverflowError: int too large to convert to float" in box.detailedText()
    box.deleteLater()


# ------------------------------------------------------------ the real command
DRIVER = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from netdesigner.gui import dialogs
    from netdesigner.gui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    told = []
    # the one product dialog that is modal: record it instead of waiting for a click
    dialogs.Notify.error = classmethod(lambda cls, p, t, m: told.append(m))

    def started(window):
        return told or window.document.file_path or any(
            isinstance(w, QMessageBox) and w.isVisible()
            for w in app.topLevelWidgets()
        )

    def poll():
        windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)]
        if windows and windows[0].isVisible() and started(windows[0]):
            for text in told:
                print("ERROR:", text)
            print("STATUS:", windows[0].statusBar().currentMessage())
            timer.stop()
            app.closeAllWindows()

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(100)
    from netdesigner.cli import main

    sys.exit(main(sys.argv[1:]))
    """
)


def _run_netdesigner(path: Path, home: Path) -> subprocess.CompletedProcess:
    """``netdesigner FILE`` as a file manager starts it, closed once it is up."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1")
    env["XDG_CONFIG_HOME"] = str(home / "config")  # no recovery files of other runs
    env["XDG_DATA_HOME"] = str(home / "data")
    return subprocess.run(
        [sys.executable, "-c", DRIVER, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_netdesigner_file_with_a_crafted_position_exits_cleanly(tmp_path):
    path = tmp_path / "shared.json"
    path.write_text(_design_text(f"[{HUGE}, 120]"), encoding="utf-8")
    result = _run_netdesigner(path, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "QThread" not in result.stderr
    errors = [line for line in result.stdout.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and "at nodes[1].position[0]" in errors[0]


def test_netdesigner_file_with_corrupt_weights_exits_cleanly(tmp_path):
    path = _corrupt_weights_beside(tmp_path)
    result = _run_netdesigner(path, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "QThread" not in result.stderr
    told = [line for line in result.stdout.splitlines() if "shared.weights.npz" in line]
    assert len(told) == 1 and told[0].startswith(("ERROR: ", "STATUS: "))
