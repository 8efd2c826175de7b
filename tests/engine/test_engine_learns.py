"""End-to-end: the engine learns what the course says it learns."""

import numpy as np
from engine_helpers import mlp

from netdesigner.engine import Trainer


def test_2_2_1_tanh_solves_xor():
    # seed 0 is one of the seeds (12 of the first 20) from which 2-2-1 escapes the
    # plateau; a 2-2-1 net has bad local minima for XOR, so the seed is chosen.
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    y = np.array([-1, 1, 1, -1], dtype=np.float32)
    net = mlp((2, 2, 1), seed=0)
    tr = Trainer(
        net,
        "mean_squared_error",
        {"type": "sgd", "learning_rate": 0.1, "momentum": 0.9},
        x,
        y,
        batch_size=4,
        epochs=300,
        rng=np.random.default_rng(0),
    )
    history = tr.run()
    assert history["train_accuracy"][-1] == 1.0
    assert history["train_loss"][-1] < 0.01
    assert np.array_equal(np.sign(net.predict(x)[:, 0]), y)


def test_a_tiny_set_is_overfit():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(20, 5)).astype(np.float32)
    y = rng.integers(0, 3, 20)  # random labels: only memorising fits them
    net = mlp((5, 32, 3), activation="relu", out="softmax")
    tr = Trainer(
        net,
        "sparse_categorical_crossentropy",
        {"type": "adam", "learning_rate": 0.02},
        x,
        y,
        batch_size=20,
        epochs=300,
        rng=np.random.default_rng(0),
    )
    history = tr.run()
    assert history["train_loss"][0] > 0.8  # about ln 3 at the start
    assert history["train_loss"][-1] < 0.02
    assert history["train_accuracy"][-1] == 1.0


def test_playground_spiral_with_2_8_8_1():
    n = 400
    rng = np.random.default_rng(0)
    i = np.arange(n // 2)
    r = i / (n // 2) * 5
    pts, labels = [], []
    for delta, label in ((0.0, 1.0), (np.pi, -1.0)):
        t = 1.75 * i / (n // 2) * 2 * np.pi + delta
        pts.append(np.c_[r * np.sin(t), r * np.cos(t)])
        labels.append(np.full(n // 2, label))
    x, y = np.vstack(pts).astype(np.float32), np.concatenate(labels)
    perm = rng.permutation(n)
    x, y = x[perm], y[perm]
    feats = np.c_[x, np.sin(x)]  # Playground's sin features make the spiral easy
    net = mlp((4, 8, 8, 1), seed=1)
    tr = Trainer(
        net,
        "half_mean_squared_error",
        {"type": "adam", "learning_rate": 0.03},
        feats[:300],
        y[:300],
        feats[300:],
        y[300:],
        batch_size=10,
        epochs=150,
        rng=np.random.default_rng(0),
    )
    history = tr.run()
    assert history["test_accuracy"][-1] >= 0.9
