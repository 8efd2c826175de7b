"""The decision-region map of a 2-D data set, updated live while the network trains.

The background is the network's output over a grid of the data's extent (computed in
the worker, ``probe.PlaneProbe``): for two classes P(class 1) on Playground's
orange–grey–blue scale (optionally only its sign, "discretised"), for several classes
each class colour weighted by its probability, for regression the value itself.
Training points have a white rim, test points (toggle) a black one, and misclassified
points get a red ring (their class colour stays visible). Hovering a neuron on the
canvas shows that neuron's own map. Clicking the map picks the nearest data point
(or the clicked place, without a true class) and emits ``point_clicked`` for the
softmax panel. The map covers the data's extent or, with "Playground extent",
TensorFlow Playground's fixed [-6, 6]² (remembered for the user).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSettings, Signal, Slot
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from netdesigner.live import colors
from netdesigner.live.frames import SessionSummary
from netdesigner.live.probe import PLAYGROUND_EXTENT

EXTENT_KEY = "training/playground_extent"
"""QSettings key: the decision map uses Playground's fixed extent."""
PICK_RADIUS = 0.03
"""A click this close to a data point (a share of the map's width) picks it."""

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
    """Plot of the decision regions with the data points on top.

    Signals: ``point_clicked({"point": (x1, x2), "label": class or None})``;
    ``extent_chosen(str)`` "data" or "playground".
    """

    point_clicked = Signal(object)
    extent_chosen = Signal(str)

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
        self.picked = pg.ScatterPlotItem(
            size=18, symbol="o", pen=pg.mkPen("#111111", width=2.5), brush=None
        )
        for item in (
            self.image,
            self.train_points,
            self.test_points,
            self.wrong_points,
            self.picked,
        ):
            self.plot.addItem(item)
        self.caption = QLabel(self.tr("Output of the network"))
        self.show_test = QCheckBox(self.tr("Show test data"))
        self.discretize = QCheckBox(self.tr("Discretize output"))
        self.mark_wrong = QCheckBox(self.tr("Mark misclassified"))
        self.mark_wrong.setChecked(True)
        for box in (self.show_test, self.discretize, self.mark_wrong):
            box.toggled.connect(self._on_option_toggled)
        self.fixed_extent = QCheckBox(self.tr("Playground extent"))
        self.fixed_extent.setToolTip(
            self.tr("Draw the map over [-6, 6]² as TensorFlow Playground does")
        )
        self.fixed_extent.setChecked(
            str(QSettings().value(EXTENT_KEY, "false")).lower() == "true"
        )
        self.fixed_extent.toggled.connect(self._on_fixed_extent_toggled)
        self.plot.scene().sigMouseClicked.connect(self._on_plot_clicked)
        self._layout()
        self.info: SessionSummary | None = None
        self.plane: dict[str, Any] | None = None
        self.focus: tuple[str, int] | None = None
        self.rgb: np.ndarray | None = None

    def _layout(self) -> None:
        options = QHBoxLayout()
        for widget in (
            self.show_test,
            self.discretize,
            self.mark_wrong,
            self.fixed_extent,
        ):
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
        x0, x1, y0, y1 = self.extent()
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
            self.tr("Output of the network")
            if node_id is None
            else self.tr("Neuron {number} of {node}").format(
                number=unit + 1, node=node_id
            )
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
        x0, x1, y0, y1 = self.plane.get("extent") or self.info.extent
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

    def extent(self) -> tuple[float, ...]:
        """The extent the map is drawn over (x0, x1, y0, y1)."""
        if self.fixed_extent.isChecked() or self.info is None:
            return PLAYGROUND_EXTENT
        return tuple(self.info.extent)

    def extent_mode(self) -> str:
        """ "playground" or "data" (``LiveRun``'s ``view {"extent"}``)."""
        return "playground" if self.fixed_extent.isChecked() else "data"

    @Slot(bool)
    def _on_fixed_extent_toggled(self, checked: bool) -> None:
        QSettings().setValue(EXTENT_KEY, "true" if checked else "false")
        if self.info is not None:
            x0, x1, y0, y1 = self.extent()
            self.plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        self.extent_chosen.emit(self.extent_mode())

    def pick(self, x: float, y: float) -> dict[str, Any] | None:
        """The data point nearest to (x, y) when close enough (train, and test when
        shown), else the place itself without a class; None without data."""
        info = self.info
        if info is None or info.points_train is None:
            return None
        sets = [(info.points_train, info.y_train)]
        if self.show_test.isChecked():
            sets.append((info.points_test, info.y_test))
        points = np.concatenate([p for p, _ in sets])
        labels = np.concatenate([np.asarray(v) for _, v in sets])
        x0, x1 = self.extent()[:2]
        if len(points):
            distance = np.hypot(points[:, 0] - x, points[:, 1] - y)
            i = int(np.argmin(distance))
            if distance[i] <= PICK_RADIUS * (x1 - x0):
                label = int(labels[i]) if info.task == "classification" else None
                return {
                    "point": (float(points[i, 0]), float(points[i, 1])),
                    "label": label,
                }
        return {"point": (float(x), float(y)), "label": None}

    def show_pick(self, target: dict[str, Any] | None) -> None:
        """Ring the inspected point (None: no ring)."""
        if target is None:
            self.picked.setData([], [])
        else:
            self.picked.setData(pos=[target["point"]])

    def _on_plot_clicked(self, event: Any) -> None:
        vb = self.plot.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        point = vb.mapSceneToView(event.scenePos())
        target = self.pick(point.x(), point.y())
        if target is not None:
            self.show_pick(target)
            self.point_clicked.emit(target)

    def _apply_visibility(self) -> None:
        self.test_points.setVisible(self.show_test.isChecked())
