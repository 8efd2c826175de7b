"""Shape inference: each node's output shape, parameter count and size arithmetic.

Shapes leave out the batch dimension, channels last: ``(28, 28, 1)``. The engine's
layers compute shapes (``output_shape``) and the Conv2D/pooling arithmetic
(``shape_arithmetic``); parameter counts are computed here from the shapes, so no
weights are allocated on every edit (a test checks them against built layers).

A node whose shape cannot be computed gets ``error`` (one sentence naming it); nodes
downstream of it, unconnected nodes and nodes on a cycle get ``shape`` None and no
error of their own (validation reports those).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from netdesigner.design.catalog import CATALOG
from netdesigner.design.defaults import resolved_params
from netdesigner.design.graph import topological_order
from netdesigner.design.model import Design, Node
from netdesigner.engine.layers.base import format_shape

__all__ = [
    "NodeShape",
    "Shape",
    "format_shape",
    "infer_shapes",
    "size_of",
    "weight_shapes",
]

Shape = tuple[int, ...]


@dataclass(frozen=True)
class NodeShape:
    """What shape inference knows about one node.

    shape : output shape without the batch axis, or None when unknown.
    n_params : parameters as tf.keras's ``summary`` counts them ("Param #"),
        BatchNormalization's moving statistics included.
    arithmetic : how the output size follows from the input, as a sentence, or None.
    error : why this node's shape cannot be computed, or None.
    input_shapes : shapes arriving at the node, in edge order.
    error_class : the engine's exception class behind ``error`` (e.g.
        ``WindowTooLargeError``), so validation picks a fix by type, not by wording.
    """

    shape: Shape | None
    n_params: int = 0
    arithmetic: str | None = None
    error: str | None = None
    input_shapes: tuple[Shape, ...] = ()
    error_class: type[Exception] | None = None


def infer_shapes(design: Design) -> dict[str, NodeShape]:
    """NodeShape of every node, in topological order (nodes on a cycle last)."""
    result: dict[str, NodeShape] = {}
    for node_id in topological_order(design):
        result[node_id] = _infer_node(design, design.node(node_id), result)
    for node in design.nodes:
        result.setdefault(node.id, NodeShape(None))
    return result


def _infer_node(design: Design, node: Node, known: dict[str, NodeShape]) -> NodeShape:
    spec = CATALOG.get(node.type)
    if spec is None:
        return NodeShape(None, error=f"'{node.id}' has the unknown type '{node.type}'")
    shapes = [known[i].shape for i in design.inputs_of(node.id) if i in known]
    if spec.n_inputs != 0 and (not shapes or any(s is None for s in shapes)):
        return NodeShape(None)
    arriving = tuple(s for s in shapes if s is not None)
    if spec.n_inputs == 1 and len(arriving) != 1:
        return NodeShape(
            None,
            error=f"{node.type} '{node.id}' takes one input, found {len(arriving)}",
            input_shapes=arriving,
        )
    layer_input: Any = None if spec.n_inputs == 0 else arriving[0]
    if spec.n_inputs is None:
        layer_input = list(arriving)
    return _apply_layer(node, layer_input, arriving)


def _apply_layer(
    node: Node, layer_input: Any, arriving: tuple[Shape, ...]
) -> NodeShape:
    from netdesigner.engine.errors import EngineError
    from netdesigner.engine.layers import create_layer

    params = resolved_params(node)
    try:
        layer = create_layer(node.type, params)
        shape = tuple(int(d) for d in layer.output_shape(layer_input))
        arithmetic = _arithmetic(node.type, layer, layer_input, shape)
    except EngineError as exc:
        return NodeShape(
            None,
            error=_name_node(node, str(exc)),
            input_shapes=arriving,
            error_class=type(exc),
        )
    n_params = _count_params(node.type, params, arriving, shape)
    return NodeShape(shape, n_params, arithmetic, None, arriving)


def _name_node(node: Node, message: str) -> str:
    """Put the node id after the type: "Conv2D 'conv_2': kernel_size 7 is ..."."""
    if message.startswith(node.type):
        return f"{node.type} '{node.id}'{message[len(node.type) :]}"
    return f"{node.type} '{node.id}': {message}"


def _arithmetic(
    type_name: str, layer: Any, layer_input: Any, shape: Shape
) -> str | None:
    if layer_input is None:
        return None
    text = layer.shape_arithmetic(layer_input)
    if text is None and type_name == "Flatten":
        text = " × ".join(str(d) for d in layer_input) + f" = {shape[0]}"
    return text


def _dense_params(params: dict, inputs: tuple[Shape, ...], shape: Shape) -> int:
    return (inputs[0][-1] + bool(params["use_bias"])) * params["units"]


def _conv_params(params: dict, inputs: tuple[Shape, ...], shape: Shape) -> int:
    kernel = params["kernel_size"]
    kh, kw = (kernel, kernel) if isinstance(kernel, int) else kernel
    return (kh * kw * inputs[0][-1] + bool(params["use_bias"])) * params["filters"]


def _batchnorm_params(params: dict, inputs: tuple[Shape, ...], shape: Shape) -> int:
    return 4 * inputs[0][-1]  # gamma, beta, moving mean, moving variance


def _head_params(params: dict, inputs: tuple[Shape, ...], shape: Shape) -> int:
    """A DetectionHead is a biased convolution to its output's channels."""
    return _conv_params(
        {**params, "use_bias": True, "filters": shape[-1]}, inputs, shape
    )


