"""How much memory training a design needs, and the limit a design must fit in.

``estimate_memory(design)`` adds up, in bytes of the engine's float32 (no array is
allocated; the sizes come from ``shapes.infer_shapes`` and ``shapes.weight_shapes``):

* weights: every weight (batch norm's moving statistics included) and a gradient
  for each trainable one;
* optimizer state: one array of the trainable weights' size per slot of the design's
  optimizer (sgd 0, or 1 with momentum; adagrad 1; rmsprop 1, +1 with momentum, +1
  centered; adam and adamw 2, +1 with amsgrad);
* epoch snapshots: the trainer keeps the weights and the optimizer state of the
  last ``SNAPSHOTS`` epochs (epoch 0 included) so that training can step back, as
  many as fit in the engine's ``SNAPSHOT_BUDGET`` (at least two);
* activations of one batch: each node keeps its output for the backward pass and
  receives a gradient of the same size; Dense and Conv2D also keep their
  pre-activation; Conv2D keeps the patches its GEMM plan keeps and makes the
  scratch of its input gradient, as the engine's ``conv_plan`` says for the
  batch. The larger of a training batch (forward and backward) and an evaluation
  chunk (forward only: ``EVAL_BATCH_SIZE`` examples, or fewer when their layer
  outputs pass the engine's ``INFERENCE_CHUNK_BYTES``) counts.

The data set itself is not counted. ``memory_limit()`` is 2 GiB, or what the
environment variable ``NETDESIGNER_MEMORY_LIMIT`` says (bytes, or a number with
K, M, G or T: ``4G``, ``512M``); the CLI and the GUI both read it. Validation
refuses a design whose estimate exceeds the limit (``memory``), and warns about one
that needs more than half of it (``memory_high``) or has a layer of more than
``LARGE_LAYER`` parameters (``large_layer``).
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

from netdesigner.design.defaults import resolved_params, resolved_training
from netdesigner.design.model import Design, Node
from netdesigner.design.problems import CheckList, Context, Problem
from netdesigner.design.shapes import NodeShape, infer_shapes, size_of, weight_shapes
from netdesigner.engine.conv_plan import ConvPlan, conv_plan
from netdesigner.engine.network import inference_chunk
from netdesigner.i18n import _

CHECKS = CheckList()

#: the environment variable that sets the limit
LIMIT_VARIABLE = "NETDESIGNER_MEMORY_LIMIT"
#: what a student laptop can give a training run
DEFAULT_LIMIT = 2 * 1024**3
#: bytes per value: the engine trains in float32
ITEM_SIZE = 4
#: the trainer's default eval_batch_size (a test keeps them equal)
EVAL_BATCH_SIZE = 1024
#: the trainer's default snapshot_limit (a test keeps them equal)
SNAPSHOTS = 20
#: a layer with more parameters than this gets a warning
LARGE_LAYER = 10_000_000

_NOT_TRAINABLE = ("moving_mean", "moving_variance")
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}
_LIMIT_TEXT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class MemoryEstimate:
    """Bytes training a design needs, by kind (see the module docstring).

    largest : the node with the most weights and activations, or None.
    """

    weights: int
    optimizer: int
    snapshots: int
    activations: int
    batch_size: int
    largest: str | None

    @property
    def total(self) -> int:
        return self.weights + self.optimizer + self.snapshots + self.activations


def memory_limit() -> int:
    """The limit in bytes: ``NETDESIGNER_MEMORY_LIMIT`` if set and valid, else 2 GiB."""
    return parse_limit(os.environ.get(LIMIT_VARIABLE, "")) or DEFAULT_LIMIT


def parse_limit(text: str) -> int | None:
    """``"4G"`` -> 4·1024³, ``"1500000000"`` -> 1500000000; None when not a size."""
    match = _LIMIT_TEXT.match(text or "")
    if match is None:
        return None
    value = int(float(match.group(1)) * _UNITS[match.group(2).upper()])
    return value if value > 0 else None


def format_bytes(n: int) -> str:
    """1536 -> "1.5 KB", 5·1024³ -> "5.0 GB" (binary units, as memory is sold)."""
    if n < 1024:
        return f"{n} B"
    size = float(n)
    for unit in ("KB", "MB", "GB", "TB"):
        size /= 1024
        if size < 1024 or unit == "TB":
            break
    return f"{size:.1f} {unit}"


def estimate_memory(
    design: Design, shapes: dict[str, NodeShape] | None = None
) -> MemoryEstimate:
    """What training ``design`` needs; nodes of unknown shape count nothing."""
    shapes = infer_shapes(design) if shapes is None else shapes
    training = resolved_training(design)
    slots = _optimizer_slots(training["optimizer"])
    weights = _weight_counts(design, shapes)  # node id -> (all, trainable)
    n_all = sum(every for every, _ in weights.values())
    n_trainable = sum(trainable for _, trainable in weights.values())
    batch = int(training["batch_size"])
    outputs = sum(size_of(i.shape) for i in shapes.values() if i.shape is not None)
    chunk = inference_chunk(outputs, ITEM_SIZE, EVAL_BATCH_SIZE)
    inputs = {node.id for node in design.nodes if node.type == "Input"}
    first = {edge.target for edge in design.edges if edge.source in inputs}
    values = {  # node id -> (kept, made) for a training batch
        node.id: _activation_values(node, shapes.get(node.id), batch, node.id in first)
        for node in design.nodes
    }
    train = sum(kept + made for kept, made in values.values())
    evaluate = sum(  # forward only: what the layers keep
        _activation_values(node, shapes.get(node.id), chunk, True)[0]
        for node in design.nodes
    )
    activations = max(train, evaluate)
    snapshot = n_all + slots * n_trainable

    def node_values(node_id: str) -> int:
        every, trainable = weights.get(node_id, (0, 0))
        kept, made = values.get(node_id, (0, 0))
        return every + (1 + slots) * trainable + kept + made

    nodes = [n.id for n in design.nodes if n.type != "Input"]
    return MemoryEstimate(
        weights=(n_all + n_trainable) * ITEM_SIZE,
        optimizer=slots * n_trainable * ITEM_SIZE,
        snapshots=_snapshot_bytes(snapshot * ITEM_SIZE, int(training["epochs"])),
        activations=activations * ITEM_SIZE,
        batch_size=batch,
        largest=max(nodes, key=node_values) if nodes else None,
    )


def _snapshot_bytes(one: int, epochs: int) -> int:
    """What the trainer's epoch snapshots take: as many as the run has epochs (plus
    epoch 0), ``SNAPSHOTS`` at most, fewer when they pass the engine's byte budget
    (never fewer than two)."""
    from netdesigner.engine.snapshots import SNAPSHOT_BUDGET

    count = min(epochs + 1, SNAPSHOTS)
    affordable = max(2, SNAPSHOT_BUDGET // max(1, one))
    return min(count, affordable) * one


def _optimizer_slots(config: dict) -> int:
    """Arrays of the trainable weights' size the optimizer keeps (the engine's own
    optimizer says; none is allocated before ``build``)."""
    from netdesigner.engine.errors import EngineError
    from netdesigner.engine.optimizers import create_optimizer

    try:
        return len(create_optimizer(config).slots)
    except EngineError:  # a bad optimizer is reported elsewhere
        return 0


def _weight_counts(
    design: Design, shapes: dict[str, NodeShape]
) -> dict[str, tuple[int, int]]:
    """node id -> (weights, trainable weights); batch norm's statistics are fixed."""
    trainable_ids = {node.id for node in design.nodes if node.trainable}
    counts: dict[str, tuple[int, int]] = {}
    for key, shape in weight_shapes(design, shapes).items():
        node_id, name = key.split("/", 1)
        every, trainable = counts.get(node_id, (0, 0))
        count = math.prod(shape)
        learns = node_id in trainable_ids and name not in _NOT_TRAINABLE
        counts[node_id] = (every + count, trainable + count * learns)
    return counts


