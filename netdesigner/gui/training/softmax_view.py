"""Softmax and cross-entropy of one sample, step by step, as the course computes them.

Clicking a point of the decision map or an image of the gallery asks the run for
that sample (``view {"inspect": ...}``); every frame then carries its current
``live.softmax.SoftmaxSteps`` and ``show_steps`` writes them out: the logits z, each
e^z, their sum, p = e^z / Σ e^z and the cross-entropy -ln p(true class), the true
class marked. Typed logits (or the course's example, 2.3, 4.1, 5.6) go through the
same numbers without a network. A sigmoid output is read as p = 1 / (1 + e^-z)
with binary cross-entropy; a tanh or regression output says what it shows instead.
"""

from __future__ import annotations

import html
import math
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netdesigner.live.softmax import SoftmaxSteps, softmax_steps

EXAMPLE_LOGITS = (2.3, 4.1, 5.6)
"""The course's example: softmax gives about 0.03, 0.18 and 0.79."""
EXAMPLE_TRUE_CLASS = 2
MARK_TRUE = "✔"
BAR_WIDTH = 80
"""Pixels of the widest probability bar."""


def parse_logits(text: str) -> list[float] | None:
    """Numbers separated by commas, semicolons or spaces ("2.3, 4.1, 5.6"), else
    None (nothing typed, or something that is not a finite number)."""
    parts = text.replace(";", " ").replace(",", " ").split()
    try:
        values = [float(p) for p in parts]
    except ValueError:
        return None
    if not values or not all(math.isfinite(v) for v in values):
        return None
    return values


def _number(value: float) -> str:
    """Four significant digits, never in scientific notation below a million."""
    if value != 0 and (abs(value) < 1e-4 or abs(value) >= 1e6):
        return f"{value:.3e}"
    return f"{value:.4g}"


