"""Constants as NumPy ufuncs take them fastest.

On Playground-size arrays a ufunc call costs its overhead, and the overhead depends on
the operand: next to a float32 array a Python float costs about 0.3 µs more per call
than a NumPy scalar (weak scalar promotion), and a NumPy scalar about 0.17 µs more
than a 0-d array of the same type, which NumPy takes as it is. ``constant(0.5,
np.float32)`` is that 0-d array, read-only and cached.
"""

from __future__ import annotations

from typing import Any

import numpy as np

_CACHE: dict[tuple[float, Any], np.ndarray] = {}


def constant(value: float, dtype: Any) -> np.ndarray:
    """``value`` as a read-only 0-d array of ``dtype``, cached."""
    key = (value, dtype)  # np.float32 and np.dtype("float32") may both come
    cached = _CACHE.get(key)
    if cached is None:
        if len(_CACHE) > 1024:
            _CACHE.clear()
        cached = np.array(value, dtype=dtype)
        cached.flags.writeable = False
        _CACHE[key] = cached
    return cached
