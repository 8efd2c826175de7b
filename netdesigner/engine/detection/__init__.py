"""Single-shot object detection (SSD style): anchors, box arithmetic, matching,
the multibox loss, decoding with non-maximum suppression and VOC mean average
precision. NumPy only.

Boxes are ``[x_min, y_min, x_max, y_max]`` in pixels of the network's input image.
Class index 0 is the background inside the engine; a data set's class ``c`` is the
engine's ``c + 1``.
"""

from netdesigner.engine.detection.anchors import make_anchors
from netdesigner.engine.detection.average_precision import (
    average_precisions,
    mean_average_precision,
)
from netdesigner.engine.detection.boxes import box_iou, decode_boxes, encode_boxes, nms
from netdesigner.engine.detection.matching import match_anchors
from netdesigner.engine.detection.postprocess import Detections, detect

__all__ = [
    "Detections",
    "average_precisions",
    "box_iou",
    "decode_boxes",
    "detect",
    "encode_boxes",
    "make_anchors",
    "match_anchors",
    "mean_average_precision",
    "nms",
]
