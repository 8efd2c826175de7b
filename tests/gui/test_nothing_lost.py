"""Nothing lost: trained weights as unsaved work, their autosave and recovery, absolute
paths, the start-up sweep of stale files, and SIGTERM handled like Quit.

Every recovery file lives under the test session's own XDG_DATA_HOME (conftest).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from netdesigner.gui import backend
from netdesigner.gui.app import default_design, install_extensions, offer_recovery
from netdesigner.gui.recovery import (
    Autosaver,
    find_recoveries,
    recovery_dir,
    sweep_stale_files,
)
from netdesigner.gui.session_guard import TerminationWatcher, quit_as_asked

needs_posix_signals = pytest.mark.skipif(
    sys.platform == "win32", reason="SIGTERM and SIGKILL are POSIX signals"
)


def _weights(value: float) -> dict[str, np.ndarray]:
    return {
        "hidden_1/kernel": np.full((2, 4), value, np.float32),
        "hidden_1/bias": np.full(4, value, np.float32),
    }


def _meta(saver: Autosaver) -> dict:
    return json.loads(saver.path.with_name(saver.path.stem + ".meta.json").read_text())


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# ------------------------------------------------------------- unsaved weights
def test_weights_trained_here_are_unsaved_work_until_saved(doc):
    doc.set_trained_weights(_weights(0.5))  # read from a file: nothing new
    assert not doc.is_modified() and doc.weights_epoch is None
    doc.set_trained_weights(_weights(0.7), epoch=12)
    assert doc.is_modified() and doc.weights_epoch == 12
    doc.mark_clean()  # what a save does
    assert not doc.is_modified()
    assert doc.weights_epoch == 12, "the epoch stays known after a save"


def test_the_file_path_is_kept_absolute_whatever_the_working_folder(
    doc, tmp_path, monkeypatch
):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    monkeypatch.chdir(tmp_path / "a")
    doc.set_file_path("spiral.json")
    monkeypatch.chdir(tmp_path / "b")
    assert doc.file_path == tmp_path / "a" / "spiral.json"
    assert doc.display_name() == "spiral.json"


# ------------------------------------------------------------- autosave
@pytest.fixture
def saver(doc):
    """An Autosaver on ``doc`` with a clock the test moves by hand."""
    clock = FakeClock()
    autosaver = Autosaver(doc, weights_every_s=5.0, clock=clock)
    autosaver.clock = clock
    yield autosaver
    autosaver.shutdown()


def test_autosave_keeps_trained_weights_throttled(doc, saver):
    clock = saver.clock
    doc.set_trained_weights(_weights(1.0), epoch=3)
    assert saver.weights_timer.isActive(), "new weights schedule a write"
    assert saver.autosave()
    kept = backend.load_weights(saver.weights_path)
    np.testing.assert_array_equal(kept["hidden_1/kernel"], 1.0)
    assert _meta(saver)["weights"] is True and _meta(saver)["epoch"] == 3

    clock.now += 1.0  # newer weights one second later: the design is written ...
    doc.set_trained_weights(_weights(2.0), epoch=4)
    doc.set_param("hidden_2", "units", 3)
    assert saver.autosave()
    assert backend.load_design(saver.path).node("hidden_2").params["units"] == 3
    kept = backend.load_weights(saver.weights_path)  # ... the weights wait
    np.testing.assert_array_equal(kept["hidden_1/kernel"], 1.0)
    assert _meta(saver)["epoch"] == 3, "the meta describes the weights kept"
    assert saver.weights_wait() == pytest.approx(4.0)
    assert saver.weights_timer.isActive()
    assert saver.weights_timer.interval() == 4000

    clock.now += 4.0  # the throttle's time is up
    assert saver.autosave()
    kept = backend.load_weights(saver.weights_path)
    np.testing.assert_array_equal(kept["hidden_1/kernel"], 2.0)
    assert _meta(saver)["epoch"] == 4


def test_a_stream_of_weights_never_postpones_their_write(doc, saver):
    """Throttled, not debounced: weights arriving again and again (as while
    training) do not restart the wait, so the write happens."""
    doc.set_trained_weights(_weights(1.0), epoch=1)
    saver.autosave()
    saver.clock.now += 1.0
    doc.set_trained_weights(_weights(2.0), epoch=2)
    first_wait = saver.weights_timer.interval()
    for step in range(3, 8):
        saver.clock.now += 0.5
        doc.set_trained_weights(_weights(float(step)), epoch=step)
    assert saver.weights_timer.interval() == first_wait == 4000


def test_save_now_writes_the_weights_at_once_and_discard_removes_them(doc, saver):
    doc.set_trained_weights(_weights(1.0), epoch=1)
    saver.autosave()
    doc.set_trained_weights(_weights(9.0), epoch=2)
    assert saver.save_now(), "a crash or a signal does not wait for the throttle"
    kept = backend.load_weights(saver.weights_path)
    np.testing.assert_array_equal(kept["hidden_1/kernel"], 9.0)
    doc.mark_clean()
    assert not saver.path.exists() and not saver.weights_path.exists()


def test_the_recovery_names_the_design_file_absolutely(doc, saver, tmp_path):
    folder = tmp_path / "work"
    folder.mkdir()
    old = os.getcwd()
    os.chdir(folder)
    try:
        doc.set_file_path("spiral.json")
    finally:
        os.chdir(old)
    doc.set_param("hidden_2", "units", 3)
    assert saver.save_now()
    assert _meta(saver)["file_path"] == str(folder / "spiral.json")


# ------------------------------------------------------------- closing asks
def _train_until_unsaved(window, qtbot, epochs: int):
    install_extensions(window)
    ui = window.training_ui
    qtbot.waitUntil(lambda: ui.controller.state == "ready", timeout=10_000)
    window.document.set_setting("training", "epochs", epochs)
    window.document.mark_clean()  # only the training is unsaved from here on
    ui.link.sync()
    return ui


def test_quit_during_training_asks_about_the_trained_weights(window, dialogs, qtbot):
    ui = _train_until_unsaved(window, qtbot, epochs=1_000_000)
    ui.controller.play()
    qtbot.waitUntil(window.document.is_modified, timeout=10_000)
    assert ui.controller.is_running and window.document.weights
    dialogs.save_changes_answer = "cancel"
    assert not window.close()
    assert dialogs.names() == ["save_changes"]
    assert window.isVisible() and ui.controller.is_running
    ui.controller.pause()
    qtbot.waitUntil(lambda: ui.controller.state == "paused", timeout=10_000)
    dialogs.save_changes_answer = "discard"
    assert window.close()


def test_closing_after_training_asks_and_save_writes_the_weights(
    window, dialogs, qtbot, tmp_path, monkeypatch
):
    ui = _train_until_unsaved(window, qtbot, epochs=100)
    assert not window.document.is_modified()
    ui.controller.step_epoch()
    qtbot.waitUntil(lambda: ui.controller.state == "paused", timeout=10_000)
    assert window.document.is_modified() and window.document.weights_epoch == 1
    target = tmp_path / "trained.json"
    monkeypatch.setattr(window.files, "ask_save_path", lambda: str(target))
    dialogs.save_changes_answer = "save"
    assert window.close()
    assert dialogs.names() == ["save_changes"]
    saved = backend.load_weights(backend.weights_path(target))
    for key, value in window.document.weights.items():
        np.testing.assert_array_equal(saved[key], value)


# ------------------------------------------------------------- sweep at start
def _leftover(folder: Path, target: str, age_s: float) -> Path:
    """A temp file as ``design.io.atomic_write`` names it, ``age_s`` old."""
    handle, name = tempfile.mkstemp(prefix=f".{target}.", suffix=".tmp", dir=folder)
    os.write(handle, b"half a save")
    os.close(handle)
    when = time.time() - age_s
    os.utime(name, (when, when))
    return Path(name)


def test_stale_temp_files_of_killed_saves_are_swept_and_nothing_else(tmp_path):
    hour = 3600.0
    stale = [
        _leftover(tmp_path, "spiral.json", hour),
        _leftover(tmp_path, "spiral.weights.npz", hour),
    ]
    kept = [
        _leftover(tmp_path, "spiral.json", 10.0),  # maybe a save in progress
        _leftover(tmp_path, "notes.txt", hour),  # not something NetDesigner saves
        tmp_path / "spiral.json",
        tmp_path / ".spiral.json.tmp",
        tmp_path / "x.abcdefgh.tmp",
        tmp_path / ".spiral.json.abcdefgh.tmp.keep",
    ]
    for path in kept[2:]:
        path.write_text("{}")
        os.utime(path, (time.time() - hour, time.time() - hour))
    removed = [p for p in sweep_stale_files([tmp_path]) if p.parent == tmp_path]
    assert sorted(removed) == sorted(stale)
    assert not any(path.exists() for path in stale)
    assert all(path.exists() for path in kept)


LOCKING_SESSION = textwrap.dedent(
    """
    import os, sys, tempfile
    from pathlib import Path
    from PySide6.QtCore import QLockFile
    folder = Path(sys.argv[1])
    lock = QLockFile(str(folder / f"session-{os.getpid()}.lock"))
    assert lock.tryLock(0)
    handle, name = tempfile.mkstemp(
        prefix=f".session-{os.getpid()}.weights.npz.", suffix=".tmp", dir=folder
    )
    print(os.getpid(), flush=True)
    sys.stdin.read()  # until told to go on, or killed
    """
)


def _locking_session() -> tuple[subprocess.Popen, int]:
    child = subprocess.Popen(
        [sys.executable, "-c", LOCKING_SESSION, str(recovery_dir())],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    return child, int(child.stdout.readline())


@needs_posix_signals
def test_locks_and_temp_files_of_gone_sessions_are_swept_not_live_ones(doc):
    folder = recovery_dir()
    own = Autosaver(doc)  # this session: its lock is live
    gone, gone_pid = _locking_session()
    alive, alive_pid = _locking_session()
    try:
        gone.send_signal(signal.SIGTERM)  # dies without cleaning up
        assert gone.wait(60) == -signal.SIGTERM
        crashed = folder / "session-999999999.json"  # a recovery still to offer
        crashed.write_text("{}")
        gone_files = [
            folder / f"session-{gone_pid}.lock",
            *folder.glob(f".session-{gone_pid}.weights.npz.*.tmp"),
        ]
        alive_files = [
            folder / f"session-{alive_pid}.lock",
            *folder.glob(f".session-{alive_pid}.weights.npz.*.tmp"),
        ]
        assert len(gone_files) == len(alive_files) == 2
        assert all(path.exists() for path in gone_files)
        removed = sweep_stale_files()
        assert set(gone_files) <= set(removed)
        assert not any(path.exists() for path in gone_files)
        assert all(path.exists() for path in alive_files), "a live session keeps all"
        assert _lock_file(own).exists() and crashed.exists()
    finally:
        alive.communicate("", timeout=60)
        gone.communicate(timeout=60)  # closes its pipes
        own.shutdown()
        (folder / "session-999999999.json").unlink(missing_ok=True)
        for path in folder.glob(f".session-{alive_pid}.*.tmp"):
            path.unlink()


def _lock_file(saver: Autosaver) -> Path:
    return saver.path.with_suffix(".lock")


# ------------------------------------------------------------- SIGTERM
def test_sigterm_keeps_a_recovery_then_asks_like_quit(window, dialogs):
    window.document.set_param("hidden_1", "units", 6)
    seen_on_asking = []

    def ask(cls, parent, name):
        seen_on_asking.append(window.autosaver.path.exists())
        return "cancel"

    from netdesigner.gui import dialogs as module

    original = module.Confirm.save_changes
    module.Confirm.save_changes = classmethod(ask)
    try:
        assert not quit_as_asked(window)
    finally:
        module.Confirm.save_changes = original
    assert seen_on_asking == [True], "the recovery is written before asking"
    assert window.isVisible()
    dialogs.save_changes_answer = "discard"
    assert quit_as_asked(window)
    assert not window.isVisible() and not window.autosaver.path.exists()


@needs_posix_signals
def test_the_watcher_turns_sigterm_into_a_call_from_the_event_loop(qtbot):
    before = signal.getsignal(signal.SIGTERM)
    calls = []
    watcher = TerminationWatcher(lambda: calls.append("quit"))
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        qtbot.waitUntil(lambda: calls == ["quit"], timeout=10_000)
    finally:
        watcher.uninstall()
        watcher.deleteLater()
    assert signal.getsignal(signal.SIGTERM) is before


SIGTERM_SESSION = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    # runs once the event loop turns: run_gui has set everything up by then
    QTimer.singleShot(0, lambda: print("ready", flush=True))
    from netdesigner.gui.app import run_gui
    sys.exit(run_gui(None))
    """
)


