"""Detection targets: the boxes and labels of each image, in memory and in a file.

A detection ``Dataset`` keeps, per image, ``{"boxes": (K, 4) float32, "labels":
(K,) int64}`` in a 1-D object array (``targets_array``); K may differ from image to
image and may be 0. Boxes are ``[x_min, y_min, x_max, y_max]`` in pixel-edge
coordinates of the stored image: a box over pixel columns 10..19 has ``x_min = 10``
and ``x_max = 20``.

An ``.npz`` file cannot hold such a ragged list without pickle, so ``flatten`` packs
it into three plain arrays (all boxes, all labels, and where each image's start)
and ``unflatten`` unpacks them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from netdesigner.data.dataset import DataError
from netdesigner.data.settings import Settings
from netdesigner.i18n import _


def targets_array(
    boxes: Sequence[np.ndarray], labels: Sequence[np.ndarray]
) -> np.ndarray:
    """One dict per image, as a 1-D object array of length N.

    boxes : N arrays ``(K_i, 4)``; labels : N arrays ``(K_i,)``. The arrays are
    stored as float32 and int64 (made read-only: they are shared, not copied).
    """
    targets = np.empty(len(boxes), dtype=object)
    for i, (b, y) in enumerate(zip(boxes, labels, strict=True)):
        b = np.asarray(b, dtype=np.float32).reshape(-1, 4)
        y = np.asarray(y, dtype=np.int64).reshape(-1)
        b.setflags(write=False)
        y.setflags(write=False)
        targets[i] = {"boxes": b, "labels": y}
    return targets


def flatten(targets: np.ndarray) -> dict[str, np.ndarray]:
    """Plain arrays for an ``.npz``: ``boxes`` ``(M, 4)`` float32 and ``labels``
    ``(M,)`` int64 of all images in order, ``offsets`` ``(N + 1,)`` int64 (image
    i's objects are rows ``offsets[i]:offsets[i + 1]``)."""
    counts = [len(t["labels"]) for t in targets]
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    boxes = [t["boxes"] for t in targets]
    labels = [t["labels"] for t in targets]
    return {
        "boxes": np.concatenate([np.zeros((0, 4), np.float32), *boxes]),
        "labels": np.concatenate([np.zeros(0, np.int64), *labels]),
        "offsets": offsets,
    }


def unflatten(boxes: np.ndarray, labels: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """The object array of ``flatten``'s three arrays (see there for shapes)."""
    n = len(offsets) - 1
    ok = (
        n >= 0
        and boxes.shape == (len(labels), 4)
        and offsets[0] == 0
        and offsets[-1] == len(labels)
        and bool(np.all(np.diff(offsets) >= 0))
    )
    if not ok:
        raise DataError(
            _(
                "stored boxes do not fit their offsets: {boxes} boxes, {labels} "
                "labels, offsets from {first} to {last}"
            ).format(
                boxes=len(boxes),
                labels=len(labels),
                first=int(offsets[0]) if len(offsets) else "-",
                last=int(offsets[-1]) if len(offsets) else "-",
            )
        )
    parts = [slice(offsets[i], offsets[i + 1]) for i in range(n)]
    return targets_array([boxes[s] for s in parts], [labels[s] for s in parts])


def scale_boxes(
    boxes: np.ndarray, old: tuple[int, int], new: tuple[int, int]
) -> np.ndarray:
    """Boxes of an image resized from ``old`` to ``new`` (both (height, width)).

    boxes : ``(K, 4)`` in pixel-edge coordinates of the old image. Returns
    ``(K, 4)`` float32 in the new image's.
    """
    sy, sx = new[0] / old[0], new[1] / old[1]
    return (np.asarray(boxes, np.float64) * [sx, sy, sx, sy]).astype(np.float32)


def refuse_augment(name: str, settings: Settings) -> None:
    """Detection sets take no augmentation: a flip or shift would need to move the
    boxes too, which the trainer's image augmentation does not do."""
    if settings.augment:
        raise DataError(
            _(
                "data set '{name}' is a detection set, whose boxes would not follow "
                "a flipped or shifted image; remove augment from its settings"
            ).format(name=name)
        )
