"""For one chosen test image: the feature maps of every Conv2D layer, and the kernels
of the first one (or, for a network without Conv2D, what each unit of the first Dense
layer looks at: its weights drawn as an image).

Maps are drawn as mosaics (one picture per channel, 1-pixel white gaps), each
channel stretched to its own range; kernels and weights use the diverging
orange–blue scale, so the sign of a weight is visible. Colour input images are shown
in colour, and the kernels of a first Conv2D over three channels are drawn as RGB
patches (grey 128 is a zero weight; the strongest weight of the layer reaches 0 or
255) or, with "Kernels per channel", as one signed tile per input channel.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from netdesigner.live import colors

MAX_TILES = 64


def _viridis() -> np.ndarray:
    return pg.colormap.get("viridis").getLookupTable(nPts=256)[:, :3].astype(np.uint8)


def mosaic(tiles: np.ndarray, rgb_of: Any, columns: int | None = None) -> np.ndarray:
    """Arrange tiles (n, h, w) or (n, h, w, 3) in a grid with 1-pixel white gaps.

    rgb_of : function, one tile -> (h, w, 3) uint8 colouring it.
    Returns (rows·(h+1)-1, cols·(w+1)-1, 3) uint8 with row 0 at the top.
    """
    n, h, w = tiles.shape[:3]
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


def rgb_kernels(kernel: np.ndarray) -> np.ndarray:
    """A Conv2D kernel (kh, kw, 3, out) as RGB patches (out, kh, kw, 3) uint8.

    One scale for the whole layer (its largest absolute weight), so patches compare:
    a zero weight is mid-grey 128, positive red/green/blue weights brighten that
    colour, negative ones darken it.
    """
    scale = float(np.max(np.abs(kernel))) or 1.0
    values = 127.5 + 127.5 * np.moveaxis(kernel, -1, 0) / scale
    return np.clip(np.round(values), 0, 255).astype(np.uint8)[:MAX_TILES]


def channel_kernel_tiles(kernel: np.ndarray) -> np.ndarray:
    """A Conv2D kernel (kh, kw, in, out) as one tile per output and input channel,
    (out·in, kh, kw), ordered kernel by kernel (R, G, B of kernel 0, then 1, ...)."""
    kh, kw, cin, cout = kernel.shape
    tiles = np.transpose(kernel, (3, 2, 0, 1)).reshape(cout * cin, kh, kw)
    return tiles[: MAX_TILES - MAX_TILES % cin]


def kernel_tiles(kernel: np.ndarray, image_shape: tuple[int, ...]) -> np.ndarray:
    """Tiles (n, h, w) from a Conv2D kernel (kh, kw, in, out) or Dense (inputs, units).

    Conv kernels average their input channels; a Dense kernel whose inputs are the
    pixels of an image becomes one image per unit. Empty when neither applies.
    """
    if kernel.ndim == 4:
        return np.moveaxis(kernel.mean(axis=2), -1, 0)[:MAX_TILES]
    size = int(np.prod(image_shape))
    if kernel.ndim == 2 and kernel.shape[0] == size and len(image_shape) == 2:
        return kernel.T.reshape(-1, *image_shape)[:MAX_TILES]
    return np.zeros((0, 1, 1), np.float32)


class FeatureMapsView(QWidget):
    """Input image, each Conv2D's maps and the first layer's kernels, side by side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel(
            self.tr("Click an image in the gallery to see its feature maps.")
        )
        self.caption.setWordWrap(True)
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setBackground("w")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.per_channel = QCheckBox(self.tr("Kernels per channel"))
        self.per_channel.setToolTip(
            self.tr(
                "Draw each colour channel of the first convolution's kernels as its "
                "own tile instead of one RGB patch per kernel"
            )
        )
        self.per_channel.toggled.connect(self._on_per_channel_toggled)
        self.per_channel.setVisible(False)  # only for kernels over colour images
        layout.addWidget(self.caption)
        layout.addWidget(self.per_channel)
        layout.addWidget(self.canvas, 1)
        self.images: np.ndarray | None = None
        self.mosaics: dict[str, np.ndarray] = {}
        self._items: dict[str, pg.ImageItem] = {}
        self._lut = _viridis()
        self._features: dict[str, Any] | None = None

    def set_gallery(self, images: np.ndarray) -> None:
        self.images = images
        self.canvas.clear()
        self._items, self.mosaics = {}, {}

    def show_features(self, features: dict[str, Any]) -> None:
        """Draw ``Frame.features`` (see ``probe.ImageProbe.feature_maps``)."""
        if self.images is None:
            return
        self._features = features
        index = features["index"]
        image = self.images[index]
        colour = image.ndim == 3 and image.shape[-1] == 3
        if image.ndim == 3 and not colour:
            image = image[..., 0]
        panels = {self.tr("input image"): image[None] if colour else image[None] * 1.0}
        for node_id, maps in features["maps"].items():
            title = self.tr("{node}: {count} feature maps")
            panels[title.format(node=node_id, count=maps.shape[-1])] = np.moveaxis(
                maps, -1, 0
            )[:MAX_TILES]
        kernels = features.get("kernels")
        if kernels is not None:
            panels.update(self._kernel_panel(kernels, features["kernel_of"], image))
        self._draw(panels)
        self.caption.setText(
            self.tr("Test image {index}: what each layer computes from it.").format(
                index=index
            )
        )

    def _kernel_panel(
        self, kernels: np.ndarray, layer: str, image: np.ndarray
    ) -> dict[str, np.ndarray]:
        """The first layer's kernels: RGB patches, per-channel tiles or averages."""
        colour = kernels.ndim == 4 and kernels.shape[2] == 3
        self.per_channel.setVisible(colour)
        if colour and self.per_channel.isChecked():
            return {
                self.tr("{layer}: kernels, R G B per kernel").format(
                    layer=layer
                ): channel_kernel_tiles(kernels)
            }
        if colour:
            title = self.tr("{layer}: kernels as RGB").format(layer=layer)
            return {title: rgb_kernels(kernels)}
        tiles = kernel_tiles(kernels, image.shape[:2])
        if not len(tiles):
            return {}
        if kernels.ndim == 4:
            title = self.tr("{layer}: kernels").format(layer=layer)
        else:
            title = self.tr("{layer}: weights per unit").format(layer=layer)
        return {title: tiles}

    def _on_per_channel_toggled(self, _checked: bool) -> None:
        if self._features is not None:
            self.show_features(self._features)

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
            if tiles.ndim == 4:  # already colours: an RGB image or RGB kernels
                rgb = mosaic(tiles, lambda t: t)
            elif signed:
                scale = float(np.max(np.abs(tiles))) or 1.0
                columns = 3 if title.endswith("per kernel") else None  # R G B rows
                rgb = mosaic(
                    tiles, lambda t, s=scale: colors.signed_to_rgb(t, s), columns
                )
            else:
                rgb = mosaic(tiles, lambda t: stretched(t, self._lut))
            self.mosaics[title] = rgb
            self._items[title].setImage(
                rgb.transpose(1, 0, 2), autoLevels=False, levels=(0, 255)
            )
