"""The Problems dock comes forward for a new error only, not at every edit (it
shares the bottom area with the live views, which it would hide)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from netdesigner.gui.training import edits


def test_problems_come_forward_only_for_a_new_error(window):
    problems = window.docks["Problems"]
    raised: list[int] = []
    problems.raise_ = lambda: raised.append(window.document.error_count())
    doc = window.document
    # one data edit in two steps: the features change (the Input's shape no longer
    # fits, an error for a moment), then the Input follows: no error remains
    doc.push(
        edits.GroupCommand(
            "Add feature x1^2",
            [
                edits.setting(doc, "dataset", "features", ["x1", "x2", "x1^2"]),
                edits.node_param(doc, "input", "shape", [3]),
            ],
            applied=False,
        )
    )
    QApplication.processEvents()
    assert doc.error_count() == 0 and raised == []
    doc.disconnect_nodes("hidden_2", "output")  # a new error: Problems come forward
    QApplication.processEvents()
    assert doc.error_count() and len(raised) == 1
    doc.set_setting("dataset", "features", ["x1", "x2"])  # the same error stays,
    QApplication.processEvents()  # another one comes and goes with the data
    doc.set_param("input", "shape", [2])
    QApplication.processEvents()
    assert len(raised) == 2  # the shape error was new
    doc.set_param("hidden_1", "units", 3)
    doc.set_setting("dataset", "noise", 20)
    QApplication.processEvents()
    assert len(raised) == 2
    doc.disconnect_nodes("input", "hidden_1")  # another new error
    QApplication.processEvents()
    assert len(raised) == 3
