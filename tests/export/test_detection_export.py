"""Export of a detection design: the PyTorch script carries the anchors, matching,
multibox loss, decoding, NMS and mAP@0.5 as plain torch code that agrees with the
engine; the Keras export refuses the DetectionHead in one sentence."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import numpy as np
import pytest

from netdesigner.data import load_dataset
from netdesigner.design.build import build_network
from netdesigner.design.export import ExportError, export_bundle, export_design
from netdesigner.design.io import load_weights, loads_design, weights_path
from netdesigner.engine.detection import detect
from netdesigner.engine.detection.loss import MultiboxLoss
from tests.export.conftest import SAMPLES, make_case
from tests.export.test_pytorch_export import import_script

torch = pytest.importorskip("torch")

SAMPLE = "17_product_detection"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """Sample 17 saved with random weights, its PyTorch script imported, the
    engine's network with the same weights, and eight product pictures."""
    folder = tmp_path_factory.mktemp("detection")
    case = make_case(SAMPLE, folder)
    out = folder / "detector.py"
    export_design(case.design, case.path, "pytorch", out)
    network = build_network(case.design, seed=0)
    network.set_weights(load_weights(weights_path(case.path)))
    data = load_dataset("products", seed=0, n_samples=8)
    x = data.transform(data.x_test[:8])
    return import_script(out), network, x, list(data.y_test[:8])


def _engine_loss(network) -> MultiboxLoss:
    loss = MultiboxLoss()
    loss.bind(network)
    return loss


def test_anchors_are_the_heads(exported):
    module, network, _, _ = exported
    head = network.layers[network.output_id]
    anchors = head.anchor_boxes(tuple(network.input_shape[:2]))
    np.testing.assert_array_equal(module.ANCHORS.numpy(), anchors)


@pytest.mark.parametrize(("score", "iou"), [(0.01, 0.45), (0.3, 0.2)])
def test_detect_finds_the_engines_boxes(exported, score, iou):
    module, network, x, _ = exported
    anchors = _engine_loss(network).anchors
    expected = detect(network.predict(x), anchors, score_threshold=score,
                      iou_threshold=iou)  # fmt: skip
    found = module.build_model().detect(x, score_threshold=score, iou_threshold=iou)
    assert len(found) == len(expected) == len(x)
    assert sum(len(e.labels) for e in expected) > 0
    for got, want in zip(found, expected, strict=True):
        np.testing.assert_array_equal(got["labels"].numpy(), want.labels)
        np.testing.assert_allclose(got["scores"].numpy(), want.scores, atol=1e-5)
        np.testing.assert_allclose(got["boxes"].numpy(), want.boxes, atol=1e-3)


def test_loss_value_and_gradient_are_the_engines(exported):
    """Matching, smooth-L1 and hard-negative mining as the engine computes them."""
    module, network, x, y = exported
    loss = _engine_loss(network)
    targets = loss.prepare_targets(y, (), np.float32)
    script_targets = module.prepare_targets(y)
    np.testing.assert_allclose(script_targets, targets, atol=1e-5)
    out = network.predict(x)
    value, grad = loss.value_and_gradient(out, targets)
    y_pred = torch.from_numpy(out).requires_grad_(True)
    got = module.loss_fn(y_pred, torch.from_numpy(script_targets))
    got.backward()
    assert got.item() == pytest.approx(value, rel=1e-5)
    np.testing.assert_allclose(y_pred.grad.numpy(), grad, atol=1e-6)


def test_map50_is_the_engines(exported):
    module, network, x, y = exported
    loss = _engine_loss(network)
    targets = loss.prepare_targets(y, (), np.float32)
    # a noisy prediction near the truth (the targets' own offsets and classes),
    # so that some boxes are found, some missed and some wrong
    m = len(loss.anchors)
    rng = np.random.default_rng(3)
    per = rng.normal(0.0, 1.5, (len(x), m, 8)).astype(np.float32)
    per[..., :4] += targets[:, :m, :4]
    per[..., 4:] += np.eye(4, dtype=np.float32)[targets[:, :m, 4].astype(int)] * 3
    out = per.reshape(len(x), 8, 8, 48)  # (N, fh, fw, A·(4 + 1 + C))
    want = loss.map50(out, targets)
    assert 0.0 < want < 1.0
    got = module.map50(torch.from_numpy(out), torch.from_numpy(targets))
    assert got == pytest.approx(want, abs=1e-9)


def test_script_trains_with_the_multibox_loss(tmp_path):
    """Run as a script on a few pictures: one epoch, ending with test map50."""
    doc = json.loads((SAMPLES / f"{SAMPLE}.json").read_text("utf-8"))
    doc["dataset"]["n_samples"] = 32
    design = loads_design(json.dumps(doc), source="small detection")
    out = tmp_path / "train_detector.py"
    export_design(design, None, "pytorch", out)
    env = dict(os.environ, OMP_NUM_THREADS="1")
    run = subprocess.run(
        [sys.executable, str(out), "--epochs", "1", "--batch-size", "16"],
        capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert re.fullmatch(r"epoch 1/1: loss \d+\.\d{4}, test loss .*", lines[-2])
    assert re.fullmatch(r"test map50: \d\.\d{4}", lines[-1])


def test_keras_export_says_what_it_cannot_write(tmp_path):
    design = loads_design((SAMPLES / f"{SAMPLE}.json").read_text("utf-8"))
    with pytest.raises(ExportError) as info:
        export_design(design, None, "keras", tmp_path / "detector_keras.py")
    message = str(info.value)
    assert "DetectionHead 'detection_1'" in message
    assert "PyTorch" in message and "\n" not in message
    assert not (tmp_path / "detector_keras.py").exists()


def test_a_bundle_refuses_box_targets(tmp_path):
    design = loads_design((SAMPLES / f"{SAMPLE}.json").read_text("utf-8"))
    with pytest.raises(ExportError, match="DetectionHead 'detection_1'"):
        export_bundle(design, None, "pytorch", tmp_path / "bundle")
