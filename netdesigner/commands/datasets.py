"""``netdesigner datasets``: a table of the built-in data sets."""

from __future__ import annotations

import argparse
from typing import Any

from netdesigner.commands.base import Command, register

HEADER = ("name", "kind", "task", "input shape", "classes", "default size")


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
            info.kind,
            info.task,
            input_shape_text(info),
            str(info.n_classes) if info.task == "classification" else "-",
            f"{info.default_n_samples:,}",
        )
        for info in list_datasets()
    ]


def format_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """Left-aligned columns separated by two spaces, with a rule under the header."""
    table = [header, *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in table
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No arguments."""


def run(args: argparse.Namespace) -> int:
    print(format_table(HEADER, dataset_rows()))
    return 0


register(
    Command(
        name="datasets",
        help="list the built-in data sets with their shapes and classes",
        add_arguments=add_arguments,
        run=run,
    )
)
