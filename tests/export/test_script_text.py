"""Exported scripts read well: they compile, fit 88 columns, import what they use."""

from __future__ import annotations

import ast

import pytest

from netdesigner.design.export import export_design
from tests.export.conftest import skip_keras_of_detection


@pytest.mark.parametrize("target", ["keras", "pytorch"])
def test_script_is_tidy_python(design_case, target):
    if target == "keras":
        skip_keras_of_detection(design_case.design)
    out = design_case.path.with_name(f"tidy_{target}.py")
    export_design(design_case.design, design_case.path, target, out)
    text = out.read_text("utf-8")
    tree = ast.parse(text)
    assert ast.get_docstring(tree).startswith(design_case.design.name)
    long_lines = [line for line in text.splitlines() if len(line) > 88]
    assert long_lines == []
    assert "\t" not in text and text.endswith("\n") and not text.endswith("\n\n")
    imported = {
        alias.asname or alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom)) and node.col_offset == 0
        for alias in node.names
    }
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert imported <= used, f"unused imports: {imported - used}"
    functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert {"build_model", "load_weights", "load_data"} <= functions


@pytest.mark.parametrize("target", ["keras", "pytorch"])
def test_a_data_file_beside_the_script_is_found_from_the_script(tmp_path, target):
    from netdesigner.design.io import load_design, save_design
    from netdesigner.design.model import Design

    (tmp_path / "lesson" / "data").mkdir(parents=True)
    points = tmp_path / "lesson" / "data" / "points.csv"
    points.write_text("x1,x2,label\n0,1,0\n1,0,1\n2,2,0\n-1,-3,1\n")
    design = Design.from_dict(
        {
            "format": "netdesigner.design", "version": 1, "name": "mine",
            "nodes": [
                {"id": "input", "type": "Input", "params": {"shape": [2]}},
                {"id": "out", "type": "Dense",
                 "params": {"units": 1, "activation": "sigmoid"}},
            ],
            "edges": [{"from": "input", "to": "out"}],
            "dataset": {"path": "data/points.csv"},
        }
    )  # fmt: skip
    saved = tmp_path / "lesson" / "mine.json"
    save_design(design, saved)
    beside = tmp_path / "lesson" / f"mine_{target}.py"
    export_design(load_design(saved), saved, target, beside)
    text = beside.read_text("utf-8")
    assert 'Path(__file__).resolve().parent.joinpath("data", "points.csv")' in text
    far = tmp_path / "elsewhere" / f"mine_{target}.py"
    far.parent.mkdir()
    export_design(load_design(saved), saved, target, far)
    assert f'path=Path("{points}")' in far.read_text("utf-8")
