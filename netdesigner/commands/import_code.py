"""``netdesigner import FILE.py|FILE.keras -o OUT.json``: tf.keras into a design.

tf.keras code is parsed, never run (``netdesigner.design.importers``); a Keras 3
``.keras`` file brings its trained weights too, written as ``OUT.weights.npz``
(reading them needs h5py: ``pip install netdesigner[keras-import]``). Anything
NetDesigner cannot express is one sentence with its line, and nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from netdesigner.commands.base import Command, problem_line, register


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", metavar="FILE", help="tf.keras code (.py) or a Keras 3 model (.keras)"
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUT.json", help="the design to write"
    )


def run(args: argparse.Namespace) -> int:
    from netdesigner.design.importers import import_model
    from netdesigner.design.io import save_design, save_weights, weights_path
    from netdesigner.design.validation import validate

    design, weights = import_model(args.file)
    out = Path(args.output)
    if weights:
        save_weights(weights_path(out), weights)
    save_design(design, out)
    for problem in validate(design):
        print(problem_line(str(out), problem), file=sys.stderr)
    extra = f" and {weights_path(out).name}" if weights else ""
    print(f"wrote {out}{extra}: {len(design.nodes)} layers", file=sys.stderr)
    return 0


register(
    Command(
        name="import",
        help="open tf.keras code (.py, parsed, never run) or a .keras file as a design",
        add_arguments=add_arguments,
        run=run,
    )
)
