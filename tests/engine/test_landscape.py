"""The loss landscape: exact for two weights, principal directions for more."""

import numpy as np
import pytest

from netdesigner.engine import Network, NodeSpec, Trainer
from netdesigner.engine.landscape import LossLandscape


def linear_trainer(units=(1,), bias=False, lr=0.05, n=40):
    rng = np.random.default_rng(0)
    x = rng.uniform(-3, 3, (n, 2))
    t = x @ np.array([0.5, -1.0])
    nodes = [NodeSpec("in", "Input", {"shape": [2]})]
    for i, u in enumerate(units):
        act = "linear" if i == len(units) - 1 else "tanh"
        params = {"units": u, "activation": act, "use_bias": bias}
        nodes.append(NodeSpec(f"d{i}", "Dense", params))
    ids = [node.id for node in nodes]
    net = Network(
        nodes, list(zip(ids, ids[1:], strict=False)), dtype=np.float64,
        rng=np.random.default_rng(1),
    )  # fmt: skip
    trainer = Trainer(
        net, "mean_squared_error", {"type": "sgd", "learning_rate": lr}, x, t,
        batch_size=8, epochs=3, rng=np.random.default_rng(2),
    )  # fmt: skip
    return trainer, x, t


def train(trainer, scape):
    for event in trainer.events():
        if type(event).__name__ == "BatchEvent":
            scape.record()


def test_two_weights_give_the_exact_surface_and_path():
    trainer, x, t = linear_trainer()
    scape = LossLandscape(trainer)
    start = trainer.network.flat_params.copy()
    train(trainer, scape)
    assert scape.exact
    picture = scape.surface()
    assert picture["labels"] == ("d0/kernel[0, 0]", "d0/kernel[1, 0]")
    for iy, ix in ((0, 0), (20, 7), (40, 40)):
        w = np.array([picture["x"][ix], picture["y"][iy]])
        expected = np.mean((x @ w - t) ** 2)
        assert picture["loss"][iy, ix] == pytest.approx(expected, rel=1e-12)
    path = scape.path()
    assert len(path) == 1 + 3 * 5  # the start and 15 steps (40 samples, batch 8)
    np.testing.assert_allclose(path[0], start)
    np.testing.assert_allclose(path[-1], trainer.network.flat_params)
    x0, x1, y0, y1 = scape.box
    assert x0 < path[:, 0].min() and path[:, 0].max() < x1
    # surface() put the weights back where training left them
    np.testing.assert_array_equal(path[-1], trainer.network.flat_params)
    # gradient descent went downhill
    assert np.mean((x @ path[-1] - t) ** 2) < 0.1 * np.mean((x @ path[0] - t) ** 2)
    assert scape.needs_surface() is False
    trainer.network.flat_params[:] = [40.0, 40.0]  # far outside the picture
    scape.record()
    assert scape.needs_surface()


def test_more_weights_use_the_directions_the_path_moved_most():
    trainer, _, _ = linear_trainer(units=(3, 1), bias=True, lr=0.02)
    scape = LossLandscape(trainer)
    before = scape.surface()
    assert not scape.exact and before["labels"][0] == "random direction 1"
    train(trainer, scape)
    frame = scape.frame(refit=True)
    labels = frame["surface"]["labels"]
    assert labels[0].startswith("direction 1 (") and "% of the path" in labels[0]
    np.testing.assert_allclose(frame["path"][-1], [0.0, 0.0], atol=1e-9)  # now
    assert np.linalg.norm(frame["path"][0]) > 0.01  # the start, away from now
    share = [float(label.split("(")[1].split("%")[0]) for label in labels]
    assert share[0] >= share[1] and sum(share) <= 100.5
    assert np.isfinite(frame["surface"]["loss"]).all()
    assert "surface" not in scape.frame(refit=True)  # nothing new: no recompute


def test_a_long_path_is_thinned_but_keeps_its_ends():
    trainer, _, _ = linear_trainer()
    scape = LossLandscape(trainer, max_values=400)  # 200 points of two weights
    first = scape.path()[0].copy()
    for k in range(1000):
        trainer.network.flat_params[:] = [k * 0.01, -k * 0.01]
        scape.record()
    path = scape.path()
    assert len(path) <= 200
    np.testing.assert_allclose(path[0], first)
    np.testing.assert_allclose(path[-1], [9.99, -9.99])
    assert len(scape.path(limit=50)) <= 51


def test_the_perceptron_rule_has_no_landscape():
    from netdesigner.engine import EngineError, PerceptronTrainer

    nodes = [
        NodeSpec("in", "Input", {"shape": [2]}),
        NodeSpec("out", "Dense", {"units": 1, "activation": "step"}),
    ]
    net = Network(nodes, [("in", "out")])
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    trainer = PerceptronTrainer(net, x, np.array([0, 0, 0, 1]))
    with pytest.raises(EngineError, match="the perceptron rule follows no loss"):
        LossLandscape(trainer)


def test_weight_keys_follow_the_flat_buffer():
    trainer, _, _ = linear_trainer(units=(3, 1), bias=True)
    scape = LossLandscape(trainer)
    keys = scape.weight_keys()
    net = trainer.network
    assert len(keys) == net.flat_params.size
    weights = net.get_weights()
    for flat_index in (0, 5, 8, len(keys) - 1):
        key, where = keys[flat_index]
        assert weights[key][where] == net.flat_params[flat_index]
