"""The worker's optional views: the loss landscape (2-D data) and the layer
statistics, computed only while their tabs show and never fatal to training.

The worker owns one ``Insights``: ``start(session, plane)`` for each new session,
``recorder(view)`` for its per-batch loop, ``add_to(frame, view, running)`` when it
sends a frame (it fills ``Frame.landscape`` and ``Frame.layers``), and ``rewound()``
after a step back.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from netdesigner.engine.landscape import LossLandscape
from netdesigner.live import probe
from netdesigner.live.frames import Frame
from netdesigner.live.messages import describe_error


def unavailable(exc: Exception) -> str:
    """Why a view has nothing to show, as a sentence."""
    text = describe_error(exc)
    prefix = "Training could not continue: "
    if text.startswith(prefix):
        return f"It could not be computed ({text[len(prefix) :]})."
    return text.rstrip(".") + "."


REFIT_INTERVAL = 2.0
"""Seconds between two new planes of a many-weight landscape while training."""


class Insights:
    """Loss landscape and layer statistics of the worker's current session."""

    def __init__(self) -> None:
        self.start(None, plane=False)

    def start(self, session: Any, plane: bool) -> None:
        """A new session (None: none); ``plane``: its data are 2-D points."""
        self.session, self.plane = session, plane
        self.landscape: LossLandscape | None = None
        self.no_landscape: str | None = None  # why this session has none
        self.layers: probe.LayerProbe | None = None
        self._refit_due = 0.0

    def _scape(self, view: dict[str, Any]) -> LossLandscape | None:
        """The loss landscape while its tab shows (2-D data only), else None."""
        if not view["landscape"] or not self.plane or self.session is None:
            return None
        if self.landscape is None and self.no_landscape is None:
            try:
                self.landscape = LossLandscape(self.session.trainer)
            except Exception as exc:  # noqa: BLE001 -- the view says why
                self.no_landscape = unavailable(exc)
        return self.landscape

    def recorder(self, view: dict[str, Any]) -> Callable[[], None] | None:
        """What to call after every batch (None when nothing records)."""
        scape = self._scape(view)
        return None if scape is None else scape.record

    def rewound(self) -> None:
        """The weights jumped back (step back): the path starts again."""
        if self.landscape is not None:
            self.landscape.reset_path()

    def add_to(self, frame: Frame, view: dict[str, Any], running: bool) -> None:
        """Fill ``frame.landscape`` and ``frame.layers`` when their tabs show."""
        if self.session is None:
            return
        if view["landscape"] and self.plane:
            frame.landscape = self._landscape_frame(view, running)
        if view["layers"]:
            frame.layers = self._layers_frame(running)

    def _landscape_frame(self, view: dict[str, Any], running: bool) -> dict[str, Any]:
        """The landscape's frame; while training, the directions of a many-weight
        plane follow the path every ``REFIT_INTERVAL`` seconds."""
        scape = self._scape(view)
        if scape is not None:
            now = time.perf_counter()
            refit = not running or now >= self._refit_due
            if refit:
                self._refit_due = now + REFIT_INTERVAL
            try:
                return scape.frame(refit=refit)
            except Exception as exc:  # noqa: BLE001 -- as above
                self.landscape, self.no_landscape = None, unavailable(exc)
        return {"unavailable": self.no_landscape or "No landscape for this design."}

    def _layers_frame(self, running: bool) -> dict[str, Any] | None:
        """Layer statistics when due (always when not running), else None."""
        now = time.perf_counter()
        try:
            if self.layers is None:
                self.layers = probe.LayerProbe(self.session)
            if running and not self.layers.due(now):
                return None
            return self.layers.frame(now)
        except Exception as exc:  # noqa: BLE001 -- the view says why
            return {"unavailable": unavailable(exc)}
