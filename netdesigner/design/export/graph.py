"""The design as an exporter sees it: nodes in order, full arguments, known shapes.

``export_graph(design)`` checks what every target needs (one Input, one output, no
cycle, the right number of inputs per node) and asks the engine's layers for every
output shape, so that code generators only have to write, never to guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from netdesigner.design import defaults
from netdesigner.design.catalog import CATALOG
from netdesigner.design.export.base import ExportError
from netdesigner.design.model import Design, Node
from netdesigner.engine.errors import EngineError
from netdesigner.engine.layers import create_layer

Shape = tuple[int, ...]


@dataclass
class ExportNode:
    """One node with everything a code generator needs.

    params : the design's arguments completed with tf.keras's defaults.
    given : the arguments written in the design file (what a reader expects to see).
    input_shapes : one per input, without the batch dimension, in edge order.
    """

    id: str
    type: str
    params: dict[str, Any]
    given: dict[str, Any]
    inputs: list[str]
    input_shapes: list[Shape]
    output_shape: Shape
    trainable: bool = True
    label: str | None = None

    @property
    def input_shape(self) -> Shape:
        """The shape of the single input (not for Input or merge nodes)."""
        return self.input_shapes[0]


@dataclass
class ExportGraph:
    """Nodes in topological order (the design's order among equals)."""

    name: str
    nodes: list[ExportNode] = field(default_factory=list)

    @property
    def input(self) -> ExportNode:
        return self.nodes[0]

    @property
    def output(self) -> ExportNode:
        return self.nodes[-1]

    def node(self, node_id: str) -> ExportNode:
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)

    def is_chain(self) -> bool:
        """True when every node feeds the next one only: a Sequential model."""
        return all(
            node.inputs == [previous.id]
            for previous, node in zip(self.nodes, self.nodes[1:], strict=False)
        )


def resolved_params(node: Node) -> dict[str, Any]:
    """``node.params`` completed with tf.keras's defaults of its type."""
    spec = CATALOG.get(node.type)
    if spec is None:
        known = ", ".join(CATALOG)
        raise ExportError(
            f"node '{node.id}' has type '{node.type}'; expected one of: {known}"
        )
    return defaults.resolved_params(node)


def export_graph(design: Design) -> ExportGraph:
    """The checked, ordered graph of ``design`` with every node's shapes."""
    order = _topological_order(design)
    graph = ExportGraph(name=design.name)
    shapes: dict[str, Shape] = {}
    for node in order:
        params = resolved_params(node)
        inputs = design.inputs_of(node.id)
        _check_arity(node, len(inputs))
        in_shapes = [shapes[i] for i in inputs]
        shapes[node.id] = _output_shape(node, params, in_shapes)
        graph.nodes.append(
            ExportNode(
                id=node.id,
                type=node.type,
                params=params,
                given=dict(node.params),
                inputs=inputs,
                input_shapes=in_shapes,
                output_shape=shapes[node.id],
                trainable=node.trainable,
                label=node.label,
            )
        )
    return graph


def _topological_order(design: Design) -> list[Node]:
    """Kahn's algorithm from the single Input; every node must lie on the way."""
    if not design.nodes:
        raise ExportError("the design has no nodes; add an Input and a layer first")
    inputs = [n for n in design.nodes if n.type == "Input"]
    if len(inputs) != 1:
        raise ExportError(
            f"an exported model needs exactly one Input node, found {len(inputs)}"
        )
    ids = {n.id for n in design.nodes}
    for edge in design.edges:
        for end in (edge.source, edge.target):
            if end not in ids:
                raise ExportError(
                    f"an edge refers to node '{end}', which does not exist"
                )
    pending = {n.id: len(design.inputs_of(n.id)) for n in design.nodes}
    ready = [inputs[0]]
    order: list[Node] = []
    while ready:
        node = ready.pop(0)
        order.append(node)
        for target in design.outputs_of(node.id):
            pending[target] -= 1
            if pending[target] == 0:
                ready.append(design.node(target))
    _check_reached(design, order)
    return order


def _check_reached(design: Design, order: list[Node]) -> None:
    reached = {n.id for n in order}
    left = [n.id for n in design.nodes if n.id not in reached]
    if left:
        raise ExportError(
            f"node '{left[0]}' is not fed from the Input (or lies on a cycle); "
            "connect it or delete it before exporting"
        )
    sinks = [n.id for n in order if not design.outputs_of(n.id)]
    if len(sinks) != 1:
        raise ExportError(
            "an exported model needs exactly one output node, found "
            f"{len(sinks)}: {', '.join(sinks)}"
        )


def _check_arity(node: Node, count: int) -> None:
    wanted = CATALOG[node.type].n_inputs
    if wanted is None and count < 2:
        raise ExportError(
            f"{node.type} '{node.id}' merges two or more inputs, found {count}"
        )
    if wanted is not None and count != wanted:
        raise ExportError(
            f"{node.type} '{node.id}' takes {wanted} input(s), found {count}"
        )


def _output_shape(node: Node, params: dict[str, Any], in_shapes: list[Shape]) -> Shape:
    try:
        layer = create_layer(node.type, params)
        if node.type == "Input":
            return tuple(int(d) for d in layer.output_shape(None))
        arg = in_shapes if CATALOG[node.type].n_inputs is None else in_shapes[0]
        return tuple(int(d) for d in layer.output_shape(arg))
    except EngineError as exc:
        raise ExportError(f"node '{node.id}': {exc}") from None


def pair(value: int | list[int] | None, default: tuple[int, int]) -> tuple[int, int]:
    """An int or [h, w] argument as (h, w); None gives ``default``."""
    if value is None:
        return default
    if isinstance(value, int):
        return value, value
    return int(value[0]), int(value[1])


def same_padding(size: int, window: int, stride: int) -> tuple[int, int]:
    """TensorFlow's 'same' padding of one axis: (before, after), the extra one after.

    out = ⌈size / stride⌉ and total = max((out − 1)·stride + window − size, 0).
    """
    out = -(-size // stride)
    total = max((out - 1) * stride + window - size, 0)
    return total // 2, total - total // 2


def node_padding(
    node: ExportNode, window: tuple[int, int], strides: tuple[int, int]
) -> tuple[tuple[int, int], tuple[int, int]]:
    """((top, bottom), (left, right)) that ``node``'s padding adds to its input."""
    if node.params.get("padding", "valid") != "same":
        return (0, 0), (0, 0)
    h, w = node.input_shape[0], node.input_shape[1]
    return same_padding(h, window[0], strides[0]), same_padding(
        w, window[1], strides[1]
    )
