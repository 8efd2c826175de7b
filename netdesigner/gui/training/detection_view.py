"""Detection designs: test images with the boxes the network finds over the true
boxes, a score threshold, NMS on or off, the IoU of a hovered box with its match,
and the latest mAP@0.5 (its curve is in the loss plot's lower panel).

The run sends every image's detections down to a low score, with and without
NMS (``live.detection_probe``); the slider and the check box only choose which of
them are drawn, so they answer at once, even while training is paused.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from netdesigner.gui.flow_layout import FlowLayout
from netdesigner.live import colors

SCALE = 3
"""Each 64×64 test image is drawn 192×192: boxes and their labels stay legible."""
TRUTH_COLOR = QColor("#ffffff")
TRUTH_SHADOW = QColor("#202020")
EMPTY_BOXES = {
    "boxes": np.zeros((0, 4), np.float32),
    "scores": np.zeros(0, np.float32),
    "labels": np.zeros(0, np.int64),
    "iou": np.zeros(0, np.float32),
    "match": np.zeros(0, np.int64),
}


def rgb_pixmap(image: np.ndarray, scale: int) -> QPixmap:
    """(H, W, 3) uint8 -> a pixmap enlarged ``scale`` times (nearest neighbour)."""
    big = np.ascontiguousarray(image.repeat(scale, axis=0).repeat(scale, axis=1))
    h, w = big.shape[:2]
    qimage = QImage(big.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    return QPixmap.fromImage(qimage)


class BoxTile(QWidget):
    """One test image with its true boxes (dashed) and the predicted boxes shown
    (solid, in the class's colour, with class and score). ``hovered(tile, box)``
    reports the predicted box under the mouse (-1: none)."""

    hovered = Signal(int, int)

    def __init__(
        self,
        index: int,
        image: np.ndarray,
        truth: np.ndarray,
        truth_labels: np.ndarray,
        names: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.index = index
        self.pixmap = rgb_pixmap(image, SCALE)
        self.truth, self.truth_labels = truth, truth_labels
        self.names = names
        self.colors = [QColor(*map(int, c)) for c in colors.class_colors(len(names))]
        self.shown: dict[str, np.ndarray] = EMPTY_BOXES
        self.highlight = -1
        self.setFixedSize(self.pixmap.size())
        self.setMouseTracking(True)

    def set_boxes(self, shown: dict[str, np.ndarray]) -> None:
        """The predicted boxes to draw (``DetectionProbe`` keys, already filtered)."""
        self.shown = shown
        self.highlight = -1
        self.update()

    def box_at(self, pos: QPointF) -> int:
        """Index of the smallest predicted box under ``pos`` (pixels), or -1."""
        x, y = pos.x() / SCALE, pos.y() / SCALE
        b = self.shown["boxes"]
        inside = (b[:, 0] <= x) & (x <= b[:, 2]) & (b[:, 1] <= y) & (y <= b[:, 3])
        hits = np.flatnonzero(inside)
        if not hits.size:
            return -1
        area = (b[hits, 2] - b[hits, 0]) * (b[hits, 3] - b[hits, 1])
        return int(hits[np.argmin(area)])

    def _rect(self, box: np.ndarray) -> QRectF:
        x0, y0, x1, y1 = (float(v) * SCALE for v in box)
        return QRectF(x0, y0, x1 - x0, y1 - y0)

    def paintEvent(self, _event: Any) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self.pixmap)
        matched = -1
        if 0 <= self.highlight < len(self.shown["match"]):
            matched = int(self.shown["match"][self.highlight])
        for k, box in enumerate(self.truth):
            self._draw_truth(painter, self._rect(box), k == matched)
        font = QFont(painter.font())
        font.setPixelSize(11)
        painter.setFont(font)
        for k in range(len(self.shown["boxes"]))[::-1]:  # the best on top
            self._draw_box(painter, k)
        painter.end()

    def _draw_truth(self, painter: QPainter, rect: QRectF, matched: bool) -> None:
        width = 3 if matched else 1.5
        painter.setPen(QPen(TRUTH_SHADOW, width + 1.5))
        painter.drawRect(rect)
        painter.setPen(QPen(TRUTH_COLOR, width, Qt.PenStyle.DashLine))
        painter.drawRect(rect)

    def _draw_box(self, painter: QPainter, k: int) -> None:
        label = int(self.shown["labels"][k])
        color = self.colors[label % len(self.colors)]
        rect = self._rect(self.shown["boxes"][k])
        painter.setPen(QPen(color, 3.5 if k == self.highlight else 2))
        painter.drawRect(rect)
        text = f"{self.names[label]} {float(self.shown['scores'][k]):.2f}"
        metrics = painter.fontMetrics()
        tag = QRectF(0, 0, metrics.horizontalAdvance(text) + 4, metrics.height())
        # the tag sits above the box, inside the picture
        left = min(max(rect.left(), 0.0), self.width() - tag.width())
        top = max(rect.top() - tag.height(), 0.0)
        tag.moveTo(left, top)
        painter.fillRect(tag, color)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)

    def mouseMoveEvent(self, event: Any) -> None:  # noqa: N802
        self.hovered.emit(self.index, self.box_at(event.position()))

    def leaveEvent(self, _event: Any) -> None:  # noqa: N802
        self.hovered.emit(self.index, -1)


class DetectionView(QWidget):
    """The gallery of test images with boxes, its controls and the hover readout."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names: list[str] = []
        self.found: dict[str, list[dict[str, np.ndarray]]] | None = None
        self.tiles: list[BoxTile] = []
        self.threshold = QSlider(Qt.Orientation.Horizontal)
        self.threshold.setRange(5, 95)
        self.threshold.setValue(50)
        self.threshold.setToolTip(self.tr("Show the boxes scoring at least this"))
        self.threshold_value = QLabel()
        self.nms = QCheckBox(self.tr("NMS"))
        self.nms.setChecked(True)
        self.nms.setToolTip(
            self.tr(
                "Non-maximum suppression: keep only the best of overlapping boxes "
                "of a class (IoU above 0.45); off, the duplicates it removes show"
            )
        )
        self.map_label = QLabel()
        self.count_label = QLabel()
        self.info = QLabel()
        self.info.setWordWrap(True)
        self._layout()
        self.threshold.valueChanged.connect(self._on_threshold_changed)
        self.nms.toggled.connect(self._on_nms_toggled)
        self._on_threshold_changed(self.threshold.value())
        self.clear()

    def _layout(self) -> None:
        # two short rows, so that a narrow pane shows every control
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Score ≥")))
        controls.addWidget(self.threshold, 1)
        controls.addWidget(self.threshold_value)
        status = QHBoxLayout()
        status.addWidget(self.nms)
        status.addWidget(self.count_label)
        status.addStretch(1)
        status.addWidget(self.map_label)
        self.gallery = QWidget()
        self.flow = FlowLayout(self.gallery, spacing=6)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.gallery)
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addLayout(controls)
        column.addLayout(status)
        column.addWidget(scroll, 1)
        column.addWidget(self.info)

    def clear(self) -> None:
        self.found = None
        self.map_label.setText(self.tr("test mAP@0.5: –"))
        self.info.setText(self._legend())

    def _legend(self) -> str:
        return self.tr(
            "Dashed white: the true boxes. Solid: the boxes found, with class and "
            "score. Point at a box to see its IoU with the true box it matches."
        )

    # -- data -------------------------------------------------------------------------
    def set_gallery(self, gallery: dict[str, Any], names: list[str]) -> None:
        """A new session's test images and true boxes (``DetectionProbe.gallery``)."""
        for tile in self.tiles:
            self.flow.removeWidget(tile)
            tile.deleteLater()
        self.names = list(names)
        self.tiles = []
        for k, image in enumerate(gallery["images"]):
            tile = BoxTile(
                k, image, gallery["boxes"][k], gallery["labels"][k], self.names
            )
            tile.hovered.connect(self._on_tile_hovered)
            self.flow.addWidget(tile)
            self.tiles.append(tile)
        self.clear()
        self._refresh()

    def update_detection(self, found: dict[str, Any]) -> None:
        """New detections (``DetectionProbe.frame``)."""
        self.found = found
        self._refresh()

    def add_epochs(self, records: list[dict[str, float]]) -> None:
        """Epoch records of a frame: the latest test mAP@0.5 is shown."""
        for record in records:
            value = record.get("test_map50")
            if value is not None and np.isfinite(value):
                self.map_label.setText(
                    self.tr("test mAP@0.5: {value}").format(value=f"{value:.3f}")
                )

    def shown_boxes(self, index: int) -> dict[str, np.ndarray]:
        """The detections of image ``index`` passing the threshold, NMS as chosen."""
        if self.found is None:
            return EMPTY_BOXES
        image = self.found["nms" if self.nms.isChecked() else "all"][index]
        keep = image["scores"] >= self.threshold.value() / 100.0
        return {key: value[keep] for key, value in image.items()}

    def _refresh(self) -> None:
        total = 0
        for tile in self.tiles:
            tile.set_boxes(self.shown_boxes(tile.index))
            total += len(tile.shown["boxes"])
        self.count_label.setText(self.tr("{n} boxes").format(n=total))
        self.info.setText(self._legend())

    # -- interaction ------------------------------------------------------------------
    @Slot(int)
    def _on_threshold_changed(self, value: int) -> None:
        self.threshold_value.setText(f"{value / 100:.2f}")
        self._refresh()

    @Slot(bool)
    def _on_nms_toggled(self, _checked: bool) -> None:
        self._refresh()

    @Slot(int, int)
    def _on_tile_hovered(self, tile: int, box: int) -> None:
        self.show_hover(tile, box)

    def show_hover(self, tile: int, box: int) -> str:
        """Say the IoU of predicted box ``box`` of image ``tile`` with its best true
        box of the same class, and highlight both (-1: the legend again)."""
        view = self.tiles[tile]
        if view.highlight != box:
            view.highlight = box
            view.update()
        if box < 0 or box >= len(view.shown["boxes"]):
            self.info.setText(self._legend())
            return self.info.text()
        name = self.names[int(view.shown["labels"][box])]
        score = float(view.shown["scores"][box])
        if int(view.shown["match"][box]) < 0:
            text = self.tr("{name} {score}: this image holds no true {name} box.")
            self.info.setText(text.format(name=name, score=f"{score:.2f}"))
            return self.info.text()
        iou = float(view.shown["iou"][box])
        verdict = (
            self.tr("a hit (IoU ≥ 0.5)")
            if iou >= 0.5
            else self.tr("a miss for mAP@0.5 (IoU < 0.5)")
        )
        text = self.tr("{name} {score}: IoU {iou} with the true {name} box, {verdict}.")
        self.info.setText(
            text.format(
                name=name, score=f"{score:.2f}", iou=f"{iou:.2f}", verdict=verdict
            )
        )
        return self.info.text()
