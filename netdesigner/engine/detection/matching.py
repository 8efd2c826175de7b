"""Which anchor learns which ground-truth box (SSD's matching strategy)."""

from __future__ import annotations

import numpy as np

from netdesigner.engine.detection.boxes import box_iou


def match_anchors(
    anchors: np.ndarray, gt_boxes: np.ndarray, iou_threshold: float = 0.5
) -> np.ndarray:
    """The ground-truth index each anchor is matched to, ``(M,)`` int64, -1 for none.

    anchors : (M, 4); gt_boxes : (K, 4). An anchor is matched to the box it overlaps
    most when that IoU is at least ``iou_threshold``; each box's best anchor is
    matched to it in any case, so that no object goes unlearnt (small or oddly
    shaped ones overlap no anchor by 0.5).
    """
    matched = np.full(len(anchors), -1, dtype=np.int64)
    if len(gt_boxes) == 0:
        return matched
    iou = box_iou(anchors, gt_boxes)  # (M, K)
    best_gt = iou.argmax(axis=1)
    good = iou[np.arange(len(anchors)), best_gt] >= iou_threshold
    matched[good] = best_gt[good]
    # forced matches last, so that they win over threshold matches
    matched[iou.argmax(axis=0)] = np.arange(len(gt_boxes))
    return matched
