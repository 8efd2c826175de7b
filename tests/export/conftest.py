"""Designs with weights for the export tests: every sample plus designs with branches.

``design_case`` is parametrised over every ``samples/*.json`` and the designs in
``EXTRA`` (branches, merges, odd 'same' padding, frozen batch norm, a 4-D output,
regression, one-hot and ±1 targets). Each case is saved to a temporary folder with
random weights (batch norm's statistics randomised too, so that they matter) and
comes with a batch ``x`` and the engine's prediction ``y``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from netdesigner.design.build import build_network, export_weights
from netdesigner.design.io import loads_design, save_design, save_weights, weights_path
from netdesigner.design.model import Design

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _node(node_id: str, type_: str, x: float = 0.0, **params) -> dict:
    return {"id": node_id, "type": type_, "params": params, "position": [x, 0.0]}


def _doc(name: str, nodes: list, edges: list, dataset: dict, training: dict) -> dict:
    return {
        "format": "netdesigner.design",
        "version": 1,
        "name": name,
        "description": f"Export test design: {name}.",
        "nodes": nodes,
        "edges": [{"from": a, "to": b} for a, b in edges],
        "dataset": dataset,
        "training": training,
    }


def _branches_cnn() -> dict:
    """Residual add, concatenations along channels and height, odd 'same' padding."""
    n = _node
    nodes = [
        n("input", "Input", shape=[8, 8, 1]),
        n("conv_a", "Conv2D", filters=4, kernel_size=3, strides=2, padding="same",
          activation="relu"),
        n("conv_b", "Conv2D", filters=4, kernel_size=[2, 2], padding="same",
          activation="elu"),
        n("add", "Add"),
        n("bn", "BatchNormalization", momentum=0.9, epsilon=0.01),
        n("avg", "AveragePooling2D", pool_size=2, padding="same"),
        n("pool", "MaxPooling2D", pool_size=3, strides=2, padding="same"),
        n("cat", "Concatenate", axis=-1),
        n("cat_h", "Concatenate", axis=1),
        n("soft", "Activation", activation="softmax"),
        n("flatten", "Flatten"),
        n("gap", "GlobalAveragePooling2D"),
        n("dense_1", "Dense", units=6, activation="gelu"),
        n("drop", "Dropout", rate=0.3),
        n("merge", "Concatenate"),
        n("dense_2", "Dense", units=5, activation="swish",
          kernel_regularizer={"l2": 0.001}),
        n("leaky", "Activation", activation="leaky_relu"),
        n("output", "Dense", units=10, activation="softmax"),
    ]  # fmt: skip
    nodes[4]["trainable"] = False
    edges = [
        ("input", "conv_a"), ("conv_a", "conv_b"), ("conv_a", "add"), ("conv_b", "add"),
        ("add", "bn"), ("bn", "avg"), ("add", "pool"), ("avg", "cat"), ("pool", "cat"),
        ("avg", "cat_h"), ("pool", "cat_h"), ("cat_h", "soft"), ("soft", "flatten"),
        ("cat", "gap"), ("flatten", "dense_1"), ("dense_1", "drop"), ("drop", "merge"),
        ("gap", "merge"), ("merge", "dense_2"), ("dense_2", "leaky"),
        ("leaky", "output"),
    ]  # fmt: skip
    training = {
        "loss": "sparse_categorical_crossentropy",
        "optimizer": {"type": "adam", "learning_rate": 0.01, "clipnorm": 1.0},
        "lr_schedule": {
            "type": "warmup",
            "warmup_epochs": 1,
            "then": {"type": "cosine"},
        },
        "early_stopping": {"patience": 2},
        "batch_size": 256,
        "epochs": 2,
    }
    return _doc("branches cnn", nodes, edges, {"name": "digits"}, training)


def _conv_output() -> dict:
    """A convolution is the last layer: the output stays an image (1, 1, 10)."""
    nodes = [
        _node("input", "Input", shape=[8, 8, 1]),
        _node("conv", "Conv2D", filters=3, kernel_size=3, activation="tanh"),
        _node("output", "Conv2D", filters=10, kernel_size=6, activation="softmax"),
    ]
    training = {
        "loss": "sparse_categorical_crossentropy",
        "epochs": 1,
        "batch_size": 256,
    }
    edges = [("input", "conv"), ("conv", "output")]
    return _doc("conv output", nodes, edges, {"name": "digits"}, training)


def _odd_average_pool() -> dict:
    """Average pooling whose 'same' padding is one-sided: the mean of real pixels."""
    nodes = [
        _node("input", "Input", shape=[8, 8, 1]),
        _node("conv", "Conv2D", filters=2, kernel_size=3, padding="same"),
        _node("avg", "AveragePooling2D", pool_size=3, strides=2, padding="same"),
        _node("flatten", "Flatten"),
        _node("output", "Dense", units=10, activation="softmax"),
    ]
    edges = [
        ("input", "conv"),
        ("conv", "avg"),
        ("avg", "flatten"),
        ("flatten", "output"),
    ]
    training = {"loss": "sparse_categorical_crossentropy", "epochs": 1}
    return _doc("odd average pool", nodes, edges, {"name": "digits"}, training)


def _regression_bn() -> dict:
    """Regression through a bias-free Dense, batch norm of vectors and huber loss."""
    nodes = [
        _node("input", "Input", shape=[2]),
        _node("dense", "Dense", units=6, use_bias=False, kernel_regularizer="l1_l2"),
        _node("bn", "BatchNormalization"),
        _node("tanh", "Activation", activation="tanh"),
        _node("output", "Dense", units=1),
    ]
    training = {
        "loss": "huber",
        "optimizer": {"type": "rmsprop", "learning_rate": 0.01, "centered": True},
        "early_stopping": {"monitor": "val_loss", "patience": 1,
                           "restore_best_weights": True},
        "epochs": 3,
        "batch_size": 16,
    }  # fmt: skip
    edges = [("input", "dense"), ("dense", "bn"), ("bn", "tanh"), ("tanh", "output")]
    dataset = {"name": "plane", "n_samples": 200, "noise": 5}
    return _doc("regression bn", nodes, edges, dataset, training)


def _one_hot_features() -> dict:
    """Six input features, one-hot targets, SGD with Nesterov and a step schedule."""
    features = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)"]
    nodes = [
        _node("input", "Input", shape=[6]),
        _node("hidden", "Dense", units=8, activation="softplus",
              kernel_initializer="he_normal"),
        _node("output", "Dense", units=4, activation="softmax",
              bias_initializer="ones"),
    ]  # fmt: skip
    training = {
        "loss": "categorical_crossentropy",
        "optimizer": {"type": "sgd", "learning_rate": 0.1, "momentum": 0.9,
                      "nesterov": True},
        "lr_schedule": {"type": "step", "drop_every": 1, "factor": 0.5},
        "epochs": 2,
        "batch_size": 32,
    }  # fmt: skip
    dataset = {"name": "blobs", "n_classes": 4, "n_samples": 200, "features": features,
               "standardize": True}  # fmt: skip
    edges = [("input", "hidden"), ("hidden", "output")]
    return _doc("one-hot features", nodes, edges, dataset, training)


def _signed_hinge() -> dict:
    """Playground-style ±1 targets with the hinge loss and Adagrad."""
    nodes = [
        _node("input", "Input", shape=[2]),
        _node("hidden", "Dense", units=3, activation="relu",
              kernel_initializer="playground", bias_initializer="playground"),
        _node("output", "Dense", units=1, activation="tanh"),
    ]  # fmt: skip
    training = {
        "loss": "hinge",
        "optimizer": {"type": "adagrad", "learning_rate": 0.1},
        "lr_schedule": {"type": "exponential", "decay_rate": 0.9, "staircase": True},
        "early_stopping": {"monitor": "accuracy", "patience": 1},
        "epochs": 2,
        "batch_size": 10,
    }
    dataset = {"name": "circle", "n_samples": 100}
    return _doc("signed hinge", nodes, [("input", "hidden"), ("hidden", "output")],
                dataset, training)  # fmt: skip


def _python_names() -> dict:
    """Node ids a Python class or nn.Module has already: renamed in the scripts."""
    nodes = [
        _node("input", "Input", shape=[2]),
        _node("_parameters", "Dense", units=5, activation="tanh"),
        _node("__init__", "Dense", units=4, activation="relu"),
        _node("__call__", "BatchNormalization"),
        _node("__secret", "Dense", units=3, activation="elu"),
        _node("forward", "Dense", units=1, activation="sigmoid"),
    ]
    ids = [n["id"] for n in nodes]
    training = {"loss": "binary_crossentropy", "epochs": 1, "batch_size": 16}
    return _doc("python names", nodes, list(zip(ids, ids[1:], strict=False)),
                {"name": "circle", "n_samples": 100}, training)  # fmt: skip


EXTRA = {
    "branches_cnn": _branches_cnn,
    "conv_output": _conv_output,
    "odd_average_pool": _odd_average_pool,
    "regression_bn": _regression_bn,
    "one_hot_features": _one_hot_features,
    "signed_hinge": _signed_hinge,
    "python_names": _python_names,
}

CASES = [p.stem for p in sorted(SAMPLES.glob("*.json"))] + list(EXTRA)


def skip_keras_of_detection(design: Design) -> None:
    """The Keras export refuses a DetectionHead in one sentence
    (test_detection_export checks it); its Keras cases have nothing to compare."""
    if any(node.type == "DetectionHead" for node in design.nodes):
        pytest.skip("the Keras export refuses a DetectionHead by design")


@dataclass
class Case:
    """A design saved with random weights, a batch ``x`` and the engine's ``y``."""

    name: str
    design: Design
    path: Path
    x: np.ndarray
    y: np.ndarray


