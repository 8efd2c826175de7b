"""Parts shared by the Keras and PyTorch scripts: settings, data loading, schedules.

``script_settings(design, graph)`` gathers, at export time, everything the generated
``__main__`` section needs (loss, optimizer, batch size, the data set's arguments and
the targets' form), so that the written script is plain code without NetDesigner's
defaulting logic. The data set itself is loaded when the script runs, through
``netdesigner.data.load_dataset``.
"""

from __future__ import annotations

import math
import os
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netdesigner.design import defaults
from netdesigner.design.errors import DesignError
from netdesigner.design.export.base import ExportError
from netdesigner.design.export.codegen import (
    WIDTH,
    CodeWriter,
    docstring,
    literal,
    wrap,
)
from netdesigner.design.export.graph import ExportGraph, ExportNode
from netdesigner.design.model import Design
from netdesigner.design.session_data import dataset_arguments, dataset_file
from netdesigner.design.targets import TargetEncoding, target_encoding

#: targets' form -> (source turning labels ``{y}`` into targets, comment)
ENCODING_SOURCES: dict[str, tuple[str, str]] = {
    "index": ("{y}", "class indices 0 … K−1"),
    "one_hot": ('np.eye({k}, dtype="float32")[{y}]', "one-hot rows"),
    "zero_one": ('{y}.astype("float32").reshape(-1, 1)', "0/1 in one column"),
    "signed": (
        '(2.0 * {y} - 1.0).astype("float32").reshape(-1, 1)',
        "−1/+1 in one column, as TensorFlow Playground",
    ),
    "value": ('{y}.astype("float32").reshape(-1, 1)', "target values in one column"),
    "boxes": (
        "prepare_targets({y})",
        "per anchor [dx, dy, dw, dh, class, box index], then the image's boxes",
    ),
}


@dataclass
class ScriptSettings:
    """What the generated training code needs, resolved at export time."""

    loss: str
    optimizer: dict[str, Any]
    given_optimizer: dict[str, Any]
    lr_schedule: dict[str, Any] | None
    batch_size: int
    epochs: int
    seed: int
    early_stopping: dict[str, Any] | None
    dataset_name: str | None
    dataset_file: Path | None
    dataset_args: dict[str, Any]
    encoding: TargetEncoding
    script: Path | None = None  # where the script goes (for relative file names)
    weights_file: Path | None = None  # the trained weights the script loads
    frozen: list[str] = field(default_factory=list)  # ids of frozen weighted nodes
    bundle_data: Path | None = None  # a bundle's data file (no netdesigner needed)


def output_activation(graph: ExportGraph) -> str | None:
    """The activation applied last by the output node (None when it has none)."""
    return graph.output.params.get("activation")


#: node types that hold weights (a frozen one starts from the trained weights)
WEIGHTED = ("Dense", "Conv2D", "BatchNormalization", "DetectionHead")


@dataclass(frozen=True)
class ScriptFiles:
    """Files a script names instead of the design's own.

    weights : the trained weights written for the script (None: none are).
    data : a bundle's data file; the script then reads it with NumPy alone.
    """

    weights: Path | None = None
    data: Path | None = None


def script_settings(
    design: Design,
    graph: ExportGraph,
    design_path: Path | str | None,
    out: Path | str | None = None,
    files: ScriptFiles | None = None,
) -> ScriptSettings:
    """Training and data settings of ``design`` with every default filled in.

    Without ``files``, the script loads the weights saved beside the design (when
    that file exists) and the data set through ``netdesigner.data``.
    """
    training = defaults.resolved_training(design)
    base_dir = None if design_path is None else Path(design_path).parent
    data_file = dataset_file(design, base_dir)
    # only what the design says: load_dataset's defaults are the design's defaults
    args = {
        k: v
        for k, v in dataset_arguments(design).items()
        if k in design.dataset and v is not None and v is not False
    }
    return ScriptSettings(
        loss=training["loss"],
        optimizer=dict(training["optimizer"]),
        given_optimizer=dict(design.training.get("optimizer") or {"type": "adam"}),
        lr_schedule=training.get("lr_schedule"),
        batch_size=int(training["batch_size"]),
        epochs=int(training["epochs"]),
        seed=int(training["seed"]),
        early_stopping=training.get("early_stopping"),
        dataset_name=None if data_file else defaults.resolved_dataset(design)["name"],
        dataset_file=None if data_file is None else Path(os.path.abspath(data_file)),
        dataset_args=args,
        encoding=_encoding(training["loss"], graph, design, data_file),
        script=None if out is None else Path(out),
        weights_file=_weights_file(design_path, files),
        frozen=[n.id for n in graph.nodes if not n.trainable and n.type in WEIGHTED],
        bundle_data=None if files is None else files.data,
    )


