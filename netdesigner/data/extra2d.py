"""2-D sets beyond Playground: moons, blobs, checkerboard, linear and the logic gates.

All live in Playground's [-6, 6]² plane (the gates in [0, 1]²) and use the same noise
scale 0-50 (``nu`` = noise / 100). Multi-class spirals are ``spiral`` with
``n_classes`` (playground.py).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from netdesigner.data.dataset import DatasetInfo
from netdesigner.data.playground import classification_info
from netdesigner.data.points import PointsSource, class_names, register_points
from netdesigner.data.registry import register_source
from netdesigner.data.settings import Settings
from netdesigner.i18n import N_

MOONS_SCALE = 3.5
CHECKER_CELL = 3.0
LINEAR_NORMAL = np.array([1.0, 2.0]) / np.sqrt(5.0)
LINEAR_OFFSET = 1.0 / np.sqrt(5.0)
LINEAR_MARGIN = 0.3
BLOBS_RADIUS = 4.0


@register_points(
    classification_info(
        "moons",
        N_("Moons"),
        N_(
            "Two interleaved half circles (scikit-learn's moons, scaled by 3.5 and "
            "centred): class -1 on the upper moon, class +1 on the lower one."
        ),
        N_(
            "Each point moves by a Gaussian of standard deviation 2·noise/100 (up to "
            "1) "
            "in x and y; labels never change."
        ),
    )
)
def moons(n: int, nu: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Upper moon (cos t, sin t), lower moon (1 - cos t, 0.5 - sin t), t in [0, π]."""
    n_upper = n - n // 2
    t_upper = np.linspace(0, np.pi, n_upper)
    t_lower = np.linspace(0, np.pi, n // 2)
    upper = np.stack([np.cos(t_upper), np.sin(t_upper)], axis=1)
    lower = np.stack([1 - np.cos(t_lower), 0.5 - np.sin(t_lower)], axis=1)
    points = (np.concatenate([upper, lower]) - [0.5, 0.25]) * MOONS_SCALE
    points += rng.normal(0.0, 2.0 * nu, (n, 2))
    labels = np.concatenate([np.zeros(n_upper, np.int64), np.ones(n // 2, np.int64)])
    return points, labels


@register_points(
    DatasetInfo(
        name="blobs",
        title=N_("Blobs"),
        kind="2d",
        task="classification",
        n_classes=3,
        class_names=class_names(3),
        input_shape=(2,),
        default_n_samples=500,
        description=N_(
            "One round Gaussian cloud per class, centres evenly spaced on a "
            "circle of radius 4; 2 to 6 classes with n_classes (3 by default)."
        ),
        noise_effect=N_(
            "The variance grows from 0.5 (noise 0) to 4 (noise 50), as "
            "Playground's Gaussian; labels never change."
        ),
        options={"n_classes": (2, 6)},
    )
)
def blobs(
    n: int, nu: float, rng: np.random.Generator, n_classes: int = 3
) -> tuple[np.ndarray, np.ndarray]:
    """Cloud c around 4·(cos a_c, sin a_c), a_c = π/4 + 2πc/k, variance 0.5 + 7·nu."""
    counts = [n // n_classes + (c < n % n_classes) for c in range(n_classes)]
    labels = np.repeat(np.arange(n_classes, dtype=np.int64), counts)
    angle = np.pi / 4 + 2 * np.pi * labels / n_classes
    centres = BLOBS_RADIUS * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    return centres + rng.normal(0.0, np.sqrt(0.5 + 7.0 * nu), (n, 2)), labels


@register_points(
    replace(
        classification_info(
            "checkerboard",
            N_("Checkerboard"),
            N_(
                "A 4 × 4 board of 3 × 3 squares over [-6, 6]²; class +1 where "
                "floor(x1/3) + floor(x2/3) is odd."
            ),
            N_(
                "Labels are computed at the point moved by up to ±3·noise/100 in x "
                "and y, "
                "so points near the square edges change class."
            ),
        ),
        default_n_samples=1000,
    )
)
def checkerboard(
    n: int, nu: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """x, y ~ U(-6, 6); the class is the parity of the square of the jittered point."""
    points = rng.uniform(-6, 6, (n, 2))
    jittered = points + rng.uniform(-CHECKER_CELL, CHECKER_CELL, (n, 2)) * nu
    cells = np.floor(jittered / CHECKER_CELL).astype(np.int64)
    return points, (cells.sum(axis=1) % 2).astype(np.int64)


@register_points(
    classification_info(
        "linear",
        N_("Linearly separable"),
        N_(
            "Two classes split by the line x1 + 2·x2 = 1 with a gap of 0.6; a single "
            "perceptron can separate them exactly at noise 0."
        ),
        N_(
            "Labels are computed at the point moved by up to ±5·noise/100 in x and y, "
            "so "
            "points near the line change class (then no line separates them)."
        ),
    )
)
def linear(
    n: int, nu: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """x, y ~ U(-5, 5) pushed 0.3 away from the line; +1 where x1 + 2·x2 >= 1."""
    points = rng.uniform(-5, 5, (n, 2))
    side = np.where(points @ LINEAR_NORMAL - LINEAR_OFFSET >= 0, 1.0, -1.0)
    points += LINEAR_MARGIN * side[:, None] * LINEAR_NORMAL
    jittered = points + rng.uniform(-5, 5, (n, 2)) * nu
    return points, (jittered @ LINEAR_NORMAL - LINEAR_OFFSET >= 0).astype(np.int64)


GATE_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


class TruthTableSource(PointsSource):
    """A logic gate: the training set repeats the four rows, the test set is the table.

    ``train_ratio`` does not apply (``info.fixed_split``); ``n_samples`` (4 by default)
    training points cycle through the rows, each moved by U(-1, 1)·nu per input.
    """

    def __init__(self, info: DatasetInfo, outputs: tuple[int, int, int, int]) -> None:
        self.outputs = np.array(outputs, dtype=np.int64)
        super().__init__(info, self._generate)

    def _generate(
        self, n: int, nu: float, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray]:
        rows = np.arange(n) % 4
        points = GATE_INPUTS[rows] + rng.uniform(-1, 1, (n, 2)) * nu
        return points, self.outputs[rows]

    def split(
        self,
        points: np.ndarray,
        y: np.ndarray,
        settings: Settings,
        rng: np.random.Generator,
    ) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
        order = rng.permutation(points.shape[0])
        return (points[order], y[order]), (GATE_INPUTS.copy(), self.outputs.copy())


def _gate(
    name: str, title: str, outputs: tuple[int, int, int, int], description: str
) -> None:
    """Register a truth table; ``description`` is a whole sentence (``N_``), so it
    translates as one."""
    info = DatasetInfo(
        name=name,
        title=title,
        kind="2d",
        task="classification",
        n_classes=2,
        class_names=("0", "1"),
        input_shape=(2,),
        default_n_samples=4,
        description=description,
        noise_effect=N_(
            "Each training input moves by up to ±noise/100 (at most ±0.5); "
            "the test table stays exact."
        ),
        fixed_split=True,
    )
    register_source(TruthTableSource(info, outputs))


_gate(
    "and_gate",
    "AND",
    (0, 0, 0, 1),
    N_(
        "The truth table of AND on inputs 0 and 1 (00→0, 01→0, 10→0, 11→1); "
        "the test set is the table itself."
    ),
)
_gate(
    "or_gate",
    "OR",
    (0, 1, 1, 1),
    N_(
        "The truth table of OR on inputs 0 and 1 (00→0, 01→1, 10→1, 11→1); "
        "the test set is the table itself."
    ),
)
_gate(
    "xor_gate",
    "XOR",
    (0, 1, 1, 0),
    N_(
        "The truth table of XOR on inputs 0 and 1 (00→0, 01→1, 10→1, 11→0); "
        "the test set is the table itself."
    ),
)
