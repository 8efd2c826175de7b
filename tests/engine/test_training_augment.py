"""A transform with a ``training`` method: training batches go through it (e.g.
augmentation), the test set and the shape check through the plain call."""

from __future__ import annotations

import numpy as np
import pytest

from netdesigner.engine import NodeSpec, Trainer
from netdesigner.engine.network import Network


class Recording:
    """Scales pixels to [0, 1]; ``training`` also records each batch it gets."""

    def __init__(self) -> None:
        self.training_rows: list[np.ndarray] = []
        self.plain_rows = 0

    def __call__(self, x: np.ndarray) -> np.ndarray:
        self.plain_rows += len(x)
        return np.asarray(x, dtype=np.float32).reshape(len(x), 4, 4, 1) / 255

    def training(self, x: np.ndarray) -> np.ndarray:
        self.training_rows.append(x[:, 0, 0].copy())
        return self(x[:, :, ::-1])  # a mirror, as augmentation would


def conv_net() -> Network:
    nodes = [
        NodeSpec("in", "Input", {"shape": [4, 4, 1]}),
        NodeSpec("c", "Conv2D", {"filters": 2, "kernel_size": 3}),
        NodeSpec("f", "Flatten", {}),
        NodeSpec("d", "Dense", {"units": 3, "activation": "softmax"}),
    ]
    edges = [("in", "c"), ("c", "f"), ("f", "d")]
    return Network(nodes, edges, rng=np.random.default_rng(0))


@pytest.mark.parametrize("batch_size", [7, 64])
def test_training_batches_use_the_training_method_and_test_batches_do_not(
    batch_size,
):
    rng = np.random.default_rng(1)
    x = rng.integers(0, 256, size=(40, 4, 4), dtype=np.uint8)
    x[:, 0, 0] = np.arange(40)  # names each training image
    y = rng.integers(0, 3, size=40)
    x_test = np.full((10, 4, 4), 200, dtype=np.uint8)
    transform = Recording()
    trainer = Trainer(
        conv_net(), "sparse_categorical_crossentropy", {"type": "adam"},
        x, y, x_test, y[:10], batch_size=batch_size, epochs=2,
        rng=np.random.default_rng(2), transform=transform,
    )  # fmt: skip
    plain_after_setup = transform.plain_rows
    trainer.run()
    seen = np.concatenate(transform.training_rows)
    assert len(seen) == 80  # two epochs, every training image once each
    assert sorted(seen[:40].tolist()) == list(range(40))
    assert 200 not in seen.tolist()  # never a test image
    # the plain call served the test set, once per epoch
    assert transform.plain_rows - plain_after_setup - 80 == 2 * 10
