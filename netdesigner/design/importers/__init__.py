"""Open tf.keras models as designs: the course's code (parsed, never run) or a
Keras 3 ``.keras`` file with its trained weights.

``import_model(path)`` returns ``(design, weights)``; weights are ``{}`` for code.
Anything NetDesigner cannot express raises ``ImportProblem`` (a ``DesignError``)
with one sentence naming the line (code) or the layer (.keras file).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from netdesigner.design.importers.base import ImportProblem
from netdesigner.design.importers.keras_code import import_keras_code
from netdesigner.design.model import Design

__all__ = ["ImportProblem", "import_keras_code", "import_model"]


def import_model(path: Path | str) -> tuple[Design, dict[str, np.ndarray]]:
    """The design (and trained weights) in ``path``: a ``.py`` or ``.keras`` file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".keras":
        from netdesigner.design.importers.keras_file import import_keras_file

        return import_keras_file(path)
    if suffix != ".py":
        raise ImportProblem(
            f"{path}: expected tf.keras code (.py) or a Keras 3 model (.keras), "
            f"found a '{suffix or 'nameless'}' file"
        )
    try:
        source = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportProblem(f"{path}: cannot be read: {exc}") from None
    return import_keras_code(source, path.name, name=path.stem), {}
