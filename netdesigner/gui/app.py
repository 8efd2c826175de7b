"""Start the editor: ``run_gui(path)`` is what ``netdesigner [FILE]`` calls."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from netdesigner.design.model import Design, Edge, Node
from netdesigner.gui import backend
from netdesigner.gui.dialogs import Confirm
from netdesigner.gui.error_report import report_unexpected_error
from netdesigner.gui.icons import app_icon
from netdesigner.gui.language import apply_language
from netdesigner.gui.main_window import MainWindow
from netdesigner.gui.recovery import Recovery, find_recoveries
from netdesigner.gui.screen_layout import fit_to_screen, size_docks, use_compact_docks
from netdesigner.gui.session_guard import guard_session

APP_NAME = "NetDesigner"


translate = QCoreApplication.translate


def default_design() -> Design:
    """TensorFlow Playground's opening network on the circle data set."""
    playground = {"kernel_initializer": "playground", "bias_initializer": "playground"}
    layers = [("hidden_1", 4), ("hidden_2", 2), ("output", 1)]
    nodes = [Node("input", "Input", {"shape": [2]}, (0.0, 120.0))]
    nodes += [
        Node(
            name,
            "Dense",
            {"units": units, "activation": "tanh", **playground},
            (220.0 * (i + 1), 120.0),
        )
        for i, (name, units) in enumerate(layers)
    ]
    ids = [node.id for node in nodes]
    return Design(
        name="Playground default",
        description=(
            "TensorFlow Playground's opening network: two inputs, hidden layers of 4 "
            "and 2 tanh neurons, one output, on the circle data set."
        ),
        nodes=nodes,
        edges=[Edge(a, b) for a, b in zip(ids, ids[1:], strict=False)],
        dataset={
            "name": "circle",
            "n_samples": 500,
            "noise": 0,
            "train_ratio": 0.5,
            "features": ["x1", "x2"],
            "seed": 0,
        },
        training={
            "loss": "mean_squared_error",
            "optimizer": {"type": "sgd", "learning_rate": 0.03},
            "batch_size": 10,
            "epochs": 500,
            "seed": 0,
        },
    )


def configure_application(app: QCoreApplication) -> None:
    """Names used by QSettings and QStandardPaths (the recovery folder)."""
    app.setOrganizationName(APP_NAME)
    app.setOrganizationDomain("netdesigner.example")
    app.setApplicationName(APP_NAME)
    if isinstance(app, QApplication):
        app.setApplicationDisplayName(APP_NAME)
        app.setWindowIcon(app_icon())


def offer_recovery(window: MainWindow) -> bool:
    """Offer the newest recovery file left by a crash; True when restored.

    The design comes back with the trained weights kept beside it and the epoch
    they reached, and keeps its own file's absolute path, so Save writes that file
    whatever folder NetDesigner was started from.
    """
    recoveries = find_recoveries()
    if not recoveries:
        return False
    newest, older = recoveries[0], recoveries[1:]
    for recovery in older:
        recovery.release()
    if newest.file_path:
        name = Path(newest.file_path).name
    else:
        name = translate("App", "an unsaved design")
    what = name
    if newest.epoch:
        what = translate(
            "App", "{design} with weights trained to epoch {epoch}"
        ).format(design=name, epoch=newest.epoch)
    from datetime import datetime

    saved = datetime.fromtimestamp(newest.saved_at)
    when = translate("App", "{time} on {date}").format(
        time=saved.strftime("%H:%M"),
        date=QLocale().toString(saved.date(), QLocale.FormatType.ShortFormat),
    )
    if not Confirm.restore_recovery(window, what, when):
        newest.discard()
        return False
    try:
        design = backend.load_design(newest.design_path)
    except backend.DesignError as exc:
        window.show_error(translate("App", "Could not restore the design"), str(exc))
        newest.discard()
        return False
    doc = window.document
    doc.reset(design, newest.file_path)
    weights = _recovered_weights(window, newest)
    if weights:
        doc.set_trained_weights(weights, epoch=newest.epoch)
    else:
        what = name
    doc.mark_modified()
    window.after_document_reset()
    newest.discard()
    window.autosaver.save_now()
    window.show_message(translate("App", "Restored {design}.").format(design=what))
    return True


