"""The Dataset panel: built-in sets with previews; Playground's controls for 2-D sets
(noise, train ratio, number of points, input features, Regenerate); a sample of each
class for image sets. Every change is an undoable edit of the Document.

Toggling an input feature also sets the Input layer's shape to the new number of
features, in the same undo step, as Playground rewires its input column.
"""

from __future__ import annotations

import random
from typing import Any

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netdesigner.data import FEATURES, dataset_info, list_datasets
from netdesigner.design.defaults import resolved_dataset
from netdesigner.gui.training import edits
from netdesigner.gui.training.image_views import gray_qimage
from netdesigner.gui.training.previews import PREVIEW_SIZE, class_samples, preview_rgb
from netdesigner.gui.training.thumbnails import rgb_to_qimage


def _slider(low: int, high: int, step: int) -> QSlider:
    slider = QSlider(Qt.Orientation.Horizontal)
    slider.setRange(low, high)
    slider.setSingleStep(step)
    slider.setPageStep(step)
    slider.setTickInterval(step)
    slider.setTickPosition(QSlider.TickPosition.TicksBelow)
    return slider


class DatasetPanel(QWidget):
    """Choose and shape the data set of ``document.design``."""

    def __init__(self, document: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.sets = QListWidget()
        self.sets.setViewMode(QListWidget.ViewMode.IconMode)
        self.sets.setIconSize(QSize(PREVIEW_SIZE, PREVIEW_SIZE))
        self.sets.setGridSize(QSize(PREVIEW_SIZE + 26, PREVIEW_SIZE + 30))
        self.sets.setMovement(QListWidget.Movement.Static)
        self.sets.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.sets.setMinimumHeight(2 * (PREVIEW_SIZE + 30) + 8)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.noise = _slider(0, 50, 5)
        self.noise_value = QLabel("0")
        self.ratio = _slider(10, 90, 10)
        self.ratio_value = QLabel("50%")
        self.n_samples = QSpinBox(minimum=4, maximum=100_000)
        self.features = {name: QCheckBox(name) for name in FEATURES}
        self.regenerate = QPushButton("Regenerate")
        self.regenerate.setToolTip("Draw new points with a new data seed")
        self.plane_box = QWidget()
        self.samples_box = QWidget()
        self._samples_grid = QGridLayout(self.samples_box)
        self._fill_sets()
        self._layout()
        self._connect()
        self.refresh()

    def _fill_sets(self) -> None:
        for info in list_datasets():
            rgb = preview_rgb(info.name)
            icon = QIcon(QPixmap.fromImage(rgb_to_qimage(rgb[::-1])))
            item = QListWidgetItem(icon, info.title or info.name)
            item.setData(Qt.ItemDataRole.UserRole, info.name)
            item.setToolTip(info.description)
            self.sets.addItem(item)

    def _layout(self) -> None:
        form = QFormLayout(self.plane_box)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Noise", self._pair(self.noise, self.noise_value))
        form.addRow("Training share", self._pair(self.ratio, self.ratio_value))
        form.addRow("Points", self.n_samples)
        grid = QGridLayout()
        for k, box in enumerate(self.features.values()):
            grid.addWidget(box, k // 3, k % 3)
        form.addRow("Input features", grid)
        form.addRow(self.regenerate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.sets, 3)
        layout.addWidget(self.description)
        layout.addWidget(self.plane_box)
        layout.addWidget(self.samples_box)

    @staticmethod
    def _pair(slider: QSlider, label: QLabel) -> QWidget:
        box = QWidget()
        row = QGridLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(slider, 0, 0)
        row.addWidget(label, 0, 1)
        label.setMinimumWidth(36)
        return box

    def _connect(self) -> None:
        self.sets.itemClicked.connect(self._on_set_clicked)
        self.noise.valueChanged.connect(self._on_noise_moved)
        self.noise.sliderReleased.connect(self._on_noise_released)
        self.ratio.valueChanged.connect(self._on_ratio_moved)
        self.ratio.sliderReleased.connect(self._on_ratio_released)
        self.n_samples.editingFinished.connect(self._on_n_samples_edited)
        for box in self.features.values():
            box.clicked.connect(self._on_feature_clicked)
        self.regenerate.clicked.connect(self._on_regenerate_clicked)
        self.document.settings_changed.connect(self._on_document_settings_changed)
        self.document.design_reset.connect(self._on_document_design_reset)

    @Slot(str)
    def _on_document_settings_changed(self, section: str) -> None:
        if section == "dataset":
            self.refresh()

    @Slot()
    def _on_document_design_reset(self) -> None:
        self.refresh()

    # -- reading ----------------------------------------------------------------------
    def settings(self) -> dict[str, Any]:
        return resolved_dataset(self.document.design)

    def refresh(self) -> None:
        """Show the design's data-set settings (no edits are made)."""
        s = self.settings()
        name = s.get("name")
        widgets = [self.noise, self.ratio, self.n_samples, *self.features.values()]
        for w in widgets:
            w.blockSignals(True)
        for row in range(self.sets.count()):
            item = self.sets.item(row)
            item.setSelected(item.data(Qt.ItemDataRole.UserRole) == name)
        try:
            info = dataset_info(name)
        except Exception:  # noqa: BLE001 -- an imported file or a bad name
            info = None
        self.description.setText(
            info.description if info else f"Data: {s.get('path') or name}"
        )
        is_plane = info is not None and info.kind == "2d"
        self.plane_box.setVisible(is_plane)
        self.samples_box.setVisible(info is not None and info.kind == "image")
        self.noise.setValue(int(s.get("noise") or 0))
        self.noise_value.setText(str(self.noise.value()))
        ratio = s.get("train_ratio")
        self.ratio.setValue(int(round(100 * (0.5 if ratio is None else ratio))))
        self.ratio_value.setText(f"{self.ratio.value()}%")
        self.n_samples.setValue(
            int(s.get("n_samples") or (info.default_n_samples if info else 500))
        )
        chosen = s.get("features") or ["x1", "x2"]
        for fname, box in self.features.items():
            box.setChecked(fname in chosen)
        for w in widgets:
            w.blockSignals(False)
        if info is not None and info.kind == "image":
            self._show_samples(info.name)

    def _show_samples(self, name: str) -> None:
        while self._samples_grid.count():
            widget = self._samples_grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        images, names = class_samples(name)
        for k, (image, cname) in enumerate(zip(images, names, strict=True)):
            picture = QLabel()
            picture.setPixmap(
                QPixmap.fromImage(gray_qimage(image, 2 if image.shape[0] > 16 else 5))
            )
            picture.setToolTip(f"class {k}: {cname}")
            caption = QLabel(cname)
            caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            self._samples_grid.addWidget(
                picture, 2 * (k // 5), k % 5, Qt.AlignmentFlag.AlignHCenter
            )
            self._samples_grid.addWidget(caption, 2 * (k // 5) + 1, k % 5)

    # -- writing ----------------------------------------------------------------------
    def _set(self, key: str, value: Any) -> None:
        if self.settings().get(key) != value:
            self.document.set_setting("dataset", key, value)

    @Slot(QListWidgetItem)
    def _on_set_clicked(self, item: QListWidgetItem) -> None:
        self._set("name", item.data(Qt.ItemDataRole.UserRole))

    @Slot(int)
    def _on_noise_moved(self, value: int) -> None:
        self.noise_value.setText(str(value))
        if not self.noise.isSliderDown():
            self._set("noise", value)

    @Slot()
    def _on_noise_released(self) -> None:
        self._set("noise", self.noise.value())

    @Slot(int)
    def _on_ratio_moved(self, value: int) -> None:
        self.ratio_value.setText(f"{value}%")
        if not self.ratio.isSliderDown():
            self._set("train_ratio", value / 100.0)

    @Slot()
    def _on_ratio_released(self) -> None:
        self._set("train_ratio", self.ratio.value() / 100.0)

    @Slot()
    def _on_n_samples_edited(self) -> None:
        self._set("n_samples", self.n_samples.value())

    @Slot()
    def _on_regenerate_clicked(self) -> None:
        self.document.set_setting("dataset", "seed", random.randrange(2**31))

    @Slot()
    def _on_feature_clicked(self, *_args: Any) -> None:
        chosen = [name for name, box in self.features.items() if box.isChecked()]
        if not chosen:
            self.refresh()
            return
        doc = self.document
        commands = [edits.setting(doc, "dataset", "features", chosen)]
        for node in doc.design.nodes:
            shape = node.params.get("shape") if node.type == "Input" else None
            if isinstance(shape, list) and len(shape) == 1 and shape != [len(chosen)]:
                commands.append(edits.node_param(doc, node.id, "shape", [len(chosen)]))
        edits.push_group(doc, f"Input features: {', '.join(chosen)}", commands)
