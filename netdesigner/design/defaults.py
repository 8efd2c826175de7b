"""Default values for every optional key of a design, so nodes and edges alone train.

Layer arguments default as in tf.keras (taken from ``catalog``). Training defaults to
Adam with tf.keras's learning rate 0.001, batch size 32 (``Model.fit``'s default) and
10 epochs; when ``loss`` is missing it is chosen from the output node's activation
(softmax -> sparse categorical cross-entropy, sigmoid -> binary cross-entropy, else
mean squared error). ``None`` in the dataset settings means "the data set's own
default" (its sample count, its train/test split, its raw features).
"""

from __future__ import annotations

import copy
from typing import Any

from netdesigner.design.catalog import CATALOG
from netdesigner.design.model import Design, Node

#: node type -> tf.keras defaults of its optional arguments
PARAM_DEFAULTS: dict[str, dict[str, Any]] = {
    type_name: spec.keras_defaults() for type_name, spec in CATALOG.items()
}

#: tf.keras defaults of each optimizer's arguments (keras 3)
OPTIMIZER_DEFAULTS: dict[str, dict[str, Any]] = {
    "sgd": {"learning_rate": 0.01, "momentum": 0.0, "nesterov": False},
    "rmsprop": {
        "learning_rate": 0.001,
        "rho": 0.9,
        "momentum": 0.0,
        "epsilon": 1e-07,
        "centered": False,
    },
    "adagrad": {
        "learning_rate": 0.001,
        "initial_accumulator_value": 0.1,
        "epsilon": 1e-07,
    },
    "adam": {
        "learning_rate": 0.001,
        "beta_1": 0.9,
        "beta_2": 0.999,
        "epsilon": 1e-07,
        "amsgrad": False,
    },
    "adamw": {
        "learning_rate": 0.001,
        "weight_decay": 0.004,
        "beta_1": 0.9,
        "beta_2": 0.999,
        "epsilon": 1e-07,
        "amsgrad": False,
    },
}

#: tf.keras EarlyStopping's defaults
EARLY_STOPPING_DEFAULTS: dict[str, Any] = {
    "monitor": "val_loss",
    "patience": 0,
    "min_delta": 0.0,
    "restore_best_weights": False,
}

TRAINING_DEFAULTS: dict[str, Any] = {
    "loss": "mean_squared_error",
    "optimizer": {"type": "adam", "learning_rate": 0.001},
    "lr_schedule": None,
    "batch_size": 32,
    "epochs": 10,
    "seed": 0,
    "early_stopping": None,
}

DATASET_DEFAULTS: dict[str, Any] = {
    "name": "circle",
    "path": None,
    "n_samples": None,
    "noise": 0,
    "train_ratio": None,
    "features": None,
    "seed": 0,
    "n_classes": None,
    "standardize": False,
    "stats": None,
    "augment": None,
    "label_column": None,
    "task": None,
    "label_mode": None,
    "image_size": None,
}

#: output activation -> the loss that fits it, when the design names none
_LOSS_FOR_ACTIVATION = {
    "softmax": "sparse_categorical_crossentropy",
    "sigmoid": "binary_crossentropy",
}


def resolved_params(node: Node) -> dict[str, Any]:
    """The node's arguments with tf.keras defaults filled in (a new dict)."""
    params = copy.deepcopy(PARAM_DEFAULTS.get(node.type, {}))
    params.update(copy.deepcopy(node.params))
    return params


def resolved_training(design: Design) -> dict[str, Any]:
    """Training settings with every key present; the optimizer gets its defaults too."""
    training = copy.deepcopy(TRAINING_DEFAULTS)
    training.update(copy.deepcopy(design.training))
    if "loss" not in design.training:
        training["loss"] = default_loss(design)
    optimizer = training["optimizer"]
    merged = dict(OPTIMIZER_DEFAULTS.get(optimizer.get("type", "adam"), {}))
    merged.update(optimizer)
    training["optimizer"] = {"type": merged.pop("type", "adam"), **merged}
    if training["early_stopping"] is not None:
        training["early_stopping"] = {
            **EARLY_STOPPING_DEFAULTS,
            **training["early_stopping"],
        }
    return training


def resolved_dataset(design: Design) -> dict[str, Any]:
    """Dataset settings with every key present (``None``: the data set's default).

    A design that names an imported ``path`` has ``name`` None.
    """
    dataset = copy.deepcopy(DATASET_DEFAULTS)
    if "path" in design.dataset:
        dataset["name"] = None
    dataset.update(copy.deepcopy(design.dataset))
    return dataset


def default_loss(design: Design) -> str:
    """The loss that fits the output node's activation (see the module docstring)."""
    output = output_node(design)
    if output is None:
        return TRAINING_DEFAULTS["loss"]
    if output.type == "DetectionHead":
        return "multibox_loss"
    activation = resolved_params(output).get("activation")
    return _LOSS_FOR_ACTIVATION.get(activation, TRAINING_DEFAULTS["loss"])


def output_node(design: Design) -> Node | None:
    """The one node nothing reads from (None when there are none or several)."""
    sources = {edge.source for edge in design.edges}
    sinks = [n for n in design.nodes if n.id not in sources and n.type != "Input"]
    return sinks[0] if len(sinks) == 1 else None
