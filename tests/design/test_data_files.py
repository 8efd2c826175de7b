"""An imported data file is checked against the network like a built-in set."""

from __future__ import annotations

import numpy as np

from netdesigner.design.data_paths import data_file_info
from netdesigner.design.model import Design
from netdesigner.design.validation import validate
from netdesigner.design.validation_output import expected_input_shape


def _design(path, shape=(2,), units=1):
    return Design.from_dict(
        {
            "format": "netdesigner.design", "version": 1, "name": "mine",
            "nodes": [
                {"id": "input", "type": "Input", "params": {"shape": list(shape)}},
                {"id": "out", "type": "Dense", "params": {"units": units}},
            ],
            "edges": [{"from": "input", "to": "out"}],
            "dataset": {"path": str(path)},
        }
    )  # fmt: skip


def test_a_file_is_checked_against_the_network_like_a_built_in_set(tmp_path):
    path = tmp_path / "three.csv"
    rows = [f"{i % 5},{i % 7},{i % 3}" for i in range(30)]
    path.write_text("x1,x2,label\n" + "\n".join(rows) + "\n")
    problems = validate(_design(path))
    assert [p.code for p in problems] == ["output_units"]
    assert problems[0].message == (
        "the output 'out' has 1 unit, but 'three.csv' has 3 classes; set units to 3"
    )
    assert problems[0].fix.args == {"node": "out", "name": "units", "value": 3}
    assert validate(_design(path, units=3)) == []


def test_an_unreadable_or_missing_file_is_a_problem_and_relative_is_unknown(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("x1,x2,label\n1,oops,0\n")
    (problem,) = validate(_design(bad))
    assert problem.code == "data_file" and "'oops' is not a finite number" in (
        problem.message
    )
    (missing,) = validate(_design(tmp_path / "gone.csv"))
    assert missing.message.endswith("does not exist (moved or renamed?)")
    assert data_file_info("gone.csv") is None  # relative: its folder is unknown
    assert validate(_design("gone.csv")) == []


def test_colour_images_keep_their_channels(tmp_path):
    path = tmp_path / "rgb.npz"
    np.savez(path, x=np.zeros((6, 4, 4, 3), np.uint8), y=np.arange(6) % 2)
    assert expected_input_shape(_design(path)) == (4, 4, 3)
