"""SSD's multibox loss: smooth-L1 on the matched anchors' box offsets plus softmax
cross-entropy on their classes and on the hardest background anchors.

Targets
-------
``prepare_targets`` turns a data set's per-image ``{"boxes": (K, 4), "labels":
(K,)}`` into one float array ``(N, M + G, 6)`` the trainer can shuffle and slice:
rows ``[:M]`` (one per anchor) hold ``[dx, dy, dw, dh, class, ground-truth index]``
(class 0 = background, index -1 = unmatched); rows ``[M:]`` hold the image's
ground-truth boxes ``[x_min, y_min, x_max, y_max, label, 1]``, padded with zeros to
the largest count G in the set (the metric reads them).

Notes
-----
With P matched (positive) anchors in the batch, the value is
``(Σ_pos smoothL1(offsets − targets) + Σ_pos∪neg CE) / P``; per image, the
negatives kept are the ``neg_pos_ratio`` × its positives unmatched anchors with the
largest background cross-entropy (hard-negative mining, 3:1 in SSD), so that the
thousands of easy background anchors do not drown the few objects.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from netdesigner.engine.detection.average_precision import average_precisions
from netdesigner.engine.detection.boxes import encode_boxes
from netdesigner.engine.detection.matching import match_anchors
from netdesigner.engine.detection.postprocess import class_probabilities, detect
from netdesigner.engine.errors import EngineError
from netdesigner.engine.loss_base import LOSSES, Loss

NAME = "multibox_loss"
#: columns of a prepared target row
COLUMNS = 6


@LOSSES.register(NAME)
class MultiboxLoss(Loss):
    """See the module docstring. ``bind`` must be called with the network first."""

    name = NAME
    default_metrics = ("map50",)

    def __init__(
        self,
        neg_pos_ratio: float = 3.0,
        iou_threshold: float = 0.5,
        loc_weight: float = 1.0,
    ) -> None:
        self.neg_pos_ratio = _positive(NAME, "neg_pos_ratio", neg_pos_ratio)
        self.iou_threshold = _positive(NAME, "iou_threshold", iou_threshold)
        self.loc_weight = _positive(NAME, "loc_weight", loc_weight)
        self.anchors: np.ndarray | None = None
        self.num_classes = 0

    def get_config(self) -> dict[str, Any]:
        return {
            "neg_pos_ratio": self.neg_pos_ratio,
            "iou_threshold": self.iou_threshold,
            "loc_weight": self.loc_weight,
        }

    def bind(self, network: Any) -> None:
        """Take the anchors and class count from the network's DetectionHead."""
        head = network.layers[network.output_id]
        if not hasattr(head, "anchor_boxes"):
            raise EngineError(
                f"{NAME} needs a DetectionHead as the network's output layer, found "
                f"{type(head).__name__}"
            )
        self.anchors = head.anchor_boxes(tuple(network.input_shape[:2]))
        self.num_classes = head.num_classes

    # -- targets -------------------------------------------------------------------
    def prepare_targets(
        self, y: Any, output_shape: tuple[int, ...], dtype: Any
    ) -> np.ndarray:
        anchors = self._bound()
        images = [
            _boxes_and_labels(item, i, self.num_classes) for i, item in enumerate(y)
        ]
        g = max([len(b) for b, _ in images] + [1])
        t = np.zeros((len(images), len(anchors) + g, COLUMNS), dtype=dtype)
        for i, (boxes, labels) in enumerate(images):
            t[i, : len(anchors)] = anchor_targets(
                anchors, boxes, labels, self.iou_threshold
            )
            truth = t[i, len(anchors) : len(anchors) + len(boxes)]
            truth[:, :4], truth[:, 4], truth[:, 5] = boxes, labels, 1.0
        return t

    def ground_truth(self, t: np.ndarray) -> tuple[list, list]:
        """Per image, the boxes ``(K, 4)`` and labels ``(K,)`` stored in targets."""
        rows = t[:, len(self._bound()) :]
        valid = rows[..., 5] > 0
        boxes = [r[v, :4].astype(np.float64) for r, v in zip(rows, valid, strict=True)]
        labels = [r[v, 4].astype(np.int64) for r, v in zip(rows, valid, strict=True)]
        return boxes, labels

    # -- value and gradient --------------------------------------------------------
    def value_and_gradient(
        self, y_pred: np.ndarray, y_true: np.ndarray
    ) -> tuple[float, np.ndarray]:
        m = len(self._bound())
        per = y_pred.reshape(len(y_pred), m, -1)
        offsets, logits = per[..., :4], per[..., 4:]
        cls = y_true[:, :m, 4].astype(np.intp)
        pos = cls > 0
        denom = max(int(pos.sum()), 1)
        p = class_probabilities(logits)
        ce = _cross_entropy(logits, cls)
        chosen = pos | self._hard_negatives(ce, pos)
        d = offsets - y_true[:, :m, :4]
        ad = np.abs(d)
        smooth = np.where(ad < 1, 0.5 * d * d, ad - 0.5)
        value = float(ce[chosen].sum()) + self.loc_weight * float(smooth[pos].sum())
        grad = np.empty_like(per)
        # d CE / d logits = softmax − one-hot, on the chosen anchors only
        np.put_along_axis(
            p,
            cls[..., None],
            np.take_along_axis(p, cls[..., None], axis=-1) - 1,
            axis=-1,
        )
        grad[..., 4:] = p * chosen[..., None] / denom
        grad[..., :4] = np.clip(d, -1, 1) * (pos[..., None] * self.loc_weight / denom)
        return value / denom, grad.reshape(y_pred.shape)

    def _hard_negatives(self, ce: np.ndarray, pos: np.ndarray) -> np.ndarray:
        """``(N, M)`` mask of each image's ``neg_pos_ratio`` × positives unmatched
        anchors with the largest background loss."""
        n_pos = pos.sum(axis=1)
        n_neg = np.minimum(
            np.floor(self.neg_pos_ratio * n_pos).astype(np.int64),
            pos.shape[1] - n_pos,
        )
        background = np.where(pos, -np.inf, ce)
        order = np.argsort(-background, axis=1, kind="stable")
        rank = np.empty_like(order)
        np.put_along_axis(rank, order, np.arange(pos.shape[1])[None], axis=1)
        return rank < n_neg[:, None]

    # -- metrics -------------------------------------------------------------------
    def metric_function(self, name: str) -> Callable[..., float] | None:
        if name == "map50":
            return self.map50
        return None

    def class_aps(self, outputs: np.ndarray, targets: np.ndarray) -> np.ndarray:
        """VOC AP at IoU 0.5 per class ``(C,)`` (NaN for absent classes)."""
        detections = detect(outputs, self._bound())
        boxes, labels = self.ground_truth(targets)
        return average_precisions(detections, boxes, labels, self.num_classes)

    def map50(
        self, outputs: np.ndarray, targets: np.ndarray, threshold: float = 0.5
    ) -> float:
        """Mean AP at IoU 0.5 over the classes present (``threshold`` unused)."""
        aps = self.class_aps(outputs, targets)
        present = aps[~np.isnan(aps)]
        return float(present.mean()) if present.size else float("nan")

    def _bound(self) -> np.ndarray:
        if self.anchors is None:
            raise EngineError(
                f"{NAME} is not bound to a network yet; it needs the DetectionHead's "
                "anchors (call bind(network))"
            )
        return self.anchors


