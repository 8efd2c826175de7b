"""The design-layer calls the GUI makes, gathered in one place.

Everything the editor needs from ``netdesigner.design`` (files, validation, fixes,
shape inference, weight preview) goes through these functions, so the rest of the
GUI never depends on how the design package spells them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from netdesigner.design import catalog
from netdesigner.design.errors import DesignError
from netdesigner.design.model import Design

__all__ = [
    "DesignError",
    "apply_fix",
    "dumps_design",
    "import_model",
    "infer_shapes",
    "layer_spec",
    "load_design",
    "load_weights",
    "preview_weights",
    "save_design",
    "save_weights",
    "validate",
    "weights_path",
    "write_atomic",
]

layer_spec = catalog.layer_spec


def load_design(path: str | Path) -> Design:
    """Read a design file; ``DesignError`` carries the loader's one-sentence message."""
    from netdesigner.design import io

    return io.load_design(path)


def import_model(path: str | Path) -> tuple[Design, dict[str, np.ndarray]]:
    """tf.keras code (``.py``, parsed, never run) or a ``.keras`` file as a design
    and its weights; ``DesignError`` carries one sentence (with the code's line)."""
    from netdesigner.design.importers import import_model as read_model

    return read_model(path)


def loads_design(text: str, source: str = "<string>") -> Design:
    from netdesigner.design import io

    return io.loads_design(text, source=source)


def save_design(design: Design, path: str | Path) -> None:
    """Write ``design`` atomically to ``path``."""
    from netdesigner.design import io

    io.save_design(design, path)


def dumps_design(design: Design) -> str:
    from netdesigner.design import io

    return io.dumps_design(design)


def weights_path(design_path: str | Path) -> Path:
    from netdesigner.design import io

    return Path(io.weights_path(design_path))


def load_weights(
    path: str | Path, design: Design | None = None
) -> dict[str, np.ndarray]:
    """Read a weights file; with ``design``, its keys and shapes must be the design's
    (checked in the file's headers before any array is read)."""
    from netdesigner.design import io, shapes

    expected = None if design is None else shapes.weight_shapes(design)
    return io.load_weights(path, expected)


def save_weights(path: str | Path, weights: dict[str, np.ndarray]) -> None:
    from netdesigner.design import io

    io.save_weights(path, weights)


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` as designs are saved (temp file, fsync, replace)."""
    from netdesigner.design import io

    io.atomic_write(Path(path), lambda file: file.write(data))


def validate(design: Design) -> list[Any]:
    """The design's problems: ``Problem(severity, code, node_id, message, fix)``."""
    from netdesigner.design import validation

    return list(validation.validate(design))


def apply_fix(design: Design, fix: Any) -> Design:
    """A changed copy of ``design`` with ``fix`` applied."""
    from netdesigner.design import fixes

    return fixes.apply_fix(design, fix)


def infer_shapes(design: Design) -> dict[str, Any]:
    """node id -> ``NodeShape(shape, n_params, arithmetic, error)``."""
    from netdesigner.design import shapes

    return dict(shapes.infer_shapes(design))


def preview_weights(design: Design) -> dict[str, np.ndarray] | None:
    """The weights training would start from (seeded), or None for a broken design.

    Returns ``{"<node id>/<name>": array}`` as ``Network.get_weights`` does.
    """
    from netdesigner.design import build

    seed = design.training.get("seed", 0)
    try:
        network = build.build_network(design, dtype=np.float32, seed=seed)
    except (DesignError, ValueError, KeyError, TypeError):
        return None
    return {key: np.array(value) for key, value in network.get_weights().items()}
