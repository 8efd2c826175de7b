"""The inspector edits a DetectionHead's anchors (issue 19): a list of numbers is
typed as "16, 32"; a wrong entry is refused with its sentence and the list kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from netdesigner.gui.editors import NumbersEditor, parse_numbers


def _type(line, text: str) -> None:
    line.selectAll()
    QTest.keyClick(line, Qt.Key.Key_Delete)
    QTest.keyClicks(line, text)
    QTest.keyClick(line, Qt.Key.Key_Return)


def test_detection_head_anchor_sizes_accept_a_list_and_refuse_letters(window):
    doc = window.document
    head = doc.add_node("DetectionHead", (0, 400))
    window.scene.select_nodes([head])
    editor = window.properties.node_page.editors["anchor_sizes"]
    assert isinstance(editor, NumbersEditor)
    assert isinstance(
        window.properties.node_page.editors["aspect_ratios"], NumbersEditor
    )
    assert editor.line.text() == "16, 32"  # the catalog's default
    _type(editor.line, "16, 40")
    assert doc.node(head).params["anchor_sizes"] == [16.0, 40.0]
    assert editor.message.isHidden()
    _type(editor.line, "a, 3")
    assert doc.node(head).params["anchor_sizes"] == [16.0, 40.0]
    assert editor.message.text() == (
        "anchor_sizes must be positive numbers separated by commas or spaces, "
        "e.g. 16, 32; 'a, 3' was not taken, kept 16, 40"
    )
    assert not editor.message.isHidden()
    assert editor.line.toolTip() == editor.message.text()
    _type(editor.line, "12 20")
    assert doc.node(head).params["anchor_sizes"] == [12.0, 20.0]
    assert editor.message.isHidden()


def test_parse_numbers():
    assert parse_numbers("1, 2 0.5") == [1.0, 2.0, 0.5]
    assert parse_numbers("1;2") == [1.0, 2.0]
    for wrong in ("", "a, 3", "0, 1", "-2", "1, inf"):
        assert parse_numbers(wrong) is None
