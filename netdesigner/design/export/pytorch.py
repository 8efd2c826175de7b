"""Export a design as a readable PyTorch script: an ``nn.Module`` that matches tf.keras.

The script defines ``Net`` (whose ``forward`` takes the same channels-last batch as
the Input node and returns what ``netdesigner predict`` returns), ``load_weights``
(NetDesigner's tf.keras layouts converted: Dense kernel (in, out) → weight (out, in),
Conv2D kernel (kh, kw, in, out) → weight (out, in, kh, kw)), ``build_model()``, and a
``__main__`` section that trains with the usual loop (``pytorch_train``). The
per-layer code and the layout changes are in ``pytorch_layers``.
"""

from __future__ import annotations

from pathlib import Path

from netdesigner.design.export.base import EXPORTERS, ExportError
from netdesigner.design.export.codegen import CodeWriter, identifiers, shape_text
from netdesigner.design.export.common import (
    ScriptFiles,
    header_lines,
    perceptron_node,
    script_settings,
    stdlib_imports,
    weights_lines,
)
from netdesigner.design.export.graph import ExportGraph, ExportNode, export_graph
from netdesigner.design.export.pytorch_detection import (
    check_no_bundle_data,
    detection_head,
    write_detect_method,
)
from netdesigner.design.export.pytorch_init import init_lines
from netdesigner.design.export.pytorch_layers import (
    RESERVED,
    STEP_HELPER,
    TORCH_LAYERS,
    _Module,
)
from netdesigner.design.export.pytorch_train import write_training
from netdesigner.design.model import Design

#: node type -> (PyTorch attribute, NetDesigner weight, layout change) to copy
WEIGHT_COPIES: dict[str, list[tuple[str, str, str]]] = {
    "Dense": [("weight", "kernel", ".T"), ("bias", "bias", "")],
    "Conv2D": [("weight", "kernel", ".transpose(3, 2, 0, 1)"), ("bias", "bias", "")],
    "DetectionHead": [
        ("weight", "kernel", ".transpose(3, 2, 0, 1)"),
        ("bias", "bias", ""),
    ],
    "BatchNormalization": [
        ("weight", "gamma", ""),
        ("bias", "beta", ""),
        ("running_mean", "moving_mean", ""),
        ("running_var", "moving_variance", ""),
    ],
}

WEIGHT_COMMENTS = {
    "Dense": "kernel (in, out) -> weight (out, in)",
    "Conv2D": "kernel (kh, kw, in, out) -> weight (out, in, kh, kw)",
    "DetectionHead": "kernel (kh, kw, in, out) -> (out, in, kh, kw)",
    "BatchNormalization": "gamma, beta, moving mean and variance",
}


def build_module(graph: ExportGraph) -> _Module:
    """Run every node's writer in order; ``x`` is the Input's variable."""
    names = identifiers((n.id for n in graph.nodes[1:]), RESERVED)
    names[graph.input.id] = "x"
    module = _Module(names=names)
    for node in graph.nodes:
        writer = TORCH_LAYERS.get(node.type)
        if writer is None:
            raise ExportError(
                f"node '{node.id}': the PyTorch export does not know the layer type "
                f"'{node.type}'; expected one of: {', '.join(TORCH_LAYERS)}"
            )
        writer(node, module)
    return module


def write_net(w: CodeWriter, design: Design, graph: ExportGraph, m: _Module) -> None:
    with w.block("class Net(nn.Module):"):
        w.docstring(
            f"{design.name} as a PyTorch module, taking inputs as tf.keras does."
        )
        w.blank()
        with w.block("def __init__(self):"):
            w.line("super().__init__()")
            w.extend(m.init.lines)
            inits = [
                line
                for node in graph.nodes
                for line in init_lines(node, m.attr(node.id))
            ]
            if inits:
                w.line("# the design's initializers, drawn as tf.keras draws them")
                w.extend(inits)
            for node in graph.nodes:
                if not node.trainable and node.type in WEIGHT_COPIES:
                    attr = m.attr(node.id)
                    with w.block(f"for parameter in {attr}.parameters():"):
                        w.line(
                            "parameter.requires_grad_(False)  # frozen in the design"
                        )
        w.blank()
        with w.block("def forward(self, x):"):
            last = ", channels last" if len(graph.input.output_shape) == 3 else ""
            w.docstring(
                f"x : {shape_text(graph.input.output_shape)} float32{last} (Input node "
                f"'{graph.input.id}').\n\n"
                f"Returns {shape_text(graph.output.output_shape)}: the output after "
                "the last activation, as `netdesigner predict` gives it."
            )
            out = m.get(graph.output.id, "nhwc")  # may add a last permute
            w.extend(m.forward.lines)
            w.line(f"return {out}")
        if detection_head(graph) is not None:
            write_detect_method(w)
        if m.frozen_norms:
            _write_train_override(w, m)


