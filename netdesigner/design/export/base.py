"""What every exporter shares: its error class and the registry of export targets.

An exporter is a function ``(design, design_path, out) -> None`` that writes the file
``out``; ``design_path`` (the design's own file, or None for an unsaved design) tells
where ``NAME.weights.npz`` lives. Exporters register under the name given to
``netdesigner export --to NAME``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from netdesigner.design.errors import DesignError
from netdesigner.design.io import weights_path
from netdesigner.design.model import Design
from netdesigner.engine.registry import Registry
from netdesigner.i18n import N_

Exporter = Callable[[Design, "Path | None", Path], None]

#: ``--to`` name -> exporter function
EXPORTERS: Registry[Exporter] = Registry(N_("export target"))


class ExportError(DesignError):
    """A design that cannot be written in the chosen target, said in one sentence."""


def weights_file(design_path: Path | str | None) -> Path | None:
    """``NAME.weights.npz`` beside ``NAME.json`` (None for an unsaved design)."""
    return None if design_path is None else weights_path(design_path)
