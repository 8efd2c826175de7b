"""TensorFlow Playground's six data sets, with Playground's definitions and noise.

Formulas follow shared/reference/playground.md §2 (Playground's ``dataset.ts``).
``nu`` is Playground's noise fraction (slider / 100, in [0, 0.5]). Playground's label
+1 (blue) is class 1 here and -1 (orange) is class 0; ``signed_labels`` gives the ±1
form back.
Differences on purpose: an odd ``n_samples`` gives exactly n points (Playground makes
n + 1), and the random stream is NumPy's, so the points are not Playground's own.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from netdesigner.data.dataset import DatasetInfo
from netdesigner.data.points import register_points
from netdesigner.i18n import N_

PLAYGROUND_CLASSES = ("-1", "+1")
CLASSIFICATION_SAMPLES = 500
REGRESSION_SAMPLES = 1200
CIRCLE_RADIUS = 5.0
XOR_PADDING = 0.3
SPIRAL_TURNS = 1.75
SPIRAL_RADIUS = 5.0
REGRESSION_RADIUS = 6.0
# Multi gaussian: centre x, centre y, sign of its bump (a 3 x 2 checkerboard).
BUMPS = np.array(
    [
        [-4, 2.5, 1],
        [0, 2.5, -1],
        [4, 2.5, 1],
        [-4, -2.5, -1],
        [0, -2.5, 1],
        [4, -2.5, -1],
    ]
)


def classification_info(
    name: str, title: str, description: str, noise: str
) -> DatasetInfo:
    return DatasetInfo(
        name=name,
        title=title,
        kind="2d",
        task="classification",
        n_classes=2,
        class_names=PLAYGROUND_CLASSES,
        input_shape=(2,),
        default_n_samples=CLASSIFICATION_SAMPLES,
        description=description,
        noise_effect=noise,
    )


def regression_info(name: str, title: str, description: str) -> DatasetInfo:
    return DatasetInfo(
        name=name,
        title=title,
        kind="2d",
        task="regression",
        n_classes=0,
        class_names=(),
        input_shape=(2,),
        default_n_samples=REGRESSION_SAMPLES,
        description=description,
        noise_effect=N_(
            "The target is computed at a point moved by up to ±6·noise/100 "
            "in x and y, so nearby points get scattered targets; points do not move."
        ),
    )


def _halves(n: int) -> tuple[int, int]:
    """Sizes of the positive and negative halves (the positive takes an odd one)."""
    return n - n // 2, n // 2


@register_points(
    classification_info(
        "circle",
        N_("Circle"),
        N_(
            "A disc of class +1 (radius 2.5) inside a ring of class -1 (radius 3.5 to "
            "5)."
        ),
        N_(
            "Labels are computed at the point moved by up to ±5·noise/100 in x and y, "
            "so "
            "points near the empty ring change class; points do not move."
        ),
    )
)
def circle(
    n: int, nu: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Circle: radius U(0, 2.5) for +1, U(3.5, 5) for -1; angle U(0, 2π)."""
    n_pos, n_neg = _halves(n)
    radius = np.concatenate(
        [
            rng.uniform(0, CIRCLE_RADIUS * 0.5, n_pos),
            rng.uniform(CIRCLE_RADIUS * 0.7, CIRCLE_RADIUS, n_neg),
        ]
    )
    angle = rng.uniform(0, 2 * np.pi, n)
    points = np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1)
    jitter = rng.uniform(-CIRCLE_RADIUS, CIRCLE_RADIUS, (n, 2)) * nu
    inside = np.hypot(*(points + jitter).T) < CIRCLE_RADIUS * 0.5
    return points, inside.astype(np.int64)


