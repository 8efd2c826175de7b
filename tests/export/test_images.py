"""Canvas pictures: valid PNG (2× scale) and SVG files of the right size, not blank."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from netdesigner.design.export import ExportError, export_design
from netdesigner.design.model import Design

QtGui = pytest.importorskip("PySide6.QtGui")
QtSvg = pytest.importorskip("PySide6.QtSvg")
# the GUI registers the canvas renderer behind the png and svg targets
pytest.importorskip("netdesigner.gui.export_images")


def _png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _ink(image) -> float:
    """Share of sampled pixels that are not white."""
    white = QtGui.QColor("white").rgb()
    xs = range(0, image.width(), 3)
    ys = range(0, image.height(), 3)
    inked = sum(image.pixel(x, y) != white for x in xs for y in ys)
    return inked / (len(xs) * len(ys))


@pytest.mark.parametrize("name", ["05_playground_circle", "branches_cnn"])
def test_png_and_svg_show_the_canvas(name, case_factory, qapp):
    case = case_factory(name)
    png, svg = case.path.with_name("net.png"), case.path.with_name("net.svg")
    export_design(case.design, case.path, "png", png)
    export_design(case.design, case.path, "svg", svg)

    width, height = _png_size(png)
    image = QtGui.QImage(str(png))
    assert (image.width(), image.height()) == (width, height)
    assert 0.02 < _ink(image) < 0.9

    root = ET.parse(svg).getroot()
    view = [float(v) for v in root.get("viewBox").split()]
    # the PNG is the same drawing at twice the size
    assert abs(width - 2 * view[2]) <= 2 and abs(height - 2 * view[3]) <= 2
    text = svg.read_text("utf-8")
    assert re.search(r"<title>.+</title>", text)
    for node in case.design.nodes:
        assert node.id in text  # labels are drawn as text
    renderer = QtSvg.QSvgRenderer(str(svg))
    assert renderer.isValid()
    drawn = QtGui.QImage(int(view[2]), int(view[3]), QtGui.QImage.Format.Format_ARGB32)
    drawn.fill(QtGui.QColor("white"))
    painter = QtGui.QPainter(drawn)
    renderer.render(painter)
    painter.end()
    assert _ink(drawn) > 0.02


def test_wider_design_gives_wider_picture(case_factory, qapp):
    small, large = case_factory("01_perceptron_and"), case_factory("06_deep_spiral")
    sizes = []
    for case in (small, large):
        out = case.path.with_name(f"{case.name}.png")
        export_design(case.design, case.path, "png", out)
        sizes.append(_png_size(out))
    assert sizes[1][0] > sizes[0][0]


def test_empty_canvas_is_refused(tmp_path, qapp):
    with pytest.raises(ExportError, match="canvas is empty"):
        export_design(Design(name="empty"), None, "png", tmp_path / "e.png")
    assert not (tmp_path / "e.png").exists()


def test_png_without_display_picks_offscreen(case_factory):
    case = case_factory("04_xor_hidden_layer")
    out = case.path.with_name("cli.png")
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "netdesigner", "export", str(case.path),
         "--to", "png", "-o", str(out)],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert _png_size(out)[0] > 100


def test_design_layer_alone_says_pictures_need_the_editor(case_factory):
    """Without the GUI's renderer the design layer refuses in one sentence."""
    case = case_factory("04_xor_hidden_layer")
    code = (
        "import sys\n"
        "from netdesigner.design.io import load_design\n"
        "from netdesigner.design.export import ExportError, export_design\n"
        "try:\n"
        "    export_design(load_design(sys.argv[1]), None, 'png', sys.argv[2])\n"
        "except ExportError as exc:\n"
        "    print(exc)\n"
        "print('PySide6' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(case.path), str(case.path.with_name("x.png"))],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    message, qt_loaded = done.stdout.strip().splitlines()
    assert "drawn by the graphical editor" in message
    assert qt_loaded == "False"
    assert not case.path.with_name("x.png").exists()
