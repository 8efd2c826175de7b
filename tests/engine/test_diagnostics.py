"""Layer statistics and the problems they reveal: dead ReLUs, saturation, gradients."""

import numpy as np
import pytest

from netdesigner.engine import Network, NodeSpec
from netdesigner.engine.diagnostics import diagnose, histogram, layer_statistics


def network():
    nodes = [
        NodeSpec("in", "Input", {"shape": [2]}),
        NodeSpec("a", "Dense", {"units": 4}),
        NodeSpec("act", "Activation", {"activation": "relu"}),
        NodeSpec("b", "Dense", {"units": 3, "activation": "tanh"}),
        NodeSpec("out", "Dense", {"units": 1, "activation": "sigmoid"}),
    ]
    ids = [n.id for n in nodes]
    edges = list(zip(ids, ids[1:], strict=False))
    return Network(nodes, edges, dtype=np.float64, rng=np.random.default_rng(0))


def test_histogram_counts_the_finite_values():
    values = np.array([0.0, 1.0, 1.0, 2.0, np.nan, np.inf])
    h = histogram(values, bins=4)
    assert h["counts"].sum() == 4 and h["edges"][0] == 0.0 and h["edges"][-1] == 2.0
    assert h["mean"] == pytest.approx(1.0) and h["std"] == pytest.approx(np.sqrt(0.5))
    flat = histogram(np.full(5, 3.0))
    assert flat["edges"][0] < 3.0 < flat["edges"][-1]  # a unit range around it
    assert histogram(np.array([np.nan]))["counts"].size == 0


def test_statistics_per_layer_with_tf_keras_names():
    net = network()
    x = np.random.default_rng(1).normal(size=(64, 2))
    rows = layer_statistics(net, x)
    assert [r["id"] for r in rows] == ["a", "act", "b", "out"]
    assert [r["type"] for r in rows] == ["Dense", "Activation", "Dense", "Dense"]
    assert rows[0]["output"]["counts"].sum() == 64 * 4
    assert "weights" in rows[0] and "weights" not in rows[1]
    assert rows[0]["weight_rms"] == pytest.approx(
        np.sqrt(np.mean(net.layers["a"].params["kernel"] ** 2))
    )
    assert diagnose(rows) == []  # a fresh network is healthy


def test_dead_units_saturation_and_gradients_are_reported():
    net = network()
    x = np.random.default_rng(1).normal(size=(64, 2))
    net.layers["a"].params["kernel"][...] = 0.0
    net.layers["a"].params["bias"][...] = [-1.0, -1.0, -1.0, 0.5]  # three never fire
    net.layers["b"].params["kernel"][...] = 0.0
    net.layers["b"].params["bias"][...] = 9.0  # tanh pinned at 1
    rows = layer_statistics(net, x)
    assert rows[1]["dead"] == 3 and rows[2]["saturated"] == 1.0
    notes = diagnose(rows)
    assert notes[0].startswith("act: 3 of 4 ReLU units are dead")
    assert notes[1].startswith("b: 100% of the tanh outputs are saturated")
    for layer_id, g in (("a", 1e-7), ("b", 1e-3), ("out", 1e-2)):
        net.layers[layer_id].grads["kernel"][...] = g
    assert "gradients vanish" in diagnose(layer_statistics(net, x))[-1]
    net.layers["out"].params["bias"][...] = 30.0  # a confident output: no note
    rows = layer_statistics(net, x)
    assert rows[-1]["saturated"] == 1.0 and rows[-1]["is_output"]
    assert not any(note.startswith("out:") for note in diagnose(rows))
    net.layers["a"].grads["kernel"][...] = 1e3
    assert "gradients explode" in diagnose(layer_statistics(net, x))[-1]
