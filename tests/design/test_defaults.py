"""Every optional key has a default: a design of nodes and edges alone is complete."""

from __future__ import annotations

import json

from design_helpers import chain, lenet, mlp, node

from netdesigner.design.defaults import (
    DATASET_DEFAULTS,
    OPTIMIZER_DEFAULTS,
    PARAM_DEFAULTS,
    TRAINING_DEFAULTS,
    resolved_dataset,
    resolved_params,
    resolved_training,
)
from netdesigner.design.io import dumps_design, loads_design
from netdesigner.design.model import Design
from netdesigner.design.schema import load_schema, schema_errors


def test_param_defaults_are_tf_keras_defaults():
    assert PARAM_DEFAULTS["Dense"] == {
        "activation": "linear",
        "use_bias": True,
        "kernel_initializer": "glorot_uniform",
        "bias_initializer": "zeros",
        "kernel_regularizer": None,
    }
    assert PARAM_DEFAULTS["Conv2D"]["strides"] == 1
    assert PARAM_DEFAULTS["Conv2D"]["padding"] == "valid"
    assert PARAM_DEFAULTS["MaxPooling2D"] == {
        "pool_size": 2,
        "strides": None,
        "padding": "valid",
    }
    assert PARAM_DEFAULTS["BatchNormalization"] == {"momentum": 0.99, "epsilon": 0.001}
    assert PARAM_DEFAULTS["Concatenate"] == {"axis": -1}
    assert PARAM_DEFAULTS["Flatten"] == {}


def test_resolved_params_fill_defaults_and_keep_given_values():
    dense = node("d", "Dense", units=3, activation="relu")
    params = resolved_params(dense)
    assert params["units"] == 3
    assert params["activation"] == "relu"
    assert params["use_bias"] is True
    params["units"] = 99
    assert dense.params["units"] == 3  # a copy


def test_a_design_of_nodes_and_edges_only_resolves_everything():
    design = loads_design(
        json.dumps(
            {
                "format": "netdesigner.design",
                "version": 1,
                "nodes": [
                    {"id": "input", "type": "Input", "params": {"shape": [2]}},
                    {"id": "out", "type": "Dense", "params": {"units": 1}},
                ],
                "edges": [{"from": "input", "to": "out"}],
            }
        )
    )
    training = resolved_training(design)
    assert set(training) == set(TRAINING_DEFAULTS)
    assert training["loss"] == "mean_squared_error"
    assert training["optimizer"] == {"type": "adam", **OPTIMIZER_DEFAULTS["adam"]}
    assert training["batch_size"] == 32
    dataset = resolved_dataset(design)
    assert set(dataset) == set(DATASET_DEFAULTS)
    assert dataset["name"] == "circle"
    assert design.name == "Untitled"


def test_the_loss_follows_the_output_activation_when_unset():
    design = lenet()
    design.training = {}
    assert resolved_training(design)["loss"] == "sparse_categorical_crossentropy"
    design = mlp(activation="sigmoid")
    design.training = {}
    assert resolved_training(design)["loss"] == "binary_crossentropy"
    design.training = {"loss": "hinge"}
    assert resolved_training(design)["loss"] == "hinge"


def test_optimizer_defaults_depend_on_its_type():
    design = mlp()
    design.training = {"optimizer": {"type": "sgd", "momentum": 0.9}}
    assert resolved_training(design)["optimizer"] == {
        "type": "sgd",
        "learning_rate": 0.01,
        "momentum": 0.9,
        "nesterov": False,
    }


def test_early_stopping_gets_keras_defaults_when_enabled():
    design = mlp()
    design.training = {"early_stopping": {"patience": 5}}
    assert resolved_training(design)["early_stopping"] == {
        "monitor": "val_loss",
        "patience": 5,
        "min_delta": 0.0,
        "restore_best_weights": False,
    }


def test_an_imported_path_has_no_dataset_name():
    design = mlp()
    design.dataset = {"path": "points.csv"}
    resolved = resolved_dataset(design)
    assert resolved["name"] is None
    assert resolved["path"] == "points.csv"


def test_resolved_settings_are_valid_in_a_file():
    """The defaults themselves pass the schema (so an editor may write them out)."""
    design = lenet()
    design.training = resolved_training(design)
    design.dataset = {k: v for k, v in resolved_dataset(design).items() if k != "path"}
    for n in design.nodes:
        n.params = resolved_params(n)
    assert schema_errors(json.loads(dumps_design(design))) == []


def test_optimizer_defaults_only_use_arguments_the_schema_allows():
    allowed = load_schema()["$defs"]["optimizer"]["properties"]
    for name, args in OPTIMIZER_DEFAULTS.items():
        assert name in allowed["type"]["enum"]
        assert set(args) <= set(allowed)


def test_empty_design_resolves_without_an_output():
    assert resolved_training(Design())["loss"] == TRAINING_DEFAULTS["loss"]
    assert resolved_training(chain(node("i", "Input", shape=[2])))["epochs"] == 10
