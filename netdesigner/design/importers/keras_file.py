"""A Keras 3 ``.keras`` file as a design with its trained weights.

The file is a zip with ``config.json`` (the model's layers and how they connect)
and ``model.weights.h5``. Only the config is trusted as data (no Python object in
it is ever built); the weights are read with h5py, the one dependency of this
importer alone (``pip install netdesigner[keras-import]``). Keras stores each
layer's arrays under ``layers/<class in snake case>[_n]/vars/<i>`` in
``layer.weights`` order, which is tf.keras's layout the design uses already.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from netdesigner.design.catalog import CATALOG
from netdesigner.design.importers.base import (
    DesignBuilder,
    ImportProblem,
    Layer,
    check_arguments,
    initializer_spec,
)
from netdesigner.design.model import Design

#: weight names of each layer type, in ``layer.weights`` order
WEIGHT_NAMES = {
    "Dense": ("kernel", "bias"),
    "Conv2D": ("kernel", "bias"),
    "BatchNormalization": ("gamma", "beta", "moving_mean", "moving_variance"),
}


def keras_snake(name: str) -> str:
    """Keras's own ``to_snake_case``: ``Conv2D`` -> ``conv2d``."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def import_keras_file(path: Path) -> tuple[Design, dict[str, np.ndarray]]:
    """The design and trained weights in the ``.keras`` file ``path``."""
    try:
        with zipfile.ZipFile(path) as archive:
            config = json.loads(archive.read("config.json"))
            weights_bytes = archive.read("model.weights.h5")
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ImportProblem(
            f"{path}: expected a Keras 3 .keras file (a zip with config.json and "
            f"model.weights.h5), found something else ({exc})"
        ) from None
    layers = _layers(config, path)
    builder = DesignBuilder()
    ids: dict[str, str] = {}
    for entry in layers:
        ids[entry["config"]["name"]] = builder.add(_layer(entry, ids, path))
    name = config.get("config", {}).get("name") or path.stem
    design = builder.finish(str(name), {}, {})
    return design, _weights(weights_bytes, layers, ids, path)


def _layers(config: dict[str, Any], path: Path) -> list[dict[str, Any]]:
    kind = config.get("class_name")
    if kind not in ("Sequential", "Functional", "Model"):
        raise ImportProblem(
            f"{path}: expected a Sequential or functional model, found '{kind}'"
        )
    layers = list(config.get("config", {}).get("layers", []))
    if kind == "Sequential":
        layers = _chain(layers, config.get("config", {}))
    return layers


def _chain(layers: list[dict[str, Any]], config: dict[str, Any]) -> list[dict]:
    """A Sequential's layers with the inputs a chain implies (an Input first)."""
    if not layers or layers[0].get("class_name") != "InputLayer":
        shape = (config.get("build_input_shape") or [None])[1:]
        first = {"class_name": "InputLayer", "config": {"name": "input",
                 "batch_shape": [None, *shape]}}  # fmt: skip
        layers = [first, *layers]
    chained = []
    for previous, entry in zip([None, *layers], layers, strict=False):
        entry = dict(entry)
        if previous is not None:
            entry["inputs"] = [previous["config"]["name"]]
        chained.append(entry)
    return chained


def _inputs(entry: dict[str, Any]) -> list[str]:
    """Names of the layers feeding ``entry`` (functional ``inbound_nodes``)."""
    if "inputs" in entry:
        return entry["inputs"]
    nodes = entry.get("inbound_nodes") or []
    if not nodes:
        return []
    args = nodes[0].get("args", [])
    first = args[0] if args else []
    tensors = first if isinstance(first, list) else [first]
    return [t["config"]["keras_history"][0] for t in tensors]


def _layer(entry: dict[str, Any], ids: dict[str, str], path: Path) -> Layer:
    cls, config = entry.get("class_name"), dict(entry.get("config", {}))
    name = config.get("name")
    where = f"{path}: layer '{name}'"
    if cls == "InputLayer":
        shape = list((config.get("batch_shape") or [None])[1:])
        return Layer("Input", {"shape": shape}, name, where=where)
    if cls not in CATALOG:
        raise ImportProblem(
            f"{where}: NetDesigner has no layer '{cls}'; expected one of: "
            f"{', '.join(t for t in CATALOG if t != 'Input')}"
        )
    inputs = [ids[n] for n in _inputs(entry)]
    layer = Layer(cls, {}, name, config.get("trainable", True), inputs, where)
    given = {k: _plain(v, k) for k, v in config.items() if k in _KNOWN}
    if "pool_size" in given and given.get("strides") == given["pool_size"]:
        given["strides"] = None  # Keras stores the default, strides = pool_size
    spec = CATALOG[cls]
    optional = spec.keras_defaults()
    # only what differs from tf.keras's defaults, as a hand-made design says it
    params = {
        k: v
        for k, v in check_arguments(layer, given).items()
        if k not in optional or not _same(v, optional[k])
    }
    layer.params = params
    return layer


#: config keys that can hold a design argument (others are Keras bookkeeping)
_KNOWN = {
    "units", "activation", "use_bias", "kernel_initializer", "bias_initializer",
    "kernel_regularizer", "filters", "kernel_size", "strides", "padding",
    "pool_size", "rate", "momentum", "epsilon", "axis", "data_format",
    "dilation_rate", "groups", "center", "scale", "noise_shape", "seed",
    "bias_regularizer", "activity_regularizer", "kernel_constraint",
    "bias_constraint", "synchronized",
}  # fmt: skip


def _same(value: Any, default: Any) -> bool:
    if isinstance(value, list) and isinstance(default, int):
        return all(v == default for v in value)
    return value == default


def _plain(value: Any, key: str) -> Any:
    """A config value as the design writes it: serialized objects unpacked."""
    if not isinstance(value, dict):
        return value
    cls, config = value.get("class_name", ""), value.get("config") or {}
    if key.endswith("_initializer"):
        args = {k: v for k, v in config.items() if v is not None}
        return initializer_spec(cls, args)
    if key.endswith("_regularizer"):
        return {k: v for k, v in config.items() if k in ("l1", "l2") and v}
    if key == "activation":  # a function of the file, such as the perceptron's step
        return config if isinstance(config, str) else cls
    return value


def _weights(data: bytes, layers: list[dict], ids: dict[str, str], path: Path):
    try:
        import h5py
    except ImportError:
        raise ImportProblem(
            f"{path}: reading a .keras file's weights needs h5py; install it with "
            "'pip install netdesigner[keras-import]'"
        ) from None
    import io

    weights: dict[str, np.ndarray] = {}
    seen: dict[str, int] = {}
    with h5py.File(io.BytesIO(data), "r") as store:
        for entry in layers:
            cls = entry.get("class_name", "")
            base = keras_snake(cls)
            count = seen.get(base, 0)
            seen[base] = count + 1
            names = WEIGHT_NAMES.get(cls)
            if not names:
                continue
            group = f"layers/{base}" + (f"_{count}" if count else "") + "/vars"
            node = ids[entry["config"]["name"]]
            present = [n for n in names if not (n == "bias" and not _has_bias(entry))]
            for index, weight in enumerate(present):
                key = f"{group}/{index}"
                if key not in store:
                    raise ImportProblem(
                        f"{path}: the weights of layer '{node}' are missing ({key})"
                    )
                weights[f"{node}/{weight}"] = np.asarray(store[key], dtype=np.float32)
    return weights


def _has_bias(entry: dict[str, Any]) -> bool:
    return bool(entry.get("config", {}).get("use_bias", True))
