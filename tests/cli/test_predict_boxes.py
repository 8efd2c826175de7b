"""``netdesigner predict`` of a detection design: Y is the head's raw output, and
``--boxes`` writes the decoded boxes after non-maximum suppression."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from netdesigner.cli import main
from netdesigner.design.build import build_network, export_weights
from netdesigner.design.io import load_design, save_design, save_weights, weights_path
from netdesigner.engine.detection import detect

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture
def detector(tmp_path):
    """Sample 17 saved with seeded random weights, and a batch of five pictures."""
    design = load_design(SAMPLES / "17_product_detection.json")
    path = tmp_path / "detector.json"
    save_design(design, path)
    network = build_network(design, seed=5)
    save_weights(weights_path(path), export_weights(network))
    x = np.random.default_rng(0).uniform(0, 1, (5, 64, 64, 3)).astype(np.float32)
    np.save(tmp_path / "x.npy", x)
    return path, network, x


def test_boxes_are_the_engines_decoding(detector, tmp_path):
    path, network, x = detector
    y_file, b_file = tmp_path / "y.npy", tmp_path / "b.npz"
    code = main(["predict", str(path), "--input", str(tmp_path / "x.npy"),
                 "--output", str(y_file), "--boxes", str(b_file),
                 "--score-threshold", "0.3"])  # fmt: skip
    assert code == 0
    y = np.load(y_file)
    assert y.shape == (5, 8, 8, 6 * (4 + 1 + 3))  # the raw head output
    np.testing.assert_allclose(y, network.predict(x), atol=1e-6)
    head = network.layers[network.output_id]
    want = detect(y, head.anchor_boxes((64, 64)), score_threshold=0.3)
    with np.load(b_file, allow_pickle=False) as saved:
        got = {k: saved[k] for k in saved.files}
    assert sorted(got) == ["boxes", "image", "labels", "scores"]
    assert len(got["labels"]) == sum(len(d.labels) for d in want) > 0
    for i, d in enumerate(want):
        mine = got["image"] == i
        np.testing.assert_allclose(got["boxes"][mine], d.boxes, atol=1e-4)
        np.testing.assert_allclose(got["scores"][mine], d.scores, atol=1e-6)
        np.testing.assert_array_equal(got["labels"][mine], d.labels)
    assert (got["scores"] > 0.3).all()


def test_boxes_of_a_classifier_is_one_sentence(tmp_path, capsys):
    design = load_design(SAMPLES / "05_playground_circle.json")
    path = tmp_path / "circle.json"
    save_design(design, path)
    save_weights(weights_path(path), export_weights(build_network(design, seed=0)))
    np.save(tmp_path / "x.npy", np.zeros((2, 2), np.float32))
    code = main(["predict", str(path), "--input", str(tmp_path / "x.npy"),
                 "--output", str(tmp_path / "y.npy"),
                 "--boxes", str(tmp_path / "b.npz")])  # fmt: skip
    assert code != 0
    err = capsys.readouterr().err
    assert "--boxes needs a design whose output is a DetectionHead" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "b.npz").exists()


def test_help_says_what_y_holds(capsys):
    with pytest.raises(SystemExit):
        main(["predict", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "for a DetectionHead, its raw output (N, H, W, A·(4 + 1 + C))" in text
    assert "--boxes" in text
