"""Loss values against hand computations and gradients against central differences."""

import math

import numpy as np
import pytest

from netdesigner.engine.errors import EngineError
from netdesigner.engine.losses import LOSSES, chunk_loss, create_loss, fuses_with
from netdesigner.engine.network import Network, NodeSpec


def _numeric_grad(f, y, eps=1e-6):
    g = np.zeros_like(y)
    for i in np.ndindex(y.shape):
        old = y[i]
        y[i] = old + eps
        up = f(y)
        y[i] = old - eps
        down = f(y)
        y[i] = old
        g[i] = (up - down) / (2 * eps)
    return g


def _rel_err(a, n):
    return float(np.max(np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n))))


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _case(name, rng, from_logits=False):
    """(loss, y_pred, targets) with predictions away from kinks."""
    n, c = 4, 3
    loss = create_loss({"type": name, "from_logits": True} if from_logits else name)
    if name == "sparse_categorical_crossentropy":
        t = loss.prepare_targets(rng.integers(0, c, n), (c,), np.float64)
        y = (
            rng.normal(size=(n, c))
            if from_logits
            else _softmax(rng.normal(size=(n, c)))
        )
    elif name == "categorical_crossentropy":
        t = np.eye(c)[rng.integers(0, c, n)]
        y = (
            rng.normal(size=(n, c))
            if from_logits
            else _softmax(rng.normal(size=(n, c)))
        )
    elif name == "binary_crossentropy":
        t = rng.integers(0, 2, (n, c)).astype(float)
        y = rng.normal(size=(n, c))
        y = y if from_logits else _sigmoid(y)
    elif name == "hinge":
        t = loss.prepare_targets(rng.integers(0, 2, (n, c)), (c,), np.float64)
        y = rng.uniform(-2, 2, (n, c))
        y[np.abs(1 - t * y) < 0.05] += 0.2  # away from the hinge's kink
    else:
        t = rng.normal(size=(n, c))
        y = t + rng.choice([-1, 1], (n, c)) * rng.uniform(0.1, 2.5, (n, c))
        y[np.abs(np.abs(y - t) - 1) < 0.05] += 0.2  # away from huber's kink
    return loss, y, t


# multibox_loss needs a network's anchors: tests/engine/test_detection.py checks it
CASES = [(name, False) for name in LOSSES.names() if name != "multibox_loss"] + [
    ("binary_crossentropy", True),
    ("categorical_crossentropy", True),
    ("sparse_categorical_crossentropy", True),
]


@pytest.mark.parametrize("name,from_logits", CASES)
def test_gradient_matches_central_differences(name, from_logits):
    loss, y, t = _case(name, np.random.default_rng(3), from_logits)
    value, grad = loss.value_and_gradient(y, t)
    numeric = _numeric_grad(lambda yy: loss.value(yy, t), y.copy())
    assert grad.shape == y.shape and grad.dtype == np.float64
    assert math.isclose(value, loss.value(y, t))
    assert _rel_err(grad, numeric) <= 1e-6


@pytest.mark.parametrize(
    "name",
    [
        "categorical_crossentropy",
        "sparse_categorical_crossentropy",
        "binary_crossentropy",
    ],
)
def test_fused_gradient_is_gradient_with_respect_to_logits(name):
    loss, z, t = _case(name, np.random.default_rng(5), from_logits=True)
    act = _sigmoid if name == "binary_crossentropy" else _softmax
    value, dz = loss.value_and_logit_gradient(z, act(z), t)
    numeric = _numeric_grad(lambda zz: loss.value(zz, t), z.copy())
    assert _rel_err(dz, numeric) <= 1e-6
    assert math.isclose(value, create_loss(name).value(act(z), t), rel_tol=1e-9)


def test_softmax_cross_entropy_hand_values():
    z = np.array([[2.3, 4.1, 5.6]])
    exps = [math.exp(2.3), math.exp(4.1), math.exp(5.6)]
    p_hand = [e / sum(exps) for e in exps]
    assert np.allclose(_softmax(z)[0], [0.029272, 0.177086, 0.793642], atol=1e-6)
    for label in range(3):
        sparse = create_loss("sparse_categorical_crossentropy")
        value, dz = sparse.value_and_logit_gradient(z, _softmax(z), np.array([label]))
        assert math.isclose(value, -math.log(p_hand[label]), rel_tol=1e-12)
        onehot = np.eye(3)[[label]]
        assert np.allclose(dz, np.array([p_hand]) - onehot)
        assert math.isclose(
            create_loss("categorical_crossentropy").value(_softmax(z), onehot), value
        )
    assert math.isclose(-math.log(p_hand[2]), 0.231122, abs_tol=1e-6)


