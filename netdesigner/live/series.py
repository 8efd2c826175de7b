"""A growable 2-D array for streaming plot data (doubles its capacity when full)."""

from __future__ import annotations

import operator
from collections.abc import Callable

import numpy as np


class Series:
    """Rows of ``width`` float64 values, appended in blocks (capacity doubles).

    ``view()`` returns the filled rows ``(n, width)`` (a view: copy it to keep it).
    """

    def __init__(self, width: int, capacity: int = 1024) -> None:
        self._data = np.empty((capacity, width), dtype=np.float64)
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def extend(self, rows: np.ndarray) -> None:
        rows = np.asarray(rows, dtype=np.float64).reshape(-1, self._data.shape[1])
        need = self._n + len(rows)
        if need > len(self._data):
            grown = np.empty((max(need, 2 * len(self._data)), self._data.shape[1]))
            grown[: self._n] = self._data[: self._n]
            self._data = grown
        self._data[self._n : need] = rows
        self._n = need

    def view(self) -> np.ndarray:
        return self._data[: self._n]

    def truncate(self, keep: Callable[[np.ndarray], np.ndarray]) -> None:
        """Keep the leading rows for which ``keep(rows)`` is True."""
        mask = keep(self.view())
        self._n = int(np.argmin(mask)) if not mask.all() else self._n


class EpochTable:
    """Per-epoch records as columns: ``column(key)`` is a float64 view.

    The columns are fixed by the first record (``epoch`` first); later records give
    NaN for a missing key and their extra keys are ignored.
    """

    def __init__(self) -> None:
        self.keys: list[str] = []
        self._rows: Series | None = None

    def __len__(self) -> int:
        return 0 if self._rows is None else len(self._rows)

    def extend(self, records: list[dict[str, float]]) -> None:
        if not records:
            return
        if self._rows is None:
            first = records[0]
            self.keys = [
                "epoch",
                *[k for k in first if k not in ("epoch", "iteration")],
            ]
            self._rows = Series(len(self.keys), capacity=256)
        pick = operator.itemgetter(*self.keys)
        try:
            rows = [pick(r) for r in records]  # fast path: every record has every key
        except KeyError:
            rows = [[r.get(k, np.nan) for k in self.keys] for r in records]
        self._rows.extend(np.array(rows, dtype=np.float64))

    def column(self, key: str) -> np.ndarray:
        if self._rows is None or key not in self.keys:
            return np.zeros(0)
        return self._rows.view()[:, self.keys.index(key)]

    def row(self, index: int) -> dict[str, float]:
        """Record ``index`` (0-based) as ``{key: value}``; IndexError when empty."""
        if self._rows is None:
            raise IndexError(f"no epoch record {index}: the table is empty")
        return dict(zip(self.keys, self._rows.view()[index], strict=True))

    def truncate_after(self, epoch: int) -> None:
        """Keep the records of epochs up to ``epoch``."""
        if self._rows is not None:
            self._rows.truncate(lambda rows: rows[:, 0] <= epoch)
