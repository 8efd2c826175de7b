"""Shared helpers for the design tests: example files and small hand-built designs."""

from __future__ import annotations

from pathlib import Path

from netdesigner.design.model import Design, Edge, Node

# copies of ../shared/examples, so the tests pass on a clone with nothing beside it
EXAMPLES = Path(__file__).resolve().parents[1] / "shared_examples"
SHARED_EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "examples"


def example_files() -> list[Path]:
    """The hand-written example designs (the repository's copies)."""
    return sorted(EXAMPLES.glob("*.json"))


def chain(*nodes: Node, **settings) -> Design:
    """A design whose nodes are wired one after the other."""
    edges = [Edge(a.id, b.id) for a, b in zip(nodes, nodes[1:], strict=False)]
    return Design(name="test", nodes=list(nodes), edges=edges, **settings)


def node(node_id: str, type_: str, **params) -> Node:
    return Node(node_id, type_, params)


def mlp(
    hidden: int = 4,
    out_units: int = 1,
    activation: str = "sigmoid",
    seed: int | None = None,
) -> Design:
    """Input(2) -> Dense(hidden, tanh) -> Dense(out_units, activation) on xor;
    ``seed``: the design's training seed (None: the default)."""
    training: dict = {"loss": "binary_crossentropy", "epochs": 3}
    if seed is not None:
        training["seed"] = seed
    return chain(
        node("input", "Input", shape=[2]),
        node("dense_1", "Dense", units=hidden, activation="tanh"),
        node("output", "Dense", units=out_units, activation=activation),
        dataset={"name": "xor", "n_samples": 200, "noise": 5, "seed": 3},
        training=training,
    )


def lenet(first_padding: str = "same") -> Design:
    """LeNet-5 as the course draws it (ReLU, max pooling) for 28×28×1 images."""
    return chain(
        node("input", "Input", shape=[28, 28, 1]),
        node(
            "conv_1",
            "Conv2D",
            filters=6,
            kernel_size=5,
            padding=first_padding,
            activation="relu",
        ),
        node("pool_1", "MaxPooling2D", pool_size=2),
        node("conv_2", "Conv2D", filters=16, kernel_size=[5, 5], activation="relu"),
        node("pool_2", "MaxPooling2D", pool_size=[2, 2]),
        node("flatten", "Flatten"),
        node("dense_1", "Dense", units=120, activation="relu"),
        node("dense_2", "Dense", units=84, activation="relu"),
        node("output", "Dense", units=10, activation="softmax"),
        dataset={"name": "mnist"},
        training={"loss": "sparse_categorical_crossentropy"},
    )
