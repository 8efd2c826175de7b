"""The shipped image sets and the script that rebuilds them."""

import zipfile
from pathlib import Path

import numpy as np
import pytest

from netdesigner.data import dataset_info, load_dataset, make_transform
from netdesigner.data.build import build_all
from netdesigner.data.images import FASHION_CLASSES
from netdesigner.resources import resource_path

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO.parent / "shared" / "datasets"
DIGITS = tuple(str(d) for d in range(10))
SETS = [
    # name, side, train per class, test per class, class names
    ("fashion_mnist", 28, [1000] * 10, [200] * 10, FASHION_CLASSES),
    ("mnist", 28, [400] * 10, [100] * 10, DIGITS),
    ("digits", 8, None, [30] * 10, DIGITS),
]


@pytest.mark.parametrize(("name", "side", "train", "test", "classes"), SETS)
def test_builtin_set_shapes_classes_and_balance(name, side, train, test, classes):
    ds = load_dataset(name)
    info = dataset_info(name)
    assert info.kind == "image" and info.fixed_split and info.class_names == classes
    assert ds.x_train.dtype == np.uint8 and ds.x_train.shape[1:] == (side, side)
    assert ds.y_train.dtype == np.int64 and ds.points_train is None
    assert ds.n_train + ds.n_test == info.default_n_samples
    assert np.bincount(ds.y_test).tolist() == test
    counts = np.bincount(ds.y_train)
    if train is not None:
        assert counts.tolist() == train
    else:
        assert counts.sum() == 1497 and counts.min() >= 140
    assert ds.x_train.max() == 255 and ds.input_shape == (side, side, 1)


def test_transform_scales_a_batch_to_unit_range_channels_last():
    ds = load_dataset("mnist")
    batch = ds.transform(ds.x_train[:5])
    assert batch.dtype == np.float32 and batch.shape == (5, 28, 28, 1)
    np.testing.assert_array_equal(batch[..., 0], ds.x_train[:5] * np.float32(1 / 255))
    np.testing.assert_array_equal(
        make_transform(ds.preprocessing)(ds.x_train[:5]), batch
    )
    assert ds.preprocessing == {
        "type": "rescale",
        "scale": 1 / 255,
        "shape": [28, 28, 1],
    }


def test_digits_pixels_are_the_sixteen_levels_stretched():
    levels = np.unique(load_dataset("digits").x_train)
    np.testing.assert_array_equal(levels, np.round(np.arange(17) * 255 / 16))


def test_n_samples_keeps_a_balanced_prefix_and_arrays_are_read_only():
    ds = load_dataset("fashion_mnist", n_samples=100)
    assert ds.n_train == 100 and np.bincount(ds.y_train).tolist() == [10] * 10
    assert ds.n_test == 2000 and not ds.x_train.flags.writeable


def test_shipped_files_load_without_pickle_and_stay_small():
    total = 0
    for name in ("fashion_mnist", "mnist", "digits"):
        path = resource_path("datasets", f"{name}.npz")
        with np.load(path, allow_pickle=False) as npz:
            assert npz["class_names"].dtype.kind == "U"
        assert resource_path("datasets", f"{name}.LICENSE.txt").stat().st_size > 200
        total += path.stat().st_size
    assert total < 8 * 1024 * 1024


def test_fashion_licence_is_the_original_mit_text():
    text = resource_path("datasets", "fashion_mnist.LICENSE.txt").read_text("utf-8")
    assert "The MIT License" in text and "Zalando SE" in text


def test_zip_entries_have_a_fixed_date():
    with zipfile.ZipFile(resource_path("datasets", "digits.npz")) as archive:
        assert {info.date_time for info in archive.infolist()} == {
            (1980, 1, 1, 0, 0, 0)
        }


@pytest.mark.skipif(not SOURCE.is_dir(), reason="../shared/datasets is not present")
def test_rebuild_reproduces_the_shipped_bytes(tmp_path):
    pytest.importorskip("PIL", reason="rebuilding CIFAR-10 decodes JPEG with Pillow")
    written = build_all(SOURCE, tmp_path)
    assert len(written) == 8
    for path in written:
        shipped = resource_path("datasets", path.name)
        assert path.read_bytes() == shipped.read_bytes(), path.name
