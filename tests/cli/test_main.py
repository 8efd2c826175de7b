"""``netdesigner.cli.main`` in-process: GUI launch, error classes, progress bar."""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass

import pytest

from netdesigner import cli
from netdesigner.commands import COMMANDS
from netdesigner.commands.base import Command
from netdesigner.commands.export import _exporter
from netdesigner.commands.progress import ProgressBar


def test_gui_not_installed_is_said_clearly(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "netdesigner.gui.app", None)
    assert cli.main([]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "graphical editor is not installed" in err


def test_gui_receives_the_file(monkeypatch, tmp_path):
    seen = []
    fake = type(sys)("netdesigner.gui.app")
    fake.run_gui = lambda path, language=None: seen.append(path) or 0
    monkeypatch.setitem(sys.modules, "netdesigner.gui.app", fake)
    design = tmp_path / "d.json"
    design.write_text("{}")
    assert cli.main([str(design)]) == 0
    assert cli.main([]) == 0
    assert seen == [str(design), None]


def test_gui_needs_qt(monkeypatch, capsys):
    error = ModuleNotFoundError("No module named 'PySide6'", name="PySide6")
    real_import = __import__

    def fake_import(name, *args, **kwargs):
        if name == "netdesigner.gui.app":
            raise error
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr("builtins.__import__", fake_import)
    assert cli.main([]) == 2
    assert "needs PySide6" in capsys.readouterr().err


def _boom(args):
    raise RuntimeError("something broke")


@pytest.fixture
def broken_command(monkeypatch):
    command = Command("boom", "fails", lambda parser: None, _boom)
    monkeypatch.setitem(COMMANDS, "boom", command)


def test_internal_error_is_one_line_and_exit_3(broken_command, capsys):
    assert cli.main(["boom"]) == 3
    err = capsys.readouterr().err
    assert err.strip() == (
        "netdesigner: internal error: RuntimeError: something broke "
        "(run again with --debug for the traceback)"
    )


def test_debug_shows_the_traceback(broken_command, capsys):
    assert cli.main(["--debug", "boom"]) == 3
    assert "Traceback" in capsys.readouterr().err
    assert cli.main(["boom", "--debug"]) == 3
    assert "Traceback" in capsys.readouterr().err


def test_exporter_missing_is_detected(monkeypatch):
    monkeypatch.setitem(sys.modules, "netdesigner.design.export", None)
    assert _exporter() is None


def test_usage_error_is_one_line(capsys):
    assert cli.main(["predict", "x.json"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "--input" in err


@dataclass
class Batch:
    epoch: int
    batch: int
    loss: float


@dataclass
class Epoch:
    epoch: int
    train_loss: float
    test_loss: float | None
    metrics: dict


def test_progress_in_a_log_is_one_line_per_epoch_thinned():
    out = io.StringIO()
    bar = ProgressBar(out, epochs=100, batches_per_epoch=5, tty=False, max_lines=10)
    for epoch in range(1, 101):
        for batch in range(1, 6):
            bar.batch(Batch(epoch, batch, 0.5))
        bar.epoch(Epoch(epoch, 0.5, 0.25, {"test_accuracy": 0.9}))
    bar.close()
    lines = out.getvalue().splitlines()
    assert "\r" not in out.getvalue()
    assert (
        lines[0] == "epoch 1/100  train loss 0.5  test loss 0.25  test accuracy 90.0%"
    )
    assert lines[-1].startswith("epoch 100/100")
    assert len(lines) == 11  # epoch 1, then every 10th


def test_progress_on_a_terminal_rewrites_one_line():
    now = [0.0]
    out = io.StringIO()
    bar = ProgressBar(
        out, epochs=2, batches_per_epoch=4, tty=True, clock=lambda: now[0]
    )
    for epoch in (1, 2):
        for batch in range(1, 5):
            now[0] += 1.0
            bar.batch(Batch(epoch, batch, 0.75))
        bar.epoch(Epoch(epoch, 0.5, None, {}))
    bar.close()
    text = out.getvalue()
    assert text.endswith("\n") and text.count("\n") == 1
    frames = text.rstrip("\n").split("\r")[1:]
    assert frames[0].startswith("epoch 1/2 [##------------------] loss 0.75")
    assert frames[-1].startswith("epoch 2/2 [####################] train loss 0.5")


def test_progress_redraws_at_most_ten_times_a_second():
    out = io.StringIO()
    bar = ProgressBar(
        out, epochs=1, batches_per_epoch=1000, tty=True, clock=lambda: 5.0
    )
    for batch in range(1, 1001):
        bar.batch(Batch(1, batch, 0.1))
    assert out.getvalue().count("\r") == 1
