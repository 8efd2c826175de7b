"""Pictures of the live plots (File ▸ Export ▸ Plots): each one stands alone, with
its axis labels and its marks' texts inside the picture."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
from PySide6.QtGui import QFont, QFontMetricsF, QImage

from netdesigner.gui.export_images import export_plot
from netdesigner.gui.training.loss_plot import LossPlot
from netdesigner.live.frames import Frame, SessionSummary

MARKS = ["lr 0.3", "stopped at epoch 19", "restored epoch 12"]


def _frame(
    epochs: list[int], marks: list[tuple[int, str]], early_stop: bool = True
) -> Frame:
    records = [
        {
            "epoch": e,
            "iteration": 10 * e,
            "train_loss": 1.0 + 1.0 / e,  # well above the plot's bottom band
            "test_loss": 1.0 + 1.2 / e,
            "train_accuracy": 1 - 0.5 / e,
            "test_accuracy": 1 - 0.6 / e,
        }
        for e in epochs
    ]
    its = np.arange(1, 10 * len(epochs) + 1)
    return Frame(
        epoch=epochs[-1],
        iteration=int(its[-1]),
        elapsed=0.0,
        epoch_limit=0,
        learning_rate=0.1,
        batch_losses=np.stack([its, 1.0 / its], axis=1),
        epochs=records,
        marks=marks,
        running=False,
        early_stop={"epoch": 19, "best_epoch": 12, "restored": True}
        if early_stop
        else None,
    )


def _matrix(transform: str | None) -> np.ndarray:
    """An SVG ``transform`` attribute (matrix, translate, scale) as a 3x3 matrix."""
    m = np.eye(3)
    for kind, args in re.findall(r"(\w+)\(([^)]*)\)", transform or ""):
        v = [float(a) for a in re.split(r"[ ,]+", args.strip())]
        if kind == "matrix":
            step = np.array([[v[0], v[2], v[4]], [v[1], v[3], v[5]], [0, 0, 1]])
        elif kind == "translate":
            step = np.array(
                [[1, 0, v[0]], [0, 1, v[1] if len(v) > 1 else 0], [0, 0, 1]]
            )
        else:
            assert kind == "scale", f"transform {kind} is not read by this test"
            step = np.diag([v[0], v[-1], 1.0])
        m = m @ step
    return m


def _text_boxes(svg: bytes) -> tuple[list[float], dict[str, np.ndarray]]:
    """The SVG's viewBox and, per text, the corners (4, 2) of its box in the
    picture, measured with the font the SVG names."""
    root = ET.fromstring(svg)
    boxes: dict[str, np.ndarray] = {}

    def walk(element: ET.Element, m: np.ndarray) -> None:
        m = m @ _matrix(element.get("transform"))
        if element.tag.rsplit("}", 1)[-1] == "text":
            text = "".join(element.itertext()).strip()
            font = QFont(element.get("font-family", "Sans Serif"))
            font.setPixelSize(round(float(element.get("font-size", "12"))))
            metrics = QFontMetricsF(font)
            x, y = float(element.get("x", 0)), float(element.get("y", 0))
            right = x + metrics.horizontalAdvance(text)
            top, bottom = y - metrics.ascent(), y + metrics.descent()
            corners = [(x, top), (right, top), (x, bottom), (right, bottom)]
            boxes[text] = np.array([(m @ [cx, cy, 1])[:2] for cx, cy in corners])
        for child in element:
            walk(child, m)

    walk(root, np.eye(3))
    return [float(v) for v in root.get("viewBox").split()], boxes


def _inside(corners: np.ndarray, view_box: list[float]) -> bool:
    x0, y0, width, height = view_box
    tolerance = 1.0  # anti-aliasing and rounding, in pixels
    return bool(
        (corners[:, 0] >= x0 - tolerance).all()
        and (corners[:, 0] <= x0 + width + tolerance).all()
        and (corners[:, 1] >= y0 - tolerance).all()
        and (corners[:, 1] <= y0 + height + tolerance).all()
    )


def _plot_with_a_mark_at_the_right_edge(qtbot, early_stop: bool = True) -> LossPlot:
    """A loss plot of a laptop's live views, with marks at 19, 19.8 (of 20) and 12."""
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(520, 420)
    plot.show()
    qtbot.waitExposed(plot)
    plot.start_run(SessionSummary(task="classification", batches_per_epoch=10))
    plot.add_frame(_frame(list(range(1, 18)), [(198, MARKS[0])], early_stop))
    assert plot.loss_plot.viewRange()[0][1] == 20.0
    return plot


def test_svg_of_each_plot_has_its_axis_labels_and_whole_mark_texts(qtbot, tmp_path):
    plot = _plot_with_a_mark_at_the_right_edge(qtbot)
    axis = plot.loss_plot.getAxis("bottom")
    height = axis.height()
    for widget, wanted in (
        (plot.loss_plot, ["epoch", "loss", *MARKS]),
        (plot.metric_plot, ["epoch", "accuracy"]),
    ):
        out = tmp_path / "plot.svg"
        export_plot(widget, out)
        view_box, boxes = _text_boxes(out.read_bytes())
        for text in wanted:
            assert text in boxes, f"'{text}' is not in the picture: {sorted(boxes)}"
            assert _inside(boxes[text], view_box), f"'{text}' is cut: {boxes[text]}"
    # on screen the loss plot still leaves the numbers to the accuracy plot
    assert not axis.label.isVisible() and not axis.style["showValues"]
    assert axis.height() == height
    plot.close()


def test_png_of_the_loss_plot_has_its_epoch_axis(qtbot, tmp_path):
    plot = _plot_with_a_mark_at_the_right_edge(qtbot, early_stop=False)
    item = plot.loss_plot.getPlotItem()
    out = tmp_path / "loss.png"
    export_plot(plot.loss_plot, out, scale=2.0)
    image = QImage(str(out))
    assert image.width() == int(item.boundingRect().width() * 2)
    gray = np.array(
        [
            [image.pixelColor(x, y).lightness() for x in range(image.width())]
            for y in range(image.height() - 40, image.height())
        ]
    )
    middle = gray[:, image.width() // 4 : 3 * image.width() // 4]
    # the band under the plot holds the epoch numbers and the label "epoch"
    assert (middle < 200).sum() > 100  # grey text on white
    plot.close()
