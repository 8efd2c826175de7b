"""Small preview pictures of the built-in data sets (NumPy, cached per name).

2-D sets: 200 noise-free points drawn as 3×3 squares in class colours on white, with
y pointing up (Playground's thumbnails were flipped: issue #76). Image sets: the first
image of the training set; a set whose source can draw its first pictures alone
(``first_images(count)``, e.g. ``products``) is not generated whole for a preview.
Detection sets' class samples show each class's boxes on its picture.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from netdesigner.data import dataset_info, load_dataset
from netdesigner.data.registry import DATASETS
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
        image = first_images(name, 1)[0][0]  # (H, W) grey or (H, W, 3) colour
        reps = max(1, size // image.shape[0])
        big = image.repeat(reps, axis=0).repeat(reps, axis=1)
        return big if big.ndim == 3 else np.repeat(big[..., None], 3, axis=2)
    n = min(200, info.default_n_samples) if info.default_n_samples > 8 else None
    ds = load_dataset(name, n_samples=n, seed=0)
    points = np.concatenate([ds.points_train, ds.points_test])
    values = np.concatenate([ds.y_train, ds.y_test])
    return scatter_rgb(points, values, info.task, size)


def first_images(name: str, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The first ``count`` training images of the image set ``name`` and their
    labels or box targets, drawn alone when its source can."""
    draw = getattr(DATASETS.get(name), "first_images", None)
    if draw is not None:
        return draw(count)
    ds = load_dataset(name)
    return ds.x_train[:count], ds.y_train[:count]


DETECTION_LOOK = 40
"""Pictures searched for one holding each class of a detection set."""


def draw_boxes(image: np.ndarray, boxes: np.ndarray, rgb: np.ndarray) -> np.ndarray:
    """A copy of ``image`` (H, W, 3) uint8 with one-pixel outlines of ``boxes``
    (K, 4) [x_min, y_min, x_max, y_max] (pixel edges) in colour ``rgb`` (3,)."""
    out = image.copy()
    h, w = out.shape[:2]
    for x0, y0, x1, y1 in np.asarray(boxes, dtype=float):
        left, top = int(np.clip(x0, 0, w - 1)), int(np.clip(y0, 0, h - 1))
        right, bottom = int(np.clip(x1 - 1, 0, w - 1)), int(np.clip(y1 - 1, 0, h - 1))
        out[top, left : right + 1] = out[bottom, left : right + 1] = rgb
        out[top : bottom + 1, left] = out[top : bottom + 1, right] = rgb
    return out


def _detection_samples(name: str, n_classes: int) -> np.ndarray:
    """(K, H, W, 3): per class, the first picture holding it with its boxes drawn
    (the first picture when none of the first ``DETECTION_LOOK`` holds it)."""
    images, targets = first_images(name, DETECTION_LOOK)
    fill = colors.class_colors(n_classes).astype(np.uint8)
    samples = []
    for k in range(n_classes):
        holding = [i for i, t in enumerate(targets) if np.any(t["labels"] == k)]
        i = holding[0] if holding else 0
        boxes = targets[i]["boxes"][targets[i]["labels"] == k]
        samples.append(draw_boxes(images[i], boxes, fill[k]))
    return np.stack(samples)


@lru_cache(maxsize=8)
def class_samples(name: str) -> tuple[np.ndarray, tuple[str, ...]]:
    """One training image per class of an image set: ((K, H, W) or (K, H, W, 3)
    uint8, class names); a detection set's pictures show that class's boxes."""
    info = dataset_info(name)
    names = tuple(info.class_names)
    if info.task == "detection":
        return _detection_samples(name, len(names)), names
    ds = load_dataset(name)
    first = [int(np.flatnonzero(ds.y_train == k)[0]) for k in range(len(names))]
    return ds.x_train[first], names
