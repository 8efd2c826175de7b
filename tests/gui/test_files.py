"""Files and safety: open/save, bad files, unsaved changes, autosave and recovery."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QSettings, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from netdesigner.gui import backend
from netdesigner.gui.app import default_design, install_excepthook, offer_recovery
from netdesigner.gui.files import COURSE, lesson_title, list_samples, samples_dir
from netdesigner.gui.recovery import recovery_dir

SAMPLES = samples_dir()
EXAMPLES = Path(__file__).resolve().parents[1] / "shared_examples"
needs_samples = pytest.mark.skipif(SAMPLES is None, reason="no samples/ folder")


def test_settings_and_recovery_are_isolated_from_the_real_user(window):
    home = str(Path.home())
    assert os.environ["XDG_CONFIG_HOME"] in QSettings().fileName()
    assert str(recovery_dir()).startswith(os.environ["XDG_DATA_HOME"])
    assert not QSettings().fileName().startswith(os.path.join(home, ".config"))


def test_open_then_save_round_trip(window, tmp_path):
    source = tmp_path / "lenet.json"
    source.write_text(
        backend.dumps_design(backend.load_design(EXAMPLES / "lenet5_mnist.json")),
        encoding="utf-8",
    )
    assert window.files.open_path(source)
    doc = window.document
    assert doc.file_path == source and not doc.is_modified()
    assert "lenet.json" in window.windowTitle()
    target = tmp_path / "copy.json"
    assert window.files.write(target)
    first, second = backend.load_design(source), backend.load_design(target)
    for key in ("nodes", "edges", "dataset", "training", "name", "description"):
        assert first.to_dict()[key] == second.to_dict()[key]
    data = target.read_bytes()
    window.files.save()
    assert target.read_bytes() == data, "saving twice writes the same bytes"
    assert str(target.resolve()) == window.files.recent_files()[0]


def test_a_data_file_is_named_relative_to_the_design_on_disk(window, tmp_path):
    (tmp_path / "class" / "data").mkdir(parents=True)
    points = tmp_path / "class" / "data" / "points.csv"
    points.write_text("x1,x2,label\n0,1,0\n1,0,1\n2,2,0\n-1,-3,1\n")
    doc = window.document
    doc._set_setting("dataset", "name", None)  # as the Data panel does
    doc._set_setting("dataset", "path", str(points))
    design_file = tmp_path / "class" / "lesson.json"
    assert window.files.write(design_file)
    assert backend.load_design(design_file).dataset["path"] == "data/points.csv"
    assert doc.design.dataset["path"] == str(points)  # absolute while open
    assert window.files.open_path(design_file, ask=False)
    assert doc.design.dataset["path"] == str(points.resolve())
    (tmp_path / "other").mkdir()
    elsewhere = tmp_path / "other" / "lesson.json"  # the data are not below it
    assert window.files.write(elsewhere)
    assert backend.load_design(elsewhere).dataset["path"] == str(points.resolve())


def test_a_bad_file_shows_the_message_and_keeps_the_design(window, dialogs, tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "netdesigner.design", "version": 1, "nodes": [', "utf-8")
    window.document.set_param("hidden_1", "units", 6)
    before = window.document.design.to_dict()
    assert not window.files.open_path(bad, ask=False)
    kind, title, message = dialogs.calls[-1]
    assert kind == "error" and "broken.json" in message
    assert window.document.design.to_dict() == before
    assert window.document.is_modified()


def test_unsaved_changes_prompt_can_cancel_closing(window, dialogs, qtbot):
    window.document.set_param("hidden_1", "units", 6)
    dialogs.save_changes_answer = "cancel"
    assert not window.close()
    assert window.isVisible()
    assert dialogs.names() == ["save_changes"]
    dialogs.save_changes_answer = "discard"
    assert window.close()


def test_unsaved_changes_prompt_can_save(window, dialogs, tmp_path, monkeypatch):
    window.document.set_param("hidden_1", "units", 6)
    target = tmp_path / "saved.json"
    monkeypatch.setattr(window.files, "ask_save_path", lambda: str(target))
    dialogs.save_changes_answer = "save"
    assert window.close()
    assert backend.load_design(target).node("hidden_1").params["units"] == 6


def test_no_prompt_without_changes(window, dialogs):
    assert window.close()
    assert dialogs.calls == []


def test_autosave_writes_a_recovery_file_and_a_clean_save_removes_it(
    window, qtbot, tmp_path
):
    saver = window.autosaver
    saver.timer.setInterval(50)
    window.document.set_param("hidden_2", "units", 5)
    qtbot.waitUntil(lambda: saver.path.exists(), timeout=3000)
    assert backend.load_design(saver.path).node("hidden_2").params["units"] == 5
    assert window.files.write(tmp_path / "mine.json")
    assert not saver.path.exists()
    assert (tmp_path / "mine.json").exists()


CRASHING_SESSION = textwrap.dedent(
    """
    import os
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from netdesigner.gui.app import configure_application, default_design
    from netdesigner.gui.main_window import MainWindow
    configure_application(app)
    window = MainWindow(default_design())
    window.document.set_param("hidden_1", "units", 7)
    window.document.set_setting("info", "name", "Unsaved work")
    assert window.autosaver.save_now()
    os._exit(3)  # a crash: no clean-up runs
    """
)


def test_a_crash_leaves_a_recovery_file_that_the_next_start_offers(window, dialogs):
    result = subprocess.run(
        [sys.executable, "-c", CRASHING_SESSION],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
    )
    assert result.returncode == 3, result.stderr
    dialogs.restore_answer = True
    assert offer_recovery(window)
    doc = window.document
    assert doc.design.name == "Unsaved work"
    assert doc.node("hidden_1").params["units"] == 7
    assert doc.is_modified() and "[*]" in window.windowTitle()
    assert [c[0] for c in dialogs.calls] == ["restore"]
    assert not offer_recovery(window), "the crashed session's file is gone"


def test_a_declined_recovery_is_discarded(window, dialogs):
    subprocess.run(
        [sys.executable, "-c", CRASHING_SESSION],
        capture_output=True,
        timeout=120,
        env=os.environ.copy(),
    )
    dialogs.restore_answer = False
    assert not offer_recovery(window)
    assert window.document.design.name == "Playground default"
    assert not list(recovery_dir().glob("session-*.json"))


def test_dropping_a_design_file_on_the_window_opens_it(window, tmp_path):
    path = tmp_path / "dropped.json"
    backend.save_design(default_design(), path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert window.document.file_path == path


def test_window_geometry_is_remembered(window, qtbot, dialogs):
    from netdesigner.gui.main_window import MainWindow

    window.resize(720, 530)  # the offscreen screen is 800×600
    window.close()
    again = MainWindow(default_design())
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (720, 530)


def test_the_exception_hook_shows_a_dialog_and_saves_a_recovery(window, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    window.document.set_param("hidden_1", "units", 9)
    install_excepthook(window)
    try:
        raise ValueError("a test error")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    boxes = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.isVisible()
    ]
    try:
        assert boxes and "a test error" in boxes[0].detailedText()
        assert "a test error" not in boxes[0].text(), "Python's text is a detail"
        assert window.autosaver.path.exists()
    finally:
        for box in boxes:
            box.close()


@needs_samples
def test_samples_are_grouped_by_lesson(window):
    groups = list_samples()
    course = [title for title in groups if title in COURSE.values()]
    assert course == list(COURSE.values())  # every lesson, in course order
    assert len(groups["3. The perceptron"]) == 4
    assert [p.stem for _, p in groups["6. Gradient descent"]] == ["08_gradient_descent"]
    assert [p.stem for _, p in groups["1. TensorFlow basics: linear regression"]] == [
        "14_linear_regression"  # placed by lesson.number, not by its file name
    ]
    assert any("LeNet" in name for name, _ in groups["9. CNNs and LeNet-5"])
    assert lesson_title({"nodes": [{"type": "Conv2D"}]}) == "Convolutional networks"
    lesson = {"number": 3, "title": {"en": "The perceptron", "zh_CN": "感知机"}}
    assert lesson_title({"lesson": lesson, "description": "Lesson 9: x"}) == (
        "3. The perceptron"
    )
    window.files.fill_samples_menu(window.menus["samples"])
    titles = [a.text() for a in window.menus["samples"].actions()]
    assert titles == list(groups)


@needs_samples
def test_screenshot_of_a_sample_is_not_blank(window, tmp_path):
    lenet = next(p for p in sorted(SAMPLES.glob("*.json")) if "lenet" in p.name)
    assert window.files.open_sample(lenet)
    assert window.document.file_path is None, "a sample opens as an untitled copy"
    QApplication.processEvents()
    image = window.grab().toImage()
    path = tmp_path / "editor.png"
    assert image.save(str(path))
    colours = {
        QColor(image.pixel(x, y)).rgb()
        for x in range(0, image.width(), 7)
        for y in range(0, image.height(), 7)
    }
    assert len(colours) > 40
    assert path.stat().st_size > 20_000


def test_run_gui_starts_and_quits_cleanly(tmp_path):
    code = textwrap.dedent(
        """
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        QTimer.singleShot(1500, QApplication.closeAllWindows)
        from netdesigner.gui.app import run_gui
        sys.exit(run_gui(None))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "QThread" not in result.stderr


