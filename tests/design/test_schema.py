"""Every class of schema problem gives one sentence with the JSON path and what was
expected and found."""

from __future__ import annotations

import copy
import json

import pytest

from netdesigner.design.errors import DesignFileError
from netdesigner.design.io import loads_design
from netdesigner.design.schema import json_path, load_schema

VALID = {
    "format": "netdesigner.design",
    "version": 2,
    "nodes": [
        {"id": "input", "type": "Input", "params": {"shape": [28, 28, 1]}},
        {"id": "conv_1", "type": "Conv2D", "params": {"filters": 4, "kernel_size": 3}},
        {"id": "pool_1", "type": "MaxPooling2D", "params": {}},
        {"id": "flatten", "type": "Flatten", "params": {}},
        {"id": "dense_1", "type": "Dense", "params": {"units": 10}},
    ],
    "edges": [
        {"from": "input", "to": "conv_1"},
        {"from": "conv_1", "to": "pool_1"},
        {"from": "pool_1", "to": "flatten"},
        {"from": "flatten", "to": "dense_1"},
    ],
    "dataset": {"name": "mnist"},
    "training": {"optimizer": {"type": "adam"}},
}


def error_for(change) -> str:
    document = copy.deepcopy(VALID)
    change(document)
    with pytest.raises(DesignFileError) as caught:
        loads_design(json.dumps(document), source="net.json")
    return str(caught.value)


def put(path: str, value):
    """A change that sets ``document[...]`` along a dotted path (ints index lists)."""

    def change(document):
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        target = document
        for part in parents:
            target = target[part]
        target[last] = value

    return change


def drop(path: str):
    def change(document):
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        target = document
        for part in parents:
            target = target[part]
        del target[last]

    return change


def test_the_valid_document_loads():
    design = loads_design(json.dumps(VALID))
    assert [n.id for n in design.nodes] == [
        "input",
        "conv_1",
        "pool_1",
        "flatten",
        "dense_1",
    ]


