"""From the head's raw output to boxes: softmax scores, decoding, per-class NMS."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from netdesigner.engine.detection.boxes import decode_boxes, nms


@dataclass(frozen=True)
class Detections:
    """One image's detections, best first.

    boxes : (K, 4) float corners in pixels; scores : (K,) class probabilities;
    labels : (K,) int64 class indices of the data set (background excluded).
    """

    boxes: np.ndarray
    scores: np.ndarray
    labels: np.ndarray


def split_output(y: np.ndarray, n_anchors: int) -> tuple[np.ndarray, np.ndarray]:
    """``y : (N, fh, fw, A·(5 + C))`` -> offsets ``(N, M, 4)`` and class logits
    ``(N, M, 1 + C)`` (background first), M = fh·fw·A anchors."""
    per = y.reshape(len(y), n_anchors, -1)
    return per[..., :4], per[..., 4:]


def class_probabilities(logits: np.ndarray) -> np.ndarray:
    """Softmax over the last axis (log-sum-exp shift)."""
    e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def detect(
    y: np.ndarray,
    anchors: np.ndarray,
    *,
    score_threshold: float = 0.01,
    iou_threshold: float = 0.45,
    top_k: int = 200,
    max_detections: int = 100,
    use_nms: bool = True,
) -> list[Detections]:
    """Detections per image of a batch of head outputs.

    y : (N, fh, fw, A·(5 + C)); anchors : (fh·fw·A, 4). For each class, the anchors
    scoring above ``score_threshold`` (at most ``top_k``) are decoded and thinned by
    NMS at ``iou_threshold`` (``use_nms`` False keeps the duplicates, to show what
    NMS removes); the best ``max_detections`` of the image are returned.
    """
    offsets, logits = split_output(np.asarray(y, dtype=np.float64), len(anchors))
    probs = class_probabilities(logits)
    return [
        _one_image(
            offsets[i],
            probs[i],
            anchors,
            score_threshold,
            iou_threshold,
            top_k,
            max_detections,
            use_nms,
        )
        for i in range(len(y))
    ]


def _one_image(
    offsets: np.ndarray,
    probs: np.ndarray,
    anchors: np.ndarray,
    score_threshold: float,
    iou_threshold: float,
    top_k: int,
    max_detections: int,
    use_nms: bool,
) -> Detections:
    boxes, scores, labels = [], [], []
    for c in range(1, probs.shape[1]):
        candidates = np.flatnonzero(probs[:, c] > score_threshold)
        if candidates.size == 0:
            continue
        best = np.argsort(-probs[candidates, c], kind="stable")[:top_k]
        candidates = candidates[best]
        decoded = decode_boxes(offsets[candidates], anchors[candidates])
        s = probs[candidates, c]
        keep = nms(decoded, s, iou_threshold) if use_nms else np.arange(len(s))
        boxes.append(decoded[keep])
        scores.append(s[keep])
        labels.append(np.full(len(keep), c - 1, dtype=np.int64))
    if not boxes:
        return Detections(np.zeros((0, 4)), np.zeros(0), np.zeros(0, dtype=np.int64))
    b, s, lab = np.concatenate(boxes), np.concatenate(scores), np.concatenate(labels)
    order = np.argsort(-s, kind="stable")[:max_detections]
    return Detections(b[order], s[order], lab[order])
