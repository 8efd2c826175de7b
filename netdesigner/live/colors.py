"""Colour maps of the live views (NumPy only): Playground's orange–grey–blue scale and
class colours for multi-class maps.

Orange is negative / class 0, blue positive / class 1, as in TensorFlow Playground, so a
student who knows the Playground reads the maps at once.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

ORANGE = (0xF5, 0x93, 0x22)
GREY = (0xE8, 0xEA, 0xEB)
BLUE = (0x08, 0x77, 0xBD)

CLASS_COLORS = np.array(
    [
        ORANGE,
        BLUE,
        (0x2C, 0xA0, 0x2C),
        (0xD6, 0x27, 0x28),
        (0x94, 0x67, 0xBD),
        (0x8C, 0x56, 0x4B),
        (0xE3, 0x77, 0xC2),
        (0x7F, 0x7F, 0x7F),
        (0xBC, 0xBD, 0x22),
        (0x17, 0xBE, 0xCF),
    ],
    dtype=np.float32,
)
"""(10, 3) RGB of classes 0..9; later classes repeat the cycle."""


def class_colors(n_classes: int) -> np.ndarray:
    """(n_classes, 3) float32 RGB in 0..255."""
    reps = -(-max(n_classes, 1) // len(CLASS_COLORS))
    return np.tile(CLASS_COLORS, (reps, 1))[: max(n_classes, 1)]


@lru_cache(maxsize=8)
def diverging_lut(n: int = 256, discrete: bool = False) -> np.ndarray:
    """(n, 3) uint8 lookup table from orange (index 0) via grey to blue (index n-1).

    discrete : only the two end colours, split at the middle (Playground's
    "Discretize output").
    """
    t = np.linspace(-1.0, 1.0, n, dtype=np.float32)
    if discrete:
        t = np.where(t < 0, -1.0, 1.0)
    orange, grey, blue = (np.array(c, np.float32) for c in (ORANGE, GREY, BLUE))
    neg = grey + (orange - grey) * np.clip(-t, 0, 1)[:, None]
    pos = grey + (blue - grey) * np.clip(t, 0, 1)[:, None]
    rgb = np.where(t[:, None] < 0, neg, pos)
    lut = np.round(rgb).astype(np.uint8)
    lut.flags.writeable = False
    return lut


def lighten(rgb: np.ndarray, amount: float) -> np.ndarray:
    """Mix RGB (..., 3) with white; ``amount`` 0 keeps it, 1 gives white."""
    return rgb + (255.0 - rgb) * amount


def probability_rgb(probs: np.ndarray, light: float = 0.25) -> np.ndarray:
    """Blend class colours by probability.

    probs : (..., K) probabilities summing to 1. Returns (..., 3) uint8 where each
    pixel is ``Σ_k p_k · colour_k``, mixed with ``light`` white so points stay visible.
    """
    k = probs.shape[-1]
    rgb = probs.astype(np.float32) @ class_colors(k)
    return np.clip(lighten(rgb, light), 0, 255).astype(np.uint8)


def signed_to_rgb(
    values: np.ndarray, scale: float, discrete: bool = False
) -> np.ndarray:
    """Map values in [-scale, scale] through the diverging table.

    values : (...) float. Returns (..., 3) uint8; outside values are clamped.
    """
    lut = diverging_lut(256, discrete)
    t = np.clip(values / max(scale, 1e-12), -1.0, 1.0)
    index = np.round((t + 1.0) * 127.5).astype(np.intp)
    return lut[index]
