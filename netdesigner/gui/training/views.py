"""The live views side by side: loss curves, and the decision map or the loss
landscape (2-D sets) or the image results and feature maps (image sets).
``show_frame`` dispatches one frame.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtWidgets import (
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from netdesigner.gui.training.decision_map import DecisionMapView
from netdesigner.gui.training.feature_maps import FeatureMapsView
from netdesigner.gui.training.image_views import ImageResultsView
from netdesigner.gui.training.landscape_view import LandscapeView
from netdesigner.gui.training.layer_stats_view import LayerStatsView
from netdesigner.gui.training.loss_plot import LossPlot


class LiveViews(QWidget):
    """Loss curves on the left, the data-specific view on the right.

    ``image_chosen`` of the gallery is forwarded through ``on_image_chosen`` (set by
    the owner) so the worker can compute that image's feature maps.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loss_plot = LossPlot()
        self.decision_map = DecisionMapView()
        self.results = ImageResultsView()
        self.features = FeatureMapsView()
        self.landscape = LandscapeView()
        self.layers = LayerStatsView()
        self.image_tabs = QTabWidget()
        self.image_tabs.addTab(self.results, "Predictions")
        self.image_tabs.addTab(self.features, "Feature maps")
        self.plane_tabs = QTabWidget()
        self.plane_tabs.addTab(self.decision_map, "Output")
        self.plane_tabs.addTab(self.landscape, "Loss landscape")
        self.plane_tabs.addTab(self.layers, "Layers")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.plane_tabs)
        self.stack.addWidget(self.image_tabs)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.loss_plot)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.results.image_chosen.connect(self._on_results_image_chosen)
        self.plane_tabs.currentChanged.connect(self._on_tab_changed)
        self.image_tabs.currentChanged.connect(self._on_tab_changed)
        self.on_image_chosen = None
        self.on_shown = None  # f({"landscape": bool, "layers": bool}): to the worker
        self.kind = None

    def sizeHint(self) -> QSize:
        """Wide and not too tall, so the canvas above keeps most of the height."""
        return QSize(1000, 360)

    def minimumSizeHint(self) -> QSize:
        """Loss and accuracy stay readable: neither plot gets squashed flat."""
        return QSize(500, 240)

    def start_session(self, info: dict[str, Any]) -> None:
        """A new session: reset every view for its data."""
        self.kind = info["kind"]
        self.loss_plot.start_run(info)
        if "extent" in info:
            self.decision_map.set_summary(info)
            self.landscape.clear()
            self._move_layers_to(self.plane_tabs)
            self.stack.setCurrentWidget(self.plane_tabs)
        elif "gallery" in info:
            self.results.set_summary(info)
            self.features.set_gallery(info["gallery"]["images"])
            self._move_layers_to(self.image_tabs)
            self.stack.setCurrentWidget(self.image_tabs)
        self.layers.clear()
        self._on_tab_changed()

    def show_frame(self, frame: dict[str, Any]) -> None:
        self.loss_plot.add_frame(frame)
        if "plane" in frame:
            self.decision_map.update_plane(frame["plane"])
        if "landscape" in frame:
            self.landscape.update_landscape(frame["landscape"])
        if "layers" in frame:
            self.layers.update_layers(frame["layers"])
        if "evaluation" in frame:
            self.results.update_evaluation(frame["evaluation"])
        if "features" in frame:
            self.features.show_features(frame["features"])

    def landscape_shown(self) -> bool:
        """True when the loss landscape tab is the one showing."""
        return self.plane_tabs.currentWidget() is self.landscape

    def layers_shown(self) -> bool:
        """True when the Layers tab is the one showing."""
        tabs = self.stack.currentWidget()
        return isinstance(tabs, QTabWidget) and tabs.currentWidget() is self.layers

    def _move_layers_to(self, tabs: QTabWidget) -> None:
        """The one Layers tab goes with the data's kind of view."""
        if tabs.indexOf(self.layers) >= 0:
            return
        was_current = self.layers_shown()
        for other in (self.plane_tabs, self.image_tabs):
            index = other.indexOf(self.layers)
            if index >= 0:
                other.removeTab(index)
        tabs.addTab(self.layers, "Layers")
        if was_current:
            tabs.setCurrentWidget(self.layers)

    @Slot()
    def _on_tab_changed(self, *_args: Any) -> None:
        if self.on_shown is not None:
            self.on_shown(
                {"landscape": self.landscape_shown(), "layers": self.layers_shown()}
            )

    @Slot(object)
    def _on_results_image_chosen(self, index: int) -> None:
        if self.on_image_chosen is not None:
            self.on_image_chosen(int(index))
        self.image_tabs.setCurrentWidget(self.features)
