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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netdesigner.design import defaults
from netdesigner.design.errors import DesignError
from netdesigner.design.export.base import ExportError
from netdesigner.design.export.codegen import CodeWriter, docstring, literal, wrap
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


def output_activation(graph: ExportGraph) -> str | None:
    """The activation applied last by the output node (None when it has none)."""
    return graph.output.params.get("activation")


def script_settings(
    design: Design,
    graph: ExportGraph,
    design_path: Path | str | None,
    out: Path | str | None = None,
) -> ScriptSettings:
    """Training and data settings of ``design`` with every default filled in."""
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
    )


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
        shape = (*info.input_shape, 1)
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
    path = Path(os.path.abspath(path))
    if out is None:
        return f"Path({literal(str(path))})"
    try:
        relative = Path(os.path.relpath(path, Path(os.path.abspath(out)).parent))
    except ValueError:  # another drive on Windows
        relative = Path("..")
    if ".." in relative.parts:
        return f"Path({literal(str(path))})"
    parts = ", ".join(literal(p) for p in relative.parts)
    return f"Path(__file__).resolve().parent.joinpath({parts})"


def weights_lines(design_path: Path | str | None, out: Path | str) -> list[str]:
    """The ``WEIGHTS_FILE`` constant: relative to the script when it lies below it."""
    from netdesigner.design.export.base import weights_file

    path = weights_file(design_path)
    comment = [
        "# Trained weights saved by NetDesigner beside the design: keys",
        '# "<layer name>/<weight name>", arrays in tf.keras layouts.',
    ]
    if path is None:
        return [*comment, "# (The design was not saved, so there is no such file.)",
                "WEIGHTS_FILE = None"]  # fmt: skip
    line = path_expression(path, out)
    if len(line) > 73:
        return [*comment, "WEIGHTS_FILE = (", f"    {line}", ")"]
    return [*comment, f"WEIGHTS_FILE = {line}"]


def write_load_data(writer: CodeWriter, settings: ScriptSettings) -> None:
    """``def load_data()``: the design's data set, as the network and loss take it."""
    kwargs = [
        f"{k}={literal(v, tuples=False)}" for k, v in settings.dataset_args.items()
    ]
    kind = settings.encoding.kind
    source, comment = ENCODING_SOURCES[kind]
    k = settings.encoding.n_classes
    with writer.block("def load_data():"):
        writer.docstring(
            "The design's data set through netdesigner.data, ready for the model.\n\n"
            "Inputs are what the Input node receives; targets are in the form the "
            f"loss {settings.loss} takes: {comment}."
        )
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
        writer.line(f"# targets: {comment}")
        writer.line("y_train = " + source.format(y="data.y_train", k=k))
        writer.line("y_test = " + source.format(y="data.y_test", k=k))
        writer.line("return (x_train, y_train), (x_test, y_test)")


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


def header_lines(design: Design, what: str, needs: str, script: str) -> list[str]:
    """The module docstring of an exported script called ``script``, as lines."""
    text = [
        f"{design.name} — {what} exported from NetDesigner.",
        "",
        *([design.description.strip(), ""] if design.description.strip() else []),
        "build_model() returns the model, with the trained weights loaded when the",
        "weights file saved by NetDesigner exists (see WEIGHTS_FILE). Run this file to",
        "load the design's data set and train the model:",
        "",
        f"    python {script}",
        "",
        f"It needs {needs}, and netdesigner for the data set.",
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
    with w.block("def train_perceptron(model, x, y):"):
        w.docstring(
            "Rosenblatt's rule, as NetDesigner trains a lone step neuron.\n\n"
            "After each example: w += rate · (target − prediction) · x and "
            "b += rate · (target − prediction); the step's zero gradient rules out "
            "fit()."
        )
        w.line(f"rate, epochs = {rate}, {settings.epochs}")
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


def standard_imports(body: str) -> list[str]:
    """``import copy`` / ``import math`` when the script's ``body`` uses them."""
    return [f"import {name}" for name in ("copy", "math") if f"{name}." in body]