def _activation_values(
    node: Node, info: NodeShape | None, n: int, reads_input: bool
) -> tuple[int, int]:
    """(kept, made): values a forward pass of n examples keeps (for the backward
    pass, and in inference alike), and values the backward pass makes; a layer
    that ``reads_input`` (the design's Input) makes no input gradient."""
    if info is None or info.shape is None:
        return 0, 0
    out = n * size_of(info.shape)
    kept, made = out, out  # the output, and its gradient
    if node.type in ("Dense", "Conv2D"):
        kept += out  # the pre-activation
    if node.type == "Conv2D" and info.input_shapes:
        plan = _conv_plan(node, info, n)
        kept += plan.kept_values(n, bool(resolved_params(node)["use_bias"]))
        if not reads_input:
            made += plan.input_grad_values(n)
    return kept, 0 if node.type == "Input" else made


def _conv_plan(node: Node, info: NodeShape, n: int) -> ConvPlan:
    """The engine's plan for this Conv2D and a batch of n examples."""
    params = resolved_params(node)
    h, w, c = info.input_shapes[0]
    assert info.shape is not None
    kh, kw = _pair(params["kernel_size"])
    kernel = (kh, kw, c, info.shape[-1])
    strides = _pair(params["strides"])
    return conv_plan(kernel, strides, params["padding"], (n, h, w, c), ITEM_SIZE)


