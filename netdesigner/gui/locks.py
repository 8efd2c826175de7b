"""Which of a lesson's locks an edit touches (classroom mode).

A lesson's ``locked`` list names controls: ``dataset``, ``features``, ``loss``,
``optimizer``, ``learning_rate``, ``batch_size``, ``epochs``, ``regularization``
and ``nodes`` (the network on the canvas). The Document refuses a command that
touches a locked one, so a locked setting cannot change by any path: a panel, the
canvas, a menu, or undo and redo of older edits (see ``Document.set_locks``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QUndoCommand

from netdesigner.design.defaults import OPTIMIZER_DEFAULTS
from netdesigner.gui import undo as cmd

#: each lock as a refusal names it
LOCK_NAMES = {
    "dataset": QT_TRANSLATE_NOOP("Locks", "the data set"),
    "features": QT_TRANSLATE_NOOP("Locks", "the features"),
    "loss": QT_TRANSLATE_NOOP("Locks", "the loss"),
    "optimizer": QT_TRANSLATE_NOOP("Locks", "the optimizer"),
    "learning_rate": QT_TRANSLATE_NOOP("Locks", "the learning rate"),
    "batch_size": QT_TRANSLATE_NOOP("Locks", "the batch size"),
    "epochs": QT_TRANSLATE_NOOP("Locks", "the epochs"),
    "regularization": QT_TRANSLATE_NOOP("Locks", "the regularization"),
    "nodes": QT_TRANSLATE_NOOP("Locks", "the network"),
}
translate = QCoreApplication.translate

#: commands that change the network itself: adding, deleting, wiring, editing
_NODE_COMMANDS = (
    cmd.AddNodeCommand,
    cmd.DeleteCommand,
    cmd.ConnectCommand,
    cmd.ReplaceDesignCommand,
    cmd.AddNeuronCommand,
    cmd.RemoveNeuronCommand,
    cmd.SetWeightCommand,
)
_TRAINING_KEYS = {"loss": "loss", "batch_size": "batch_size", "epochs": "epochs"}


def keys_touched(command: QUndoCommand) -> set[str]:
    """The lock keys an (unpushed or pushed) command changes; empty for layout,
    view and seed changes, which no lesson locks."""
    if isinstance(command, cmd.GroupCommand):
        return _group_keys(command.commands)
    if isinstance(command, _NODE_COMMANDS):
        return {"nodes"}
    if isinstance(command, cmd.SetNodeFieldCommand):
        return {"regularization" if command.name == "kernel_regularizer" else "nodes"}
    if isinstance(command, cmd.SetSettingCommand):
        return _setting_keys(command)
    return set()


def _group_keys(commands: list[QUndoCommand]) -> set[str]:
    keys: set[str] = set()
    for command in commands:
        keys |= keys_touched(command)
    features = any(
        isinstance(c, cmd.SetSettingCommand)
        and (c.section, c.key) == ("dataset", "features")
        for c in commands
    )
    if features:  # the Input's width follows the chosen features: part of that edit
        keys -= {"nodes"}
        keys |= {
            "nodes"
            for c in commands
            if keys_touched(c) == {"nodes"} and not _is_input_shape(c)
        }
    return keys


def _is_input_shape(command: QUndoCommand) -> bool:
    return isinstance(command, cmd.SetNodeFieldCommand) and command.name == "shape"


def _setting_keys(command: cmd.SetSettingCommand) -> set[str]:
    section, key = command.section, command.key
    if section == "dataset":
        if key == "features":
            return {"features"}
        return set() if key == "seed" else {"dataset"}
    if section != "training":
        return set()
    if key == "optimizer":
        return _optimizer_keys(command.old, command.value)
    if key == "lr_schedule":
        return {"learning_rate"}
    return {_TRAINING_KEYS[key]} if key in _TRAINING_KEYS else set()


def _optimizer_keys(old: Any, new: Any) -> set[str]:
    """``learning_rate`` when only the rate changes, ``optimizer`` for the rest."""
    old, new = _resolved_optimizer(old), _resolved_optimizer(new)
    keys: set[str] = set()
    if old.get("learning_rate") != new.get("learning_rate"):
        keys.add("learning_rate")
    others = set(old) | set(new)
    if any(old.get(k) != new.get(k) for k in others - {"learning_rate"}):
        keys.add("optimizer")
    return keys


def _resolved_optimizer(value: Any) -> dict[str, Any]:
    """An optimizer setting with tf.keras's defaults filled in (absent: adam)."""
    value = value if isinstance(value, dict) else {}
    kind = value.get("type", "adam")
    return {"type": kind, **OPTIMIZER_DEFAULTS.get(kind, {}), **value}


def refusal(command: QUndoCommand, locks: frozenset[str]) -> str | None:
    """Why classroom mode refuses ``command`` under ``locks``, or None."""
    touched = sorted(keys_touched(command) & locks)
    if not touched:
        return None
    if touched == ["nodes"]:
        return translate(
            "Locks",
            "The lesson locks the network in classroom mode: it cannot be edited.",
        )
    names = translate("Locks", ", ").join(_lock_name(k) for k in touched)
    return translate(
        "Locks",
        "The lesson locks {names} in classroom mode; ask your teacher to unlock.",
    ).format(names=names)


def _lock_name(key: str) -> str:
    """A lock key ("learning_rate") as the student reads it ("learning rate")."""
    return translate("Locks", LOCK_NAMES.get(key, key.replace("_", " ")))
