"""File ▸ Export in the main window: code, canvas, plots, metrics (dialogs replaced)."""

from __future__ import annotations

import csv

import numpy as np
import pytest

pytest.importorskip("PySide6.QtWidgets")

from netdesigner.design.export import ExportError, history_csv  # noqa: E402
from netdesigner.design.io import (  # noqa: E402
    load_weights,
    save_design,
    weights_path,
)
from netdesigner.design.model import Design  # noqa: E402

HISTORY = {
    "train_loss": [0.9, 0.5, 0.25],
    "epoch": [1, 2, 3],
    "test_loss": [1.0, 0.6, float("nan")],
    "test_accuracy": [0.5, 0.75, None],
}


@pytest.fixture
def window(qtbot, case_factory, monkeypatch):
    """A main window on a saved sample, with errors and messages recorded."""
    from netdesigner.gui.main_window import MainWindow

    case = case_factory("07_spiral_three_classes")
    win = MainWindow(case.design)
    qtbot.addWidget(win)
    win.document.set_file_path(case.path)
    win.errors, win.messages = [], []
    monkeypatch.setattr(win, "show_error", lambda title, text: win.errors.append(text))
    monkeypatch.setattr(win, "show_message", lambda text, *a: win.messages.append(text))
    yield win
    win.close()


@pytest.fixture
def menu(window, tmp_path):
    """The installed export actions; ``menu.answers`` are the save dialog's answers."""
    from netdesigner.gui.export_actions import install_export_menu

    actions = install_export_menu(window)
    actions.answers, actions.asked = [], []

    def ask(title, suggested, filters):
        actions.asked.append((title, suggested, filters))
        return str(actions.answers.pop(0)) if actions.answers else None

    actions.ask_save_path = ask
    return actions


def test_menu_lists_every_export(window, menu):
    texts = [
        a.text().replace("&", "") for a in window.export_menu.actions() if a.text()
    ]
    assert texts == [
        "Keras script…", "PyTorch script…", "Keras bundle (folder)…",
        "PyTorch bundle (folder)…", "Canvas as PNG…", "Canvas as SVG…",
        "Plots", "Metrics as CSV…",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("key", "needle"), [("keras", "import keras"), ("pytorch", "class Net(nn.Module)")]
)
def test_code_export_writes_the_window_weights(
    window, menu, tmp_path, key, needle, case_factory
):
    """The weights the window holds now (trained, not saved) go beside the script,
    named relative to it, and the message says so."""
    case = case_factory("07_spiral_three_classes")
    window.document.set_trained_weights(load_weights(weights_path(case.path)))
    (tmp_path / "elsewhere").mkdir()
    out = tmp_path / "elsewhere" / f"exported_{key}.py"
    menu.answers.append(out)
    menu.actions[key].trigger()
    text = out.read_text("utf-8")
    assert needle in text
    beside = out.with_name(f"exported_{key}.weights.npz")
    assert 'Path(__file__).resolve().parent.joinpath("exported_' in text
    saved = load_weights(beside)
    assert all(np.array_equal(saved[k], v) for k, v in window.document.weights.items())
    compile(text, str(out), "exec")
    suggested = menu.asked[0][1]
    assert suggested.parent == window.document.file_path.parent
    assert window.messages == [f"Wrote {out.name} and {beside.name}"]


def test_cancelled_dialog_writes_nothing(window, menu, tmp_path):
    menu.actions["keras"].trigger()
    assert menu.asked and not list(tmp_path.glob("*.py"))
    assert window.errors == [] and window.messages == []


def test_refused_design_shows_one_sentence(window, menu, tmp_path):
    window.document.design = Design(name="empty")
    menu.answers.append(tmp_path / "x.py")
    menu.actions["pytorch"].trigger()
    assert window.errors == ["the design has no nodes; add an Input and a layer first"]
    assert not (tmp_path / "x.py").exists()


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_canvas_picture(window, menu, tmp_path, fmt):
    out = tmp_path / f"canvas.{fmt}"
    menu.answers.append(out)
    menu.actions[fmt].trigger()
    data = out.read_bytes()
    if fmt == "png":
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        rect = window.scene.itemsBoundingRect()
        assert int.from_bytes(data[16:20], "big") >= 2 * rect.width()
    else:
        assert b"<svg" in data and b"hidden_1" in data


def test_metrics_csv_needs_a_run(window, menu, tmp_path):
    menu.actions["csv"].trigger()
    assert window.errors and "no training history" in window.errors[0]
    window.export_menu.aboutToShow.emit()
    assert not menu.actions["csv"].isEnabled()
    menu.set_history_source(lambda: HISTORY)
    window.export_menu.aboutToShow.emit()
    assert menu.actions["csv"].isEnabled()
    out = tmp_path / "history.csv"
    menu.answers.append(out)
    menu.actions["csv"].trigger()
    rows = list(csv.reader(out.read_text("utf-8").splitlines()))
    assert rows[0] == ["epoch", "train_loss", "test_loss", "test_accuracy"]
    assert rows[1] == ["1", "0.9", "1.0", "0.5"]
    assert rows[3] == ["3", "0.25", "", ""]


def test_plots_are_exported_with_pyqtgraph(window, menu, tmp_path, qtbot):
    pg = pytest.importorskip("pyqtgraph")
    plot = pg.PlotWidget(background="w")
    qtbot.addWidget(plot)
    plot.resize(320, 200)
    plot.plot([1, 2, 3], [3, 1, 2], pen="b")
    menu.set_plot_source(lambda: {"Loss": plot})
    window.export_menu.aboutToShow.emit()
    assert menu.plots_menu.isEnabled()
    menu.plots_menu.aboutToShow.emit()
    entries = [a.text() for a in menu.plots_menu.actions()]
    assert entries == ["Loss as PNG…", "Loss as SVG…"]
    png, svg = tmp_path / "loss.png", tmp_path / "loss.svg"
    menu.answers.extend([png, svg])
    for action in menu.plots_menu.actions():
        action.trigger()
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") >= 2 * 300
    assert b"<svg" in svg.read_bytes()
    assert menu.asked[0][1].name == "07_spiral_three_classes_loss.png"


def test_history_csv_checks_its_input():
    with pytest.raises(ExportError, match="no training history"):
        history_csv({})
    with pytest.raises(ExportError, match="one value per epoch"):
        history_csv({"epoch": [1, 2], "train_loss": [0.1]})


def test_unsaved_design_is_exported_without_weights(window, menu, tmp_path):
    window.document.set_file_path(None)
    out = tmp_path / "unsaved.py"
    menu.answers.append(out)
    menu.actions["keras"].trigger()
    assert "WEIGHTS_FILE = None" in out.read_text("utf-8")
    assert "no trained weights yet" in window.messages[0]
    save_design(window.document.design, tmp_path / "later.json")  # still saveable
