"""What one editor session does at start and on SIGTERM, so that nothing is lost.

At start, ``guard_session`` sweeps what killed sessions left behind (stale temp
files of interrupted saves, lock files left by a signal; see
``recovery.sweep_stale_files``) and makes SIGTERM do what File ▸ Quit does:
``quit_as_asked`` writes the recovery file first (a SIGKILL may follow), then
closes the window, which asks about unsaved work and shuts down cleanly.

A Python signal handler only runs when the interpreter gets control, and a Qt
event loop may sleep in C for a long time. ``TerminationWatcher`` uses the
self-pipe trick: ``signal.set_wakeup_fd`` makes the C-level handler write a byte
to a socket, a ``QSocketNotifier`` wakes the event loop on it, and the slot it
calls lets the Python handler run; the action then runs from that slot, in the
GUI thread, between two events.
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier, Slot

from netdesigner.gui.recovery import sweep_stale_files

if TYPE_CHECKING:
    from netdesigner.gui.main_window import MainWindow


def guard_session(window: MainWindow) -> TerminationWatcher | None:
    """Sweep stale files, then treat SIGTERM like Quit for ``window``.

    Returns the watcher (a child of the window), or None where the platform or
    thread cannot watch signals.
    """
    sweep_stale_files(_design_folders(window))
    try:
        return TerminationWatcher(lambda: quit_as_asked(window), parent=window)
    except (ValueError, OSError):  # not the main thread, or no socket pair
        return None


def _design_folders(window: MainWindow) -> Iterable[Path]:
    """Folders where designs were opened or saved: the recent files' and the
    open design's (where an interrupted Save leaves its temp file)."""
    paths = [Path(p) for p in window.files.recent_files()]
    if window.document.file_path is not None:
        paths.append(window.document.file_path)
    return {path.parent for path in paths}


def quit_as_asked(window: MainWindow) -> bool:
    """What SIGTERM does: keep a recovery copy, then close as File ▸ Quit does.

    The recovery is written first because the close may wait on the user's answer
    about unsaved work, and whoever sent SIGTERM may not wait as long. Returns True
    when the window closed.
    """
    window.autosaver.save_now()
    return window.close()


class TerminationWatcher(QObject):
    """Calls ``action`` from the event loop when the process gets SIGTERM.

    Must be made in the main thread (``signal`` requires it). ``uninstall`` puts
    the previous handler and wakeup descriptor back.
    """

    def __init__(
        self,
        action: Callable[[], object],
        parent: QObject | None = None,
        signals: Iterable[signal.Signals] = (signal.SIGTERM,),
    ) -> None:
        super().__init__(parent)
        self._action = action
        self._pending: list[int] = []  # signals received, not yet acted on
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        try:
            self._old_fd = signal.set_wakeup_fd(self._writer.fileno())
        except ValueError:
            self._close_sockets()
            raise
        on_signal = _note_into(self._pending)
        self._old_handlers = {
            number: signal.signal(number, on_signal) for number in signals
        }
        self.notifier = QSocketNotifier(
            self._reader.fileno(), QSocketNotifier.Type.Read, self
        )
        self.notifier.activated.connect(self._on_notifier_activated)
        self._restore = _restore(
            self._old_fd, self._old_handlers, (self._reader, self._writer)
        )
        self.destroyed.connect(self._restore)
        self._installed = True

    @Slot()
    def _on_notifier_activated(self) -> None:
        try:
            while self._reader.recv(512):
                pass
        except OSError:  # drained (BlockingIOError) or closed
            pass
        if self._pending:
            self._pending.clear()
            self._action()

    def uninstall(self) -> None:
        """Give SIGTERM back to its previous handler; stop watching."""
        if not self._installed:
            return
        self._installed = False
        self.notifier.setEnabled(False)
        self._restore()

    def _close_sockets(self) -> None:
        self._reader.close()
        self._writer.close()


def _note_into(pending: list[int]) -> Callable[[int, object], None]:
    """The Python-level handler: a plain function (Python keeps it, and shows it,
    after the watcher's C++ object is gone), which only notes the signal."""

    def on_signal(number: int, _frame: object) -> None:
        # runs between two bytecodes of whatever the main thread is doing: only
        # note it; the notifier's slot acts once the event loop is back in control
        pending.append(number)

    return on_signal


def _restore(
    old_fd: int, old_handlers: dict, sockets: tuple[socket.socket, ...]
) -> Callable[..., None]:
    """A function that puts the previous wakeup descriptor and handlers back and
    closes the watcher's sockets, once.

    It must not hold the watcher: it also runs when the watcher is destroyed.
    """
    done: list[bool] = []

    def restore(*_args: object) -> None:
        if done:
            return
        done.append(True)
        try:
            signal.set_wakeup_fd(old_fd)
            for number, handler in old_handlers.items():
                signal.signal(number, handler)
        except ValueError:  # not the main thread (a window deleted at exit)
            pass
        for sock in sockets:
            sock.close()

    return restore