_PARAM_COUNTS: dict[str, Callable[[dict, tuple[Shape, ...], Shape], int]] = {
    "Dense": _dense_params,
    "Conv2D": _conv_params,
    "BatchNormalization": _batchnorm_params,
    "DetectionHead": _head_params,
}


def _count_params(
    type_name: str, params: dict, inputs: tuple[Shape, ...], shape: Shape
) -> int:
    count = _PARAM_COUNTS.get(type_name)
    return 0 if count is None else int(count(params, inputs, shape))


def weight_shapes(
    design: Design, shapes: dict[str, NodeShape] | None = None
) -> dict[str, Shape]:
    """``{"<node id>/<weight name>": shape}`` the design's weights have, tf.keras
    layouts (Dense kernel (in, units), Conv2D kernel (kh, kw, in, filters), batch
    norm's four (channels,) vectors), without building the network.

    Nodes whose input shape is unknown are left out. ``shapes`` defaults to
    ``infer_shapes(design)``.
    """
    shapes = infer_shapes(design) if shapes is None else shapes
    result: dict[str, Shape] = {}
    for node in design.nodes:
        arriving = shapes[node.id].input_shapes
        layout = _WEIGHT_LAYOUTS.get(node.type)
        if layout is None or shapes[node.id].shape is None or not arriving:
            continue
        for name, shape in layout(resolved_params(node), arriving[0][-1]).items():
            result[f"{node.id}/{name}"] = shape
    return result


def _kernel_weights(params: dict, kernel: Shape, width: int) -> dict[str, Shape]:
    weights = {"kernel": (*kernel, width)}
    if params["use_bias"]:
        weights["bias"] = (width,)
    return weights


def _dense_weights(params: dict, channels: int) -> dict[str, Shape]:
    return _kernel_weights(params, (channels,), params["units"])


def _conv_weights(params: dict, channels: int) -> dict[str, Shape]:
    kernel = params["kernel_size"]
    kh, kw = (kernel, kernel) if isinstance(kernel, int) else kernel
    return _kernel_weights(params, (kh, kw, channels), params["filters"])


def _head_weights(params: dict, channels: int) -> dict[str, Shape]:
    """DetectionHead: a conv kernel and bias with A·(5 + C) filters."""
    anchors = len(params["anchor_sizes"]) * len(params["aspect_ratios"])
    filters = anchors * (5 + params["num_classes"])
    return _conv_weights({**params, "use_bias": True, "filters": filters}, channels)


def _batchnorm_weights(params: dict, channels: int) -> dict[str, Shape]:
    names = ("gamma", "beta", "moving_mean", "moving_variance")
    return {name: (channels,) for name in names}


_WEIGHT_LAYOUTS: dict[str, Callable[[dict, int], dict[str, Shape]]] = {
    "Dense": _dense_weights,
    "Conv2D": _conv_weights,
    "BatchNormalization": _batchnorm_weights,
    "DetectionHead": _head_weights,
}


def total_params(shapes: dict[str, NodeShape]) -> int:
    """Sum of ``n_params`` over the nodes (tf.keras's "Total params")."""
    return sum(s.n_params for s in shapes.values())


def size_of(shape: Shape) -> int:
    """Number of values in one example of ``shape``."""
    return math.prod(shape)