def load_case(name: str) -> Design:
    """The design called ``name``: a sample's file stem or a key of ``EXTRA``."""
    if name in EXTRA:
        return loads_design(json.dumps(EXTRA[name]()), source=name)
    return loads_design((SAMPLES / f"{name}.json").read_text("utf-8"), source=name)


def make_case(name: str, folder: Path, seed: int = 7) -> Case:
    design = load_case(name)
    path = folder / f"{name}.json"
    save_design(design, path)
    rng = np.random.default_rng(seed)
    network = build_network(design, seed=seed)
    weights = export_weights(network)
    for key, value in weights.items():
        if key.endswith("moving_variance"):
            weights[key] = rng.uniform(0.5, 2.0, value.shape).astype(value.dtype)
        elif key.endswith(("moving_mean", "gamma", "beta", "bias")):
            weights[key] = rng.normal(0.0, 0.3, value.shape).astype(value.dtype)
    network.set_weights(weights)
    save_weights(weights_path(path), weights)
    shape = network.input_shape
    x = (
        rng.uniform(0, 1, (9, *shape))
        if len(shape) == 3
        else rng.normal(size=(9, *shape))
    )
    x = x.astype(np.float32)
    return Case(name, design, path, x, network.predict(x))


def pytest_generate_tests(metafunc):
    if "case_name" in metafunc.fixturenames:
        metafunc.parametrize("case_name", CASES)


@pytest.fixture
def design_case(case_name, tmp_path) -> Case:
    return make_case(case_name, tmp_path)


@pytest.fixture
def case_factory(tmp_path):
    """``case_factory(name)``: a saved case in this test's temporary folder."""
    return lambda name: make_case(name, tmp_path)
