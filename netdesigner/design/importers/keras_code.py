"""tf.keras model code as a design, read with ``ast`` and never executed.

Understood, in the order the statements come (function bodies and ``if`` blocks
included, so an exported script reads back):

* ``keras.Sequential([...])``, ``model.add(layer)``, the functional API
  (``keras.Input``, ``layer(x)``, ``layer([a, b])``, ``keras.Model(inputs,
  outputs)``), under any prefix (``tf.keras.layers.Dense``, ``layers.Dense``,
  ``Dense``);
* ``model.compile(optimizer=..., loss=...)`` and ``model.fit(..., epochs=,
  batch_size=)`` (and an exported script's ``--epochs``/``--batch-size``
  defaults);
* the data set: ``keras.datasets.<name>.load_data()`` for the sets NetDesigner
  has built in, or an exported script's ``load_dataset("name", ...)``.

Arguments must be literals (numbers, strings, lists), initializer or regularizer
objects, or activation names. Anything else in a layer is refused with one
sentence naming the line; other statements (data preparation, plots) are skipped.
"""

from __future__ import annotations

import ast
from typing import Any

from netdesigner.design.catalog import CATALOG
from netdesigner.design.importers.base import (
    OPTIMIZERS,
    DesignBuilder,
    ImportProblem,
    Layer,
    check_arguments,
    initializer_spec,
    loss_name,
    snake,
)
from netdesigner.design.model import Design

#: positional arguments of each tf.keras layer class, in order
POSITIONAL = {
    "Dense": ("units", "activation", "use_bias"),
    "Conv2D": ("filters", "kernel_size", "strides", "padding"),
    "MaxPooling2D": ("pool_size", "strides", "padding"),
    "AveragePooling2D": ("pool_size", "strides", "padding"),
    "Dropout": ("rate",),
    "Activation": ("activation",),
    "Concatenate": ("axis",),
    "BatchNormalization": ("axis", "momentum", "epsilon"),
}

#: initializer classes' positional arguments
INITIALIZER_POSITIONAL = {
    "RandomUniform": ("minval", "maxval"),
    "RandomNormal": ("mean", "stddev"),
    "Constant": ("value",),
}

#: optimizers' positional arguments
OPTIMIZER_POSITIONAL = ("learning_rate",)


class _Unsupported(Exception):
    """A value that is not a literal the importer can read."""