def _weights_file(design_path: Path | str | None, files: ScriptFiles | None):
    """The weights the script names: written for it, or the design's existing file."""
    from netdesigner.design.export.base import weights_file

    if files is not None:
        return files.weights
    path = weights_file(design_path)
    return path if path is not None and path.is_file() else None


@dataclass(frozen=True)
class _DataFacts:
    """What the export needs to know of the data set without its arrays."""

    name: str
    task: str
    n_classes: int
    input_shape: tuple[int, ...]


def _data_facts(design: Design, data_file: Path | None) -> _DataFacts:
    """Task, classes and example shape of the design's data set (a file is loaded)."""
    from netdesigner.data import DataError, dataset_info, load_dataset
    from netdesigner.data.images import image_input_shape

    dataset = defaults.resolved_dataset(design)
    try:
        if data_file is not None:
            data = load_dataset(path=data_file, **dataset_arguments(design))
            info = data.info
            return _DataFacts(info.name, info.task, info.n_classes, data.input_shape)
        info = dataset_info(dataset["name"])
    except DataError as exc:
        raise ExportError(str(exc)) from None
    if info.kind == "image":
        shape = image_input_shape(info.input_shape)  # grey images get a channel
    else:
        features = dataset.get("features")
        shape = (len(features),) if features else tuple(info.input_shape)
    n_classes = int(dataset.get("n_classes") or info.n_classes)
    return _DataFacts(info.name, info.task, n_classes, tuple(shape))


def _encoding(
    loss: str, graph: ExportGraph, design: Design, data_file: Path | None
) -> TargetEncoding:
    """How the script turns labels into targets; the data must fit the network."""
    facts = _data_facts(design, data_file)
    if tuple(graph.input.output_shape) != facts.input_shape:
        raise ExportError(
            f"the data set '{facts.name}' gives examples of shape {facts.input_shape}, "
            f"but the Input node takes {graph.input.output_shape}; set the Input shape "
            f"to {list(facts.input_shape)} so that the exported script can train"
        )
    units = int(math.prod(graph.output.output_shape))
    n_classes = 0 if facts.task == "regression" else facts.n_classes
    activation = output_activation(graph)
    try:
        return target_encoding(loss, activation, units, facts.task, n_classes)
    except DesignError as exc:
        raise ExportError(f"{exc}, so that the exported script can train") from None


def path_expression(path: Path | str, out: Path | str | None) -> str:
    """Python code for ``path`` in the script ``out``: relative to the script's
    folder when the file lies in it or below (so the two travel together), else
    absolute."""
    function, args = path_call(path, out)
    return f"{function}({', '.join(args)})"


def path_call(path: Path | str, out: Path | str | None) -> tuple[str, list[str]]:
    """``path_expression`` as the function called and its argument sources."""
    path = Path(os.path.abspath(path))
    if out is None:
        return "Path", [literal(str(path))]
    try:
        relative = Path(os.path.relpath(path, Path(os.path.abspath(out)).parent))
    except ValueError:  # another drive on Windows
        relative = Path("..")
    if ".." in relative.parts:
        return "Path", [literal(str(path))]
    return "Path(__file__).resolve().parent.joinpath", [
        literal(p) for p in relative.parts
    ]


def weights_lines(settings: ScriptSettings) -> list[str]:
    """The ``WEIGHTS_FILE`` constant (and ``DATA_FILE`` in a bundle), named
    relative to the script when they lie beside or below it."""
    comment = [
        "# Trained weights saved by NetDesigner: keys",
        '# "<layer name>/<weight name>", arrays in tf.keras layouts.',
    ]
    lines = [*comment, *_file_constant("WEIGHTS_FILE", settings.weights_file, settings)]
    if settings.weights_file is None:
        lines.insert(2, "# (No trained weights were exported with this script.)")
    if settings.bundle_data is not None:
        lines.append("# The design's data set, saved by NetDesigner (NumPy arrays).")
        lines.extend(_file_constant("DATA_FILE", settings.bundle_data, settings))
    return lines


