"""Typed values are never changed silently (issue 16: inputs tell the truth).

A number outside a field's range is refused: the old value stays and the field
says so under it and in its tooltip, with the allowed range. Commas are decimal
points. A layer with millions of parameters says how many in the inspector.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from netdesigner.gui.editors import parse_number


def _select(window, node_id: str) -> None:
    window.scene.select_nodes([node_id])


def _type(box, text: str) -> None:
    """Select the field's text, type ``text`` and press Enter, as a student does."""
    edit = box.lineEdit()
    edit.selectAll()
    QTest.keyClick(edit, Qt.Key.Key_Delete)
    QTest.keyClicks(edit, text)
    QTest.keyClick(edit, Qt.Key.Key_Return)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "units must be 1–100,000; '-5' was not taken, kept 4"),
        ("0", "units must be 1–100,000; '0' was not taken, kept 4"),
        ("1e8", "units must be 1–100,000; '1e8' was not taken, kept 4"),
        ("2.5", "units must be a whole number, 1–100,000; '2.5' was not taken"),
    ],
)
def test_a_refused_whole_number_keeps_the_value_and_says_why(window, typed, message):
    doc = window.document
    _select(window, "hidden_1")
    editor = window.properties.node_page.editors["units"]
    _type(editor.box, typed)
    assert doc.node("hidden_1").params["units"] == 4
    assert doc.undo_stack.count() == 0
    assert editor.box.value() == 4
    assert editor.message.text().startswith(message)
    assert not editor.message.isHidden()
    assert editor.box.toolTip() == editor.message.text()


def test_a_good_value_clears_the_message(window):
    doc = window.document
    _select(window, "hidden_1")
    editor = window.properties.node_page.editors["units"]
    _type(editor.box, "-5")
    _type(editor.box, "100,000")  # thousands written with a comma
    assert doc.node("hidden_1").params["units"] == 100_000
    assert editor.message.isHidden() and editor.box.toolTip() == ""


def test_dropout_rate_out_of_range_is_refused_and_commas_are_decimal_points(window):
    doc = window.document
    node = doc.add_node("Dropout", (0, 400))
    _select(window, node)
    editor = window.properties.node_page.editors["rate"]
    _type(editor.box, "0,3")
    assert doc.node(node).params["rate"] == pytest.approx(0.3)
    assert editor.message.isHidden()
    _type(editor.box, "1.5")
    assert doc.node(node).params["rate"] == pytest.approx(0.3)
    assert editor.message.text() == (
        "rate must be 0 to below 1; '1.5' was not taken, kept 0.300"
    )


def test_kernel_size_refusal_names_the_side(window):
    doc = window.document
    conv = doc.add_node("Conv2D", (0, 400))
    _select(window, conv)
    editor = window.properties.node_page.editors["kernel_size"]
    _type(editor.width, "0")
    assert doc.node(conv).params.get("kernel_size", 3) == 3
    assert editor.message.text().startswith("kernel_size width must be 1–")


@pytest.mark.parametrize(
    ("text", "whole", "value"),
    [
        ("0,3", False, 0.3),
        (" 1e-3 ", False, 0.001),
        ("100,000", True, 100_000),
        ("2,5", True, 2.5),
        ("nan", False, None),
        ("abc", False, None),
    ],
)
def test_parse_number(text, whole, value):
    expected = None if value is None else pytest.approx(value)
    assert parse_number(text, whole) == expected


def _wide_input(window, features: int) -> None:
    """Feed hidden_1 ``features`` numbers (the Input's shape)."""
    window.document.set_param("input", "shape", [features])


def test_a_layer_with_millions_of_parameters_says_how_many(window):
    _wide_input(window, 2_000)
    _select(window, "hidden_1")
    page = window.properties.node_page
    window.document.set_param("hidden_1", "units", 1_000)  # 2,001,000 parameters
    assert "2,001,000 parameters: millions of weights train slowly" in page.info.text()
    window.document.set_param("hidden_1", "units", 400)  # 800,400: no warning
    assert "millions of weights" not in page.info.text()


def test_a_very_large_layer_is_warned_about_once(window):
    _wide_input(window, 20_000)
    _select(window, "hidden_1")
    page = window.properties.node_page
    window.document.set_param("hidden_1", "units", 600)  # 12,000,600 parameters
    codes = [p.code for p in window.document.problems_of("hidden_1")]
    assert "large_layer" in codes
    text = page.info.text()
    assert "has 12,000,600 parameters" in text  # validation's sentence, alone
    assert "millions of weights" not in text
