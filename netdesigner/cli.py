"""The ``netdesigner`` command line (see ARCHITECTURE.md, "Command line contract").

``netdesigner [FILE]`` opens the GUI; ``validate``, ``train``, ``predict``, ``export``
and ``datasets`` are sub-commands (``netdesigner.commands``). Every user error is
one sentence on stderr and a non-zero exit: 1 for a problem with the files or the
design, 2 for bad command-line arguments or a missing part of the app, 3 for an
internal error (a bug; ``--debug`` shows its traceback), 130 when interrupted.

The GUI is imported only when it is started, so the command line stays Qt-free.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path
from typing import NoReturn

import numpy as np

from netdesigner import __version__
from netdesigner.commands import COMMANDS, Command
from netdesigner.data import DataError
from netdesigner.design.errors import DesignError
from netdesigner.engine.errors import EngineError

PROG = "netdesigner"
QT_MODULES = ("PySide6", "shiboken6", "pyqtgraph")
USER_ERRORS = (DesignError, DataError, EngineError, OSError)

USAGE = f"""\
{PROG} [FILE]                    open the editor (with FILE, or a new design)
       {PROG} validate FILE...
       {PROG} train FILE [--epochs N] [--seed S] [--out OUT.json]
                         [--metrics-json M.json] [--continue] [--quiet]
       {PROG} predict FILE --input X.npy --output Y.npy
       {PROG} export FILE --to keras|pytorch|png|svg -o OUT [--bundle]
       {PROG} import FILE.py|FILE.keras -o OUT.json
       {PROG} datasets
       {PROG} --version"""


class UsageError(Exception):
    """Bad command-line arguments (argparse's complaint, as one sentence)."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises ``UsageError`` instead of printing usage."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    """The sub-commands' parser; ``main`` handles ``netdesigner [FILE]`` itself."""
    parser = _Parser(
        prog=PROG,
        usage=USAGE,
        description="Build, train and see neural networks.",
    )
    parser.add_argument(
        "--debug", action="store_true", help="show tracebacks of internal errors"
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show tracebacks of internal errors",
    )
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser
    )
    for command in sorted(COMMANDS.values(), key=_contract_position):
        sub = subparsers.add_parser(
            command.name,
            prog=f"{PROG} {command.name}",
            help=command.help,
            description=command.description or command.help,
            parents=[common],
        )
        command.add_arguments(sub)
    return parser


def _contract_position(command: Command) -> int:
    """Commands in ARCHITECTURE.md's order; others after them."""
    order = ("validate", "train", "predict", "export", "import", "datasets")
    return order.index(command.name) if command.name in order else len(order)


def main(argv: list[str] | None = None) -> int:
    """Run the command line on ``argv`` (default ``sys.argv[1:]``); the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    try:
        if _wants_gui(argv):
            return run_gui_command([a for a in argv if a != "--debug"])
        args = build_parser().parse_args(argv)
        if args.command is None:
            return run_gui_command([])
        # non-finite numbers are checked where they matter; no NumPy warnings
        with np.errstate(all="ignore"):
            return COMMANDS[args.command].run(args)
    except UsageError as exc:
        return _fail(str(exc), 2)
    except USER_ERRORS as exc:
        return _fail(f"{PROG}: {_sentence(exc)}", 1)
    except KeyboardInterrupt:
        return _fail(f"{PROG}: interrupted", 130)
    except MemoryError:  # its message is empty or NumPy's; the sentence is ours
        return _fail(
            f"{PROG}: this computer ran out of memory; use a smaller data file, "
            "fewer samples or a smaller network",
            1,
        )
    except Exception as exc:  # a bug: say so in one line, details with --debug
        if debug:
            traceback.print_exc()
        hint = "" if debug else " (run again with --debug for the traceback)"
        return _fail(f"{PROG}: internal error: {type(exc).__name__}: {exc}{hint}", 3)


def _wants_gui(argv: list[str]) -> bool:
    """True for ``netdesigner`` or ``netdesigner FILE`` (not a command or option)."""
    positional = [a for a in argv if a != "--debug"]
    if not positional:
        return True
    first = positional[0]
    return len(positional) == 1 and not first.startswith("-") and first not in COMMANDS


def run_gui_command(argv: list[str]) -> int:
    """Open the editor, with the design file ``argv[0]`` when given."""
    path = argv[0] if argv else None
    if path is not None and not Path(path).is_file():
        what = "a folder" if Path(path).is_dir() else "no such file"
        return _fail(f"{PROG}: {path}: expected a design file, found {what}", 1)
    try:
        from netdesigner.gui.app import run_gui
    except ModuleNotFoundError as exc:
        return _fail(_gui_missing(exc), 2)
    return int(run_gui(path) or 0)


def _gui_missing(exc: ModuleNotFoundError) -> str:
    """The sentence for a GUI that cannot be imported; other import bugs re-raise."""
    name = exc.name or ""
    top = name.split(".")[0]
    if top in QT_MODULES:
        return (
            f"{PROG}: the graphical editor needs {top}, which is not installed; "
            f"install it (pip install netdesigner) or use the commands in "
            f"'{PROG} --help'"
        )
    if name in ("netdesigner.gui", "netdesigner.gui.app"):
        return (
            f"{PROG}: the graphical editor is not installed in this build; use the "
            f"commands in '{PROG} --help' (validate, train, predict, export, datasets)"
        )
    raise exc


def _sentence(exc: BaseException) -> str:
    """The exception's message on one line (an OSError's includes the file name)."""
    if isinstance(exc, OSError):
        name = f"{exc.filename}: " if exc.filename else ""
        return f"{name}{(exc.strerror or str(exc)).lower()}"
    text = str(exc) or type(exc).__name__
    return " ".join(text.split())


def _fail(message: str, status: int) -> int:
    print(message, file=sys.stderr)
    return status
