"""Box arithmetic: IoU, SSD's offset encoding and its inverse, non-maximum
suppression.

Boxes are ``(K, 4)`` arrays ``[x_min, y_min, x_max, y_max]`` in pixels.

Notes
-----
SSD encodes a ground-truth box g against an anchor a (centres cx, cy, sizes w, h) as
``((g_cx - a_cx) / a_w / 0.1, (g_cy - a_cy) / a_h / 0.1, log(g_w / a_w) / 0.2,
log(g_h / a_h) / 0.2)``; the "variances" 0.1 and 0.2 bring the offsets to about unit
scale, so one smooth-L1 suits all four.
"""

from __future__ import annotations

import numpy as np

#: SSD's scaling of centre and size offsets (see Notes)
VARIANCES = (0.1, 0.2)
#: decoded log-sizes are clipped here so that exp never overflows (e^4 ≈ 55×)
MAX_LOG_SCALE = 4.0


def box_area(boxes: np.ndarray) -> np.ndarray:
    """Areas ``(K,)`` of ``boxes : (K, 4)`` (0 for empty boxes)."""
    w = np.clip(boxes[:, 2] - boxes[:, 0], 0, None)
    h = np.clip(boxes[:, 3] - boxes[:, 1], 0, None)
    return w * h


def box_iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Intersection over union ``(len(a), len(b))`` of ``a : (K, 4)``, ``b : (M, 4)``.

    Two empty boxes have IoU 0, never NaN.
    """
    a = np.asarray(a, dtype=np.float64).reshape(-1, 4)
    b = np.asarray(b, dtype=np.float64).reshape(-1, 4)
    lo = np.maximum(a[:, None, :2], b[None, :, :2])
    hi = np.minimum(a[:, None, 2:], b[None, :, 2:])
    wh = np.clip(hi - lo, 0, None)
    inter = wh[..., 0] * wh[..., 1]
    union = box_area(a)[:, None] + box_area(b)[None, :] - inter
    return np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)


def to_centre(boxes: np.ndarray) -> np.ndarray:
    """``(K, 4)`` corners -> ``(K, 4)`` [cx, cy, w, h]."""
    wh = boxes[:, 2:] - boxes[:, :2]
    return np.concatenate([boxes[:, :2] + 0.5 * wh, wh], axis=1)


def to_corners(centre: np.ndarray) -> np.ndarray:
    """``(K, 4)`` [cx, cy, w, h] -> ``(K, 4)`` corners."""
    half = 0.5 * centre[:, 2:]
    return np.concatenate([centre[:, :2] - half, centre[:, :2] + half], axis=1)


def encode_boxes(boxes: np.ndarray, anchors: np.ndarray) -> np.ndarray:
    """Offsets ``(K, 4)`` of ``boxes : (K, 4)`` from their ``anchors : (K, 4)``."""
    g, a = to_centre(boxes), to_centre(anchors)
    centre = (g[:, :2] - a[:, :2]) / a[:, 2:] / VARIANCES[0]
    size = np.log(g[:, 2:] / a[:, 2:]) / VARIANCES[1]
    return np.concatenate([centre, size], axis=1)


def decode_boxes(offsets: np.ndarray, anchors: np.ndarray) -> np.ndarray:
    """Boxes ``(..., 4)`` from ``offsets : (..., 4)`` on ``anchors`` (broadcast)."""
    a = to_centre(np.asarray(anchors).reshape(-1, 4)).reshape(np.shape(anchors))
    centre = a[..., :2] + offsets[..., :2] * VARIANCES[0] * a[..., 2:]
    log_size = np.clip(offsets[..., 2:] * VARIANCES[1], -MAX_LOG_SCALE, MAX_LOG_SCALE)
    half = 0.5 * a[..., 2:] * np.exp(log_size)
    return np.concatenate([centre - half, centre + half], axis=-1)


def nms(boxes: np.ndarray, scores: np.ndarray, iou_threshold: float) -> np.ndarray:
    """Indices of the boxes kept by greedy non-maximum suppression, best first.

    boxes : (K, 4); scores : (K,). A box is dropped when its IoU with a kept,
    higher-scoring box exceeds ``iou_threshold`` (as ``torchvision.ops.nms``).
    """
    order = np.argsort(-np.asarray(scores), kind="stable")
    boxes = np.asarray(boxes, dtype=np.float64)
    if order.size <= NMS_MATRIX_LIMIT:
        return _nms_matrix(boxes[order], iou_threshold, order)
    keep: list[int] = []
    while order.size:
        best = int(order[0])
        keep.append(best)
        rest = order[1:]
        iou = box_iou(boxes[best : best + 1], boxes[rest])[0]
        order = rest[iou <= iou_threshold]
    return np.asarray(keep, dtype=np.int64)


NMS_MATRIX_LIMIT = 1024
"""Up to this many boxes, NMS computes all their IoUs at once ((K, K) float64, 8 MB
at most) instead of one row per kept box: a fast loop over booleans."""


def _nms_matrix(
    boxes: np.ndarray, iou_threshold: float, order: np.ndarray
) -> np.ndarray:
    """Greedy NMS of ``boxes`` (K, 4), sorted best first; returns ``order[kept]``."""
    iou = box_iou(boxes, boxes)
    dropped = np.zeros(len(boxes), dtype=bool)
    keep: list[int] = []
    for i in range(len(boxes)):
        if dropped[i]:
            continue
        keep.append(i)
        dropped[i + 1 :] |= iou[i, i + 1 :] > iou_threshold
    return np.asarray(order[keep], dtype=np.int64)
