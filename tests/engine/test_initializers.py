"""Initializers: names, fans as keras computes them, and the statistics of the draws."""

import math

import numpy as np
import pytest

from netdesigner.engine.errors import EngineError
from netdesigner.engine.initializers import INITIALIZERS, compute_fans, initialize

RNG = np.random.default_rng(42)


def test_registry_holds_every_initializer():
    assert set(INITIALIZERS.names()) == {
        "zeros",
        "ones",
        "constant",
        "random_uniform",
        "random_normal",
        "glorot_uniform",
        "glorot_normal",
        "he_uniform",
        "he_normal",
        "lecun_uniform",
        "lecun_normal",
        "playground",
    }


def test_fans_follow_keras():
    assert compute_fans((784, 128)) == (784, 128)
    assert compute_fans((5, 5, 6, 16)) == (150, 400)
    assert compute_fans((10,)) == (10, 10)


@pytest.mark.parametrize(
    ("name", "var_of"),
    [
        ("glorot_uniform", lambda fi, fo: 2 / (fi + fo)),
        ("glorot_normal", lambda fi, fo: 2 / (fi + fo)),
        ("he_uniform", lambda fi, fo: 2 / fi),
        ("he_normal", lambda fi, fo: 2 / fi),
        ("lecun_uniform", lambda fi, fo: 1 / fi),
        ("lecun_normal", lambda fi, fo: 1 / fi),
    ],
)
def test_variance_scaling_statistics(name, var_of):
    shape = (5, 5, 8, 32)  # fan_in 200, fan_out 800
    w = initialize(name, shape, np.random.default_rng(1), np.float64)
    var = var_of(200, 800)
    assert w.var() == pytest.approx(var, rel=0.05)
    assert abs(w.mean()) < 0.05 * math.sqrt(var)
    if name.endswith("uniform"):
        assert np.abs(w).max() <= math.sqrt(3 * var)
    else:  # truncated at 2 standard deviations of the untruncated normal
        assert np.abs(w).max() <= 2 * math.sqrt(var) / 0.87962566103423978


def test_playground_weights_and_biases():
    w = initialize("playground", (200, 50), RNG, np.float32)
    b = initialize("playground", (50,), RNG, np.float32, role="bias")
    assert w.dtype == np.float32 and -0.5 <= w.min() and w.max() <= 0.5
    assert w.std() == pytest.approx(1 / math.sqrt(12), rel=0.05)
    np.testing.assert_array_equal(b, np.full(50, 0.1, np.float32))


def test_simple_initializers_and_arguments():
    assert initialize("zeros", (3,), RNG).sum() == 0
    assert initialize("ones", (3,), RNG).sum() == 3
    c = initialize({"type": "constant", "value": 0.25}, (2, 2), RNG)
    np.testing.assert_array_equal(c, np.full((2, 2), 0.25, np.float32))
    u = initialize({"type": "random_uniform", "minval": 2, "maxval": 3}, (1000,), RNG)
    assert 2 <= u.min() and u.max() <= 3
    n = initialize("random_normal", (20000,), RNG, np.float64)
    assert n.std() == pytest.approx(0.05, rel=0.05)
    assert initialize("GlorotUniform", (4, 4), RNG).shape == (4, 4)


def test_same_generator_state_same_weights():
    a = initialize("he_normal", (30, 20), np.random.default_rng(7))
    b = initialize("he_normal", (30, 20), np.random.default_rng(7))
    np.testing.assert_array_equal(a, b)


def test_bad_initializer_names_and_arguments():
    with pytest.raises(EngineError, match="unknown initializer 'glorot'"):
        initialize("glorot", (2, 2), RNG)
    with pytest.raises(EngineError, match="constant"):
        initialize({"type": "constant", "valu": 1}, (2,), RNG)
    with pytest.raises(EngineError, match="expected|must be"):
        initialize(3, (2,), RNG)
