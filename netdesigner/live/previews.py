"""Small preview pictures of the built-in data sets (NumPy, cached per name).

2-D sets: 200 noise-free points drawn as 3×3 squares in class colours on white, with
y pointing up (Playground's thumbnails were flipped: issue #76). Image sets: the first
image of the training set.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from netdesigner.data import dataset_info, load_dataset
from netdesigner.live import colors

PREVIEW_SIZE = 64


def scatter_rgb(
    points: np.ndarray, values: np.ndarray, task: str, size: int
) -> np.ndarray:
    """Draw points into a (size, size, 3) uint8 picture, row 0 at the top.

    points : (N, 2) float; values : (N,) class indices or regression targets.
    """
    rgb = np.full((size, size, 3), 255, np.uint8)
    lo, hi = points.min(axis=0), points.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    cells = ((points - lo) / span * (size - 4) + 1).astype(int)
    if task == "classification":
        fill = colors.class_colors(int(values.max()) + 1)[values.astype(int)].astype(
            np.uint8
        )
    else:
        fill = colors.signed_to_rgb(values, float(np.max(np.abs(values))) or 1.0)
    for (x, y), color in zip(cells, fill, strict=True):
        row = size - 1 - y
        rgb[max(row - 1, 0) : row + 2, max(x - 1, 0) : x + 2] = color
    return rgb


@lru_cache(maxsize=64)
def preview_rgb(name: str, size: int = PREVIEW_SIZE) -> np.ndarray:
    """(size, size, 3) uint8 preview of the built-in data set ``name``."""
    info = dataset_info(name)
    if info.kind == "image":
        ds = load_dataset(name)
        image = ds.x_train[0]  # (H, W) grey or (H, W, 3) colour
        reps = max(1, size // image.shape[0])
        big = image.repeat(reps, axis=0).repeat(reps, axis=1)
        return big if big.ndim == 3 else np.repeat(big[..., None], 3, axis=2)
    n = min(200, info.default_n_samples) if info.default_n_samples > 8 else None
    ds = load_dataset(name, n_samples=n, seed=0)
    points = np.concatenate([ds.points_train, ds.points_test])
    values = np.concatenate([ds.y_train, ds.y_test])
    return scatter_rgb(points, values, info.task, size)


@lru_cache(maxsize=8)
def class_samples(name: str) -> tuple[np.ndarray, tuple[str, ...]]:
    """One training image per class of an image set: ((K, H, W) uint8, class names)."""
    ds = load_dataset(name)
    names = tuple(ds.info.class_names)
    first = [int(np.flatnonzero(ds.y_train == k)[0]) for k in range(len(names))]
    return ds.x_train[first], names
