"""The exported Keras script names every layer with its type and activation.

Read from the script's text (parsed, never run), so this holds without Keras
installed: each node of the design is one ``keras.layers.<Type>(..., name=<id>)``
call whose activation is the node's.
"""

from __future__ import annotations

import ast

from netdesigner.design.defaults import resolved_params
from netdesigner.design.export import export_design
from tests.export.conftest import skip_keras_of_detection


def _value(expr: ast.expr) -> object:
    """A literal's value, or a plain name's text (``activation=step``)."""
    if isinstance(expr, ast.Name):
        return expr.id
    return ast.literal_eval(expr)


def keras_layer_calls(text: str) -> dict[str, tuple[str, dict]]:
    """{name: (type, arguments)} of every ``keras.layers.X(...)`` and
    ``keras.Input(...)`` call; the arguments hold the keywords plus, under ``0``,
    the first positional one."""
    calls = {}
    for node in ast.walk(ast.parse(text)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = ast.unparse(node.func.value)
        if owner not in ("keras.layers", "keras"):
            continue
        args = {k.arg: k.value for k in node.keywords if k.arg}
        if "name" not in args:
            continue
        if node.args:
            args[0] = node.args[0]
        calls[_value(args.pop("name"))] = (node.func.attr, args)
    return calls


def test_every_layer_keeps_its_type_and_activation(design_case):
    skip_keras_of_detection(design_case.design)
    out = design_case.path.with_name("layers_keras.py")
    export_design(design_case.design, design_case.path, "keras", out)
    calls = keras_layer_calls(out.read_text("utf-8"))
    for node in design_case.design.nodes:
        assert node.id in calls, f"no keras layer named {node.id!r}"
        kind, args = calls[node.id]
        assert kind == node.type, node.id
        params = resolved_params(node)
        if "activation" not in params:
            continue
        expected = params["activation"]
        given = args.get("activation", args.get(0) if kind == "Activation" else None)
        found = "linear" if given is None else _value(given)
        assert found == expected, f"{node.id}: activation {found!r}, not {expected!r}"
