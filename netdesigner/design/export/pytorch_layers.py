"""PyTorch code for each node type, matching tf.keras exactly.

Each writer adds the node's ``__init__`` line (a ``nn.Linear``, ``nn.Conv2d``...) and
its ``forward`` lines, and records the layout of its output: "nhwc" or "nchw" for
images, "plain" for everything else. Every difference between the frameworks is
written where it happens, for a student to read:

* images go from (N, H, W, C) to (N, C, H, W) before convolutions and pooling
  (``permute``), and back to (N, H, W, C) before ``Flatten``, because tf.keras
  flattens in (H, W, C) order and the Dense weights expect that order;
* ``padding="same"`` is TensorFlow's: when the padding is odd, the extra row/column
  goes below/right (``F.pad``); max pooling pads with −inf and average pooling
  divides by the number of real pixels in each window;
* batch norm uses tf.keras's epsilon 1e-3 and momentum ``1 − m`` (PyTorch weighs the
  new batch, tf.keras the old average).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from netdesigner.design.export.base import ExportError
from netdesigner.design.export.codegen import CodeWriter, literal
from netdesigner.design.export.graph import ExportNode, node_padding, pair

#: activation -> PyTorch expression of ``{x}`` (softmax also needs ``{dim}``)
TORCH_ACTIVATIONS: dict[str, str] = {
    "linear": "{x}",
    "relu": "torch.relu({x})",
    "sigmoid": "torch.sigmoid({x})",
    "tanh": "torch.tanh({x})",
    "softmax": "torch.softmax({x}, dim={dim})",
    "step": "step({x})",
    "leaky_relu": "F.leaky_relu({x}, negative_slope=0.2)",  # tf.keras's slope
    "elu": "F.elu({x})",
    "softplus": "F.softplus({x})",
    "swish": "F.silu({x})",
    "gelu": "F.gelu({x})",  # exact erf form, as tf.keras approximate=False
}

STEP_HELPER = [
    "def step(x):",
    '    """The perceptron\'s step activation: 1 where x >= 0, else 0.',
    "",
    '    Its gradient is 0 everywhere; "+ 0 * x" keeps backward() working."""',
    "    return (x >= 0).to(x.dtype) + 0 * x",
]

#: names the script uses itself, and every public attribute of ``nn.Module`` (a
#: test compares them with the installed PyTorch); names starting with "_" are
#: renamed by ``codegen.identifiers``
RESERVED = (
    "self", "x", "torch", "nn", "F", "np", "math", "copy", "Path", "step", "model",
    "os", "sys", "argparse", "dist", "DDP",
    "training", "T_destination", "add_module", "apply", "bfloat16", "buffers",
    "call_super_init", "children", "compile", "cpu", "cuda", "double", "dump_patches",
    "eval", "extra_repr", "float", "forward", "get_buffer", "get_extra_state",
    "get_parameter", "get_submodule", "half", "ipu", "load_state_dict", "modules",
    "mtia", "named_buffers", "named_children", "named_modules", "named_parameters",
    "parameters", "register_backward_hook", "register_buffer",
    "register_forward_hook", "register_forward_pre_hook",
    "register_full_backward_hook", "register_full_backward_pre_hook",
    "register_load_state_dict_post_hook", "register_load_state_dict_pre_hook",
    "register_module", "register_parameter", "register_state_dict_post_hook",
    "register_state_dict_pre_hook", "requires_grad_", "set_extra_state",
    "set_submodule", "share_memory", "state_dict", "to", "to_empty", "train", "type",
    "xpu", "zero_grad",
)  # fmt: skip

TO_NCHW = "(N, H, W, C) -> (N, C, H, W): PyTorch's conv and pooling want channels first"


@dataclass
class _Module:
    """What the writers produce: ``__init__`` lines, ``forward`` lines, layouts."""

    names: dict[str, str]
    # both go into a method of the class: eight columns in
    init: CodeWriter = field(default_factory=lambda: CodeWriter(margin=8))
    forward: CodeWriter = field(default_factory=lambda: CodeWriter(margin=8))
    layouts: dict[str, str] = field(default_factory=dict)
    converted: dict[tuple[str, str], str] = field(default_factory=dict)
    uses_step: bool = False
    frozen_norms: list[str] = field(default_factory=list)

    def var(self, node_id: str) -> str:
        return self.names[node_id]

    def attr(self, node_id: str) -> str:
        return "self." + self.names[node_id]

    def get(self, node_id: str, layout: str | None = None) -> str:
        """The variable holding ``node_id``'s output, permuted to ``layout``."""
        have = self.layouts[node_id]
        if layout is None or have == layout or have == "plain":
            return self.var(node_id)
        key = (node_id, layout)
        if key not in self.converted:
            name = f"{self.var(node_id)}_{layout}"
            taken = set(self.names.values()) | set(self.converted.values())
            while name in taken:
                name += "_"
            if layout == "nchw":
                self.forward.line(f"# {TO_NCHW}")
                self.forward.line(f"{name} = {self.var(node_id)}.permute(0, 3, 1, 2)")
            else:
                self.forward.line(
                    "# (N, C, H, W) -> (N, H, W, C): back to channels last"
                )
                self.forward.line(f"{name} = {self.var(node_id)}.permute(0, 2, 3, 1)")
            self.converted[key] = name
        return self.converted[key]

    def activation(self, node: ExportNode, expression: str, layout: str) -> str:
        name = node.params.get("activation") or "linear"
        if name not in TORCH_ACTIVATIONS:
            raise ExportError(
                f"{node.type} '{node.id}': the PyTorch export has no activation "
                f"{name!r}; expected one of: {', '.join(TORCH_ACTIVATIONS)}"
            )
        self.uses_step |= name == "step"
        dim = 1 if layout == "nchw" else -1
        return TORCH_ACTIVATIONS[name].format(x=expression, dim=dim)


