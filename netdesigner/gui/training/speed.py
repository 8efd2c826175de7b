"""How a run goes: its speed, continuous mode and what a collapse does.

``RunMode`` keeps the three choices, remembers them for the user (QSettings; the
speed separately for 2-D and image sets, whose defaults differ: watchable on 2-D
sets, full speed on image sets) and sends them to the controller. Any number of
speed boxes (the Training panel's and the tool bar's) follow it.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QObject,
    QSettings,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QComboBox, QWidget

from netdesigner import i18n
from netdesigner.gui.training.controller import TrainingController
from netdesigner.live.collapse import REACTIONS
from netdesigner.live.frames import SessionSummary
from netdesigner.live.pace import SPEEDS, default_speed, speed_named

SPEED_KEY = "training/speed/{kind}"
CONTINUOUS_KEY = "training/continuous"
COLLAPSE_KEY = "training/collapse"
COLLAPSE_LABELS = {
    "pause": QT_TRANSLATE_NOOP("RunMode", "Pause on a collapse"),
    "warn": QT_TRANSLATE_NOOP("RunMode", "Warn on a collapse"),
    "off": QT_TRANSLATE_NOOP("RunMode", "Ignore collapses"),
}


class RunMode(QObject):
    """The user's speed, continuous mode and collapse reaction for live runs.

    Signals: ``speed_changed(str)`` with the speed's key.
    """

    speed_changed = Signal(str)

    def __init__(self, controller: TrainingController, parent: QObject | None = None):
        super().__init__(parent)
        self.controller = controller
        self.kind = "2d"
        settings = QSettings()
        self.speed = self._remembered_speed(self.kind)
        self.continuous = _as_bool(settings.value(CONTINUOUS_KEY, False))
        collapse = str(settings.value(COLLAPSE_KEY, "pause"))
        self.collapse = collapse if collapse in REACTIONS else "pause"
        controller.session_ready.connect(self._on_controller_session_ready)

    @staticmethod
    def _remembered_speed(kind: str) -> str:
        key = QSettings().value(SPEED_KEY.format(kind=kind), "")
        try:
            return speed_named(str(key)).key
        except ValueError:
            return default_speed(kind).key

    def send(self) -> None:
        """Tell the worker the current choices (applies from the next epoch)."""
        self.controller.set_speed(
            {
                "pace": speed_named(self.speed).pace,
                "continuous": self.continuous,
                "collapse": self.collapse,
            }
        )

    def set_speed(self, key: str) -> None:
        """Use and remember the speed ``key`` (``live.pace.SPEEDS``) for this kind."""
        key = speed_named(key).key
        QSettings().setValue(SPEED_KEY.format(kind=self.kind), key)
        if key != self.speed:
            self.speed = key
            self.speed_changed.emit(key)
        self.send()

    def set_continuous(self, on: bool) -> None:
        self.continuous = bool(on)
        QSettings().setValue(CONTINUOUS_KEY, self.continuous)
        self.send()

    def set_collapse(self, reaction: str) -> None:
        if reaction not in REACTIONS:
            raise ValueError(f"expected one of {REACTIONS}, found {reaction!r}")
        self.collapse = reaction
        QSettings().setValue(COLLAPSE_KEY, reaction)
        self.send()

    @Slot(object)
    def _on_controller_session_ready(self, info: SessionSummary) -> None:
        """A new session: its kind of data decides which remembered speed applies."""
        self.kind = info.kind
        speed = self._remembered_speed(info.kind)
        if speed != self.speed:
            self.speed = speed
            self.speed_changed.emit(speed)
        self.send()


def _as_bool(value: object) -> bool:
    """QSettings gives "true"/"false" strings back on some platforms."""
    if isinstance(value, str):
        return value.lower() == "true"
    return bool(value)


class SpeedBox(QComboBox):
    """A speed control bound to a ``RunMode`` (several may show the same mode)."""

    def __init__(self, mode: RunMode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        for speed in SPEEDS:
            self.addItem(i18n._(speed.label), speed.key)
        self.setToolTip(
            self.tr(
                "How fast training runs: a slow pace to watch the boundary form, "
                "Playground's one epoch per frame, or as fast as possible"
            )
        )
        self._show(mode.speed)
        self.activated.connect(self._on_activated)
        mode.speed_changed.connect(self._show)

    @Slot(str)
    def _show(self, key: str) -> None:
        index = self.findData(key)
        if index >= 0 and index != self.currentIndex():
            self.setCurrentIndex(index)

    @Slot(int)
    def _on_activated(self, index: int) -> None:
        self.mode.set_speed(str(self.itemData(index)))


class CollapseBox(QComboBox):
    """Pause, warn or ignore when a run collapses."""

    def __init__(self, mode: RunMode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        for reaction in REACTIONS:
            self.addItem(
                QCoreApplication.translate("RunMode", COLLAPSE_LABELS[reaction]),
                reaction,
            )
        self.setCurrentIndex(self.findData(mode.collapse))
        self.setToolTip(
            self.tr(
                "When the accuracy falls back to chance, a layer's ReLU units all die "
                "or the loss explodes without becoming NaN"
            )
        )
        self.activated.connect(self._on_activated)

    @Slot(int)
    def _on_activated(self, index: int) -> None:
        self.mode.set_collapse(str(self.itemData(index)))
