"""Draw your own 2-D data: click or drag to add points of a class, right-click or
right-drag to erase, undo and redo; the points are saved as a CSV file the design
names (Playground's most requested feature, "use my own data").

The plane is Playground's [-6, 6]^2 with its colours (class 0 orange, class 1 blue).
The file has a header ``x1,x2,label`` and whole-number labels, so that it opens in
any spreadsheet and loads with ``netdesigner.data.load_dataset(path=...)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Slot
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPixmap, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGraphicsRectItem,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netdesigner.live.colors import class_colors

translate = QCoreApplication.translate

EXTENT = 6.0
"""The plane is [-EXTENT, EXTENT]^2, as Playground's."""
SPACING = 0.3
"""A drag adds a point each time the pointer has moved this far."""
ERASE_RADIUS = 0.6
"""Right-click and right-drag remove the points this close to the pointer."""
MAX_CLASSES = 6
MIN_POINTS = 4
CSV_FILTER = QT_TRANSLATE_NOOP("DrawPoints", "CSV files (*.csv);;All files (*)")


def write_points_csv(path: str | Path, points: np.ndarray, labels: np.ndarray) -> None:
    """Save ``points : (N, 2)`` and ``labels : (N,)`` as ``x1,x2,label`` rows."""
    pairs = zip(points, labels, strict=True)
    rows = [f"{x:.4f},{y:.4f},{int(c)}" for (x, y), c in pairs]
    text = "x1,x2,label\n" + "\n".join(rows) + "\n"
    Path(path).write_text(text, encoding="utf-8")


class _Change(QUndoCommand):
    """One stroke, erase or clear: the point set before and after."""

    def __init__(self, canvas: DrawPointsDialog, text: str, before: Any, after: Any):
        super().__init__(text)
        self.canvas, self.before, self.after = canvas, before, after

    def redo(self) -> None:
        self.canvas._show(*self.after)

    def undo(self) -> None:
        self.canvas._show(*self.before)


class _PaintBox(pg.ViewBox):
    """A fixed view box that turns clicks and drags into the dialog's strokes."""

    def __init__(self, dialog: DrawPointsDialog) -> None:
        super().__init__(enableMenu=False)
        self.dialog = dialog
        self.setMouseEnabled(False, False)

    def _where(self, ev: Any) -> tuple[float, float]:
        point = self.mapSceneToView(ev.scenePos())
        return point.x(), point.y()

    def mouseClickEvent(self, ev: Any) -> None:
        if ev.button() not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            return
        ev.accept()
        erase = ev.button() == Qt.MouseButton.RightButton
        self.dialog.begin_stroke(erase)
        self.dialog.stroke_to(*self._where(ev))
        self.dialog.end_stroke()

    def mouseDragEvent(self, ev: Any, axis: Any = None) -> None:
        if ev.button() not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            return
        ev.accept()
        if ev.isStart():
            self.dialog.begin_stroke(ev.button() == Qt.MouseButton.RightButton)
        self.dialog.stroke_to(*self._where(ev))
        if ev.isFinish():
            self.dialog.end_stroke()


