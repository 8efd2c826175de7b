"""Export a design as a readable tf.keras (Keras 3) script.

The script has ``build_model()`` (a ``keras.Sequential`` for a chain, the functional
API for branches; layer names are the node ids), ``load_weights``, ``compile_model``
with the design's loss, optimizer and metrics, ``load_data`` through
``netdesigner.data``, and a ``__main__`` section that fits and evaluates as the
course's code does. NetDesigner's weights already have tf.keras's layouts, so they go
into ``layer.set_weights`` unchanged.

Two names of the design have no tf.keras twin and are written out: the perceptron's
``step`` activation becomes a small function, and the ``playground`` initializer
becomes ``RandomUniform(-0.5, 0.5)`` for kernels and ``Constant(0.1)`` for biases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netdesigner.design.export.base import EXPORTERS, ExportError
from netdesigner.design.export.codegen import (
    WIDTH,
    CodeWriter,
    identifiers,
    literal,
)
from netdesigner.design.export.common import (
    ScriptFiles,
    header_lines,
    perceptron_node,
    script_settings,
    stdlib_imports,
    weights_lines,
    write_load_data,
    write_parse_args,
    write_schedule,
)
from netdesigner.design.export.graph import (
    ExportGraph,
    ExportNode,
    export_graph,
    node_padding,
    pair,
)
from netdesigner.design.export.keras_train import (
    HELPERS,
    KerasContext,
    write_compile,
    write_main,
    write_perceptron_main,
    write_print_epoch,
    write_starting_model,
)
from netdesigner.design.model import Design
from netdesigner.engine.errors import EngineError
from netdesigner.engine.regularizers import create_regularizer
from netdesigner.i18n import _

#: activations tf.keras knows by the same name
KERAS_ACTIVATIONS = frozenset(
    {"linear", "relu", "sigmoid", "tanh", "softmax", "leaky_relu", "elu",
     "softplus", "swish", "gelu"}
)  # fmt: skip

#: initializer names -> keras.initializers class, for dict specs with arguments
KERAS_INITIALIZERS = {
    "zeros": "Zeros",
    "ones": "Ones",
    "constant": "Constant",
    "random_uniform": "RandomUniform",
    "random_normal": "RandomNormal",
    "glorot_uniform": "GlorotUniform",
    "glorot_normal": "GlorotNormal",
    "he_uniform": "HeUniform",
    "he_normal": "HeNormal",
    "lecun_uniform": "LecunUniform",
    "lecun_normal": "LecunNormal",
}

#: Playground's initializer, per role, in tf.keras terms
PLAYGROUND_INITIALIZERS = {
    "kernel": "keras.initializers.RandomUniform(-0.5, 0.5)",
    "bias": "keras.initializers.Constant(0.1)",
}


#: optimizer type -> keras.optimizers class
@dataclass(frozen=True)
class KerasLayer:
    """How a node type is written: its keras.layers class and positional arguments."""

    cls: str
    positional: tuple[str, ...] = ()


KERAS_LAYERS: dict[str, KerasLayer] = {
    "Dense": KerasLayer("Dense", ("units",)),
    "Conv2D": KerasLayer("Conv2D", ("filters", "kernel_size")),
    "MaxPooling2D": KerasLayer("MaxPooling2D"),
    "AveragePooling2D": KerasLayer("AveragePooling2D"),
    "GlobalAveragePooling2D": KerasLayer("GlobalAveragePooling2D"),
    "Flatten": KerasLayer("Flatten"),
    "Dropout": KerasLayer("Dropout", ("rate",)),
    "BatchNormalization": KerasLayer("BatchNormalization"),
    "Activation": KerasLayer("Activation", ("activation",)),
    "Add": KerasLayer("Add"),
    "Concatenate": KerasLayer("Concatenate"),
}

#: names the script uses itself; a node id equal to one gets another variable name
RESERVED = ("keras", "np", "math", "Path", "model", "weights", "WEIGHTS_FILE",
            "step", "signed_accuracy", "build_model", "load_weights",
            "compile_model", "load_data", "learning_rate", "inputs",
            "weights_file", "DATA_FILE", "parse_args", "print_epoch",
            "starting_model", "args", "argparse", "sys")  # fmt: skip


def weight_names(node: ExportNode) -> list[str]:
    """Names of the node's arrays in ``layer.get_weights()`` order."""
    if node.type in ("Dense", "Conv2D"):
        return ["kernel", "bias"] if node.params.get("use_bias", True) else ["kernel"]
    if node.type == "BatchNormalization":
        return ["gamma", "beta", "moving_mean", "moving_variance"]
    return []


# -- argument values ---------------------------------------------------------------


def _activation(value: Any, ctx: KerasContext, node: ExportNode) -> str:
    value = "linear" if value is None else value
    if value == "step":
        ctx.need("step")
        return "step"
    if value not in KERAS_ACTIVATIONS:
        raise ExportError(
            f"{node.type} '{node.id}': tf.keras has no activation {value!r}; expected "
            f"one of: {', '.join(sorted(KERAS_ACTIVATIONS | {'step'}))}"
        )
    return literal(value)


