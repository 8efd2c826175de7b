"""Compare runs: train a few variants of the design one after another and compare.

MATLAB's Experiment Manager is the model: the student picks a small grid (learning
rates × batch sizes × optimizers) or takes the lesson's own ``runs``; each variant
trains to its epoch limit in a worker thread of its own (the live session keeps its
state), its curves go into a loss plot where earlier runs stay as labelled faded
curves, and a table lists every run's final metrics with the best one marked.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QThread, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netdesigner.design.errors import DesignError
from netdesigner.design.io import load_design
from netdesigner.design.lesson import Lesson, deep_merge
from netdesigner.design.model import Design
from netdesigner.gui.training.loss_plot import LossPlot
from netdesigner.live.frames import Frame, RunState, SessionSummary, Status
from netdesigner.live.run import LiveRun

BEST_COLOUR = QColor(214, 240, 220)
OPTIMIZERS = ("sgd", "rmsprop", "adam")


@dataclass
class Variant:
    """One run to train: an id (a lesson's run id, or made from the settings), a
    label for the table and the plot, and the design to train."""

    id: str
    label: str
    design: Design


def lesson_variants(
    design: Design, lesson: Lesson, base_dir: Path | None, language: str = "en"
) -> list[Variant]:
    """The design itself ("main") and each of the lesson's ``runs``.

    Raises ``DesignError`` when a run's design file cannot be read."""
    variants = [Variant("main", _main_label(language), design.copy())]
    for run in lesson.runs:
        if run.design is not None:
            path = Path(run.design)
            if not path.is_absolute() and base_dir is not None:
                path = base_dir / path
            other = load_design(path)
        else:
            other = design.copy()
            other.training = deep_merge(other.training, run.training)
            other.dataset = deep_merge(other.dataset, run.dataset)
        variants.append(Variant(run.id, run.label.get(language), other))
    return variants


def _main_label(language: str) -> str:
    return "本设计" if language.startswith("zh") else "this design"


def grid_variants(
    design: Design,
    learning_rates: list[float],
    batch_sizes: list[int],
    optimizers: list[str],
) -> list[Variant]:
    """Every combination of the given settings (an empty list keeps the design's)."""
    variants = []
    for lr, batch, kind in itertools.product(
        learning_rates or [None], batch_sizes or [None], optimizers or [None]
    ):
        changes: dict[str, Any] = {}
        words = []
        if kind is not None:
            changes["optimizer"] = {"type": kind}
            words.append(kind)
        if lr is not None:
            changes.setdefault("optimizer", {})["learning_rate"] = lr
            words.append(f"lr {lr:g}")
        if batch is not None:
            changes["batch_size"] = batch
            words.append(f"batch {batch}")
        variant = design.copy()
        if kind is not None:  # another optimizer: its own defaults, not sgd's momentum
            rate = variant.training.get("optimizer", {}).get("learning_rate")
            variant.training["optimizer"] = {"type": kind}
            if rate is not None:
                variant.training["optimizer"]["learning_rate"] = rate
        variant.training = deep_merge(variant.training, changes)
        label = " · ".join(words) or "as designed"
        variants.append(
            Variant(label.replace(" · ", "_").replace(" ", ""), label, variant)
        )
    return variants


def parse_numbers(text: str, kind: type = float) -> list[Any] | None:
    """``"0.01, 0.1"`` -> [0.01, 0.1]; None when an entry is not a positive number."""
    values = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            value = kind(part)
        except ValueError:
            return None
        if value <= 0:
            return None
        values.append(value)
    return values


def best_index(results: list[dict[str, float] | None]) -> int | None:
    """The run with the highest test accuracy (or the lowest test loss/rmse)."""
    scored = []
    for index, metrics in enumerate(results):
        if not metrics:
            continue
        if "test_accuracy" in metrics:
            scored.append((-metrics["test_accuracy"], index))
        elif "test_rmse" in metrics:
            scored.append((metrics["test_rmse"], index))
        elif "test_loss" in metrics:
            scored.append((metrics["test_loss"], index))
    scored = [s for s in scored if s[0] == s[0]]  # NaN (diverged) never wins
    return min(scored)[1] if scored else None


# -- the worker ------------------------------------------------------------------------
class CompareWorker(QObject):
    """Trains the variants one after another in its thread (``run``)."""

    variant_started = Signal(int, object)  # index, SessionSummary
    frame_ready = Signal(int, object)  # index, Frame
    variant_finished = Signal(int, object, str)  # index, final metrics, message
    finished = Signal()

    def __init__(
        self, variants: list[Variant], base_dir: Path | None, factory: Any = None
    ) -> None:
        super().__init__()
        self.variants = variants
        self.base_dir = base_dir
        self.factory = factory
        self._run: LiveRun | None = None
        self._cancelled = False

    def cancel(self) -> None:
        """Stop the run in progress and skip the rest (safe from any thread)."""
        self._cancelled = True
        run = self._run
        if run is not None:
            run.submit("stop")

    @Slot()
    def run(self) -> None:
        for index, variant in enumerate(self.variants):
            if self._cancelled:
                break
            self._train(index, variant)
        self._run = None
        self.finished.emit()

    def _train(self, index: int, variant: Variant) -> None:
        last: dict[str, float] = {}

        def on_frame(frame: Frame) -> None:
            if frame.epochs:
                last.update(frame.epochs[-1])
            self.frame_ready.emit(index, frame)

        def on_session(info: SessionSummary) -> None:
            self.variant_started.emit(
                index, dataclasses.replace(info, run_label=variant.label)
            )

        run = LiveRun(self.factory, on_frame=on_frame, on_session=on_session)
        run.command("view", {"maps": False, "weights": False})
        self._run = run
        if self._cancelled:
            return
        run.command(
            "load",
            {"design": variant.design, "base_dir": self.base_dir, "weights": None},
        )
        if run.status.state is RunState.READY:
            run.command("play")
            run.train_while_running()
        status: Status = run.status
        self.variant_finished.emit(index, dict(last), status.message)


class CompareRuns(QObject):
    """Owns the worker thread of one comparison; relays its signals (GUI thread)."""

    variant_started = Signal(int, object)
    frame_ready = Signal(int, object)
    variant_finished = Signal(int, object, str)
    finished = Signal()

    def __init__(self, parent: QObject | None = None, factory: Any = None) -> None:
        super().__init__(parent)
        self.factory = factory
        self._thread: QThread | None = None
        self._worker: CompareWorker | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def start(self, variants: list[Variant], base_dir: Path | None) -> None:
        """Train ``variants`` one after another (the previous comparison stops)."""
        self.shutdown()
        thread = QThread()
        thread.setObjectName("netdesigner-compare")
        worker = CompareWorker(variants, base_dir, self.factory)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.variant_started.connect(self._on_worker_variant_started)
        worker.frame_ready.connect(self._on_worker_frame_ready)
        worker.variant_finished.connect(self._on_worker_variant_finished)
        worker.finished.connect(self._on_worker_finished)
        self._thread, self._worker = thread, worker
        thread.start()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Stop training and wait for the thread; True when nothing runs."""
        thread, worker = self._thread, self._worker
        if thread is None or worker is None:
            return True
        worker.cancel()
        thread.quit()
        if not thread.wait(timeout_ms):
            return False
        self._thread = self._worker = None
        return True

    @Slot(int, object)
    def _on_worker_variant_started(self, index: int, info: Any) -> None:
        self.variant_started.emit(index, info)

    @Slot(int, object)
    def _on_worker_frame_ready(self, index: int, frame: Any) -> None:
        self.frame_ready.emit(index, frame)

    @Slot(int, object, str)
    def _on_worker_variant_finished(self, index: int, metrics: Any, text: str) -> None:
        self.variant_finished.emit(index, metrics, text)

    @Slot()
    def _on_worker_finished(self) -> None:
        if self._thread is not None:
            self._thread.quit()
        self.finished.emit()


# -- the dialog ------------------------------------------------------------------------
COLUMNS = (
    QT_TRANSLATE_NOOP("CompareRunsDialog", "Run"),
    QT_TRANSLATE_NOOP("CompareRunsDialog", "Epochs"),
    QT_TRANSLATE_NOOP("CompareRunsDialog", "Train loss"),
    QT_TRANSLATE_NOOP("CompareRunsDialog", "Test loss"),
    QT_TRANSLATE_NOOP("CompareRunsDialog", "Test accuracy / RMSE"),
    "",
)


class CompareRunsDialog(QDialog):
    """Pick a grid (or the lesson's runs), train it, read the table and curves."""

    results_ready = Signal(object)  # {run id: final metrics} after a comparison

    def __init__(
        self,
        design: Design,
        lesson: Lesson | None = None,
        base_dir: Path | None = None,
        language: str = "en",
        parent: QWidget | None = None,
        factory: Any = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Compare runs"))
        self.design, self.lesson = design, lesson
        self.base_dir, self.language = base_dir, language
        self.runner = CompareRuns(self, factory)
        self.variants: list[Variant] = []
        self.results: list[dict[str, float] | None] = []
        self.plot = LossPlot()
        self._build()
        self.runner.variant_started.connect(self._on_runner_variant_started)
        self.runner.frame_ready.connect(self._on_runner_frame_ready)
        self.runner.variant_finished.connect(self._on_runner_variant_finished)
        self.runner.finished.connect(self._on_runner_finished)
        self.resize(1000, 620)

    def _build(self) -> None:
        optimizer = self.design.training.get("optimizer") or {}
        self.rates = QLineEdit(str(optimizer.get("learning_rate", "")))
        self.rates.setPlaceholderText("0.01, 0.03, 0.1")
        self.batches = QLineEdit(str(self.design.training.get("batch_size", "")))
        self.batches.setPlaceholderText("10, 32")
        self.optimizers = {name: QCheckBox(name) for name in OPTIMIZERS}
        self.use_lesson = QCheckBox(self.tr("Compare the lesson's runs"))
        has_runs = self.lesson is not None and bool(self.lesson.runs)
        self.use_lesson.setEnabled(has_runs)
        self.use_lesson.setChecked(has_runs)
        self.start_button = QPushButton(self.tr("Train all"))
        self.start_button.clicked.connect(self._on_start_clicked)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.runner.cancel)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )
        self.table.verticalHeader().setVisible(False)
        form = QFormLayout()
        form.addRow(self.use_lesson)
        form.addRow(self.tr("Learning rates"), self.rates)
        form.addRow(self.tr("Batch sizes"), self.batches)
        boxes = QHBoxLayout()
        for box in self.optimizers.values():
            boxes.addWidget(box)
        boxes.addStretch(1)
        form.addRow(self.tr("Optimizers"), boxes)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.message, 1)
        left = QWidget()
        column = QVBoxLayout(left)
        column.addLayout(form)
        column.addLayout(buttons)
        column.addWidget(self.table, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.plot)
        splitter.setSizes([480, 520])
        QVBoxLayout(self).addWidget(splitter)
        self.use_lesson.toggled.connect(self._on_use_lesson_toggled)
        self._on_use_lesson_toggled(self.use_lesson.isChecked())

    @Slot(bool)
    def _on_use_lesson_toggled(self, checked: bool) -> None:
        for widget in (self.rates, self.batches, *self.optimizers.values()):
            widget.setEnabled(not checked)

    # -- starting ---------------------------------------------------------------------
    def chosen_variants(self) -> list[Variant] | str:
        """The variants the dialog's settings ask for, or why they cannot run."""
        if self.use_lesson.isChecked() and self.lesson is not None:
            try:
                return lesson_variants(
                    self.design, self.lesson, self.base_dir, self.language
                )
            except DesignError as exc:
                return str(exc)
        rates = parse_numbers(self.rates.text(), float)
        batches = parse_numbers(self.batches.text(), int)
        if rates is None or batches is None:
            return self.tr(
                "Learning rates and batch sizes are positive numbers separated by "
                "commas, e.g. 0.01, 0.1."
            )
        kinds = [name for name, box in self.optimizers.items() if box.isChecked()]
        variants = grid_variants(self.design, rates, batches, kinds)
        if len(variants) < 2:
            return self.tr("Give at least two settings to compare.")
        return variants

    def start(self) -> bool:
        """Train the chosen variants; False (and a message) when they cannot."""
        variants = self.chosen_variants()
        if isinstance(variants, str):
            self.message.setText(variants)
            return False
        self.variants = variants
        self.results = [None] * len(variants)
        self.plot.clear_runs()
        self.table.setRowCount(len(variants))
        for row, variant in enumerate(variants):
            self._set_row(row, [variant.label, "", "", "", "", ""])
        self.message.setText(
            self.tr("Training {n} runs one after another…").format(n=len(variants))
        )
        self.start_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.runner.start(variants, self.base_dir)
        return True

    @Slot()
    def _on_start_clicked(self) -> None:
        self.start()

    # -- progress ---------------------------------------------------------------------
    @Slot(int, object)
    def _on_runner_variant_started(self, index: int, info: SessionSummary) -> None:
        self.plot.start_run(info)
        self.table.selectRow(index)

    @Slot(int, object)
    def _on_runner_frame_ready(self, index: int, frame: Frame) -> None:
        self.plot.add_frame(frame)
        if frame.epochs:
            self._show_metrics(index, frame.epochs[-1])

    @Slot(int, object, str)
    def _on_runner_variant_finished(self, index: int, metrics: Any, text: str) -> None:
        self.results[index] = dict(metrics) or None
        if metrics:
            self._show_metrics(index, metrics)
        self.table.item(index, 5).setText(text)
        self._mark_best()

    @Slot()
    def _on_runner_finished(self) -> None:
        self.start_button.setEnabled(True)
        self.stop_button.setEnabled(False)
        best = best_index(self.results)
        if best is not None:
            self.message.setText(
                self.tr("Best: {label}").format(label=self.variants[best].label)
            )
        done = {v.id: m for v, m in zip(self.variants, self.results, strict=True) if m}
        self.results_ready.emit(copy.deepcopy(done))

    def _show_metrics(self, row: int, metrics: dict[str, float]) -> None:
        score = metrics.get("test_accuracy", metrics.get("test_rmse"))
        cells = [
            self.table.item(row, 0).text(),
            f"{metrics.get('epoch', 0):.0f}",
            _number(metrics.get("train_loss")),
            _number(metrics.get("test_loss")),
            _number(score),
        ]
        for column, text in enumerate(cells):
            self.table.item(row, column).setText(text)

    def _set_row(self, row: int, cells: list[str]) -> None:
        for column, text in enumerate(cells):
            self.table.setItem(row, column, QTableWidgetItem(text))

    def best_row(self) -> int | None:
        return best_index(self.results)

    def _mark_best(self) -> None:
        best = self.best_row()
        for row in range(self.table.rowCount()):
            marked = row == best
            for column in range(self.table.columnCount()):
                item = self.table.item(row, column)
                font = QFont(item.font())
                font.setBold(marked)
                item.setFont(font)
                item.setBackground(QBrush(BEST_COLOUR) if marked else QBrush())
            name = self.variants[row].label
            self.table.item(row, 0).setText(f"★ {name}" if marked else name)

    # -- closing ----------------------------------------------------------------------
    def shutdown(self) -> bool:
        return self.runner.shutdown()

    def done(self, result: int) -> None:
        self.runner.shutdown()
        super().done(result)

    def closeEvent(self, event: Any) -> None:
        self.runner.shutdown()
        super().closeEvent(event)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"