class DrawPointsDialog(QDialog):
    """Draw points of 2 to 6 classes; ``points()`` and ``labels()`` once accepted.

    ``points``/``labels``: where to start (the current data set's points, or none).
    """

    def __init__(
        self,
        points: np.ndarray | None = None,
        labels: np.ndarray | None = None,
        n_classes: int = 2,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Draw your own data"))
        self._points = np.zeros((0, 2)) if points is None else np.asarray(points, float)
        self._labels = np.zeros(0, int) if labels is None else np.asarray(labels, int)
        self._stroke: tuple[Any, Any] | None = None
        self._erasing = False
        self._last: tuple[float, float] | None = None
        self.undo_stack = QUndoStack(self)
        self.active_class = 0
        self._build(max(2, min(MAX_CLASSES, max(n_classes, self._label_count()))))
        self._show(self._points, self._labels)

    def _label_count(self) -> int:
        return int(self._labels.max()) + 1 if self._labels.size else 2

    # -- construction ---------------------------------------------------------------
    def _build(self, n_classes: int) -> None:
        self.box = _PaintBox(self)
        self.plot = pg.PlotWidget(background="w", viewBox=self.box)
        self.plot.setMenuEnabled(False)
        self.plot.setAspectLocked(True)
        self.plot.setRange(
            xRange=(-EXTENT, EXTENT), yRange=(-EXTENT, EXTENT), padding=0
        )
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.plot.setMinimumSize(420, 420)
        frame = QGraphicsRectItem(-EXTENT, -EXTENT, 2 * EXTENT, 2 * EXTENT)
        frame.setPen(pg.mkPen("#b0b0b0", width=1, style=Qt.PenStyle.DashLine))
        self.plot.addItem(frame)  # points outside the frame are not taken
        self.scatter = pg.ScatterPlotItem(size=9, pen=pg.mkPen("w", width=1))
        self.plot.addItem(self.scatter)
        self.classes = QSpinBox(minimum=2, maximum=MAX_CLASSES, value=n_classes)
        self.classes.setToolTip(self.tr("How many classes to draw (2 to 6)"))
        self.class_buttons = QButtonGroup(self)
        self.class_row = QHBoxLayout()
        for k, rgb in enumerate(class_colors(MAX_CLASSES)):
            button = QToolButton()
            button.setCheckable(True)
            button.setText(self.tr("class {k}").format(k=k))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            pixmap = QPixmap(14, 14)
            pixmap.fill(QColor(*(int(v) for v in rgb)))
            button.setIcon(QIcon(pixmap))
            self.class_buttons.addButton(button, k)
            self.class_row.addWidget(button)
        self.class_buttons.button(0).setChecked(True)
        self.count = QLabel()
        self.undo_button = QPushButton(self.tr("Undo"))
        self.redo_button = QPushButton(self.tr("Redo"))
        self.clear_button = QPushButton(self.tr("Clear"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Use these points…"))
        self._layout(buttons)
        self._connect(buttons)
        self._on_classes_changed(n_classes)

    def _layout(self, buttons: QDialogButtonBox) -> None:
        hint = QLabel(
            self.tr(
                "Click or drag to add points of the chosen class; right-click or "
                "right-drag to erase. The points are saved as a CSV file beside your "
                "design."
            )
        )
        hint.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Classes")))
        top.addWidget(self.classes)
        top.addLayout(self.class_row)
        top.addStretch(1)
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.count, 1)
        for button in (self.undo_button, self.redo_button, self.clear_button):
            edit_row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(top)
        layout.addWidget(self.plot, 1)
        layout.addLayout(edit_row)
        layout.addWidget(buttons)

    def _connect(self, buttons: QDialogButtonBox) -> None:
        self.classes.valueChanged.connect(self._on_classes_changed)
        self.class_buttons.idClicked.connect(self._on_class_clicked)
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.clear_button.clicked.connect(self.clear)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        self.undo_button.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_button.setShortcut(QKeySequence.StandardKey.Redo)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    # -- reading --------------------------------------------------------------------
    def points(self) -> np.ndarray:
        """``(N, 2)`` float64 coordinates."""
        return self._points.copy()

    def labels(self) -> np.ndarray:
        """``(N,)`` int class indices."""
        return self._labels.copy()

    def problem(self) -> str:
        """Why these points cannot train a network yet, or ""."""
        present = np.unique(self._labels)
        if len(self._points) < MIN_POINTS:
            return translate(
                "DrawPoints", "Draw at least {least} points (there are {count})."
            ).format(least=MIN_POINTS, count=len(self._points))
        if present.size < 2:
            return translate("DrawPoints", "Draw points of at least two classes.")
        return ""

    # -- drawing --------------------------------------------------------------------
    def begin_stroke(self, erase: bool) -> None:
        """Start adding (or erasing) points; one undo step until ``end_stroke``."""
        self._stroke = (self._points, self._labels)
        self._erasing, self._last = erase, None

    def stroke_to(self, x: float, y: float) -> None:
        """Add a point of the active class at (x, y), or erase around it."""
        if self._stroke is None or max(abs(x), abs(y)) > EXTENT:
            return
        if self._erasing:
            far = np.hypot(*(self._points - (x, y)).T) > ERASE_RADIUS
            if not far.all():
                self._show(self._points[far], self._labels[far])
            return
        if self._last is not None and np.hypot(x - self._last[0], y - self._last[1]) < (
            SPACING
        ):
            return
        self._last = (x, y)
        self._show(
            np.vstack([self._points, [(x, y)]]),
            np.append(self._labels, self.active_class),
        )

    def end_stroke(self) -> None:
        if self._stroke is None:
            return
        before, self._stroke = self._stroke, None
        if len(before[0]) == len(self._points) and np.array_equal(
            before[0], self._points
        ):
            return
        if self._erasing:
            what = translate("DrawPoints", "Erase points")
        else:
            what = translate("DrawPoints", "Add class {k}").format(k=self.active_class)
        after = (self._points, self._labels)
        self.undo_stack.push(_Change(self, what, before, after))

    def clear(self) -> None:
        if len(self._points):
            empty = (np.zeros((0, 2)), np.zeros(0, int))
            before = (self._points, self._labels)
            what = translate("DrawPoints", "Clear")
            self.undo_stack.push(_Change(self, what, before, empty))

    def _show(self, points: np.ndarray, labels: np.ndarray) -> None:
        """Make ``(points, labels)`` the current set and draw it."""
        self._points, self._labels = points, labels
        colors = class_colors(MAX_CLASSES)
        brushes = [pg.mkBrush(*(int(v) for v in colors[c])) for c in labels]
        self.scatter.setData(pos=points, brush=brushes)
        counts = np.bincount(labels, minlength=MAX_CLASSES) if labels.size else []
        of_class = translate("DrawPoints", "{n} of class {k}")
        parts = [of_class.format(n=n, k=k) for k, n in enumerate(counts) if n]
        count = translate("DrawPoints", "{count} points").format(count=len(points))
        if parts:
            count = translate("DrawPoints", "{count}: {parts}").format(
                count=count, parts=translate("DrawPoints", ", ").join(parts)
            )
        self.count.setText(count)
        self.classes.setMinimum(max(2, self._label_count()))
        problem = self.problem()
        self.ok_button.setEnabled(not problem)
        self.ok_button.setToolTip(problem)

    # -- reacting -------------------------------------------------------------------
    @Slot(int)
    def _on_classes_changed(self, n: int) -> None:
        for k, button in enumerate(self.class_buttons.buttons()):
            button.setVisible(k < n)
        if self.active_class >= n:
            self.class_buttons.button(0).click()

    @Slot(int)
    def _on_class_clicked(self, k: int) -> None:
        self.active_class = k

    def done(self, result: int) -> None:
        self.undo_stack.clear()  # the commands hold this dialog: drop them now
        super().done(result)


def ask_csv_path(parent: QWidget | None, suggestion: str) -> str | None:
    """Where to save drawn points (a dialog; tests replace it)."""
    path, _ = QFileDialog.getSaveFileName(
        parent,
        translate("DrawPoints", "Save the drawn points"),
        suggestion,
        translate("DrawPoints", CSV_FILTER),
    )
    if path and not path.lower().endswith(".csv"):
        path += ".csv"
    return path or None
