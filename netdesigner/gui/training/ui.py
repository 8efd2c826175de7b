"""Everything of live training for one document, wired together.

``TrainingUI`` owns the controller (and so the worker thread), the link to the
Document, the panels and the live views, and routes the controller's frames to them.
``install`` in ``__init__`` puts its widgets into the main window.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QObject, QTimer, Slot
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from netdesigner.gui.training.controller import TrainingController
from netdesigner.gui.training.controls import TrainingControls
from netdesigner.gui.training.dataset_panel import DatasetPanel
from netdesigner.gui.training.link import TrainingLink
from netdesigner.gui.training.thumbnails import CanvasLive
from netdesigner.gui.training.training_panel import TrainingSettingsPanel
from netdesigner.gui.training.views import LiveViews
from netdesigner.gui.training.wheel import WheelGuard
from netdesigner.gui.training.worker import SessionFactory
from netdesigner.live.frames import Frame, RunState, SessionSummary, Status


class TrainingUI(QObject):
    """Controller, link, panels and views of live training.

    Attributes: ``controller``, ``link``, ``controls``, ``settings``, ``dataset``,
    ``views``, ``canvas_live`` (None without a canvas scene), and the two dock
    widgets ``training_widget`` (controls + settings) and ``dataset``.
    """

    def __init__(
        self,
        document: Any,
        scene: Any = None,
        parent: QObject | None = None,
        session_factory: SessionFactory | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.controller = TrainingController(session_factory, parent=self)
        self.link = TrainingLink(document, self.controller, parent=self)
        self.controls = TrainingControls(self.controller)
        self.settings = TrainingSettingsPanel(document)
        self.dataset = DatasetPanel(document)
        self.views = LiveViews()
        self.views.on_image_chosen = self._choose_image
        self.views.on_shown = self._on_views_shown
        self.views.on_tab_chosen = self._on_tab_chosen
        self.views.landscape.start_chosen.connect(self._on_landscape_start_chosen)
        self.views.decision_map.point_clicked.connect(self._on_map_point_clicked)
        self.views.decision_map.extent_chosen.connect(self._on_map_extent_chosen)
        self.views.softmax.closed.connect(self._on_softmax_closed)
        self._inspected_in: tuple[str | None, str] | None = None  # (design, kind)
        self.canvas_live = CanvasLive(scene, self) if scene is not None else None
        if self.canvas_live is not None:
            self.canvas_live.neuron_hovered.connect(self._on_canvas_neuron_hovered)
        self._closing: QObject | None = None
        self.live_dock: Any = None  # set by install: raised when training starts
        self.play_action: Any = None  # set by install: shows Pause while training
        self._live_shown = False
        self.training_widget = self._training_widget()
        self.dataset_widget = QScrollArea()
        self.dataset_widget.setWidgetResizable(True)
        self.dataset_widget.setWidget(self.dataset)
        self.wheel_guard = WheelGuard([self.training_widget, self.dataset_widget], self)
        self._connect()

    def _training_widget(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.settings)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.controls)
        layout.addWidget(scroll, 1)
        return box

    def _connect(self) -> None:
        c = self.controller
        c.session_ready.connect(self._on_controller_session_ready)
        c.frame_ready.connect(self._on_controller_frame_ready)
        c.status_changed.connect(self._on_controller_status_changed)
        self.controls.reset_requested.connect(self._on_controls_reset_requested)
        self.controls.new_seed_requested.connect(self._on_controls_new_seed_requested)

    def start(self) -> None:
        """Build the first session for the document's design."""
        self.controller.set_view({"extent": self.views.decision_map.extent_mode()})
        self.link.sync()

    def shutdown(self) -> bool:
        """Stop the worker thread and timers; True when nothing runs any more."""
        self.link.stop()
        return self.controller.shutdown()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Installed on the main window: stop training once it has closed.

        The window may still refuse to close (unsaved changes, Cancel), so the
        check runs after the close event has been handled.
        """
        if event.type() == QEvent.Type.Close:
            self._closing = watched
            QTimer.singleShot(0, self._after_close)
        return False

    @Slot()
    def _after_close(self) -> None:
        window, self._closing = self._closing, None
        if window is not None and not window.isVisible():
            self.shutdown()

    def _choose_image(self, index: int) -> None:
        self.controller.set_view({"image": index, "inspect": {"image": index}})
        what = self.tr("Test image {index}").format(index=index)
        self._start_inspecting(what)

    def design_key(self) -> str:
        """Which design the shown runs belong to: its file, or its name."""
        path = getattr(self.document, "file_path", None)
        if path is not None:
            return str(path)
        return "untitled:" + str(getattr(self.document.design, "name", ""))

    def _start_inspecting(self, what: str) -> None:
        self._inspected_in = (self.design_key(), str(self.views.kind))
        self.views.inspect(what)

    @Slot(object)
    def _on_map_point_clicked(self, target: dict[str, Any]) -> None:
        """Ask the run for the clicked point's softmax (every frame carries it)."""
        self.controller.set_view({"inspect": target})
        x1, x2 = target["point"]
        if target.get("label") is None:
            what = self.tr("Point ({x1:.2f}, {x2:.2f}), no true class")
        else:
            what = self.tr("Point ({x1:.2f}, {x2:.2f}), true class {label}")
        self._start_inspecting(what.format(x1=x1, x2=x2, label=target.get("label")))

    @Slot(str)
    def _on_map_extent_chosen(self, mode: str) -> None:
        self.controller.set_view({"extent": mode})

    @Slot()
    def _on_softmax_closed(self) -> None:
        self._stop_inspecting()
        self.views.softmax.hide()

    def _stop_inspecting(self) -> None:
        self._inspected_in = None
        self.controller.set_view({"inspect": None})
        self.views.inspect("")
        self.views.decision_map.show_pick(None)

    # -- for File ▸ Export -------------------------------------------------------------
    def history(self) -> dict[str, list[float]] | None:
        """The shown run's per-epoch records as columns, or None before any epoch."""
        table = self.views.loss_plot.epochs
        if not len(table):
            return None
        return {key: table.column(key).tolist() for key in table.keys}

    def plots(self) -> dict[str, Any]:
        """The live plots that hold something, by title (pyqtgraph PlotWidgets)."""
        views = self.views
        plots: dict[str, Any] = {}
        if len(views.loss_plot.epochs):
            plots["Loss curves"] = views.loss_plot.loss_plot
            plots[f"{views.loss_plot.metric_name.capitalize()} curves"] = (
                views.loss_plot.metric_plot
            )
        if views.kind == "2d" and views.decision_map.rgb is not None:
            plots["Decision map"] = views.decision_map.plot
        if views.landscape.surface is not None:
            plots["Loss landscape"] = views.landscape.plot
        return plots

    @Slot(object)
    def _on_landscape_start_chosen(self, chosen: dict[str, list]) -> None:
        """A new run from the weights clicked on the loss landscape (the earlier run
        stays in the loss plot, faded, for comparison)."""
        frame = self.controller.last_frame
        trained = (frame.all_weights if frame is not None else None) or {}
        weights = {k: np.array(v) for k, v in trained.items()}
        for key, entries in chosen.items():
            if key not in weights:  # while training: the two weights are all there is
                shape = np.max([index for index, _ in entries], axis=0) + 1
                weights[key] = np.zeros(tuple(int(n) for n in shape), np.float32)
            for index, value in entries:
                weights[key][index] = value
        self.link.rebuild(weights)

    def _on_tab_chosen(self, name: str | None) -> None:
        """Remember the live view the user picked; a saved design opens with it."""
        if name is not None and hasattr(self.document, "live_tab"):
            self.document.live_tab = name

    def _on_views_shown(self, shown: dict[str, bool]) -> None:
        """The worker records the weights' path, computes the loss surface and the
        layer statistics only while their tabs show."""
        self.controller.set_view(shown)

    # -- controller -------------------------------------------------------------------
    @Slot(object)
    def _on_controller_session_ready(self, info: SessionSummary) -> None:
        if self._inspected_in not in (None, (self.design_key(), info.kind)):
            self._stop_inspecting()  # another design or data: the sample is gone
        self.views.start_session(info, self.design_key())
        self.views.select_tab(getattr(self.document, "live_tab", None))
        if self.canvas_live is not None:
            self.canvas_live.clear()

    @Slot(object)
    def _on_controller_frame_ready(self, frame: Frame) -> None:
        self.views.show_frame(frame)
        if self.canvas_live is not None:
            self.canvas_live.update_frame(frame, force=not frame.running)

    @Slot(object)
    def _on_controller_status_changed(self, status: Status) -> None:
        running = status.state is RunState.RUNNING
        self.settings.set_running(running)
        if running and self.live_dock is not None:
            if not self._live_shown:  # once per window: a saved layout may hide it
                self._live_shown = True
                self.live_dock.show()
            self.live_dock.raise_()  # it may sit behind Problems in a tab
        if self.play_action is not None:
            self.play_action.setIcon(self.controls.play_button.icon())
            self.play_action.setText("Pause" if running else "Play")

    # -- document and buttons ---------------------------------------------------------
    @Slot()
    def _on_controls_reset_requested(self) -> None:
        self.link.reset()

    @Slot()
    def _on_controls_new_seed_requested(self) -> None:
        self.link.new_seed()

    @Slot(object)
    def _on_canvas_neuron_hovered(self, hover: dict[str, Any]) -> None:
        self.views.decision_map.show_neuron(hover["node"], hover["unit"])
