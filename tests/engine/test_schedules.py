"""Learning-rate schedule values."""

import math

import pytest

from netdesigner.engine.errors import EngineError
from netdesigner.engine.schedules import create_schedule


def _rates(config, epochs=6, base=0.1, total=None):
    s = create_schedule(config)
    s.set_total_epochs(total or epochs)
    return [s(e, base) for e in range(epochs)]


def test_constant_and_none():
    assert _rates(None) == [0.1] * 6
    assert _rates({"type": "constant"}) == [0.1] * 6


def test_step_drops_every_n_epochs():
    rates = _rates({"type": "step", "drop_every": 2, "factor": 0.5})
    assert rates == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025, 0.025])


def test_exponential_smooth_and_staircase():
    assert _rates({"type": "exponential", "decay_rate": 0.5}, 3) == pytest.approx(
        [0.1, 0.05, 0.025]
    )
    rates = _rates({"type": "exponential", "decay_rate": 0.5, "decay_steps": 2}, 3)
    assert rates == pytest.approx([0.1, 0.1 * math.sqrt(0.5), 0.05])
    rates = _rates(
        {"type": "exponential", "decay_rate": 0.5, "decay_steps": 2, "staircase": True},
        3,
    )
    assert rates == pytest.approx([0.1, 0.1, 0.05])


def test_cosine_reaches_alpha_at_the_end():
    rates = _rates({"type": "cosine", "alpha": 0.1}, epochs=5, total=4)
    assert rates[0] == pytest.approx(0.1)
    assert rates[2] == pytest.approx(0.1 * (0.9 * 0.5 + 0.1))
    assert rates[4] == pytest.approx(0.01)


def test_warmup_rises_linearly_then_hands_over():
    rates = _rates(
        {
            "type": "warmup",
            "warmup_epochs": 4,
            "then": {"type": "step", "drop_every": 1, "factor": 0.5},
        }
    )
    assert rates == pytest.approx([0.025, 0.05, 0.075, 0.1, 0.1, 0.05])


def test_bad_schedules():
    with pytest.raises(EngineError, match="unknown learning-rate schedule 'linear'"):
        create_schedule({"type": "linear"})
    with pytest.raises(EngineError, match="drop_every"):
        create_schedule({"type": "step", "drop_every": 0})
    with pytest.raises(EngineError, match="does not take"):
        create_schedule({"type": "step", "every": 3})


def test_tf_keras_names_count_epochs():
    assert _rates({"type": "exponential_decay", "decay_rate": 0.5}, 3) == pytest.approx(
        [0.1, 0.05, 0.025]
    )
    assert _rates({"type": "cosine_decay", "decay_steps": 2}, 3) == pytest.approx(
        [0.1, 0.05, 0.0]
    )
    rates = _rates(
        {"type": "inverse_time_decay", "decay_rate": 1.0, "decay_steps": 2}, 3
    )
    assert rates == pytest.approx([0.1, 0.1 / 1.5, 0.05])
    piecewise = {
        "type": "piecewise_constant_decay",
        "boundaries": [1, 3],
        "values": [0.5, 0.2, 0.1],
    }
    assert _rates(piecewise, 5) == pytest.approx([0.5, 0.5, 0.2, 0.2, 0.1])
    with pytest.raises(EngineError, match="one rate more"):
        create_schedule(
            {"type": "piecewise_constant_decay", "boundaries": [1], "values": [0.1]}
        )
