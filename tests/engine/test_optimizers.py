"""Optimizer steps against hand computations of tf.keras's formulas."""

import math

import numpy as np
import pytest

from netdesigner.engine.errors import EngineError
from netdesigner.engine.optimizers import OPTIMIZERS, create_optimizer


def _run(config, p, grads):
    p = np.array(p, dtype=np.float64)
    opt = create_optimizer(config)
    opt.build(p)
    for g in grads:
        opt.step(p, np.array(g, dtype=np.float64))
    return p, opt


def test_plain_sgd_step():
    p, _ = _run({"type": "sgd", "learning_rate": 0.1}, [1.0, -2.0], [[0.5, -1.0]])
    assert p.tolist() == pytest.approx([0.95, -1.9])


def test_first_two_momentum_steps_by_hand():
    # v1 = -lr g1 = -0.1; p1 = 0.9; v2 = 0.9 * -0.1 - 0.1 * 2 = -0.29; p2 = 0.61
    p, _ = _run(
        {"type": "sgd", "learning_rate": 0.1, "momentum": 0.9}, [1.0], [[1.0], [2.0]]
    )
    assert p[0] == pytest.approx(0.61, abs=1e-15)
    # Nesterov: p1 = 1 + 0.9 * -0.1 - 0.1 = 0.81
    p, _ = _run(
        {"type": "sgd", "learning_rate": 0.1, "momentum": 0.9, "nesterov": True},
        [1.0],
        [[1.0]],
    )
    assert p[0] == pytest.approx(0.81, abs=1e-15)


def test_first_adam_step_by_hand():
    # step 1: m = 0.1 g, v = 0.001 g^2, alpha = lr sqrt(0.001) / 0.1
    g = 0.4
    m, v = 0.1 * g, 0.001 * g * g
    alpha = 0.01 * math.sqrt(1 - 0.999) / (1 - 0.9)
    expected = 2.0 - alpha * m / (math.sqrt(v) + 1e-7)
    p, opt = _run({"type": "adam", "learning_rate": 0.01}, [2.0], [[g]])
    assert p[0] == pytest.approx(expected, abs=1e-14)
    assert 2.0 - p[0] == pytest.approx(0.01, rel=1e-5)  # Adam's first step is about lr
    assert opt.iterations == 1


def test_adamw_decays_weights_before_the_adam_step():
    p, _ = _run(
        {"type": "adamw", "learning_rate": 0.01, "weight_decay": 0.5}, [2.0], [[0.0]]
    )
    assert p[0] == pytest.approx(2.0 - 2.0 * 0.5 * 0.01)


def test_rmsprop_and_adagrad_first_steps():
    p, _ = _run({"type": "rmsprop", "learning_rate": 0.01}, [1.0], [[2.0]])
    assert p[0] == pytest.approx(1.0 - 0.01 * 2.0 / math.sqrt(0.1 * 4.0 + 1e-7))
    p, _ = _run({"type": "adagrad", "learning_rate": 0.1}, [1.0], [[2.0]])
    assert p[0] == pytest.approx(1.0 - 0.1 * 2.0 / math.sqrt(0.1 + 4.0 + 1e-7))
    p, _ = _run(
        {"type": "rmsprop", "learning_rate": 0.01, "centered": True, "momentum": 0.5},
        [1.0],
        [[2.0]],
    )
    assert p[0] == pytest.approx(1.0 - 0.01 * 2.0 / math.sqrt(0.4 - 0.04 + 1e-7))


def test_clipnorm_is_per_variable_and_global_clipnorm_is_global():
    opt = create_optimizer({"type": "sgd", "learning_rate": 1.0, "clipnorm": 1.0})
    p = np.zeros(3)
    opt.build(p, sizes=[2, 1])
    opt.step(p, np.array([3.0, 4.0, 0.5]))
    assert p.tolist() == pytest.approx([-0.6, -0.8, -0.5])
    opt = create_optimizer(
        {"type": "sgd", "learning_rate": 1.0, "global_clipnorm": 1.0}
    )
    p = np.zeros(3)
    opt.build(p, sizes=[2, 1])
    opt.step(p, np.array([0.0, 3.0, 4.0]))
    assert p.tolist() == pytest.approx([0.0, -0.6, -0.8])


@pytest.mark.parametrize("name", OPTIMIZERS.names())
def test_state_round_trip_gives_identical_continuation(name):
    rng = np.random.default_rng(0)
    grads = rng.normal(size=(6, 5)).astype(np.float32)
    opt = create_optimizer({"type": name, "learning_rate": 0.05})
    p = rng.normal(size=5).astype(np.float32)
    opt.build(p)
    for g in grads[:3]:
        opt.step(p, g.copy())
    saved, saved_p = opt.get_state(), p.copy()
    for g in grads[3:]:
        opt.step(p, g.copy())
    first = p.copy()
    opt.set_state(saved)
    p[:] = saved_p
    for g in grads[3:]:
        opt.step(p, g.copy())
    assert np.array_equal(p, first)
    assert p.dtype == np.float32
    assert all(v.dtype == np.float32 for v in opt.state.values())


def test_bad_configs_are_sentences():
    with pytest.raises(EngineError, match="unknown optimizer 'adamax'"):
        create_optimizer({"type": "adamax"})
    with pytest.raises(EngineError, match="'beta_3'"):
        create_optimizer({"type": "adam", "beta_3": 0.5})
    with pytest.raises(EngineError, match="learning_rate"):
        create_optimizer({"type": "sgd", "learning_rate": -1})
    with pytest.raises(EngineError, match="not both"):
        create_optimizer({"type": "sgd", "clipnorm": 1, "global_clipnorm": 1})
    assert create_optimizer({"type": "SGD"}).learning_rate == 0.01


def test_l1_l2_penalty_gradient_matches_central_differences():
    from netdesigner.engine.regularizers import create_regularizer

    reg = create_regularizer({"l1": 0.03, "l2": 0.2})
    w = np.random.default_rng(0).normal(size=(3, 4))
    grad = np.zeros_like(w)
    reg.add_gradient(w, grad)
    numeric = np.zeros_like(w)
    for i in np.ndindex(w.shape):
        old = w[i]
        w[i] = old + 1e-6
        up = reg.penalty(w)
        w[i] = old - 1e-6
        numeric[i] = (up - reg.penalty(w)) / 2e-6
        w[i] = old
    np.testing.assert_allclose(grad, numeric, rtol=1e-6)
    assert reg.penalty(w) == pytest.approx(0.03 * np.abs(w).sum() + 0.2 * (w**2).sum())
    assert create_regularizer("l2").l2 == 0.01 and create_regularizer(None) is None
    with pytest.raises(EngineError, match="kernel_regularizer"):
        create_regularizer({"l3": 1})