@needs_posix_signals
def test_sigterm_quits_run_gui_cleanly_leaving_no_lock(tmp_path):
    env = dict(
        os.environ,
        XDG_DATA_HOME=str(tmp_path / "data"),  # no recovery of other tests to offer
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    child = subprocess.Popen(
        [sys.executable, "-c", SIGTERM_SESSION],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert child.stdout.readline().strip() == "ready"
        locks = list((tmp_path / "data").rglob("session-*.lock"))
        assert [p.name for p in locks] == [f"session-{child.pid}.lock"]
        child.send_signal(signal.SIGTERM)
        _out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == 0, err[-2000:]
    assert "Traceback" not in err and "QThread" not in err, err[-2000:]
    assert not list((tmp_path / "data").rglob("session-*")), "no lock left behind"


# ------------------------------------------------------------- kill -9 mid-training
TRAINING_SESSION = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from netdesigner.gui.app import configure_application, default_design
    from netdesigner.gui.app import install_extensions
    from netdesigner.gui.main_window import MainWindow
    configure_application(app)
    window = MainWindow(default_design())
    install_extensions(window)
    ui = window.training_ui
    window.files.open_path("spiral.json", ask=False)  # relative to this folder

    def play():
        if ui.controller.state == "ready" and ui.link.session_design is not None:
            ui.controller.play()
        else:
            QTimer.singleShot(20, play)

    QTimer.singleShot(0, play)
    app.exec()  # trains until killed
    """
)


def _wait_for_trained_recovery(child, meta_path: Path, epochs: int) -> dict:
    """The child's recovery meta once it keeps weights of at least ``epochs``."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        try:
            meta = json.loads(meta_path.read_text())
        except (OSError, ValueError):
            meta = {}
        if meta.get("weights") and (meta.get("epoch") or 0) >= epochs:
            return meta
        time.sleep(0.1)
    raise AssertionError(f"no recovery with weights: {child.poll()=}")


@needs_posix_signals
def test_kill_9_mid_training_restores_the_design_weights_and_epoch(
    window, dialogs, qtbot, tmp_path, monkeypatch
):
    started_in, later_in = tmp_path / "course", tmp_path / "elsewhere"
    started_in.mkdir()
    later_in.mkdir()
    design = default_design()
    design.training["epochs"] = 1_000_000
    backend.save_design(design, started_in / "spiral.json")
    child = subprocess.Popen(
        [sys.executable, "-c", TRAINING_SESSION],
        cwd=started_in,
        stderr=subprocess.PIPE,
        env=os.environ.copy(),
    )
    try:
        meta_path = recovery_dir() / f"session-{child.pid}.meta.json"
        meta = _wait_for_trained_recovery(child, meta_path, epochs=3)
        child.send_signal(signal.SIGKILL)  # mid-training: no clean-up runs
        assert child.wait(60) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stderr.close()
    meta = json.loads(meta_path.read_text())  # the last one written before the kill
    kept = backend.load_weights(meta_path.with_name(f"session-{child.pid}.weights.npz"))
    assert meta["file_path"] == str(started_in / "spiral.json")

    monkeypatch.chdir(later_in)
    install_extensions(window)
    ui = window.training_ui
    assert offer_recovery(window)
    assert dialogs.calls[0][0] == "restore"
    assert f"epoch {meta['epoch']}" in dialogs.calls[0][1]
    doc = window.document
    assert doc.file_path == started_in / "spiral.json"
    assert doc.weights_epoch == meta["epoch"] >= 3 and doc.is_modified()
    assert doc.weights.keys() == kept.keys()
    start = backend.preview_weights(design)
    assert any(not np.array_equal(kept[k], start[k]) for k in kept), "trained"
    for key, value in kept.items():
        np.testing.assert_array_equal(doc.weights[key], value)

    def session_starts_from_them() -> bool:
        frame = ui.controller.last_frame
        weights = (frame.all_weights if frame is not None else None) or {}
        return weights.keys() == kept.keys() and all(
            np.array_equal(weights[k], kept[k]) for k in kept
        )

    qtbot.waitUntil(session_starts_from_them, timeout=10_000)

    window.files.save()  # Ctrl+S: the original file, not one in the new folder
    assert not list(later_in.iterdir())
    saved = backend.load_weights(started_in / "spiral.weights.npz")
    for key, value in kept.items():
        np.testing.assert_array_equal(saved[key], value)
    assert not find_recoveries(), "the restored recovery is gone"
    QApplication.processEvents()
