"""The detection lesson (samples/17_product_detection.json) keeps its promise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netdesigner.cli import main
from netdesigner.design.io import load_design

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "17_product_detection.json"


def test_the_sample_is_a_detector_on_products():
    design = load_design(SAMPLE)
    assert design.dataset["name"] == "products"
    assert design.training["loss"] == "multibox_loss"
    assert design.nodes[-1].type == "DetectionHead"
    assert design.lesson is not None and "RoI" in design.lesson.explanation.en


@pytest.mark.slow
def test_train_reaches_map50_of_half_and_writes_it(tmp_path):
    """4 epochs on the 2,000 product pictures (measured test mAP@0.5 about 0.9)."""
    metrics = tmp_path / "m.json"
    code = main(
        [
            "train",
            str(SAMPLE),
            "--out",
            str(tmp_path / "o.json"),
            "--metrics-json",
            str(metrics),
            "--quiet",
        ]
    )
    assert code == 0
    results = json.loads(metrics.read_text(encoding="utf-8"))
    assert results["test_map50"] >= 0.5
    assert len(results["history"]["test_map50"]) == 4
