"""The loss landscape view: the training loss over a plane of weights as a heat map
with contour lines, and the path gradient descent has taken across it.

Dark is low loss (a valley), yellow high, on a logarithmic scale; the path is white,
its start a hollow circle and the weights now a red dot. With two weights the axes
are the weights themselves; with more, two directions through the weights now (see
``netdesigner.engine.landscape``), recomputed whenever training pauses.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from netdesigner.gui.training.loss_plot import MAX_OLD_RUNS, RUN_COLORS

CONTOURS = 8
"""Contour lines, evenly spaced in log(loss)."""
MARK_STEPS_BELOW = 400
"""Paths shorter than this show a dot at every step."""


def log_loss(loss: np.ndarray) -> np.ndarray:
    """log10 of the loss, with non-finite values (a diverging region) at the top."""
    finite = np.isfinite(loss)
    top = float(loss[finite].max()) if finite.any() else 1.0
    safe = np.where(finite, loss, top)
    return np.log10(np.maximum(safe, 1e-12))


class LandscapeView(QWidget):
    """Heat map of the loss, contour lines, and the training path on top.

    With two weights a click on the map asks to start training again from there:
    ``start_chosen`` carries ``{"<node id>/<name>": [(index, value), ...]}``.
    """

    start_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setMenuEnabled(False)
        self.plot.setAspectLocked(True)  # both axes are weights (or unit directions)
        self.image = pg.ImageItem()
        self.image.setColorMap(pg.colormap.get("viridis"))
        self.plot.addItem(self.image)
        self.contours: list[pg.IsocurveItem] = []
        for _ in range(CONTOURS):
            line = pg.IsocurveItem(pen=pg.mkPen(255, 255, 255, 90, width=1))
            line.setParentItem(self.image)
            self.contours.append(line)
        self.path_curve = pg.PlotDataItem(
            pen=pg.mkPen("w", width=2), symbolBrush="w", symbolPen=None, symbolSize=4
        )
        self.start_marker = pg.ScatterPlotItem(
            size=12, symbol="o", pen=pg.mkPen("w", width=2), brush=None
        )
        self.now_marker = pg.ScatterPlotItem(
            size=12, symbol="o", pen=pg.mkPen("w", width=1.5), brush="#d62728"
        )
        for z, item in enumerate((self.path_curve, self.start_marker, self.now_marker)):
            item.setZValue(1 + z)  # over the map and earlier runs' paths
            self.plot.addItem(item)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.caption)
        layout.addWidget(self.plot, 1)
        self.surface: dict[str, Any] | None = None
        self.weight_keys: list | None = None  # with two weights: what the axes are
        self.old_paths: list[pg.PlotDataItem] = []  # earlier runs', two weights only
        self.plot.scene().sigMouseClicked.connect(self._on_scene_clicked)
        self.clear()

    def new_run(self, run_number: int) -> None:
        """A new session: on a two-weight map the last run's path stays, in the
        colour the loss plot gives run ``run_number`` (0: no earlier run to keep)."""
        x, _y = self.path_curve.getData()
        keys = self.weight_keys
        if run_number and keys and len(keys) == 2 and x is not None and len(x) > 1:
            data = self.path_curve.getData()
            color = (*RUN_COLORS[(run_number - 1) % len(RUN_COLORS)], 200)
            old = self.plot.plot(*data, pen=pg.mkPen(color, width=1.5))
            old.setZValue(0.5)  # over the map, under the current path
            old.keys = keys
            self.old_paths.append(old)
            while len(self.old_paths) > MAX_OLD_RUNS:
                self.plot.removeItem(self.old_paths.pop(0))
        kept = [p for p in self.old_paths if keys is None or p.keys == keys]
        for path in self.old_paths:
            if path not in kept:  # another network: its weights are other axes
                self.plot.removeItem(path)
        self.old_paths = kept
        self.clear()

    def clear_old_paths(self) -> None:
        for path in self.old_paths:
            self.plot.removeItem(path)
        self.old_paths = []

    def clear(self) -> None:
        """No session yet (or a new one): an empty plot and a hint."""
        self.surface = None
        self.weight_keys = None
        self.image.clear()
        for line in self.contours:
            line.setData(None)
        for item in (self.path_curve, self.start_marker, self.now_marker):
            item.setData([], [])
        self.caption.setText(
            self.tr(
                "The training loss over two weights, and the path gradient descent "
                "takes down it. Press Play or step one batch."
            )
        )

    def update_landscape(self, data: dict[str, Any]) -> None:
        """Show ``engine.landscape.LossLandscape.frame()``'s dict, or the worker's
        ``{"unavailable": reason}``."""
        if "unavailable" in data:
            self.clear()
            self.caption.setText(
                self.tr("No loss landscape here. {value}").format(
                    value=data["unavailable"]
                )
            )
            return
        if "surface" in data:
            self._show_surface(data["surface"])
        self.weight_keys = data.get("weight_keys")
        path = np.asarray(data["path"], dtype=np.float64)
        if not len(path):
            return
        dots = len(path) < MARK_STEPS_BELOW
        self.path_curve.setData(
            path[:, 0], path[:, 1], symbol="o" if dots else None, connect="finite"
        )
        self.start_marker.setData(pos=path[:1])
        self.now_marker.setData(pos=path[-1:])
        self._update_caption(data, len(path))

    def _show_surface(self, surface: dict[str, Any]) -> None:
        self.surface = surface
        xs, ys = surface["x"], surface["y"]
        values = log_loss(np.asarray(surface["loss"], dtype=np.float64))
        low, high = float(values.min()), float(values.max())
        if high - low < 1e-9:
            high = low + 1.0
        # ImageItem takes (x, y) order; the surface's rows are y
        self.image.setImage(values.T, autoLevels=False, levels=(low, high))
        dx = (xs[-1] - xs[0]) / max(len(xs) - 1, 1)
        dy = (ys[-1] - ys[0]) / max(len(ys) - 1, 1)
        rect = QRectF(xs[0] - dx / 2, ys[0] - dy / 2, dx * len(xs), dy * len(ys))
        self.image.setRect(rect)
        for k, line in enumerate(self.contours):
            line.setData(values.T)
            line.setLevel(low + (high - low) * (k + 0.5) / CONTOURS)
        self.plot.setRange(rect, padding=0)
        self.plot.setLabel("bottom", surface["labels"][0])
        self.plot.setLabel("left", surface["labels"][1])

    def _update_caption(self, data: dict[str, Any], steps: int) -> None:
        surface = self.surface or {}
        loss = np.asarray(surface.get("loss", np.zeros((1, 1))))
        finite = loss[np.isfinite(loss)]
        low = ""
        if finite.size:
            low = self.tr("; lowest loss in view {loss}").format(
                loss=f"{finite.min():.3g}"
            )
        if data.get("exact"):
            what = self.tr("The loss over the network's two weights")
            click = self.tr(" Click the map to start again from there.")
        else:
            what = self.tr("The loss along the two directions the weights moved most")
            click = ""
        self.caption.setText(
            self.tr(
                "{what}: dark is low. The white path is training ({value} steps "
                "shown){low}.{click}"
            ).format(what=what, value=steps - 1, low=low, click=click)
        )

    def start_at(self, x: float, y: float) -> bool:
        """Ask to train again from the weights ``(x, y)`` (two-weight maps only)."""
        if not self.weight_keys or len(self.weight_keys) != 2:
            return False
        chosen: dict[str, list] = {}
        for (key, index), value in zip(self.weight_keys, (x, y), strict=True):
            chosen.setdefault(key, []).append((tuple(index), float(value)))
        self.start_chosen.emit(chosen)
        return True

    @Slot(object)
    def _on_scene_clicked(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.surface is None:
            return
        point = self.plot.getPlotItem().vb.mapSceneToView(event.scenePos())
        xs, ys = self.surface["x"], self.surface["y"]
        if xs[0] <= point.x() <= xs[-1] and ys[0] <= point.y() <= ys[-1]:
            self.start_at(point.x(), point.y())