def test_export_offers_the_runs_metrics_and_live_plots(
    window, qtbot, tmp_path, monkeypatch
):
    from netdesigner.gui.app import install_extensions

    install_extensions(window)
    ui, export = window.training_ui, window.export_actions
    qtbot.waitUntil(lambda: ui.controller.state == "ready", timeout=10_000)
    assert ui.history() is None and "Loss curves" not in ui.plots()
    with qtbot.waitSignal(ui.controller.status_changed, timeout=10_000):
        ui.controller.step_epoch()
    qtbot.waitUntil(lambda: ui.controller.state == "paused", timeout=10_000)
    history = ui.history()
    assert history["epoch"] == [1.0] and len(history["train_loss"]) == 1
    assert {"Loss curves", "Accuracy curves", "Decision map"} <= set(ui.plots())
    window.export_menu.aboutToShow.emit()
    assert export.actions["csv"].isEnabled() and export.plots_menu.isEnabled()
    target = tmp_path / "history.csv"
    monkeypatch.setattr(export, "ask_save_path", lambda *args: str(target))
    assert export.export_metrics() == target
    assert target.read_text().splitlines()[0].startswith("epoch,train_loss")
    picture = tmp_path / "map.png"
    monkeypatch.setattr(export, "ask_save_path", lambda *args: str(picture))
    assert export.export_plot("Decision map", ui.plots()["Decision map"], "png")
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert window.close()


def test_extensions_install_training_and_export_and_close_cleanly(window):
    from netdesigner.gui.app import install_extensions

    install_extensions(window)
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles[-1] == "Help" and "Training" in titles
    assert window.export_menu.actions()
    assert {"Training", "Live views"} <= set(window.docks)
    panels = [a.text() for a in window.view_panels_menu.actions()]
    assert "Live views" in panels and "Problems" in panels
    assert window.close()
