"""The network: graph checks, forward/backward through merges, weights in and out."""

import numpy as np
import pytest

from netdesigner.engine import EngineError, Network, NodeSpec, ShapeError, create_loss


def dense(node_id, units, activation="tanh", **extra):
    return NodeSpec(
        node_id, "Dense", {"units": units, "activation": activation, **extra}
    )


def chain(sizes=(2, 4, 1), activation="tanh", dtype=np.float64, seed=0, fast=True):
    nodes = [NodeSpec("in", "Input", {"shape": [sizes[0]]})]
    nodes += [dense(f"d{i}", u, activation) for i, u in enumerate(sizes[1:])]
    ids = [n.id for n in nodes]
    return Network(
        nodes,
        list(zip(ids, ids[1:], strict=False)),
        dtype=dtype,
        rng=np.random.default_rng(seed),
        fast_kernel=fast,
    )


def residual(dtype=np.float64, merge="Add"):
    nodes = [
        dense("b", 3, "relu"),  # listed before its source: order comes from edges
        NodeSpec("in", "Input", {"shape": [3]}),
        dense("a", 3, "tanh"),
        NodeSpec("m", merge, {}),
        dense("out", 2, "linear"),
    ]
    edges = [("in", "a"), ("a", "b"), ("b", "m"), ("in", "m"), ("m", "out")]
    return Network(nodes, edges, dtype=dtype, rng=np.random.default_rng(1))


def test_topological_order_and_shapes():
    net = residual()
    assert net.order == ["in", "a", "b", "m", "out"]
    assert (net.input_id, net.output_id) == ("in", "out")
    assert net.output_shapes() == {
        "in": (3,),
        "a": (3,),
        "b": (3,),
        "m": (3,),
        "out": (2,),
    }
    net = residual(merge="Concatenate")
    assert net.output_shapes()["m"] == (6,)
    assert net.layers["out"].params["kernel"].shape == (6, 2)
    assert net.count_params() == 12 + 12 + 14


@pytest.mark.parametrize(
    "nodes,edges,message",
    [
        (
            [("in", "Input"), ("a", "Dense"), ("b", "Dense")],
            [("in", "a"), ("a", "b"), ("b", "a")],
            "cycle 'a' -> 'b' -> 'a'",
        ),
        (
            [("in", "Input"), ("in2", "Input"), ("a", "Dense")],
            [("in", "a"), ("in2", "a")],
            "exactly one Input",
        ),
        ([("a", "Dense")], [], "exactly one Input node, found none"),
        (
            [("in", "Input"), ("a", "Dense"), ("b", "Dense")],
            [("in", "a"), ("in", "b")],
            "exactly one output layer",
        ),
        (
            [("in", "Input"), ("a", "Dense"), ("b", "Dense")],
            [("in", "a")],
            "'b' has no incoming connection",
        ),
        ([("in", "Input"), ("a", "Dense")], [("in", "a"), ("in", "zz")], "'zz'"),
        ([("in", "Input"), ("m", "Add")], [("in", "m")], "Add 'm' needs two or more"),
        ([("in", "Input"), ("a", "Dense")], [("in", "a"), ("a", "a")], "itself"),
        ([("in", "Input"), ("a", "Dense"), ("a", "Dense")], [("in", "a")], "unique"),
    ],
)
def test_graph_errors_are_sentences(nodes, edges, message):
    specs = [
        NodeSpec(
            i,
            t,
            {"shape": [2]} if t == "Input" else ({"units": 2} if t == "Dense" else {}),
        )
        for i, t in nodes
    ]
    with pytest.raises(EngineError, match=message):
        Network(specs, edges, rng=np.random.default_rng(0))


def test_layer_errors_name_the_node():
    nodes = [NodeSpec("in", "Input", {"shape": [4, 4, 1]}), dense("d", 3)]
    with pytest.raises(ShapeError, match="Dense 'd'.*Flatten"):
        Network(nodes, [("in", "d")], rng=np.random.default_rng(0))
    with pytest.raises(EngineError, match="node 'd'"):
        Network(
            [
                NodeSpec("in", "Input", {"shape": [2]}),
                NodeSpec("d", "Dense", {"unitz": 3}),
            ],
            [("in", "d")],
            rng=np.random.default_rng(0),
        )


def _numeric_param_grads(net, x, t, loss, eps=1e-6):
    p = net.flat_params
    g = np.zeros_like(p)
    for i in range(p.size):
        old = p[i]
        p[i] = old + eps
        up = loss.value(net.forward(x), t)
        p[i] = old - eps
        down = loss.value(net.forward(x), t)
        p[i] = old
        g[i] = (up - down) / (2 * eps)
    return g


