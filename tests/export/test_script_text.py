"""Exported scripts read well: they compile, fit 88 columns, import what they use."""

from __future__ import annotations

import ast

import pytest

from netdesigner.design.export import export_design


@pytest.mark.parametrize("target", ["keras", "pytorch"])
def test_script_is_tidy_python(design_case, target):
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
