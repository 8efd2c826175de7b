"""Make ``samples/12_transfer_learning.weights.npz``, the transfer lesson's weights.

The procedure, so anyone can check or redo it:

1. Train the lesson's LeNet-5 with every layer trainable on the built-in MNIST
   subset (all 4,000 training digits, batches shifted by up to 2 pixels, Adam 0.002,
   batch size 64, as lesson 9's ``10_lenet5_mnist.json``, but 40 epochs: about
   0.98 test accuracy on digits), seed 0.
2. Keep its convolutions (``conv_1`` and ``conv_2``, kernels and biases): the
   stroke and edge detectors learned on digits.
3. Give the dense layers (the new head) the initial weights the lesson's own seed
   gives them, exactly those the compare run ``scratch`` starts from, so the two
   runs differ only in the convolutions: pretrained and frozen, or random and
   trainable.

Run from the repository root (under a minute on two cores)::

    python samples/tools/pretrain_transfer.py

``--images`` and ``--epochs`` make a smaller run (the tests use one); ``--out``
writes elsewhere.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

import numpy as np

from netdesigner.design.build import build_network, export_weights
from netdesigner.design.io import load_design, save_weights, weights_path
from netdesigner.design.model import Design
from netdesigner.design.session import TrainingSession

LESSON = Path(__file__).resolve().parents[1] / "12_transfer_learning.json"
#: the source task: lesson 9's digits and training settings
SOURCE_DATASET = {"name": "mnist", "seed": 0, "augment": {"shift": 2}}
SOURCE_TRAINING = {
    "loss": "sparse_categorical_crossentropy",
    "optimizer": {"type": "adam", "learning_rate": 0.002},
    "batch_size": 64,
    "epochs": 40,
    "seed": 0,
}
MNIST_TRAIN_IMAGES = 4_000


def frozen_layers(design: Design) -> list[str]:
    """The ids of the lesson's frozen layers, those pretrained on digits."""
    return [node.id for node in design.nodes if not node.trainable]


def source_design(
    lesson: Design, images: int = MNIST_TRAIN_IMAGES, epochs: int | None = None
) -> Design:
    """The lesson's network with every layer trainable, set to learn digits."""
    source = lesson.copy()
    source.lesson = None
    source.nodes = [dataclasses.replace(n, trainable=True) for n in source.nodes]
    source.dataset = {**SOURCE_DATASET, "n_samples": images}
    source.training = {**SOURCE_TRAINING}
    if epochs is not None:
        source.training["epochs"] = epochs
    return source


def pretrain(
    lesson: Design, images: int = MNIST_TRAIN_IMAGES, epochs: int | None = None
) -> tuple[dict[str, np.ndarray], float]:
    """The lesson's starting weights and the source network's MNIST test accuracy.

    Returns ``{"<node id>/<weight>": array}`` for every layer of ``lesson``: the
    frozen layers' from training on ``images`` MNIST digits, the others the fresh
    initial weights of ``lesson``'s own seed.
    """
    session = TrainingSession(source_design(lesson, images, epochs))
    for _ in session.events():
        pass
    digits = export_weights(session.network)
    weights = export_weights(build_network(lesson))  # the new head, as `scratch`'s
    frozen = frozen_layers(lesson)
    for key in weights:
        if key.split("/")[0] in frozen:
            weights[key] = digits[key]
    return weights, session.evaluate()["test_accuracy"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=MNIST_TRAIN_IMAGES)
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--out", type=Path, default=weights_path(LESSON))
    args = parser.parse_args(argv)
    weights, accuracy = pretrain(load_design(LESSON), args.images, args.epochs)
    save_weights(args.out, weights)
    print(f"MNIST test accuracy {accuracy:.4f}; wrote {args.out}")


if __name__ == "__main__":
    main()
