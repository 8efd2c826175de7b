"""The Layers tab: statistics per layer, a diagnosis, and the tab follows the data."""

from __future__ import annotations

import numpy as np

from netdesigner.gui.training.layer_stats_view import LayerStatsView, describe


def test_the_layers_tab_shows_every_layer_of_a_2d_network(
    qtbot, step, training_window, playground_design
):
    _window, ui = training_window(playground_design(hidden=(6, 3), activation="relu"))
    views = ui.views
    step(ui, "batch")
    assert ui.controller.last_frame.layers is None  # hidden: nothing computed
    with qtbot.waitSignal(ui.controller.frame_ready, timeout=5000):
        views.plane_tabs.setCurrentWidget(views.layers)
    assert views.layers_shown() and not views.landscape_shown()
    frame = ui.controller.last_frame.layers
    assert [row["id"] for row in frame["rows"]] == ["hidden_1", "hidden_2", "output"]
    assert frame["rows"][0]["output"]["counts"].sum() == 250 * 6  # every train point
    assert views.layers.ids == ["hidden_1", "hidden_2", "output"]
    label = views.layers.rows["hidden_1"]["label"].text
    assert "hidden_1" in label and "Dense · relu" in label and "gradient " in label
    step(ui, "batch")
    assert ui.controller.last_frame.layers is not None  # fresh after every step


def test_the_layers_tab_moves_to_image_data(qtbot, training_window, sample_design):
    _window, ui = training_window(sample_design("10_lenet5_mnist.json"))
    views = ui.views
    assert views.image_tabs.indexOf(views.layers) >= 0
    assert views.plane_tabs.indexOf(views.layers) < 0
    views.image_tabs.setCurrentWidget(views.layers)
    assert views.layers_shown()
    qtbot.waitUntil(lambda: ui.controller.last_frame.layers is not None, timeout=10_000)
    rows = ui.controller.last_frame.layers["rows"]
    assert rows[0]["id"] == "conv_1" and rows[0]["type"] == "Conv2D"
    # 128 images x 28 x 28 x 6 values, evenly thinned for the histogram
    assert rows[0]["output"]["counts"].sum() == -(-128 * 28 * 28 * 6 // 4)


def test_the_view_shows_the_diagnosis_or_why_there_is_none():
    view = LayerStatsView()
    row = {
        "id": "d",
        "type": "Dense",
        "activation": "relu",
        "output": {"counts": np.array([3.0, 1.0]), "edges": np.array([0, 1, 2.0]),
                   "mean": 0.5, "std": 0.4},
        "units": 8,
        "dead": 5,
        "saturated": 0.0,
    }  # fmt: skip
    view.update_layers({"rows": [row], "notes": ["d: 5 of 8 ReLU units are dead"]})
    assert "⚠ d: 5 of 8 ReLU units are dead" in view.notes.text()
    assert "5/8 dead" in describe(row) and "weights" not in view.rows["d"]["plots"]
    view.update_layers({"rows": [row], "notes": []})
    assert view.notes.text().startswith("No problems found")
    view.update_layers({"unavailable": "It could not be computed (boom)."})
    assert view.ids == [] and "boom" in view.notes.text()
    view.deleteLater()
