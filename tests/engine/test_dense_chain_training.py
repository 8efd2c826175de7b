"""Training through the fused Dense-chain kernel and its epoch plan gives the numbers
of the layers' own code: losses, train metrics, weights, step back, batch sizes."""

import numpy as np
import pytest

from netdesigner.engine import Network, NodeSpec, Trainer, dense_chain

CASES = {
    # hidden activation, output units and activation, loss
    "playground": ("tanh", 1, "tanh", "half_mean_squared_error"),
    "softmax": ("relu", 3, "softmax", "sparse_categorical_crossentropy"),
    "sigmoid": ("sigmoid", 1, "sigmoid", "binary_crossentropy"),
    "linear": ("tanh", 2, "linear", "mean_squared_error"),
}


def network(hidden, units, out, fast):
    nodes = [
        NodeSpec("in", "Input", {"shape": [3]}),
        NodeSpec("a", "Dense", {"units": 5, "activation": hidden}),
        NodeSpec("b", "Dense", {"units": 4, "activation": hidden}),
        NodeSpec("o", "Dense", {"units": units, "activation": out}),
    ]
    edges = [("in", "a"), ("a", "b"), ("b", "o")]
    return Network(
        nodes,
        edges,
        dtype=np.float64,
        rng=np.random.default_rng(0),
        fast_kernel=fast,
    )


def data(units, loss, n=53):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(n, 3))
    if loss == "sparse_categorical_crossentropy":
        y = (x[:, 0] > 0).astype(int) + (x[:, 1] > 0.5)
    elif loss == "binary_crossentropy":
        y = (x[:, 0] * x[:, 1] > 0).astype(float)
    elif units == 1:
        y = np.where(x[:, 0] + x[:, 2] > 0, 1.0, -1.0)
    else:
        y = x[:, :2] * 0.5
    return x, y


def train(case, fast, *, epochs=3, batch_size=7, transform=None, script=None):
    hidden, units, out, loss = CASES[case]
    x, y = data(units, loss)
    if transform is not None:
        x = np.round(x * 100).astype(np.int32)
    t = Trainer(
        network(hidden, units, out, fast),
        loss,
        {"type": "sgd", "learning_rate": 0.05, "momentum": 0.5},
        x[:40],
        y[:40],
        x[40:],
        y[40:],
        batch_size=batch_size,
        epochs=epochs,
        rng=np.random.default_rng(2),
        transform=transform,
    )
    losses = []
    if script is None:
        for event in t.events():
            losses.append(getattr(event, "loss", None))
    else:
        script(t, losses)
    return t, losses


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_kernel_trains_as_the_layers(case):
    fast, fast_losses = train(case, True)
    slow, slow_losses = train(case, False)
    assert fast.network._kernel is not None and slow.network._kernel is None
    assert fast._plan is not None  # the epoch plan ran, not the per-batch kernel
    assert len(fast_losses) == len(slow_losses) == 3 * (6 + 1)  # 40 = 5*7 + 5
    np.testing.assert_allclose(
        [v for v in fast_losses if v is not None],
        [v for v in slow_losses if v is not None],
        rtol=1e-10,
    )
    assert fast.history.keys() == slow.history.keys()
    for key in fast.history:
        if key != "elapsed":
            np.testing.assert_allclose(fast.history[key], slow.history[key], rtol=1e-10)
    for key, w in slow.network.get_weights().items():
        np.testing.assert_allclose(fast.network.get_weights()[key], w, rtol=1e-10)
    # the train accuracy is over every batch's output, the tail batch included
    np.testing.assert_allclose(fast.data.outputs, slow.data.outputs, rtol=1e-10)


def test_a_transform_applies_to_the_epochs_inputs():
    def scale(x):
        return x / 100.0

    fast, fast_losses = train("playground", True, transform=scale)
    slow, slow_losses = train("playground", False, transform=scale)
    assert fast._plan is not None
    np.testing.assert_allclose(
        [v for v in fast_losses if v is not None],
        [v for v in slow_losses if v is not None],
        rtol=1e-10,
    )


def test_batch_size_changes_and_step_back_mid_epoch():
    def script(t, losses):
        losses += [e.loss for e in t.step_epoch() if hasattr(e, "loss")]
        t.set_batch_size(4)  # 10 full batches from the next epoch
        losses += [e.loss for e in t.step_batch()]
        losses += [e.loss for e in t.step_batch()]
        t.step_back()  # back to the start of epoch 2, which reloads its inputs
        losses += [e.loss for e in t.step_epoch() if hasattr(e, "loss")]
        t.set_batch_size(40)  # one batch, no tail
        losses += [e.loss for e in t.step_epoch() if hasattr(e, "loss")]

    fast, fast_losses = train("softmax", True, epochs=5, script=script)
    slow, slow_losses = train("softmax", False, epochs=5, script=script)
    assert fast._plan is not None and fast._plan.batch_size == 40
    assert len(fast_losses) == 6 + 2 + 10 + 1
    np.testing.assert_allclose(fast_losses, slow_losses, rtol=1e-10)
    np.testing.assert_allclose(
        fast.history["train_accuracy"], slow.history["train_accuracy"]
    )


@pytest.mark.parametrize("limit", ["MAX_PLAN_VALUES", "MAX_PLAN_BATCHES"])
def test_too_large_an_epoch_runs_batch_by_batch(monkeypatch, limit):
    monkeypatch.setattr(dense_chain, limit, 5)  # 40 samples: 6 batches of 7, 22 rows
    fast, fast_losses = train("playground", True)
    slow, slow_losses = train("playground", False)
    assert fast._plan is None and fast.network._kernel is not None
    np.testing.assert_allclose(
        [v for v in fast_losses if v is not None],
        [v for v in slow_losses if v is not None],
        rtol=1e-10,
    )
