"""Anchor (default) boxes of a detection head: one set per feature-map cell."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def anchor_shapes(
    anchor_sizes: Sequence[float], aspect_ratios: Sequence[float]
) -> np.ndarray:
    """``(A, 2)`` widths and heights: every size with every ratio (width / height).

    A size s with ratio r gives ``w = s·√r, h = s/√r`` (area s², as SSD).
    """
    sizes = np.asarray(anchor_sizes, dtype=np.float64)
    roots = np.sqrt(np.asarray(aspect_ratios, dtype=np.float64))
    w = (sizes[:, None] * roots[None, :]).ravel()
    h = (sizes[:, None] / roots[None, :]).ravel()
    return np.stack([w, h], axis=1)


def make_anchors(
    image_hw: tuple[int, int],
    feature_hw: tuple[int, int],
    anchor_sizes: Sequence[float],
    aspect_ratios: Sequence[float],
) -> np.ndarray:
    """Anchors ``(fh·fw·A, 4)`` float64 corners in image pixels.

    Cell (i, j) of an ``fh × fw`` feature map covers the image rows and columns of
    height ``H / fh`` and width ``W / fw``; its anchors are centred on it. The
    order (row, column, anchor) matches the head's output ``(fh, fw, A·(5 + C))``
    reshaped to ``(fh·fw·A, 5 + C)``.
    """
    (h, w), (fh, fw) = image_hw, feature_hw
    cy = (np.arange(fh) + 0.5) * (h / fh)
    cx = (np.arange(fw) + 0.5) * (w / fw)
    shapes = anchor_shapes(anchor_sizes, aspect_ratios)  # (A, 2)
    centres = np.stack(np.meshgrid(cx, cy), axis=-1).reshape(-1, 1, 2)  # (fh·fw, 1, 2)
    half = 0.5 * shapes[None]
    corners = np.concatenate([centres - half, centres + half], axis=-1)
    return corners.reshape(-1, 4)
