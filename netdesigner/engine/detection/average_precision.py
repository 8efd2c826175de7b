"""VOC mean average precision at an IoU threshold (Pascal VOC 2010+ all-point
interpolation).

Notes
-----
Per class, every detection of every image is sorted by score; a detection is a true
positive when it overlaps a not yet claimed ground-truth box of its class in its
image by at least the IoU threshold, else a false positive. AP is the area under
the precision-recall curve after making precision monotone (each recall takes the
best precision at that recall or beyond). mAP is the mean AP over the classes that
have ground-truth boxes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from netdesigner.engine.detection.boxes import box_iou
from netdesigner.engine.detection.postprocess import Detections


def voc_ap(recall: np.ndarray, precision: np.ndarray) -> float:
    """Area under the all-point interpolated precision-recall curve."""
    r = np.concatenate([[0.0], recall, [1.0]])
    p = np.concatenate([[0.0], precision, [0.0]])
    p = np.maximum.accumulate(p[::-1])[::-1]  # the precision envelope
    steps = np.flatnonzero(r[1:] != r[:-1])
    return float(np.sum((r[steps + 1] - r[steps]) * p[steps + 1]))


def average_precisions(
    detections: Sequence[Detections],
    gt_boxes: Sequence[np.ndarray],
    gt_labels: Sequence[np.ndarray],
    n_classes: int,
    iou_threshold: float = 0.5,
) -> np.ndarray:
    """AP per class ``(n_classes,)``; NaN for a class without ground-truth boxes.

    detections : one ``Detections`` per image; gt_boxes : per image (K, 4);
    gt_labels : per image (K,) class indices.
    """
    aps = np.full(n_classes, np.nan)
    for c in range(n_classes):
        aps[c] = _class_ap(detections, gt_boxes, gt_labels, c, iou_threshold)
    return aps


def mean_average_precision(
    detections: Sequence[Detections],
    gt_boxes: Sequence[np.ndarray],
    gt_labels: Sequence[np.ndarray],
    n_classes: int,
    iou_threshold: float = 0.5,
) -> float:
    """Mean of ``average_precisions`` over the classes that occur (NaN if none)."""
    aps = average_precisions(detections, gt_boxes, gt_labels, n_classes, iou_threshold)
    present = aps[~np.isnan(aps)]
    return float(present.mean()) if present.size else float("nan")


def _class_ap(
    detections: Sequence[Detections],
    gt_boxes: Sequence[np.ndarray],
    gt_labels: Sequence[np.ndarray],
    c: int,
    iou_threshold: float,
) -> float:
    truths = [
        np.asarray(b).reshape(-1, 4)[np.asarray(lab) == c]
        for b, lab in zip(gt_boxes, gt_labels, strict=True)
    ]
    n_truth = sum(len(t) for t in truths)
    if n_truth == 0:
        return float("nan")
    images, scores, boxes = [], [], []
    for i, det in enumerate(detections):
        mine = det.labels == c
        images.extend([i] * int(mine.sum()))
        scores.append(det.scores[mine])
        boxes.append(det.boxes[mine])
    if not images:
        return 0.0
    order = np.argsort(-np.concatenate(scores), kind="stable")
    all_boxes = np.concatenate(boxes)[order]
    image_of = np.asarray(images)[order]
    claimed = [np.zeros(len(t), dtype=bool) for t in truths]
    tp = np.zeros(len(order))
    for k, (i, box) in enumerate(zip(image_of, all_boxes, strict=True)):
        if len(truths[i]) == 0:
            continue
        iou = box_iou(box[None], truths[i])[0]
        j = int(iou.argmax())
        if iou[j] >= iou_threshold and not claimed[i][j]:
            claimed[i][j] = True
            tp[k] = 1.0
    hits = np.cumsum(tp)
    recall = hits / n_truth
    precision = hits / np.arange(1, len(tp) + 1)
    return voc_ap(recall, precision)
