"""The Loss landscape tab: the worker records the path only while it shows."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt

from netdesigner.gui.training.landscape_view import LandscapeView, log_loss
from netdesigner.live.frames import Frame


def test_the_gradient_descent_lesson_shows_its_path_on_the_exact_surface(
    qtbot, step, training_window, sample_design
):
    _window, ui = training_window(sample_design("08_gradient_descent.json"))
    views = ui.views
    assert views.select_tab("output")  # the lesson opens on its landscape
    step(ui, "batch")
    assert ui.controller.last_frame.landscape is None  # hidden: nothing recorded
    with qtbot.waitSignal(ui.controller.frame_ready, timeout=5000):
        views.plane_tabs.setCurrentWidget(views.landscape)
    assert views.landscape_shown()
    for _ in range(3):
        step(ui)  # full-batch gradient descent: one step an epoch
    frame = ui.controller.last_frame.landscape
    assert frame["exact"] and len(frame["path"]) == 4  # the start and three steps
    weights = ui.controller.last_frame.all_weights["output/kernel"].ravel()
    np.testing.assert_allclose(frame["path"][-1], weights, rtol=1e-6)
    surface = views.landscape.surface
    assert surface["labels"] == ("output/kernel[0, 0]", "output/kernel[1, 0]")
    assert surface["loss"].shape == (41, 41)
    assert views.landscape.image.image is not None
    xs, ys = views.landscape.path_curve.getData()
    np.testing.assert_allclose(np.c_[xs, ys], frame["path"])
    assert "two weights" in views.landscape.caption.text()
    assert "3 steps shown" in views.landscape.caption.text()
    with qtbot.waitSignal(ui.controller.status_changed, timeout=5000):
        ui.controller.step_back()
    assert len(ui.controller.last_frame.landscape["path"]) == 1  # starts anew


def test_the_view_draws_any_frame_and_clears():
    view = LandscapeView()
    xs = np.linspace(-1, 1, 5)
    loss = np.add.outer(xs**2, 4 * xs**2)
    loss[0, 0] = np.inf  # a diverging corner takes the top colour
    path = np.array([[-0.8, 0.9], [0.2, -0.1], [0.0, 0.0]])
    view.update_landscape(
        {
            "surface": {"x": xs, "y": xs, "loss": loss, "labels": ("a", "b")},
            "path": path,
            "exact": False,
        }
    )
    assert view.plot.getAxis("bottom").labelText == "a"
    np.testing.assert_allclose(view.now_marker.data["x"], [0.0])
    assert "directions the weights moved most" in view.caption.text()
    assert log_loss(loss)[0, 0] == log_loss(loss)[np.isfinite(loss)].max()
    view.clear()
    assert view.surface is None and len(view.path_curve.getData()[0] or []) == 0
    view.deleteLater()


def test_a_perceptron_trains_on_and_the_tab_says_why_it_has_no_landscape(
    qtbot, step, training_window, sample_design
):
    _window, ui = training_window(sample_design("01_perceptron_and.json"))
    with qtbot.waitSignal(ui.controller.frame_ready, timeout=5000):
        ui.views.plane_tabs.setCurrentWidget(ui.views.landscape)
    step(ui)
    assert ui.controller.state == "paused"  # training goes on
    assert "perceptron rule follows no loss" in ui.views.landscape.caption.text()


def test_a_many_weight_plane_follows_the_path_while_training(
    monkeypatch, playground_design
):
    from netdesigner.design.session import TrainingSession
    from netdesigner.live import insights

    session = TrainingSession(playground_design(lr=0.1))
    box = insights.Insights()
    box.start(session, plane=True)
    view = {"landscape": True, "layers": False}
    record = box.recorder(view)
    monkeypatch.setattr(insights, "REFIT_INTERVAL", 0.0)
    frame = Frame(0, 0, 0.0, 0, 0.0)
    box.add_to(frame, view, running=True)
    first = frame.landscape["surface"]["labels"]
    assert first[0] == "random direction 1"  # no path yet
    session.trainer.step_epoch()
    for _ in range(5):
        record()
        session.trainer.step_batch()
    monkeypatch.setattr(insights, "REFIT_INTERVAL", 3600.0)
    frame = Frame(0, 0, 0.0, 0, 0.0)
    box.add_to(frame, view, running=True)  # due: a plane along the path
    labels = frame.landscape["surface"]["labels"]
    assert labels[0].startswith("direction 1 (")
    record()
    frame = Frame(0, 0, 0.0, 0, 0.0)
    box.add_to(frame, view, running=True)  # not due: the plane stays
    assert "surface" not in frame.landscape


def test_a_lesson_opens_on_its_live_view_and_remembers_the_users(
    qtbot, training_window, sample_design
):
    _window, ui = training_window(sample_design("08_gradient_descent.json"))
    views, doc = ui.views, ui.document
    assert views.current_tab() == "landscape" and views.landscape_shown()
    index = views.plane_tabs.indexOf(views.layers)
    views.plane_tabs.tabBarClicked.emit(index)  # as a click does, then the change
    views.plane_tabs.setCurrentIndex(index)
    qtbot.waitUntil(lambda: doc.live_tab == "layers", timeout=2000)
    assert doc.for_saving().view["live_tab"] == "layers"
    assert not views.select_tab("predictions")  # not for 2-D data
    assert views.select_tab("output") and views.current_tab() == "output"


def test_a_click_on_a_two_weight_map_starts_again_from_there(
    qtbot, step, training_window, sample_design
):
    _window, ui = training_window(sample_design("08_gradient_descent.json"))
    views = ui.views
    step(ui)
    qtbot.waitUntil(lambda: views.landscape.surface is not None, timeout=5000)
    assert "Click the map" in views.landscape.caption.text()
    plot = views.landscape.plot
    target = plot.getPlotItem().vb.mapViewToScene(QPointF(0.5, -0.5))
    with qtbot.waitSignal(ui.controller.session_ready, timeout=10_000):
        qtbot.mouseClick(
            plot.viewport(), Qt.MouseButton.LeftButton, pos=plot.mapFromScene(target)
        )
    qtbot.waitUntil(lambda: ui.controller.state == "ready", timeout=10_000)
    kernel = ui.controller.last_frame.all_weights["output/kernel"].ravel()
    np.testing.assert_allclose(kernel, [0.5, -0.5], atol=0.05)  # a pixel's worth
    assert len(views.loss_plot.old_runs) == 1  # the first run, faded, to compare
    assert len(views.landscape.old_paths) == 1  # and its path, in the same colour
    old_pen = views.landscape.old_paths[0].opts["pen"].color().getRgb()[:3]
    assert old_pen == (245, 147, 34)  # run 1's colour in the loss plot's legend
    step(ui)
    path = ui.controller.last_frame.landscape["path"]
    np.testing.assert_allclose(path[0], kernel, rtol=1e-6)  # the new path starts there
    views.loss_plot.clear_button.click()  # Clear runs clears the old paths too
    assert views.landscape.old_paths == []
