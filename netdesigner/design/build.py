"""Turn a design into an engine ``Network`` and move trained weights in and out.

This is the one place where the design's nodes and edges become engine objects:
each node becomes a ``NodeSpec`` with tf.keras defaults filled in, each edge a
``(source, target)`` pair in the design's order (a merge node's input order).

Weights travel as ``{"<node id>/<weight name>": array}`` dicts in tf.keras layouts
(Dense ``kernel`` (in, out), Conv2D ``kernel`` (kh, kw, in, out), batch norm's
``moving_mean`` ...), which is also what ``NAME.weights.npz`` holds.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from netdesigner.design.defaults import resolved_params, resolved_training
from netdesigner.design.errors import DesignError, GraphError
from netdesigner.design.io import check_weight_shapes, load_weights, weights_path
from netdesigner.design.model import Design
from netdesigner.engine.errors import EngineError
from netdesigner.engine.network import Network, NodeSpec

Weights = dict[str, np.ndarray]


def node_specs(design: Design) -> list[NodeSpec]:
    """One ``NodeSpec`` per design node, with tf.keras defaults filled in."""
    return [
        NodeSpec(node.id, node.type, resolved_params(node), node.trainable)
        for node in design.nodes
    ]


def build_network(
    design: Design, dtype: type | np.dtype = np.float32, seed: int | None = None
) -> Network:
    """A freshly initialised network for ``design``.

    seed : seeds the initial weights (and Dropout's masks); None uses the design's
        ``training.seed``, so the same design starts from the same weights.
    Raises ``GraphError`` (a ``DesignError``) with the engine's sentence when the
    graph cannot be built (a cycle, several inputs, a shape that does not fit).
    """
    if seed is None:
        seed = int(resolved_training(design)["seed"])
    _check_weights_fit(design, np.dtype(dtype))
    edges = [(edge.source, edge.target) for edge in design.edges]
    try:
        return Network(
            node_specs(design), edges, dtype=dtype, rng=np.random.default_rng(seed)
        )
    except EngineError as exc:
        raise GraphError(f"the design cannot be built: {exc}") from None


def _check_weights_fit(design: Design, dtype: np.dtype) -> None:
    """Refuse before allocating when the weights and their gradients alone exceed
    the memory limit (validation says so with the whole estimate)."""
    from netdesigner.design.memory import format_bytes, memory_limit
    from netdesigner.design.shapes import weight_shapes

    count = sum(math.prod(shape) for shape in weight_shapes(design).values())
    needed, limit = 2 * count * dtype.itemsize, memory_limit()
    if needed > limit:
        raise GraphError(
            f"the design cannot be built: its {count:,} weights and their gradients "
            f"need {format_bytes(needed)}, more than the memory limit of "
            f"{format_bytes(limit)}; use fewer units or filters"
        )


def export_weights(network: Network) -> Weights:
    """Copies of every parameter and buffer, keyed ``"<node id>/<weight name>"``."""
    return {key: np.array(value) for key, value in network.get_weights().items()}


def set_network_weights(
    network: Network, weights: Weights, source: str = "the weights"
) -> None:
    """Load ``weights`` into ``network``; any mismatch is a ``DesignError``.

    source : what to call the weights in messages (usually the .npz file's path).
    The whole dict is checked before anything changes, so a failed load leaves the
    network as it was.
    """
    expected = {key: np.shape(value) for key, value in network.get_weights().items()}
    check_weight_shapes(source, {k: np.shape(v) for k, v in weights.items()}, expected)
    dtype = network_dtype(network)
    converted = {key: np.asarray(weights[key], dtype=dtype) for key in expected}
    try:
        network.set_weights(converted)
    except EngineError as exc:
        raise DesignError(f"{source}: {exc}") from None


def load_design_weights(network: Network, design_path: str | Path) -> Path:
    """Load ``NAME.weights.npz`` beside ``design_path`` into ``network``.

    Returns the weights file's path. A missing or unreadable file or a mismatch with
    the design raises ``DesignError`` naming the file.
    """
    path = weights_path(design_path)
    expected = {key: np.shape(value) for key, value in network.get_weights().items()}
    set_network_weights(network, load_weights(path, expected), source=str(path))
    return path


def network_dtype(network: Network) -> np.dtype:
    """The float dtype the network computes in."""
    dtype = getattr(network, "dtype", None)
    return np.dtype(dtype) if dtype is not None else np.dtype(np.float32)
