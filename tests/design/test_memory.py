"""The memory estimate of training, and validation refusing what cannot fit."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import numpy as np
import pytest
from design_helpers import chain, example_files, node

from netdesigner.design.io import load_design
from netdesigner.design.memory import (
    DEFAULT_LIMIT,
    EVAL_BATCH_SIZE,
    LIMIT_VARIABLE,
    SNAPSHOTS,
    estimate_memory,
    format_bytes,
    memory_limit,
    parse_limit,
)
from netdesigner.design.validation import validate
from netdesigner.engine.optimizers import create_optimizer
from netdesigner.engine.trainer import Trainer

SAMPLE_FILES = sorted((Path(__file__).resolve().parents[2] / "samples").glob("*.json"))
MEMORY_CODES = {"memory", "memory_high", "large_layer"}


@pytest.fixture(autouse=True)
def _default_limit(monkeypatch):
    monkeypatch.delenv(LIMIT_VARIABLE, raising=False)


def mlp(optimizer: dict, batch_size: int, epochs: int = 2):
    """Input(4) -> Dense(3, relu) -> Dense(2, softmax): 15 + 8 = 23 weights."""
    return chain(
        node("input", "Input", shape=[4]),
        node("hidden", "Dense", units=3, activation="relu"),
        node("output", "Dense", units=2, activation="softmax"),
        dataset={"name": "blobs"},
        training={
            "optimizer": optimizer,
            "batch_size": batch_size,
            "epochs": epochs,
            "loss": "sparse_categorical_crossentropy",
        },
    )


def test_estimate_of_a_small_mlp_by_hand():
    estimate = estimate_memory(mlp({"type": "adam"}, batch_size=8, epochs=2))
    weights = (4 * 3 + 3) + (3 * 2 + 2)  # kernels and biases
    assert estimate.weights == 4 * (weights + weights)  # and a gradient each
    assert estimate.optimizer == 4 * 2 * weights  # adam's m and v
    assert estimate.snapshots == 4 * 3 * (weights + 2 * weights)  # epochs 0, 1, 2
    # per example: the input; each Dense its output, pre-activation and gradient
    forward = 4 + (3 + 3) + (2 + 2)
    backward = 3 + 2
    assert 8 * (forward + backward) < EVAL_BATCH_SIZE * forward
    assert estimate.activations == 4 * EVAL_BATCH_SIZE * forward
    big_batch = estimate_memory(mlp({"type": "adam"}, batch_size=4096))
    assert big_batch.activations == 4 * 4096 * (forward + backward)
    assert (
        estimate.total
        == (estimate.weights + estimate.optimizer + estimate.snapshots)
        + estimate.activations
    )


def test_estimate_of_a_small_cnn_by_hand():
    design = chain(
        node("input", "Input", shape=[5, 5, 1]),
        node("conv", "Conv2D", filters=2, kernel_size=3),
        node("bn", "BatchNormalization"),
        node("flatten", "Flatten"),
        node("output", "Dense", units=1, activation="sigmoid"),
        dataset={"name": "digits"},
        training={
            "optimizer": {"type": "sgd", "momentum": 0.9},
            "batch_size": 2048,
            "epochs": 40,
        },
    )
    design.node("bn").trainable = False
    estimate = estimate_memory(design)
    conv, bn, dense = 3 * 3 * 1 * 2 + 2, 4 * 2, 18 + 1
    trainable = conv + dense  # a frozen batch norm learns nothing
    assert estimate.weights == 4 * (conv + bn + dense + trainable)
    assert estimate.optimizer == 4 * trainable  # one momentum slot
    assert estimate.snapshots == 4 * SNAPSHOTS * (conv + bn + dense + trainable)
    # im2col columns, kept: Ho·Wo positions of a 3×3×1 window and a one for the bias
    patches = 3 * 3 * (3 * 3 * 1 + 1)
    forward = 25 + (18 + 18 + patches) + 18 + 18 + (1 + 1)
    backward = 18 + 18 + 18 + 1  # reading the Input, the conv makes no input gradient
    assert estimate.activations == 4 * 2048 * (forward + backward)


def cifar_cnn(*filters: int, batch_size: int = 64):
    """Blocks of two 3×3 'same' convolutions and a pooling, as the course builds."""
    layers = [node("input", "Input", shape=[32, 32, 3])]
    for i, f in enumerate(filters):
        layers += [
            node(f"conv{i}a", "Conv2D", filters=f, kernel_size=3, padding="same"),
            node(f"conv{i}b", "Conv2D", filters=f, kernel_size=3, padding="same"),
            node(f"pool{i}", "MaxPooling2D", pool_size=2),
        ]
    layers += [
        node("flatten", "Flatten"),
        node("dense", "Dense", units=256, activation="relu"),
        node("output", "Dense", units=10, activation="softmax"),
    ]
    return chain(
        *layers,
        dataset={"name": "cifar10"},
        training={"batch_size": batch_size, "loss": "sparse_categorical_crossentropy"},
    )


def test_a_vgg_style_cifar_network_fits():
    """Conv2D with many channels makes its patches a block of images at a time and
    keeps none; evaluation runs in chunks. Two blocks of 64 and 128 filters, one
    epoch, took 250-310 MB training on 2,000 images (measured), not the 5.8 GB of
    every patch kept that the estimate once said, refusing the design."""
    design = cifar_cnn(64, 128)
    design.training["epochs"] = 1
    estimate = estimate_memory(design)
    assert 200 * 2**20 < estimate.total < 400 * 2**20
    assert not [p for p in validate(design) if p.code in MEMORY_CODES]


def test_conv_patches_are_counted_as_the_engine_keeps_them():
    """Row blocks for a 5×5 conv 6 -> 16 (LeNet-5's second): 2 outputs a patch row."""
    design = chain(
        node("input", "Input", shape=[14, 14, 6]),
        node("conv", "Conv2D", filters=16, kernel_size=5),
        node("flatten", "Flatten"),
        node("output", "Dense", units=10, activation="softmax"),
        dataset={"name": "digits"},
        training={"batch_size": 400, "optimizer": {"type": "sgd"}},
    )
    estimate = estimate_memory(design)
    out = 10 * 10 * 16
    blocks = 10 * (10 // 2) * 5 * (2 + 5 - 1) * 6  # Ho · Wo/q · kh · (q+kw−1) · C
    forward = 14 * 14 * 6 + (out + out + blocks) + out + (10 + 10)
    backward = out + out + 10
    # 400 examples: the blocks fit the engine's 16 MB for row blocks, and training
    # needs more than evaluating 1,024 (their patches too large to be row blocks)
    assert estimate.activations == 4 * 400 * (forward + backward)


@pytest.mark.parametrize(
    "optimizer",
    [
        {"type": "sgd"},
        {"type": "sgd", "momentum": 0.5},
        {"type": "rmsprop", "momentum": 0.5, "centered": True},
        {"type": "adagrad"},
        {"type": "adam", "amsgrad": True},
        {"type": "adamw"},
    ],
)
def test_optimizer_state_is_what_the_engine_keeps(optimizer):
    weights = np.zeros(23, np.float32)
    engine = create_optimizer(optimizer)
    engine.build(weights)
    kept = sum(slot.nbytes for slot in engine.state.values())
    assert estimate_memory(mlp(optimizer, batch_size=8)).optimizer == kept


def test_the_trainer_defaults_are_those_counted():
    defaults = inspect.signature(Trainer.__init__).parameters
    assert defaults["eval_batch_size"].default == EVAL_BATCH_SIZE
    assert defaults["snapshot_limit"].default == SNAPSHOTS


def huge_dense(units: int):
    return chain(
        node("input", "Input", shape=[28, 28, 1]),
        node("flatten", "Flatten"),
        node("dense", "Dense", units=units, activation="relu"),
        node("output", "Dense", units=10, activation="softmax"),
        dataset={"name": "fashion_mnist"},
        training={"loss": "sparse_categorical_crossentropy"},
    )


def huge_conv(filters: int):
    return chain(
        node("input", "Input", shape=[28, 28, 1]),
        node("conv", "Conv2D", filters=filters, kernel_size=5, activation="relu"),
        node("flatten", "Flatten"),
        node("output", "Dense", units=10, activation="softmax"),
        dataset={"name": "mnist"},
        training={"loss": "sparse_categorical_crossentropy"},
    )


@pytest.mark.parametrize(
    ("design", "node_id"),
    [(huge_dense(10**9), "dense"), (huge_conv(10**6), "conv")],
)
def test_a_design_that_cannot_fit_is_refused_with_the_figure(design, node_id):
    problems = validate(design)
    refused = [p for p in problems if p.code == "memory"]
    assert len(refused) == 1 and refused[0].severity == "error"
    figure = format_bytes(estimate_memory(design).total)
    assert "TB" in figure or "GB" in figure
    message = refused[0].message
    assert f"about {figure} of memory" in message
    assert "of memory, more than the 2.0 GB limit" in message
    assert refused[0].node_id == node_id and f"make '{node_id}' smaller" in message
    assert LIMIT_VARIABLE in message and "\n" not in message


def test_a_layer_of_more_than_ten_million_parameters_is_a_warning():
    design = chain(
        node("input", "Input", shape=[3000]),
        node("wide", "Dense", units=4000),
        node("output", "Dense", units=1, activation="sigmoid"),
        training={"optimizer": {"type": "sgd"}, "epochs": 1, "batch_size": 8},
    )
    problems = [p for p in validate(design) if p.code in MEMORY_CODES]
    assert [(p.code, p.severity, p.node_id) for p in problems] == [
        ("large_layer", "warning", "wide")
    ]
    assert "12,004,000 parameters" in problems[0].message
    design.node("wide").params["units"] = 3000  # 9,003,000: no warning
    assert not [p for p in validate(design) if p.code in MEMORY_CODES]


def test_the_limit_is_a_setting(monkeypatch):
    design = mlp({"type": "adam"}, batch_size=8)
    total = estimate_memory(design).total
    assert memory_limit() == DEFAULT_LIMIT == 2 * 1024**3
    monkeypatch.setenv(LIMIT_VARIABLE, str(total - 1))
    assert [p.code for p in validate(design) if p.code in MEMORY_CODES] == ["memory"]
    monkeypatch.setenv(LIMIT_VARIABLE, str(total + 1))
    assert [p.code for p in validate(design) if p.code in MEMORY_CODES] == [
        "memory_high"
    ]
    monkeypatch.setenv(LIMIT_VARIABLE, "not a size")
    assert memory_limit() == DEFAULT_LIMIT


def test_limit_texts():
    assert parse_limit("4G") == 4 * 1024**3
    assert parse_limit("512 MiB") == 512 * 1024**2
    assert parse_limit("1.5k") == 1536
    assert parse_limit("1000") == 1000
    assert parse_limit("0") is None and parse_limit("-1G") is None
    assert parse_limit("") is None and parse_limit("lots") is None
    assert format_bytes(1536) == "1.5 KB" and format_bytes(5 * 1024**3) == "5.0 GB"
    assert format_bytes(12) == "12 B"


@pytest.mark.parametrize("path", [*SAMPLE_FILES, *example_files()], ids=str)
def test_every_sample_and_example_fits_without_a_warning(path):
    problems = validate(load_design(path))
    assert not [p for p in problems if p.code in MEMORY_CODES]
    assert json.loads(path.read_text("utf-8"))["nodes"]


def test_the_samples_are_found():
    assert len(SAMPLE_FILES) >= 12 and len(example_files()) == 2


@pytest.mark.parametrize(
    ("where", "value", "expected"),
    [
        ("units", 10**9, "expected an integer ≤ 100000, found 1000000000"),
        ("filters", 10**6, "expected an integer ≤ 10000, found 1000000"),
        ("kernel_size", 5000, "a whole number from 1 to 1024"),
        ("shape", [28, 10**6, 1], "expected an integer ≤ 100000, found 1000000"),
    ],
)
def test_the_schema_refuses_absurd_sizes(where, value, expected):
    from netdesigner.design.errors import DesignFileError
    from netdesigner.design.io import loads_design

    lenet = next(p for p in SAMPLE_FILES if p.stem == "10_lenet5_mnist")
    document = json.loads(lenet.read_text("utf-8"))
    for item in document["nodes"]:
        if where in item.get("params", {}):
            item["params"][where] = value
            break
    with pytest.raises(DesignFileError, match=expected):
        loads_design(json.dumps(document), source="net.json")


def test_snapshots_are_counted_within_the_engines_budget(monkeypatch):
    """A big run keeps fewer epoch snapshots (the engine's byte budget), at least two,
    and the estimate counts what the trainer really keeps."""
    from netdesigner.engine import snapshots

    weights = (4 * 3 + 3) + (3 * 2 + 2)
    one = 4 * (weights + 2 * weights)  # weights and adam's two slots, float32
    monkeypatch.setattr(snapshots, "SNAPSHOT_BUDGET", 5 * one)
    estimate = estimate_memory(mlp({"type": "adam"}, batch_size=8, epochs=30))
    assert estimate.snapshots == 5 * one
    monkeypatch.setattr(snapshots, "SNAPSHOT_BUDGET", 1)
    estimate = estimate_memory(mlp({"type": "adam"}, batch_size=8, epochs=30))
    assert estimate.snapshots == 2 * one


def test_ten_million_adam_weights_are_not_refused_for_their_snapshots():
    design = chain(
        node("input", "Input", shape=[1000]),
        node("wide", "Dense", units=10_000, activation="relu"),
        node("output", "Dense", units=1, activation="sigmoid"),
        dataset={"name": "blobs"},
        training={"optimizer": {"type": "adam"}, "batch_size": 32, "epochs": 100},
    )
    codes = {p.code for p in validate(design)}
    assert "memory" not in codes
    assert "large_layer" in codes  # 10,010,000 parameters: a warning only