def test_logits_keep_the_loss_finite_where_probabilities_would_underflow():
    z = np.array([[0.0, 1000.0]])
    value, dz = create_loss("sparse_categorical_crossentropy").value_and_logit_gradient(
        z, _softmax(z), np.array([0])
    )
    assert math.isclose(value, 1000.0)
    assert np.allclose(dz, [[-1.0, 1.0]])
    bce = create_loss({"type": "binary_crossentropy", "from_logits": True})
    assert math.isclose(bce.value(np.array([[-800.0]]), np.array([[1.0]])), 800.0)


def test_reductions_follow_keras():
    y = np.array([[1.0, 2.0], [3.0, 5.0]], dtype=np.float32)
    t = np.array([[0.0, 2.0], [3.0, 1.0]], dtype=np.float32)
    assert create_loss("mean_squared_error").value(y, t) == pytest.approx(17 / 4)
    assert create_loss("half_mean_squared_error").value(y, t) == pytest.approx(17 / 8)
    assert create_loss("mean_absolute_error").value(y, t) == pytest.approx(5 / 4)
    # huber, delta 1: errors 1, 0, 0, 4 -> 0.5, 0, 0, 3.5
    assert create_loss("huber").value(y, t) == pytest.approx(4 / 4)
    value, grad = create_loss("mean_squared_error").value_and_gradient(y, t)
    assert grad.dtype == np.float32


def test_hinge_maps_zero_one_targets_to_plus_minus_one():
    loss = create_loss("hinge")
    t = loss.prepare_targets(np.array([0, 1]), (1,), np.float64)
    assert t.tolist() == [[-1.0], [1.0]]
    assert loss.value(np.array([[0.5], [0.5]]), t) == pytest.approx((1.5 + 0.5) / 2)


def test_target_errors_are_sentences():
    with pytest.raises(EngineError, match="sparse_categorical_crossentropy"):
        create_loss("categorical_crossentropy").prepare_targets(
            np.array([0, 1]), (3,), float
        )
    with pytest.raises(EngineError, match="from 0 to 2"):
        create_loss("sparse_categorical_crossentropy").prepare_targets(
            np.array([0, 3]), (3,), float
        )
    with pytest.raises(EngineError, match="shape"):
        create_loss("mean_squared_error").prepare_targets(np.zeros((4, 2)), (3,), float)
    with pytest.raises(EngineError, match="unknown loss 'mse2'"):
        create_loss("mse2")
    with pytest.raises(EngineError, match="does not take"):
        create_loss({"type": "huber", "delta2": 3})


def test_targets_of_one_output_become_a_column():
    t = create_loss("binary_crossentropy").prepare_targets(
        np.array([0, 1, 1]), (1,), np.float32
    )
    assert t.shape == (3, 1) and t.dtype == np.float32


def test_chunk_loss_takes_the_pre_activation_when_the_loss_fuses():
    # a softmax output whose probabilities underflow: only the fused form sees z
    net = Network(
        [
            NodeSpec("in", "Input", {"shape": [2]}),
            NodeSpec("out", "Dense", {"units": 2, "activation": "softmax"}),
        ],
        [("in", "out")],
        dtype=np.float64,
    )
    out = net.layers["out"]
    out.params["kernel"][...] = [[200.0, -200.0], [0.0, 0.0]]
    x = np.array([[1.0, 0.0]])
    y = net.forward(x)
    t = np.array([[0.0, 1.0]])
    cce = create_loss("categorical_crossentropy")
    assert fuses_with(cce, out) and not fuses_with(create_loss("hinge"), out)
    fused = chunk_loss(cce, out, y, t, fused=True)
    assert fused == pytest.approx(400.0)  # -log softmax(z)[1] = 400
    assert chunk_loss(cce, out, y, t, fused=False) == pytest.approx(-math.log(1e-7))
