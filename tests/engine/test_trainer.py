"""The trainer: events, determinism, snapshots, early stopping, divergence."""

import math

import numpy as np
import pytest
from engine_helpers import mlp

from netdesigner.engine import (
    BatchEvent,
    DivergenceError,
    DivergenceEvent,
    EarlyStopEvent,
    EngineError,
    EpochEvent,
    Network,
    NodeSpec,
    Trainer,
)


def blobs(n=60, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 2)).astype(np.float32)
    y = np.where(x[:, 0] + 0.5 * x[:, 1] > 0, 1.0, -1.0)
    return x, y


def trainer(net=None, loss="mean_squared_error", opt=None, n=60, **kw):
    x, y = blobs(n)
    kw.setdefault("rng", np.random.default_rng(5))
    return Trainer(
        net or mlp(),
        loss,
        opt or {"type": "sgd", "learning_rate": 0.1},
        x,
        y,
        x[:20],
        y[:20],
        **kw,
    )


def test_events_counts_and_partial_last_batch():
    tr = trainer(batch_size=25, epochs=2)
    events = list(tr.events())
    batches = [e for e in events if isinstance(e, BatchEvent)]
    epochs = [e for e in events if isinstance(e, EpochEvent)]
    assert [e.batch_size for e in batches] == [25, 25, 10] * 2
    assert [(e.epoch, e.batch, e.iteration) for e in batches[:4]] == [
        (1, 1, 1),
        (1, 2, 2),
        (1, 3, 3),
        (2, 1, 4),
    ]
    assert [e.epoch for e in epochs] == [1, 2] and epochs[-1].iteration == 6
    assert isinstance(events[3], EpochEvent)  # right after the epoch's last batch
    assert set(epochs[0].metrics) == {"train_accuracy", "test_accuracy"}
    assert epochs[1].elapsed >= epochs[0].elapsed > 0
    h = tr.history
    assert (
        h["epoch"] == [1, 2]
        and len(h["test_loss"]) == 2
        and len(h["train_accuracy"]) == 2
    )
    # the epoch's train loss is the size-weighted mean of its batch losses
    first = batches[:3]
    assert h["train_loss"][0] == pytest.approx(
        sum(e.loss * e.batch_size for e in first) / 60
    )
    assert list(tr.events()) == [] and tr.step_batch() == []


def test_step_batch_and_step_epoch():
    tr = trainer(batch_size=30, epochs=3)
    assert [type(e) for e in tr.step_batch()] == [BatchEvent]
    assert [type(e) for e in tr.step_batch()] == [BatchEvent, EpochEvent]
    events = tr.step_epoch()
    assert [type(e) for e in events] == [BatchEvent, BatchEvent, EpochEvent]
    assert tr.epoch == 2 and tr.iteration == 4


def test_same_seed_gives_identical_losses():
    def losses(seed):
        tr = trainer(
            mlp(seed=seed),
            opt={"type": "adam", "learning_rate": 0.01},
            batch_size=8,
            epochs=3,
            rng=np.random.default_rng(seed),
        )
        return [e.loss for e in tr.events() if isinstance(e, BatchEvent)]

    assert losses(1) == losses(1)
    assert losses(1) != losses(2)


def test_transform_is_applied_to_each_batch_of_raw_images():
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(40, 3, 3), dtype=np.uint8)
    labels = (images.reshape(40, -1).mean(axis=1) > 127).astype(np.int64)
    seen = []

    def to_float(batch):
        seen.append(batch.dtype)
        return batch.reshape(len(batch), 9).astype(np.float32) / 255

    net = mlp((9, 4, 2), out="softmax")
    tr = Trainer(
        net,
        "sparse_categorical_crossentropy",
        {"type": "adam"},
        images,
        labels,
        images[:10],
        labels[:10],
        batch_size=16,
        epochs=1,
        transform=to_float,
        rng=np.random.default_rng(0),
    )
    tr.run()
    assert set(seen) == {np.dtype(np.uint8)} and len(seen) >= 3
    assert 0 <= tr.history["test_accuracy"][0] <= 1


