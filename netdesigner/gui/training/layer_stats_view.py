"""The Layers tab: what every layer does to a handful of training samples.

One row per layer: the distribution of its outputs (how batch normalization
re-centres them, how ReLU cuts them at zero, how tanh saturates), the distribution of
its kernel, and numbers (mean, spread, dead units, gradient size). Above the rows,
the diagnosis in sentences: dead ReLUs, saturation, vanishing or exploding gradients.
"""

from __future__ import annotations

import html
import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

translate = QCoreApplication.translate

ROW_HEIGHT = 74
LABEL_WIDTH = 210
OUTPUT_BRUSH = pg.mkBrush(8, 119, 189, 150)
WEIGHT_BRUSH = pg.mkBrush(245, 147, 34, 150)


def _number(x: float) -> str:
    return "–" if not math.isfinite(x) else f"{x:.3g}"


def describe(row: dict[str, Any]) -> str:
    """The row's caption (HTML, three short lines): name and type, the outputs'
    mean and spread, then dead or saturated units and the gradient's size."""
    kind = row["type"] + (f" · {row['activation']}" if row["activation"] else "")
    out = row["output"]
    extras = []
    if row["dead"]:
        extras.append(
            translate("LayerStats", "{dead}/{units} dead").format(
                dead=row["dead"], units=row["units"]
            )
        )
    if row["saturated"] >= 0.01:
        extras.append(
            translate("LayerStats", "{share}% saturated").format(
                share=f"{100 * row['saturated']:.0f}"
            )
        )
    if "grad_rms" in row:
        extras.append(
            translate("LayerStats", "gradient {value}").format(
                value=_number(row["grad_rms"])
            )
        )
    spread = translate("LayerStats", "mean {mean} · std {std}").format(
        mean=_number(out["mean"]), std=_number(out["std"])
    )
    return (
        f"<b>{html.escape(row['id'])}</b> <span style='color:#666'>"
        f"{html.escape(kind)}</span><br>{spread}<br>{' · '.join(extras)}"
    )


class LayerStatsView(QWidget):
    """The diagnosis, then one row of histograms per layer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground("w")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.graphics)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.notes)
        layout.addWidget(scroll, 1)
        self.ids: list[str] = []
        self.rows: dict[str, dict[str, Any]] = {}
        self.clear()

    def clear(self) -> None:
        self.graphics.clear()
        self.ids, self.rows = [], {}
        self.notes.setText(
            self.tr(
                "What each layer does to 256 training samples (128 images): the spread "
                "of its outputs and of its weights. Press Play or step one batch."
            )
        )

    def update_layers(self, data: dict[str, Any]) -> None:
        """Show ``probe.LayerProbe.frame()``'s dict or ``{"unavailable": reason}``."""
        if "unavailable" in data:
            self.clear()
            self.notes.setText(
                self.tr("No layer statistics here. {value}").format(
                    value=data["unavailable"]
                )
            )
            return
        rows = data["rows"]
        if [row["id"] for row in rows] != self.ids:
            self._build(rows)
        for row in rows:
            self._fill(row)
        self._show_notes(data["notes"])

    def _build(self, rows: list[dict[str, Any]]) -> None:
        self.graphics.clear()
        self.ids, self.rows = [row["id"] for row in rows], {}
        self.graphics.addLabel(f"<b>{self.tr('layer')}</b>", row=0, col=0)
        self.graphics.addLabel(self.tr("outputs"), row=0, col=1)
        self.graphics.addLabel(self.tr("weights (kernel)"), row=0, col=2)
        for k, row in enumerate(rows, start=1):
            label = self.graphics.addLabel("", row=k, col=0, justify="left")
            label.setMaximumWidth(LABEL_WIDTH)  # the histograms take the rest
            plots = {}
            for col, key in ((1, "output"), (2, "weights")):
                if key == "weights" and "weights" not in row:
                    continue
                plot = self.graphics.addPlot(row=k, col=col)
                plot.hideAxis("left")
                plot.setMenuEnabled(False)
                plot.setMouseEnabled(False, False)
                plot.getAxis("bottom").setStyle(tickLength=-4)
                brush = OUTPUT_BRUSH if key == "output" else WEIGHT_BRUSH
                curve = plot.plot(
                    [0, 1], [0], stepMode="center", fillLevel=0, brush=brush, pen=None
                )
                plots[key] = (plot, curve)
            self.rows[row["id"]] = {"label": label, "plots": plots}
        self.graphics.setMinimumHeight(ROW_HEIGHT * len(rows) + 30)
        grid = self.graphics.ci.layout
        for column, stretch in ((0, 0), (1, 1), (2, 1)):
            grid.setColumnStretchFactor(column, stretch)

    def _fill(self, row: dict[str, Any]) -> None:
        shown = self.rows[row["id"]]
        shown["label"].setText(describe(row))
        for key, (plot, curve) in shown["plots"].items():
            counts, edges = row[key]["counts"], row[key]["edges"]
            if len(counts):
                curve.setData(edges, counts)
                plot.setXRange(float(edges[0]), float(edges[-1]), padding=0.02)
                plot.setYRange(0, float(np.max(counts)) or 1.0, padding=0.05)

    def _show_notes(self, notes: list[str]) -> None:
        if not notes:
            self.notes.setText(
                self.tr("No problems found: no dead or saturated layers.")
            )
            self.notes.setStyleSheet("")
            return
        self.notes.setText("<br>".join(f"⚠ {html.escape(n)}" for n in notes))
        self.notes.setStyleSheet("color: #8a4b00")
