"""A loaded data set: its metadata (``DatasetInfo``) and its arrays (``Dataset``).

Every loader in ``netdesigner.data`` returns a ``Dataset``; every problem with a file
or an argument raises ``DataError``, one sentence naming what was expected and found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from netdesigner.data.errors import DataError
from netdesigner.data.preprocess import AugmentedTransform, make_augment, make_transform

__all__ = ["KINDS", "TASKS", "DataError", "Dataset", "DatasetInfo", "signed_labels"]

KINDS = ("2d", "image", "table")
TASKS = ("classification", "regression", "detection")


@dataclass(frozen=True)
class DatasetInfo:
    """Metadata of a data set, known before any array is made.

    Attributes
    ----------
    name : the registry name (``"circle"``) or, for an imported file, the file's name.
    kind : ``"2d"`` (points in the plane, feature maps apply), ``"image"`` (uint8
        ``(N, H, W)`` grey or ``(N, H, W, C)`` colour) or ``"table"`` (an imported
        file with F numeric columns).
    task : ``"classification"``, ``"regression"`` or ``"detection"`` (images with
        boxes; see ``Dataset``).
    n_classes : number of classes (0 for regression; object classes only, no
        background, for detection).
    class_names : one name per class index.
    input_shape : shape of one raw example: ``(2,)`` for 2-D sets (before the feature
        map), ``(H, W)`` for grey images, ``(H, W, C)`` for colour ones.
    default_n_samples : how many points a generator makes when ``n_samples`` is None,
        or the size of a fixed set (train + test).
    description : one or two sentences for the data-set picker.
    noise_effect : what the ``noise`` setting (0-50) does to this set, or "" if nothing.
    fixed_split : True when the set comes with its own test set (images, truth tables);
        ``train_ratio`` is then ignored.
    options : extra keyword options this set accepts, name -> (lowest, highest).
    rescale : factor that maps stored pixels to [0, 1] (images), else 1.0.
    source : where the data come from and under which licence (built-in image sets).
    """

    name: str
    kind: str
    task: str
    n_classes: int
    class_names: tuple[str, ...]
    input_shape: tuple[int, ...]
    default_n_samples: int
    description: str
    title: str = ""
    noise_effect: str = ""
    fixed_split: bool = False
    options: dict[str, tuple[int, int]] = field(default_factory=dict)
    rescale: float = 1.0
    source: str = ""

    def __post_init__(self) -> None:
        assert self.kind in KINDS, self.kind
        assert self.task in TASKS, self.task
        assert len(self.class_names) == self.n_classes, self.name

    def __hash__(self) -> int:
        # ``options`` is a dict, so the generated hash would fail; the name and
        # classes identify a set.
        return hash((self.name, self.kind, self.task, self.class_names))

    def with_classes(self, class_names: tuple[str, ...]) -> DatasetInfo:
        """Return a copy whose class count and names are ``class_names``."""
        return replace(self, n_classes=len(class_names), class_names=class_names)


@dataclass
class Dataset:
    """Training and test arrays of one data set, plus how to feed them to a network.

    Attributes
    ----------
    x_train, x_test : 2-D and table sets: ``(N, F)`` float32, the features after the
        feature map (not yet standardised); images: ``(N, H, W)`` or
        ``(N, H, W, C)`` uint8.
    y_train, y_test : ``(N,)`` int64 class indices (classification) or float32 targets
        (regression); detection: a 1-D object array of N dicts ``{"boxes": (K, 4)
        float32 [x_min, y_min, x_max, y_max] in pixels of the stored image, "labels":
        (K,) int64}`` (K may be 0).
    points_train, points_test : 2-D sets: ``(N, 2)`` float32 raw coordinates for plots;
        None otherwise.
    feature_names : names of the F columns of ``x`` (empty for images).
    preprocessing : JSON-ready description of ``transform`` (see ``preprocess.py``),
        kept in the design so that predict and export use the same.
    stats : standardisation statistics ``{"features", "mean", "std"}`` (per feature,
        or per image channel) or None.
    settings : the arguments that reproduce this data set with ``load_dataset``.
    augment : image sets: training-time augmentation (``preprocess.check_augment``)
        or None; see ``training_transform``.
    """

    info: DatasetInfo
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    points_train: np.ndarray | None = None
    points_test: np.ndarray | None = None
    feature_names: tuple[str, ...] = ()
    preprocessing: dict[str, Any] = field(default_factory=dict)
    stats: dict[str, list] | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    augment: dict[str, Any] | None = None
    _transform: Callable[[np.ndarray], np.ndarray] | None = field(
        default=None, repr=False
    )

    @property
    def input_shape(self) -> tuple[int, ...]:
        """Shape of one example as the Input node gets it: ``(F,)`` or ``(H, W, C)``."""
        return tuple(self.transform(self.x_train[:1]).shape[1:])

    @property
    def n_train(self) -> int:
        return int(self.x_train.shape[0])

    @property
    def n_test(self) -> int:
        return int(self.x_test.shape[0])

    def transform(self, x: np.ndarray) -> np.ndarray:
        """Map stored examples to network input.

        x : ``(N, F)`` features or ``(N, H, W)`` / ``(N, H, W, C)`` uint8 images.
        Returns float32 ``(N, F)`` (standardised if asked) or ``(N, H, W, C)`` in
        [0, 1] (or standardised per channel).
        """
        if self._transform is None:
            self._transform = make_transform(self.preprocessing)
        return self._transform(x)

    def training_transform(
        self, rng: np.random.Generator
    ) -> Callable[[np.ndarray], np.ndarray]:
        """The transform for a trainer: ``transform``, plus (with ``augment``) a
        ``training`` method that flips and shifts training batches with ``rng``."""
        if not self.augment:
            return self.transform
        return AugmentedTransform(self.transform, make_augment(self.augment, rng))

    def signed_labels(self, y: np.ndarray) -> np.ndarray:
        """The ±1 form of binary labels (class 0 -> -1, class 1 -> +1), float32."""
        if self.info.task != "classification" or self.info.n_classes != 2:
            raise DataError(
                f"data set '{self.info.name}' has {self.info.n_classes} classes; "
                "±1 labels exist only for two classes"
            )
        return signed_labels(y)


def signed_labels(y: np.ndarray) -> np.ndarray:
    """Map class indices 0/1 to Playground's labels -1/+1.

    y : ``(N,)`` integer array of 0 and 1. Returns ``(N,)`` float32.
    """
    y = np.asarray(y)
    if y.size and not np.isin(y, (0, 1)).all():
        raise DataError(
            f"±1 labels need class indices 0 and 1; found values {np.unique(y)[:5]}"
        )
    return (2.0 * y - 1.0).astype(np.float32)
