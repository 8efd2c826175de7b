"""Feature maps and standardisation."""

import numpy as np
import pytest

from netdesigner.data import DataError, feature_map, load_dataset, make_transform

ALL = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)", "cos(x1)", "cos(x2)"]


def test_feature_map_hand_values():
    points = np.array([[2.0, -3.0], [0.5, 0.0]])
    expected = [
        [2, -3, 4, 9, -6, np.sin(2), np.sin(-3), np.cos(2), np.cos(-3)],
        [0.5, 0, 0.25, 0, 0, np.sin(0.5), 0, np.cos(0.5), 1],
    ]
    out = feature_map(points, ALL)
    assert out.dtype == np.float32 and out.shape == (2, 9)
    np.testing.assert_allclose(out, expected, rtol=1e-6, atol=1e-7)


def test_feature_subset_keeps_given_order_and_default_is_x1_x2():
    points = np.array([[1.0, 2.0]])
    np.testing.assert_array_equal(feature_map(points, ["x1*x2", "x1"]), [[2, 1]])
    np.testing.assert_array_equal(feature_map(points, None), [[1, 2]])


@pytest.mark.parametrize(
    ("features", "match"),
    [(["x3"], "unknown input feature 'x3'"), ([], "empty"), (["x1", "x1"], "twice")],
)
def test_bad_feature_lists(features, match):
    with pytest.raises(DataError, match=match):
        feature_map(np.zeros((1, 2)), features)


def test_feature_map_needs_two_columns():
    with pytest.raises(DataError, match=r"\(N, 2\)"):
        feature_map(np.zeros((3, 3)), ["x1"])


def test_dataset_columns_follow_features():
    ds = load_dataset("circle", features=["x1^2", "sin(x2)"])
    assert ds.feature_names == ("x1^2", "sin(x2)") and ds.input_shape == (2,)
    p = ds.points_train.astype(np.float64)
    np.testing.assert_allclose(
        ds.x_train, np.c_[p[:, 0] ** 2, np.sin(p[:, 1])], rtol=1e-5
    )


def test_standardize_uses_training_statistics_and_round_trips_through_stats():
    ds = load_dataset("gauss", features=["x1", "x1^2"], standardize=True, seed=1)
    z = ds.transform(ds.x_train)
    np.testing.assert_allclose(z.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(z.std(axis=0), 1, atol=1e-5)
    assert ds.stats["features"] == ["x1", "x1^2"]
    # a design stores stats; another seed with those stats transforms the same way
    again = load_dataset("gauss", features=["x1", "x1^2"], seed=2, stats=ds.stats)
    assert again.stats == ds.stats
    np.testing.assert_array_equal(again.transform(ds.x_train), z)
    np.testing.assert_array_equal(make_transform(ds.preprocessing)(ds.x_train), z)


def test_without_standardisation_transform_is_identity():
    ds = load_dataset("xor")
    assert ds.stats is None
    np.testing.assert_array_equal(ds.transform(ds.x_test), ds.x_test)


def test_stats_for_other_features_are_refused():
    ds = load_dataset("gauss", standardize=True)
    with pytest.raises(DataError, match="standardise again"):
        load_dataset("gauss", features=["x1"], stats=ds.stats)
    with pytest.raises(DataError, match="'mean' and 'std'"):
        load_dataset("gauss", stats={"mean": [0, 0]})
