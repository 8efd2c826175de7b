"""What both importers share: the error, tf.keras names, and building the design.

``DesignBuilder`` collects layers as the model code or file states them (type,
arguments, name, inputs) and makes the ``Design``: node ids from the Keras names
(or ``dense_1``...), edges in input order, and an automatic layout
(``layout.layered_positions``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from netdesigner.design.catalog import ACTIVATION_NAMES, CATALOG
from netdesigner.design.errors import DesignError
from netdesigner.design.layout import layered_positions
from netdesigner.design.model import Design, Edge, Node


class ImportProblem(DesignError):
    """Model code or a model file NetDesigner cannot express, in one sentence."""


#: tf.keras's short loss names -> the design's
LOSS_ALIASES = {
    "mse": "mean_squared_error",
    "mae": "mean_absolute_error",
    "huber_loss": "huber",
}

LOSSES = (
    "mean_squared_error",
    "mean_absolute_error",
    "huber",
    "binary_crossentropy",
    "categorical_crossentropy",
    "sparse_categorical_crossentropy",
    "hinge",
)

OPTIMIZERS = ("sgd", "rmsprop", "adagrad", "adam", "adamw")

#: Keras arguments that say nothing NetDesigner would store differently
HARMLESS = {"name", "dtype", "trainable", "input_shape", "input_dim", "batch_size"}

#: Keras arguments accepted when they have their default value
DEFAULT_ONLY = {
    "data_format": ("channels_last", None),
    "dilation_rate": (1, (1, 1), [1, 1]),
    "groups": (1,),
    "axis": (-1, [-1], (-1,), 3),
    "center": (True,),
    "scale": (True,),
    "bias_regularizer": (None,),
    "activity_regularizer": (None,),
    "kernel_constraint": (None,),
    "bias_constraint": (None,),
    "seed": (None,),
    "noise_shape": (None,),
    "synchronized": (False,),
}


def snake(name: str) -> str:
    """``GlorotUniform`` -> ``glorot_uniform``; ``L2`` stays ``l2``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def loss_name(name: str, where: str) -> str:
    """The design's loss for a tf.keras name (``"mse"``, ``"SparseCategorical..."``)."""
    loss = LOSS_ALIASES.get(snake(name), snake(name))
    if loss not in LOSSES:
        raise ImportProblem(
            f"{where}: NetDesigner has no loss {name!r}; expected one of: "
            f"{', '.join(LOSSES)}"
        )
    return loss


def activation_name(value: Any, where: str) -> str:
    if value is None:
        return "linear"
    if isinstance(value, str) and value in ACTIVATION_NAMES:
        return value
    raise ImportProblem(
        f"{where}: NetDesigner has no activation {value!r}; expected one of: "
        f"{', '.join(ACTIVATION_NAMES)}"
    )


def initializer_spec(name: str, args: dict[str, Any]) -> Any:
    """``"he_normal"``, or ``{"type": "random_uniform", "minval": ...}`` with
    arguments; ``seed=None`` says nothing."""
    args = {k: v for k, v in args.items() if not (k == "seed" and v is None)}
    return {"type": snake(name), **args} if args else snake(name)


def playground_pair(params: dict[str, Any]) -> None:
    """RandomUniform(-0.5, 0.5) kernels with Constant(0.1) biases are Playground's
    initializer (what the Keras export writes for it)."""
    kernel, bias = params.get("kernel_initializer"), params.get("bias_initializer")
    uniform = {"type": "random_uniform", "minval": -0.5, "maxval": 0.5}
    if kernel == uniform and bias in ({"type": "constant", "value": 0.1},):
        params["kernel_initializer"] = params["bias_initializer"] = "playground"


@dataclass
class Layer:
    """One layer as the source states it."""

    type: str
    params: dict[str, Any]
    name: str | None = None
    trainable: bool = True
    inputs: list[str] = field(default_factory=list)  # ids of the feeding layers
    where: str = ""


def check_arguments(layer: Layer, given: dict[str, Any]) -> dict[str, Any]:
    """The design's params from a layer's Keras arguments; others are refused."""
    known = set(CATALOG[layer.type].param_names())
    params = {}
    for key, value in given.items():
        if key in known:
            params[key] = value
        elif key in DEFAULT_ONLY:
            if value not in DEFAULT_ONLY[key]:
                raise ImportProblem(
                    f"{layer.where}: {layer.type}'s argument {key}={value!r} is not "
                    f"one NetDesigner supports; it takes only "
                    f"{key}={DEFAULT_ONLY[key][0]!r}"
                )
        elif key not in HARMLESS:
            raise ImportProblem(
                f"{layer.where}: NetDesigner's {layer.type} has no argument '{key}'; "
                f"expected one of: {', '.join(sorted(known)) or 'none'}"
            )
    if "activation" in params:
        params["activation"] = activation_name(params["activation"], layer.where)
    playground_pair(params)
    return params


class DesignBuilder:
    """Layers in, a design with ids, edges and a layout out."""

    def __init__(self) -> None:
        self.design = Design()

    def add(self, layer: Layer) -> str:
        """Add ``layer`` (fed by ``layer.inputs``); returns its node id."""
        if layer.type not in CATALOG:
            raise ImportProblem(
                f"{layer.where}: NetDesigner has no layer '{layer.type}'; expected "
                f"one of: {', '.join(t for t in CATALOG if t != 'Input')}"
            )
        node_id = layer.name or self.design.new_id(CATALOG[layer.type].id_prefix)
        if layer.type == "Input" and not layer.name:
            node_id = "input" if not self.design.has_node("input") else node_id
        if self.design.has_node(node_id):
            raise ImportProblem(
                f"{layer.where}: two layers are called '{node_id}'; give them "
                "different names"
            )
        self.design.nodes.append(
            Node(node_id, layer.type, dict(layer.params), trainable=layer.trainable)
        )
        self.design.edges.extend(Edge(source, node_id) for source in layer.inputs)
        return node_id

    def finish(self, name: str, dataset: dict, training: dict) -> Design:
        """The design with its settings and an automatic layout."""
        design = self.design
        design.name, design.dataset, design.training = name, dataset, training
        positions = layered_positions(design, {})
        for node in design.nodes:
            node.position = positions.get(node.id, (0.0, 0.0))
        return design
