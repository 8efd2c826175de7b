"""The Dataset panel: built-in sets with previews; Playground's controls for 2-D sets
(noise, train ratio, number of points, input features, Regenerate); a sample of each
class for image sets. Every change is an undoable edit of the Document.

Toggling an input feature also sets the Input layer's shape to the new number of
features, in the same undo step, as Playground rewires its input column.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, Slot
from PySide6.QtGui import QIcon, QPixmap, QUndoCommand
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
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

from netdesigner import i18n
from netdesigner.data import FEATURES, DataError, dataset_info, list_datasets
from netdesigner.design.data_paths import (
    data_file_info,
    file_options,
    remember_data_file_info,
)
from netdesigner.design.defaults import resolved_dataset
from netdesigner.gui.dialogs import Notify
from netdesigner.gui.training import edits, own_data
from netdesigner.gui.training.draw_points import (
    DrawPointsDialog,
    ask_csv_path,
    write_points_csv,
)
from netdesigner.gui.training.file_loader import FileLoad
from netdesigner.gui.training.image_views import gray_qimage
from netdesigner.gui.training.thumbnails import rgb_to_qimage
from netdesigner.live.previews import PREVIEW_SIZE, class_samples, preview_rgb

translate = QCoreApplication.translate


def _local(text: str) -> str:
    """A data set's title or description in the language in use ("" stays "")."""
    return i18n._(text) if text else text


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
        self.n_classes = QSpinBox(minimum=2, maximum=6)
        self.n_classes.setKeyboardTracking(False)  # typed digits: one edit
        self.n_classes.setToolTip(
            self.tr("Number of classes: the spiral's arms or the blobs' centres")
        )
        self.features = {name: QCheckBox(name) for name in FEATURES}
        self.regenerate = QPushButton(self.tr("Regenerate"))
        self.regenerate.setToolTip(self.tr("Draw new points with a new data seed"))
        self.open_file = QPushButton(self.tr("Open file…"))
        self.open_file.setToolTip(
            self.tr(
                "Train on your own data: a CSV of points or features with a label "
                "column, an NPZ (x, y) or IDX images such as the full Fashion-MNIST"
            )
        )
        self.open_folder = QPushButton(self.tr("Open image folder…"))
        self.open_folder.setToolTip(
            self.tr(
                "Train on a folder of images, one sub-folder of PNG or JPEG files "
                "per class, or on a CIFAR-10/100 binary folder"
            )
        )
        self.loading: FileLoad | None = None  # a file being read for Open file…
        self.draw = QPushButton(self.tr("Draw…"))
        self.draw.setToolTip(self.tr("Draw your own 2-D data set, class by class"))
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
            item = QListWidgetItem(icon, _local(info.title) or info.name)
            item.setData(Qt.ItemDataRole.UserRole, info.name)
            item.setToolTip(_local(info.description))
            self.sets.addItem(item)

    def _layout(self) -> None:
        form = self.plane_form = QFormLayout(self.plane_box)
        form.setContentsMargins(0, 0, 0, 0)
        # a narrow dock puts labels above their fields instead of scrolling sideways
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._noise_row = self._pair(self.noise, self.noise_value)
        form.addRow(self.tr("Noise"), self._noise_row)
        form.addRow(self.tr("Training share"), self._pair(self.ratio, self.ratio_value))
        form.addRow(self.tr("Points"), self.n_samples)
        form.addRow(self.tr("Classes"), self.n_classes)
        grid = QGridLayout()
        for k, box in enumerate(self.features.values()):
            grid.addWidget(box, k // 3, k % 3)
        form.addRow(self.tr("Input features"), grid)
        form.addRow(self.regenerate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        # two rows: three buttons side by side do not fit the dock's 250 px column
        own = QGridLayout()
        own.addWidget(self.open_file, 0, 0)
        own.addWidget(self.draw, 0, 1)
        own.addWidget(self.open_folder, 1, 0, 1, 2)
        layout.addWidget(self.sets, 3)
        layout.addLayout(own)
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
        self.n_classes.valueChanged.connect(self._on_n_classes_changed)
        for box in self.features.values():
            box.clicked.connect(self._on_feature_clicked)
        self.regenerate.clicked.connect(self._on_regenerate_clicked)
        self.open_file.clicked.connect(self._on_open_file_clicked)
        self.open_folder.clicked.connect(self._on_open_folder_clicked)
        self.draw.clicked.connect(self._on_draw_clicked)
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
        widgets = [
            self.noise,
            self.ratio,
            self.n_samples,
            self.n_classes,
            *self.features.values(),
        ]
        for w in widgets:
            w.blockSignals(True)
        for row in range(self.sets.count()):
            item = self.sets.item(row)
            item.setSelected(item.data(Qt.ItemDataRole.UserRole) == name)
        path = s.get("path")
        found = (
            data_file_info(path, **file_options(s))
            if path
            else self._builtin_info(name)
        )
        info = None if isinstance(found, str) else found
        if path:
            self.description.setText(self._file_description(path, found))
        else:
            self.description.setText(
                _local(info.description)
                if info
                else self.tr("Data: {name}").format(name=name)
            )
        is_plane = info is not None and info.kind == "2d"
        self.plane_box.setVisible(is_plane)
        for row in (self._noise_row, self.n_samples, self.regenerate):
            self.plane_form.setRowVisible(row, not path)  # a file's points are fixed
        self.samples_box.setVisible(info is not None and info.kind == "image")
        self.noise.setValue(int(s.get("noise") or 0))
        self.noise_value.setText(str(self.noise.value()))
        ratio = s.get("train_ratio")
        self.ratio.setValue(int(round(100 * (0.5 if ratio is None else ratio))))
        self.ratio_value.setText(f"{self.ratio.value()}%")
        self.n_samples.setValue(
            int(s.get("n_samples") or (info.default_n_samples if info else 500))
        )
        self._show_n_classes(s, None if path else info)
        chosen = s.get("features") or ["x1", "x2"]
        for fname, box in self.features.items():
            box.setChecked(fname in chosen)
        for w in widgets:
            w.blockSignals(False)
        if info is not None and info.kind == "image" and not path:
            self._show_samples(info.name)
        elif path:
            self.samples_box.setVisible(False)

    def _show_n_classes(self, s: dict[str, Any], info: Any) -> None:
        """The Classes row, only for built-in sets with an ``n_classes`` option
        (spiral, blobs); ``info``: the set's DatasetInfo, None for a file."""
        bounds = None if info is None else info.options.get("n_classes")
        self.plane_form.setRowVisible(self.n_classes, bounds is not None)
        if bounds is not None:
            self.n_classes.setRange(*bounds)
            self.n_classes.setValue(int(s.get("n_classes") or info.n_classes))

    @staticmethod
    def _builtin_info(name: Any) -> Any:
        try:
            return dataset_info(name)
        except Exception:  # noqa: BLE001 -- a name the registry does not know
            return None

    @staticmethod
    def _file_description(path: str, found: Any) -> str:
        """``found``: the file's DatasetInfo, or why it cannot be used."""
        name = Path(path).name
        if found is None or isinstance(found, str):
            why = found or translate("DatasetPanel", "unknown folder")
            return translate(
                "DatasetPanel", "Your data: {name} cannot be used: {why}."
            ).format(name=name, why=why)
        if found.task == "classification":
            text = translate(
                "DatasetPanel",
                "Your data: {name}, {count} samples with {classes} classes.",
            )
        else:
            text = translate(
                "DatasetPanel", "Your data: {name}, {count} samples with targets."
            )
        return text.format(
            name=name, count=found.default_n_samples, classes=found.n_classes
        )

    def _show_samples(self, name: str) -> None:
        while self._samples_grid.count():
            widget = self._samples_grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        images, names = class_samples(name)
        # 28x28 pictures or long class names ("Ankle boot") take three columns, so
        # that the panel fits a narrow dock; small 8x8 digits take five
        large = images[0].shape[0] > 16 or max(map(len, names)) > 5
        columns = 3 if large else 5
        for k, (image, cname) in enumerate(zip(images, names, strict=True)):
            picture = QLabel()
            picture.setPixmap(
                QPixmap.fromImage(gray_qimage(image, 2 if image.shape[0] > 16 else 5))
            )
            picture.setToolTip(self.tr("class {k}: {cname}").format(k=k, cname=cname))
            caption = QLabel(cname)
            caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            row, column = divmod(k, columns)
            self._samples_grid.addWidget(
                picture, 2 * row, column, Qt.AlignmentFlag.AlignHCenter
            )
            self._samples_grid.addWidget(caption, 2 * row + 1, column)

    # -- writing ----------------------------------------------------------------------
    def _set(self, key: str, value: Any) -> None:
        if self.settings().get(key) != value:
            self.document.set_setting("dataset", key, value)

    @Slot(QListWidgetItem)
    def _on_set_clicked(self, item: QListWidgetItem) -> None:
        name = item.data(Qt.ItemDataRole.UserRole)
        doc = self.document
        if self.settings().get("name") == name:
            return
        commands: list[QUndoCommand] = [edits.setting(doc, "dataset", "name", name)]
        if "path" in doc.design.dataset:  # back from a file to a built-in set
            commands.append(edits.setting(doc, "dataset", "path", None))
        info = self._builtin_info(name)
        if "n_classes" in doc.design.dataset and (
            info is None or "n_classes" not in info.options
        ):  # circle and the like refuse the option: drop it in the same step
            commands.append(edits.setting(doc, "dataset", "n_classes", None))
        edits.push_group(
            doc, self.tr("Use the built-in data set {name}").format(name=name), commands
        )

    # -- the student's own data -------------------------------------------------------
    def ask_data_path(self) -> str | None:
        folder = own_data.points_file_suggestion(self.document)
        return own_data.ask_data_path(self.window(), str(Path(folder).parent))

    def ask_data_folder(self) -> str | None:
        folder = own_data.points_file_suggestion(self.document)
        return own_data.ask_data_folder(self.window(), str(Path(folder).parent))

    def ask_points_path(self) -> str | None:
        suggestion = own_data.points_file_suggestion(self.document)
        return ask_csv_path(self.window(), suggestion)

    def run_draw_dialog(self, dialog: DrawPointsDialog) -> bool:
        """Show the drawing dialog; True when the student accepted it."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def use_data_file(self, path: str | Path) -> bool:
        """Train on the file at ``path`` (one undo step); False, with the reason
        shown, when it cannot be used."""
        try:
            commands = own_data.use_file_commands(self.document, path)
        except (DataError, OSError, ValueError) as exc:
            Notify.error(
                self.window(), self.tr("Could not use the data file"), str(exc)
            )
            return False
        except Exception as exc:  # noqa: BLE001 -- any file: one sentence, no trace
            message = self.tr("'{path}' could not be read ({error}: {text})").format(
                path=path, error=type(exc).__name__, text=exc
            )
            Notify.error(self.window(), self.tr("Could not use the data file"), message)
            return False
        edits.push_group(
            self.document,
            self.tr("Use data from {file}").format(file=Path(path).name),
            commands,
        )
        return True

    @Slot()
    def _on_open_file_clicked(self) -> None:
        path = self.ask_data_path()
        if path:
            self.load_data_file(path)

    @Slot()
    def _on_open_folder_clicked(self) -> None:
        path = self.ask_data_folder()
        if path:
            self.load_data_file(path)

    def load_data_file(self, path: str | Path) -> None:
        """Read the whole file at ``path`` off the GUI thread (a progress dialog
        with Cancel), then train on it; nothing changes if it is cancelled or
        cannot be used."""
        source = own_data.data_source(Path(path).resolve())
        self.loading = FileLoad(source, self)
        self.loading.loaded.connect(self._on_loading_loaded)
        self.loading.failed.connect(self._on_loading_failed)
        self.loading.finished.connect(self._on_loading_finished)
        self.open_file.setEnabled(False)
        self.open_folder.setEnabled(False)
        self.loading.start()

    @Slot(object)
    def _on_loading_loaded(self, info: Any) -> None:
        assert self.loading is not None
        source = self.loading.path
        remember_data_file_info(source, info)  # exact: every row was read
        self.use_data_file(source)

    @Slot(str)
    def _on_loading_failed(self, message: str) -> None:
        Notify.error(self.window(), self.tr("Could not use the data file"), message)

    @Slot()
    def _on_loading_finished(self) -> None:
        self.loading = None
        self.open_file.setEnabled(True)
        self.open_folder.setEnabled(True)

    @Slot()
    def _on_draw_clicked(self) -> None:
        points, labels = own_data.current_points(self.document.design)
        dialog = DrawPointsDialog(points, labels, parent=self.window())
        try:
            if not self.run_draw_dialog(dialog):
                return
            path = self.ask_points_path()
            if not path:
                return
            write_points_csv(path, dialog.points(), dialog.labels())
        except OSError as exc:
            Notify.error(self.window(), self.tr("Could not save the points"), str(exc))
            return
        finally:
            dialog.deleteLater()
        self.use_data_file(path)

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

    @Slot(int)
    def _on_n_classes_changed(self, value: int) -> None:
        self._set("n_classes", value)

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
        edits.push_group(
            doc,
            self.tr("Input features: {features}").format(features=", ".join(chosen)),
            commands,
        )
