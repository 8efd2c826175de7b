"""Image data sets: a gallery of test images with predicted and true labels, and a
confusion matrix whose cells, clicked, filter the gallery to those images.

The gallery is a model/view list: only the visible images are drawn, so updating
the predictions of 2,000 images after an epoch costs one ``dataChanged``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QColor, QImage, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netdesigner.live.frames import SessionSummary

WRONG = QColor("#fbe0e0")
RIGHT = QColor("#ffffff")
ICON_SCALE = 2
ITEM_SIZE = QSize(108, 96)
"""Each gallery cell: the picture and two short lines of text."""


def gray_qimage(image: np.ndarray, scale: int = ICON_SCALE) -> QImage:
    """(H, W), (H, W, 1) or (H, W, 3) uint8 -> a grey or RGB QImage enlarged
    ``scale`` times (nearest neighbour)."""
    if image.ndim == 3 and image.shape[-1] == 1:
        image = image[..., 0]
    big = np.repeat(np.repeat(image, scale, axis=0), scale, axis=1)
    big = np.ascontiguousarray(big, dtype=np.uint8)
    h, w = big.shape[:2]
    if big.ndim == 3:
        return QImage(big.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    return QImage(big.data, w, h, w, QImage.Format.Format_Grayscale8).copy()


class GalleryModel(QAbstractListModel):
    """Rows are test images (optionally filtered by true and predicted class)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.images = np.zeros((0, 1, 1), np.uint8)
        self.labels = np.zeros(0, np.int64)
        self.pred: np.ndarray | None = None
        self.confidence: np.ndarray | None = None
        self.class_names: list[str] = []
        self.rows = np.zeros(0, np.int64)
        self.cell: tuple[int, int] | None = None
        self._pixmaps: dict[int, QPixmap] = {}

    def set_images(
        self, images: np.ndarray, labels: np.ndarray, names: list[str]
    ) -> None:
        self.beginResetModel()
        self.images, self.labels, self.class_names = images, labels, names
        self.pred = self.confidence = None
        self._pixmaps = {}
        self.cell = None
        self.rows = np.arange(len(images))
        self.endResetModel()

    def set_predictions(self, pred: np.ndarray, confidence: np.ndarray) -> None:
        self.pred, self.confidence = pred, confidence
        if self.cell is not None:
            self.set_filter(self.cell)
        elif len(self.rows):
            self.dataChanged.emit(self.index(0), self.index(len(self.rows) - 1))

    def set_filter(self, cell: tuple[int, int] | None) -> None:
        """Show images of true class ``cell[0]`` predicted ``cell[1]`` (None: all)."""
        self.beginResetModel()
        self.cell = cell
        if cell is None or self.pred is None:
            self.rows = np.arange(len(self.images))
        else:
            mask = (self.labels == cell[0]) & (self.pred == cell[1])
            self.rows = np.flatnonzero(mask)
        self.endResetModel()

    def rowCount(
        self, parent: QModelIndex | QPersistentModelIndex | None = None
    ) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def image_index(self, row: int) -> int:
        """Test-set index of the image shown in ``row``."""
        return int(self.rows[row])

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        i = self.image_index(index.row())
        if role == Qt.ItemDataRole.DecorationRole:
            if i not in self._pixmaps:
                self._pixmaps[i] = QPixmap.fromImage(gray_qimage(self.images[i]))
            return self._pixmaps[i]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._caption(i)
        if role == Qt.ItemDataRole.BackgroundRole and self.pred is not None:
            return QBrush(WRONG if self.pred[i] != self.labels[i] else RIGHT)
        if role == Qt.ItemDataRole.SizeHintRole:
            return ITEM_SIZE
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self._caption(i).replace("\n", ", ")
            return QCoreApplication.translate(
                "ImageViews", "Test image {index}: {tip} (true class {name})"
            ).format(index=i, tip=tip, name=self._name(int(self.labels[i])))
        return None

    def _name(self, k: int) -> str:
        return self.class_names[k] if 0 <= k < len(self.class_names) else str(k)

    def _caption(self, i: int) -> str:
        """``✓ Sneaker 97%`` when right; ``✗ Sneaker 61%`` over ``is Sandal`` when
        wrong; the true class alone before the first evaluation."""
        true = self._name(int(self.labels[i]))
        if self.pred is None:
            return true
        conf = "" if self.confidence is None else f" {100 * self.confidence[i]:.0f}%"
        guess = f"{self._name(int(self.pred[i]))}{conf}"
        if self.pred[i] == self.labels[i]:
            return f"✓ {guess}"
        return QCoreApplication.translate("ImageViews", "✗ {guess}\nis {true}").format(
            guess=guess, true=true
        )


