"""Live loss and accuracy (or RMSE) curves with hover values, log scale and old runs.

x is in epochs: one point per epoch for the train and test curves, and a faint curve of
every batch's loss at ``iteration / batches_per_epoch``. A change of learning rate or
regularisation during training draws a dashed vertical line with its new value; early
stopping draws where the run stopped and which epoch's weights were restored. Reset
keeps the previous run as faded curves until "Clear runs", named with the settings it
trained with. Runs belong to their design: opening another design shows its own
runs (none at first), and going back shows the earlier ones again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netdesigner.live.frames import Frame, Rewind, SessionSummary
from netdesigner.live.series import EpochTable, Series

TRAIN_PEN = pg.mkPen("#8a8a8a", width=2)
TEST_PEN = pg.mkPen("#111111", width=2)
BATCH_PEN = pg.mkPen(color=(8, 119, 189, 60), width=1)
POINTS_PER_EPOCH = 10
"""Batch losses are averaged in groups so that an epoch shows at most this many."""
MAX_DRAWN = 800
"""Points drawn per curve (about one per pixel); longer histories are thinned."""
REDRAW_INTERVAL = 0.1
"""Seconds between two redraws while training (the data arrive faster)."""
RUN_COLORS = (
    (245, 147, 34),
    (44, 160, 44),
    (148, 103, 189),
    (214, 39, 40),
    (23, 190, 207),
)
"""Earlier runs' curves, faintly, one colour a run (their legend names them)."""
MAX_OLD_RUNS = 5
BASE_KEYS = ("epoch", "iteration", "train_loss", "test_loss")
TASK_METRICS = {"classification": "accuracy", "detection": "map50"}
"""The metric plotted under the loss, by task (regression: rmse)."""
UNIT_METRICS = ("accuracy", "map50")
"""Metrics between 0 and 1: a fixed axis."""
METRIC_LABELS = {"map50": "mAP@0.5"}
MARK_COLOR = "#0877bd"
STOP_COLOR = "#b00020"
BEST_COLOR = "#2c8a2c"


@dataclass
class FadedRun:
    """An earlier run's curves: (plot, item) pairs, the one its legend names."""

    items: list[tuple[Any, Any]] = field(default_factory=list)
    named: Any = None
    text: str = ""


def metric_keys(record: dict[str, Any], metric: str) -> list[str]:
    """Keys of an epoch record that hold the plotted metric (train and test)."""
    return [k for k in record if k not in BASE_KEYS and metric in k and "r2" not in k]


def _pen_for(key: str) -> Any:
    return TEST_PEN if _is_test(key) else TRAIN_PEN


def _is_test(key: str) -> bool:
    return "test" in key or "val" in key