def test_learning_rate_changes_between_batches_and_schedule_per_epoch():
    tr = trainer(
        batch_size=30,
        epochs=3,
        schedule={"type": "step", "drop_every": 1, "factor": 0.5},
    )
    rates = [e.learning_rate for e in tr.step_epoch() if isinstance(e, BatchEvent)]
    assert rates == [0.1, 0.1]
    tr.step_batch()
    tr.set_learning_rate(0.02)
    assert tr.step_batch()[0].learning_rate == 0.02
    # the schedule continues from the rate set by hand: next epoch halves it
    assert tr.step_batch()[0].learning_rate == pytest.approx(0.01)
    with pytest.raises(EngineError, match="positive"):
        tr.set_learning_rate(-1.0)


def test_regularization_raises_the_loss():
    plain = trainer(batch_size=60, epochs=1)
    plain.run()
    reg = trainer(batch_size=60, epochs=1)
    reg.set_regularization(l2=0.1)
    reg.run()
    assert reg.history["train_loss"][0] > plain.history["train_loss"][0]
    nodes = [
        NodeSpec("in", "Input", {"shape": [2]}),
        NodeSpec("d", "Dense", {"units": 1, "kernel_regularizer": {"l2": 0.5}}),
    ]
    net = Network(nodes, [("in", "d")], rng=np.random.default_rng(0))
    tr = trainer(
        net, batch_size=60, epochs=1, opt={"type": "sgd", "learning_rate": 0.0}
    )
    w = net.layers["d"].params["kernel"].copy()
    event = tr.step_batch()[0]
    y = net.predict(blobs()[0])
    base = float(np.mean((y[:, 0] - blobs()[1]) ** 2))
    assert event.loss == pytest.approx(base + 0.5 * float((w**2).sum()), rel=1e-5)


def test_frozen_layers_never_change_but_pass_gradients():
    net = mlp((2, 5, 5, 1), trainable={"d1": False})
    before = net.get_weights()
    tr = trainer(net, batch_size=10, epochs=3)
    tr.run()
    after = net.get_weights()
    assert np.array_equal(before["d1/kernel"], after["d1/kernel"])
    assert np.array_equal(before["d1/bias"], after["d1/bias"])
    assert not np.array_equal(before["d0/kernel"], after["d0/kernel"])  # got gradients


def test_divergence_stops_and_keeps_the_last_finite_weights():
    x = np.linspace(-3, 3, 40, dtype=np.float32)[:, None]
    y = 50 * x[:, 0]
    net = mlp((1, 8, 1), activation="relu", out="linear")
    tr = Trainer(
        net,
        "mean_squared_error",
        {"type": "sgd", "learning_rate": 3.0},
        x,
        y,
        batch_size=8,
        epochs=20,
        rng=np.random.default_rng(0),
    )
    events, weights = [], None
    for event in tr.events():
        events.append(event)
        if isinstance(event, BatchEvent):
            weights = net.get_weights()
    last = events[-1]
    assert isinstance(last, DivergenceEvent)
    assert "the learning rate 3.0 is probably too high (try 0.3)" in last.message
    assert f"epoch {last.epoch}, batch {last.batch}" in last.message
    assert all(np.isfinite(v).all() for v in net.get_weights().values())
    for key, value in weights.items():
        assert np.array_equal(net.get_weights()[key], value)
    assert tr.finished and list(tr.events()) == []
    with pytest.raises(DivergenceError):
        tr.set_learning_rate(3.0)
        tr.run()


def test_step_back_restores_exactly_and_replays_identically():
    tr = trainer(
        opt={"type": "adam", "learning_rate": 0.05},
        batch_size=7,
        epochs=6,
        snapshot_limit=3,
    )
    tr.step_epoch()
    tr.step_epoch()
    saved = tr.network.get_weights()
    third = [e.loss for e in tr.step_epoch() if isinstance(e, BatchEvent)]
    tr.step_batch()  # mid-epoch: step_back returns to the start of this epoch
    assert tr.step_back() == 3
    assert tr.step_back() == 2
    assert all(np.array_equal(v, saved[k]) for k, v in tr.network.get_weights().items())
    assert len(tr.history["train_loss"]) == 2
    again = [e.loss for e in tr.step_epoch() if isinstance(e, BatchEvent)]
    assert again == third
    tr.step_back()
    tr.step_back()
    with pytest.raises(EngineError, match="no earlier epoch"):
        tr.step_back()  # the ring kept 3 snapshots: epochs 1..3 after the replay


