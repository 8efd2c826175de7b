"""Run the real ``netdesigner`` console script in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


def command() -> list[str]:
    """The installed console script, else ``python -m netdesigner``."""
    script = shutil.which("netdesigner")
    return [script] if script else [sys.executable, "-m", "netdesigner"]


class Cli:
    """Calls ``netdesigner ARGS`` in ``cwd`` and returns the finished process."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd

    def __call__(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        return subprocess.run(
            [*command(), *map(str, args)],
            cwd=self.cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


@pytest.fixture
def one_sentence():
    """``one_sentence(result, *fragments)`` checks a user error; returns its line."""
    return assert_one_sentence


@pytest.fixture
def sample_copy(tmp_path: Path):
    """``sample_copy(name, **training)`` copies a sample into ``tmp_path``."""
    return lambda name, **training: copy_sample(name, tmp_path, **training)


def assert_one_sentence(result: subprocess.CompletedProcess, *fragments: str) -> str:
    """A user error: non-zero exit, one line on stderr, no traceback."""
    assert result.returncode != 0, result
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def copy_sample(name: str, folder: Path, **training) -> Path:
    """Copy ``samples/NAME.json`` to ``folder`` with training settings changed."""
    from netdesigner.design.io import load_design, save_design

    design = load_design(SAMPLES / f"{name}.json")
    design.training.update(training)
    path = folder / f"{name}.json"
    save_design(design, path)
    return path
