"""The live views side by side: loss curves, and the decision map or the loss
landscape (2-D sets) or the image results and feature maps (image sets), and, once a
sample is clicked, its softmax and cross-entropy. ``show_frame`` dispatches one
frame.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from netdesigner.gui.training.decision_map import DecisionMapView
from netdesigner.gui.training.detection_view import DetectionView
from netdesigner.gui.training.feature_maps import FeatureMapsView
from netdesigner.gui.training.image_views import ImageResultsView
from netdesigner.gui.training.landscape_view import LandscapeView
from netdesigner.gui.training.layer_stats_view import LayerStatsView
from netdesigner.gui.training.loss_plot import LossPlot
from netdesigner.gui.training.softmax_view import SoftmaxView
from netdesigner.live.frames import Frame, SessionSummary


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
        self.softmax = SoftmaxView()
        self.softmax.hide()  # shown once a sample is clicked (or "Softmax")
        self.inspecting: str = ""  # the clicked sample in a few words
        self.output_activation = ""
        self.image_tabs = QTabWidget()
        self.image_tabs.addTab(self.results, self.tr("Predictions"))
        self.image_tabs.addTab(self.features, self.tr("Feature maps"))
        self.detection = DetectionView()  # detection designs: boxes on images
        self.box_tabs = QTabWidget()
        self.box_tabs.addTab(self.detection, self.tr("Boxes"))
        self.plane_tabs = QTabWidget()
        self.plane_tabs.addTab(self.decision_map, self.tr("Output"))
        self.plane_tabs.addTab(self.landscape, self.tr("Loss landscape"))
        self.plane_tabs.addTab(self.layers, self.tr("Layers"))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.plane_tabs)
        self.stack.addWidget(self.image_tabs)
        self.stack.addWidget(self.box_tabs)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.loss_plot)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.softmax)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        # a pane dragged below its minimum would collapse to nothing: its tab bar
        # gone and an empty band left; the panes stop at their minimum instead
        self.splitter.setChildrenCollapsible(False)
        for pane in (self.loss_plot, self.stack, self.softmax):
            pane.setMinimumWidth(160)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.results.image_chosen.connect(self._on_results_image_chosen)
        self.loss_plot.clear_button.clicked.connect(self.landscape.clear_old_paths)
        self.plane_tabs.currentChanged.connect(self._on_tab_changed)
        self.image_tabs.currentChanged.connect(self._on_tab_changed)
        self.box_tabs.currentChanged.connect(self._on_tab_changed)
        for tabs in (self.plane_tabs, self.image_tabs, self.box_tabs):  # user's choice
            tabs.tabBarClicked.connect(self._on_tab_clicked)
        self.on_image_chosen = None
        self.on_shown = None  # f({"landscape": bool, "layers": bool}): to the worker
        self.on_tab_chosen = None  # f(name): the user picked a live view
        self.kind = None

    def sizeHint(self) -> QSize:
        """Wide and not too tall, so the canvas above keeps most of the height."""
        return QSize(1000, 360)

    def minimumSizeHint(self) -> QSize:
        """Loss and accuracy stay readable: neither plot gets squashed flat."""
        return QSize(500, 240)

    def start_session(
        self, info: SessionSummary, design_key: str | None = None
    ) -> None:
        """A new session: reset every view for its data (``design_key``: see
        ``LossPlot.start_run``)."""
        self.kind = info.kind
        self.output_activation = info.output_activation
        self.softmax.set_classes(info.class_names)
        before = self.loss_plot.runs_started
        self.loss_plot.start_run(info, design_key)
        after = self.loss_plot.runs_started
        faded = after if after > before else 0  # the number of the run just kept
        if info.extent is not None:
            self.decision_map.set_summary(info)
            self.landscape.new_run(faded)  # the same run number and colour
            self._move_layers_to(self.plane_tabs)
            self.stack.setCurrentWidget(self.plane_tabs)
        elif info.detection is not None:
            self.detection.set_gallery(info.detection, info.class_names)
            self._move_layers_to(self.box_tabs)
            self.stack.setCurrentWidget(self.box_tabs)
        elif info.gallery is not None:
            self.results.set_summary(info)
            self.features.set_gallery(info.gallery["images"])
            self._move_layers_to(self.image_tabs)
            self.stack.setCurrentWidget(self.image_tabs)
        self.layers.clear()
        self._on_tab_changed()

    def show_frame(self, frame: Frame) -> None:
        """Hand each part of ``frame`` to the view that draws it."""
        self.loss_plot.add_frame(frame)
        if frame.plane is not None:
            self.decision_map.update_plane(frame.plane)
        if frame.landscape is not None:
            self.landscape.update_landscape(frame.landscape)
        if frame.layers is not None:
            self.layers.update_layers(frame.layers)
        if frame.detection is not None:
            self.detection.update_detection(frame.detection)
        if frame.epochs:
            self.detection.add_epochs(frame.epochs)
        if frame.evaluation is not None:
            self.results.update_evaluation(frame.evaluation)
        if frame.features is not None:
            self.features.show_features(frame.features)
        if self.inspecting:
            self._show_softmax(frame.softmax)

    def inspect(self, what: str) -> None:
        """A sample was clicked (``what`` names it): show the softmax panel, which
        follows the run's frames from now on ("": stop following)."""
        self.inspecting = what
        if what:
            self.softmax.follow_run()
            self.softmax.show()

    def _show_softmax(self, steps: object) -> None:
        if steps is not None:
            self.softmax.show_steps(steps, self.inspecting)
        elif self.softmax.source == "run":
            self.softmax.show_no_softmax(self.output_activation, self.inspecting)

    def tabs(self) -> dict[str, tuple[QTabWidget, QWidget]]:
        """The live views by name, with the tab widget that holds each."""
        layers_in = next(
            (
                t
                for t in (self.image_tabs, self.box_tabs)
                if t.indexOf(self.layers) >= 0
            ),
            self.plane_tabs,
        )
        return {
            "output": (self.plane_tabs, self.decision_map),
            "landscape": (self.plane_tabs, self.landscape),
            "layers": (layers_in, self.layers),
            "predictions": (self.image_tabs, self.results),
            "feature_maps": (self.image_tabs, self.features),
            "boxes": (self.box_tabs, self.detection),
        }

    def current_tab(self) -> str | None:
        """The name of the live view showing (see ``tabs``)."""
        shown = self.stack.currentWidget()
        for name, (tabs, widget) in self.tabs().items():
            if tabs is shown and tabs.currentWidget() is widget:
                return name
        return None

    def select_tab(self, name: str | None) -> bool:
        """Show the live view ``name`` when the current data have it."""
        found = self.tabs().get(name or "")
        if found is None or found[0] is not self.stack.currentWidget():
            return False
        found[0].setCurrentWidget(found[1])
        return True

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
        for other in (self.plane_tabs, self.image_tabs, self.box_tabs):
            index = other.indexOf(self.layers)
            if index >= 0:
                other.removeTab(index)
        tabs.addTab(self.layers, self.tr("Layers"))
        if was_current:
            tabs.setCurrentWidget(self.layers)

    @Slot(int)
    def _on_tab_clicked(self, _index: int) -> None:
        # currentChanged follows the click: read the choice once it is made
        QTimer.singleShot(0, self._report_tab_choice)

    @Slot()
    def _report_tab_choice(self) -> None:
        if self.on_tab_chosen is not None:
            self.on_tab_chosen(self.current_tab())

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