def anchor_targets(
    anchors: np.ndarray,
    boxes: np.ndarray,
    labels: np.ndarray,
    iou_threshold: float = 0.5,
) -> np.ndarray:
    """``(M, 6)`` rows ``[dx, dy, dw, dh, class, gt index]`` for one image."""
    rows = np.zeros((len(anchors), COLUMNS))
    matched = match_anchors(anchors, boxes, iou_threshold)
    rows[:, 5] = matched
    hit = matched >= 0
    if hit.any():
        rows[hit, :4] = encode_boxes(boxes[matched[hit]], anchors[hit])
        rows[hit, 4] = labels[matched[hit]] + 1
    return rows


def _cross_entropy(logits: np.ndarray, cls: np.ndarray) -> np.ndarray:
    """``(N, M)`` −log softmax(logits)[cls] by log-sum-exp."""
    top = logits.max(axis=-1, keepdims=True)
    lse = top[..., 0] + np.log(np.exp(logits - top).sum(axis=-1))
    return lse - np.take_along_axis(logits, cls[..., None], axis=-1)[..., 0]


def _boxes_and_labels(
    item: Any, index: int, n_classes: int
) -> tuple[np.ndarray, np.ndarray]:
    """One image's checked ``(K, 4)`` float64 boxes and ``(K,)`` int64 labels."""
    if not isinstance(item, dict) or not {"boxes", "labels"} <= set(item):
        raise EngineError(
            f"{NAME} needs one {{'boxes', 'labels'}} dict per image as targets, found "
            f"{type(item).__name__} for image {index}"
        )
    boxes = np.asarray(item["boxes"], dtype=np.float64).reshape(-1, 4)
    labels = np.asarray(item["labels"]).reshape(-1).astype(np.int64)
    if len(boxes) != len(labels):
        raise EngineError(
            f"image {index} has {len(boxes)} boxes but {len(labels)} labels; they "
            "must match one to one"
        )
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise EngineError(
            f"image {index} has class {int(labels.max())}, but the DetectionHead has "
            f"num_classes {n_classes} (classes 0 to {n_classes - 1})"
        )
    if not np.isfinite(boxes).all() or np.any(boxes[:, 2:] <= boxes[:, :2]):
        raise EngineError(
            f"image {index} has a box whose x_max/y_max is not above its "
            "x_min/y_min; boxes are [x_min, y_min, x_max, y_max]"
        )
    return boxes, labels


def _positive(owner: str, arg: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value <= 0:
        raise EngineError(
            f"{owner}: '{arg}' expected a positive number, found {value!r}"
        )
    return float(value)