def _initializer(value: Any, node: ExportNode, role: str) -> str:
    name, args = value, {}
    if isinstance(value, dict):
        args = {k: v for k, v in value.items() if k not in ("type", "class_name")}
        name = value.get("type") or value.get("class_name")
    if name == "playground":
        return PLAYGROUND_INITIALIZERS[role]
    if name not in KERAS_INITIALIZERS:
        raise ExportError(
            f"{node.type} '{node.id}': tf.keras has no initializer {name!r}; expected "
            f"one of: {', '.join([*KERAS_INITIALIZERS, 'playground'])}"
        )
    if not args:
        return literal(name)
    inner = ", ".join(f"{k}={literal(v)}" for k, v in args.items())
    return f"keras.initializers.{KERAS_INITIALIZERS[name]}({inner})"


def _regularizer(value: Any, node: ExportNode) -> str:
    """keras.regularizers with explicit strengths ("l1_l2" is no Keras 3 name)."""
    try:
        reg = create_regularizer(value)
    except EngineError as exc:
        raise ExportError(f"{node.type} '{node.id}': {exc}") from None
    if reg is None:
        return "None"
    if reg.l1 and reg.l2:
        return f"keras.regularizers.L1L2(l1={literal(reg.l1)}, l2={literal(reg.l2)})"
    if reg.l1:
        return f"keras.regularizers.L1({literal(reg.l1)})"
    return f"keras.regularizers.L2({literal(reg.l2)})"


def _value(name: str, value: Any, ctx: KerasContext, node: ExportNode) -> str:
    if name == "activation":
        return _activation(value, ctx, node)
    if name in ("kernel_initializer", "bias_initializer"):
        return _initializer(value, node, name.split("_")[0])
    if name == "kernel_regularizer":
        return _regularizer(value, node)
    return literal(value)


# -- layers ------------------------------------------------------------------------


def layer_call(node: ExportNode, ctx: KerasContext) -> tuple[str, list[str]]:
    """``("keras.layers.Dense", ["4", "activation='tanh'", "name='dense_1'"])``."""
    if node.type == "Input":
        shape = literal(list(node.output_shape))
        return "keras.Input", [f"shape={shape}", f"name={literal(node.id)}"]
    spec = KERAS_LAYERS.get(node.type)
    if spec is None:
        raise ExportError(
            f"node '{node.id}': tf.keras export does not know the layer type "
            f"'{node.type}'; expected one of: {', '.join(KERAS_LAYERS)}"
        )
    args = [_value(p, node.params[p], ctx, node) for p in spec.positional]
    for name, value in node.given.items():
        if name not in spec.positional:
            args.append(f"{name}={_value(name, value, ctx, node)}")
    if not node.trainable:
        args.append("trainable=False")
    args.append(f"name={literal(node.id)}")
    return f"keras.layers.{spec.cls}", args


def layer_notes(node: ExportNode) -> list[str]:
    """Comments a reader needs above a layer (where backends disagree)."""
    if node.type != "AveragePooling2D":
        return []
    window = pair(node.params.get("pool_size", 2), (2, 2))
    pads = node_padding(node, window, pair(node.params.get("strides"), window))
    if pads[0][0] == pads[0][1] and pads[1][0] == pads[1][1]:
        return []
    return [
        "# One-sided 'same' padding: TensorFlow (and NetDesigner) average the real",
        "# pixels only; Keras's PyTorch backend repeats the edge pixels instead.",
    ]


