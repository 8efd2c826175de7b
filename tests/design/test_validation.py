"""Every problem type: its message names the nodes, and applying its fix removes it."""

from __future__ import annotations

import pytest
from design_helpers import chain, lenet, mlp, node

from netdesigner.design.fixes import apply_fix
from netdesigner.design.model import Design, Edge
from netdesigner.design.validation import Problem, validate


def only(design: Design, code: str) -> Problem:
    """The one problem of ``code``; it must exist."""
    found = [p for p in validate(design) if p.code == code]
    assert len(found) == 1, validate(design)
    return found[0]


def fixed(design: Design, problem: Problem) -> list[Problem]:
    """Problems left after applying ``problem``'s fix (same code and node)."""
    assert problem.fix is not None
    after = apply_fix(design, problem.fix)
    return [
        p
        for p in validate(after)
        if p.code == problem.code and p.node_id == problem.node_id
    ]


def assert_fix_works(design: Design, problem: Problem, clean: bool = False) -> Design:
    assert fixed(design, problem) == []
    after = apply_fix(design, problem.fix)
    if clean:
        assert validate(after) == []
    return after


def circle_mlp(**dataset) -> Design:
    """Input(2) -> Dense(4, tanh) -> Dense(1, tanh) on the circle, MSE."""
    return chain(
        node("input", "Input", shape=[2]),
        node("dense_1", "Dense", units=4, activation="tanh"),
        node("output", "Dense", units=1, activation="tanh"),
        dataset={"name": "circle", **dataset},
        training={"loss": "mean_squared_error"},
    )


def test_valid_designs_have_no_problems():
    assert validate(lenet()) == []
    assert validate(mlp()) == []
    assert validate(circle_mlp()) == []


def test_edge_naming_a_missing_node():
    design = circle_mlp()
    design.edges.append(Edge("dense_1", "ghost"))
    problem = only(design, "stray_edge")
    assert problem.message == (
        "the edge from 'dense_1' to 'ghost' names 'ghost', which is not a node; "
        "delete it"
    )
    assert [p.code for p in validate(design)] == ["stray_edge"]
    assert_fix_works(design, problem, clean=True)


def test_no_input():
    design = circle_mlp()
    design.nodes = design.nodes[1:]
    design.edges = design.edges[1:]
    problem = only(design, "no_input")
    assert problem.message == "the design has no Input node; add one before 'dense_1'"
    assert problem.node_id == "dense_1"
    after = assert_fix_works(design, problem, clean=True)
    assert after.node("input_1").params == {"shape": [2]}


def test_empty_design():
    problem = only(Design(dataset={"name": "mnist"}), "no_input")
    assert problem.message == "the design is empty; add an Input node"
    after = apply_fix(Design(dataset={"name": "mnist"}), problem.fix)
    assert after.nodes[0].params == {"shape": [28, 28, 1]}


def test_several_inputs():
    design = circle_mlp()
    design.nodes.append(node("input_2", "Input", shape=[2]))
    design.edges.append(Edge("input_2", "dense_1"))
    problem = only(design, "several_inputs")
    assert problem.message == (
        "'input_2' is a second Input node besides 'input'; a network takes one input, "
        "so delete input_2"
    )
    assert_fix_works(design, problem, clean=True)


def test_cycle():
    design = circle_mlp()
    design.edges.append(Edge("output", "dense_1"))
    problem = only(design, "cycle")
    assert problem.message == (
        "the edge from 'output' to 'dense_1' closes a cycle (dense_1 → output → "
        "dense_1); delete it so that data flows one way"
    )
    assert problem.severity == "error"
    assert_fix_works(design, problem, clean=True)


def test_self_loop_is_a_cycle():
    design = circle_mlp()
    design.edges.append(Edge("dense_1", "dense_1"))
    problem = only(design, "cycle")
    assert "(dense_1 → dense_1)" in problem.message
    assert_fix_works(design, problem, clean=True)


def test_unconnected():
    design = circle_mlp()
    design.nodes.append(node("dense_9", "Dense", units=3))
    problem = only(design, "unconnected")
    assert (
        problem.message
        == "'dense_9' is not connected to anything; connect it or delete it"
    )
    assert_fix_works(design, problem, clean=True)


