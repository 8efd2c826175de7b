"""Shapes and classes before training follow the design's file options: CIFAR-100's
coarse labels (20 classes) and an image folder's ``image_size``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from netdesigner.design.data_paths import data_file_info
from netdesigner.design.model import Design
from netdesigner.design.validation import validate
from netdesigner.design.validation_output import (
    design_dataset_info,
    expected_input_shape,
)


def _design(path: Path, shape: list[int], units: int, **dataset) -> Design:
    return Design.from_dict(
        {
            "format": "netdesigner.design", "version": 1, "name": "colour",
            "nodes": [
                {"id": "input", "type": "Input", "params": {"shape": shape}},
                {"id": "flat", "type": "Flatten", "params": {}},
                {"id": "out", "type": "Dense",
                 "params": {"units": units, "activation": "softmax"}},
            ],
            "edges": [{"from": "input", "to": "flat"}, {"from": "flat", "to": "out"}],
            "dataset": {"path": str(path), **dataset},
            "training": {"loss": "sparse_categorical_crossentropy"},
        }
    )  # fmt: skip


def _cifar100(tmp_path: Path) -> Path:
    """A CIFAR-100 binary folder in the official record layout (coarse, fine,
    then the R, G, B planes)."""
    folder = tmp_path / "cifar-100-binary"
    folder.mkdir()
    rng = np.random.default_rng(0)
    fine = np.arange(120) % 100
    planes = rng.integers(0, 256, (120, 3 * 32 * 32), dtype=np.uint8)
    rows = np.hstack([(fine // 5)[:, None], fine[:, None], planes]).astype(np.uint8)
    (folder / "train.bin").write_bytes(rows[:100].tobytes())
    (folder / "test.bin").write_bytes(rows[100:].tobytes())
    return folder


def test_coarse_cifar100_is_validated_with_its_20_classes(tmp_path):
    folder = _cifar100(tmp_path)
    coarse = _design(folder, [32, 32, 3], 20, label_mode="coarse")
    assert design_dataset_info(coarse).n_classes == 20
    assert [p.code for p in validate(coarse)] == []
    wrong = _design(folder, [32, 32, 3], 100, label_mode="coarse")
    (problem,) = validate(wrong)
    assert problem.code == "output_units" and "20 classes" in problem.message
    fine = _design(folder, [32, 32, 3], 100)  # the same file, cached apart
    assert design_dataset_info(fine).n_classes == 100
    assert validate(fine) == []
    assert data_file_info(folder, label_mode="coarse").n_classes == 20


def test_an_image_folder_is_shaped_by_its_image_size(tmp_path):
    image = pytest.importorskip("PIL.Image")
    root = tmp_path / "shapes"
    for name, colour in {"red": (255, 0, 0), "blue": (0, 0, 255)}.items():
        (root / name).mkdir(parents=True)
        for i in range(3):
            image.new("RGB", (40, 30), colour).save(root / name / f"{i}.png")
    design = _design(root, [16, 24, 3], 2, image_size=[16, 24])
    assert expected_input_shape(design) == (16, 24, 3)
    assert validate(design) == []
    at_32 = _design(root, [16, 24, 3], 2)  # without image_size: the 32×32 default
    assert expected_input_shape(at_32) == (32, 32, 3)
