"""The Training panel takes commas as decimal points, as many students type them."""

from __future__ import annotations

import pytest

from netdesigner.gui.training.training_panel import TrainingSettingsPanel


def test_learning_rate_and_momentum_accept_a_decimal_comma(
    qtbot, playground_design, make_document
):
    doc = make_document(playground_design())
    panel = TrainingSettingsPanel(doc)
    qtbot.addWidget(panel)
    panel.learning_rate.setEditText("0,3")
    panel.learning_rate.lineEdit().editingFinished.emit()
    assert doc.design.training["optimizer"]["learning_rate"] == pytest.approx(0.3)
    momentum = panel._arg_widgets["momentum"]
    momentum.setText("0,9")
    momentum.editingFinished.emit()
    assert doc.design.training["optimizer"]["momentum"] == pytest.approx(0.9)
