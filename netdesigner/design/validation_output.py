"""Validation of what the network meets at its ends: the data set and the loss.

Its ``CHECKS`` run after ``validation_graph``'s. Codes: unknown_dataset, dataset_shape,
input_only, output_not_flat, output_units, loss_task, loss_activation.

Rules for the loss and the output activation (as the course teaches them): softmax
goes with (sparse) categorical cross-entropy, one sigmoid unit with binary
cross-entropy; softmax with a regression loss trains, but slowly (a warning). The
perceptron's ``step`` output is trained by its own rule and is not checked.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from netdesigner.data import DEFAULT_FEATURES, DataError, DatasetInfo, dataset_info
from netdesigner.design.data_paths import data_file_info, file_options
from netdesigner.design.defaults import (
    resolved_dataset,
    resolved_params,
    resolved_training,
)
from netdesigner.design.fixes import Fix, insert_node_fix
from netdesigner.design.model import Design
from netdesigner.design.problems import CheckList, Context, Problem
from netdesigner.design.shapes import format_shape
from netdesigner.i18n import N_, _

CHECKS = CheckList()

CROSS_ENTROPIES = ("categorical_crossentropy", "sparse_categorical_crossentropy")
REGRESSION_LOSSES = (
    "mean_squared_error",
    "half_mean_squared_error",
    "mean_absolute_error",
    "huber",
)
CLASSIFICATION_LOSSES = (*CROSS_ENTROPIES, "binary_crossentropy", "hinge")

#: layers whose output values are their input's (the activation is upstream)
_PASS_THROUGH = ("Dropout", "Flatten")


def design_dataset_info(design: Design) -> DatasetInfo | None:
    """Metadata of the design's data set (built-in, or a readable file named by an
    absolute path); None when it is not known."""
    path = design.dataset.get("path")
    if path:
        info = data_file_info(path, **file_options(design.dataset))
        return info if isinstance(info, DatasetInfo) else None
    try:
        return dataset_info(resolved_dataset(design)["name"])
    except DataError:
        return None


def expected_input_shape(design: Design) -> tuple[int, ...] | None:
    """What the Input node receives from the design's data set, if known.

    2-D sets: ``(number of selected features,)``; image sets: ``(H, W, 1)``.
    """
    info = design_dataset_info(design)
    if info is None:
        return None
    if info.kind == "2d":
        features = design.dataset.get("features") or DEFAULT_FEATURES
        return (len(features),)
    if info.kind == "image" and len(info.input_shape) == 2:
        return (*info.input_shape, 1)
    return tuple(info.input_shape)


def n_classes(design: Design, info: DatasetInfo) -> int:
    """Classes of the data set as the design configures it (0 for regression)."""
    chosen = design.dataset.get("n_classes")
    if chosen is not None and "n_classes" in info.options:
        return int(chosen)
    return info.n_classes


@CHECKS.add
def _dataset_known(ctx: Context) -> Iterator[Problem]:
    design = ctx.design
    if design.dataset.get("path"):
        reason = data_file_info(design.dataset["path"])
        if isinstance(reason, str):
            yield Problem("error", "data_file", None, reason[:1].upper() + reason[1:])
        return
    name = resolved_dataset(design)["name"]
    try:
        dataset_info(name)
    except DataError:
        from netdesigner.data import list_datasets

        names = [info.name for info in list_datasets()]
        closest = (difflib.get_close_matches(str(name), names, n=1) or [names[0]])[0]
        yield Problem(
            "error",
            "unknown_dataset",
            None,
            _(
                "the dataset '{name}' is not a built-in set; choose one of {names}"
            ).format(name=name, names=", ".join(names)),
            Fix(
                "set_dataset",
                {"key": "name", "value": closest},
                _("use the dataset '{name}'").format(name=closest),
            ),
        )


@CHECKS.add
def _dataset_fits_input(ctx: Context) -> Iterator[Problem]:
    expected = expected_input_shape(ctx.design)
    if expected is None:
        return
    for node in ctx.design.nodes:
        given = node.params.get("shape")
        if node.type == "Input" and tuple(given or ()) != expected:
            yield Problem(
                "error",
                "dataset_shape",
                node.id,
                _dataset_shape_message(ctx.design, node.id, given, expected),
                Fix(
                    "set_input_shape",
                    {"node": node.id, "shape": list(expected)},
                    _("set the shape of {node} to {shape}").format(
                        node=node.id, shape=_listed(expected)
                    ),
                ),
            )


def _listed(shape) -> str:
    return "[" + ", ".join(str(d) for d in shape or ()) + "]"


def _dataset_shape_message(
    design: Design, node_id: str, given, expected: tuple[int, ...]
) -> str:
    info = design_dataset_info(design)
    assert info is not None
    if info.kind == "image":
        return _(
            "Input '{node}' has shape {given}, but '{dataset}' gives {shape} images; "
            "set the Input shape to {expected}"
        ).format(
            node=node_id,
            given=_listed(given),
            dataset=info.name,
            shape=format_shape(expected),
            expected=_listed(expected),
        )
    features = design.dataset.get("features") or DEFAULT_FEATURES
    return _(
        "Input '{node}' has shape {given}, but '{dataset}' gives {count} numbers per "
        "example ({features}); set the Input shape to {expected}"
    ).format(
        node=node_id,
        given=_listed(given),
        dataset=info.name,
        count=expected[0],
        features=", ".join(features),
        expected=_listed(expected),
    )


@CHECKS.add
def _layers_after_input(ctx: Context) -> Iterator[Problem]:
    """A lone Input cannot be trained: the engine refuses to build it."""
    nodes = ctx.design.nodes
    if len(nodes) != 1 or nodes[0].type != "Input":
        return
    node = nodes[0]
    shape = ctx.shapes[node.id].shape
    if shape is not None and len(shape) > 1:
        fix = insert_node_fix("Flatten", node.id, None)
    else:
        fix = insert_node_fix("Dense", node.id, None, _output_layer(ctx.design))
    yield Problem(
        "error",
        "input_only",
        node.id,
        _(
            "the network has only its Input node '{node}'; add an output layer after it"
        ).format(node=node.id),
        fix,
    )


def _output_layer(design: Design) -> dict[str, object]:
    """Units and activation of a Dense output that fits the data set and loss."""
    info = design_dataset_info(design)
    loss = resolved_training(design)["loss"]
    if info is None or info.task == "regression" or loss in REGRESSION_LOSSES:
        return {"units": 1, "activation": "linear"}
    if loss == "binary_crossentropy":
        return {"units": 1, "activation": "sigmoid"}
    return {"units": max(2, n_classes(design, info)), "activation": "softmax"}


@CHECKS.add
def _output_fits_dataset(ctx: Context) -> Iterator[Problem]:
    info = design_dataset_info(ctx.design)
    output = ctx.output_id
    shape = None if output is None else ctx.shapes[output].shape
    if info is None or shape is None:
        return
    if info.task == "detection" or ctx.design.node(output).type == "DetectionHead":
        return  # validation_detection checks the head against its data set
    if len(shape) != 1:
        yield Problem(
            "error",
            "output_not_flat",
            output,
            _(
                "the output '{node}' gives {shape} values per example; end the "
                "network with Flatten and a Dense layer"
            ).format(node=output, shape=format_shape(shape)),
            insert_node_fix("Flatten", output, None),
        )
        return
    problem = _units_problem(ctx.design, output, shape[0], info)
    if problem is not None:
        yield problem


def _units_problem(
    design: Design, output: str, units: int, info: DatasetInfo
) -> Problem | None:
    classes = n_classes(design, info)
    activation = resolved_params(design.node(output)).get("activation")
    if info.task == "regression":
        allowed, want, new_activation = {1}, 1, "linear"
        why, how = "regression", "1"
    elif classes == 2:
        want = 2 if activation == "softmax" else 1
        allowed, new_activation = {1, 2}, "sigmoid"
        why, how = "classes", _("1 (sigmoid) or 2 (softmax)")
    else:
        allowed, want, new_activation = {classes}, classes, "softmax"
        why, how = "classes", str(classes)
    if units in allowed:
        return None
    dense = design.node(output).type == "Dense"
    message = _(_UNITS_MESSAGES[why, dense]).format(
        node=output,
        count=_("{n} unit").format(n=units)
        if units == 1
        else _("{n} units").format(n=units),
        dataset=info.name,
        classes=classes,
        how=how,
    )
    if dense:
        fix = Fix(
            "set_param",
            {"node": output, "name": "units", "value": want},
            _("set units of {node} to {value}").format(node=output, value=want),
        )
    else:
        params = {"units": want, "activation": new_activation}
        fix = insert_node_fix("Dense", output, None, params)
    return Problem("error", "output_units", output, message, fix)


#: (what the data set asks for, whether the output is Dense) -> the message
_UNITS_MESSAGES = {
    ("regression", True): N_(
        "the output '{node}' has {count}, but '{dataset}' is a regression set with "
        "one target; set units to {how}"
    ),
    ("regression", False): N_(
        "the output '{node}' has {count}, but '{dataset}' is a regression set with "
        "one target; end the network with a Dense layer of {how} units"
    ),
    ("classes", True): N_(
        "the output '{node}' has {count}, but '{dataset}' has {classes} classes; "
        "set units to {how}"
    ),
    ("classes", False): N_(
        "the output '{node}' has {count}, but '{dataset}' has {classes} classes; "
        "end the network with a Dense layer of {how} units"
    ),
}


def activation_node(design: Design, output: str) -> str:
    """The node whose activation the output shows (through Dropout and Flatten)."""
    current = output
    while design.node(current).type in _PASS_THROUGH:
        sources = design.inputs_of(current)
        if len(sources) != 1:
            break
        current = sources[0]
    return current


@CHECKS.add
def _loss_fits_output(ctx: Context) -> Iterator[Problem]:
    output = ctx.output_id
    shape = None if output is None else ctx.shapes[output].shape
    if shape is None or len(shape) != 1:
        return
    design = ctx.design
    loss = resolved_training(design)["loss"]
    info = design_dataset_info(design)
    if info is not None and info.task == "regression" and loss in CLASSIFICATION_LOSSES:
        yield Problem(
            "error",
            "loss_task",
            output,
            _(
                "'{dataset}' is a regression set, but the loss {loss} is for "
                "classes; use mean_squared_error"
            ).format(dataset=info.name, loss=loss),
            _set_loss("mean_squared_error"),
        )
        return
    source = activation_node(design, output)
    activation = resolved_params(design.node(source)).get("activation", "linear")
    problem = _activation_rule(loss, activation, shape[0], source)
    if problem is not None:
        yield Problem(problem[0], "loss_activation", output, problem[1], problem[2])


def _set_loss(loss: str) -> Fix:
    description = _("use the loss {loss}").format(loss=loss)
    return Fix("set_training", {"key": "loss", "value": loss}, description)


def _set_activation(node_id: str, activation: str) -> Fix:
    return Fix(
        "set_param",
        {"node": node_id, "name": "activation", "value": activation},
        _("set the activation of {node} to {activation}").format(
            node=node_id, activation=activation
        ),
    )


def _activation_rule(
    loss: str, activation: str, units: int, node_id: str
) -> tuple[str, str, Fix] | None:
    """(severity, message, fix) when ``loss`` does not fit the output, else None."""
    if activation == "step":
        return None
    if activation == "softmax" and units == 1:
        return (
            "error",
            _(
                "softmax over the single unit of '{node}' always gives 1; set its "
                "activation to sigmoid"
            ).format(node=node_id),
            _set_activation(node_id, "sigmoid"),
        )
    if loss in CROSS_ENTROPIES and activation != "softmax":
        if activation == "sigmoid" and units == 1:
            return (
                "error",
                _(
                    "'{node}' has one sigmoid unit, which {loss} does not fit; use "
                    "binary_crossentropy"
                ).format(node=node_id, loss=loss),
                _set_loss("binary_crossentropy"),
            )
        return (
            "error",
            _(
                "{loss} needs the probabilities of softmax, but '{node}' uses "
                "{activation}; set its activation to softmax"
            ).format(loss=loss, node=node_id, activation=activation),
            _set_activation(node_id, "softmax"),
        )
    if loss == "binary_crossentropy" and activation == "softmax":
        return (
            "error",
            _(
                "binary_crossentropy does not fit the softmax of '{node}'; use "
                "sparse_categorical_crossentropy"
            ).format(node=node_id),
            _set_loss("sparse_categorical_crossentropy"),
        )
    if loss == "binary_crossentropy" and activation != "sigmoid":
        return (
            "error",
            _(
                "binary_crossentropy needs outputs between 0 and 1, but '{node}' "
                "uses {activation}; set its activation to sigmoid"
            ).format(node=node_id, activation=activation),
            _set_activation(node_id, "sigmoid"),
        )
    if loss in REGRESSION_LOSSES and activation == "softmax":
        return (
            "warning",
            _(
                "softmax with {loss} learns slowly; use "
                "sparse_categorical_crossentropy for '{node}'"
            ).format(loss=loss, node=node_id),
            _set_loss("sparse_categorical_crossentropy"),
        )
    return None
