"""For one chosen test image: the feature maps of every Conv2D layer, and the kernels
of the first one (or, for a network without Conv2D, what each unit of the first Dense
layer looks at: its weights drawn as an image).

Maps are drawn as mosaics (one picture per channel, 1-pixel white gaps), each
channel stretched to its own range; kernels and weights use the diverging
orange–blue scale, so the sign of a weight is visible.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from netdesigner.live import colors

MAX_TILES = 64


def _viridis() -> np.ndarray:
    return pg.colormap.get("viridis").getLookupTable(nPts=256)[:, :3].astype(np.uint8)


def mosaic(tiles: np.ndarray, rgb_of: Any, columns: int | None = None) -> np.ndarray:
    """Arrange tiles (n, h, w) in a grid with 1-pixel white gaps.

    rgb_of : function (h, w) float -> (h, w, 3) uint8 colouring one tile.
    Returns (rows·(h+1)-1, cols·(w+1)-1, 3) uint8 with row 0 at the top.
    """
    n, h, w = tiles.shape
    cols = columns or max(1, int(np.ceil(np.sqrt(n))))
    rows = -(-n // cols)
    out = np.full((rows * (h + 1) - 1, cols * (w + 1) - 1, 3), 255, np.uint8)
    for k in range(n):
        r, c = divmod(k, cols)
        out[r * (h + 1) : r * (h + 1) + h, c * (w + 1) : c * (w + 1) + w] = rgb_of(
            tiles[k]
        )
    return out


def stretched(tile: np.ndarray, lut: np.ndarray) -> np.ndarray:
    """Colour one map by its own min..max through ``lut`` (256, 3)."""
    lo, hi = float(tile.min()), float(tile.max())
    t = (tile - lo) / (hi - lo) if hi > lo else np.zeros_like(tile)
    return lut[np.round(t * 255).astype(np.intp)]


def kernel_tiles(kernel: np.ndarray, image_shape: tuple[int, int]) -> np.ndarray:
    """Tiles (n, h, w) from a Conv2D kernel (kh, kw, in, out) or Dense (inputs, units).

    Conv kernels average their input channels; a Dense kernel whose inputs are the
    pixels of an image becomes one image per unit. Empty when neither applies.
    """
    if kernel.ndim == 4:
        return np.moveaxis(kernel.mean(axis=2), -1, 0)[:MAX_TILES]
    h, w = image_shape
    if kernel.ndim == 2 and kernel.shape[0] == h * w:
        return kernel.T.reshape(-1, h, w)[:MAX_TILES]
    return np.zeros((0, 1, 1), np.float32)


class FeatureMapsView(QWidget):
    """Input image, each Conv2D's maps and the first layer's kernels, side by side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel("Click an image in the gallery to see its feature maps.")
        self.caption.setWordWrap(True)
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setBackground("w")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.caption)
        layout.addWidget(self.canvas, 1)
        self.images: np.ndarray | None = None
        self.mosaics: dict[str, np.ndarray] = {}
        self._items: dict[str, pg.ImageItem] = {}
        self._lut = _viridis()

    def set_gallery(self, images: np.ndarray) -> None:
        self.images = images
        self.canvas.clear()
        self._items, self.mosaics = {}, {}

    def show_features(self, features: dict[str, Any]) -> None:
        """Draw ``Frame.features`` (see ``probe.ImageProbe.feature_maps``)."""
        if self.images is None:
            return
        index = features["index"]
        image = self.images[index].astype(np.float32)
        panels = {"input image": image[None]}
        for node_id, maps in features["maps"].items():
            panels[f"{node_id}: {maps.shape[-1]} feature maps"] = np.moveaxis(
                maps, -1, 0
            )[:MAX_TILES]
        kernels = features.get("kernels")
        if kernels is not None:
            tiles = kernel_tiles(kernels, image.shape)
            if len(tiles):
                word = "kernels" if kernels.ndim == 4 else "weights per unit"
                panels[f"{features['kernel_of']}: {word}"] = tiles
        self._draw(panels)
        self.caption.setText(f"Test image {index}: what each layer computes from it.")

    def _draw(self, panels: dict[str, np.ndarray]) -> None:
        if list(panels) != list(self._items):
            self.canvas.clear()
            self._items = {}
            for col, title in enumerate(panels):
                self.canvas.addLabel(title, row=0, col=col, color="#333")
                box = self.canvas.addViewBox(row=1, col=col)
                box.setAspectLocked(True)
                box.setMouseEnabled(False, False)
                box.invertY(True)
                item = pg.ImageItem()
                box.addItem(item)
                self._items[title] = item
        for title, tiles in panels.items():
            signed = "kernels" in title or "weights" in title
            if signed:
                scale = float(np.max(np.abs(tiles))) or 1.0
                rgb = mosaic(tiles, lambda t, s=scale: colors.signed_to_rgb(t, s))
            else:
                rgb = mosaic(tiles, lambda t: stretched(t, self._lut))
            self.mosaics[title] = rgb
            self._items[title].setImage(
                rgb.transpose(1, 0, 2), autoLevels=False, levels=(0, 255)
            )