def model_name(design: Design) -> str:
    """The design's name as a Keras model name (letters, digits, ``_.-``)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", design.name).strip("_") or "model"


def _write_sequential(w: CodeWriter, graph: ExportGraph, ctx: KerasContext, name: str):
    w.line("# A chain of layers: a Sequential model.")
    with w.block("model = keras.Sequential(", ")"):
        with w.block("[", "],"):
            for node in graph.nodes:
                function, args = layer_call(node, ctx)
                w.extend(layer_notes(node))
                w.call("", function, args, ",")
        w.line(f"name={literal(name)},")


def _write_functional(w: CodeWriter, graph: ExportGraph, ctx: KerasContext, name: str):
    w.line("# Branches and merges: the functional API, one line per node.")
    names = identifiers((n.id for n in graph.nodes[1:]), RESERVED)
    names[graph.input.id] = "inputs"  # the usual name in Keras's functional API
    for node in graph.nodes:
        function, args = layer_call(node, ctx)
        if node.type == "Input":
            w.call(f"{names[node.id]} = ", function, args)
            continue
        w.extend(layer_notes(node))
        feeds = [names[i] for i in node.inputs]
        inputs = feeds[0] if len(feeds) == 1 else "[" + ", ".join(feeds) + "]"
        w.call(f"{names[node.id]} = ", function, args, f"({inputs})")
    inputs, outputs = names[graph.input.id], names[graph.output.id]
    w.call("model = ", "keras.Model", [f"inputs={inputs}", f"outputs={outputs}",
                                        f"name={literal(name)}"])  # fmt: skip


def write_build_model(
    w: CodeWriter, design: Design, graph: ExportGraph, ctx: KerasContext
):
    shape_in = ", ".join(["batch", *map(str, graph.input.output_shape)])
    shape_out = ", ".join(["batch", *map(str, graph.output.output_shape)])
    with w.block("def build_model(weights_file=WEIGHTS_FILE):"):
        w.docstring(
            f"The design as a Keras model: input ({shape_in}), "
            f"output ({shape_out}).\n\n"
            "The trained weights are loaded from ``weights_file``; None gives "
            "freshly initialised weights."
        )
        writer = _write_sequential if graph.is_chain() else _write_functional
        writer(w, graph, ctx, model_name(design))
        with w.block("if weights_file is not None:"):
            w.line("load_weights(model, weights_file)")
        w.line("return model")


def write_load_weights(w: CodeWriter, graph: ExportGraph) -> None:
    with w.block("def load_weights(model, weights_file):"):
        w.docstring(
            "Copy NetDesigner's trained arrays into the layers.\n\n"
            "They are stored in tf.keras's own layouts (Dense kernel (in, out), "
            "Conv2D kernel (kh, kw, in, out), batch norm gamma, beta, moving mean, "
            "variance)."
        )
        w.line("weights = np.load(weights_file, allow_pickle=False)")
        for node in graph.nodes:
            keys = [f'weights["{node.id}/{n}"]' for n in weight_names(node)]
            if not keys:
                continue
            call = f"model.get_layer({literal(node.id)}).set_weights"
            listed = f"[{', '.join(keys)}]"
            if len(listed) + 8 <= WIDTH:
                w.call("", call, [listed])
                continue
            with w.block(f"{call}(", ")"):
                with w.block("[", "]"):
                    w.extend(f"{key}," for key in keys)


def _refuse_detection(graph: ExportGraph) -> None:
    """The multibox loss, anchor matching and NMS have no tf.keras twin here."""
    for node in graph.nodes:
        if node.type == "DetectionHead":
            raise ExportError(
                _(
                    "the Keras export cannot write the DetectionHead '{node}' with "
                    "its anchors, multibox loss and box decoding; export the design "
                    "to PyTorch instead (--to pytorch), which writes them all"
                ).format(node=node.id)
            )


def keras_script(
    design: Design,
    design_path: Path | str | None,
    out: Path | str,
    files: ScriptFiles | None = None,
) -> str:
    """The text of the Keras script for ``design`` written to ``out``.

    files : the weights (and a bundle's data) written with the script; None for
        the design's own weights file and ``netdesigner.data``.
    """
    graph = export_graph(design)
    _refuse_detection(graph)
    settings = script_settings(design, graph, design_path, out, files)
    ctx = KerasContext()
    body = CodeWriter()
    write_build_model(body, design, graph, ctx)
    body.blank(2)
    write_load_weights(body, graph)
    body.blank(2)
    write_compile(body, settings, ctx)
    body.blank(2)
    write_load_data(body, settings)
    body.blank(2)
    write_parse_args(body, settings)
    body.blank(2)
    perceptron = perceptron_node(graph)
    has_schedule = perceptron is None and write_schedule(body, settings)
    if has_schedule:
        body.blank(2)
    if perceptron is not None:
        write_perceptron_main(body, perceptron, settings)
    else:
        write_print_epoch(body)
        body.blank(2)
        if settings.frozen:
            write_starting_model(body, settings)
            body.blank(2)
        write_main(body, settings, has_schedule)

    w = CodeWriter()
    w.extend(header_lines(
        design, "a tf.keras script", "Keras 3 (TensorFlow 2.16 or later, or the "
        "keras package with KERAS_BACKEND=torch or jax)", settings,
    ))  # fmt: skip
    w.blank()
    helpers = CodeWriter()
    for helper in ctx.helpers:
        helpers.blank(2)
        helpers.extend(HELPERS[helper])
    constants = weights_lines(settings)
    w.extend(stdlib_imports(body.text() + "\n".join(constants)))
    w.extend(["import keras", "import numpy as np", ""])
    w.extend(constants)
    w.extend(helpers.lines)
    w.blank(2)
    w.extend(body.lines)
    return w.text()


@EXPORTERS.register("keras")
def export_keras(
    design: Design,
    design_path: Path | str | None,
    out: Path,
    files: ScriptFiles | None = None,
) -> None:
    """Write the tf.keras script of ``design`` to ``out``."""
    from netdesigner.design.export.files import write_text

    write_text(out, keras_script(design, design_path, out, files))
