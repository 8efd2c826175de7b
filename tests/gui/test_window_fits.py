"""The first start fits the screen at every size and scale factor (issue 16).

Each case starts the real window in its own process (the screen size and
QT_SCALE_FACTOR are fixed when Qt starts) on the offscreen platform with a screen
of the given size, settings and data in a temporary folder, and reads back the
window's frame, its minimum size, and the place of the canvas and of every
visible dock.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import textwrap

import pytest

DRIVER = textwrap.dedent(
    """
    import json
    from PySide6.QtWidgets import QApplication
    from netdesigner.gui.app import start_gui, stop_training

    window = start_gui(None)
    app = QApplication.instance()
    for _ in range(30):
        app.processEvents()
    docks = {
        name: dock.geometry().getRect()
        for name, dock in window.docks.items()
        if dock.isVisible() and not dock.visibleRegion().isEmpty()
    }
    hint = window.minimumSizeHint()
    print("RESULT " + json.dumps({
        "available": window.screen().availableGeometry().getRect(),
        "frame": window.frameGeometry().getRect(),
        "minimum": [hint.width(), hint.height()],
        "canvas": window.view.geometry().getRect(),
        "docks": docks,
    }))
    stop_training(window)
    window.close()
    """
)

SCREENS = [(1366, 768), (1920, 1080), (1280, 720)]
SCALES = ["1", "1.5", "2"]


def _start(tmp_path, width: int, height: int, scale: str) -> dict:
    config = tmp_path / "screen.json"
    screen = {
        "name": f"test-{width}x{height}",
        "x": 0,
        "y": 0,
        "width": width,
        "height": height,
        "logicalDpi": 96,
        "logicalBaseDpi": 96,
        "dpr": 1,
    }
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    env = dict(os.environ, QT_SCALE_FACTOR=scale, PYTHONFAULTHANDLER="1")
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[name] = str(tmp_path / name.lower())  # no settings of other runs
    result = subprocess.run(
        [sys.executable, "-c", DRIVER],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    lines = [x for x in result.stdout.splitlines() if x.startswith("RESULT ")]
    assert lines, result.stdout + result.stderr
    return json.loads(lines[-1].removeprefix("RESULT "))


def _overlap(one, other) -> bool:
    """True when the rectangles (x, y, width, height) share some area."""
    x, y, w, h = one
    ox, oy, ow, oh = other
    return x < ox + ow and ox < x + w and y < oy + oh and oy < y + h


def _inside(inner, outer) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return ox <= x and oy <= y and x + w <= ox + ow and y + h <= oy + oh


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize(("width", "height"), SCREENS, ids=lambda v: str(v))
def test_the_first_window_fits_the_screen_and_the_canvas_is_largest(
    tmp_path, width, height, scale
):
    shown = _start(tmp_path, width, height, scale)
    available = shown["available"]
    assert _inside(shown["frame"], available), shown
    # a minimum larger than the screen means panels cut off at its edge
    assert shown["minimum"][0] <= available[2], shown
    assert shown["minimum"][1] <= available[3], shown
    canvas = shown["canvas"][2] * shown["canvas"][3]
    for name, (_x, _y, w, h) in shown["docks"].items():
        assert canvas > w * h, f"the {name} panel is larger than the canvas: {shown}"
    places = {"canvas": shown["canvas"], **shown["docks"]}
    for first, second in itertools.combinations(places, 2):
        overlap = _overlap(places[first], places[second])
        assert not overlap, f"{first} and {second} overlap: {shown}"
