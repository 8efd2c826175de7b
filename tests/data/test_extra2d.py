"""Moons, blobs, multi-arm spirals, checkerboard, linear and the logic gates."""

import numpy as np
import pytest

from netdesigner.data import DataError, load_dataset
from netdesigner.data.extra2d import LINEAR_NORMAL, LINEAR_OFFSET


def all_points(ds):
    points = np.concatenate([ds.points_train, ds.points_test]).astype(np.float64)
    return points, np.concatenate([ds.y_train, ds.y_test])


def test_moons_lie_on_their_half_circles_at_noise_zero():
    points, y = all_points(load_dataset("moons"))
    assert np.bincount(y).tolist() == [250, 250]
    unscaled = points / 3.5 + [0.5, 0.25]
    upper, lower = unscaled[y == 0], unscaled[y == 1]
    np.testing.assert_allclose(np.hypot(*upper.T), 1, atol=1e-5)
    np.testing.assert_allclose(
        np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1, atol=1e-5
    )
    assert (upper[:, 1] >= -1e-6).all() and (lower[:, 1] <= 0.5 + 1e-6).all()


def test_moons_noise_is_gaussian_jitter_of_std_two_nu():
    clean, _ = all_points(load_dataset("moons", n_samples=4000))
    noisy, _ = all_points(load_dataset("moons", n_samples=4000, noise=40))
    np.testing.assert_allclose((noisy - clean).std(axis=0), 0.8, rtol=0.1)


@pytest.mark.parametrize("k", [2, 3, 4, 5, 6])
def test_blobs_have_k_balanced_classes_around_their_centres(k):
    ds = load_dataset("blobs", n_classes=k, n_samples=120 * k, seed=k)
    points, y = all_points(ds)
    assert ds.info.n_classes == k and len(ds.info.class_names) == k
    assert np.bincount(y).tolist() == [120] * k
    for c in range(k):
        angle = np.pi / 4 + 2 * np.pi * c / k
        centre = 4 * np.array([np.cos(angle), np.sin(angle)])
        np.testing.assert_allclose(points[y == c].mean(axis=0), centre, atol=0.25)


def test_blobs_default_to_three_classes():
    assert load_dataset("blobs").info.n_classes == 3


@pytest.mark.parametrize("k", [3, 4, 6])
def test_multi_arm_spiral_has_one_arm_per_class(k):
    ds = load_dataset("spiral", n_classes=k, n_samples=600)
    points, y = all_points(ds)
    assert ds.info.n_classes == k
    assert np.bincount(y).tolist() == [600 // k] * k
    r = np.hypot(points[:, 0], points[:, 1])
    for c in range(k):
        arm = (y == c) & (r > 1e-9)  # the centre point has no angle
        angle = np.arctan2(points[arm, 0], points[arm, 1])
        expected = 1.75 * 2 * np.pi * r[arm] / 5 + 2 * np.pi * (k - 1 - c) / k
        wrapped = np.angle(np.exp(1j * (angle - expected)))
        np.testing.assert_allclose(wrapped, 0, atol=1e-5)


def test_two_arm_spiral_with_n_classes_is_playgrounds():
    a, b = load_dataset("spiral", seed=3), load_dataset("spiral", seed=3, n_classes=2)
    np.testing.assert_array_equal(a.points_train, b.points_train)
    assert b.info.class_names == ("-1", "+1")


def test_checkerboard_parity():
    points, y = all_points(load_dataset("checkerboard"))
    assert len(y) == 1000 and np.abs(points).max() <= 6
    np.testing.assert_array_equal(y, np.floor(points / 3).sum(axis=1) % 2)
    assert 0.4 < y.mean() < 0.6


def test_linear_is_separable_with_margin_at_noise_zero():
    points, y = all_points(load_dataset("linear", seed=4))
    d = points @ LINEAR_NORMAL - LINEAR_OFFSET
    assert d[y == 1].min() >= 0.3 - 1e-6 and d[y == 0].max() <= -0.3 + 1e-6
    assert 0.3 < y.mean() < 0.7


def test_linear_noise_flips_labels_near_the_line():
    clean = load_dataset("linear", seed=4)
    noisy = load_dataset("linear", seed=4, noise=30)
    flipped = clean.y_train != noisy.y_train
    d = clean.points_train[flipped].astype(np.float64) @ LINEAR_NORMAL - LINEAR_OFFSET
    assert flipped.any() and (np.abs(d) <= 1.5 * (1 + 2) / np.sqrt(5) + 1e-6).all()


@pytest.mark.parametrize(
    ("name", "outputs"),
    [("and_gate", [0, 0, 0, 1]), ("or_gate", [0, 1, 1, 1]), ("xor_gate", [0, 1, 1, 0])],
)
def test_gates_train_on_and_test_on_their_truth_table(name, outputs):
    ds = load_dataset(name)
    assert ds.info.fixed_split
    np.testing.assert_array_equal(ds.points_test, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(ds.y_test, outputs)
    rows = sorted(zip(ds.points_train.tolist(), ds.y_train.tolist(), strict=True))
    assert rows == list(zip(ds.points_test.tolist(), outputs, strict=True))


def test_gate_noise_jitters_training_inputs_only():
    ds = load_dataset("xor_gate", n_samples=400, noise=20)
    corner = np.round(ds.points_train)
    offset = np.abs(ds.points_train - corner)
    assert 0.15 < offset.max() <= 0.2 + 1e-6
    np.testing.assert_array_equal(ds.y_train, corner[:, 0] != corner[:, 1])
    np.testing.assert_array_equal(ds.y_test, [0, 1, 1, 0])


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("circle", {"n_classes": 3}),
        ("blobs", {"n_classes": 7}),
        ("spiral", {"n_classes": 1}),
        ("blobs", {"arms": 3}),
        ("blobs", {"n_classes": 2.5}),
    ],
)
def test_bad_options_raise_a_sentence(name, options):
    with pytest.raises(DataError, match=name):
        load_dataset(name, **options)