def _file_constant(name: str, path: Path | None, settings: ScriptSettings):
    if path is None:
        return [f"{name} = None"]
    writer = CodeWriter()
    writer.call(f"{name} = ", *path_call(path, settings.script))
    return writer.lines


def write_load_data(writer: CodeWriter, settings: ScriptSettings) -> None:
    """``def load_data()``: the design's data set, as the network and loss take it."""
    kind = settings.encoding.kind
    source, comment = ENCODING_SOURCES[kind]
    k = settings.encoding.n_classes
    bundled = settings.bundle_data is not None
    with writer.block("def load_data():"):
        where = "DATA_FILE (NumPy alone)" if bundled else "netdesigner.data"
        writer.docstring(
            f"The design's data set through {where}, ready for the model.\n\n"
            "Inputs are what the Input node receives; targets are in the form the "
            f"loss {settings.loss} takes: {comment}."
        )
        if bundled:
            _write_bundle_inputs(writer, settings)
            labels = ('data["y_train"]', 'data["y_test"]')
        else:
            _write_netdesigner_inputs(writer, settings)
            labels = ("data.y_train", "data.y_test")
        writer.line(f"# targets: {comment}")
        writer.line("y_train = " + source.format(y=labels[0], k=k))
        writer.line("y_test = " + source.format(y=labels[1], k=k))
        writer.line("return (x_train, y_train), (x_test, y_test)")


def _write_netdesigner_inputs(writer: CodeWriter, settings: ScriptSettings) -> None:
    kwargs = [
        f"{k}={literal(v, tuples=False)}" for k, v in settings.dataset_args.items()
    ]
    writer.line("from netdesigner.data import load_dataset")
    writer.blank()
    if settings.dataset_file is None:
        writer.call(
            "data = ", "load_dataset", [literal(settings.dataset_name), *kwargs]
        )
    else:
        writer.line("# the design's imported data file")
        where = path_expression(settings.dataset_file, settings.script)
        writer.call("data = ", "load_dataset", [f"path={where}", *kwargs])
    writer.line("x_train = data.transform(data.x_train)  # float32, as the Input")
    writer.line("x_test = data.transform(data.x_test)")


def _write_bundle_inputs(writer: CodeWriter, settings: ScriptSettings) -> None:
    writer.line("data = np.load(DATA_FILE, allow_pickle=False)")
    writer.line("# pixels are stored as bytes with their scale (1/255); features as")
    writer.line("# float32 with scale 1")
    writer.line('scale = data["scale"]')
    writer.line('x_train = np.multiply(data["x_train"], scale, dtype="float32")')
    writer.line('x_test = np.multiply(data["x_test"], scale, dtype="float32")')
    if settings.dataset_args.get("standardize"):
        # stored pixels carry their channels' statistics; features come standardised
        with writer.block('if "mean" in data:'):
            writer.line("# each channel standardised with the training set's mean, std")
            writer.line('x_train = (x_train - data["mean"]) / data["std"]')
            writer.line('x_test = (x_test - data["mean"]) / data["std"]')


def write_schedule(writer: CodeWriter, settings: ScriptSettings) -> bool:
    """``def learning_rate(epoch)`` when the design has a schedule; False otherwise."""
    schedule = settings.lr_schedule
    if isinstance(schedule, str):
        schedule = {"type": schedule}
    if not schedule or schedule.get("type") == "constant":
        return False
    base = settings.optimizer.get("learning_rate")
    with writer.block("def learning_rate(epoch):"):
        writer.line(f'"""Learning rate of epoch ``epoch`` (from 0): the design\'s '
                    f'{schedule["type"]} schedule."""')  # fmt: skip
        writer.line(f"base = {literal(base)}")
        _schedule_body(writer, schedule, settings.epochs)
    return True


def _schedule_body(writer: CodeWriter, config: dict[str, Any], epochs: int) -> None:
    kind = config.get("type")
    writer_fn = _SCHEDULE_WRITERS.get(kind)
    if writer_fn is None:
        raise ExportError(
            f"the learning-rate schedule '{kind}' cannot be exported; expected one "
            f"of: {', '.join(_SCHEDULE_WRITERS)}"
        )
    writer_fn(writer, config, epochs)


def _constant(writer: CodeWriter, config: dict[str, Any], epochs: int) -> None:
    writer.line("return base")


