"""``netdesigner datasets``: a table of the built-in data sets."""

from __future__ import annotations

import argparse
import unicodedata
from typing import Any

from netdesigner.commands.base import Command, register
from netdesigner.i18n import N_, _

HEADER = (
    N_("name"),
    N_("kind"),
    N_("task"),
    N_("input shape"),
    N_("classes"),
    N_("default size"),
)
#: the words for the registry's kinds and tasks (data set names stay as typed)
WORDS = {
    "2d": N_("2-D points"),
    "image": N_("image"),
    "classification": N_("classification"),
    "regression": N_("regression"),
    "detection": N_("detection (boxes)"),
}
#: the tasks whose sets have classes (a detection set's are its object classes)
CLASS_TASKS = ("classification", "detection")


def input_shape_text(info: Any) -> str:
    """What the Input node receives: (2,) for 2-D sets, (H, W, 1) for images."""
    shape = tuple(info.input_shape)
    if info.kind == "image" and len(shape) == 2:
        shape = (*shape, 1)
    return (
        "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"
    )


def dataset_rows() -> list[tuple[str, ...]]:
    """One row of text cells per built-in data set, in the registry's order."""
    from netdesigner.data import list_datasets

    return [
        (
            info.name,
            _word(info.kind),
            _word(info.task),
            input_shape_text(info),
            str(info.n_classes) if info.task in CLASS_TASKS else "-",
            f"{info.default_n_samples:,}",
        )
        for info in list_datasets()
    ]


def _word(value: str) -> str:
    known = WORDS.get(value)
    return _(known) if known else value


def format_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """Left-aligned columns separated by two spaces, with a rule under the header.

    Widths are counted in terminal columns: a Chinese character takes two.
    """
    table = [header, *rows]
    widths = [max(_columns(row[i]) for row in table) for i in range(len(header))]
    lines = [
        "  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in table
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _columns(text: str) -> int:
    """The terminal columns ``text`` takes (East Asian wide characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _columns(text))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No arguments."""


def run(args: argparse.Namespace) -> int:
    print(format_table(tuple(_(h) for h in HEADER), dataset_rows()))
    return 0


register(
    Command(
        name="datasets",
        help=N_("list the built-in data sets with their shapes and classes"),
        add_arguments=add_arguments,
        run=run,
    )
)