def test_too_many_inputs():
    design = circle_mlp()
    design.edges.append(Edge("input", "output"))
    problem = only(design, "too_many_inputs")
    assert problem.message == (
        "Dense 'output' takes one input, found 2 (dense_1, input); delete the extra "
        "edges or join them with Add or Concatenate"
    )
    assert_fix_works(design, problem, clean=True)


def test_missing_input_connects_the_loose_end():
    design = circle_mlp()
    design.nodes.insert(2, node("dense_2", "Dense", units=4, activation="tanh"))
    design.edges = [Edge("input", "dense_1"), Edge("dense_2", "output")]
    problem = only(design, "missing_input")
    assert problem.message == "Dense 'dense_2' has no input; connect a layer to it"
    assert problem.fix.description == "connect dense_1 to dense_2"
    assert_fix_works(design, problem, clean=True)


def test_input_with_inputs():
    design = circle_mlp()
    design.nodes.insert(0, node("dense_0", "Dense", units=2))
    design.edges.insert(0, Edge("dense_0", "input"))
    problem = only(design, "input_has_inputs")
    assert problem.message == (
        "Input 'input' cannot take inputs, found an edge from dense_0; delete it"
    )
    assert fixed(design, problem) == []


@pytest.mark.parametrize("merge", ["Add", "Concatenate"])
def test_merge_with_one_input(merge):
    design = circle_mlp()
    design.nodes.insert(2, node("merge_1", merge))
    design.edges = [
        Edge("input", "dense_1"),
        Edge("dense_1", "merge_1"),
        Edge("merge_1", "output"),
    ]
    problem = only(design, "merge_inputs")
    assert problem.message == (
        f"{merge} 'merge_1' needs two or more inputs, found 1 (dense_1); connect "
        "another branch or delete it"
    )
    after = assert_fix_works(design, problem, clean=True)
    assert after.edges == [Edge("input", "dense_1"), Edge("dense_1", "output")]


def test_dangling_output():
    design = circle_mlp()
    design.nodes.append(node("dense_9", "Dense", units=3))
    design.edges.append(Edge("dense_1", "dense_9"))
    problem = only(design, "dangling_output")
    assert problem.message == (
        "'dense_9' feeds nothing, but the network's output is 'output'; connect "
        "dense_9 onward or delete it"
    )
    assert_fix_works(design, problem, clean=True)


def residual(units_b: int = 8) -> Design:
    design = chain(
        node("input", "Input", shape=[2]),
        node("dense_a", "Dense", units=8, activation="relu"),
        node("dense_b", "Dense", units=units_b, activation="relu"),
        node("add_1", "Add"),
        node("output", "Dense", units=1, activation="sigmoid"),
        dataset={"name": "spiral"},
        training={"loss": "binary_crossentropy"},
    )
    design.edges.append(Edge("dense_a", "add_1"))
    return design


def test_add_with_unequal_shapes():
    assert validate(residual(8)) == []
    design = residual(4)
    problem = only(design, "add_shapes")
    assert problem.node_id == "add_1"
    assert problem.message == (
        "Add 'add_1' needs inputs of one shape, found 4 and 8; make the branches end "
        "in the same size"
    )
    assert problem.fix.description == "set units of dense_a to 4"
    assert_fix_works(design, problem, clean=True)


def test_dense_fed_an_image_needs_flatten():
    design = lenet()
    design.nodes = [n for n in design.nodes if n.id != "flatten"]
    design.edges = [e for e in design.edges if "flatten" not in (e.source, e.target)]
    design.edges.insert(4, Edge("pool_2", "dense_1"))
    problem = only(design, "needs_flatten")
    assert problem.message == (
        "Dense 'dense_1' is fed the 5×5×16 output of 'pool_2'; insert a Flatten "
        "between pool_2 and dense_1"
    )
    assert problem.fix.description == "insert Flatten between pool_2 and dense_1"
    after = assert_fix_works(design, problem, clean=True)
    flatten = after.node("flatten_1")
    assert after.inputs_of("flatten_1") == ["pool_2"]
    assert after.inputs_of("dense_1") == ["flatten_1"]
    x = (after.node("pool_2").position[0] + after.node("dense_1").position[0]) / 2
    assert flatten.position[0] == x


