"""Every built-in image keeps its own label: known images, class means, the build.

The shipped files are checked without the original datasets: a label shuffled against
its image (in the build script or the loader) shows up as a known Fashion-MNIST image
with the wrong label, and as class-mean images that no longer tell the classes apart.
"""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np
import pytest

from netdesigner.data import load_dataset
from netdesigner.data.build import build_fashion_mnist

# The first ten images of Fashion-MNIST's training file: their published labels
# (ankle boot, T-shirt, T-shirt, dress, T-shirt, pullover, sneaker, pullover, sandal,
# sandal) and the sum of each image's 784 pixel values, read from the original
# train-images-idx3-ubyte.gz.
FIRST_LABELS = [9, 0, 0, 3, 0, 2, 7, 2, 5, 5]
FIRST_PIXEL_SUMS = [
    76247,
    84598,
    28662,
    46649,
    61187,
    84165,
    32526,
    115182,
    19892,
    40696,
]


def shipped_index(labels: list[int], i: int) -> int:
    """Where original training image ``i`` lies in the shipped file: the build keeps
    each class in file order and interleaves the classes round-robin."""
    rank = labels[:i].count(labels[i])
    return 10 * rank + labels[i]


def test_the_first_fashion_mnist_images_keep_their_labels():
    ds = load_dataset("fashion_mnist")
    for i, (label, total) in enumerate(
        zip(FIRST_LABELS, FIRST_PIXEL_SUMS, strict=True)
    ):
        k = shipped_index(FIRST_LABELS, i)
        assert int(ds.x_train[k].sum(dtype=np.int64)) == total, f"image {i}"
        assert ds.y_train[k] == label, f"image {i} (shipped {k})"


def nearest_mean_accuracy(name: str) -> float:
    """Test accuracy of a classifier that picks the class whose mean training image
    is nearest (no training beyond averaging)."""
    ds = load_dataset(name)
    x_train = ds.x_train.reshape(ds.n_train, -1).astype(np.float64)
    x_test = ds.x_test.reshape(ds.n_test, -1).astype(np.float64)
    classes = np.unique(ds.y_train)
    means = np.stack([x_train[ds.y_train == c].mean(axis=0) for c in classes])
    distances = ((x_test[:, None, :] - means[None, :, :]) ** 2).sum(axis=-1)
    return float(np.mean(classes[distances.argmin(axis=1)] == ds.y_test))


@pytest.mark.parametrize(
    ("name", "least"), [("fashion_mnist", 0.6), ("mnist", 0.75), ("digits", 0.8)]
)
def test_class_mean_images_tell_the_classes_apart(name, least):
    # measured 0.67, 0.81 and 0.85; labels shuffled against the images give about
    # 0.1 (chance among ten classes)
    assert nearest_mean_accuracy(name) >= least


def _write_idx(path: Path, array: np.ndarray) -> None:
    """An IDX file (gzip) of unsigned bytes, as Fashion-MNIST is distributed."""
    header = struct.pack(">HBB", 0, 0x08, array.ndim)
    header += struct.pack(f">{array.ndim}I", *array.shape)
    with gzip.open(path, "wb") as file:
        file.write(header + array.astype(np.uint8).tobytes())


def _fake_fashion(per_class: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Labels (N,) in a shuffled order and images (N, 28, 28) whose pixels name their
    label ([0, 0]) and their position in the file ([0, 1] * 256 + [0, 2])."""
    labels = np.repeat(np.arange(10, dtype=np.uint8), per_class)
    labels = np.random.default_rng(seed).permutation(labels)
    n = labels.size
    images = np.zeros((n, 28, 28), dtype=np.uint8)
    images[:, 0, 0] = labels
    images[:, 0, 1], images[:, 0, 2] = np.arange(n) // 256, np.arange(n) % 256
    return labels, images


@pytest.mark.parametrize("part", ["train", "test"])
def test_the_build_keeps_each_image_with_its_label_in_file_order(tmp_path, part):
    folder = tmp_path / "fashion-mnist"
    folder.mkdir()
    for prefix, per_class, seed in (("train", 1100, 1), ("t10k", 220, 2)):
        labels, images = _fake_fashion(per_class, seed)
        _write_idx(folder / f"{prefix}-images-idx3-ubyte.gz", images)
        _write_idx(folder / f"{prefix}-labels-idx1-ubyte.gz", labels)
    built = build_fashion_mnist(tmp_path)
    x, y = built[f"x_{part}"], built[f"y_{part}"]
    np.testing.assert_array_equal(x[:, 0, 0], y)  # each image with its own label
    np.testing.assert_array_equal(y[:20], list(range(10)) * 2)  # round-robin
    position = x[:, 0, 1].astype(np.int64) * 256 + x[:, 0, 2]
    for c in range(10):
        assert np.all(np.diff(position[y == c]) > 0), "file order within a class"