def _write_train_override(w: CodeWriter, m: _Module) -> None:
    w.blank()
    with w.block("def train(self, mode=True):"):
        w.line('"""Frozen batch norms keep their moving statistics, as in tf.keras."""')
        w.line("super().train(mode)")
        for attr in m.frozen_norms:
            w.line(f"{attr}.eval()")
        w.line("return self")


def write_load_weights(w: CodeWriter, graph: ExportGraph, m: _Module) -> None:
    with w.block("def load_weights(model, weights_file):"):
        w.docstring(
            "Copy NetDesigner's trained arrays (tf.keras layouts) into the model."
        )
        w.line("weights = np.load(weights_file, allow_pickle=False)")
        w.blank()
        with w.block("def put(target, array):"):
            w.line("target.copy_(torch.from_numpy(np.ascontiguousarray(array)))")
        w.blank()
        with w.block("with torch.no_grad():"):
            copies = [n for n in graph.nodes if n.type in WEIGHT_COPIES]
            if not copies:
                w.line("pass  # this design has no weights")
            for node in copies:
                _write_copies(w, node, m)


def _write_copies(w: CodeWriter, node: ExportNode, m: _Module) -> None:
    w.line(f"# {node.type} '{node.id}': {WEIGHT_COMMENTS[node.type]}")
    for attr, key, change in WEIGHT_COPIES[node.type]:
        if attr == "bias" and not node.params.get("use_bias", True):
            continue
        target = f"model.{m.names[node.id]}.{attr}"
        w.call("", "put", [target, f'weights["{node.id}/{key}"]{change}'])


def write_build_model(w: CodeWriter) -> None:
    with w.block("def build_model(weights_file=WEIGHTS_FILE):"):
        w.docstring(
            "The design as a PyTorch module, in evaluation mode.\n\n"
            "The trained weights are loaded from ``weights_file``; None gives\n"
            "freshly initialised weights. Call ``model.train()`` before training."
        )
        w.line("model = Net()")
        with w.block("if weights_file is not None:"):
            w.line("load_weights(model, weights_file)")
        w.line("model.eval()  # dropout off; batch norm uses its moving averages")
        w.line("return model")


def pytorch_script(
    design: Design,
    design_path: Path | str | None,
    out: Path | str,
    files: ScriptFiles | None = None,
) -> str:
    """The text of the PyTorch script for ``design`` written to ``out``.

    files : the weights (and a bundle's data) written with the script; None for
        the design's own weights file and ``netdesigner.data``.
    """
    graph = export_graph(design)
    module = build_module(graph)  # what PyTorch cannot express fails first
    check_no_bundle_data(graph, files is not None and files.data is not None)
    settings = script_settings(design, graph, design_path, out, files)
    w = CodeWriter()
    usage = () if perceptron_node(graph) else TORCHRUN
    w.extend(header_lines(design, "a PyTorch script", "PyTorch", settings, usage))
    body = CodeWriter()
    if module.uses_step:
        body.blank(2)
        body.extend(STEP_HELPER)
    body.blank(2)
    write_net(body, design, graph, module)
    body.blank(2)
    write_load_weights(body, graph, module)
    body.blank(2)
    write_build_model(body)
    write_training(body, graph, settings, module.names)
    text = body.text()
    constants = weights_lines(settings)
    w.blank()
    w.extend(stdlib_imports(text + "\n".join(constants)))
    w.extend(["import numpy as np", "import torch"])
    if "dist." in text:
        w.line("import torch.distributed as dist")
    if "F." in text:
        w.line("import torch.nn.functional as F")
    w.line("from torch import nn")
    if "DDP(" in text:
        w.line("from torch.nn.parallel import DistributedDataParallel as DDP")
    w.blank()
    w.extend(constants)
    w.extend(body.lines)
    return w.text()


#: how the header tells to run the script on several GPUs or machines
TORCHRUN = (
    "On a GPU it uses CUDA (or Apple's MPS) and says which device. On several "
    "GPUs or machines, start one process per device with torchrun; each trains on "
    "its share of every batch and DistributedDataParallel averages the gradients:",
    "    torchrun --nproc_per_node=2 SCRIPT --ddp",
)


@EXPORTERS.register("pytorch")
def export_pytorch(
    design: Design,
    design_path: Path | str | None,
    out: Path,
    files: ScriptFiles | None = None,
) -> None:
    """Write the PyTorch script of ``design`` to ``out``."""
    from netdesigner.design.export.files import write_text

    write_text(out, pytorch_script(design, design_path, out, files))