class SoftmaxView(QWidget):
    """The numbers of one sample's softmax (or sigmoid) and cross-entropy.

    Signals: ``closed()`` when the user closes the panel (stop inspecting).
    Attributes: ``steps`` (the ``SoftmaxSteps`` shown, or None), ``source`` ("run"
    for a clicked sample, "typed" for typed logits).
    """

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.body = QLabel()
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.logits_edit = QLineEdit()
        self.logits_edit.setPlaceholderText(self.tr("logits, e.g. 2.3, 4.1, 5.6"))
        self.logits_edit.setToolTip(self.tr("Type logits and press Enter"))
        self.true_class = QSpinBox(minimum=0, maximum=99)
        self.true_class.setSpecialValueText(self.tr("none"))
        self.true_class.setPrefix(self.tr("true class "))
        self.true_class.setToolTip(self.tr("The true class of the typed logits"))
        self.example_button = QPushButton(self.tr("Example"))
        self.example_button.setToolTip(self.tr("The course's example: 2.3, 4.1, 5.6"))
        self.close_button = QPushButton(self.tr("Close"))
        self.class_names: list[str] = []
        self.steps: SoftmaxSteps | None = None
        self.source = "run"
        self._layout()
        self.logits_edit.returnPressed.connect(self._on_logits_edit_return_pressed)
        self.true_class.valueChanged.connect(self._on_true_class_value_changed)
        self.example_button.clicked.connect(self.show_example)
        self.close_button.clicked.connect(self._on_close_button_clicked)
        self.clear()

    def _layout(self) -> None:
        typed = QHBoxLayout()
        typed.addWidget(self.logits_edit, 1)
        typed.addWidget(self.true_class)
        buttons = QHBoxLayout()
        buttons.addWidget(self.example_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        scroll = QScrollArea()  # the numbers of many classes outgrow a short dock
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.body)
        layout.addWidget(self.title)
        layout.addWidget(scroll, 1)
        layout.addLayout(typed)
        layout.addLayout(buttons)

    # -- what is shown ----------------------------------------------------------------
    def clear(self) -> None:
        """Nothing inspected: say how to start."""
        self.steps, self.source = None, "run"
        self.title.setText(self.tr("<b>Softmax and cross-entropy</b>"))
        self.body.setText(
            self.tr(
                "Click a point of the decision map or an image of the gallery to "
                "see the network's numbers for it, or type logits below."
            )
        )

    def set_classes(self, names: list[str]) -> None:
        """Class names of the data (class k is shown as its name)."""
        self.class_names = list(names)

    def show_steps(self, steps: SoftmaxSteps | None, what: str = "") -> None:
        """A frame's numbers for the inspected sample (None: no softmax to show).

        what : the sample in a few words ("point (0.52, -1.3)", "test image 17").
        """
        if self.source == "typed":
            return
        if what:
            self.title.setText(f"<b>{html.escape(what)}</b>")
        self.steps = steps
        self.body.setText(self._html(steps) if steps is not None else "")

    def show_no_softmax(self, activation: str, what: str = "") -> None:
        """The output is not a class probability (tanh, regression): say what it is."""
        self.steps = None
        if what:
            self.title.setText(f"<b>{html.escape(what)}</b>")
        if activation == "tanh":
            text = self.tr(
                "The output layer uses tanh: one value between -1 and 1 whose sign "
                "is the class (as in TensorFlow Playground), trained with squared "
                "error. There is no softmax and no cross-entropy here; the decision "
                "map shows this value. Use sigmoid with binary_crossentropy, or "
                "softmax with one unit per class, to see probabilities."
            )
        else:
            text = self.tr(
                "The output layer ({activation}) gives a value, not class "
                "probabilities: there is no softmax to show."
            ).format(activation=activation or "linear")
        self.body.setText(text)

    @Slot()
    def show_example(self) -> None:
        """The course's example: logits 2.3, 4.1, 5.6, the third class true."""
        self.logits_edit.setText(", ".join(f"{v:g}" for v in EXAMPLE_LOGITS))
        self.true_class.blockSignals(True)
        self.true_class.setValue(EXAMPLE_TRUE_CLASS + 1)
        self.true_class.blockSignals(False)
        self.show_typed()

    def show_typed(self) -> bool:
        """Softmax of the typed logits; False (and a note) when they do not parse."""
        values = parse_logits(self.logits_edit.text())
        if values is None:
            self.body.setText(
                self.tr("Expected numbers separated by commas, found '{text}'.").format(
                    text=html.escape(self.logits_edit.text())
                )
            )
            return False
        true = self.true_class.value() - 1
        steps = softmax_steps(values, true if 0 <= true < len(values) else None)
        self.source = "typed"
        self.steps = steps
        self.title.setText(self.tr("<b>Typed logits</b>"))
        self.body.setText(self._html(steps))
        return True

    def follow_run(self) -> None:
        """Show the run's numbers again (a sample was clicked)."""
        self.source = "run"

    # -- rendering --------------------------------------------------------------------
    def _name(self, k: int) -> str:
        if k < len(self.class_names) and self.class_names[k]:
            return html.escape(str(self.class_names[k]))
        return self.tr("class {k}").format(k=k)

    def _html(self, s: SoftmaxSteps) -> str:
        return self._sigmoid_html(s) if s.binary else self._softmax_html(s)

    def _softmax_html(self, s: SoftmaxSteps) -> str:
        shift = f" − {_number(s.shift)}" if s.shift else ""
        head = (
            f"<tr><th></th><th>z</th><th>e<sup>z{shift}</sup></th>"
            f"<th>p = e<sup>z</sup> / Σ</th><th></th></tr>"
        )
        rows = []
        for k, (z, e, p) in enumerate(
            zip(s.logits, s.exps, s.probabilities, strict=True)
        ):
            name = self._name(k)
            if k == s.true_class:
                name = f"<b>{name} {MARK_TRUE}</b>"
            bar = max(1, round(BAR_WIDTH * p))
            rows.append(
                f"<tr><td>{name}</td><td align='right'>{_number(z)}</td>"
                f"<td align='right'>{_number(e)}</td>"
                f"<td align='right'>{_number(e)} / {_number(s.total)} = "
                f"<b>{p:.2f}</b> ({_number(p)})</td>"
                f"<td><table cellspacing='0' cellpadding='0'><tr>"
                f"<td bgcolor='#0877bd' width='{bar}' height='8'></td></tr></table>"
                f"</td></tr>"
            )
        sum_line = self.tr("Σ e<sup>z</sup> = {terms} = {total}").format(
            terms=" + ".join(_number(e) for e in s.exps), total=_number(s.total)
        )
        parts = [
            f"<table cellspacing='2' cellpadding='2'>{head}{''.join(rows)}</table>",
            f"<p>{sum_line}</p>",
        ]
        if s.shift:
            parts.append(
                self.tr(
                    "<p>Every z was lowered by {shift} before e<sup>z</sup> "
                    "(e<sup>z</sup> of a large z overflows); the probabilities "
                    "are the same.</p>"
                ).format(shift=_number(s.shift))
            )
        parts.append(self._loss_html(s))
        return "".join(parts)

    def _sigmoid_html(self, s: SoftmaxSteps) -> str:
        z = s.logits[1]
        p1 = s.probabilities[1]
        lines = [
            self.tr(
                "One sigmoid unit: z = {z}, p({positive}) = 1 / (1 + e<sup>−z</sup>) "
                "= 1 / (1 + {e}) = <b>{p:.2f}</b> ({p_full}); p({negative}) = 1 − p "
                "= <b>{q:.2f}</b>"
            ).format(
                z=_number(z),
                positive=self._name(1),
                negative=self._name(0),
                e=_number(math.exp(-z)) if z > -700 else "∞",
                p=p1,
                p_full=_number(p1),
                q=1.0 - p1,
            )
        ]
        if s.true_class is not None and s.cross_entropy is not None:
            p_true = s.probabilities[s.true_class]
            ln = "ln p" if s.true_class == 1 else "ln (1 − p)"
            lines.append(
                self.tr(
                    "True class: <b>{name} {mark}</b>. Binary cross-entropy = "
                    "−{ln} = −ln {p} = <b>{loss}</b>"
                ).format(
                    name=self._name(s.true_class),
                    mark=MARK_TRUE,
                    ln=ln,
                    p=_number(p_true),
                    loss=_number(s.cross_entropy),
                )
            )
        return "<p>" + "</p><p>".join(lines) + "</p>"

    def _loss_html(self, s: SoftmaxSteps) -> str:
        if s.true_class is None or s.cross_entropy is None:
            return self.tr(
                "<p>Predicted: <b>{name}</b>. No true class: no cross-entropy.</p>"
            ).format(name=self._name(s.predicted))
        p_true = s.probabilities[s.true_class]
        return self.tr(
            "<p>Predicted: <b>{predicted}</b>; true class: <b>{true} {mark}</b>.<br>"
            "Cross-entropy = −ln p(true) = −ln {p} = <b>{loss}</b></p>"
        ).format(
            predicted=self._name(s.predicted),
            true=self._name(s.true_class),
            mark=MARK_TRUE,
            p=_number(p_true),
            loss=_number(s.cross_entropy),
        )

    # -- user -------------------------------------------------------------------------
    @Slot()
    def _on_logits_edit_return_pressed(self) -> None:
        self.show_typed()

    @Slot(int)
    def _on_true_class_value_changed(self, _value: int) -> None:
        if self.source == "typed":
            self.show_typed()

    @Slot()
    def _on_close_button_clicked(self) -> None:
        self.closed.emit()

    def describe(self) -> dict[str, Any]:
        """The shown numbers as plain values (for tests and export)."""
        s = self.steps
        if s is None:
            return {}
        return {
            "logits": s.logits,
            "exps": s.exps,
            "total": s.total,
            "probabilities": s.probabilities,
            "true_class": s.true_class,
            "cross_entropy": s.cross_entropy,
        }