@register_points(
    classification_info(
        "xor",
        N_("Exclusive or"),
        N_(
            "Quadrants I and III are class +1, II and IV class -1, with a 0.3 gap "
            "along both axes."
        ),
        N_(
            "Labels are computed at the point moved by up to ±5·noise/100 in x and y, "
            "so "
            "points near the axes change class; points do not move."
        ),
    )
)
def xor(n: int, nu: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """XOR: x, y ~ U(-5, 5) pushed 0.3 away from the axes; +1 where x·y >= 0."""
    points = rng.uniform(-5, 5, (n, 2))
    points += np.where(points > 0, XOR_PADDING, -XOR_PADDING)
    jittered = points + rng.uniform(-5, 5, (n, 2)) * nu
    same_sign = jittered[:, 0] * jittered[:, 1] >= 0
    return points, same_sign.astype(np.int64)


@register_points(
    classification_info(
        "gauss",
        N_("Gaussian"),
        N_(
            "Two round Gaussian clouds: class +1 around (2, 2), class -1 around (-2, "
            "-2)."
        ),
        N_(
            "The variance grows from 0.5 (noise 0) to 4 (noise 50), so the clouds "
            "overlap; labels never change."
        ),
    )
)
def gauss(n: int, nu: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Playground's two Gaussians, variance 0.5 + 7·nu (0.5 to 4), centres ±(2, 2)."""
    n_pos, n_neg = _halves(n)
    std = np.sqrt(0.5 + 7.0 * nu)
    positive = rng.normal(2.0, std, (n_pos, 2))
    negative = rng.normal(-2.0, std, (n_neg, 2))
    labels = np.concatenate([np.ones(n_pos, np.int64), np.zeros(n_neg, np.int64)])
    return np.concatenate([positive, negative]), labels


def spiral_arms(
    n: int, nu: float, rng: np.random.Generator, n_classes: int
) -> tuple[np.ndarray, np.ndarray]:
    """Spiral arms with Playground's law, one arm per class, 1.75 turns out to radius 5.

    Arm c with m points: for i < m, r = 5·i/m and t = 1.75·2π·i/m + Δ_c, point
    (r sin t, r cos t) + U(-1, 1)·nu per axis, with Δ_c = 2π·(k-1-c)/k. For k = 2
    that is Playground's Δ = 0 for +1 (class 1) and π for -1 (class 0).
    """
    points, labels = [], []
    for c in reversed(range(n_classes)):  # class k-1 first, as Playground's +1 arm
        m = n // n_classes + (c < n % n_classes)
        i = np.arange(m)
        r = SPIRAL_RADIUS * i / m
        t = (
            SPIRAL_TURNS * i / m * 2 * np.pi
            + 2 * np.pi * (n_classes - 1 - c) / n_classes
        )
        arm = np.stack([r * np.sin(t), r * np.cos(t)], axis=1)
        points.append(arm + rng.uniform(-1, 1, (m, 2)) * nu)
        labels.append(np.full(m, c, np.int64))
    return np.concatenate(points), np.concatenate(labels)


SPIRAL_INFO = classification_info(
    "spiral",
    N_("Spiral"),
    N_(
        "Interleaved spiral arms of 1.75 turns out to radius 5; two arms as "
        "Playground, "
        "or 3 to 6 arms with n_classes."
    ),
    N_(
        "Each point moves by up to ±noise/100 in x and y (at most ±0.5); labels never "
        "change."
    ),
)


@register_points(replace(SPIRAL_INFO, options={"n_classes": (2, 6)}))
def spiral(
    n: int, nu: float, rng: np.random.Generator, n_classes: int = 2
) -> tuple[np.ndarray, np.ndarray]:
    """Playground's spiral (two arms) or one arm per class for ``n_classes`` 3 to 6."""
    return spiral_arms(n, nu, rng, n_classes)


@register_points(
    regression_info(
        "plane",
        N_("Plane"),
        N_("Target (x1 + x2) / 10 on the square [-6, 6]², from about -1.2 to 1.2."),
    )
)
def plane(n: int, nu: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Playground's plane: x, y ~ U(-6, 6); target (x + εx + y + εy) / 10, unclamped."""
    points = rng.uniform(-REGRESSION_RADIUS, REGRESSION_RADIUS, (n, 2))
    jitter = rng.uniform(-REGRESSION_RADIUS, REGRESSION_RADIUS, (n, 2)) * nu
    return points, (points + jitter).sum(axis=1) / 10.0


@register_points(
    regression_info(
        "multi_gauss",
        N_("Multi gaussian"),
        N_(
            "Six cone-shaped bumps of height ±1 (radius 2) in a 3 × 2 checkerboard; "
            "the target is the strongest bump at each point, 0 between them."
        ),
    )
)
def multi_gauss(
    n: int, nu: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Multi gaussian: of the bumps sₖ·clamp(1 - d/2, 0, 1), the largest in |·|."""
    points = rng.uniform(-REGRESSION_RADIUS, REGRESSION_RADIUS, (n, 2))
    jitter = rng.uniform(-REGRESSION_RADIUS, REGRESSION_RADIUS, (n, 2)) * nu
    return points, bump_target(points + jitter)


def bump_target(points: np.ndarray) -> np.ndarray:
    """Multi gaussian target at ``points`` ``(N, 2)``; returns ``(N,)`` float64."""
    distance = np.hypot(
        points[:, None, 0] - BUMPS[None, :, 0], points[:, None, 1] - BUMPS[None, :, 1]
    )
    values = BUMPS[None, :, 2] * np.clip(1.0 - distance / 2.0, 0.0, 1.0)
    # Ties keep the first bump, as Playground's strict "larger in magnitude" loop.
    strongest = np.argmax(np.abs(values), axis=1)
    # "+ 0.0" turns the -0.0 of a negative bump far away into 0.0.
    return values[np.arange(points.shape[0]), strongest] + 0.0
