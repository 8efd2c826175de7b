"""Process-wide numeric settings the trainer uses cheaply.

One BLAS thread by default (ARCHITECTURE.md): repeatable bits and a free core.

``limit_blas_threads(1)`` sets the process-wide limit once (later calls with the same
number cost nothing, so the trainer may call it freely); ``single_thread()`` is a
context manager for code that wants the limit only for a while.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

_applied: int | None = None
_limiter: threadpool_limits | None = None  # kept alive: the limit holds


def limit_blas_threads(n: int | None = 1) -> None:
    """Limit BLAS (OpenBLAS, MKL) to ``n`` threads for the whole process.

    ``None`` leaves the libraries' own setting. Calls after the first with the same
    ``n`` return at once: threadpoolctl itself takes about a millisecond.
    """
    global _applied, _limiter
    if n is None or n == _applied:
        return
    _limiter = threadpool_limits(limits=n, user_api="blas")
    _applied = n


@contextmanager
def single_thread() -> Iterator[None]:
    """Run the body with one BLAS thread, restoring the previous limits after."""
    global _applied
    saved = _applied
    with threadpool_limits(limits=1, user_api="blas"):
        _applied = 1
        try:
            yield
        finally:
            _applied = saved


# -- floating-point warnings off inside a training step --------------------------
# A diverging step overflows on its way to NaN; the trainer checks the loss and the
# gradient norm itself, so the warnings NumPy would print are noise (and errors under
# pytest's -W error). ``quiet_on``/``quiet_off`` bracket one batch in about 0.1 µs,
# where ``np.errstate`` costs about 2 µs.
quiet_on: Callable[[], object]
quiet_off: Callable[[Any], object]
try:  # NumPy 2: C-level calls, no Python frame per batch
    # private NumPy names, looked up at run time (no public or typed form exists)
    _ufunc_config: Any = importlib.import_module("numpy._core._ufunc_config")
    quiet_on = functools.partial(
        _ufunc_config._extobj_contextvar.set, _ufunc_config._make_extobj(all="ignore")
    )
    quiet_off = _ufunc_config._extobj_contextvar.reset
except (ImportError, AttributeError):  # pragma: no cover - the public, slower way

    def _errstate_on() -> object:
        state = np.errstate(all="ignore")
        state.__enter__()
        return state

    def _errstate_off(token: Any) -> None:
        token.__exit__(None, None, None)

    quiet_on, quiet_off = _errstate_on, _errstate_off
