"""The designs of a lesson's run variants, ready to train one after another.

A variant either changes the lesson design's ``training``/``dataset`` (deep-merged,
so ``{"optimizer": {"learning_rate": 0.01}}`` keeps the optimizer type) or names
another design file relative to the lesson's file. ``netdesigner train`` and the
GUI's Compare runs both build their variants here.
"""

from __future__ import annotations

from pathlib import Path

from netdesigner.design.io import load_design
from netdesigner.design.lesson import MAIN_RUN, RunVariant, deep_merge
from netdesigner.design.model import Design


def variant_design(
    design: Design, variant: RunVariant, design_path: str | Path
) -> tuple[Design, Path]:
    """The design to train for ``variant`` and the file it belongs to.

    ``design_path`` is the lesson design's file: another design is found beside it,
    and a variant of the lesson's own design keeps its path (its data set and
    weights are found relative to it). Raises ``DesignFileError`` when the other
    file is missing or invalid.
    """
    design_path = Path(design_path)
    if variant.design is not None:
        other = design_path.parent / variant.design
        return load_design(other), other
    changed = design.copy()
    changed.training = deep_merge(design.training, variant.training)
    changed.dataset = deep_merge(design.dataset, variant.dataset)
    if variant.dataset:  # other data: its statistics are computed afresh
        changed.dataset.pop("stats", None)
    return changed, design_path


def runs_to_train(design: Design) -> list[RunVariant]:
    """The variants the lesson's goals need (besides the design itself), in the
    order the goals first name them."""
    lesson = design.lesson
    if lesson is None:
        return []
    return [lesson.run(r) for r in lesson.needed_runs() if r != MAIN_RUN]
