"""How fast a live run trains: a pace in epochs per second, or as fast as possible.

TensorFlow Playground trains one epoch per animation frame, so its boundary forms
over seconds; our engine trains the same network hundreds of times faster, and a
student would see only the finished picture. A paced run trains one epoch, sends a
frame and sleeps until the next epoch is due (``Pacer``): pacing costs no CPU.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from netdesigner.i18n import N_

FULL_SPEED = 0.0
"""The pace value meaning "as fast as possible"."""

PLAYGROUND_PACE = 60.0
"""Playground's pace: one epoch per animation frame at 60 frames a second."""


@dataclass(frozen=True, slots=True)
class Speed:
    """One choice of the speed control: its name and pace (epochs per second)."""

    key: str
    label: str
    pace: float


SPEEDS: tuple[Speed, ...] = (
    Speed("slow", N_("Slow (3 epochs/s)"), 3.0),
    Speed("steady", N_("Steady (10 epochs/s)"), 10.0),
    Speed("watch", N_("Watch (30 epochs/s)"), 30.0),
    Speed("playground", N_("Playground (1 epoch/frame)"), PLAYGROUND_PACE),
    Speed("full", N_("Full speed"), FULL_SPEED),
)
"""The speed control's choices, slowest first."""


def speed_named(key: str) -> Speed:
    """The speed called ``key``; ValueError naming the choices otherwise."""
    for speed in SPEEDS:
        if speed.key == key:
            return speed
    names = ", ".join(s.key for s in SPEEDS)
    raise ValueError(f"expected a speed among {names}, found {key!r}")


def default_speed(kind: str) -> Speed:
    """Watchable on 2-D sets (the boundary forms over seconds, as in Playground),
    full speed with live updates on image sets. kind : "2d" or "image"."""
    return speed_named("watch" if kind == "2d" else "full")


class Pacer:
    """Keeps epochs ``1 / pace`` seconds apart.

    clock : seconds (``time.perf_counter``); wait(timeout) sleeps up to ``timeout``
    seconds and returns True when a command arrived (``CommandGate.wait``).
    """

    def __init__(
        self, clock: Callable[[], float], wait: Callable[[float], bool]
    ) -> None:
        self.pace = FULL_SPEED
        self._clock, self._wait = clock, wait
        self._due = 0.0

    @property
    def paced(self) -> bool:
        return self.pace > 0.0

    def set_pace(self, pace: float) -> None:
        """Epochs per second; 0 (``FULL_SPEED``) trains as fast as possible."""
        if not pace >= 0.0:  # also refuses NaN
            raise ValueError(f"expected a pace of 0 or more epochs/s, found {pace!r}")
        self.pace = float(pace)
        self._due = self._clock()

    def restart(self) -> None:
        """The next epoch may start at once (after Play or a step)."""
        self._due = self._clock()

    def begin_rest(self) -> None:
        """After an epoch: the next is due one period after the last was (or now,
        when the epoch itself took longer: a slow epoch is not caught up on)."""
        self._due = max(self._due + 1.0 / self.pace, self._clock())

    def rest(self) -> bool:
        """Sleep until the next epoch is due; True when a command arrived first
        (serve it, then call ``rest`` again)."""
        left = self._due - self._clock()
        return left > 0.0 and self._wait(left)
