"""Node positions: finite numbers within ±POSITION_LIMIT, refused in one sentence.

A shared design file may hold any JSON number as a position; an integer of 400
digits once overflowed ``float()`` and ±1e308 gave the canvas a zoom of 0.
"""

from __future__ import annotations

import json

import pytest
from design_helpers import mlp

from netdesigner.cli import main as cli_main
from netdesigner.design.errors import DesignFileError
from netdesigner.design.io import dumps_design, loads_design
from netdesigner.design.model import POSITION_LIMIT, Node, position_from
from netdesigner.design.schema import load_schema

HUGE = "9" * 400  # more than the 309 digits a float can hold

CRAFTED = {
    "a 400-digit integer": f"[{HUGE}, 0]",
    "a negative 400-digit integer": f"[0, -{HUGE}]",
    "1e308": "[1e308, 0]",
    "-1e308": "[0, -1e308]",
    "just past the limit": f"[{POSITION_LIMIT + 1}, 0]",
    "a float just past the limit": f"[0, {-POSITION_LIMIT - 0.5}]",
}


def _text_with_position(position_json: str) -> str:
    """The mlp design as JSON text, with node 1's position replaced verbatim."""
    document = json.loads(dumps_design(mlp()))
    document["nodes"][1]["position"] = "@POSITION@"
    return json.dumps(document).replace('"@POSITION@"', position_json)


@pytest.mark.parametrize("position", CRAFTED.values(), ids=CRAFTED.keys())
def test_the_loader_refuses_a_position_out_of_range_in_one_sentence(position):
    with pytest.raises(DesignFileError) as caught:
        loads_design(_text_with_position(position), source="shared.json")
    message = str(caught.value)
    assert message.startswith("shared.json: at nodes[1].position[")
    assert "1000000" in message and "\n" not in message and len(message) < 200


@pytest.mark.parametrize("position", ["[NaN, 0]", "[0, -Infinity]", "[1e400, 0]"])
def test_the_loader_refuses_non_finite_positions(position):
    with pytest.raises(DesignFileError, match="non-standard number"):
        loads_design(_text_with_position(position), source="shared.json")


def test_positions_at_the_limit_load():
    limit = POSITION_LIMIT
    design = loads_design(_text_with_position(f"[{limit}, {-limit}.0]"))
    assert design.nodes[1].position == (float(limit), float(-limit))


def test_the_schema_states_the_same_limit_as_the_model():
    items = load_schema()["$defs"]["node"]["properties"]["position"]["items"]
    assert (items["minimum"], items["maximum"]) == (-POSITION_LIMIT, POSITION_LIMIT)


@pytest.mark.parametrize(
    "value",
    [[10**400, 0], [float("nan"), 0], [0, float("-inf")], [1e308, 0], [True, 0]],
    ids=["huge integer", "nan", "-inf", "1e308", "bool"],
)
def test_a_node_dict_that_skipped_the_schema_is_refused_in_one_sentence(value):
    """Pasted fragments reach ``Node.from_dict`` without the schema."""
    with pytest.raises(DesignFileError) as caught:
        Node.from_dict({"id": "dense_1", "type": "Dense", "position": value})
    message = str(caught.value)
    assert message.startswith("node 'dense_1': expected a position [x, y]")
    assert "\n" not in message and len(message) < 200


def test_a_position_is_two_plain_numbers():
    assert position_from([3, -4.5]) == (3.0, -4.5)
    for bad in ("12", ["1", 2], [1, 2, 3], None, [[1], 2]):
        with pytest.raises(DesignFileError):
            position_from(bad)


@pytest.mark.parametrize("position", ["[1e308, -1e308]", f"[{HUGE}, 0]"])
def test_validate_refuses_the_crafted_file_in_one_line(position, tmp_path, capsys):
    path = tmp_path / "shared.json"
    path.write_text(_text_with_position(position), encoding="utf-8")
    assert cli_main(["validate", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert "position" in err and "1000000" in err
    assert "\n" not in err and "Traceback" not in err and "internal error" not in err
