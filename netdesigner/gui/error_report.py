"""Telling the user about an unexpected error (a bug), truthfully and in a sentence.

The dialog says what happened in one sentence and whether the unsaved work reached a
recovery file; Python's own text ("float division by zero") and the traceback stay
behind Show Details. It is not modal, so the editor keeps working behind it.
"""

from __future__ import annotations

import sys
import traceback
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

if TYPE_CHECKING:
    from netdesigner.gui.main_window import MainWindow

translate = QCoreApplication.translate

TITLE = QT_TRANSLATE_NOOP("ErrorReport", "Something went wrong")
#: what ``save_unsaved_work`` found: the recovery file was written, there was
#: nothing unsaved, or writing it failed
SAVED, NOTHING_TO_SAVE, NOT_SAVED = "saved", "nothing to save", "not saved"
SAVED_TEXTS = {
    SAVED: QT_TRANSLATE_NOOP(
        "ErrorReport", "Your unsaved changes were written to a recovery file."
    ),
    NOTHING_TO_SAVE: QT_TRANSLATE_NOOP(
        "ErrorReport", "You had no unsaved changes, so no work was lost."
    ),
    NOT_SAVED: QT_TRANSLATE_NOOP(
        "ErrorReport",
        "Your unsaved changes could not be written to a recovery file; save the "
        "design with File ▸ Save As to keep them.",
    ),
}
DETAILS_HINT = QT_TRANSLATE_NOOP(
    "ErrorReport", "The technical details are under Show Details, for a bug report."
)


def save_unsaved_work(window: MainWindow) -> str:
    """Write the recovery file now if there are unsaved changes; SAVED, ... ."""
    try:
        if not window.document.is_modified():
            return NOTHING_TO_SAVE
        return SAVED if window.autosaver.save_now() else NOT_SAVED
    except Exception:  # the same bug may break saving; the dialog must still come
        return NOT_SAVED


def error_box(
    parent: QWidget | None, error: BaseException, saved: str, doing: str = ""
) -> QMessageBox:
    """The (not yet shown) dialog for ``error``; ``doing`` is e.g. "opening a.json"."""
    if doing:
        text = translate(
            "ErrorReport",
            "NetDesigner ran into an unexpected problem while {doing} and stopped "
            "that action; you can keep working.",
        ).format(doing=doing)
    else:
        text = translate(
            "ErrorReport",
            "NetDesigner ran into an unexpected problem and stopped that action; "
            "you can keep working.",
        )
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        translate("ErrorReport", TITLE),
        text,
        parent=parent,
    )
    box.setInformativeText(
        translate("ErrorReport", "{saved} {hint}").format(
            saved=translate("ErrorReport", SAVED_TEXTS[saved]),
            hint=translate("ErrorReport", DETAILS_HINT),
        )
    )
    box.setDetailedText(
        "".join(traceback.format_exception(type(error), error, error.__traceback__))
    )
    box.setModal(False)
    return box


def report_unexpected_error(
    window: MainWindow, error: BaseException, doing: str = ""
) -> QMessageBox | None:
    """Save what can be saved and show the dialog; None when one is already open.

    One line goes to stderr for whoever started NetDesigner from a terminal; an
    error that repeats (say, in every paint) does not pile up dialogs.
    """
    text = " ".join(str(error).split())
    print(
        f"netdesigner: unexpected error: {type(error).__name__}: {text} "
        "(details in the window's Show Details)",
        file=sys.stderr,
    )
    if any(_is_open_report(w) for w in window.findChildren(QMessageBox)):
        return None
    box = error_box(window, error, save_unsaved_work(window), doing)
    box.setObjectName("unexpected_error")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()
    return box


def _is_open_report(widget: QMessageBox) -> bool:
    return widget.objectName() == "unexpected_error" and widget.isVisible()
