"""Play/Pause, Step, Step back, Reset and New seed buttons with the run's counters.

The buttons call the ``TrainingController``; Reset and New seed are handed to whoever
owns the document (``reset_requested`` / ``new_seed_requested``), because a new seed
is an edit of the design.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from netdesigner.gui.flow_layout import FlowLayout
from netdesigner.gui.training.controller import TrainingController
from netdesigner.gui.training.readout import RunReadout
from netdesigner.gui.training.speed import CollapseBox, RunMode, SpeedBox
from netdesigner.live.frames import Frame, RunState, SessionSummary, Status

STATE_STYLES = {
    RunState.DIVERGED: "background:#fde7d9; color:#8a3b00; border:1px solid #f59322;",
    RunState.ERROR: "background:#fbe3e3; color:#8a0000; border:1px solid #d62728;",
}
"""Status line look per state; other states use the plain look."""
ALERT_STYLE = STATE_STYLES[RunState.DIVERGED]
"""The look of a warning while the state is plain (a collapse)."""

_TRAINED = (RunState.READY, RunState.PAUSED, RunState.RUNNING)
ENABLED_WHEN = {
    "play": (*_TRAINED, RunState.FINISHED, RunState.DIVERGED),
    "step": (*_TRAINED, RunState.DIVERGED),
    "back": (*_TRAINED, RunState.FINISHED, RunState.DIVERGED),
    "reset": (*_TRAINED, RunState.FINISHED, RunState.DIVERGED, RunState.ERROR),
}
"""Button group -> controller states in which it is enabled."""


def format_elapsed(seconds: float) -> str:
    """``4.2 s`` under a minute, else ``m:ss`` or ``h:mm:ss`` (``"1:05"`` for 65 s)."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    whole = int(seconds)
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class TrainingControls(QWidget):
    """The run's buttons, counters, progress bar and status message."""

    reset_requested = Signal()
    new_seed_requested = Signal()

    def __init__(self, controller: TrainingController, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        style = self.style()
        icon = style.standardIcon
        pix = QStyle.StandardPixmap
        self._play_icon = icon(pix.SP_MediaPlay)
        self._pause_icon = icon(pix.SP_MediaPause)
        self.play_button = QPushButton(self._play_icon, self.tr("Play"))
        self.step_batch_button = QPushButton(
            icon(pix.SP_MediaSkipForward), self.tr("Batch")
        )
        self.step_epoch_button = QPushButton(
            icon(pix.SP_MediaSeekForward), self.tr("Epoch")
        )
        self.back_button = QPushButton(icon(pix.SP_MediaSkipBackward), self.tr("Back"))
        self.reset_button = QPushButton(icon(pix.SP_BrowserReload), self.tr("Reset"))
        self.new_seed_button = QPushButton(self.tr("New seed"))
        self._tooltips()
        self.epoch_label = QLabel(self.tr("Epoch 0"))
        self.iteration_label = QLabel(self.tr("Iteration 0"))
        self.elapsed_label = QLabel("0:00")
        self.lr_label = QLabel("")
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)  # the epoch label says it exactly
        self.progress.setMaximumHeight(10)
        self.progress.setToolTip(self.tr("Progress to the epoch limit"))
        self.status_label = QLabel(self.tr("Open or build a design, then press Play."))
        self.status_label.setWordWrap(True)
        self.readout = RunReadout()
        self.mode = RunMode(controller, self)
        self.speed_box = SpeedBox(self.mode)
        self.continuous_box = QCheckBox(self.tr("Continuous"))
        self.continuous_box.setChecked(self.mode.continuous)
        self.continuous_box.setToolTip(
            self.tr(
                "Train until Pause, as Playground does; off: stop at the epoch limit"
            )
        )
        self.collapse_box = CollapseBox(self.mode)
        self._layout()
        self._connect()
        self.epoch_limit = 0
        self._on_controller_status_changed(Status(controller.state))

    def _tooltips(self) -> None:
        tips = {
            self.play_button: self.tr(
                "Train until paused or the epoch limit (Ctrl+Space)"
            ),
            self.step_batch_button: self.tr("Pause and train exactly one batch"),
            self.step_epoch_button: self.tr("Pause and train one whole epoch"),
            self.back_button: self.tr(
                "Go back to the weights at the end of the previous epoch"
            ),
            self.reset_button: self.tr(
                "Start again from the initial weights given by the seed"
            ),
            self.new_seed_button: self.tr("Pick a new random seed and start again"),
        }
        for button, tip in tips.items():
            button.setToolTip(tip)

    def _layout(self) -> None:
        buttons = FlowLayout()  # wraps on a narrow screen: the canvas keeps its room
        for b in (
            self.play_button,
            self.step_batch_button,
            self.step_epoch_button,
            self.back_button,
            self.reset_button,
            self.new_seed_button,
        ):
            buttons.addWidget(b)
        counters = QGridLayout()
        counters.addWidget(self.epoch_label, 0, 0)
        counters.addWidget(self.iteration_label, 0, 1)
        counters.addWidget(self.elapsed_label, 0, 2)
        counters.addWidget(self.lr_label, 0, 3)
        pace = QHBoxLayout()
        pace.addWidget(QLabel(self.tr("Speed")))
        pace.addWidget(self.speed_box, 1)
        pace.addWidget(self.continuous_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.readout)
        layout.addLayout(pace)
        layout.addWidget(self.collapse_box)
        layout.addLayout(counters)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)

    def _connect(self) -> None:
        c = self.controller
        self.play_button.clicked.connect(self._on_play_clicked)
        self.step_batch_button.clicked.connect(self._on_step_batch_clicked)
        self.step_epoch_button.clicked.connect(self._on_step_epoch_clicked)
        self.back_button.clicked.connect(self._on_back_clicked)
        self.reset_button.clicked.connect(self.reset_requested)
        self.new_seed_button.clicked.connect(self.new_seed_requested)
        self.continuous_box.toggled.connect(self._on_continuous_toggled)
        c.status_changed.connect(self._on_controller_status_changed)
        c.frame_ready.connect(self._on_controller_frame_ready)
        c.session_ready.connect(self._on_controller_session_ready)

    # -- buttons ----------------------------------------------------------------------
    @Slot()
    def _on_play_clicked(self) -> None:
        self.controller.toggle()

    @Slot()
    def _on_step_batch_clicked(self) -> None:
        self.controller.step_batch()

    @Slot()
    def _on_step_epoch_clicked(self) -> None:
        self.controller.step_epoch()

    @Slot()
    def _on_back_clicked(self) -> None:
        self.controller.step_back()

    @Slot(bool)
    def _on_continuous_toggled(self, on: bool) -> None:
        self.mode.set_continuous(on)

    def _clear_counters(self) -> None:
        self.epoch_limit = 0
        self.epoch_label.setText(self.tr("Epoch 0"))
        self.iteration_label.setText(self.tr("Iteration 0"))
        self.elapsed_label.setText(format_elapsed(0.0))
        self.lr_label.setText("")
        self.progress.setValue(0)

    # -- controller -------------------------------------------------------------------
    @Slot(object)
    def _on_controller_session_ready(self, info: SessionSummary) -> None:
        self.readout.start_session(info)
        self.epoch_limit = int(info.epochs)
        self.progress.setRange(0, max(1, self.epoch_limit))
        self.progress.setValue(0)

    @Slot(object)
    def _on_controller_frame_ready(self, frame: Frame) -> None:
        self.readout.show_frame(frame)
        epoch = frame.epoch
        if frame.epoch_limit != self.epoch_limit:  # 0: continuous, no limit
            self.epoch_limit = frame.epoch_limit
            self.progress.setRange(0, max(1, self.epoch_limit))
            self.progress.setVisible(self.epoch_limit > 0)
        if self.epoch_limit:
            epoch_text = self.tr("Epoch {epoch} / {limit}").format(
                epoch=f"{epoch:,}", limit=f"{self.epoch_limit:,}"
            )
        else:
            epoch_text = self.tr("Epoch {epoch}").format(epoch=f"{epoch:,}")
        lr = frame.learning_rate
        texts = {
            self.epoch_label: epoch_text,
            self.iteration_label: self.tr("Iteration {iteration}").format(
                iteration=f"{frame.iteration:,}"
            ),
            self.elapsed_label: format_elapsed(frame.elapsed),
            self.lr_label: f"lr {lr:.3g}" if isinstance(lr, float) and lr == lr else "",
        }
        for label, text in texts.items():
            if label.text() != text:  # an unchanged label costs no layout or paint
                label.setText(text)
        value = min(epoch, self.progress.maximum())
        step = max(1, self.progress.maximum() // 200)  # redraw the bar in 0.5% steps
        if (
            abs(self.progress.value() - value) >= step
            or value == self.progress.maximum()
        ):
            self.progress.setValue(value)

    @Slot(object)
    def _on_controller_status_changed(self, status: Status) -> None:
        state = status.state
        if state in (RunState.EMPTY, RunState.LOADING, RunState.INVALID):
            self._clear_counters()  # no session: nothing of the last design shows
        running = state is RunState.RUNNING
        self.play_button.setText(self.tr("Pause") if running else self.tr("Play"))
        self.play_button.setIcon(self._pause_icon if running else self._play_icon)
        groups = {
            "play": [self.play_button],
            "step": [self.step_batch_button, self.step_epoch_button],
            "back": [self.back_button],
            "reset": [self.reset_button, self.new_seed_button],
        }
        for group, buttons in groups.items():
            for button in buttons:
                button.setEnabled(state in ENABLED_WHEN[group])
        if status.message:
            self.status_label.setText(status.message)
        look = STATE_STYLES.get(state, ALERT_STYLE if status.alert else "")
        self.status_label.setStyleSheet(look)