def thinned(x: np.ndarray, y: np.ndarray, limit: int = MAX_DRAWN) -> tuple:
    """Every k-th point (and the last) so that at most about ``limit`` remain."""
    n = len(x)
    if n <= limit:
        return x, y
    index = np.arange(0, n, -(-n // limit))
    if index[-1] != n - 1:
        index = np.append(index, n - 1)
    return x[index], y[index]


def nice_ceil(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is >= ``value`` (> 0)."""
    if not np.isfinite(value) or value <= 0:
        return 1.0
    power = 10.0 ** np.floor(np.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if step * power >= value * (1 - 1e-9):
            return float(step * power)
    return float(10 * power)


def refit(limit: float | None, high: float) -> float | None:
    """New upper limit of an axis, or None to keep ``limit``.

    Axes change in round steps only when the data leave the range or shrink to less
    than 40% of it: a fixed axis is not redrawn, which keeps frames cheap.
    """
    if not np.isfinite(high) or high <= 0:
        return None
    if limit is None or high > limit or high < 0.4 * limit:
        return nice_ceil(high * 1.15)
    return None


def group_means(rows: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Means of consecutive groups of ``k`` rows, and the rows left over.

    rows : (n, 2) of (iteration, loss). Returns ((n // k, 2), (n % k, 2)).
    """
    m = len(rows) // k * k
    return rows[:m].reshape(-1, k, rows.shape[1]).mean(axis=1), rows[m:]


class LossPlot(QWidget):
    """Two linked plots: loss (top) and accuracy or RMSE (bottom)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loss_plot = pg.PlotWidget(background="w")
        self.metric_plot = pg.PlotWidget(background="w")
        self.metric_plot.setXLink(self.loss_plot)
        axes = (
            (self.loss_plot, self.tr("loss")),
            (self.metric_plot, self.tr("accuracy")),
        )
        for plot, label in axes:
            plot.setMenuEnabled(False)
            plot.enableAutoRange(x=False, y=False)
            plot.setLabel("left", label)
            plot.getAxis("left").enableAutoSIPrefix(False)
            plot.getAxis("bottom").enableAutoSIPrefix(False)
            plot.addLegend(
                offset=(-10, 10 if plot is self.loss_plot else -10),
                labelTextColor="#333",
            )
        self.metric_plot.setLabel("bottom", self.tr("epoch"))
        # the x axes are linked: the numbers under the lower plot serve both; the
        # loss plot's hidden label and numbers come back in its pictures
        self.loss_plot.setLabel("bottom", self.tr("epoch"))
        self.loss_plot.getAxis("bottom").showLabel(False)
        self.loss_plot.getAxis("bottom").setStyle(showValues=False)
        self.batch_curve = self._curve(self.loss_plot, BATCH_PEN, None)
        self.batch_curve.setZValue(-1)
        self.train_curve = self._curve(self.loss_plot, TRAIN_PEN, self.tr("train"))
        self.test_curve = self._curve(self.loss_plot, TEST_PEN, self.tr("test"))
        self.show_batches = QCheckBox(self.tr("Batch losses"))
        self.show_batches.setToolTip(
            self.tr("Loss of each batch (averaged in small groups)")
        )
        self.show_batches.toggled.connect(self._on_show_batches_toggled)
        self.log_scale = QCheckBox(self.tr("Log scale"))
        self.log_scale.toggled.connect(self._on_log_scale_toggled)
        self.clear_button = QPushButton(self.tr("Clear runs"))
        self.clear_button.setToolTip(self.tr("Remove the faded curves of earlier runs"))
        self.clear_button.clicked.connect(self.clear_runs)
        self.readout = QLabel(" ")
        self._layout()
        self.metric_name = "accuracy"
        self.batches_per_epoch = 1
        self.batches = Series(2)
        self._last_draw = 0.0
        self._limits: dict[str, float | None] = {
            "x": None,
            "loss": None,
            "metric": None,
        }
        self.group = 1
        self._pending = np.zeros((0, 2))
        self.epochs = EpochTable()
        self.metric_curves: dict[str, pg.PlotDataItem] = {}
        self.marks: list[pg.InfiniteLine] = []
        self.stop_marks: list[pg.InfiniteLine] = []
        self.early_stop: dict[str, Any] | None = None
        self.old_runs: list[FadedRun] = []
        self.runs_started = 0  # runs faded so far, to number them
        self.design_key: str | None = None
        self._designs: dict[str, tuple[list[FadedRun], int]] = {}  # hidden runs
        self._run_label = ""
        self._hover = [
            pg.SignalProxy(
                p.scene().sigMouseMoved, rateLimit=30, slot=self._on_mouse_moved
            )
            for p in (self.loss_plot, self.metric_plot)
        ]

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.readout, 1)
        bar.addWidget(self.show_batches)
        bar.addWidget(self.log_scale)
        bar.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.loss_plot, 1)
        layout.addWidget(self.metric_plot, 1)
        layout.addLayout(bar)

    @staticmethod
    def _curve(plot: pg.PlotWidget, pen: Any, name: str | None) -> pg.PlotDataItem:
        curve = plot.plot([], [], pen=pen, name=name)
        return curve

    # -- runs -------------------------------------------------------------------------
    def start_run(self, info: SessionSummary, design_key: str | None = None) -> None:
        """A new session: keep the current curves as a faded run, start empty ones.

        design_key : names the design the session belongs to; another key than the
        last one's puts the shown runs away with their design and shows the new
        design's earlier runs (none the first time).
        """
        if len(self.epochs) or len(self.batches):
            self._fade_current()
        if design_key is not None and design_key != self.design_key:
            self._switch_design(design_key)
        self.readout.setText(" ")  # the hover text belonged to the old curves
        self._run_label = info.run_label
        metric_name = TASK_METRICS.get(info.task, "rmse")
        if metric_name != self.metric_name:
            self._drop_metric_curves()  # one train and one test entry in the legend
        self.metric_name = metric_name
        labels = {"accuracy": self.tr("accuracy"), "rmse": self.tr("RMSE")}
        label = labels.get(metric_name, METRIC_LABELS.get(metric_name, metric_name))
        self.metric_plot.setLabel("left", label)
        # accuracy is 0..1: numbers at halves, and at tenths when there is room, so
        # that a short plot (a laptop screen) stays legible; RMSE takes pyqtgraph's
        axis = self.metric_plot.getAxis("left")
        unit = self.metric_name in UNIT_METRICS
        axis.setTickSpacing(*((0.5, 0.1) if unit else ()))
        self._limits = {"x": None, "loss": None, "metric": None}
        if unit:
            self.metric_plot.setYRange(0.0, 1.0, padding=0.03)
            self._limits["metric"] = 1.0
        self.batches_per_epoch = max(1, int(info.batches_per_epoch))
        self.group = max(1, self.batches_per_epoch // POINTS_PER_EPOCH)
        self.show_batches.setChecked(self.batches_per_epoch >= 50)
        self.batch_curve.setVisible(self.show_batches.isChecked())
        self.batches = Series(2)
        self._pending = np.zeros((0, 2))
        self.epochs = EpochTable()
        for line in self.marks:
            self.loss_plot.removeItem(line)
        self.marks = []
        self._show_early_stop(None)
        for curve in (self.batch_curve, self.train_curve, self.test_curve):
            curve.setData([], [])
        for curve in self.metric_curves.values():
            curve.setData([], [])

    def _fade_current(self) -> None:
        """Keep the run's curves, faded, and name the run in the loss plot's legend
        with its number and settings, so that runs can be compared."""
        run = FadedRun()
        color = (*RUN_COLORS[self.runs_started % len(RUN_COLORS)], 120)
        for plot, curve in self._all_curves():
            x, y = curve.getData()
            if x is not None and len(x):
                item = plot.plot(x, y, pen=pg.mkPen(color, width=1.5))
                run.items.append((plot, item))
                test = curve is self.test_curve
                if plot is self.loss_plot and (run.named is None or test):
                    run.named = item  # the legend names the test loss curve
        self.runs_started += 1
        run.text = self.tr("run {n}").format(n=self.runs_started)
        if self._run_label:
            run.text += f": {self._run_label}"
        if run.named is not None:
            self.loss_plot.getPlotItem().legend.addItem(run.named, run.text)
        self.old_runs.append(run)
        while len(self.old_runs) > MAX_OLD_RUNS:
            self._remove_run(self.old_runs.pop(0))

    def _switch_design(self, key: str) -> None:
        """Put the shown runs away with their design; show ``key``'s runs."""
        if self.design_key is not None:
            self._designs[self.design_key] = (self.old_runs, self.runs_started)
        for run in self.old_runs:
            self._remove_run(run)
        self.design_key = key
        self.old_runs, self.runs_started = self._designs.pop(key, ([], 0))
        for run in self.old_runs:
            for plot, item in run.items:
                plot.addItem(item)
            if run.named is not None:
                self.loss_plot.getPlotItem().legend.addItem(run.named, run.text)

    def _drop_metric_curves(self) -> None:
        for curve in self.metric_curves.values():
            self.metric_plot.getPlotItem().legend.removeItem(curve)
            self.metric_plot.removeItem(curve)
        self.metric_curves = {}

    def _all_curves(self) -> list[tuple[pg.PlotWidget, pg.PlotDataItem]]:
        pairs = [(self.loss_plot, c) for c in (self.train_curve, self.test_curve)]
        return pairs + [(self.metric_plot, c) for c in self.metric_curves.values()]

    def _remove_run(self, run: FadedRun) -> None:
        for plot, item in run.items:
            plot.getPlotItem().legend.removeItem(item)
            if item in plot.getPlotItem().items:
                plot.removeItem(item)

    @Slot()
    def clear_runs(self) -> None:
        """Remove the faded curves of earlier runs."""
        for run in self.old_runs:
            self._remove_run(run)
        self.old_runs = []
        self.runs_started = 0
        self.readout.setText(" ")

    # -- frames -----------------------------------------------------------------------
    def add_frame(self, frame: Frame) -> None:
        """Append a frame's batch losses, epoch records and marks; redraw once."""
        if frame.rewind is not None:
            self._rewind(frame.rewind)
        if frame.run_label:
            self._run_label = frame.run_label
        if frame.early_stop != self.early_stop:
            self._show_early_stop(frame.early_stop)
        if len(frame.batch_losses):
            rows = np.concatenate([self._pending, frame.batch_losses])
            means, self._pending = group_means(rows, self.group)
            self.batches.extend(means)
        self.epochs.extend(frame.epochs)
        for iteration, text in frame.marks:
            self._add_mark(iteration / self.batches_per_epoch, text)
        now = time.perf_counter()
        if not frame.running or now - self._last_draw >= REDRAW_INTERVAL:
            self._last_draw = now
            self._redraw()

    def _rewind(self, where: Rewind) -> None:
        self._pending = np.zeros((0, 2))
        self.batches.truncate(lambda rows: rows[:, 0] <= where.iteration)
        self.epochs.truncate_after(where.epoch)

    def _add_mark(self, x: float, text: str) -> None:
        self.marks.append(self._line(x, text, MARK_COLOR, 0.9))

    def _line(self, x: float, text: str, color: str, position: float) -> Any:
        """A dashed vertical line at epoch ``x`` with ``text`` along it, inside the
        plot: a label near the top ends at ``position`` and runs down, one near the
        bottom starts there and runs up, and it switches to the line's left side
        in the right half of the view, so that it is not cut at the plot's edges."""
        end = 1.0 if position > 0.5 else 0.0  # along the line (the text's x axis)
        line = pg.InfiniteLine(
            pos=x,
            angle=90,
            pen=pg.mkPen(color, width=1, style=pg.QtCore.Qt.PenStyle.DashLine),
            label=text,
            labelOpts={
                "position": position,
                "color": color,
                "rotateAxis": (1, 0),
                "anchors": [(end, 0.0), (end, 1.0)],
                "fill": (255, 255, 255, 200),
            },
        )
        self.loss_plot.addItem(line)
        return line

    def _show_early_stop(self, stop: dict[str, Any] | None) -> None:
        """Where early stopping ended the run and which epoch's weights it kept."""
        for line in self.stop_marks:
            self.loss_plot.removeItem(line)
        self.stop_marks = []
        self.early_stop = stop
        if stop is None:
            return
        stopped = self.tr("stopped at epoch {epoch}").format(epoch=stop["epoch"])
        self.stop_marks.append(self._line(stop["epoch"], stopped, STOP_COLOR, 0.95))
        if stop["restored"]:
            best = self.tr("restored epoch {epoch}")
        else:
            best = self.tr("best epoch {epoch}")
        text = best.format(epoch=stop["best_epoch"])
        self.stop_marks.append(self._line(stop["best_epoch"], text, BEST_COLOR, 0.05))

    def _redraw(self) -> None:
        if self.batch_curve.isVisible():
            rows = self.batches.view()
            x = rows[:, 0] / self.batches_per_epoch
            self.batch_curve.setData(*thinned(x, rows[:, 1]))
        if not len(self.epochs):
            for _, curve in self._all_curves():
                curve.setData([], [])
            return
        x = self.epochs.column("epoch")
        self.train_curve.setData(*thinned(x, self.epochs.column("train_loss")))
        self.test_curve.setData(*thinned(x, self.epochs.column("test_loss")))
        for key in metric_keys(dict.fromkeys(self.epochs.keys), self.metric_name):
            if key not in self.metric_curves:
                name = self.tr("test") if _is_test(key) else self.tr("train")
                self.metric_curves[key] = self._curve(
                    self.metric_plot, _pen_for(key), name
                )
            self.metric_curves[key].setData(*thinned(x, self.epochs.column(key)))
        self._fit_axes()

    def _fit_axes(self) -> None:
        """Grow or shrink the axes in round steps (see ``refit``)."""
        x_high, loss_high, metric_high = 0.0, 0.0, 0.0
        if len(self.batches) and self.batch_curve.isVisible():
            rows = self.batches.view()
            x_high = rows[-1, 0] / self.batches_per_epoch
            loss_high = float(np.nanmax(rows[:, 1], initial=0.0))
        if len(self.epochs):
            x_high = max(x_high, float(self.epochs.column("epoch")[-1]))
            for key in ("train_loss", "test_loss"):
                loss_high = max(
                    loss_high, float(np.nanmax(self.epochs.column(key), initial=0))
                )
            for key in self.metric_curves:
                metric_high = max(
                    metric_high, float(np.nanmax(self.epochs.column(key), initial=0))
                )
        if (x := refit(self._limits["x"], max(x_high, 1.0))) is not None:
            self._limits["x"] = x
            self.loss_plot.setXRange(0.0, x, padding=0.0)
        if not self.log_scale.isChecked() and (
            y := refit(self._limits["loss"], loss_high)
        ):
            self._limits["loss"] = y
            self.loss_plot.setYRange(0.0, y, padding=0.0)
        if self.metric_name not in UNIT_METRICS and (
            y := refit(self._limits["metric"], metric_high)
        ):
            self._limits["metric"] = y
            self.metric_plot.setYRange(0.0, y, padding=0.0)

    # -- interaction ------------------------------------------------------------------
    @Slot(bool)
    def _on_show_batches_toggled(self, checked: bool) -> None:
        self.batch_curve.setVisible(checked)
        if checked:
            rows = self.batches.view()
            x = rows[:, 0] / self.batches_per_epoch
            self.batch_curve.setData(*thinned(x, rows[:, 1]))
        self._limits["loss"] = None
        self._fit_axes()

    @Slot(bool)
    def _on_log_scale_toggled(self, checked: bool) -> None:
        self.loss_plot.setLogMode(y=checked)
        self.loss_plot.enableAutoRange(y=checked)
        self._limits["loss"] = None
        if not checked:
            self._fit_axes()

    def describe_epoch(self, x: float) -> str:
        """The values of the epoch nearest to ``x`` (epochs), as one line."""
        if not len(self.epochs):
            return " "
        xs = self.epochs.column("epoch")
        record = self.epochs.row(int(np.argmin(np.abs(xs - x))))
        parts = [f"epoch {record['epoch']:.0f}"]
        for key, value in record.items():
            if key not in ("epoch", "iteration") and np.isfinite(value):
                parts.append(f"{key.replace('_', ' ')} {value:.4g}")
        return " · ".join(parts)

    def _on_mouse_moved(self, event: tuple[QPointF]) -> None:
        pos = event[0]
        for plot in (self.loss_plot, self.metric_plot):
            if plot.sceneBoundingRect().contains(pos):
                point = plot.getPlotItem().vb.mapSceneToView(pos)
                self.readout.setText(self.describe_epoch(point.x()))
                return
