"""Boxes a detection design finds on a few test images, read between batches.

The run (``live.run``) makes one ``DetectionProbe`` per detection session, sends its
``gallery()`` once (the images and their ground-truth boxes) and, when a frame is
due, its ``frame()``: every image's detections at a low score threshold, once with
non-maximum suppression and once without. The viewer filters them by its own score
threshold, so moving the slider needs no new forward pass: greedy NMS decides a
box only by the higher-scoring boxes, so the boxes NMS keeps above a threshold are
those it keeps at a lower one that score above it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from netdesigner.engine.detection import box_iou, detect

GALLERY_SIZE = 12
"""Test images shown with their boxes."""

LOWEST_SCORE = 0.05
"""Detections below this score are never sent (the viewer's slider starts here)."""

INTERVAL = 2.0
"""Seconds between two evaluations while training (the forward pass is cheap)."""


def head_of(network: Any) -> Any:
    """The network's DetectionHead layer (its output), or None."""
    layer = network.layers.get(network.output_id)
    return layer if type(layer).__name__ == "DetectionHead" else None


def is_detection(session: Any) -> bool:
    """True when ``session`` trains a detection design on a detection set."""
    return (
        getattr(session.dataset.info, "task", "") == "detection"
        and head_of(session.network) is not None
    )


def _truth(target: Any) -> tuple[np.ndarray, np.ndarray]:
    """One image's ``{"boxes", "labels"}`` as (K, 4) float32 and (K,) int64."""
    boxes = np.asarray(target["boxes"], dtype=np.float32).reshape(-1, 4)
    return boxes, np.asarray(target["labels"], dtype=np.int64).reshape(-1)


def matches(
    boxes: np.ndarray, truth: np.ndarray, truth_labels: np.ndarray, labels: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each predicted box's best ground-truth box of the same class.

    boxes : (K, 4), labels : (K,); truth : (G, 4), truth_labels : (G,).
    Returns ``iou`` (K,) float32 and ``match`` (K,) int64 (the ground-truth index,
    -1 when the image holds no box of that class).
    """
    iou = box_iou(boxes, truth)
    iou = np.where(labels[:, None] == truth_labels[None, :], iou, -1.0)
    if iou.shape[1] == 0:
        return np.zeros(len(boxes), np.float32), np.full(len(boxes), -1, np.int64)
    match = iou.argmax(axis=1)
    best = iou[np.arange(len(boxes)), match]
    match = np.where(best >= 0.0, match, -1).astype(np.int64)
    return np.clip(best, 0.0, 1.0).astype(np.float32), match


class DetectionProbe:
    """Detections of the first ``limit`` test images, with and without NMS."""

    def __init__(self, session: Any, limit: int = GALLERY_SIZE) -> None:
        ds = session.dataset
        self.network = session.network
        head = head_of(self.network)
        self.anchors = head.anchor_boxes(tuple(self.network.input_shape[:2]))
        self.images = np.array(ds.x_test[:limit])
        self.truth = [_truth(t) for t in ds.y_test[:limit]]
        self.x = np.asarray(ds.transform(self.images), dtype=self.network.dtype)
        self._due = 0.0

    def due(self, now: float) -> bool:
        """True when a new evaluation is due while training."""
        return now >= self._due

    def gallery(self) -> dict[str, Any]:
        """Sent once: ``{"images": (n, H, W, 3) uint8, "boxes": [(K, 4) float32],
        "labels": [(K,) int64]}`` (the ground truth)."""
        return {
            "images": self.images.copy(),
            "boxes": [b.copy() for b, _ in self.truth],
            "labels": [lab.copy() for _, lab in self.truth],
        }

    def frame(self, now: float = 0.0) -> dict[str, Any]:
        """``{"nms": [per image], "all": [per image]}``, each image a dict of
        ``boxes`` (K, 4) float32, ``scores`` (K,) float32, ``labels`` (K,) int64,
        ``iou`` (K,) float32 and ``match`` (K,) int64 (see ``matches``), best score
        first, scores above ``LOWEST_SCORE``."""
        self._due = now + INTERVAL
        out = self.network.forward(self.x, training=False)
        return {
            "nms": self._images(out, use_nms=True),
            "all": self._images(out, use_nms=False),
        }

    def _images(self, out: np.ndarray, use_nms: bool) -> list[dict[str, np.ndarray]]:
        # without NMS every duplicate counts: room for all of them
        most = 100 if use_nms else 400
        found = detect(
            out,
            self.anchors,
            score_threshold=LOWEST_SCORE,
            use_nms=use_nms,
            max_detections=most,
        )
        result: list[dict[str, np.ndarray]] = []
        for det, (truth, truth_labels) in zip(found, self.truth, strict=True):
            iou, match = matches(det.boxes, truth, truth_labels, det.labels)
            result.append(
                {
                    "boxes": np.asarray(det.boxes, np.float32),
                    "scores": np.asarray(det.scores, np.float32),
                    "labels": np.asarray(det.labels, np.int64),
                    "iou": iou,
                    "match": match,
                }
            )
        return result
