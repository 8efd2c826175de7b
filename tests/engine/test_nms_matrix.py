"""NMS over a precomputed IoU matrix keeps exactly the boxes the one-row-per-kept-box
loop keeps (ties and empty inputs included)."""

from __future__ import annotations

import numpy as np
import pytest

from netdesigner.engine.detection import boxes as box_ops


@pytest.mark.parametrize("n", [0, 1, 7, 120])
def test_matrix_nms_equals_the_row_loop(n, monkeypatch):
    rng = np.random.default_rng(n)
    corner = rng.uniform(0, 40, (n, 2))
    boxes = np.concatenate([corner, corner + rng.uniform(2, 20, (n, 2))], axis=1)
    scores = rng.uniform(0, 1, n)
    scores[: n // 3] = 0.5  # ties keep their input order
    fast = box_ops.nms(boxes, scores, 0.45)
    monkeypatch.setattr(box_ops, "NMS_MATRIX_LIMIT", -1)
    slow = box_ops.nms(boxes, scores, 0.45)
    np.testing.assert_array_equal(fast, slow)
    assert fast.dtype == np.int64
    if n > 7:
        assert 0 < len(fast) < n
