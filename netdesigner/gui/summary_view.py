"""``model.summary()`` of a design, as tf.keras prints it, with the arithmetic.

One row per layer: its name and type, output shape ``(None, 28, 28, 6)``, the
parameter count and how it follows from the shapes (Dense: in·out + out; Conv2D:
kh·kw·c_in·filters + filters; BatchNormalization: 4·c, of which the moving mean
and variance do not train). Then the total and the trainable / non-trainable split
(a layer with ``trainable: false`` is frozen, transfer learning). Counts come from
``design.shapes.infer_shapes``, the numbers the canvas shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from netdesigner.design.defaults import resolved_params
from netdesigner.design.graph import topological_order
from netdesigner.design.model import Design, Node
from netdesigner.design.shapes import NodeShape, infer_shapes


@dataclass(frozen=True)
class SummaryRow:
    """One layer of the summary: ``params = trainable + frozen``."""

    name: str
    type: str
    shape: tuple[int, ...] | None
    params: int
    trainable: int
    arithmetic: str


@dataclass(frozen=True)
class Summary:
    rows: list[SummaryRow]

    @property
    def total(self) -> int:
        return sum(r.params for r in self.rows)

    @property
    def trainable(self) -> int:
        return sum(r.trainable for r in self.rows)

    @property
    def frozen(self) -> int:
        return self.total - self.trainable


def summarize(design: Design) -> Summary:
    """Every layer's output shape and parameters, in the order data flows."""
    shapes = infer_shapes(design)
    rows = [
        _row(design.node(node_id), shapes[node_id])
        for node_id in topological_order(design)
    ]
    return Summary(rows)


def _row(node: Node, shape: NodeShape) -> SummaryRow:
    params = shape.n_params
    arithmetic, moving = _arithmetic(node, shape)
    trainable = params - moving if node.trainable else 0
    return SummaryRow(node.id, node.type, shape.shape, params, trainable, arithmetic)


def _arithmetic(node: Node, shape: NodeShape) -> tuple[str, int]:
    """How the count follows from the shapes, and the parameters that never train
    (batch norm's moving statistics)."""
    if not shape.input_shapes or shape.shape is None or not shape.n_params:
        return "", 0
    c_in = shape.input_shapes[0][-1]
    params = resolved_params(node)
    bias = bool(params.get("use_bias", True))
    if node.type == "Dense":
        units = params["units"]
        return f"{c_in}·{units}" + (f" + {units}" if bias else ""), 0
    if node.type == "Conv2D":
        kernel = params["kernel_size"]
        kh, kw = (kernel, kernel) if isinstance(kernel, int) else kernel
        filters = params["filters"]
        text = f"{kh}·{kw}·{c_in}·{filters}" + (f" + {filters}" if bias else "")
        return text, 0
    if node.type == "BatchNormalization":
        return f"4·{c_in} (γ, β train; moving mean, variance do not)", 2 * c_in
    return "", 0


def shape_text(shape: tuple[int, ...] | None) -> str:
    """tf.keras's way: the batch axis as None, ``(None, 28, 28, 6)``."""
    if shape is None:
        return "?"
    return "(" + ", ".join(["None", *(str(d) for d in shape)]) + ")"


def summary_text(design: Design) -> str:
    """The summary as a fixed-width table, like ``model.summary()``."""
    summary = summarize(design)
    header = ("Layer (type)", "Output Shape", "Param #", "Arithmetic")
    lines = [
        (f"{r.name} ({r.type})", shape_text(r.shape), f"{r.params:,}", r.arithmetic)
        for r in summary.rows
    ]
    widths = [max(len(row[k]) for row in [header, *lines]) for k in range(3)]

    def line(cells: tuple[str, ...]) -> str:
        return (
            f"{cells[0]:<{widths[0]}}  {cells[1]:<{widths[1]}}  "
            f"{cells[2]:>{widths[2]}}  {cells[3]}"
        ).rstrip()

    rule = "─" * max(len(line(header)), 60)
    body = [f'Model: "{design.name}"', rule, line(header), rule]
    body += [line(cells) for cells in lines]
    body += [
        rule,
        f" Total params: {summary.total:,} ({_size(summary.total)})",
        f" Trainable params: {summary.trainable:,} ({_size(summary.trainable)})",
        f" Non-trainable params: {summary.frozen:,} ({_size(summary.frozen)})",
        rule,
    ]
    return "\n".join(body)


def _size(count: int) -> str:
    """float32 bytes, as tf.keras 3 prints them (``241.04 KB``)."""
    size = 4.0 * count
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} GB"


class SummaryDialog(QDialog):
    """View ▸ Model Summary: the summary of the open design (refresh on edits)."""

    def __init__(self, document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWindowTitle(self.tr("Model summary"))
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.text.setFont(font)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(820, 460)
        document.analysis_changed.connect(self.refresh)
        document.design_reset.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.text.setPlainText(summary_text(self.document.design))
