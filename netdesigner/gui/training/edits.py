"""Several edits of the Document as one undo step.

``Document.macro`` groups commands with ``QUndoStack.beginMacro``: Qt then owns them as
children of the macro command while PySide's wrappers also own them, and the stack's
destructor crashes (a double delete, reproduced with PySide6 6.11.3). ``EditGroup``
keeps its commands as plain Python attributes and runs them itself, so each has one
owner.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from netdesigner.gui.commands import SetNodeFieldCommand, SetSettingCommand


class EditGroup(QUndoCommand):
    """Redo runs the commands in order; undo runs them backwards."""

    def __init__(self, text: str, commands: list[QUndoCommand]) -> None:
        super().__init__(text)
        self.commands = commands

    def redo(self) -> None:
        for command in self.commands:
            command.redo()

    def undo(self) -> None:
        for command in reversed(self.commands):
            command.undo()


def setting(document: Any, section: str, key: str, value: Any) -> SetSettingCommand:
    """A command setting ``design.<section>[key]`` (not pushed)."""
    return SetSettingCommand(document, section, key, value)


def node_param(
    document: Any, node_id: str, name: str, value: Any
) -> SetNodeFieldCommand:
    """A command setting ``params[name]`` of a node (None removes it; not pushed)."""
    return SetNodeFieldCommand(document, node_id, name, value)


def push_group(document: Any, text: str, commands: list[QUndoCommand]) -> None:
    """Push ``commands`` as one undo step named ``text`` (nothing when empty)."""
    if len(commands) == 1:
        commands[0].setText(text)
        document.push(commands[0])
    elif commands:
        document.push(EditGroup(text, commands))