def _step(writer: CodeWriter, config: dict[str, Any], epochs: int) -> None:
    every = config.get("drop_every", 10)
    factor = config.get("factor", 0.5)
    writer.line(f"return base * {literal(factor)} ** (epoch // {every})")


def _exponential(writer: CodeWriter, config: dict[str, Any], epochs: int) -> None:
    rate = config.get("decay_rate", 0.96)
    steps = config.get("decay_steps", 1)
    power = f"(epoch // {steps})" if config.get("staircase") else f"(epoch / {steps})"
    writer.line(f"return base * {literal(rate)} ** {power}")


def _cosine(writer: CodeWriter, config: dict[str, Any], epochs: int) -> None:
    steps = config.get("decay_steps") or max(1, epochs)
    alpha = config.get("alpha", 0.0)
    writer.line(
        f"cosine = 0.5 * (1 + math.cos(math.pi * min(epoch, {steps}) / {steps}))"
    )
    writer.line(f"return base * ((1 - {literal(alpha)}) * cosine + {literal(alpha)})")


def _warmup(writer: CodeWriter, config: dict[str, Any], epochs: int) -> None:
    warm = config.get("warmup_epochs", 5)
    with writer.block(f"if epoch < {warm}:"):
        writer.line(f"return base * (epoch + 1) / {warm}  # linear warm-up")
    writer.line(f"epoch -= {warm}")
    then = config.get("then") or {"type": "constant"}
    if isinstance(then, str):
        then = {"type": then}
    _schedule_body(writer, then, max(1, epochs - warm))


_SCHEDULE_WRITERS = {
    "constant": _constant,
    "step": _step,
    "exponential": _exponential,
    "cosine": _cosine,
    "warmup": _warmup,
}


def header_lines(
    design: Design,
    what: str,
    needs: str,
    settings: ScriptSettings,
    usage: tuple[str, ...] = (),
) -> list[str]:
    """The module docstring of an exported script, as lines.

    usage : more ways to run the script (e.g. under torchrun), one paragraph each.
    """
    script = settings.script.name if settings.script else "model.py"
    data = (
        "and NumPy; the data set is in DATA_FILE, so netdesigner is not needed"
        if settings.bundle_data is not None
        else "and netdesigner for the data set"
    )
    frozen = []
    if settings.frozen:
        frozen = [
            f"The frozen layers ({', '.join(settings.frozen)}) start from their "
            "trained weights in WEIGHTS_FILE; the others start fresh. Without that "
            "file the script stops, unless run with --from-scratch.",
            "",
        ]
    if settings.dataset_args.get("augment"):
        frozen += [
            "NetDesigner augments the training images (random flips and shifts); "
            "this script does not: it trains on the images as they are.",
            "",
        ]
    text = [
        f"{design.name} — {what} exported from NetDesigner.",
        "",
        *([design.description.strip(), ""] if design.description.strip() else []),
        "build_model() returns the model, with the trained weights loaded from",
        "WEIGHTS_FILE when there is one. Run this file to load the design's data set",
        "and train the model, one line per epoch, ending with the test figure:",
        "",
        f"    python {script} [--epochs N] [--batch-size N]",
        "",
        *frozen,
        *[line for p in usage for line in (p.replace("SCRIPT", script), "")],
        f"It needs {needs}, {data}.",
    ]
    return docstring(wrap("\n".join(text)))


def perceptron_node(graph: ExportGraph) -> ExportNode | None:
    """The neuron of a lone step neuron (Input → Dense(1, "step")), else None.

    NetDesigner trains such a design with Rosenblatt's rule, and so do the scripts.
    """
    node = graph.output
    lone = len(graph.nodes) == 2 and len(graph.input.output_shape) == 1
    if lone and node.type == "Dense" and node.params.get("activation") == "step":
        if node.params["units"] == 1 and node.params.get("use_bias", True):
            return node
    return None


