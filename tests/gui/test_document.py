"""Document and commands: every edit is one named step that undo reverses exactly."""

from __future__ import annotations

import numpy as np
import pytest

from netdesigner.design.model import Edge


def _add_node(doc):
    doc.add_node("Dropout", (300, 300))


def _add_join(doc):
    return doc.add_node("Add", (900, 120))


def _connect(doc, join=None):
    if join is None:
        join = _add_join(doc)
        doc.undo_stack.clear()  # only the connection is the edit under test
        doc.mark_clean()
    doc.connect_nodes("output", join)


def _weight_edit(doc):
    doc.set_weight("hidden_1/kernel", (0, 2), 1.5)


def _cut_output_wire(doc):
    doc.delete([], [Edge("hidden_2", "output")])


def _fix(doc, _prepared=None):
    if _prepared is None:
        _cut_output_wire(doc)
        doc.undo_stack.clear()
    problem = next(p for p in doc.problems if p.fix is not None)
    doc.apply_fix(problem)


EDITS = {
    "add node": _add_node,
    "delete node": lambda doc: doc.delete(["hidden_2"]),
    "delete wire": lambda doc: doc.delete([], [Edge("hidden_1", "hidden_2")]),
    "move": lambda doc: doc.move_nodes({"input": (5, 6), "output": (700, 90)}),
    "connect": _connect,
    "disconnect": lambda doc: doc.disconnect_nodes("input", "hidden_1"),
    "set param": lambda doc: doc.set_param("hidden_1", "activation", "relu"),
    "remove param": lambda doc: doc.set_param("hidden_1", "activation", None),
    "set label": lambda doc: doc.set_param("hidden_1", "label", "first hidden"),
    "freeze": lambda doc: doc.set_param("hidden_1", "trainable", False),
    "training key": lambda doc: doc.set_setting("training", "batch_size", 32),
    "dataset key": lambda doc: doc.set_setting("dataset", "noise", 10),
    "rename": lambda doc: doc.set_setting("info", "name", "Mine"),
    "add neuron": lambda doc: doc.add_neuron("hidden_2"),
    "remove neuron": lambda doc: doc.remove_neuron("hidden_1", 2),
    "paste": lambda doc: doc.paste(doc.fragment(["hidden_1", "hidden_2"])),
    "auto-layout": lambda doc: doc.auto_layout({"input": (0, 0), "hidden_1": (220, 0)}),
    "weight edit": _weight_edit,
    "fix": _fix,
}

#: edits that need a change made first, which is not part of the step under test
PREPARE = {"connect": (_add_join, _connect), "fix": (_cut_output_wire, _fix)}


@pytest.mark.parametrize("name", list(EDITS))
def test_every_edit_is_one_named_step_that_undo_reverses_exactly(doc, name):
    """Undo gives back the design as it was before the edit (nodes, parameters,
    wires in their order, weights) and the canvas draws the same nodes and wires;
    redo gives back the edited one."""
    from netdesigner.gui.canvas.scene import NetScene

    scene = NetScene(doc)
    prepare, edit = PREPARE.get(name, (lambda d: None, lambda d, _: EDITS[name](d)))
    prepared = prepare(doc)
    doc.undo_stack.clear()
    before = _state(doc, scene)
    edit(doc, prepared)
    after = _state(doc, scene)
    assert after != before, "the edit changed nothing"
    assert doc.undo_stack.count() == 1, "one step"
    assert doc.undo_stack.undoText(), "the step has a name"
    for _ in range(2):
        doc.undo_stack.undo()
        assert _state(doc, scene) == before
        doc.undo_stack.redo()
        assert _state(doc, scene) == after
    scene.deleteLater()


def _state(doc, scene) -> tuple:
    """The design, its weights, and what the canvas draws, which must follow it."""
    design = doc.design.to_dict()
    wires = {(edge["from"], edge["to"]) for edge in design["edges"]}
    assert set(scene.edge_items) == wires, "the canvas draws the design's wires"
    assert set(scene.node_items) == {node["id"] for node in design["nodes"]}
    return design, _weights_of(doc)


def _weights_of(doc) -> dict[str, list]:
    return {key: value.tolist() for key, value in doc.weights.items()}


def test_undo_all_returns_to_the_opened_design(doc):
    opened = doc.design.to_dict()
    last = ["delete wire", "delete node", "disconnect"]
    skip = {"connect", "fix"}  # they clear the history to isolate one step
    first = ["weight edit"]  # while the design is valid, so its weights are known
    middle = [n for n in EDITS if n not in first + last and n not in skip]
    for name in first + middle + last:
        EDITS[name](doc)
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert doc.design.to_dict() == opened


def test_modified_follows_the_undo_stack(doc, qtbot):
    assert not doc.is_modified()
    with qtbot.waitSignal(doc.modified_changed) as blocker:
        doc.set_param("hidden_1", "units", 5)
    assert blocker.args == [True]
    doc.undo_stack.undo()
    assert not doc.is_modified()


def test_a_second_input_to_a_dense_layer_is_refused_with_the_reason(doc):
    reason = doc.can_connect("hidden_2", "hidden_1")
    assert "already takes its input from 'input'" in reason
    assert not doc.connect_nodes("hidden_2", "hidden_1")
    assert doc.design.inputs_of("hidden_1") == ["input"]