@pytest.mark.parametrize("merge", ["Add", "Concatenate"])
def test_merge_backward_matches_central_differences(merge):
    net = residual(merge=merge)
    rng = np.random.default_rng(2)
    x, t = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    loss = create_loss("mean_squared_error")
    _, dy = loss.value_and_gradient(net.forward(x, training=True), t)
    net.backward(dy)
    analytic = net.flat_grads.copy()
    numeric = _numeric_param_grads(net, x, t, loss)
    err = np.abs(analytic - numeric) / np.maximum(
        1e-8, np.abs(analytic) + np.abs(numeric)
    )
    assert err.max() <= 1e-6


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid", "linear"])
def test_fast_dense_chain_equals_the_layers(activation):
    rng = np.random.default_rng(3)
    x, t = rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    results = []
    for fast in (True, False):
        net = chain((3, 5, 4, 2), activation, fast=fast)
        assert (net._kernel is not None) == fast
        loss = create_loss("mean_squared_error")
        y = net.forward(x, training=True).copy()
        _, dy = loss.value_and_gradient(y, t)
        net.backward(dy)
        results.append((y, net.flat_grads.copy()))
    np.testing.assert_allclose(results[0][0], results[1][0], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(results[0][1], results[1][1], rtol=1e-12, atol=1e-14)


def test_softmax_chain_fused_gradient_matches_numeric():
    net = chain((3, 4, 3), "relu")
    net = Network(
        [
            NodeSpec("in", "Input", {"shape": [3]}),
            dense("h", 4, "tanh"),
            dense("o", 3, "softmax"),
        ],
        [("in", "h"), ("h", "o")],
        dtype=np.float64,
        rng=np.random.default_rng(0),
    )
    rng = np.random.default_rng(4)
    x, t = rng.normal(size=(5, 3)), rng.integers(0, 3, 5)
    loss = create_loss("sparse_categorical_crossentropy")
    y = net.forward(x, training=True)
    _, dz = loss.value_and_logit_gradient(net.layers["o"].preactivation, y, t)
    net.backward(dz, from_preactivation=True)
    numeric = _numeric_param_grads(net, x, t, loss)
    np.testing.assert_allclose(net.flat_grads, numeric, rtol=1e-6, atol=1e-9)


def test_weights_round_trip_and_errors():
    net, other = residual(), residual()
    other.set_weights({k: v + 1 for k, v in net.get_weights().items()})
    w = other.get_weights()
    assert set(w) == {
        "a/kernel",
        "a/bias",
        "b/kernel",
        "b/bias",
        "out/kernel",
        "out/bias",
    }
    assert np.array_equal(w["a/kernel"], net.get_weights()["a/kernel"] + 1)
    # set_weights writes into the flat buffer the optimizer updates
    assert np.shares_memory(other.layers["a"].params["kernel"], other.flat_params)
    with pytest.raises(EngineError, match="no 'out/bias'"):
        net.set_weights({k: v for k, v in w.items() if k != "out/bias"})
    with pytest.raises(EngineError, match="unexpected entry 'zz/kernel'"):
        net.set_weights({**w, "zz/kernel": w["a/kernel"]})
    with pytest.raises(
        EngineError, match=r"'a/kernel' has shape \(2, 3\), expected \(3, 3\)"
    ):
        net.set_weights({**w, "a/kernel": np.zeros((2, 3))})
    with pytest.raises(EngineError, match="NaN"):
        net.set_weights({**w, "a/bias": np.full(3, np.nan)})


def test_predict_forward_all_and_dtype():
    net = chain((2, 4, 1), dtype=np.float32)
    x = np.random.default_rng(0).normal(size=(1100, 2))
    y = net.predict(x, batch_size=512)
    assert y.shape == (1100, 1) and y.dtype == np.float32
    outs = net.forward_all(x[:7])
    assert set(outs) == {"in", "d0", "d1"} and outs["d0"].shape == (7, 4)
    np.testing.assert_allclose(outs["d1"], y[:7], rtol=1e-6)
    with pytest.raises(ShapeError, match=r"\(N, 2\), found \(3, 5\)"):
        net.predict(np.zeros((3, 5)))
    assert net.flat_params.dtype == np.float32
    with pytest.raises(EngineError, match="float32 or float64"):
        chain(dtype=np.int32)


def test_frozen_layers_stay_out_of_the_flat_buffer():
    nodes = [
        NodeSpec("in", "Input", {"shape": [2]}),
        NodeSpec("a", "Dense", {"units": 3}, trainable=False),
        dense("b", 1),
    ]
    net = Network(nodes, [("in", "a"), ("a", "b")], rng=np.random.default_rng(0))
    assert net.count_trainable_params() == 4 and net.count_params() == 13
    assert not np.shares_memory(net.layers["a"].params["kernel"], net.flat_params)
    assert net.layers["a"].need_input_grad is False and net._kernel is None
