"""Image preprocessing: [0, 1] or per-channel standardisation; seeded augmentation."""

from __future__ import annotations

import numpy as np
import pytest

from netdesigner.data import DataError, load_dataset, make_transform
from netdesigner.data.preprocess import check_augment, make_augment


def images(n: int = 16, channels: int = 3) -> np.ndarray:
    """Distinct uint8 images ``(n, 8, 8, channels)``: no image equals its mirror."""
    rng = np.random.default_rng(5)
    return rng.integers(1, 256, size=(n, 8, 8, channels), dtype=np.uint8)


def test_the_same_seed_gives_the_same_augmented_images():
    x = images()
    spec = {"horizontal_flip": True, "shift": 2}
    first = make_augment(spec, np.random.default_rng(3))
    second = make_augment(spec, np.random.default_rng(3))
    for _ in range(3):  # batch after batch, the streams stay together
        np.testing.assert_array_equal(first(x), second(x))
    other = make_augment(spec, np.random.default_rng(4))(x)
    assert not np.array_equal(other, first(x))


def test_augmentation_changes_images_and_keeps_shape_dtype_and_input():
    x = images()
    before = x.copy()
    out = make_augment({"horizontal_flip": True, "shift": 2}, np.random.default_rng(0))(
        x
    )
    assert out.shape == x.shape and out.dtype == np.uint8
    np.testing.assert_array_equal(x, before)  # the stored images are not touched
    changed = [not np.array_equal(a, b) for a, b in zip(out, x, strict=True)]
    assert sum(changed) >= len(x) // 2


def test_a_flip_mirrors_left_and_right():
    x = images(64)
    out = make_augment({"horizontal_flip": True}, np.random.default_rng(1))(x)
    pairs = list(zip(out, x, strict=True))
    mirrored = np.array([np.array_equal(o, i[:, ::-1]) for o, i in pairs])
    kept = np.array([np.array_equal(o, i) for o, i in pairs])
    assert np.all(mirrored | kept) and 16 <= mirrored.sum() <= 48


def test_a_shift_moves_pixels_and_fills_the_border_with_zeros():
    x = images(64, channels=1)[..., 0]  # grey (N, H, W) works too
    out = make_augment({"shift": 1}, np.random.default_rng(2))(x)
    for o, i in zip(out, x, strict=True):
        moves = [
            (dy, dx)
            for dy in (-1, 0, 1)
            for dx in (-1, 0, 1)
            if np.array_equal(o, _moved(i, dy, dx))
        ]
        assert len(moves) == 1
    assert not np.array_equal(out, x)


def _moved(image: np.ndarray, down: int, right: int) -> np.ndarray:
    out = np.zeros_like(image)
    h, w = image.shape
    out[max(down, 0) : h + min(down, 0), max(right, 0) : w + min(right, 0)] = image[
        max(-down, 0) : h + min(-down, 0), max(-right, 0) : w + min(-right, 0)
    ]
    return out


@pytest.mark.parametrize(
    "augment",
    [{"shift": 9}, {"shift": -1}, {"shift": 1.5}, {"flip": True}, "yes",
     {"horizontal_flip": 1}],
)  # fmt: skip
def test_a_bad_augment_setting_is_one_sentence(augment):
    with pytest.raises(DataError, match="augment"):
        check_augment(augment)
    with pytest.raises(DataError, match="augment"):
        load_dataset("digits", augment=augment)


def test_standardize_gives_each_colour_channel_mean_zero_and_std_one():
    ds = load_dataset("cifar10", n_samples=2000, standardize=True)
    x = ds.transform(ds.x_train)
    assert x.dtype == np.float32 and x.shape == (2000, 32, 32, 3)
    np.testing.assert_allclose(x.reshape(-1, 3).mean(axis=0), 0, atol=1e-3)
    np.testing.assert_allclose(x.reshape(-1, 3).std(axis=0), 1, atol=1e-3)
    assert ds.stats["features"] == ["R", "G", "B"] and len(ds.stats["mean"]) == 3
    # the preprocessing record alone reproduces the transform (predict, export)
    np.testing.assert_array_equal(
        make_transform(ds.preprocessing)(ds.x_test), ds.transform(ds.x_test)
    )
    plain = load_dataset("cifar10", n_samples=2000)
    assert plain.transform(plain.x_train).min() >= 0 and plain.stats is None


def test_grey_images_standardise_their_one_channel():
    ds = load_dataset("digits", standardize=True)
    x = ds.transform(ds.x_train)
    assert x.shape[1:] == (8, 8, 1) and ds.stats["features"] == ["grey"]
    assert abs(float(x.mean())) < 1e-3 and abs(float(x.std()) - 1) < 1e-3


def test_training_transform_augments_training_batches_only():
    ds = load_dataset("cifar10", n_samples=40, augment={"horizontal_flip": True})
    t = ds.training_transform(np.random.default_rng(0))
    x = ds.x_train[:40]
    np.testing.assert_array_equal(t(x), ds.transform(x))  # test set, views
    trained = t.training(x)
    assert trained.shape == (40, 32, 32, 3) and not np.array_equal(trained, t(x))
    assert ds.settings["augment"] == {"horizontal_flip": True, "shift": 0}
    no_aug = load_dataset("cifar10", n_samples=40)
    assert no_aug.training_transform(np.random.default_rng(0)) == no_aug.transform
