"""Building engine networks from designs and moving weights in and out."""

from pathlib import Path

import numpy as np
import pytest
from design_helpers import mlp

from netdesigner.design.build import (
    build_network,
    export_weights,
    load_design_weights,
    node_specs,
    set_network_weights,
)
from netdesigner.design.errors import DesignError, GraphError
from netdesigner.design.io import load_design, save_weights, weights_path
from netdesigner.design.model import Edge

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "tests" / "shared_examples"  # copies of ../shared/examples


def test_node_specs_fill_in_keras_defaults():
    spec = {s.id: s for s in node_specs(mlp(hidden=3))}["dense_1"]
    assert spec.type == "Dense"
    assert spec.params["units"] == 3
    assert spec.params["use_bias"] is True
    assert spec.params["kernel_initializer"] == "glorot_uniform"


def test_network_follows_the_design():
    net = build_network(mlp(hidden=5))
    assert net.order == ["input", "dense_1", "output"]
    assert net.input_shape == (2,) and net.output_shape == (1,)
    weights = net.get_weights()
    assert weights["dense_1/kernel"].shape == (2, 5)
    assert weights["output/bias"].shape == (1,)
    assert weights["dense_1/kernel"].dtype == np.float32


def test_same_seed_same_weights_and_design_seed_is_the_default():
    a = export_weights(build_network(mlp(seed=4)))
    b = export_weights(build_network(mlp(), seed=4))
    c = export_weights(build_network(mlp(seed=5)))
    np.testing.assert_array_equal(a["dense_1/kernel"], b["dense_1/kernel"])
    assert not np.array_equal(a["dense_1/kernel"], c["dense_1/kernel"])


def test_float64_network():
    net = build_network(mlp(), dtype=np.float64)
    assert net.get_weights()["dense_1/kernel"].dtype == np.float64


def test_frozen_node_is_not_trainable():
    design = mlp()
    design.node("dense_1").trainable = False
    assert build_network(design).layers["dense_1"].trainable is False


def test_graph_that_cannot_be_built_is_a_design_error():
    design = mlp()
    design.edges.append(Edge("output", "dense_1"))  # a cycle
    with pytest.raises(GraphError, match="cannot be built"):
        build_network(design)


def test_weights_round_trip_through_a_file(tmp_path):
    trained = build_network(mlp(), seed=1)
    path = tmp_path / "net.json"
    save_weights(weights_path(path), export_weights(trained))
    fresh = build_network(mlp(), seed=2)
    assert load_design_weights(fresh, path) == tmp_path / "net.weights.npz"
    x = np.random.default_rng(0).normal(size=(7, 2)).astype(np.float32)
    np.testing.assert_array_equal(fresh.predict(x), trained.predict(x))


def test_exported_weights_are_copies():
    net = build_network(mlp())
    weights = export_weights(net)
    weights["dense_1/kernel"][...] = 42
    assert not np.any(net.get_weights()["dense_1/kernel"] == 42)


def test_wrong_shape_names_key_and_both_shapes():
    net = build_network(mlp(hidden=3))
    other = export_weights(build_network(mlp(hidden=4)))
    before = export_weights(net)
    with pytest.raises(DesignError) as info:
        set_network_weights(net, other, source="old.weights.npz")
    message = str(info.value)
    assert message.startswith("old.weights.npz: 'dense_1/kernel' has shape (2, 4)")
    assert "needs (2, 3)" in message
    # nothing changed
    after = export_weights(net)
    np.testing.assert_array_equal(after["output/kernel"], before["output/kernel"])


def test_missing_and_extra_keys():
    net = build_network(mlp())
    weights = export_weights(net)
    del weights["output/bias"]
    with pytest.raises(
        DesignError, match="holds no 'output/bias' \\(shape \\(1,\\)\\)"
    ):
        set_network_weights(net, weights, source="w.npz")
    weights = export_weights(net)
    weights["gone/kernel"] = np.zeros(3, np.float32)
    with pytest.raises(DesignError, match="holds 'gone/kernel', which no layer"):
        set_network_weights(net, weights, source="w.npz")


def test_missing_weights_file_is_a_design_error(tmp_path):
    with pytest.raises(DesignError, match="no weights file"):
        load_design_weights(build_network(mlp()), tmp_path / "none.json")


def test_batch_norm_buffers_travel_with_the_weights():
    design = load_design(ROOT / "samples" / "11_lenet5_batchnorm_fashion.json")
    weights = export_weights(build_network(design))
    assert "bn_conv_1/moving_mean" in weights
    assert "bn_conv_1/moving_variance" in weights
    assert weights["conv_1/kernel"].shape == (5, 5, 1, 6)


@pytest.mark.parametrize("name", ["lenet5_mnist.json", "playground_default.json"])
def test_shared_examples_build(name):
    net = build_network(load_design(EXAMPLES / name))
    expected = {"lenet5_mnist.json": 61706, "playground_default.json": 25}[name]
    assert net.count_params() == expected