def test_step_back_replays_the_same_dropout_masks():
    nodes = [
        NodeSpec("in", "Input", {"shape": [2]}),
        NodeSpec("h", "Dense", {"units": 16, "activation": "relu"}),
        NodeSpec("drop", "Dropout", {"rate": 0.5}),
        NodeSpec("out", "Dense", {"units": 1, "activation": "tanh"}),
    ]
    ids = [n.id for n in nodes]
    net = Network(nodes, list(zip(ids, ids[1:], strict=False)), dtype=np.float64)
    assert set(net.layer_rngs()) == {"drop"}  # only Dropout draws while training
    tr = trainer(net, batch_size=10, epochs=4)
    tr.step_epoch()
    second = [e.loss for e in tr.step_epoch() if isinstance(e, BatchEvent)]
    assert tr.step_back() == 1
    assert [e.loss for e in tr.step_epoch() if isinstance(e, BatchEvent)] == second


def test_early_stopping_restores_the_best_weights():
    x, y = blobs(40)
    rng = np.random.default_rng(1)
    y_noisy = rng.permutation(y)  # nothing to learn: the test loss soon stops improving
    net = mlp((2, 16, 1), seed=3)
    tr = Trainer(
        net,
        "mean_squared_error",
        {"type": "adam", "learning_rate": 0.05},
        x,
        y_noisy,
        x[:20],
        rng.permutation(y[:20]),
        batch_size=10,
        epochs=200,
        early_stopping={"monitor": "val_loss", "patience": 3},
        rng=np.random.default_rng(0),
    )
    best = {}
    events = []
    for event in tr.events():
        events.append(event)
        if isinstance(event, EpochEvent):
            best[event.epoch] = net.get_weights()
    stop = events[-1]
    assert isinstance(stop, EarlyStopEvent) and stop.epoch < 200
    assert stop.epoch - stop.best_epoch == 3
    losses = tr.history["test_loss"]
    assert stop.best_value == min(losses) == losses[stop.best_epoch - 1]
    for k, v in net.get_weights().items():
        assert np.array_equal(v, best[stop.best_epoch][k])
    assert "restored" in stop.message


def test_float64_on_request_and_bad_data():
    tr = trainer(mlp(dtype=np.float64), epochs=1)
    tr.run()
    assert tr.network.flat_params.dtype == np.float64
    x, y = blobs()
    with pytest.raises(EngineError, match="60 inputs but 59 targets"):
        Trainer(mlp(), "mean_squared_error", None, x, y[:-1])
    with pytest.raises(EngineError, match=r"shape \(N, 2\), found \(60, 3\)"):
        Trainer(mlp(), "mean_squared_error", None, np.zeros((60, 3)), y)
    bad = x.copy()
    bad[3, 1] = np.nan
    with pytest.raises(EngineError, match="NaN"):
        Trainer(mlp(), "mean_squared_error", None, bad, y)


def test_regression_targets_get_regression_metrics():
    x, _ = blobs()
    y = (x[:, 0] * 0.5 - x[:, 1]).astype(np.float32)
    tr = Trainer(
        mlp(out="linear"),
        "mean_squared_error",
        {"type": "adam", "learning_rate": 0.02},
        x,
        y,
        x[:20],
        y[:20],
        batch_size=10,
        epochs=30,
        rng=np.random.default_rng(0),
    )
    tr.run()
    assert tr.metrics == ("rmse", "r2")
    assert tr.history["test_r2"][-1] > 0.9
    assert math.isclose(
        tr.history["test_rmse"][-1] ** 2, tr.history["test_loss"][-1], rel_tol=1e-4
    )