@pytest.mark.parametrize(
    ("type_", "params", "message"),
    [
        (
            "Conv2D",
            {"filters": 4, "kernel_size": 7},
            "Conv2D 'conv_3': kernel_size 7 is larger than its 5×5 input; use 5 or "
            "less, or padding='same'",
        ),
        (
            "MaxPooling2D",
            {"pool_size": 6},
            "MaxPooling2D 'conv_3': pool_size 6 is larger than its 5×5 input; use 5 or "
            "less, or padding='same'",
        ),
    ],
)
def test_window_larger_than_its_input(type_, params, message):
    design = lenet()
    design.nodes.insert(5, node("conv_3", type_, **params))
    design.edges[4:5] = [Edge("pool_2", "conv_3"), Edge("conv_3", "flatten")]
    problem = only(design, "window_too_large")
    assert problem.message == message
    assert problem.fix.args == {"node": "conv_3", "name": "padding", "value": "same"}
    assert_fix_works(design, problem, clean=True)


def test_other_shape_errors_are_reported_without_a_fix():
    design = circle_mlp()
    design.nodes.insert(1, node("conv_1", "Conv2D", filters=2, kernel_size=3))
    design.edges[0:1] = [Edge("input", "conv_1"), Edge("conv_1", "dense_1")]
    problem = only(design, "shape")
    assert problem.message.startswith("Conv2D 'conv_1' expects an image of height")
    assert problem.fix is None
    codes = {p.code for p in validate(design)}
    assert codes == {"shape"}  # nodes downstream stay quiet


@pytest.mark.parametrize(
    ("dataset", "units", "activation", "message", "want"),
    [
        (
            {"name": "mnist"},
            12,
            "softmax",
            "the output 'output' has 12 units, but 'mnist' has 10 classes; set units "
            "to 10",
            10,
        ),
        (
            {"name": "circle"},
            3,
            "sigmoid",
            "the output 'output' has 3 units, but 'circle' has 2 classes; set units to "
            "1 (sigmoid) or 2 (softmax)",
            1,
        ),
        (
            {"name": "spiral", "n_classes": 3},
            2,
            "softmax",
            "the output 'output' has 2 units, but 'spiral' has 3 classes; set units "
            "to 3",
            3,
        ),
        (
            {"name": "plane"},
            2,
            "linear",
            "the output 'output' has 2 units, but 'plane' is a regression set with one "
            "target; set units to 1",
            1,
        ),
    ],
)
def test_output_units_must_match_the_classes(dataset, units, activation, message, want):
    design = lenet() if dataset["name"] == "mnist" else circle_mlp()
    design.dataset = dataset
    design.node("output").params.update(units=units, activation=activation)
    design.training = {
        "loss": {
            "softmax": "sparse_categorical_crossentropy",
            "sigmoid": "binary_crossentropy",
        }.get(activation, "mean_squared_error")
    }
    problem = only(design, "output_units")
    assert problem.message == message
    assert problem.fix.args["value"] == want
    assert_fix_works(design, problem, clean=True)


@pytest.mark.parametrize(
    ("units", "activation"), [(1, "sigmoid"), (1, "tanh"), (2, "softmax")]
)
def test_binary_outputs_that_fit(units, activation):
    design = circle_mlp()
    design.node("output").params.update(units=units, activation=activation)
    design.training = {
        "loss": "mean_squared_error"
        if activation == "tanh"
        else "sparse_categorical_crossentropy"
        if units == 2
        else "binary_crossentropy"
    }
    assert validate(design) == []


def test_output_that_is_not_dense_gets_a_dense_appended():
    design = lenet()
    design.nodes = design.nodes[:6]
    design.edges = design.edges[:5]
    problem = only(design, "output_units")
    assert problem.message == (
        "the output 'flatten' has 400 units, but 'mnist' has 10 classes; end the "
        "network with a Dense layer of 10 units"
    )
    assert_fix_works(design, problem, clean=True)