def _pair(value: int | list[int]) -> tuple[int, int]:
    return (value, value) if isinstance(value, int) else (value[0], value[1])


def _large_layers(ctx: Context) -> Iterator[tuple[str, int]]:
    for node in ctx.design.nodes:
        count = ctx.shapes[node.id].n_params
        if count > LARGE_LAYER:
            yield node.id, count


@CHECKS.add
def _memory(ctx: Context) -> Iterator[Problem]:
    estimate = estimate_memory(ctx.design, ctx.shapes)
    limit = memory_limit()
    if estimate.total > limit:  # the large layers are named in this one sentence
        node_id = estimate.largest
        yield Problem("error", "memory", node_id, _memory_sentence(estimate, limit))
        return
    for node_id, count in _large_layers(ctx):
        node = ctx.design.node(node_id)
        yield Problem(
            "warning",
            "large_layer",
            node_id,
            _(
                "{type} '{node}' has {count:,} parameters, more than {limit:,}; it "
                "will train slowly, so consider fewer units or filters"
            ).format(type=node.type, node=node_id, count=count, limit=LARGE_LAYER),
        )
    if estimate.total > limit // 2:
        yield Problem(
            "warning",
            "memory_high",
            estimate.largest,
            _(
                "training needs about {total} of memory, more than half the limit "
                "of {limit}; the computer may slow down, so consider fewer units or "
                "filters or a smaller batch"
            ).format(total=format_bytes(estimate.total), limit=format_bytes(limit)),
        )


def _memory_sentence(estimate: MemoryEstimate, limit: int) -> str:
    if estimate.largest:
        text = _(
            "training needs about {total} of memory, more than the {limit} limit "
            "(weights and gradients {weights}, optimizer {optimizer}, epoch "
            "snapshots {snapshots}, activations of a batch {activations}); make "
            "'{node}' smaller, use a smaller batch, or raise {variable}"
        )
    else:
        text = _(
            "training needs about {total} of memory, more than the {limit} limit "
            "(weights and gradients {weights}, optimizer {optimizer}, epoch "
            "snapshots {snapshots}, activations of a batch {activations}); shrink "
            "it, use a smaller batch, or raise {variable}"
        )
    return text.format(
        total=format_bytes(estimate.total),
        limit=format_bytes(limit),
        weights=format_bytes(estimate.weights),
        optimizer=format_bytes(estimate.optimizer),
        snapshots=format_bytes(estimate.snapshots),
        activations=format_bytes(estimate.activations),
        node=estimate.largest,
        variable=LIMIT_VARIABLE,
    )
