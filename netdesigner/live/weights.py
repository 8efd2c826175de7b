"""Neuron surgery on trained weights, without Qt.

Weights are a flat ``{"<node id>/<name>": array}`` dict in tf.keras layouts: Dense
``kernel`` (inputs, units) and ``bias`` (units,); BatchNormalization ``gamma``,
``beta``, ``moving_mean``, ``moving_variance`` (features,). Functions here never
change an array in place: they return new dicts that share unchanged arrays, so an
undo command can keep the old dict as it was.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import numpy as np

from netdesigner.design.model import Design

#: layers that keep one value per feature and have no weights
_PASS_THROUGH = {"Activation", "Dropout"}
#: BatchNormalization's per-feature vectors and the value a new feature starts with
_BN_FILL = {"gamma": 1.0, "beta": 0.0, "moving_mean": 0.0, "moving_variance": 1.0}

Weights = dict[str, np.ndarray]


def node_signature(design: Design, shapes: dict, node_id: str) -> str:
    """What a node's weights depend on: its type, arguments and input shapes."""
    node = design.node(node_id)
    inputs = [_shape_of(shapes, src) for src in design.inputs_of(node_id)]
    return json.dumps([node.type, node.params, inputs], sort_keys=True, default=str)


def _shape_of(shapes: dict, node_id: str) -> list | None:
    info = shapes.get(node_id)
    shape = getattr(info, "shape", None)
    return None if shape is None else list(shape)


def keys_of(weights: Weights, node_id: str) -> list[str]:
    prefix = f"{node_id}/"
    return [key for key in weights if key.startswith(prefix)]


def _feature_consumers(design: Design, node_id: str) -> Iterator[tuple[str, str]]:
    """(consumer id, consumer type) of a node's features, through pass-through layers.

    BatchNormalization is reported and then followed, since it keeps per-feature
    weights and passes the features on.
    """
    for target in design.outputs_of(node_id):
        kind = design.node(target).type
        if kind in _PASS_THROUGH:
            yield from _feature_consumers(design, target)
        elif kind == "BatchNormalization":
            yield target, kind
            yield from _feature_consumers(design, target)
        else:
            yield target, kind


def remove_unit(
    weights: Weights, design: Design, node_id: str, index: int
) -> tuple[Weights, list[str]]:
    """Drop unit ``index`` of Dense ``node_id``: its column, bias and outgoing rows.

    Returns the new weights and the node ids whose weights were edited (and are
    therefore still valid for the changed design).
    """
    new = dict(weights)
    touched = [node_id]
    _drop_entry(new, f"{node_id}/kernel", index, axis=1)
    _drop_entry(new, f"{node_id}/bias", index, axis=0)
    for target, kind in _feature_consumers(design, node_id):
        if kind == "Dense":
            _drop_entry(new, f"{target}/kernel", index, axis=0)
        elif kind == "BatchNormalization":
            for name in _BN_FILL:
                _drop_entry(new, f"{target}/{name}", index, axis=0)
        else:
            continue
        touched.append(target)
    return new, touched


def add_unit(
    weights: Weights, design: Design, node_id: str, rng: np.random.Generator
) -> tuple[Weights, list[str]]:
    """Append a unit to Dense ``node_id``.

    Its incoming weights are drawn from Glorot's uniform range and its bias is 0; its
    outgoing weights are 0, so the network computes the same function until trained.
    """
    new = dict(weights)
    touched = [node_id]
    kernel = weights.get(f"{node_id}/kernel")
    if kernel is not None:
        limit = np.sqrt(6.0 / (kernel.shape[0] + kernel.shape[1] + 1))
        column = rng.uniform(-limit, limit, size=(kernel.shape[0], 1))
        new[f"{node_id}/kernel"] = np.hstack([kernel, column.astype(kernel.dtype)])
    _append_entry(new, f"{node_id}/bias", 0.0, axis=0)
    for target, kind in _feature_consumers(design, node_id):
        if kind == "Dense":
            _append_entry(new, f"{target}/kernel", 0.0, axis=0)
        elif kind == "BatchNormalization":
            for name, fill in _BN_FILL.items():
                _append_entry(new, f"{target}/{name}", fill, axis=0)
        else:
            continue
        touched.append(target)
    return new, touched


def set_entry(
    weights: Weights, key: str, index: tuple[int, ...], value: float
) -> Weights:
    """A copy of ``weights`` where ``weights[key][index]`` is ``value``."""
    new = dict(weights)
    array = np.array(weights[key], copy=True)
    array[index] = value
    new[key] = array
    return new


def _drop_entry(weights: Weights, key: str, index: int, axis: int) -> None:
    if key in weights and weights[key].ndim > axis:
        weights[key] = np.delete(weights[key], index, axis=axis)


def _append_entry(weights: Weights, key: str, fill: float, axis: int) -> None:
    if key not in weights or weights[key].ndim <= axis:
        return
    array = weights[key]
    shape = list(array.shape)
    shape[axis] = 1
    weights[key] = np.concatenate([array, np.full(shape, fill, array.dtype)], axis=axis)
