"""The ``netdesigner`` command line (see ARCHITECTURE.md, "Command line contract")."""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="netdesigner",
        description="Build, train and see neural networks.",
    )
    parser.add_argument("file", nargs="?", help="a design file to open in the editor")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(argv)
    print(
        "netdesigner: the graphical editor is not part of this build yet; "
        "use the commands listed by 'netdesigner --help'.",
        file=sys.stderr,
    )
    return 2
