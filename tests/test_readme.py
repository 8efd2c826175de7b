"""README.md's promises about itself: two set-up commands in a virtual environment,
the same test command as CI, and links that stay inside the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENV = "python3 -m venv .venv && . .venv/bin/activate && "


def setup_commands() -> list[str]:
    """The code blocks of README's "Set up a fresh machine" section."""
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("## Set up a fresh machine", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```\n(.*?)```", section, re.S)]


def test_two_set_up_commands_each_in_a_virtual_environment():
    app, tests = setup_commands()
    assert app == VENV + "pip install -e . && netdesigner"
    assert tests.startswith(VENV + "pip install -e ")
    assert tests.endswith("python -m pytest -q")


def test_ci_runs_the_readmes_test_command():
    _app, tests = setup_commands()
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert tests.removeprefix(VENV) in ci.splitlines()


@pytest.mark.parametrize("name", ["README.md", "CONTRIBUTING.md"])
def test_links_point_at_files_in_the_repository(name):
    text = (ROOT / name).read_text("utf-8")
    assert "../" not in text, "a path that leaves the repository"
    targets = re.findall(r"\]\(([^)#\s]+)", text)
    assert targets, "no links found"
    for target in targets:
        if re.match(r"[a-z]+://", target):
            continue
        path = (ROOT / target).resolve()
        assert path.is_relative_to(ROOT) and path.exists(), target