def write_perceptron_rule(w: CodeWriter, settings: ScriptSettings) -> None:
    """``def train_perceptron(model, x, y)`` using ``get_neuron``/``set_neuron``."""
    rate = literal(settings.optimizer.get("learning_rate", 1.0))
    with w.block(f"def train_perceptron(model, x, y, epochs={settings.epochs}):"):
        w.docstring(
            "Rosenblatt's rule, as NetDesigner trains a lone step neuron.\n\n"
            "After each example: w += rate · (target − prediction) · x and "
            "b += rate · (target − prediction); the step's zero gradient rules out "
            "fit()."
        )
        w.line(f"rate = {rate}")
        w.line(f"rng = np.random.default_rng({settings.seed})")
        w.line("kernel, bias = get_neuron(model)")
        with w.block("for epoch in range(epochs):"):
            w.line("mistakes = 0")
            with w.block("for i in rng.permutation(len(x)):"):
                w.line("target = float(y[i, 0] > 0)  # class 1 or 0")
                w.line("predicted = float(x[i] @ kernel[:, 0] + bias[0] >= 0)")
                w.line("error = target - predicted")
                w.line("kernel[:, 0] += rate * error * x[i]")
                w.line("bias[0] += rate * error")
                w.line("mistakes += int(error != 0)")
            w.line('print(f"epoch {epoch + 1}/{epochs}: {mistakes} mistakes")')
            with w.block("if mistakes == 0:"):
                w.line('print("converged: every training example is right")')
                w.line("break")
        w.line("set_neuron(model, kernel, bias)")


def write_parse_args(w: CodeWriter, settings: ScriptSettings, ddp: bool = False):
    """``def parse_args()``: --epochs, --batch-size, and --from-scratch for a design
    with frozen layers (and --ddp for the PyTorch script)."""
    with w.block("def parse_args():"):
        w.line('"""The command line; the defaults are the design\'s settings."""')
        w.line('parser = argparse.ArgumentParser(description=__doc__.split("\\n")[0])')
        _argument(w, "--epochs", f"type=int, default={settings.epochs}",
                  f"epochs to train (the design: {settings.epochs})")  # fmt: skip
        _argument(w, "--batch-size", f"type=int, default={settings.batch_size}",
                  f"examples per step (the design: {settings.batch_size})")  # fmt: skip
        if settings.frozen:
            _argument(w, "--from-scratch", 'action="store_true"',
                      "start the frozen layers from random weights too")  # fmt: skip
        if ddp:
            ddp_help = "DistributedDataParallel, a process per device (torchrun)"
            _argument(w, "--ddp", 'action="store_true"', ddp_help)
        w.line("return parser.parse_args()")


def _argument(w: CodeWriter, name: str, kind: str, help_text: str) -> None:
    w.call(
        "", "parser.add_argument", [literal(name), kind, f"help={literal(help_text)}"]
    )


def write_starting_model_head(w: CodeWriter, settings: ScriptSettings) -> None:
    """The part of ``starting_model(from_scratch)`` both exporters share, written
    inside its ``def``: fresh weights, the weights-file check and ``trained``; the
    caller then copies the frozen layers from ``trained`` into ``model``."""
    w.docstring(
        "Fresh weights for the layers that learn, as the course trains; the "
        "frozen layers keep their trained weights from WEIGHTS_FILE (transfer "
        "learning), unless ``from_scratch``."
    )
    w.line("model = build_model(weights_file=None)")
    with w.block("if from_scratch:"):
        w.line("return model")
    write_weights_check(w, settings)
    w.line("trained = build_model(WEIGHTS_FILE)")


def write_weights_check(w: CodeWriter, settings: ScriptSettings) -> None:
    """Stop with a sentence when the frozen layers' trained weights are missing."""
    layers = ", ".join(settings.frozen)
    sentence = (
        f"no trained weights there; the frozen layers ({layers}) start from them. "
        "Put the file there, or run with --from-scratch to train from random weights."
    )
    parts = textwrap.wrap(sentence, WIDTH - 4 * 4 - 4, drop_whitespace=False)
    with w.block("if WEIGHTS_FILE is None or not Path(WEIGHTS_FILE).exists():"):
        with w.block("sys.exit(", ")"):
            w.line('f"{WEIGHTS_FILE}: "')
            w.extend(literal(part) for part in parts)


def standard_imports(body: str) -> list[str]:
    """``import argparse`` / ``copy`` / ``math`` / ``os`` / ``sys`` when the
    script's ``body`` uses them."""
    names = ("argparse", "copy", "math", "os", "sys")
    return [f"import {name}" for name in names if re.search(rf"\b{name}\.", body)]


def stdlib_imports(text: str) -> list[str]:
    """The standard library's imports ``text`` uses, then a blank line (if any)."""
    lines = standard_imports(text)
    if "Path(" in text:
        lines.append("from pathlib import Path")
    return [*lines, ""] if lines else []
