"""Several edits of the Document as one undo step (``GroupCommand``: its commands
are plain Python attributes with one owner, see ``gui.undo``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from netdesigner.gui.undo import (
    GroupCommand,
    SetNodeFieldCommand,
    SetSettingCommand,
)


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
        document.push(GroupCommand(text, commands, applied=False))
