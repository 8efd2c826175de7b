"""The decision-region map of a 2-D data set, updated live while the network trains.

The background is the network's output over a grid of the data's extent (computed in
the worker, ``probe.PlaneProbe``): for two classes P(class 1) on Playground's
orange–grey–blue scale (optionally only its sign, "discretised"), for several classes
each class colour weighted by its probability, for regression the value itself.
Training points have a white rim, test points (toggle) a black one, and misclassified
points get a red ring (their class colour stays visible). Hovering a neuron on the
canvas shows that neuron's own map.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Slot
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from netdesigner.live import colors
from netdesigner.live.frames import SessionSummary

BACKGROUND_LIGHT = 0.35
"""White mixed into the map's background so the points stand out (Playground draws
the map at alpha 160/255 over white)."""


def map_rgb(
    output: np.ndarray, task: str, discrete: bool = False, scale: float = 1.0
) -> np.ndarray:
    """Colour a map. output : (R, R, K) float. Returns (R, R, 3) uint8.

    classification, K = 1: P(class 1) → diverging scale around 0.5;
    classification, K > 1: probability-weighted class colours;
    regression: values in [-scale, scale] on the diverging scale.
    """
    if task != "classification":
        rgb = colors.signed_to_rgb(output[..., 0], scale, discrete)
    elif output.shape[-1] == 1:
        rgb = colors.signed_to_rgb(2.0 * output[..., 0] - 1.0, 1.0, discrete)
    else:
        probs = output
        if discrete:
            probs = np.eye(output.shape[-1], dtype=np.float32)[output.argmax(axis=-1)]
        return colors.probability_rgb(probs, light=BACKGROUND_LIGHT)
    return colors.lighten(rgb.astype(np.float32), BACKGROUND_LIGHT).astype(np.uint8)


def neuron_scale(values: np.ndarray) -> float:
    """Colour scale of a neuron map: 1, or its largest |value| when above 1."""
    return max(1.0, float(np.max(np.abs(values))) if values.size else 1.0)


def _scale(info: SessionSummary) -> float:
    """The largest target magnitude of a regression (colours run -scale..scale)."""
    y = info.y_train if info.y_train is not None and len(info.y_train) else [1.0]
    return max(1e-9, float(np.max(np.abs(y))))


class DecisionMapView(QWidget):
    """Plot of the decision regions with the data points on top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setAspectLocked(True)
        self.plot.setMenuEnabled(False)
        self.plot.showGrid(x=False, y=False)
        self.image = pg.ImageItem()
        self.train_points = pg.ScatterPlotItem(size=7, pen=pg.mkPen("w", width=1))
        self.test_points = pg.ScatterPlotItem(size=7, pen=pg.mkPen("k", width=1))
        self.wrong_points = pg.ScatterPlotItem(
            size=13, symbol="o", pen=pg.mkPen("#b00020", width=1.6), brush=None
        )
        for item in (
            self.image,
            self.train_points,
            self.test_points,
            self.wrong_points,
        ):
            self.plot.addItem(item)
        self.caption = QLabel("Output of the network")
        self.show_test = QCheckBox("Show test data")
        self.discretize = QCheckBox("Discretize output")
        self.mark_wrong = QCheckBox("Mark misclassified")
        self.mark_wrong.setChecked(True)
        for box in (self.show_test, self.discretize, self.mark_wrong):
            box.toggled.connect(self._on_option_toggled)
        self._layout()
        self.info: SessionSummary | None = None
        self.plane: dict[str, Any] | None = None
        self.focus: tuple[str, int] | None = None
        self.rgb: np.ndarray | None = None

    def _layout(self) -> None:
        options = QHBoxLayout()
        for widget in (self.show_test, self.discretize, self.mark_wrong):
            options.addWidget(widget)
        options.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.caption)
        layout.addWidget(self.plot, 1)
        layout.addLayout(options)

    # -- data -------------------------------------------------------------------------
    def set_summary(self, info: SessionSummary) -> None:
        """A new session (2-D data): place the points and the image over the data's
        extent."""
        self.info, self.plane = info, None
        x0, x1, y0, y1 = info.extent
        self.image.clear()
        self.plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        self.train_points.setData(
            pos=info.points_train, brush=self._brushes(info.y_train)
        )
        self.test_points.setData(pos=info.points_test, brush=self._brushes(info.y_test))
        self.wrong_points.setData([], [])
        self._apply_visibility()

    def _brushes(self, y: np.ndarray) -> list[Any]:
        info = self.info
        if info.task == "classification":
            table = [pg.mkBrush(*c) for c in colors.class_colors(info.n_classes)]
            return [table[int(v)] for v in y]
        scale = _scale(info)
        rgb = colors.signed_to_rgb(np.asarray(y, np.float32), scale)
        return [pg.mkBrush(*c) for c in rgb]

    def update_plane(self, plane: dict[str, Any]) -> None:
        """A new frame's maps (``Frame.plane``)."""
        self.plane = plane
        self._redraw()

    def show_neuron(self, node_id: str | None, unit: int = 0) -> None:
        """Show one neuron's map large (None: back to the network's output)."""
        self.focus = None if node_id is None else (node_id, int(unit))
        self.caption.setText(
            "Output of the network"
            if node_id is None
            else f"Neuron {unit + 1} of {node_id}"
        )
        self._redraw()

    # -- drawing ----------------------------------------------------------------------
    def _redraw(self) -> None:
        if self.plane is None or self.info is None:
            return
        discrete = self.discretize.isChecked()
        maps = self.plane["nodes"]
        if self.focus is not None and self.focus[0] in maps:
            values = maps[self.focus[0]][..., self.focus[1]]
            rgb = colors.signed_to_rgb(values, neuron_scale(values), discrete)
        else:
            scale = _scale(self.info)
            rgb = map_rgb(self.plane["output"], self.info.task, discrete, scale)
        self.rgb = rgb
        self.image.setImage(rgb.transpose(1, 0, 2), autoLevels=False, levels=(0, 255))
        x0, x1, y0, y1 = self.info.extent
        self.image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        self._mark_wrong()

    def _mark_wrong(self) -> None:
        plane, info = self.plane, self.info
        if not self.mark_wrong.isChecked() or "pred_train" not in plane:
            self.wrong_points.setData([], [])
            return
        wrong = [info.points_train[plane["pred_train"] != info.y_train]]
        if self.show_test.isChecked():
            wrong.append(info.points_test[plane["pred_test"] != info.y_test])
        self.wrong_points.setData(pos=np.concatenate(wrong))

    @Slot(bool)
    def _on_option_toggled(self, _checked: bool) -> None:
        self._apply_visibility()
        self._redraw()

    def _apply_visibility(self) -> None:
        self.test_points.setVisible(self.show_test.isChecked())