def _dotted(node: ast.AST) -> str:
    """``tf.keras.layers.Dense`` for that attribute chain; "" for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


def _last(node: ast.AST) -> str:
    return _dotted(node).rsplit(".", 1)[-1]


def _is_layer_class(name: str) -> bool:
    """A name that looks like a Keras layer class (CamelCase, not a model)."""
    return bool(name) and name[0].isupper() and name not in ("Sequential", "Model")


class CodeReader(ast.NodeVisitor):
    """Walks the statements in order, building the design as it goes."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.builder = DesignBuilder()
        self.tensors: dict[str, str] = {}  # variable -> node id of its output
        self.layers: dict[str, ast.Call] = {}  # variable -> a layer not yet called
        self.models: set[str] = set()  # variables holding a Sequential model
        self.last: dict[str, str] = {}  # Sequential variable -> its last node id
        self.functions: set[str] = set()
        self.aliases: dict[
            str, str
        ] = {}  # fashion_mnist = keras.datasets.fashion_mnist
        self.model_name: str | None = None
        self.dataset: dict[str, Any] = {}
        self.training: dict[str, Any] = {}
        self.found_model = False

    # -- where and what -----------------------------------------------------------
    def where(self, node: ast.AST) -> str:
        return f"{self.filename}, line {getattr(node, 'lineno', '?')}"

    def value(self, node: ast.AST, what: str) -> Any:
        """A literal argument (tuples become lists)."""
        if isinstance(node, ast.Name) and node.id in self.functions | {"step"}:
            return node.id  # a function written in the file (the perceptron's step)
        if isinstance(node, ast.Attribute) and _dotted(node).split(".")[-2:-1] in (
            ["activations"],
            ["nn"],
        ):
            return node.attr  # keras.activations.relu, tf.nn.relu
        if isinstance(node, ast.Call):
            return self.object_value(node, what)
        try:
            value = ast.literal_eval(node)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            raise ImportProblem(
                f"{self.where(node)}: {what} must be written as a plain value "
                f"(a number, a string or a list), found '{ast.unparse(node)}'"
            ) from None
        return _lists(value)

    def object_value(self, call: ast.Call, what: str) -> Any:
        """``initializers.RandomUniform(-0.5, 0.5)``, ``regularizers.L2(0.01)``."""
        dotted = _dotted(call.func)
        kind = dotted.rsplit(".", 2)[-2] if dotted.count(".") else ""
        name = dotted.rsplit(".", 1)[-1]
        args = {k.arg: self.value(k.value, k.arg) for k in call.keywords if k.arg}
        positional = [self.value(a, what) for a in call.args]
        if kind == "initializers" or what.endswith("_initializer"):
            order = INITIALIZER_POSITIONAL.get(name, ())
            args.update(zip(order, positional, strict=False))
            return initializer_spec(name, args)
        if kind == "regularizers" or what.endswith("_regularizer"):
            key = snake(name)
            if key in ("l1", "l2") and positional:
                args[key] = positional[0]
            return {k: v for k, v in args.items() if k in ("l1", "l2")} or key
        raise ImportProblem(
            f"{self.where(call)}: {what} must be written as a plain value, found "
            f"'{ast.unparse(call)}'"
        )

    # -- layers -------------------------------------------------------------------
    def layer(self, call: ast.Call, inputs: list[str]) -> str:
        """Add the layer ``call`` builds, fed by ``inputs``; its node id."""
        cls = _last(call.func)
        where = self.where(call)
        if cls in ("Input", "InputLayer"):
            return self.input_layer(call)
        if cls not in CATALOG:
            raise ImportProblem(
                f"{where}: NetDesigner has no layer '{cls}' (a custom layer or "
                f"Lambda cannot be drawn); expected one of: "
                f"{', '.join(t for t in CATALOG if t != 'Input')}"
            )
        given = {}
        for key, arg in zip(POSITIONAL.get(cls, ()), call.args, strict=False):
            given[key] = self.value(arg, key)
        if len(call.args) > len(POSITIONAL.get(cls, ())):
            raise ImportProblem(
                f"{where}: {cls} takes at most {len(POSITIONAL.get(cls, ()))} "
                "arguments without names here; name the others (e.g. padding='same')"
            )
        for keyword in call.keywords:
            if keyword.arg is None:
                raise ImportProblem(f"{where}: write {cls}'s arguments out, not **")
            given[keyword.arg] = self.value(keyword.value, keyword.arg)
        trainable = given.get("trainable", True) is not False
        layer = Layer(cls, {}, given.get("name"), trainable, list(inputs), where)
        if not inputs and ("input_shape" in given or "input_dim" in given):
            shape = given.get("input_shape") or [given["input_dim"]]
            layer.inputs = [self.add_input(list(shape), None, call)]
        elif not inputs:
            raise ImportProblem(
                f"{where}: the model has no input before this {cls}; start with "
                "keras.Input(shape=...) or give the first layer input_shape=..."
            )
        layer.params = check_arguments(layer, given)
        return self.builder.add(layer)

    def input_layer(self, call: ast.Call) -> str:
        given = {k.arg: self.value(k.value, str(k.arg)) for k in call.keywords}
        shape = given.get("shape") or given.get("batch_shape", [None])[1:]
        if not shape and call.args:
            shape = self.value(call.args[0], "shape")
        return self.add_input(list(shape or []), given.get("name"), call)

    def add_input(self, shape: list, name: str | None, call: ast.AST) -> str:
        if not shape or not all(isinstance(d, int) and d > 0 for d in shape):
            raise ImportProblem(
                f"{self.where(call)}: the Input needs a shape of whole numbers, e.g. "
                f"shape=(28, 28, 1); found {shape!r}"
            )
        return self.builder.add(Layer("Input", {"shape": shape}, name, where=""))

    def applied(self, node: ast.AST) -> str | None:
        """The node id of ``Dense(...)(x)`` or ``layer(x)``, else None."""
        if not isinstance(node, ast.Call) or not node.args:
            return None
        inner = node.func
        if isinstance(inner, ast.Name) and inner.id in self.layers:
            inner = self.layers.pop(inner.id)
        if not (isinstance(inner, ast.Call) and _is_layer_class(_last(inner.func))):
            return None
        return self.layer(inner, self.tensor_list(node.args[0]))

    def tensor_list(self, node: ast.AST) -> list[str]:
        items = node.elts if isinstance(node, (ast.List, ast.Tuple)) else [node]
        ids = []
        for item in items:
            if not (isinstance(item, ast.Name) and item.id in self.tensors):
                raise ImportProblem(
                    f"{self.where(item)}: expected a layer's output here, found "
                    f"'{ast.unparse(item)}'"
                )
            ids.append(self.tensors[item.id])
        return ids

    # -- statements ---------------------------------------------------------------
    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.functions.add(node.name)
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        # from keras.datasets import mnist
        if (node.module or "").endswith("datasets"):
            for alias in node.names:
                self.aliases[alias.asname or alias.name] = f"datasets.{alias.name}"

    def visit_Assign(self, node: ast.Assign) -> None:
        target = node.targets[0]
        value = node.value
        self.find_dataset(value)
        name = target.id if isinstance(target, ast.Name) else None
        if name and ".datasets." in f".{_dotted(value)}.":
            self.aliases[name] = _dotted(value)
        if not isinstance(value, ast.Call) or name is None:
            return
        cls = _last(value.func)
        if cls == "Sequential":
            self.sequential(name, value)
        elif cls in ("Input", "InputLayer"):
            self.tensors[name] = self.input_layer(value)
        elif cls == "Model":
            self.functional_model(value)
        elif (applied := self.applied(value)) is not None:
            self.tensors[name] = applied
        elif _is_layer_class(cls):
            self.layers[name] = value  # perhaps a layer made now, called later
        else:
            self.expression(value)

    def visit_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Call):
            self.find_dataset(node.value)
            self.expression(node.value)

    def expression(self, call: ast.Call) -> None:
        func = call.func
        if not isinstance(func, ast.Attribute):
            return self.generic_visit(call)
        owner = func.value.id if isinstance(func.value, ast.Name) else None
        if func.attr == "add" and owner in self.models and call.args:
            self.sequential_add(owner, call.args[0])
        elif func.attr == "compile":
            self.compile(call)
        elif func.attr == "fit":
            self.fit(call)
        elif func.attr == "add_argument" and call.args:
            self.script_argument(call)
        return None

    # -- models -------------------------------------------------------------------
    def sequential(self, name: str, call: ast.Call) -> None:
        self.models.add(name)
        self.found_model = True
        self.last[name] = ""
        for keyword in call.keywords:
            if keyword.arg == "name":
                self.model_name = self.value(keyword.value, "name")
        layers = call.args[0] if call.args else None
        for keyword in call.keywords:
            if keyword.arg == "layers":
                layers = keyword.value
        if layers is None:
            return
        if not isinstance(layers, (ast.List, ast.Tuple)):
            raise ImportProblem(
                f"{self.where(layers)}: expected the list of layers, found "
                f"'{ast.unparse(layers)}'"
            )
        for item in layers.elts:
            self.sequential_add(name, item)

    def sequential_add(self, model: str, item: ast.AST) -> None:
        if isinstance(item, ast.Name) and item.id in self.layers:
            item = self.layers.pop(item.id)
        if not (isinstance(item, ast.Call) and _is_layer_class(_last(item.func))):
            raise ImportProblem(
                f"{self.where(item)}: expected a layer such as Dense(10), found "
                f"'{ast.unparse(item)}'"
            )
        previous = self.last[model]
        self.last[model] = self.layer(item, [previous] if previous else [])

    def functional_model(self, call: ast.Call) -> None:
        self.found_model = True
        for keyword in call.keywords:
            if keyword.arg == "name":
                self.model_name = self.value(keyword.value, "name")

    # -- training and data --------------------------------------------------------
    def compile(self, call: ast.Call) -> None:
        for keyword in call.keywords:
            if keyword.arg == "optimizer":
                self.training["optimizer"] = self.optimizer(keyword.value)
            elif keyword.arg == "loss":
                self.training["loss"] = self.loss(keyword.value)
        if call.args:
            self.training["optimizer"] = self.optimizer(call.args[0])
        if len(call.args) > 1:
            self.training["loss"] = self.loss(call.args[1])

    def optimizer(self, node: ast.AST) -> dict[str, Any]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            kind, args = node.value.lower(), {}
        elif isinstance(node, ast.Call):
            kind = _last(node.func).lower()
            values = [self.value(a, "learning rate") for a in node.args]
            args = dict(zip(OPTIMIZER_POSITIONAL, values, strict=False))
            for keyword in node.keywords:
                key = "learning_rate" if keyword.arg == "lr" else str(keyword.arg)
                args[key] = self.value(keyword.value, key)
        else:
            kind = ""
        if kind not in OPTIMIZERS:
            raise ImportProblem(
                f"{self.where(node)}: NetDesigner has no optimizer "
                f"'{ast.unparse(node)}'; expected one of: {', '.join(OPTIMIZERS)}"
            )
        return {"type": kind, **args}

    def loss(self, node: ast.AST) -> str:
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "from_logits" and self.value(keyword.value, "x"):
                    raise ImportProblem(
                        f"{self.where(node)}: from_logits=True is not supported: "
                        "NetDesigner's losses take the last layer's activated "
                        "output; give it activation='softmax' and drop from_logits"
                    )
            return loss_name(_last(node.func), self.where(node))
        name = _last(node) if isinstance(node, ast.Attribute) else None
        if name is None:
            name = self.value(node, "loss")
        return loss_name(str(name), self.where(node))

    def fit(self, call: ast.Call) -> None:
        for keyword in call.keywords:
            if keyword.arg in ("epochs", "batch_size"):
                try:
                    self.training[keyword.arg] = int(ast.literal_eval(keyword.value))
                except (ValueError, TypeError, SyntaxError):
                    pass  # e.g. args.epochs: the script's argument default says it

    def script_argument(self, call: ast.Call) -> None:
        """An exported script's ``--epochs N`` / ``--batch-size N`` defaults."""
        flag = call.args[0]
        key = {"--epochs": "epochs", "--batch-size": "batch_size"}.get(
            flag.value if isinstance(flag, ast.Constant) else None
        )
        for keyword in call.keywords:
            if key and keyword.arg == "default":
                self.training[key] = int(ast.literal_eval(keyword.value))

    def find_dataset(self, node: ast.AST) -> None:
        for call in ast.walk(node):
            if isinstance(call, ast.Call):
                dotted = _dotted(call.func)
                head, _, rest = dotted.partition(".")
                dotted = (
                    f"{self.aliases[head]}.{rest}" if head in self.aliases else dotted
                )
                if ".datasets." in f".{dotted}" and dotted.endswith(".load_data"):
                    self.keras_dataset(dotted.split(".")[-2], call)
                elif dotted.endswith("load_dataset") and call.args:
                    self.design_dataset(call)

    def keras_dataset(self, name: str, call: ast.Call) -> None:
        from netdesigner.data import list_datasets

        known = [i.name for i in list_datasets() if i.kind == "image"]
        if name not in known:
            raise ImportProblem(
                f"{self.where(call)}: NetDesigner has no built-in data set '{name}' "
                f"(keras.datasets.{name}); its image sets are: {', '.join(known)}"
            )
        self.dataset = {"name": name}

    def design_dataset(self, call: ast.Call) -> None:
        """An exported script's ``load_dataset("circle", n_samples=200, ...)``."""
        try:
            name = ast.literal_eval(call.args[0])
            args = {k.arg: _lists(ast.literal_eval(k.value)) for k in call.keywords}
        except (ValueError, TypeError, SyntaxError):
            return  # an imported data file: not carried over
        self.dataset = {"name": name, **args}


