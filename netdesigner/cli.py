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
from netdesigner.i18n import LANGUAGES, N_, _, set_language

PROG = "netdesigner"
QT_MODULES = ("PySide6", "shiboken6", "pyqtgraph")
USER_ERRORS = (DesignError, DataError, EngineError, OSError)

USAGE = N_("""\
{prog} [FILE]                    open the editor (with FILE, or a new design)
       {prog} validate FILE...
       {prog} train FILE [--epochs N] [--seed S] [--out OUT.json]
                         [--metrics-json M.json] [--continue] [--quiet]
       {prog} predict FILE --input X.npy --output Y.npy
                         [--boxes B.npz] [--score-threshold T]
       {prog} export FILE --to keras|pytorch|png|svg -o OUT [--bundle]
       {prog} import FILE.py|FILE.keras -o OUT.json
       {prog} datasets
       {prog} --version
       (every command takes --lang en|zh_CN)""")


class UsageError(Exception):
    """Bad command-line arguments (argparse's complaint, as one sentence)."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises ``UsageError`` instead of printing usage."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(
            _("{prog}: {message} (see '{prog} --help')").format(
                prog=self.prog, message=message
            )
        )


def build_parser() -> argparse.ArgumentParser:
    """The sub-commands' parser; ``main`` handles ``netdesigner [FILE]`` itself."""
    parser = _Parser(
        prog=PROG,
        usage=_(USAGE).format(prog=PROG),
        description=_("Build, train and see neural networks."),
    )
    parser.add_argument(
        "--debug", action="store_true", help=_("show tracebacks of internal errors")
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _add_language_argument(parser)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help=_("show tracebacks of internal errors"),
    )
    _add_language_argument(common)
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser
    )
    for command in sorted(COMMANDS.values(), key=_contract_position):
        sub = subparsers.add_parser(
            command.name,
            prog=f"{PROG} {command.name}",
            help=_(command.help),
            description=_(command.description) if command.description else None,
            parents=[common],
        )
        command.add_arguments(sub)
    return parser


def _add_language_argument(parser: argparse.ArgumentParser) -> None:
    """``--lang`` in the help; ``main`` reads it before parsing (see take_language)."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help=_("the language of messages (default: the locale's)"),
    )


def take_language(argv: list[str]) -> tuple[str | None, list[str]]:
    """Use the language of ``--lang L`` / ``--lang=L``; it (or None) and the rest.

    Read before anything else so that help and argparse's own complaints are in
    that language too; without ``--lang`` the locale chooses.
    """
    rest: list[str] = []
    language = None
    args = iter(argv)
    for arg in args:
        if arg == "--lang":
            language = next(args, "")
        elif arg.startswith("--lang="):
            language = arg.split("=", 1)[1]
        else:
            rest.append(arg)
    set_language(None)
    if language is not None:
        if language not in LANGUAGES:
            raise UsageError(
                _("{prog}: --lang expects one of {choices}, found '{found}'").format(
                    prog=PROG, choices=", ".join(LANGUAGES), found=language
                )
            )
        set_language(language)
    return language, rest


def _contract_position(command: Command) -> int:
    """Commands in ARCHITECTURE.md's order; others after them."""
    order = ("validate", "train", "predict", "export", "import", "datasets")
    return order.index(command.name) if command.name in order else len(order)


def main(argv: list[str] | None = None) -> int:
    """Run the command line on ``argv`` (default ``sys.argv[1:]``); the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    try:
        language, argv = take_language(argv)
        if _wants_gui(argv):
            return run_gui_command([a for a in argv if a != "--debug"], language)
        args = build_parser().parse_args(argv)
        if args.command is None:
            return run_gui_command([], language)
        # non-finite numbers are checked where they matter; no NumPy warnings
        with np.errstate(all="ignore"):
            return COMMANDS[args.command].run(args)
    except UsageError as exc:
        return _fail(str(exc), 2)
    except USER_ERRORS as exc:
        return _fail(f"{PROG}: {_sentence(exc)}", 1)
    except KeyboardInterrupt:
        return _fail(_("{prog}: interrupted").format(prog=PROG), 130)
    except MemoryError:  # its message is empty or NumPy's; the sentence is ours
        return _fail(
            _(
                "{prog}: this computer ran out of memory; use a smaller data file, "
                "fewer samples or a smaller network"
            ).format(prog=PROG),
            1,
        )
    except Exception as exc:  # a bug: say so in one line, details with --debug
        if debug:
            traceback.print_exc()
        if debug:
            text = _("{prog}: internal error: {error}: {details}")
        else:
            text = _(
                "{prog}: internal error: {error}: {details} "
                "(run again with --debug for the traceback)"
            )
        return _fail(text.format(prog=PROG, error=type(exc).__name__, details=exc), 3)


def _wants_gui(argv: list[str]) -> bool:
    """True for ``netdesigner`` or ``netdesigner FILE`` (not a command or option)."""
    positional = [a for a in argv if a != "--debug"]
    if not positional:
        return True
    first = positional[0]
    return len(positional) == 1 and not first.startswith("-") and first not in COMMANDS


def run_gui_command(argv: list[str], language: str | None = None) -> int:
    """Open the editor, with the design file ``argv[0]`` when given.

    ``language`` ("en", "zh_CN") overrides View ▸ Language for this run.
    """
    path = argv[0] if argv else None
    if path is not None and not Path(path).is_file():
        if Path(path).is_dir():
            text = _("{prog}: {path}: expected a design file, found a folder")
        else:
            text = _("{prog}: {path}: expected a design file, found no such file")
        return _fail(text.format(prog=PROG, path=path), 1)
    try:
        from netdesigner.gui.app import run_gui
    except ModuleNotFoundError as exc:
        return _fail(_gui_missing(exc), 2)
    return int(run_gui(path, language) or 0)


def _gui_missing(exc: ModuleNotFoundError) -> str:
    """The sentence for a GUI that cannot be imported; other import bugs re-raise."""
    name = exc.name or ""
    top = name.split(".")[0]
    if top in QT_MODULES:
        return _(
            "{prog}: the graphical editor needs {module}, which is not installed; "
            "install it (pip install netdesigner) or use the commands in "
            "'{prog} --help'"
        ).format(prog=PROG, module=top)
    if name in ("netdesigner.gui", "netdesigner.gui.app"):
        return _(
            "{prog}: the graphical editor is not installed in this build; use the "
            "commands in '{prog} --help' (validate, train, predict, export, datasets)"
        ).format(prog=PROG)
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
