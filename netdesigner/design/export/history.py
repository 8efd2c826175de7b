"""A training run's metrics history as CSV: one row per epoch, one column per series.

``history`` is what the trainer keeps (``Trainer.history``): a dict of equally long
lists such as ``epoch``, ``train_loss``, ``test_loss``, ``train_accuracy`` ...
Missing values (``None`` or NaN) become empty cells, so a spreadsheet reads them
as gaps.
"""

from __future__ import annotations

import csv
import io
import math
import numbers
from collections.abc import Mapping, Sequence
from pathlib import Path

from netdesigner.design.export.base import ExportError
from netdesigner.design.export.files import write_text


def _cell(value: object) -> str:
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value).lower()
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        return "" if math.isnan(number) else repr(number)
    return str(value)


def history_csv(history: Mapping[str, Sequence[object]]) -> str:
    """The CSV text of ``history`` (``epoch`` first when present)."""
    if not history or not any(len(v) for v in history.values()):
        raise ExportError("there is no training history yet; train the design first")
    lengths = {name: len(values) for name, values in history.items()}
    if len(set(lengths.values())) != 1:
        raise ExportError(
            "every series of the history needs one value per epoch; found lengths "
            + ", ".join(f"{k} {n}" for k, n in lengths.items())
        )
    names = sorted(history, key=lambda name: name != "epoch")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    for row in zip(*(history[name] for name in names), strict=True):
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def write_history_csv(history: Mapping[str, Sequence[object]], out: Path | str) -> Path:
    """Write ``history`` as CSV to ``out``; returns the path."""
    write_text(out, history_csv(history))
    return Path(out)
