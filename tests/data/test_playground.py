"""Playground's six sets against shared/reference/playground.md §2."""

import numpy as np
import pytest

from netdesigner.data import load_dataset
from netdesigner.data.playground import bump_target


def all_points(ds):
    """Train and test together: points (N, 2) float64, labels (N,)."""
    points = np.concatenate([ds.points_train, ds.points_test]).astype(np.float64)
    return points, np.concatenate([ds.y_train, ds.y_test])


@pytest.mark.parametrize(
    ("name", "n"),
    [
        ("circle", 500),
        ("xor", 500),
        ("gauss", 500),
        ("spiral", 500),
        ("plane", 1200),
        ("multi_gauss", 1200),
    ],
)
def test_default_sizes_and_half_split(name, n):
    ds = load_dataset(name)
    assert ds.n_train == ds.n_test == n // 2
    assert ds.x_train.dtype == np.float32 and ds.x_train.shape == (n // 2, 2)


@pytest.mark.parametrize("name", ["circle", "gauss", "spiral"])
def test_two_halves_are_balanced(name):
    _, y = all_points(load_dataset(name))
    assert y.dtype == np.int64
    assert np.bincount(y).tolist() == [250, 250]


def test_circle_radii_and_empty_ring():
    points, y = all_points(load_dataset("circle", seed=3))
    r = np.hypot(points[:, 0], points[:, 1])
    assert r[y == 1].max() < 2.5
    assert r[y == 0].min() >= 3.5 and r[y == 0].max() <= 5.0


def test_circle_noise_flips_labels_near_the_boundary_only():
    clean = load_dataset("circle", seed=5)
    noisy = load_dataset("circle", seed=5, noise=25)
    np.testing.assert_array_equal(clean.points_train, noisy.points_train)
    flipped = clean.y_train != noisy.y_train
    assert 0 < flipped.sum() < 100
    r = np.hypot(*clean.points_train[flipped].astype(np.float64).T)
    # the label is taken at a point moved by at most 5·0.25 per axis
    assert (np.abs(r - 2.5) <= 5 * 0.25 * np.sqrt(2)).all()


def test_xor_quadrant_signs_and_padding():
    points, y = all_points(load_dataset("xor", seed=1))
    np.testing.assert_array_equal(y == 1, points[:, 0] * points[:, 1] >= 0)
    assert np.abs(points).min() >= 0.3 - 1e-6 and np.abs(points).max() <= 5.3 + 1e-6
    assert 0.4 < y.mean() < 0.6


def test_xor_noise_flips_labels_near_the_axes_only():
    clean = load_dataset("xor", seed=2)
    noisy = load_dataset("xor", seed=2, noise=30)
    np.testing.assert_array_equal(clean.points_train, noisy.points_train)
    flipped = clean.y_train != noisy.y_train
    assert flipped.any()
    near_axis = np.abs(clean.points_train[flipped]).min(axis=1)
    assert (near_axis <= 5 * 0.3 + 1e-6).all()


@pytest.mark.parametrize(("noise", "variance"), [(0, 0.5), (50, 4.0)])
def test_gauss_centres_and_variance_grow_with_noise(noise, variance):
    points, y = all_points(load_dataset("gauss", n_samples=4000, noise=noise, seed=4))
    for label, centre in [(1, 2.0), (0, -2.0)]:
        cloud = points[y == label]
        np.testing.assert_allclose(cloud.mean(axis=0), centre, atol=0.15)
        np.testing.assert_allclose(cloud.var(axis=0), variance, rtol=0.1)


def test_spiral_makes_one_and_three_quarter_turns():
    ds = load_dataset("spiral", seed=0)
    points, y = all_points(ds)
    r = np.hypot(points[:, 0], points[:, 1])
    assert r.max() < 5.0
    for label, delta in [(1, 0.0), (0, np.pi)]:
        arm, radius = points[y == label], r[y == label]
        angle = np.arctan2(arm[:, 0], arm[:, 1])  # x = r sin t, y = r cos t
        expected = 1.75 * 2 * np.pi * radius / 5.0 + delta
        wrapped = np.angle(np.exp(1j * (angle - expected)))
        np.testing.assert_allclose(wrapped[radius > 1e-9], 0, atol=1e-5)
        # radii evenly spaced 5·i/250: the arm reaches 1.75 turns at its outer end
        np.testing.assert_allclose(np.sort(radius), 5 * np.arange(250) / 250, atol=1e-5)


def test_spiral_noise_moves_points_by_at_most_noise_fraction():
    clean, _ = all_points(load_dataset("spiral", seed=9))
    noisy, y = all_points(load_dataset("spiral", seed=9, noise=50))
    # same seed, same shuffle: the arms are the same points moved by U(-1, 1)·0.5
    moved = np.abs(noisy - clean)
    assert moved.max() <= 0.5 + 1e-6 and moved.max() > 0.4
    assert np.bincount(y).tolist() == [250, 250]


def test_plane_target_and_range():
    points, y = all_points(load_dataset("plane", seed=2))
    assert y.dtype == np.float32
    np.testing.assert_allclose(y, points.sum(axis=1) / 10, atol=1e-6)
    assert np.abs(points).max() <= 6 and 1.0 < np.abs(y).max() <= 1.2


def test_plane_noise_moves_targets_by_at_most_twelve_nu_tenths():
    points, y = all_points(load_dataset("plane", seed=2, noise=20))
    deviation = np.abs(y - points.sum(axis=1) / 10)
    assert deviation.max() <= 12 * 0.2 / 10 + 1e-6 and deviation.max() > 0.1


def test_multi_gauss_bump_values_by_hand():
    probe = np.array(
        [[-4, 2.5], [0, 2.5], [4, -2.5], [2, 2.5], [-4, 1.5], [0, 0], [6, 6]]
    )
    np.testing.assert_allclose(bump_target(probe), [1, -1, -1, 0, 0.5, 0, 0])


def test_multi_gauss_targets_in_range():
    points, y = all_points(load_dataset("multi_gauss", seed=1))
    assert -1 <= y.min() < -0.9 and 0.9 < y.max() <= 1
    np.testing.assert_allclose(y, bump_target(points), atol=1e-6)
    assert (y == 0).mean() > 0.2  # flat between the bumps


@pytest.mark.parametrize(
    "name", ["circle", "xor", "gauss", "spiral", "plane", "multi_gauss"]
)
def test_same_seed_same_data_other_seed_other_data(name):
    a, b = load_dataset(name, seed=7, noise=15), load_dataset(name, seed=7, noise=15)
    c = load_dataset(name, seed=8, noise=15)
    for field in ("x_train", "y_train", "x_test", "y_test", "points_train"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert not np.array_equal(a.points_train, c.points_train)


def test_odd_sample_count_gives_exactly_that_many():
    ds = load_dataset("circle", n_samples=301, train_ratio=0.7)
    assert (ds.n_train, ds.n_test) == (210, 91)


def test_signed_labels_give_playground_form():
    ds = load_dataset("circle")
    signed = ds.signed_labels(ds.y_train)
    assert signed.dtype == np.float32
    np.testing.assert_array_equal(signed, np.where(ds.y_train == 1, 1.0, -1.0))
