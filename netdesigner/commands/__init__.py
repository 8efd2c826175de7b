"""The sub-commands of ``netdesigner`` (see ARCHITECTURE.md, "Command line contract").

Each module defines ``add_parser(subparsers)`` and ``run(args) -> int`` and files
itself in ``COMMANDS`` under its command name; ``netdesigner.cli`` builds the parser
from this registry and dispatches to ``run``.
"""

from __future__ import annotations

from netdesigner.commands import (
    datasets,
    export,
    import_code,
    predict,
    train,
    validate,
)
from netdesigner.commands.base import COMMANDS, Command

__all__ = [
    "COMMANDS",
    "Command",
    "datasets",
    "export",
    "import_code",
    "predict",
    "train",
    "validate",
]
