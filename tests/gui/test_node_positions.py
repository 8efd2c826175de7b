"""Positions the editor makes stay within ±POSITION_LIMIT, so every save loads again."""

from __future__ import annotations

from netdesigner.design.io import dumps_design, loads_design
from netdesigner.design.model import POSITION_LIMIT


def test_a_node_moved_past_the_limit_stops_at_it_and_the_design_saves(doc):
    doc.move_nodes({"hidden_1": (3 * POSITION_LIMIT, -5e7)})
    assert doc.node("hidden_1").position == (POSITION_LIMIT, -POSITION_LIMIT)
    doc.undo_stack.undo()
    assert doc.node("hidden_1").position == (220.0, 120.0)
    doc.undo_stack.redo()
    again = loads_design(dumps_design(doc.for_saving()))
    assert again.node("hidden_1").position == (POSITION_LIMIT, -POSITION_LIMIT)


def test_a_paste_at_the_edge_stays_inside(doc):
    doc.move_nodes({"output": (POSITION_LIMIT, POSITION_LIMIT)})
    (new_id,) = doc.paste(doc.fragment(["output"]), offset=(40, 40))
    assert doc.node(new_id).position == (POSITION_LIMIT, POSITION_LIMIT)
    loads_design(dumps_design(doc.for_saving()))  # raises if it would not load
