"""Shared builders for the engine tests."""

from __future__ import annotations

from typing import Any

import numpy as np

from netdesigner.engine import Network, NodeSpec


def mlp(
    sizes: tuple[int, ...] = (2, 6, 1),
    activation: str = "tanh",
    out: str = "tanh",
    seed: int = 0,
    dtype: Any = np.float32,
    trainable: dict[str, bool] | None = None,
) -> Network:
    """A Dense chain ``in -> d0 -> d1 -> ...`` with ``sizes[0]`` inputs and layers of
    ``sizes[1:]`` units; ``out`` is the last layer's activation; ``trainable`` maps
    a layer id (``"d0"``) to False to freeze it."""
    trainable = trainable or {}
    nodes = [NodeSpec("in", "Input", {"shape": [sizes[0]]})]
    for i, units in enumerate(sizes[1:]):
        act = out if i == len(sizes) - 2 else activation
        nodes.append(
            NodeSpec(
                f"d{i}",
                "Dense",
                {"units": units, "activation": act},
                trainable=trainable.get(f"d{i}", True),
            )
        )
    ids = [n.id for n in nodes]
    return Network(
        nodes,
        list(zip(ids, ids[1:], strict=False)),
        dtype=dtype,
        rng=np.random.default_rng(seed),
    )
