"""Load the data set a design names, with the design's settings.

A built-in set is made by name with the design's ``n_samples``, ``noise``,
``train_ratio``, ``features``, ``seed`` and ``n_classes``; an imported file is found
by ``path`` relative to the design's folder. Standardisation statistics are computed
afresh on the training set every time (the same settings give the same points, so
the same statistics) and written back to ``design.dataset["stats"]``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from netdesigner.data import Dataset, load_dataset
from netdesigner.design.defaults import resolved_dataset
from netdesigner.design.model import Design

#: design keys passed to ``load_dataset`` as they are
_COMMON_KEYS = (
    "n_samples", "noise", "train_ratio", "seed", "features", "standardize", "augment",
)  # fmt: skip
#: design keys passed as set-specific options when they are set
_OPTION_KEYS = ("n_classes",)
#: design keys passed as an imported file's options when they are set
_FILE_KEYS = ("label_column", "task", "label_mode", "image_size")


def dataset_arguments(design: Design) -> dict[str, Any]:
    """``load_dataset`` keyword arguments for the design's data set (not the name)."""
    settings = resolved_dataset(design)
    kwargs = {key: settings[key] for key in _COMMON_KEYS}
    kwargs["noise"] = kwargs["noise"] or 0
    kwargs["seed"] = kwargs["seed"] or 0
    kwargs["standardize"] = bool(kwargs["standardize"])
    kwargs.update({k: settings[k] for k in _OPTION_KEYS if settings.get(k) is not None})
    return kwargs


def dataset_file(design: Design, base_dir: str | Path | None) -> Path | None:
    """The imported file's path (relative paths start at ``base_dir``), or None."""
    path = design.dataset.get("path")
    if not path:
        return None
    path = Path(path)
    if not path.is_absolute() and base_dir is not None:
        path = Path(base_dir) / path
    return path


def load_design_dataset(design: Design, base_dir: str | Path | None = None) -> Dataset:
    """The design's data set; stores standardisation statistics in the design."""
    kwargs = dataset_arguments(design)
    path = dataset_file(design, base_dir)
    if path is not None:
        settings = resolved_dataset(design)
        kwargs.update({k: settings[k] for k in _FILE_KEYS if settings[k] is not None})
        dataset = load_dataset(path=path, **kwargs)
    else:
        dataset = load_dataset(resolved_dataset(design)["name"], **kwargs)
    if dataset.stats is not None:
        design.dataset["stats"] = {
            "mean": [float(v) for v in dataset.stats["mean"]],
            "std": [float(v) for v in dataset.stats["std"]],
        }
    return dataset
