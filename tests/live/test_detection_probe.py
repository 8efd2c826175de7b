"""A live run of a detection design sends its test images with their ground-truth
boxes once, then the boxes it finds, with and without NMS (issue 19)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from netdesigner.design.io import load_design
from netdesigner.live.detection_probe import LOWEST_SCORE, matches
from netdesigner.live.run import LiveRun

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "17_product_detection.json"


def test_matches_pairs_each_box_with_its_best_box_of_the_same_class():
    truth = np.array([[0, 0, 10, 10], [20, 20, 30, 30]], np.float32)
    truth_labels = np.array([0, 1])
    boxes = np.array([[0, 0, 10, 5], [20, 20, 30, 30], [0, 0, 10, 10]], np.float32)
    iou, match = matches(boxes, truth, truth_labels, np.array([0, 1, 2]))
    np.testing.assert_allclose(iou, [0.5, 1.0, 0.0])
    np.testing.assert_array_equal(match, [0, 1, -1])  # no box of class 2


def test_a_detection_run_sends_ground_truth_and_boxes_with_and_without_nms():
    frames, sessions, statuses = [], [], []
    run = LiveRun(
        on_frame=frames.append, on_status=statuses.append, on_session=sessions.append
    )
    design = load_design(SAMPLE)
    design.dataset["n_samples"] = 64
    run.command("load", {"design": design, "base_dir": SAMPLE.parent})
    assert statuses[-1].state == "ready", statuses[-1].message
    info = sessions[-1]
    assert info.task == "detection" and info.gallery is None
    gallery = info.detection
    n = len(gallery["images"])
    assert gallery["images"].shape == (n, 64, 64, 3) and n > 0
    assert all(
        len(b) == len(lab) > 0
        for b, lab in zip(*[gallery[k] for k in ("boxes", "labels")], strict=True)
    )
    run.command("step", "batch")
    found = frames[-1].detection
    assert found is not None and len(found["nms"]) == len(found["all"]) == n
    kept = sum(len(d["boxes"]) for d in found["nms"])
    every = sum(len(d["boxes"]) for d in found["all"])
    assert 0 < kept < every  # NMS removes duplicates
    for image in found["nms"]:
        assert np.all(image["scores"] > LOWEST_SCORE)
        assert np.all(np.diff(image["scores"]) <= 0)  # best first
        assert image["iou"].shape == image["match"].shape == image["scores"].shape
