"""The run's numbers in one always-visible line, as Playground's header shows them.

Epoch, training and test loss, and training and test accuracy (RMSE for
regression), from the last epoch record the worker sent; a step back shows the
record of the epoch it went back to.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Slot
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from netdesigner.live.frames import Frame, SessionSummary

KEEP = 500
"""Epoch records kept (Step back reaches only the last few dozen)."""
FIELDS = ("epoch", "train_loss", "test_loss", "train_metric", "test_metric")
TITLES = {
    "epoch": QT_TRANSLATE_NOOP("Readout", "Epoch"),
    "train_loss": QT_TRANSLATE_NOOP("Readout", "Training loss"),
    "test_loss": QT_TRANSLATE_NOOP("Readout", "Test loss"),
}


def format_value(key: str, value: float, metric: str) -> str:
    """``0.0123``-style losses, ``99.2%`` accuracies, ``—`` when unknown."""
    if not isinstance(value, float | int) or not math.isfinite(value):
        return "—"
    if metric == "accuracy" and key.endswith("metric"):
        return f"{100.0 * value:.1f}%"
    return f"{value:.4f}" if abs(value) < 1000 else f"{value:.4g}"


class RunReadout(QWidget):
    """Five captions over five large numbers; ``values`` holds the shown texts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.metric = "accuracy"
        self._records: dict[int, dict[str, float]] = {}
        self.captions = {key: QLabel() for key in FIELDS}
        self.values = {key: QLabel("—") for key in FIELDS}
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 2, 4, 2)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(0)
        big = self.font()
        big.setPointSizeF(big.pointSizeF() * 1.35)
        big.setBold(True)
        for column, key in enumerate(FIELDS):
            caption, value = self.captions[key], self.values[key]
            caption.setStyleSheet("color: #666;")
            caption.setWordWrap(True)  # "Training accuracy" may take two lines
            value.setFont(big)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(caption, 0, column)
            grid.addWidget(value, 1, column)
        self._set_captions()
        self.values["epoch"].setText("0")

    def _set_captions(self) -> None:
        if self.metric == "accuracy":
            train = QT_TRANSLATE_NOOP("Readout", "Training accuracy")
            test = QT_TRANSLATE_NOOP("Readout", "Test accuracy")
        else:
            train = QT_TRANSLATE_NOOP("Readout", "Training RMSE")
            test = QT_TRANSLATE_NOOP("Readout", "Test RMSE")
        titles = {**TITLES, "train_metric": train, "test_metric": test}
        for key, label in self.captions.items():
            label.setText(QCoreApplication.translate("Readout", titles[key]))

    def text(self) -> str:
        """The readout on one line (for tests and screen readers)."""
        return " · ".join(
            f"{self.captions[k].text()} {self.values[k].text()}" for k in FIELDS
        )

    @Slot(object)
    def start_session(self, info: SessionSummary) -> None:
        self.metric = "accuracy" if info.task == "classification" else "rmse"
        self._records.clear()
        self._set_captions()
        for key in FIELDS:
            self.values[key].setText("0" if key == "epoch" else "—")

    @Slot(object)
    def show_frame(self, frame: Frame) -> None:
        """Show the newest epoch record of ``frame`` (or, after a step back, the
        record of the epoch it went back to)."""
        if frame.rewind is not None:
            self._records = {
                e: r for e, r in self._records.items() if e <= frame.rewind.epoch
            }
        for record in frame.epochs:
            self._records[int(record["epoch"])] = record
        if len(self._records) > KEEP:  # continuous runs: only recent epochs matter
            for epoch in sorted(self._records)[: len(self._records) - KEEP]:
                del self._records[epoch]
        self._set("epoch", f"{frame.epoch:,}")
        record = self._records.get(frame.epoch)
        values = {
            "train_loss": record.get("train_loss") if record else None,
            "test_loss": record.get("test_loss") if record else None,
            "train_metric": record.get(f"train_{self.metric}") if record else None,
            "test_metric": record.get(f"test_{self.metric}") if record else None,
        }
        for key, value in values.items():
            self._set(key, format_value(key, value, self.metric))  # type: ignore[arg-type]

    def _set(self, key: str, text: str) -> None:
        label = self.values[key]
        if label.text() != text:  # an unchanged label costs no layout or paint
            label.setText(text)