class ConfusionMatrixView(QTableWidget):
    """Counts of (true row, predicted column); a click emits ``cell_chosen``."""

    cell_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setToolTip(
            self.tr("Rows: true class · columns: predicted class. Click a cell.")
        )
        self.cellClicked.connect(self._on_cell_clicked)
        self.counts = np.zeros((0, 0), np.int64)
        font = self.font()
        font.setPointSizeF(max(6.0, font.pointSizeF() - 1.5))
        self.setFont(font)
        self.horizontalHeader().setMinimumSectionSize(18)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)  # "163" clipped, not "1…"
        self.setStyleSheet("QTableView::item { padding: 0px; }")

    def set_classes(self, names: list[str]) -> None:
        """Rows are named ``"Sneaker 7"``, columns only numbered (space is short)."""
        k = len(names)
        self.setRowCount(k)
        self.setColumnCount(k)
        self.setHorizontalHeaderLabels([str(i) for i in range(k)])
        self.setVerticalHeaderLabels(
            [str(i) if n == str(i) else f"{n} {i}" for i, n in enumerate(names)]
        )
        for r in range(k):
            for c in range(k):
                item = QTableWidgetItem("")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.setItem(r, c, item)

    def set_counts(self, counts: np.ndarray) -> None:
        """counts : (K, K) int, row = true class, column = predicted class."""
        self.counts = counts
        totals = np.maximum(counts.sum(axis=1, keepdims=True), 1)
        share = counts / totals
        for r in range(min(counts.shape[0], self.rowCount())):
            for c in range(min(counts.shape[1], self.columnCount())):
                item = self.item(r, c)
                item.setText(str(int(counts[r, c])))
                base = (8, 119, 189) if r == c else (214, 39, 40)
                alpha = int(30 + 200 * share[r, c]) if counts[r, c] else 0
                item.setBackground(QColor(*base, alpha))

    @Slot(int, int)
    def _on_cell_clicked(self, row: int, column: int) -> None:
        self.cell_chosen.emit((row, column))


class ImageResultsView(QWidget):
    """Confusion matrix above a gallery; choosing an image emits ``image_chosen``."""

    image_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matrix = ConfusionMatrixView()
        self.model = GalleryModel(self)
        self.gallery = QListView()
        self.gallery.setModel(self.model)
        self.gallery.setViewMode(QListView.ViewMode.IconMode)
        self.gallery.setResizeMode(QListView.ResizeMode.Adjust)
        self.gallery.setUniformItemSizes(True)
        self.gallery.setGridSize(ITEM_SIZE + QSize(4, 4))
        self.gallery.setSpacing(2)
        self.gallery.setWordWrap(True)
        self.gallery.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.filter_label = QLabel(self.tr("All test images"))
        self.filter_label.setWordWrap(True)
        self.show_all = QPushButton(self.tr("Show all"))
        self.show_all.clicked.connect(self._on_show_all_clicked)
        self.matrix.cell_chosen.connect(self._on_matrix_cell_chosen)
        self.gallery.clicked.connect(self._on_gallery_clicked)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        caption = QLabel(self.tr("Confusion matrix: rows true, columns predicted"))
        caption.setWordWrap(True)  # a narrow pane: two lines rather than cut off
        column.addWidget(caption)
        column.addWidget(self.matrix, 1)
        right = QWidget()
        bar = QHBoxLayout()
        bar.addWidget(self.filter_label, 1)
        bar.addWidget(self.show_all)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(bar)
        column.addWidget(self.gallery, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(splitter)

    def set_summary(self, info: SessionSummary) -> None:
        """A new session (images): its test images and class names."""
        gallery, names = info.gallery, info.class_names
        if gallery is None:  # 2-D data: no images to show
            return
        self.model.set_images(gallery["images"], gallery["labels"], names)
        self.matrix.set_classes(names)
        self.filter_label.setText(
            self.tr("All {value:,} test images").format(value=len(gallery["labels"]))
        )

    def update_evaluation(self, evaluation: dict[str, Any]) -> None:
        self.matrix.set_counts(evaluation["confusion"])
        self.model.set_predictions(evaluation["pred"], evaluation["confidence"])
        self._describe_filter()

    def _describe_filter(self) -> None:
        cell = self.model.cell
        if cell is None:
            self.filter_label.setText(
                self.tr("All {value:,} test images").format(value=len(self.model.rows))
            )
            return
        name = self.model._name
        self.filter_label.setText(
            self.tr("{value:,} images of '{value2}' predicted as '{value3}'").format(
                value=len(self.model.rows), value2=name(cell[0]), value3=name(cell[1])
            )
        )

    @Slot(object)
    def _on_matrix_cell_chosen(self, cell: tuple[int, int]) -> None:
        self.model.set_filter(tuple(cell))
        self._describe_filter()

    @Slot()
    def _on_show_all_clicked(self) -> None:
        self.model.set_filter(None)
        self._describe_filter()

    @Slot(QModelIndex)
    def _on_gallery_clicked(self, index: QModelIndex) -> None:
        self.image_chosen.emit(self.model.image_index(index.row()))
