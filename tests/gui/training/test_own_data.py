"""The student's own data: open a data file, draw points, save and reopen the design."""

from __future__ import annotations

import gzip
import struct

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from netdesigner.data import load_dataset
from netdesigner.design.data_paths import absolute_data_paths, relative_data_paths
from netdesigner.design.model import Design
from netdesigner.design.session import TrainingSession
from netdesigner.gui import backend
from netdesigner.gui.training import draw_points
from netdesigner.gui.training.dataset_panel import DatasetPanel
from netdesigner.gui.training.draw_points import DrawPointsDialog, write_points_csv


@pytest.fixture
def panel(qtbot, playground_design, make_document, dialogs):
    doc = make_document(playground_design())
    widget = DatasetPanel(doc)
    qtbot.addWidget(widget)
    widget.errors = dialogs  # the recorder of Notify.error
    return widget


def write_idx(path, array: np.ndarray) -> None:
    """A gzip IDX file of unsigned bytes: magic, big-endian dimensions, data."""
    header = bytes([0, 0, 0x08, array.ndim]) + struct.pack(
        f">{array.ndim}I", *array.shape
    )
    with gzip.open(path, "wb") as stream:
        stream.write(header + array.tobytes())


def _three_columns(tmp_path, n=30):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 3))
    rows = [f"{a:.3f},{b:.3f},{c:.3f},{int(a > 0)}" for a, b, c in x]
    path = tmp_path / "table.csv"
    path.write_text("a,b,c,label\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_data_file_becomes_the_data_in_one_undo_step(panel, tmp_path):
    doc = panel.document
    path = _three_columns(tmp_path)
    assert panel.use_data_file(path)
    assert doc.design.dataset["path"] == str(path.resolve())
    assert "name" not in doc.design.dataset and "features" not in doc.design.dataset
    assert doc.design.node("input").params["shape"] == [3]  # three feature columns
    assert "table.csv, 30 samples with 2 classes" in panel.description.text()
    assert not panel.plane_box.isVisibleTo(panel)  # no plane: not 2-D points
    backend.dumps_design(doc.design)  # the file format takes it
    session = TrainingSession(doc.design.copy())
    assert session.dataset.x_train.shape[1] == 3 and session.trainer.step_epoch()
    doc.undo_stack.undo()
    assert doc.design.dataset.get("name") == "circle"
    assert "path" not in doc.design.dataset
    assert doc.design.node("input").params["shape"] == [2]


def test_an_idx_image_file_brings_its_own_test_set(panel, tmp_path):
    rng = np.random.default_rng(0)
    for prefix, n in (("train", 12), ("t10k", 4)):
        images = rng.integers(0, 256, (n, 5, 4), dtype=np.uint8)
        labels = np.arange(n, dtype=np.uint8) % 3
        write_idx(tmp_path / f"{prefix}-images-idx3-ubyte.gz", images)
        write_idx(tmp_path / f"{prefix}-labels-idx1-ubyte.gz", labels)
    assert panel.use_data_file(tmp_path / "train-images-idx3-ubyte.gz")
    doc = panel.document
    assert doc.design.dataset["path"] == str(tmp_path.resolve())  # the folder
    assert doc.design.node("input").params["shape"] == [5, 4, 1]
    assert "16 samples with 3 classes" in panel.description.text()


def test_a_bad_file_changes_nothing_and_says_why(panel, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("x1,x2,label\n1,2,0\n3,oops,1\n", encoding="utf-8")
    before = panel.document.design.copy()
    assert not panel.use_data_file(bad)
    title, message = panel.errors.calls[-1][1:]
    assert title == "Could not use the data file"
    assert "line 3, column 2: 'oops' is not a finite number" in message
    assert panel.document.design == before
    assert panel.document.undo_stack.count() == 0


def test_choosing_a_built_in_set_again_forgets_the_file(panel, tmp_path):
    points = tmp_path / "p.csv"
    write_points_csv(points, np.array([[0, 1], [1, 0], [2, 2], [-1, -3]]), [0, 1, 0, 1])
    assert panel.use_data_file(points)
    assert panel.plane_box.isVisibleTo(panel)  # 2-D points: features apply
    assert not panel.noise.isVisibleTo(panel)  # a file's points have no noise
    xor = next(
        panel.sets.item(i)
        for i in range(panel.sets.count())
        if panel.sets.item(i).data(Qt.ItemDataRole.UserRole) == "xor"
    )
    panel.sets.itemClicked.emit(xor)
    assert panel.document.design.dataset["name"] == "xor"
    assert "path" not in panel.document.design.dataset
    assert panel.noise.isVisibleTo(panel)


def test_drawn_points_are_saved_as_csv_and_used(panel, tmp_path, monkeypatch):
    target = tmp_path / "my points.csv"

    def draw(dialog):
        assert len(dialog.points()) == 500  # starts from the circle's points
        dialog.clear()
        dialog.begin_stroke(erase=False)
        for x in np.linspace(-4, 4, 9):
            dialog.stroke_to(x, 1.0)
        dialog.end_stroke()
        dialog.class_buttons.button(1).click()
        dialog.begin_stroke(erase=False)
        for x in np.linspace(-4, 4, 9):
            dialog.stroke_to(x, -1.0)
        dialog.end_stroke()
        return True

    monkeypatch.setattr(panel, "run_draw_dialog", draw)
    monkeypatch.setattr(panel, "ask_points_path", lambda: str(target))
    panel.draw.click()
    data = load_dataset(path=target, train_ratio=0.5)
    assert data.info.n_classes == 2 and len(data.y_train) + len(data.y_test) == 18
    assert panel.document.design.dataset["path"] == str(target.resolve())
    assert "my points.csv, 18 samples with 2 classes" in panel.description.text()


def test_drawing_adds_erases_and_undoes(qtbot):
    dialog = DrawPointsDialog()
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()  # nothing drawn yet
    dialog.begin_stroke(erase=False)
    for x in (0.0, 0.1, 0.5, 1.0, 7.0):  # too close, kept, kept, kept, off the plane
        dialog.stroke_to(x, 0.0)
    dialog.end_stroke()
    assert dialog.points().tolist() == [[0.0, 0.0], [0.5, 0.0], [1.0, 0.0]]
    assert draw_points.MIN_POINTS == 4
    assert dialog.problem() == "Draw at least 4 points (there are 3)."
    dialog.begin_stroke(erase=False)
    dialog.stroke_to(2.0, 2.0)
    dialog.end_stroke()
    assert dialog.problem() == "Draw points of at least two classes."
    dialog.undo_stack.undo()
    dialog.classes.setValue(3)
    dialog.class_buttons.button(2).click()
    dialog.begin_stroke(erase=False)
    dialog.stroke_to(-3.0, -3.0)
    dialog.stroke_to(-3.0, 3.0)
    dialog.end_stroke()
    assert dialog.labels().tolist() == [0, 0, 0, 2, 2]
    assert dialog.ok_button.isEnabled() and dialog.classes.minimum() == 3
    dialog.begin_stroke(erase=True)
    dialog.stroke_to(0.3, 0.0)  # removes the two points within 0.6
    dialog.end_stroke()
    assert dialog.points().tolist() == [[1.0, 0.0], [-3.0, -3.0], [-3.0, 3.0]]
    assert not dialog.ok_button.isEnabled()  # fewer than four points
    dialog.undo_stack.undo()
    assert len(dialog.points()) == 5
    dialog.undo_stack.undo()
    assert dialog.labels().tolist() == [0, 0, 0]
    dialog.undo_stack.redo()
    assert dialog.labels().tolist() == [0, 0, 0, 2, 2]
    dialog.done(0)


def test_the_mouse_draws_and_erases(qtbot):
    dialog = DrawPointsDialog()
    qtbot.addWidget(dialog)
    dialog.resize(600, 600)
    dialog.show()
    qtbot.waitExposed(dialog)
    view = dialog.plot.viewport()
    centre = dialog.plot.mapFromScene(dialog.box.mapViewToScene(_point(0, 0)))
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=centre)
    assert len(dialog.points()) == 1
    np.testing.assert_allclose(dialog.points()[0], [0, 0], atol=0.1)
    qtbot.mouseClick(view, Qt.MouseButton.RightButton, pos=centre + QPoint(2, 2))
    assert len(dialog.points()) == 0
    assert dialog.undo_stack.count() == 2
    dialog.done(0)


def _point(x, y):
    from PySide6.QtCore import QPointF

    return QPointF(x, y)


def test_data_paths_are_relative_on_disk_and_absolute_in_memory(tmp_path):
    (tmp_path / "data").mkdir()
    inside = tmp_path / "data" / "points.csv"
    design = Design(name="d", dataset={"path": str(inside)})
    on_disk = relative_data_paths(design, tmp_path)
    assert on_disk.dataset["path"] == "data/points.csv"
    assert design.dataset["path"] == str(inside)  # a copy was changed
    back = absolute_data_paths(on_disk, tmp_path)
    assert back.dataset["path"] == str(inside.resolve())
    elsewhere = relative_data_paths(design, tmp_path / "other")
    assert elsewhere.dataset["path"] == str(inside)  # outside: stays absolute


def test_an_unexpected_failure_is_one_sentence_too(panel, tmp_path, monkeypatch):
    from netdesigner.gui.training import own_data

    def broken(document, path):
        raise RuntimeError("the reader tripped")

    monkeypatch.setattr(own_data, "use_file_commands", broken)
    assert not panel.use_data_file(tmp_path / "odd.npz")
    message = panel.errors.calls[-1][2]
    assert message.endswith("could not be read (RuntimeError: the reader tripped)")


def test_the_problems_panel_checks_the_network_against_the_file(panel, tmp_path):
    three = tmp_path / "three.csv"
    points = np.random.default_rng(0).normal(size=(30, 2))
    write_points_csv(three, points, np.arange(30) % 3)
    assert panel.use_data_file(three)
    codes = [p.code for p in panel.document.problems]
    assert "output_units" in codes  # one tanh unit cannot hold three classes
