"""CSV reader for 2-D points or tabular features with a label column.

Rows are numbers separated by commas (or semicolons or tabs, judged from the first
row); a first row with any non-numeric cell is a header; blank lines and lines that
start with ``#`` are skipped. The file may be gzip-compressed. Errors name the file,
the line and the column.
"""

from __future__ import annotations

import csv
import math
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from netdesigner.data.dataset import DataError
from netdesigner.data.importers import _open

DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class CsvTable:
    """The numbers of a CSV file split into features and labels.

    x : ``(N, F)`` float64 features; y : ``(N,)`` float64 labels as written.
    feature_names : header names of the F columns (``col1`` ... without a header).
    """

    x: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    label_name: str


def _read_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, text) of the lines that hold data or a header."""
    try:
        with _open(path) as stream:
            raw = stream.read()
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(
            f"'{path}' is not UTF-8 text (byte {exc.start} cannot be decoded)"
        ) from None
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(f"'{path}' cannot be read: {exc}") from None
    lines = [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not lines:
        raise DataError(
            f"'{path}' is empty; expected rows of numbers separated by commas"
        )
    return lines


def _cells(line: str, delimiter: str) -> list[str]:
    return [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter))]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _locate_bad_cell(
    path: Path, rows: list[tuple[int, str]], delimiter: str, n_columns: int
) -> DataError:
    """The error for the first row that is not ``n_columns`` finite numbers."""
    for number, line in rows:
        cells = _cells(line, delimiter)
        if len(cells) != n_columns:
            return DataError(
                f"'{path}' line {number} has {len(cells)} cells; expected {n_columns} "
                "like the first row"
            )
        for column, cell in enumerate(cells, start=1):
            if not _is_number(cell) or not math.isfinite(float(cell)):
                shown = cell if cell else "an empty cell"
                return DataError(
                    f"'{path}' line {number}, column {column}: '{shown}' is not a "
                    "finite number"
                )
    return DataError(f"'{path}' could not be read as numbers")


def _parse(
    path: Path, rows: list[tuple[int, str]], delimiter: str, n_columns: int
) -> np.ndarray:
    """All data rows as ``(N, n_columns)`` float64, or the first bad cell's error."""
    try:
        values = np.loadtxt(
            [line for _, line in rows],
            delimiter=delimiter,
            quotechar='"',
            dtype=np.float64,
            ndmin=2,
            comments=None,
        )
    except ValueError:
        raise _locate_bad_cell(path, rows, delimiter, n_columns) from None
    if values.shape[1] != n_columns or not np.isfinite(values).all():
        raise _locate_bad_cell(path, rows, delimiter, n_columns)
    return values


def _label_index(
    path: Path, names: list[str], has_header: bool, label_column: int | str | None
) -> int:
    n = len(names)
    if n < 2:
        raise DataError(
            f"'{path}' has {n} column; expected feature columns and a label column"
        )
    if label_column is None:
        return n - 1
    if isinstance(label_column, str):
        if not has_header or label_column not in names:
            found = ", ".join(names) if has_header else "no header row"
            raise DataError(
                f"'{path}' has no label column '{label_column}'; found {found}"
            )
        return names.index(label_column)
    if not -n <= label_column < n:
        raise DataError(
            f"'{path}' has no label column {label_column}; it has {n} columns "
            f"(0 to {n - 1}, or -1 for the last)"
        )
    return label_column % n


def load_csv(path: str | Path, label_column: int | str | None = None) -> CsvTable:
    """Read a CSV file of numbers; the label column is the last unless named.

    label_column : a header name, a 0-based index (negative from the end) or None.
    """
    path = Path(path)
    lines = _read_lines(path)
    first = lines[0][1]
    delimiter = next((d for d in DELIMITERS if d in first), ",")
    head = _cells(first, delimiter)
    has_header = not all(_is_number(cell) for cell in head)
    rows = lines[1:] if has_header else lines
    names = head if has_header else [f"col{i + 1}" for i in range(len(head))]
    label = _label_index(path, names, has_header, label_column)
    if not rows:
        raise DataError(f"'{path}' has a header row but no data rows")
    values = _parse(path, rows, delimiter, len(names))
    return CsvTable(
        x=np.delete(values, label, axis=1),
        y=values[:, label].copy(),
        feature_names=tuple(n for i, n in enumerate(names) if i != label),
        label_name=names[label],
    )