def _recovered_weights(window: MainWindow, recovery: Recovery) -> dict:
    """The trained weights kept with a recovery ({} when none or unreadable)."""
    if recovery.weights_path is None:
        return {}
    try:
        return backend.load_weights(recovery.weights_path)
    except backend.DesignError as exc:
        window.show_error(
            translate("App", "Could not restore the trained weights"), str(exc)
        )
        return {}


def install_excepthook(window: MainWindow) -> None:
    """Show an unexpected error in a dialog (one sentence, whether the work was
    saved, the traceback behind Show Details); the editor keeps running."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None):
        if not isinstance(error, Exception):  # KeyboardInterrupt, SystemExit
            sys.__excepthook__(kind, error, tb)
            return
        try:
            report_unexpected_error(window, error.with_traceback(tb))
        except Exception:  # never let the hook itself fail silently
            traceback.print_exception(kind, error, tb, file=sys.stderr)

    sys.excepthook = hook


def install_extensions(window: MainWindow) -> None:
    """Add the training panels (``window.training_ui``) and File ▸ Export's entries
    (``window.export_actions``), then put Help back at the end of the menu bar."""
    from netdesigner.gui.export_actions import install_export_menu
    from netdesigner.gui.training import install

    window.training_ui = ui = install(window)
    window.export_actions = install_export_menu(
        window, history=ui.history, plots=ui.plots
    )
    from netdesigner.gui.lessons import install as install_lessons

    window.lesson_ui = install_lessons(window)  # Lesson panel, Tools, summary
    window.keep_help_menu_last()


def start_gui(path: str | None = None, language: str | None = None) -> MainWindow:
    """Everything ``run_gui`` does before the event loop; the shown window.

    The exception hook is in place before anything can fail, and ``path`` is
    opened from the event loop, so whatever the file holds, the window is up first
    and says what was wrong. If building the window fails, the training thread is
    stopped before the error goes on (destroying a running QThread aborts Python).
    ``language`` ("en", "zh_CN") overrides View ▸ Language's choice for this run.
    """
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)
    apply_language(language)
    window = MainWindow(default_design())
    install_excepthook(window)
    try:
        install_extensions(window)
        if fit_to_screen(window):
            window.showMaximized()
            use_compact_docks(window)
            size_docks(window)
        else:
            window.show()
            if QSettings().value("window/state") is None:
                size_docks(window)
        window.view.show_design()
    except BaseException:
        stop_training(window)
        raise
    guard_session(window)  # sweep stale files of killed sessions; SIGTERM as Quit
    # the window as context: the call is dropped if the window is gone first
    QTimer.singleShot(0, window, lambda: finish_start(window, path))
    return window


def finish_start(window: MainWindow, path: str | None) -> None:
    """Open ``path`` (any failure becomes a message), then offer a recovery."""
    if path:
        open_at_start(window, path)
    offer_recovery(window)


def open_at_start(window: MainWindow, path: str) -> bool:
    """Open the file NetDesigner was started with; True when it opened.

    A file the loader refuses gets its one-sentence message from ``open_path``;
    anything else that escapes (a bug a crafted file reaches) is reported as an
    unexpected error, and the editor keeps running either way.
    """
    try:
        return window.files.open_path(path, ask=False)
    except Exception as exc:
        doing = translate("App", "opening {file}").format(file=Path(path).name)
        report_unexpected_error(window, exc, doing=doing)
        return False


def stop_training(window: MainWindow) -> bool:
    """Stop the training thread, if any; True when nothing runs any more."""
    lessons = getattr(window, "lesson_ui", None)
    compared = True if lessons is None else lessons.shutdown()
    ui = window.training_ui
    return (True if ui is None else ui.shutdown()) and compared


def run_gui(path: str | None = None, language: str | None = None) -> int:
    """Open the editor with ``path`` (or Playground's default design) and run it."""
    window = start_gui(path, language)
    try:
        return QApplication.exec()
    finally:
        stop_training(window)
