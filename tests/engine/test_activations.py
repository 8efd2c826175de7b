"""Activations: hand values, stability, dtype and gradients (central differences)."""

import numpy as np
import pytest

from netdesigner.engine.activations import ACTIVATIONS, get_activation
from netdesigner.engine.errors import EngineError
from netdesigner.engine.gradcheck import numeric_gradient, relative_error

EXPECTED = {
    "linear",
    "step",
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "elu",
    "softplus",
    "swish",
    "gelu",
    "softmax",
}
# inputs that stay away from the kinks of relu, leaky_relu, elu and step
Z = np.array([[-2.7, -1.3, -0.45, 0.35, 1.2, 2.9], [-0.8, 0.6, 3.3, -3.1, 0.15, -0.2]])


def test_registry_holds_every_activation():
    assert set(ACTIVATIONS.names()) == EXPECTED


def test_unknown_activation_names_the_known_ones():
    with pytest.raises(EngineError, match="unknown activation 'rleu'.*relu"):
        get_activation("rleu")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_backward_matches_central_differences(name):
    act = get_activation(name)
    z = Z.copy()
    w = np.random.default_rng(0).standard_normal(z.shape)
    a = act.forward(z)
    analytic = act.backward(w, z, a)
    numeric = numeric_gradient(lambda: float(np.sum(act.forward(z) * w)), z)
    assert relative_error(analytic, numeric) <= 1e-6


@pytest.mark.parametrize("name", sorted(EXPECTED - {"softmax"}))
def test_elementwise_derivative_agrees_with_backward(name):
    act = get_activation(name)
    a = act.forward(Z)
    np.testing.assert_allclose(
        act.derivative(Z, a), act.backward(np.ones_like(Z), Z, a), rtol=1e-12
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_float32_stays_float32(name):
    z = Z.astype(np.float32)
    act = get_activation(name)
    a = act.forward(z)
    assert a.dtype == np.float32
    assert act.backward(np.ones_like(z), z, a).dtype == np.float32


def test_softmax_hand_values():
    # e^2.3, e^4.1, e^5.6 = 9.974182, 60.340288, 270.426407; sum 340.740877
    p = get_activation("softmax").forward(np.array([2.3, 4.1, 5.6]))
    np.testing.assert_allclose(p, [0.0292720, 0.1770856, 0.7936424], atol=5e-7)
    assert p.sum() == pytest.approx(1.0, abs=1e-15)


def test_softmax_and_sigmoid_do_not_overflow():
    big = np.array([[1000.0, 0.0, -1000.0]])
    p = get_activation("softmax").forward(big)
    np.testing.assert_array_equal(p, [[1.0, 0.0, 0.0]])
    s = get_activation("sigmoid").forward(np.array([-1000.0, 0.0, 1000.0]))
    np.testing.assert_array_equal(s, [0.0, 0.5, 1.0])
    sp = get_activation("softplus").forward(np.array([-1000.0, 1000.0]))
    np.testing.assert_allclose(sp, [0.0, 1000.0])


def test_hand_values_of_the_elementwise_functions():
    z = np.array([-1.0, 0.0, 2.0])
    f = {n: get_activation(n).forward(z) for n in EXPECTED - {"softmax"}}
    np.testing.assert_array_equal(f["step"], [0.0, 1.0, 1.0])
    np.testing.assert_allclose(f["leaky_relu"], [-0.2, 0.0, 2.0])
    np.testing.assert_allclose(f["elu"], [np.expm1(-1.0), 0.0, 2.0])
    np.testing.assert_allclose(f["swish"], z / (1 + np.exp(-z)))
    # gelu(1) = Phi(1) = 0.8413447460685429 (exact erf form, as tf.keras)
    assert get_activation("gelu").forward(np.array([1.0]))[0] == pytest.approx(
        0.8413447460685429, abs=1e-15
    )
    assert np.all(get_activation("step").derivative(z, f["step"]) == 0)


def test_softmax_has_no_elementwise_derivative():
    with pytest.raises(EngineError, match="softmax"):
        get_activation("softmax").derivative(Z, Z)


def test_gelu_in_float32_is_fast_and_matches_the_exact_float64_form():
    import math

    from netdesigner.engine.activations import get_activation

    gelu = get_activation("gelu")
    z64 = np.linspace(-9.0, 9.0, 20001)
    exact = np.array([v * 0.5 * (1 + math.erf(v / math.sqrt(2))) for v in z64])
    np.testing.assert_allclose(gelu.forward(z64), exact, rtol=0, atol=1e-12)
    approx = gelu.forward(z64.astype(np.float32))
    assert approx.dtype == np.float32
    np.testing.assert_allclose(approx, exact, rtol=2e-6, atol=4e-7)