def test_output_that_is_an_image():
    design = lenet()
    design.nodes = design.nodes[:5]
    design.edges = design.edges[:4]
    problem = only(design, "output_not_flat")
    assert problem.message == (
        "the output 'pool_2' gives 5×5×16 values per example; end the network with "
        "Flatten and a Dense layer"
    )
    assert fixed(design, problem) == []


@pytest.mark.parametrize(
    ("loss", "units", "activation", "severity", "message", "fix_args"),
    [
        (
            "binary_crossentropy",
            2,
            "softmax",
            "error",
            "binary_crossentropy does not fit the softmax of 'output'; use "
            "sparse_categorical_crossentropy",
            {"key": "loss", "value": "sparse_categorical_crossentropy"},
        ),
        (
            "sparse_categorical_crossentropy",
            2,
            "sigmoid",
            "error",
            "sparse_categorical_crossentropy needs the probabilities of softmax, but "
            "'output' uses sigmoid; set its activation to softmax",
            {"node": "output", "name": "activation", "value": "softmax"},
        ),
        (
            "categorical_crossentropy",
            1,
            "sigmoid",
            "error",
            "'output' has one sigmoid unit, which categorical_crossentropy does not "
            "fit; use binary_crossentropy",
            {"key": "loss", "value": "binary_crossentropy"},
        ),
        (
            "binary_crossentropy",
            1,
            "tanh",
            "error",
            "binary_crossentropy needs outputs between 0 and 1, but 'output' uses "
            "tanh; set its activation to sigmoid",
            {"node": "output", "name": "activation", "value": "sigmoid"},
        ),
        (
            "mean_squared_error",
            2,
            "softmax",
            "warning",
            "softmax with mean_squared_error learns slowly; use "
            "sparse_categorical_crossentropy for 'output'",
            {"key": "loss", "value": "sparse_categorical_crossentropy"},
        ),
        (
            "binary_crossentropy",
            1,
            "softmax",
            "error",
            "softmax over the single unit of 'output' always gives 1; set its "
            "activation to sigmoid",
            {"node": "output", "name": "activation", "value": "sigmoid"},
        ),
    ],
)
def test_loss_must_fit_the_output_activation(
    loss, units, activation, severity, message, fix_args
):
    design = circle_mlp()
    design.node("output").params.update(units=units, activation=activation)
    design.training = {"loss": loss}
    problem = only(design, "loss_activation")
    assert (problem.severity, problem.message) == (severity, message)
    assert problem.fix.args == fix_args
    assert_fix_works(design, problem, clean=True)


def test_activation_seen_through_dropout():
    design = circle_mlp()
    design.node("output").params.update(units=2, activation="sigmoid")
    design.nodes.append(node("dropout_1", "Dropout", rate=0.2))
    design.edges.append(Edge("output", "dropout_1"))
    design.training = {"loss": "sparse_categorical_crossentropy"}
    problem = only(design, "loss_activation")
    assert "but 'output' uses sigmoid" in problem.message
    assert_fix_works(design, problem, clean=True)


def test_perceptron_step_output_is_not_checked():
    design = circle_mlp(name="and_gate")
    design.dataset = {"name": "and_gate"}
    design.node("output").params.update(activation="step")
    design.training = {"loss": "binary_crossentropy"}
    assert validate(design) == []


def test_classification_loss_on_a_regression_set():
    design = circle_mlp()
    design.dataset = {"name": "plane"}
    design.node("output").params["activation"] = "sigmoid"
    design.training = {"loss": "binary_crossentropy"}
    problem = only(design, "loss_task")
    assert problem.message == (
        "'plane' is a regression set, but the loss binary_crossentropy is for "
        "classes; use mean_squared_error"
    )
    assert_fix_works(design, problem, clean=True)