def test_gathering_batches_equals_copying_the_shuffled_set(monkeypatch):
    from netdesigner.engine import training_data

    def losses():
        tr = trainer(batch_size=7, epochs=2, rng=np.random.default_rng(3))
        return [e.loss for e in tr.events() if isinstance(e, BatchEvent)]

    monkeypatch.setattr(training_data, "GATHER_ABOVE", 0)
    gathered = losses()
    monkeypatch.setattr(training_data, "GATHER_ABOVE", 10**9)
    assert losses() == gathered


def test_float32_training_never_upcasts():
    tr = trainer(opt={"type": "adam", "learning_rate": 0.01}, batch_size=16, epochs=2)
    tr.run()
    net = tr.network
    assert net.flat_params.dtype == net.flat_grads.dtype == np.float32
    assert all(v.dtype == np.float32 for v in tr.optimizer.state.values())
    assert all(v.dtype == np.float32 for v in net.get_weights().values())
    assert tr.data.outputs.dtype == np.float32


def test_divergence_through_step_epoch_then_step_back_and_a_lower_rate():
    x = np.linspace(-3, 3, 40, dtype=np.float32)[:, None]
    net = mlp((1, 8, 1), activation="relu", out="linear")
    tr = Trainer(
        net,
        "mean_squared_error",
        {"type": "sgd", "learning_rate": 3.0},
        x,
        50 * x[:, 0],
        batch_size=8,
        epochs=20,
        rng=np.random.default_rng(0),
    )
    events = []
    while not tr.finished:
        events += tr.step_epoch()
    assert isinstance(events[-1], DivergenceEvent) and tr.diverged
    assert np.isfinite(net.flat_params).all()
    assert tr.step_epoch() == []  # stopped
    tr.set_learning_rate(1e-4)  # the kept weights are finite, yet far out
    assert not tr.finished
    assert tr.step_back() == 0  # the weights from before the run
    tr.set_learning_rate(1e-3)
    more = tr.step_epoch()
    assert isinstance(more[-1], EpochEvent) and math.isfinite(more[-1].train_loss)


def test_a_non_finite_test_loss_at_the_epoch_end_is_divergence(monkeypatch):
    tr = trainer(batch_size=20, epochs=5)
    tr.step_epoch()
    after_one = tr.network.get_weights()
    monkeypatch.setattr(tr.data, "evaluate", lambda fused: math.inf)
    events = tr.step_epoch()
    last = events[-1]
    assert isinstance(last, DivergenceEvent) and tr.diverged
    assert "the test loss became infinite at the end of epoch 2" in last.message
    assert "weights from the end of epoch 1 are restored" in last.message
    assert tr.epoch == 1 and len(tr.history["train_loss"]) == 1
    for key, value in tr.network.get_weights().items():
        assert np.array_equal(value, after_one[key])


def test_a_big_network_keeps_fewer_epochs_to_step_back_to(monkeypatch):
    """Snapshots stay within their byte budget: fewer epochs, at least one undo."""
    from netdesigner.engine import snapshots

    small = trainer(opt={"type": "adam", "learning_rate": 0.05}, epochs=30)
    one = snapshots.snapshot_bytes(small._snapshots[0])
    # weights, plus adam's two slots for every weight (all trainable here)
    n_weights = sum(v.size for v in small.network.get_weights().values())
    assert one >= 3 * n_weights * 4
    monkeypatch.setattr(snapshots, "SNAPSHOT_BUDGET", 5 * one)
    tr = trainer(opt={"type": "adam", "learning_rate": 0.05}, epochs=30)
    for _ in range(8):
        tr.step_epoch()
    steps = 0
    with pytest.raises(EngineError, match="keeps the last 4 epochs"):
        while True:
            tr.step_back()
            steps += 1
    assert steps == 4
    monkeypatch.setattr(snapshots, "SNAPSHOT_BUDGET", 1)
    tiny = trainer(opt={"type": "adam", "learning_rate": 0.05}, epochs=30)
    tiny.step_epoch()
    tiny.step_epoch()
    assert tiny.step_back() == 1  # one epoch can always be undone
