"""Export a design: runnable tf.keras and PyTorch scripts, PNG and SVG of the canvas.

``export_design(design, design_path, to, out)`` is the one entry point (the CLI's
``netdesigner export FILE --to keras|pytorch|png|svg -o OUT`` and the GUI's File ▸
Export menu call it). ``EXPORTERS`` maps each ``--to`` name to its exporter. A design
that a target cannot express raises ``ExportError`` (a ``DesignError``) with one
sentence, never half-written code.

A script can carry what was trained: with ``weights`` (the window's arrays),
``export_design`` writes them beside the script; ``export_bundle`` writes a folder
with the script, the weights and the data set that runs without NetDesigner.

Qt is needed only for the images and is imported when one is made, so importing this
package keeps ``netdesigner.design`` free of Qt.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np

from netdesigner.design.export import images, keras, pytorch  # noqa: F401 (registers)
from netdesigner.design.export.base import EXPORTERS, ExportError, weights_file
from netdesigner.design.export.bundle import (
    SCRIPT_SUFFIXES,
    export_bundle,
    export_script,
)
from netdesigner.design.export.history import history_csv, write_history_csv
from netdesigner.design.model import Design

__all__ = [
    "EXPORTERS",
    "SCRIPT_SUFFIXES",
    "ExportError",
    "export_bundle",
    "export_design",
    "export_script",
    "export_targets",
    "history_csv",
    "weights_file",
    "write_history_csv",
]


def export_targets() -> list[str]:
    """The names ``--to`` accepts, e.g. ``["keras", "png", "pytorch", "svg"]``."""
    return EXPORTERS.names()


def export_design(
    design: Design,
    design_path: Path | str | None,
    to: str,
    out: Path | str,
    *,
    weights: Mapping[str, np.ndarray] | None = None,
) -> Path:
    """Write ``design`` as ``to`` ("keras", "pytorch", "png" or "svg") to ``out``.

    design_path : the design's file (its ``NAME.weights.npz``, when it exists, holds
        the trained weights the scripts load), or None for an unsaved design.
    weights : for a script, the trained arrays to write beside it instead
        (``export_script``); an empty mapping writes the script without weights.
    Returns the written path. Raises ``ExportError`` for an unknown target or a
    design the target cannot express.
    """
    if to not in EXPORTERS:
        raise ExportError(
            f"cannot export to {to!r}; expected one of: {', '.join(export_targets())}"
        )
    out = Path(out)
    if weights is not None and to in SCRIPT_SUFFIXES:
        export_script(design, design_path, to, out, weights)
        return out
    EXPORTERS.get(to)(design, None if design_path is None else Path(design_path), out)
    return out
