"""Live pictures on the canvas: each expanded neuron's output over the plane, and
weight lines whose colour and width follow the training.

Works on the editor's ``NetScene`` from outside: ``scene.node_items[id].neurons``
(``NeuronItem.set_image``, ``set_values``) and ``scene.neuron_level.lines``
(``WeightLineItem.set_value``). Hovering a neuron emits ``neuron_hovered`` so the
decision map can show that neuron's map large, as Playground does.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QObject, QRectF, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QGraphicsItem

from netdesigner.live import colors
from netdesigner.live.frames import Frame

THUMB_SIZE = 25
"""Thumbnail side in cells (the 100×100 map averaged over 4×4 blocks)."""
UPDATE_INTERVAL = 0.25
"""Shortest time in seconds between two canvas refreshes while training."""
CANVAS_SHARE = 0.03
"""Largest share of the time the canvas's live refreshes may take (see update_frame)."""
_WATCH_KEY = 0x4E44
"""``QGraphicsItem.data`` key marking a neuron whose hover events are watched."""


def block_average(values: np.ndarray, size: int) -> np.ndarray:
    """Average maps over square blocks.

    values : (R, R, ...) with R a multiple of ``size``, else every (R // size)-th
    cell is taken. Returns (size, size, ...).
    """
    r = values.shape[0]
    if r % size:
        step = max(1, r // size)
        return values[::step, ::step][:size, :size]
    k = r // size
    return values.reshape(size, k, size, k, *values.shape[2:]).mean(axis=(1, 3))


def rgb_to_qimage(rgb: np.ndarray) -> QImage:
    """(H, W, 3) uint8 with row 0 at the bottom (y up) -> QImage (row 0 at the top)."""
    flipped = np.ascontiguousarray(rgb[::-1])
    h, w, _ = flipped.shape
    image = QImage(flipped.data, w, h, 3 * w, QImage.Format.Format_RGB888)
    return image.copy()


def neuron_images(maps: np.ndarray, size: int = THUMB_SIZE) -> list[QImage]:
    """One thumbnail per unit, all units coloured in one pass.

    maps : (R, R, units) float. Each unit's colour scale is 1, or its largest |value|
    when above 1 (``neuron_scale``). Returns a list of QImage.
    """
    small = block_average(maps, size)
    scale = np.maximum(1.0, np.abs(maps).max(axis=(0, 1)))
    rgb = colors.signed_to_rgb(small / scale, 1.0)  # (size, size, units, 3)
    return [rgb_to_qimage(rgb[:, :, unit]) for unit in range(maps.shape[-1])]


def weight_look(value: float | None) -> tuple[bool, int] | None:
    """What a weight line shows: its sign and its width in quarter pixels (the
    canvas draws 0.6 px at 0 up to 6 px at |w| >= 3). Lines are redrawn only when
    this changes."""
    if value is None:
        return None
    return value >= 0, round(min(abs(value), 3.0) * 7.2)


def bias_look(value: float | None) -> tuple[bool, int] | None:
    """A bias marker's sign and size in quarter pixels (4 px + 3 px for |b| <= 1)."""
    if value is None:
        return None
    return value >= 0, round(min(abs(value), 1.0) * 12)


class _HoverWatcher(QGraphicsItem):
    """An invisible item that watches hover events of neuron items (scene filter)."""

    def __init__(self, relay: CanvasLive) -> None:
        super().__init__()
        self.relay = relay

    def boundingRect(self) -> QRectF:
        return QRectF()

    def paint(self, painter, option, widget=None) -> None:
        pass

    def sceneEventFilter(self, watched: QGraphicsItem, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.GraphicsSceneHoverEnter:
            self.relay.neuron_hovered.emit(
                {"node": watched.node_id, "unit": watched.index}
            )
        elif kind == QEvent.Type.GraphicsSceneHoverLeave:
            self.relay.neuron_hovered.emit({"node": None, "unit": 0})
        return False


class CanvasLive(QObject):
    """Pushes frames' neuron maps and weights onto the canvas items.

    neuron_hovered(dict) : ``{"node": id or None, "unit": int}``.
    """

    neuron_hovered = Signal(object)

    def __init__(self, scene: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self._watcher: _HoverWatcher | None = None
        self._last_update = 0.0
        self.interval = UPDATE_INTERVAL
        self.enabled = True

    def clear(self) -> None:
        """Remove the thumbnails (a new design or session)."""
        for item in self.scene.node_items.values():
            for neuron in item.neurons:
                neuron.set_image(None)

    def update_frame(self, frame: Frame, force: bool = False) -> None:
        """Thumbnails and weight lines: at once when ``force`` (paused, stepped),
        else at most every ``interval`` seconds.

        The canvas's items paint in Python, so a big expanded network costs tens of
        milliseconds per refresh. The refresh is therefore painted here, timed, and
        the next one waits until the canvas has used at most ``CANVAS_SHARE`` of the
        time: small networks refresh 4 times a second, big ones less often.
        """
        if not self.enabled:
            return
        started = time.perf_counter()
        if not force and started - self._last_update < self.interval:
            return
        if frame.plane is not None:
            self._show_maps(frame.plane["nodes"])
        if frame.weights:
            self._show_weights(frame.weights)
        for view in self.scene.views():
            view.viewport().repaint()
        self._last_update = time.perf_counter()
        cost = self._last_update - started
        self.interval = max(UPDATE_INTERVAL, cost / CANVAS_SHARE)

    def _show_maps(self, maps: dict[str, np.ndarray]) -> None:
        for node_id, item in self.scene.node_items.items():
            neurons = item.neurons
            if (
                not neurons
                or node_id not in maps
                or maps[node_id].shape[-1] != len(neurons)
            ):
                continue
            self._watch(neurons)
            for neuron, image in zip(
                neurons, neuron_images(maps[node_id]), strict=True
            ):
                neuron.set_image(image)

    def _watch(self, neurons: list[Any]) -> None:
        if self._watcher is None or self._watcher.scene() is not self.scene:
            self._watcher = _HoverWatcher(self)
            self.scene.addItem(self._watcher)
        tag = id(self._watcher)
        for neuron in neurons:
            if neuron.data(_WATCH_KEY) != tag:
                neuron.installSceneEventFilter(self._watcher)
                neuron.setData(_WATCH_KEY, tag)

    def _show_weights(self, weights: dict[str, dict[str, np.ndarray]]) -> None:
        for (_source, target), lines in self.scene.neuron_level.lines.items():
            kernel = weights.get(target, {}).get("kernel")
            if kernel is None:
                continue
            for line in lines:
                if line.row < kernel.shape[0] and line.column < kernel.shape[1]:
                    value = float(kernel[line.row, line.column])
                    if weight_look(line.value) != weight_look(value):
                        line.set_value(value, f"Weight {value:.4g} (training)")
        for node_id, item in self.scene.node_items.items():
            bias = weights.get(node_id, {}).get("bias")
            if bias is None or len(bias) != len(item.neurons):
                continue
            for neuron, value in zip(item.neurons, bias, strict=True):
                if bias_look(neuron.bias) != bias_look(float(value)):
                    neuron.set_values(float(value), neuron.label, neuron.toolTip())