@pytest.mark.parametrize(
    ("dataset", "shape", "message", "want"),
    [
        (
            {"name": "mnist"},
            [784],
            "Input 'input' has shape [784], but 'mnist' gives 28×28×1 images; set the "
            "Input shape to [28, 28, 1]",
            [28, 28, 1],
        ),
        (
            {"name": "circle", "features": ["x1", "x2", "x1^2", "x2^2"]},
            [2],
            "Input 'input' has shape [2], but 'circle' gives 4 numbers per example "
            "(x1, x2, x1^2, x2^2); set the Input shape to [4]",
            [4],
        ),
        (
            {"name": "digits"},
            [28, 28, 1],
            "Input 'input' has shape [28, 28, 1], but 'digits' gives 8×8×1 images; set "
            "the Input shape to [8, 8, 1]",
            [8, 8, 1],
        ),
    ],
)
def test_dataset_shape_must_fit_the_input(dataset, shape, message, want):
    if dataset["name"] == "circle":
        design = circle_mlp()
        design.dataset = dataset
    else:
        design = chain(
            node("input", "Input", shape=shape),
            node("flatten", "Flatten"),
            node("output", "Dense", units=10, activation="softmax"),
            dataset=dataset,
        )
    design.node("input").params["shape"] = shape
    problem = only(design, "dataset_shape")
    assert problem.message == message
    assert problem.fix.args == {"node": "input", "shape": want}
    assert_fix_works(design, problem, clean=True)


def test_unknown_dataset_suggests_the_closest_name():
    design = circle_mlp()
    design.dataset = {"name": "circles"}
    problem = only(design, "unknown_dataset")
    assert problem.message.startswith(
        "the dataset 'circles' is not a built-in set; choose one of circle, xor"
    )
    assert problem.fix.args == {"key": "name", "value": "circle"}
    assert_fix_works(design, problem, clean=True)


def test_imported_files_skip_the_dataset_checks():
    design = circle_mlp()
    design.dataset = {"path": "points.csv"}
    assert validate(design) == []


def test_problems_are_single_sentences_with_known_severity():
    design = lenet()
    design.edges.append(Edge("output", "conv_1"))
    design.nodes.append(node("lonely", "Dense", units=2))
    for problem in validate(design):
        assert problem.severity in ("error", "warning")
        assert "\n" not in problem.message
        assert not problem.message.endswith(".")


def test_the_padding_fix_follows_the_error_type_not_its_wording(monkeypatch):
    """A reworded engine sentence keeps its fix: validation reads the error's class."""
    from netdesigner.engine.errors import WindowTooLargeError
    from netdesigner.engine.layers import convolution

    def too_large(layer, *args, **kwargs):
        raise WindowTooLargeError(f"{layer}: the window does not fit its input")

    monkeypatch.setattr(convolution, "spatial_output", too_large)
    design = lenet()
    problem = only(design, "window_too_large")
    assert problem.message.endswith("the window does not fit its input")
    assert problem.fix.args["value"] == "same"


@pytest.mark.parametrize(
    ("dataset", "loss", "shape", "added"),
    [
        ("circle", "mean_squared_error", [2], {"units": 1, "activation": "linear"}),
        ("circle", "binary_crossentropy", [2], {"units": 1, "activation": "sigmoid"}),
        (
            "circle",
            "sparse_categorical_crossentropy",
            [2],
            {"units": 2, "activation": "softmax"},
        ),
        ("mnist", "sparse_categorical_crossentropy", [28, 28, 1], None),
    ],
)
def test_a_lone_input_cannot_be_trained(dataset, loss, shape, added):
    """The engine refuses a network of only its Input, so validation must too."""
    design = Design(
        nodes=[node("input_1", "Input", shape=shape)],
        dataset={"name": dataset},
        training={"loss": loss},
    )
    problem = only(design, "input_only")
    assert [p.code for p in validate(design)] == ["input_only"]
    assert problem.severity == "error" and problem.node_id == "input_1"
    assert problem.message == (
        "the network has only its Input node 'input_1'; add an output layer after it"
    )
    after = apply_fix(design, problem.fix)
    if added is None:  # an image is flattened first; then a Dense is proposed
        assert [n.type for n in after.nodes] == ["Input", "Flatten"]
        assert only(after, "output_units").fix is not None
    else:
        assert after.nodes[1].params == added
        assert validate(after) == []