Writer = Callable[[ExportNode, _Module], None]


def _input(node: ExportNode, m: _Module) -> None:
    m.layouts[node.id] = "nhwc" if len(node.output_shape) == 3 else "plain"


def _dense(node: ExportNode, m: _Module) -> None:
    n_in, units = node.input_shape[0], node.params["units"]
    bias = "" if node.params.get("use_bias", True) else ", bias=False"
    m.init.line(f"{m.attr(node.id)} = nn.Linear({n_in}, {units}{bias})")
    inner = f"{m.attr(node.id)}({m.get(node.inputs[0])})"
    m.forward.line(f"{m.var(node.id)} = {m.activation(node, inner, 'plain')}")
    m.layouts[node.id] = "plain"


def _pad_comment(pads) -> str:
    (top, bottom), (left, right) = pads
    return (
        f"# padding='same' as TensorFlow: rows {top} above, {bottom} below; "
        f"columns {left} left, {right} right"
    )


def _conv2d(node: ExportNode, m: _Module) -> None:
    p = node.params
    kernel, strides = pair(p["kernel_size"], (3, 3)), pair(p.get("strides"), (1, 1))
    pads = node_padding(node, kernel, strides)
    symmetric = pads[0][0] == pads[0][1] and pads[1][0] == pads[1][1]
    args = [str(node.input_shape[2]), str(p["filters"]), f"kernel_size={kernel}",
            f"stride={strides}"]  # fmt: skip
    if symmetric and pads != ((0, 0), (0, 0)):
        args.append(f"padding={(pads[0][0], pads[1][0])}")
    if not p.get("use_bias", True):
        args.append("bias=False")
    m.init.call(f"{m.attr(node.id)} = ", "nn.Conv2d", args)
    source = m.get(node.inputs[0], "nchw")
    if not symmetric:
        m.forward.line(_pad_comment(pads))
        padded = f"{m.var(node.id)}_padded"
        (top, bottom), (left, right) = pads
        m.forward.line(
            f"{padded} = F.pad({source}, ({left}, {right}, {top}, {bottom}))"
        )
        source = padded
    inner = f"{m.attr(node.id)}({source})"
    m.forward.line(f"{m.var(node.id)} = {m.activation(node, inner, 'nchw')}")
    m.layouts[node.id] = "nchw"


def _detection_head(node: ExportNode, m: _Module) -> None:
    """A DetectionHead is a same-padded convolution without activation."""
    p = node.params
    anchors = len(p["anchor_sizes"]) * len(p["aspect_ratios"])
    channels = anchors * (5 + int(p["num_classes"]))
    m.forward.line(
        f"# DetectionHead: per cell, {anchors} anchors x (4 box offsets, background,"
    )
    m.forward.line(f"# {p['num_classes']} class scores) = {channels} raw channels")
    conv = {"filters": channels, "strides": (1, 1), "padding": "same"}
    _conv2d(replace(node, params={**p, **conv, "activation": "linear"}), m)


def _pool_shape(node: ExportNode):
    window = pair(node.params.get("pool_size", 2), (2, 2))
    strides = pair(node.params.get("strides"), window)
    return window, strides, node_padding(node, window, strides)


def _max_pool(node: ExportNode, m: _Module) -> None:
    window, strides, pads = _pool_shape(node)
    source = m.get(node.inputs[0], "nchw")
    if pads != ((0, 0), (0, 0)):
        (top, bottom), (left, right) = pads
        m.forward.line(_pad_comment(pads))
        m.forward.line("# (padded with -inf, which never wins a max)")
        source = f"F.pad({source}, ({left}, {right}, {top}, {bottom}), value=-math.inf)"
    m.forward.line(f"{m.var(node.id)} = F.max_pool2d({source}, {window}, {strides})")
    m.layouts[node.id] = "nchw"