def test_a_loop_is_refused_with_the_path(doc):
    add = doc.add_node("Add", (800, 0))
    doc.connect_nodes("output", add)
    reason = doc.can_connect(add, "hidden_1")
    assert reason.startswith("Dense 'hidden_1' already")  # single input comes first
    concat = doc.add_node("Concatenate", (800, 200))
    doc.connect_nodes("hidden_2", concat)
    doc.connect_nodes(concat, add)
    assert "loop" in doc.can_connect(add, concat)
    assert "Input layer" in doc.can_connect("output", "input")


def test_merge_layers_take_several_inputs_in_order(doc):
    add = doc.add_node("Add", (800, 0))
    assert doc.connect_nodes("hidden_2", add)
    assert doc.connect_nodes("hidden_1", add)
    assert doc.design.inputs_of(add) == ["hidden_2", "hidden_1"]


def test_paste_keeps_inner_wires_and_renames(doc):
    new_ids = doc.paste(doc.fragment(["input", "hidden_1", "output"]))
    assert len(new_ids) == 3 and not set(new_ids) & {"input", "hidden_1", "output"}
    inner = [e for e in doc.design.edges if e.source in new_ids and e.target in new_ids]
    assert len(inner) == 1  # input→hidden_1; hidden_1→output was never a wire
    assert doc.undo_stack.undoText() == "Paste 3 layers"
    pasted = doc.node(new_ids[1])
    assert pasted.params == doc.node("hidden_1").params
    assert pasted.position == (260.0, 160.0)


def _trained(doc) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(1)
    shapes = {"hidden_1": (2, 4), "hidden_2": (4, 2), "output": (2, 1)}
    weights = {}
    for node_id, shape in shapes.items():
        weights[f"{node_id}/kernel"] = rng.normal(size=shape).astype(np.float32)
        weights[f"{node_id}/bias"] = rng.normal(size=shape[1]).astype(np.float32)
    doc.set_trained_weights(weights)
    return weights


def test_removing_a_neuron_removes_its_column_bias_and_outgoing_row(doc):
    weights = _trained(doc)
    doc.remove_neuron("hidden_1", 1)
    assert doc.node("hidden_1").params["units"] == 3
    np.testing.assert_array_equal(
        doc.weights["hidden_1/kernel"], np.delete(weights["hidden_1/kernel"], 1, axis=1)
    )
    np.testing.assert_array_equal(
        doc.weights["hidden_1/bias"], np.delete(weights["hidden_1/bias"], 1)
    )
    np.testing.assert_array_equal(
        doc.weights["hidden_2/kernel"], np.delete(weights["hidden_2/kernel"], 1, axis=0)
    )
    doc.undo_stack.undo()
    assert doc.node("hidden_1").params["units"] == 4
    for key, value in weights.items():
        np.testing.assert_array_equal(doc.weights[key], value)


def test_adding_a_neuron_grows_the_weights_without_changing_the_function(doc):
    weights = _trained(doc)
    doc.add_neuron("hidden_2")
    assert doc.node("hidden_2").params["units"] == 3
    assert doc.weights["hidden_2/kernel"].shape == (4, 3)
    assert doc.weights["hidden_2/bias"].shape == (3,)
    assert doc.weights["output/kernel"].shape == (3, 1)
    np.testing.assert_array_equal(doc.weights["output/kernel"][2], [0.0])
    np.testing.assert_array_equal(
        doc.weights["output/kernel"][:2], weights["output/kernel"]
    )
    doc.undo_stack.undo()
    assert doc.weights["output/kernel"].shape == (2, 1)


def test_a_weight_of_a_broken_design_cannot_be_edited(doc):
    doc.disconnect_nodes("input", "hidden_1")
    assert "not known" in doc.set_weight("hidden_2/kernel", (0, 0), 1.0)
    assert doc.undo_stack.undoText().startswith("Disconnect")


def test_the_last_neuron_cannot_be_removed(doc):
    assert "at least one neuron" in doc.remove_neuron("output", 0)
    assert doc.node("output").params["units"] == 1


def test_a_weight_edit_is_undoable(doc):
    weights = _trained(doc)
    doc.set_weight("hidden_2/kernel", (3, 1), 2.5)
    assert doc.weights["hidden_2/kernel"][3, 1] == 2.5
    assert weights["hidden_2/kernel"][3, 1] != 2.5, "the old array is not changed"
    # numbered as the canvas, its tooltips and the weight dialog number neurons
    text = doc.undo_stack.undoText()
    assert text.startswith("Set weight neuron 4 of 'hidden_1' → neuron 2 of 'hidden_2'")
    doc.undo_stack.undo()
    np.testing.assert_array_equal(
        doc.weights["hidden_2/kernel"], weights["hidden_2/kernel"]
    )


def test_weights_that_no_longer_fit_are_dropped_and_come_back_on_undo(doc):
    weights = _trained(doc)
    doc.set_param("hidden_1", "units", 6)
    assert "hidden_1/kernel" not in doc.weights
    assert "input/kernel" not in doc.weights
    np.testing.assert_array_equal(
        doc.weights["output/kernel"], weights["output/kernel"]
    )
    doc.undo_stack.undo()
    np.testing.assert_array_equal(
        doc.weights["hidden_1/kernel"], weights["hidden_1/kernel"]
    )


def test_expansion_is_view_state_saved_in_view(doc):
    assert doc.is_expanded("hidden_1")  # a small dense design opens as neurons
    doc.set_expanded("hidden_1", False)
    assert not doc.undo_stack.count()
    assert doc.for_saving().view["expanded"] == ["hidden_2", "input", "output"]
    assert "expanded" not in doc.design.view
