"""The window never stutters, quits cleanly while training, and looks right."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[3]
SCREENSHOT = ROOT / "resources" / "screenshots" / "training.png"


def _ticks(qtbot, seconds: float, interval_ms: int = 5) -> int:
    """How many times a repeating GUI-thread timer fired while the event loop ran
    for ``seconds``."""
    ticks = []
    timer = QTimer()
    timer.setInterval(interval_ms)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    try:
        qtbot.wait(int(seconds * 1000))
    finally:
        timer.stop()
    return len(ticks)


def test_gui_event_loop_keeps_turning_while_an_mlp_trains(
    qtbot, training_window, sample_design
):
    """Fashion-MNIST MLP training in the worker thread while a 5 ms GUI timer runs
    for 2 s: the timer keeps firing and training advances at the same time, and a
    pause is answered. How long the loop may stall is measured in
    benchmarks/bench_gui.py (a time limit is no test on a shared machine); here a
    GUI thread that trained itself, or waited on the worker, would fire a handful
    of times at most instead of about 400."""
    design = sample_design("09_fashion_mnist_mlp.json")
    design.training["epochs"] = 1000
    _window, ui = training_window(design)
    ui.controller.play()
    qtbot.waitUntil(lambda: ui.controller.state == "running", timeout=5000)
    before = ui.controller.last_frame.iteration
    ticks = _ticks(qtbot, 2.0)
    assert ui.controller.last_frame.iteration > before  # it really trained
    assert ticks >= 40, f"the GUI timer fired only {ticks} times in 2 s"
    with qtbot.waitSignal(ui.controller.status_changed, timeout=5000):
        ui.controller.pause()


def test_window_mid_training_on_the_spiral_is_drawn(qtbot, dialogs, sample_design):
    """The editor's own main window, with live training installed as the app does,
    grabbed while the spiral trains; NETDESIGNER_SCREENSHOTS=1 saves the picture
    as resources/screenshots/training.png (the README's)."""
    from netdesigner.gui.app import configure_application, install_extensions
    from netdesigner.gui.main_window import MainWindow

    configure_application(QApplication.instance())
    design = sample_design("06_deep_spiral.json")
    design.training["epochs"] = 30_000  # still running when grabbed
    window = MainWindow(design)
    qtbot.addWidget(window)
    install_extensions(window)
    ui = window.training_ui
    window.resize(1500, 950)
    with qtbot.waitExposed(window):
        window.show()
    try:
        qtbot.waitUntil(lambda: ui.controller.state == "ready", timeout=10_000)
        window.view.fit_all()
        ui.controller.play()
        qtbot.waitUntil(lambda: ui.controller.last_frame.epoch >= 150, timeout=20_000)
        since = time.perf_counter()  # the canvas refreshes less often: wait for one
        qtbot.waitUntil(lambda: ui.canvas_live._last_update > since, timeout=10_000)
        image = window.grab().toImage()
        assert ui.controller.state == "running"
        ui.controller.pause()
        qtbot.waitUntil(lambda: ui.controller.state in ("paused", "finished"))
        rgb = ui.views.decision_map.rgb
        assert ui.live_dock is not None and ui.live_dock.isVisible()
    finally:
        assert ui.shutdown()
        window.document.mark_clean()
        window.close()
        window.document.undo_stack.clear()
    assert image.width() >= 1000 and image.height() >= 600
    small = image.scaled(300, 190)
    colours = {small.pixel(x, y) for x in range(0, 300, 3) for y in range(0, 190, 3)}
    assert len(colours) > 200, "the window grab looks blank"
    assert len(np.unique(rgb.reshape(-1, 3), axis=0)) > 20  # a real map, not a fill
    if os.environ.get("NETDESIGNER_SCREENSHOTS"):
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        assert image.save(str(SCREENSHOT))


QUIT_SCRIPT = textwrap.dedent(
    """
    import os, sys
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from netdesigner.design.io import load_design
    from netdesigner.gui.app import configure_application, install_extensions
    from netdesigner.gui.dialogs import Confirm
    from netdesigner.gui.main_window import MainWindow

    asked = []
    def save_changes(cls, parent, name):
        asked.append(name)  # trained, unsaved weights are unsaved work
        return "discard"
    Confirm.save_changes = classmethod(save_changes)

    app = QApplication(sys.argv[:1])
    configure_application(app)
    window = MainWindow(load_design(sys.argv[1]))
    install_extensions(window)
    ui = window.training_ui
    window.show()

    def play():
        if ui.controller.state == "ready":
            ui.controller.play()
            QTimer.singleShot(700, check_and_quit)
        else:
            QTimer.singleShot(20, play)

    def check_and_quit():
        assert ui.controller.state == "running", ui.controller.state
        print("iteration", ui.controller.last_frame.iteration, flush=True)
        assert window.close()
        print("asked", len(asked), flush=True)
        app.quit()

    QTimer.singleShot(0, play)
    sys.exit(app.exec())
    """
)


def test_quitting_during_training_exits_cleanly(tmp_path):
    """The app's own window, training Fashion-MNIST, closed and quit: exit code 0
    and nothing on stderr about threads."""
    script = tmp_path / "quit_while_training.py"
    script.write_text(QUIT_SCRIPT)
    sample = ROOT / "samples" / "09_fashion_mnist_mlp.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, str(script), str(sample)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "QThread" not in done.stderr, done.stderr[-2000:]
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    words = done.stdout.split()
    assert int(words[words.index("iteration") + 1]) > 0  # training when it quit
    assert words[-2:] == ["asked", "1"]  # about the trained, unsaved weights
