"""Softmax and cross-entropy step by step, and for a point of a live run."""

from __future__ import annotations

import math

import numpy as np
import pytest

from netdesigner.live.run import LiveRun
from netdesigner.live.softmax import softmax_steps


def test_the_course_example_by_hand():
    steps = softmax_steps((2.3, 4.1, 5.6), true_class=2)
    exps = (math.exp(2.3), math.exp(4.1), math.exp(5.6))  # 9.97, 60.34, 270.43
    total = exps[0] + exps[1] + exps[2]
    assert steps.shift == 0.0
    assert steps.exps == pytest.approx(exps)
    assert steps.total == pytest.approx(total)
    assert steps.probabilities == pytest.approx([e / total for e in exps])
    assert [round(p, 2) for p in steps.probabilities] == [0.03, 0.18, 0.79]
    assert steps.cross_entropy == pytest.approx(-math.log(exps[2] / total))
    assert steps.predicted == 2


def test_large_logits_are_shifted_and_the_loss_stays_finite():
    steps = softmax_steps((800.0, 0.0), true_class=1)
    assert steps.shift == 800.0
    assert steps.probabilities == pytest.approx([1.0, 0.0])
    assert steps.cross_entropy == pytest.approx(800.0)


def test_bad_inputs_say_what_was_expected():
    with pytest.raises(ValueError, match="expected finite logits"):
        softmax_steps((1.0, float("nan")))
    with pytest.raises(ValueError, match="expected a true class from 0 to 2"):
        softmax_steps((1.0, 2.0, 3.0), true_class=3)


def test_an_inspected_point_carries_the_networks_logits(design):
    frames = []
    run = LiveRun(on_frame=frames.append)
    tiny = design(loss="sparse_categorical_crossentropy")
    tiny.nodes[-1].params.update(units=2, activation="softmax")
    run.command("load", {"design": tiny})
    run.command("view", {"inspect": {"point": (0.5, -1.0), "label": 1}})
    steps = frames[-1].softmax
    net, ds = run.session.network, run.session.dataset
    x = ds.transform(np.array([[0.5, -1.0]], dtype=np.float32))
    probs = net.forward(x, training=False)[0]
    assert steps.probabilities == pytest.approx(probs.tolist(), rel=1e-5)
    assert steps.true_class == 1
    assert steps.cross_entropy == pytest.approx(-math.log(probs[1]), rel=1e-5)
    run.command("step", "batch")  # the readout follows the training
    assert frames[-1].softmax.logits != steps.logits


def test_a_tanh_output_has_no_softmax_to_show(design):
    frames = []
    run = LiveRun(on_frame=frames.append)
    run.command("load", {"design": design()})
    run.command("view", {"inspect": {"point": (0.0, 0.0), "label": 0}})
    assert frames[-1].softmax is None
