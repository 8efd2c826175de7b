"""The built-in CIFAR-10 subset: shapes, balance, labels, and the build from JPEG."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

import numpy as np
import pytest

from netdesigner.data import dataset_info, load_dataset
from netdesigner.data.build import build_cifar10
from netdesigner.data.images import CIFAR10_CLASSES
from netdesigner.resources import resource_path

from .test_image_labels import nearest_mean_accuracy


def test_cifar10_is_rgb_balanced_with_named_classes():
    ds = load_dataset("cifar10")
    info = dataset_info("cifar10")
    assert info.kind == "image" and info.fixed_split
    assert info.class_names == CIFAR10_CLASSES and info.n_classes == 10
    assert ds.x_train.shape == (10_000, 32, 32, 3) and ds.x_train.dtype == np.uint8
    assert ds.x_test.shape == (2_000, 32, 32, 3)
    assert np.bincount(ds.y_train).tolist() == [1000] * 10
    assert np.bincount(ds.y_test).tolist() == [200] * 10
    assert ds.input_shape == (32, 32, 3)
    batch = ds.transform(ds.x_test[:4])
    assert batch.dtype == np.float32 and batch.shape == (4, 32, 32, 3)
    assert 0.0 <= batch.min() and batch.max() <= 1.0
    # colour photos: the three channels differ (a grey set copied thrice would not)
    assert np.abs(ds.x_train[..., 0].astype(int) - ds.x_train[..., 2]).mean() > 5


def test_a_prefix_of_cifar10_is_balanced():
    ds = load_dataset("cifar10", n_samples=500)
    assert np.bincount(ds.y_train).tolist() == [50] * 10


def test_cifar10_class_means_beat_chance_clearly():
    # measured 0.28 (pixels of a class share colours: sky, grass, sea); labels
    # shuffled against the images give about 0.1, chance among ten classes
    assert nearest_mean_accuracy("cifar10") >= 0.22


def test_cifar10_file_is_compact_with_licence_and_fixed_dates():
    path = resource_path("datasets", "cifar10.npz")
    assert path.stat().st_size < 30 * 1024 * 1024
    with zipfile.ZipFile(path) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    text = resource_path("datasets", "cifar10.LICENSE.txt").read_text("utf-8")
    assert "Krizhevsky" in text and "Learning Multiple Layers" in text


def _jpeg(colour: tuple[int, int, int]) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), colour).save(buffer, format="JPEG", quality=95)
    return buffer.getvalue()


def _fake_archive(folder: Path, per_class: dict[str, int]) -> None:
    """An archive in the layout of cifar10-jpg.tar.gz whose image NNNN of class c
    has red = 25 * c, green = 50 * NNNN and blue = 100 (train) or 200 (test)."""
    target = folder / "cifar-10-jpg"
    target.mkdir()
    with tarfile.open(target / "cifar10-jpg.tar.gz", "w:gz") as tar:
        for part, count in per_class.items():
            for c, name in enumerate(CIFAR10_CLASSES):
                for i in reversed(range(count)):  # archive order is not name order
                    blue = 100 if part == "train" else 200
                    data = _jpeg((25 * c, 50 * i, blue))
                    entry = tarfile.TarInfo(f"{part}/{name}/{i:04d}.jpg")
                    entry.size = len(data)
                    tar.addfile(entry, io.BytesIO(data))


def test_the_build_takes_the_first_images_of_each_class_with_their_labels(
    tmp_path, monkeypatch
):
    pytest.importorskip("PIL", reason="the CIFAR-10 build decodes JPEG with Pillow")
    import netdesigner.data.build as build

    monkeypatch.setattr(build, "CIFAR10_TRAIN_PER_CLASS", 3)
    monkeypatch.setattr(build, "CIFAR10_TEST_PER_CLASS", 2)
    _fake_archive(tmp_path, {"train": 5, "test": 4})
    built = build_cifar10(tmp_path)
    x, y = built["x_train"], built["y_train"]
    assert x.shape == (30, 32, 32, 3) and built["x_test"].shape == (20, 32, 32, 3)
    np.testing.assert_array_equal(y[:20], list(range(10)) * 2)  # round-robin
    pixel = x[:, 16, 16].astype(int)  # JPEG is lossy: values within a few levels
    np.testing.assert_allclose(pixel[:, 0], 25 * y, atol=4)  # each with its label
    np.testing.assert_allclose(pixel[:, 1], 50 * np.repeat(np.arange(3), 10), atol=4)
    assert np.all(np.abs(pixel[:, 2] - 100) <= 4)
    assert np.all(np.abs(built["x_test"][:, 16, 16, 2].astype(int) - 200) <= 4)
    assert list(built["class_names"]) == list(CIFAR10_CLASSES)
