"""Small promises of the command line: --version, a complete --help, plurals, and
``train`` never writing into an installed app."""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import tomllib
from pathlib import Path

import pytest

from netdesigner import __version__
from netdesigner.cli import USAGE, build_parser
from netdesigner.commands import COMMANDS
from netdesigner.commands import train as train_command

ROOT = Path(__file__).resolve().parents[2]


def test_version_is_the_package_version(cli):
    result = cli("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"netdesigner {__version__}"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert project["project"]["version"] == __version__


def _help_of(command: str) -> str:
    """``netdesigner COMMAND --help`` as printed."""
    text = io.StringIO()
    with contextlib.redirect_stdout(text), pytest.raises(SystemExit):
        build_parser().parse_args([command, "--help"])
    return text.getvalue()


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_the_overview_shows_every_option_of_every_command(command):
    options = set(re.findall(r"--[a-z][a-z-]*", _help_of(command)))
    shown = set(re.findall(r"--[a-z][a-z-]*", USAGE))
    assert options - {"--help", "--debug"} <= shown


def test_help_lists_continue_and_version(cli):
    result = cli("--help")
    assert result.returncode == 0
    assert "[--continue]" in result.stdout and "--version" in result.stdout


@pytest.mark.parametrize(("epochs", "text"), [(1, "1 epoch:"), (2, "2 epochs:")])
def test_summary_counts_epochs_in_english(epochs, text):
    line = train_command.summary({"epochs": epochs, "test_loss": 0.5})
    assert line == f"trained {text} test loss 0.5"


def test_one_epoch_is_said_in_the_singular(cli, sample_copy):
    source = sample_copy("01_perceptron_and", epochs=5)
    result = cli("train", source, "--epochs", "1")
    assert result.returncode == 0, result.stderr
    assert "trained 1 epoch:" in result.stderr


def test_a_design_inside_site_packages_is_trained_into_the_current_folder(
    cli, tmp_path, sample_copy
):
    installed = tmp_path / "env" / "lib" / "python3" / "site-packages" / "course"
    installed.mkdir(parents=True)
    source = sample_copy("01_perceptron_and", epochs=2).replace(installed / "and.json")
    shipped = source.read_bytes()
    result = cli("train", source, "--quiet")  # cli runs in tmp_path
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in installed.iterdir()) == ["and.json"]
    assert source.read_bytes() == shipped
    assert (tmp_path / "and.json").is_file()
    assert (tmp_path / "and.weights.npz").is_file()
    line = result.stderr.strip()
    assert "belongs to an installed package" in line and str(tmp_path) in line


def _args(file: Path, out: str | None = None) -> argparse.Namespace:
    return argparse.Namespace(file=str(file), out=out)


def test_the_shipped_samples_are_never_the_default_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sample = ROOT / "samples" / "01_perceptron_and.json"
    out, why = train_command.output_path(_args(sample))
    assert out == tmp_path / sample.name and why == "holds NetDesigner's own files"
    assert train_command.output_path(_args(sample, "x.json")) == (Path("x.json"), None)


def test_a_folder_that_cannot_be_written_sends_the_output_here(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    real_access = train_command.os.access
    monkeypatch.setattr(
        train_command.os,
        "access",
        lambda path, mode: Path(path) != locked and real_access(path, mode),
    )
    out, why = train_command.output_path(_args(locked / "design.json"))
    assert out == here / "design.json" and why == "cannot be written"
    monkeypatch.chdir(locked)
    with pytest.raises(Exception, match="give --out"):
        train_command.output_path(_args(locked / "design.json"))
