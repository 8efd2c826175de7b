"""A thread-safe mailbox of commands from the GUI thread to the training worker.

A queued slot never reaches a worker that is busy in its loop (reliability.md, V-row
"stop took 2000 ms"), so the GUI puts commands here and the worker reads them between
batches. ``pending`` is a plain attribute the worker's hot loop reads without the lock:
reading one attribute is atomic under the GIL, and the lock is taken only when it is
set, so an idle mailbox costs the training loop about 30 ns per batch.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import Any

Command = tuple[str, Any]


class CommandGate:
    """FIFO of ``(name, payload)`` commands with a blocking ``take``."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._queue: deque[Command] = deque()
        self.pending = False

    def put(self, name: str, payload: Any = None) -> None:
        """Queue a command and wake the worker (callable from any thread)."""
        with self._cond:
            self._queue.append((name, payload))
            self.pending = True
            self._cond.notify_all()

    def wait(self, timeout: float) -> bool:
        """Sleep up to ``timeout`` seconds, waking when a command arrives; True when
        one is waiting (the paced run's rest between epochs)."""
        with self._cond:
            return self._cond.wait_for(lambda: bool(self._queue), timeout)

    def take_all(self, block: bool, timeout: float | None = None) -> list[Command]:
        """Return every queued command, oldest first.

        block : wait until at least one command arrives (or ``timeout`` seconds pass).
        """
        with self._cond:
            if block and not self._queue:
                self._cond.wait_for(lambda: bool(self._queue), timeout)
            commands = list(self._queue)
            self._queue.clear()
            self.pending = False
            return commands
