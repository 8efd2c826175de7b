"""The design's initializers in PyTorch: ``nn.init`` calls that draw as tf.keras does.

PyTorch's layers start from their own scheme (Kaiming uniform with a = √5); a
design says ``glorot_uniform`` (tf.keras's default), ``he_normal``... and the
exported ``Net`` re-draws its Dense and Conv2D weights that way, so a script trains
from the start NetDesigner and Keras train from. Fans are tf.keras's (and PyTorch's):
fan_in = inputs × kernel area, fan_out = outputs × kernel area. tf.keras's normal
variants are truncated at two standard deviations and widened by 1 / 0.8796 so the
variance stays ``scale / fan``; ``nn.init.trunc_normal_`` with the numbers
computed here does the same.
"""

from __future__ import annotations

import math
import re
from typing import Any

from netdesigner.design.export.base import ExportError
from netdesigner.design.export.codegen import WIDTH, literal
from netdesigner.design.export.graph import ExportNode

#: stddev of a unit normal truncated to [-2, 2] (tf.keras's correction constant)
TRUNCATED_STD = 0.87962566103423978

#: variance-scaling initializers: name -> (scale, fan, nn.init call for uniform)
VARIANCE_SCALING = {
    "glorot": (1.0, "avg", "nn.init.xavier_uniform_({w})"),
    "he": (2.0, "in", 'nn.init.kaiming_uniform_({w}, nonlinearity="relu")'),
    "lecun": (1.0, "in", 'nn.init.kaiming_uniform_({w}, nonlinearity="linear")'),
}

#: indentation of the lines inside ``Net.__init__``
INDENT = 8

#: tf.keras's default initializer per role
DEFAULTS = {"kernel": "glorot_uniform", "bias": "zeros"}


def _spec(value: Any) -> tuple[str, dict[str, Any]]:
    """``"he_normal"`` or ``{"type": "random_normal", "stddev": 0.1}``: (name, args)."""
    name, args = value, {}
    if isinstance(value, dict):
        args = {k: v for k, v in value.items() if k not in ("type", "class_name")}
        args.update(args.pop("config", None) or {})
        name = value.get("type") or value.get("class_name")
    # "GlorotUniform" -> "glorot_uniform", as the engine reads it
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", str(name)).lower(), args


def _fans(node: ExportNode) -> tuple[int, int]:
    """(fan_in, fan_out) of the node's kernel."""
    if node.type == "Dense":
        return int(node.input_shape[-1]), int(node.params["units"])
    kernel = node.params["kernel_size"]
    kh, kw = (kernel, kernel) if isinstance(kernel, int) else kernel
    area = int(kh) * int(kw)
    # the output's channels are the filters (a DetectionHead's A·(5 + C) too)
    return area * int(node.input_shape[-1]), area * int(node.output_shape[-1])


def init_call(node: ExportNode, role: str, target: str) -> str:
    """The ``nn.init`` call that draws ``target`` (``self.dense.weight``) as the
    design's ``<role>_initializer`` says; role is "kernel" or "bias"."""
    name, args = _spec(node.params.get(f"{role}_initializer") or DEFAULTS[role])
    if name == "playground":  # TensorFlow Playground: U(-0.5, 0.5), biases 0.1
        if role == "bias":
            return f"nn.init.constant_({target}, 0.1)"
        return f"nn.init.uniform_({target}, -0.5, 0.5)"
    simple = {
        "zeros": f"nn.init.zeros_({target})",
        "ones": f"nn.init.ones_({target})",
        "constant": f"nn.init.constant_({target}, {literal(args.get('value', 0.0))})",
        "random_uniform": f"nn.init.uniform_({target}, "
        f"{literal(args.get('minval', -0.05))}, {literal(args.get('maxval', 0.05))})",
        "random_normal": f"nn.init.normal_({target}, "
        f"{literal(args.get('mean', 0.0))}, {literal(args.get('stddev', 0.05))})",
    }
    if name in simple:
        return simple[name]
    family, _, distribution = name.partition("_")
    if family not in VARIANCE_SCALING or distribution not in ("uniform", "normal"):
        raise ExportError(
            f"{node.type} '{node.id}': the PyTorch export has no initializer "
            f"{name!r}; expected one of: {', '.join(known_initializers())}"
        )
    scale, fan, uniform = VARIANCE_SCALING[family]
    if distribution == "uniform":
        return uniform.format(w=target)
    fan_in, fan_out = _fans(node)
    size = (fan_in + fan_out) / 2.0 if fan == "avg" else float(fan_in)
    std = round(math.sqrt(scale / max(1.0, size)) / TRUNCATED_STD, 8)
    bound = round(2 * std, 8)
    return (
        f"nn.init.trunc_normal_({target}, std={literal(std)}, "
        f"a={literal(-bound)}, b={literal(bound)})"
    )


def known_initializers() -> list[str]:
    """Every initializer name the PyTorch export writes."""
    families = [f"{f}_{d}" for f in VARIANCE_SCALING for d in ("uniform", "normal")]
    simple = ["zeros", "ones", "constant", "random_uniform", "random_normal"]
    return [*families, *simple, "playground"]


def init_lines(node: ExportNode, attr: str) -> list[str]:
    """``__init__`` lines drawing the weights of ``attr`` (``self.dense``) as the
    design says; none for layers without a kernel."""
    if node.type not in ("Dense", "Conv2D", "DetectionHead"):
        return []
    calls = [init_call(node, "kernel", f"{attr}.weight")]
    if node.params.get("use_bias", True):
        calls.append(init_call(node, "bias", f"{attr}.bias"))
    lines = []
    for call in calls:
        if "trunc_normal_" in call:
            lines.append("# a normal cut at two standard deviations, as tf.keras")
        if len(call) + INDENT <= WIDTH:
            lines.append(call)
        else:  # ruff's form: the arguments on a line of their own
            head, _, args = call.partition("(")
            lines.extend([f"{head}(", f"    {args[:-1]}", ")"])
    return lines