CASES = [
    (
        put("nodes.4.params.units", -3),
        "net.json: at nodes[4].params.units: expected an integer ≥ 1, found -3",
    ),
    (
        put("nodes.4.params.units", 3.0),
        "net.json: at nodes[4].params.units: expected an integer, found 3.0",
    ),
    (
        put("nodes.4.params.units", "3"),
        'net.json: at nodes[4].params.units: expected an integer, found "3"',
    ),
    (
        put("nodes.4.params.unit", 3),
        "net.json: at nodes[4].params: expected only the keys units, activation, "
        "use_bias, kernel_initializer, bias_initializer, kernel_regularizer, found "
        'the unknown key "unit"',
    ),
    (
        drop("nodes.4.params.units"),
        'net.json: at nodes[4].params: expected the key "units", found none',
    ),
    (
        put("nodes.4.type", "Dense2"),
        'net.json: at nodes[4].type: expected one of "Input", "Dense", "Conv2D"',
    ),
    (
        put("nodes.1.params.kernel_size", [3, -1]),
        "net.json: at nodes[1].params.kernel_size: expected a whole number from 1 to "
        "1024 or a list [height, width] of two such numbers, found [3, -1]",
    ),
    (
        put("nodes.1.params.padding", "full"),
        'net.json: at nodes[1].params.padding: expected one of "valid", "same", '
        'found "full"',
    ),
    (
        put("nodes.1.params.activation", "relu6"),
        'net.json: at nodes[1].params.activation: expected one of "linear", "relu"',
    ),
    (
        put("nodes.2.params.strides", "x"),
        "net.json: at nodes[2].params.strides: expected null, a whole number from 1",
    ),
    (
        put("nodes.1.id", "1conv"),
        "net.json: at nodes[1].id: expected an id of letters, digits and underscores "
        'that does not start with a digit, such as dense_1, found "1conv"',
    ),
    (
        put("nodes.1.position", [1]),
        "net.json: at nodes[1].position: expected at least 2 items, found 1: [1]",
    ),
    (
        put("nodes.1.trainable", "no"),
        'net.json: at nodes[1].trainable: expected true or false, found "no"',
    ),
    (
        put("extra", 1),
        "net.json: at the top level: expected only the keys format, version, name, "
        "description, nodes, edges, dataset, training, view, lesson, found the "
        'unknown key "extra"',
    ),
    (
        drop("nodes"),
        'net.json: at the top level: expected the key "nodes", found none',
    ),
    (
        put("edges.0", {"from": "input"}),
        'net.json: at edges[0]: expected the key "to", found none',
    ),
    (
        put("training.optimizer.momentum", 0.9),
        "net.json: at training.optimizer: expected only the keys type, learning_rate, "
        "clipnorm, global_clipnorm, clipvalue, beta_1, beta_2, epsilon, amsgrad, found "
        'the unknown key "momentum"',
    ),
    (
        put("training.optimizer.learning_rate", 0),
        "net.json: at training.optimizer.learning_rate: expected a number > 0, found 0",
    ),
    (
        put("training.loss", "mse"),
        'net.json: at training.loss: expected one of "mean_squared_error"',
    ),
    (
        put("training.early_stopping", {"patience": -1}),
        "net.json: at training.early_stopping.patience: expected an integer ≥ 0, "
        "found -1",
    ),
    (
        put("training.lr_schedule", {"type": "step", "decay_rate": 0.5}),
        "net.json: at training.lr_schedule: expected only the keys type, drop_every, "
        'factor, found the unknown key "decay_rate"',
    ),
    (
        put("dataset.path", "points.csv"),
        "net.json: at dataset: expected either name or path, not both, found",
    ),
    (
        put("dataset.noise", 51),
        "net.json: at dataset.noise: expected a number ≤ 50, found 51",
    ),
    (
        put("dataset.train_ratio", 1),
        "net.json: at dataset.train_ratio: expected a number < 1, found 1",
    ),
    (
        put("dataset.features", ["x1", "x1"]),
        'net.json: at dataset.features: expected no repeated items, found ["x1", "x1"]',
    ),
    (
        put("dataset.name", "cifar100"),
        'net.json: at dataset.name: expected one of "circle", "xor"',
    ),
    (
        put("nodes.4.params.kernel_regularizer", {"l3": 1}),
        'net.json: at nodes[4].params.kernel_regularizer: expected null, "l1", "l2", '
        '"l1_l2" or an object such as {"l2": 0.01}, found {"l3": 1}',
    ),
    (
        put("view", []),
        "net.json: at view: expected an object, found []",
    ),
    (
        put("nodes.0.params.shape", [28, 0]),
        "net.json: at nodes[0].params.shape[1]: expected an integer ≥ 1, found 0",
    ),
    (
        put("name", 5),
        "net.json: at name: expected a string, found 5",
    ),
]


@pytest.mark.parametrize(("change", "expected"), CASES)
def test_schema_problem_gives_one_sentence(change, expected):
    message = error_for(change)
    assert message.startswith(expected)
    assert "\n" not in message


@pytest.mark.parametrize(
    ("rate", "ok"),
    [(0.0, True), (0.5, True), (0.999, True), (1.0, False), (-0.1, False)],
)
def test_dropout_rate_range(rate, ok):
    document = copy.deepcopy(VALID)
    document["nodes"].append(
        {"id": "drop", "type": "Dropout", "params": {"rate": rate}}
    )
    if ok:
        loads_design(json.dumps(document))
    else:
        with pytest.raises(DesignFileError, match=r"at nodes\[5\]\.params\.rate"):
            loads_design(json.dumps(document))


def test_duplicate_ids_and_unknown_edge_ends_are_refused():
    assert error_for(put("nodes.1.id", "input")) == (
        'net.json: at nodes[1].id: expected a unique id, found "input" a second time'
    )
    assert error_for(put("edges.2.to", "ghost")) == (
        'net.json: at edges[2].to: expected the id of a node, found "ghost", which no '
        "node has"
    )


def test_json_path_formatting():
    assert json_path([]) == "at the top level"
    assert json_path(["nodes", 2, "params", "units"]) == "at nodes[2].params.units"


def test_schema_is_draft_2020_12_and_describes_version_2():
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["version"] == {"const": 2}