def _lists(value: Any) -> Any:
    """Tuples (as Keras writes shapes) become lists (as designs store them)."""
    if isinstance(value, (list, tuple)):
        return [_lists(v) for v in value]
    return value


def import_keras_code(source: str, filename: str = "<code>", name: str = "") -> Design:
    """The design that the tf.keras code ``source`` builds (parsed, never run).

    Raises ``ImportProblem`` with one sentence naming the line for anything
    NetDesigner cannot express, and when the code builds no model.
    """
    try:
        tree = ast.parse(source, filename)
    except SyntaxError as exc:
        raise ImportProblem(
            f"{filename}, line {exc.lineno}: this is not valid Python ({exc.msg})"
        ) from None
    reader = CodeReader(filename)
    reader.visit(tree)
    if not reader.found_model or not reader.builder.design.nodes:
        raise ImportProblem(
            f"{filename}: expected tf.keras model code (keras.Sequential, "
            "model.add or keras.Model), found none"
        )
    _image_input(reader)
    return reader.builder.finish(reader.model_name or name or "Imported model",
                                 reader.dataset, reader.training)  # fmt: skip


def _image_input(reader: CodeReader) -> None:
    """``input_shape=(28, 28)`` on a grey image set: NetDesigner's images have a
    channel axis, (28, 28, 1), as ``x[..., None]`` gives in the course's code."""
    name = reader.dataset.get("name")
    if not name:
        return
    from netdesigner.data import DataError, dataset_info

    try:
        info = dataset_info(name)
    except DataError:
        return
    for node in reader.builder.design.nodes:
        shape = node.params.get("shape")
        if node.type == "Input" and info.kind == "image" and shape is not None:
            if list(shape) == list(info.input_shape):
                node.params["shape"] = [*shape, 1]
