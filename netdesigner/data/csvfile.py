"""CSV reader for 2-D points or tabular features with a label column.

Rows are numbers separated by commas (or semicolons or tabs, judged from the first
row); a first row with any non-numeric cell is a header; blank lines and lines that
start with ``#`` are skipped. The file may be gzip-compressed. Errors name the file,
the line and the column.

The file is read as a stream and parsed in blocks of rows, so memory follows the
numbers, not the text. ``csv_head`` reads only the first rows (metadata for
validation: columns, labels, an estimated row count).
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import zlib
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from netdesigner.data import streams
from netdesigner.data.dataset import DataError
from netdesigner.i18n import _

DELIMITERS = (",", ";", "\t")
BLOCK_ROWS = 65_536
"""Rows parsed at a time: the text of one block is all that is held at once."""
HEAD_CHARS = 1 << 20
"""Characters of a file that ``csv_head`` reads for metadata (about 1 MB)."""

Row = tuple[int, str]  # (line number, text)


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


def _read_lines(path: Path) -> Generator[Row, None, None]:
    """(line number, text) of the lines that hold data or a header, streamed."""
    number = 0
    try:
        with (
            streams.open_data(path) as stream,
            io.TextIOWrapper(stream, encoding="utf-8-sig") as text,
        ):
            for number, line in enumerate(text, start=1):
                if line.strip() and not line.lstrip().startswith("#"):
                    yield number, line.rstrip("\r\n")
    except UnicodeDecodeError:
        raise DataError(
            _("'{path}' is not UTF-8 text (line {value} cannot be decoded)").format(
                path=path, value=number + 1
            )
        ) from None
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(
            _("'{path}' cannot be read: {exc}").format(path=path, exc=exc)
        ) from None


def _check_size(path: Path) -> None:
    try:
        streams.check_decompressed_size(path)
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(
            _("'{path}' cannot be read: {exc}").format(path=path, exc=exc)
        ) from None


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
                _(
                    "'{path}' line {number} has {n_cells} cells; expected {n_columns} "
                    "like "
                    "the first row"
                ).format(
                    path=path, number=number, n_cells=len(cells), n_columns=n_columns
                )
            )
        for column, cell in enumerate(cells, start=1):
            if not _is_number(cell) or not math.isfinite(float(cell)):
                shown = cell if cell else _("an empty cell")
                return DataError(
                    _(
                        "'{path}' line {number}, column {column}: '{shown}' is not a "
                        "finite "
                        "number"
                    ).format(path=path, number=number, column=column, shown=shown)
                )
    return DataError(_("'{path}' could not be read as numbers").format(path=path))


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
            _(
                "'{path}' has {n} column; expected feature columns and a label column"
            ).format(path=path, n=n)
        )
    if label_column is None:
        return n - 1
    if isinstance(label_column, str):
        if not has_header or label_column not in names:
            found = ", ".join(names) if has_header else _("no header row")
            raise DataError(
                _(
                    "'{path}' has no label column '{label_column}'; found {found}"
                ).format(path=path, label_column=label_column, found=found)
            )
        return names.index(label_column)
    if not -n <= label_column < n:
        raise DataError(
            _(
                "'{path}' has no label column {label_column}; it has {n} columns (0 to "
                "{value}, or -1 for the last)"
            ).format(path=path, label_column=label_column, n=n, value=n - 1)
        )
    return label_column % n


@dataclass(frozen=True)
class _Layout:
    """How the rows of a file are read, judged from its first line."""

    delimiter: str
    names: list[str]
    label: int


def _layout(
    path: Path, lines: Iterator[Row], label_column: int | str | None
) -> tuple[_Layout, Iterable[Row]]:
    """The layout from the first line, and the data rows (streamed)."""
    first = next(lines, None)
    if first is None:
        raise DataError(
            _("'{path}' is empty; expected rows of numbers separated by commas").format(
                path=path
            )
        )
    delimiter = next((d for d in DELIMITERS if d in first[1]), ",")
    head = _cells(first[1], delimiter)
    has_header = not all(_is_number(cell) for cell in head)
    names = head if has_header else [f"col{i + 1}" for i in range(len(head))]
    label = _label_index(path, names, has_header, label_column)
    rows = lines if has_header else itertools.chain([first], lines)
    return _Layout(delimiter, names, label), rows


def _table(path: Path, layout: _Layout, blocks: list[np.ndarray]) -> CsvTable:
    if not blocks:
        raise DataError(
            _("'{path}' has a header row but no data rows").format(path=path)
        )
    values = np.concatenate(blocks) if len(blocks) > 1 else blocks[0]
    label, names = layout.label, layout.names
    return CsvTable(
        x=np.delete(values, label, axis=1),
        y=values[:, label].copy(),
        feature_names=tuple(n for i, n in enumerate(names) if i != label),
        label_name=names[label],
    )


def load_csv(path: str | Path, label_column: int | str | None = None) -> CsvTable:
    """Read a CSV file of numbers; the label column is the last unless named.

    label_column : a header name, a 0-based index (negative from the end) or None.
    """
    path = Path(path)
    _check_size(path)
    lines = _read_lines(path)
    try:
        layout, rows = _layout(path, lines, label_column)
        blocks = []
        while block := list(itertools.islice(rows, BLOCK_ROWS)):
            blocks.append(_parse(path, block, layout.delimiter, len(layout.names)))
    finally:
        lines.close()
    return _table(path, layout, blocks)


@dataclass(frozen=True)
class CsvHead:
    """The first rows of a CSV file, read for metadata.

    table : the rows read; complete : whether they are the whole file;
    n_rows : the number of data rows (estimated from the file's size when not
    complete).
    """

    table: CsvTable
    complete: bool
    n_rows: int


def csv_head(
    path: str | Path,
    label_column: int | str | None = None,
    max_chars: int | None = None,
) -> CsvHead:
    """Read the first ``max_chars`` (``HEAD_CHARS``) characters' worth of rows."""
    path = Path(path)
    budget = HEAD_CHARS if max_chars is None else max_chars
    lines = _read_lines(path)
    try:
        layout, rows = _layout(path, lines, label_column)
        taken, chars = [], 0
        for row in rows:
            taken.append(row)
            chars += len(row[1]) + 1
            if chars >= budget:
                break
        complete = next(iter(rows), None) is None
    finally:
        lines.close()
    blocks = [_parse(path, taken, layout.delimiter, len(layout.names))] if taken else []
    table = _table(path, layout, blocks)
    n_rows = len(taken)
    if not complete:  # the rows' share of the file's size, scaled up
        n_rows = max(n_rows + 1, round(n_rows * streams.data_size_hint(path) / chars))
    return CsvHead(table, complete, n_rows)
