"""Inference runs in chunks small enough for a network's layer outputs."""

import numpy as np
from engine_helpers import mlp

from netdesigner.engine import Network, NodeSpec, Trainer, network


def _cnn() -> Network:
    nodes = [
        NodeSpec("in", "Input", {"shape": [6, 6, 2]}),
        NodeSpec("c", "Conv2D", {"filters": 4, "kernel_size": 3, "activation": "relu"}),
        NodeSpec("f", "Flatten", {}),
        NodeSpec("out", "Dense", {"units": 3, "activation": "softmax"}),
    ]
    edges = [("in", "c"), ("c", "f"), ("f", "out")]
    return Network(nodes, edges, rng=np.random.default_rng(0))


def _evaluated_sizes(net: Network, x: np.ndarray, y: np.ndarray, loss: str):
    """(test loss, sizes of the batches the evaluation forwarded)."""
    trainer = Trainer(
        net,
        loss,
        {"type": "sgd"},
        x,
        y,
        x,
        y,
        eval_batch_size=1024,
        rng=np.random.default_rng(1),
    )
    sizes = []
    forward = net.forward

    def spy(xb, training=False):
        sizes.append(len(xb))
        return forward(xb, training)

    net.forward = spy
    return trainer.data.evaluate(trainer.fused), sizes


def test_large_outputs_per_sample_evaluate_in_smaller_chunks(monkeypatch):
    rng = np.random.default_rng(2)
    x = rng.random((50, 6, 6, 2), dtype=np.float32)
    y = rng.integers(0, 3, 50)
    whole, sizes = _evaluated_sizes(_cnn(), x, y, "sparse_categorical_crossentropy")
    assert sizes == [50]
    per_sample = 4 * (6 * 6 * 2 + 2 * 4 * 4 * 4 + 3)  # in, conv, flatten, out
    monkeypatch.setattr(network, "INFERENCE_CHUNK_BYTES", 8 * per_sample)
    chunked, sizes = _evaluated_sizes(_cnn(), x, y, "sparse_categorical_crossentropy")
    assert sizes == [8] * 6 + [2]
    np.testing.assert_allclose(chunked, whole, rtol=1e-6)


def test_small_outputs_per_sample_keep_the_eval_batch_size():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(1500, 2)).astype(np.float32)
    y = np.tanh(x[:, :1])
    _, sizes = _evaluated_sizes(mlp(), x, y, "mean_squared_error")
    assert sizes == [1024, 476]


def test_predict_uses_the_same_chunks(monkeypatch):
    rng = np.random.default_rng(4)
    x = rng.random((20, 6, 6, 2), dtype=np.float32)
    net = _cnn()
    whole = net.predict(x)
    per_sample = 4 * (6 * 6 * 2 + 2 * 4 * 4 * 4 + 3)
    monkeypatch.setattr(network, "INFERENCE_CHUNK_BYTES", 6 * per_sample)
    sizes = []
    forward = net.forward

    def spy(xb, training=False):
        sizes.append(len(xb))
        return forward(xb, training)

    net.forward = spy
    np.testing.assert_allclose(net.predict(x), whole, rtol=1e-6)
    assert sizes == [6, 6, 6, 2]
