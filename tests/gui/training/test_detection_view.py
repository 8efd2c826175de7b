"""The Boxes view of a detection design (issue 19): test images with the boxes
found over the true boxes, a score threshold, NMS on or off, the IoU of a hovered
box, and mAP@0.5 as a curve under the loss."""

from __future__ import annotations

import numpy as np
import pytest

from netdesigner.live.detection_probe import GALLERY_SIZE


@pytest.fixture
def trained(qtbot, training_window, sample_design):
    """The detection sample on 128 training images after one epoch, paused (the
    epoch's mAP@0.5 on the 400 test images of an untrained detector takes seconds).
    """
    design = sample_design("17_product_detection.json")
    design.dataset["n_samples"] = 128
    window, ui = training_window(design)
    ui.controller.step_epoch()
    qtbot.waitUntil(lambda: ui.controller.state == "paused", timeout=60_000)
    return ui


def _drawn(view) -> int:
    return sum(len(tile.shown["boxes"]) for tile in view.tiles)


def test_boxes_view_draws_found_and_true_boxes_and_follows_its_controls(trained):
    views = trained.views
    assert views.current_tab() == "boxes"
    view = views.detection
    assert len(view.tiles) == GALLERY_SIZE
    assert all(len(tile.truth) > 0 for tile in view.tiles)  # true boxes drawn
    view.threshold.setValue(view.threshold.minimum())
    low = _drawn(view)
    assert low > 0 and view.count_label.text() == f"{low} boxes"
    view.threshold.setValue(view.threshold.maximum())
    assert _drawn(view) < low  # the slider hides the low-scoring boxes
    view.threshold.setValue(view.threshold.minimum())
    with_nms = _drawn(view)
    view.nms.setChecked(False)
    assert _drawn(view) > with_nms  # the duplicates NMS removes
    view.nms.setChecked(True)
    assert _drawn(view) == with_nms
    image = view.grab().toImage()
    assert not image.isNull()


def test_hovering_a_box_reports_its_iou_with_its_match(trained):
    view = trained.views.detection
    view.threshold.setValue(view.threshold.minimum())
    tile = next(t for t in view.tiles if np.any(t.shown["match"] >= 0))
    box = int(np.flatnonzero(tile.shown["match"] >= 0)[0])
    x0, y0, x1, y1 = tile.shown["boxes"][box]
    from PySide6.QtCore import QPointF

    from netdesigner.gui.training.detection_view import SCALE

    # the smallest box under the point is the one reported
    found = tile.box_at(QPointF((x0 + x1) / 2 * SCALE, (y0 + y1) / 2 * SCALE))
    assert found >= 0
    box = found if tile.shown["match"][found] >= 0 else box
    text = view.show_hover(tile.index, box)
    iou = tile.shown["iou"][box]
    assert f"IoU {iou:.2f} with the true" in text
    assert tile.highlight == box
    view.show_hover(tile.index, -1)
    assert "Dashed white" in view.info.text() and tile.highlight == -1


def test_map50_is_plotted_under_the_loss(trained):
    plot = trained.views.loss_plot
    assert plot.metric_name == "map50"
    assert {"train_map50", "test_map50"} <= set(plot.metric_curves)
    x, y = plot.metric_curves["test_map50"].getData()
    assert len(y) == 1 and 0.0 <= y[0] <= 1.0
    assert "test mAP@0.5: " in trained.views.detection.map_label.text()
    assert "–" not in trained.views.detection.map_label.text()


def test_data_panel_opens_on_products_with_a_sample_per_class(
    qtbot, make_document, sample_design
):
    from PySide6.QtWidgets import QLabel

    from netdesigner.gui.training.dataset_panel import DatasetPanel

    panel = DatasetPanel(make_document(sample_design("17_product_detection.json")))
    qtbot.addWidget(panel)
    captions = [w.text() for w in panel.samples_box.findChildren(QLabel) if w.text()]
    assert captions == ["bottle", "can", "box"]