def _average_pool(node: ExportNode, m: _Module) -> None:
    window, strides, pads = _pool_shape(node)
    source, var = m.get(node.inputs[0], "nchw"), m.var(node.id)
    if pads == ((0, 0), (0, 0)):
        m.forward.line(f"{var} = F.avg_pool2d({source}, {window}, {strides})")
    else:
        (top, bottom), (left, right) = pads
        box = f"({left}, {right}, {top}, {bottom})"
        m.forward.line(_pad_comment(pads))
        m.forward.line("# (the mean counts real pixels only: divide by their share)")
        pool = f"{window}, {strides})"
        m.forward.line(f"{var}_sum = F.avg_pool2d(F.pad({source}, {box}), {pool}")
        m.forward.line(f"{var}_ones = F.pad(torch.ones_like({source}[:1, :1]), {box})")
        m.forward.line(f"{var}_real = F.avg_pool2d({var}_ones, {pool}")
        m.forward.line(f"{var} = {var}_sum / {var}_real")
    m.layouts[node.id] = "nchw"


def _global_average_pool(node: ExportNode, m: _Module) -> None:
    source = m.get(node.inputs[0])
    dims = "(2, 3)" if m.layouts[node.inputs[0]] == "nchw" else "(1, 2)"
    m.forward.line(f"{m.var(node.id)} = {source}.mean(dim={dims})  # mean over H and W")
    m.layouts[node.id] = "plain"


def _flatten(node: ExportNode, m: _Module) -> None:
    source = m.var(node.inputs[0])
    if m.layouts[node.inputs[0]] == "nchw":
        m.forward.line(
            "# back to (N, H, W, C) first: tf.keras flattens in (H, W, C) order,"
        )
        m.forward.line("# and the next Dense layer's weights expect that order")
        source = f"{source}.permute(0, 2, 3, 1)"
    m.forward.line(f"{m.var(node.id)} = {source}.flatten(1)")
    m.layouts[node.id] = "plain"


def _dropout(node: ExportNode, m: _Module) -> None:
    m.init.line(f"{m.attr(node.id)} = nn.Dropout({literal(node.params['rate'])})")
    m.forward.line(f"{m.var(node.id)} = {m.attr(node.id)}({m.var(node.inputs[0])})")
    m.layouts[node.id] = m.layouts[node.inputs[0]]


def _batch_norm(node: ExportNode, m: _Module) -> None:
    shape = node.input_shape
    if len(shape) not in (1, 3):
        raise ExportError(
            f"BatchNormalization '{node.id}': the PyTorch export normalises vectors or "
            f"images, found an input of shape {shape}"
        )
    image = len(shape) == 3
    kind = "nn.BatchNorm2d" if image else "nn.BatchNorm1d"
    layout = "nchw" if image else "plain"
    momentum = node.params.get("momentum", 0.99)
    m.init.line(f"# tf.keras momentum {literal(momentum)} = PyTorch momentum "
                f"1 - {literal(momentum)}")  # fmt: skip
    m.init.call(f"{m.attr(node.id)} = ", kind, [
        str(shape[-1]), f"eps={literal(node.params.get('epsilon', 1e-3))}",
        f"momentum={literal(round(1.0 - momentum, 12))}"])  # fmt: skip
    source = m.get(node.inputs[0], layout)
    m.forward.line(f"{m.var(node.id)} = {m.attr(node.id)}({source})")
    m.layouts[node.id] = layout
    if not node.trainable:
        m.frozen_norms.append(m.attr(node.id))


def _activation(node: ExportNode, m: _Module) -> None:
    layout = m.layouts[node.inputs[0]]
    expression = m.activation(node, m.var(node.inputs[0]), layout)
    m.forward.line(f"{m.var(node.id)} = {expression}")
    m.layouts[node.id] = layout


def _merge_sources(node: ExportNode, m: _Module) -> tuple[list[str], str]:
    layout = m.layouts[node.inputs[0]]
    return [m.get(i, layout) for i in node.inputs], layout


def _add(node: ExportNode, m: _Module) -> None:
    sources, layout = _merge_sources(node, m)
    m.forward.line(f"{m.var(node.id)} = {' + '.join(sources)}")
    m.layouts[node.id] = layout


def _concatenate(node: ExportNode, m: _Module) -> None:
    sources, layout = _merge_sources(node, m)
    rank = len(node.output_shape) + 1
    axis = node.params.get("axis", -1) % rank
    dim = {0: 0, 1: 2, 2: 3, 3: 1}[axis] if layout == "nchw" else axis
    note = f"  # tf.keras axis {node.params.get('axis', -1)}" if dim != axis else ""
    m.forward.line(
        f"{m.var(node.id)} = torch.cat([{', '.join(sources)}], dim={dim}){note}"
    )
    m.layouts[node.id] = layout


#: node type -> writer of its ``__init__`` and ``forward`` lines
TORCH_LAYERS: dict[str, Writer] = {
    "Input": _input,
    "Dense": _dense,
    "Conv2D": _conv2d,
    "DetectionHead": _detection_head,
    "MaxPooling2D": _max_pool,
    "AveragePooling2D": _average_pool,
    "GlobalAveragePooling2D": _global_average_pool,
    "Flatten": _flatten,
    "Dropout": _dropout,
    "BatchNormalization": _batch_norm,
    "Activation": _activation,
    "Add": _add,
    "Concatenate": _concatenate,
}
