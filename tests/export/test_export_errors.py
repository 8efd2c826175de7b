"""Designs a target cannot express get one sentence, and no file is written."""

from __future__ import annotations

import json

import pytest

from netdesigner.design.errors import DesignError
from netdesigner.design.export import (
    EXPORTERS,
    ExportError,
    export_design,
    export_targets,
)
from netdesigner.design.io import loads_design
from netdesigner.design.model import Design, Edge, Node

CODE_TARGETS = ["keras", "pytorch"]


def design(nodes, edges, dataset=None, training=None) -> Design:
    return Design(
        name="broken",
        nodes=[Node(i, t, dict(p)) for i, t, p in nodes],
        edges=[Edge(a, b) for a, b in edges],
        dataset=dataset or {"name": "circle"},
        training=training or {},
    )


def chain(*layers, dataset=None, training=None) -> Design:
    nodes = [("input", "Input", {"shape": [2]}), *layers]
    ids = [n[0] for n in nodes]
    return design(nodes, list(zip(ids, ids[1:], strict=False)), dataset, training)


def check_refused(d: Design, target: str, tmp_path, match: str) -> str:
    out = tmp_path / "out.py"
    with pytest.raises(ExportError, match=match) as info:
        export_design(d, None, target, out)
    assert not out.exists()
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_targets_are_registered():
    assert export_targets() == ["keras", "png", "pytorch", "svg"]
    assert set(EXPORTERS.names()) == set(export_targets())


def test_unknown_target_names_the_known_ones(tmp_path):
    d = chain(("out", "Dense", {"units": 1}))
    message = check_refused(d, "onnx", tmp_path, "cannot export to 'onnx'")
    assert "keras, png, pytorch, svg" in message


def test_export_error_is_a_design_error():
    assert issubclass(ExportError, DesignError)


@pytest.mark.parametrize("target", CODE_TARGETS)
@pytest.mark.parametrize(
    ("nodes", "edges", "match"),
    [
        ([], [], "has no nodes"),
        (
            [("a", "Input", {"shape": [2]}), ("b", "Input", {"shape": [2]})],
            [],
            "exactly one Input node, found 2",
        ),
        (
            [("input", "Input", {"shape": [2]}), ("d1", "Dense", {"units": 2}),
             ("d2", "Dense", {"units": 2})],
            [("input", "d1"), ("d1", "d2"), ("d2", "d1")],
            "node 'd1' is not fed from the Input",
        ),
        (
            [("input", "Input", {"shape": [2]}), ("d1", "Dense", {"units": 2}),
             ("d2", "Dense", {"units": 2})],
            [("input", "d1"), ("input", "d2")],
            "exactly one output node, found 2: d1, d2",
        ),
        (
            [("input", "Input", {"shape": [2]}), ("add", "Add", {})],
            [("input", "add")],
            "Add 'add' merges two or more inputs, found 1",
        ),
        (
            [("input", "Input", {"shape": [2]}), ("d", "Dense", {"units": 2})],
            [("input", "d"), ("ghost", "d")],
            "refers to node 'ghost'",
        ),
    ],
)  # fmt: skip
def test_graphs_that_are_no_model(target, nodes, edges, match, tmp_path):
    check_refused(design(nodes, edges), target, tmp_path, match)


@pytest.mark.parametrize("target", CODE_TARGETS)
def test_shapes_that_do_not_fit_name_the_node(target, tmp_path):
    d = design(
        [("input", "Input", {"shape": [4, 4, 1]}),
         ("conv", "Conv2D", {"filters": 2, "kernel_size": 7})],
        [("input", "conv")],
    )  # fmt: skip
    check_refused(d, target, tmp_path, r"node 'conv': Conv2D: kernel_size 7 is larger")


@pytest.mark.parametrize("target", CODE_TARGETS)
def test_unknown_activation_names_the_node(target, tmp_path):
    d = chain(("out", "Dense", {"units": 1, "activation": "mish"}))
    check_refused(d, target, tmp_path, "node 'out'.*activation.*'mish'")


@pytest.mark.parametrize("target", CODE_TARGETS)
def test_input_that_does_not_fit_the_data_set(target, tmp_path):
    d = chain(("out", "Dense", {"units": 1}), dataset={"name": "digits"})
    message = check_refused(d, target, tmp_path, "data set 'digits' gives examples")
    assert "set the Input shape to [8, 8, 1]" in message


@pytest.mark.parametrize("target", CODE_TARGETS)
def test_output_that_does_not_fit_the_classes(target, tmp_path):
    d = chain(
        ("out", "Dense", {"units": 3, "activation": "softmax"}),
        dataset={"name": "circle"},
        training={"loss": "sparse_categorical_crossentropy"},
    )
    check_refused(d, target, tmp_path, "2 classes, but the output layer has 3 units")


@pytest.mark.parametrize("target", CODE_TARGETS)
def test_missing_imported_data_file(target, tmp_path):
    d = chain(("out", "Dense", {"units": 1}), dataset={"path": "nowhere.csv"})
    check_refused(d, target, tmp_path, "nowhere.csv")


def test_pytorch_refuses_batch_norm_of_a_matrix(tmp_path):
    d = design(
        [("input", "Input", {"shape": [3, 4]}), ("bn", "BatchNormalization", {}),
         ("flat", "Flatten", {}), ("out", "Dense", {"units": 1})],
        [("input", "bn"), ("bn", "flat"), ("flat", "out")],
    )  # fmt: skip
    check_refused(d, "pytorch", tmp_path, "'bn': the PyTorch export normalises vectors")


def test_regression_cannot_stop_on_accuracy(tmp_path):
    d = chain(
        ("out", "Dense", {"units": 1}),
        dataset={"name": "plane"},
        training={"early_stopping": {"monitor": "val_accuracy"}},
    )
    check_refused(d, "pytorch", tmp_path, "needs a classification data set")


@pytest.mark.parametrize("target", CODE_TARGETS)
def test_output_folder_must_exist(target, tmp_path):
    d = chain(("out", "Dense", {"units": 1}))
    with pytest.raises(ExportError, match="does not exist"):
        export_design(d, None, target, tmp_path / "missing" / "model.py")
    with pytest.raises(ExportError, match="found a folder"):
        export_design(d, None, target, tmp_path)


def test_refused_export_keeps_an_older_file(tmp_path):
    out = tmp_path / "model.py"
    out.write_text("old", "utf-8")
    with pytest.raises(ExportError):
        export_design(design([], []), None, "keras", out)
    assert out.read_text("utf-8") == "old"


def test_schema_valid_designs_with_every_activation_export(tmp_path):
    """Every activation a design file may name has a Keras and a PyTorch spelling."""
    from netdesigner.design.catalog import ACTIVATION_NAMES

    for name in ACTIVATION_NAMES:
        doc = {
            "format": "netdesigner.design", "version": 1, "name": name,
            "nodes": [
                {"id": "input", "type": "Input", "params": {"shape": [2]}},
                {"id": "act", "type": "Activation", "params": {"activation": name}},
                {"id": "out", "type": "Dense", "params": {"units": 1}},
            ],
            "edges": [{"from": "input", "to": "act"}, {"from": "act", "to": "out"}],
        }  # fmt: skip
        d = loads_design(json.dumps(doc))
        for target in CODE_TARGETS:
            export_design(d, None, target, tmp_path / f"{name}_{target}.py")
            compile((tmp_path / f"{name}_{target}.py").read_text("utf-8"), name, "exec")
