"""The Lesson panel, its live goal ticks, classroom locks and the model summary."""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from netdesigner.design.io import load_design
from netdesigner.design.lesson import Lesson
from netdesigner.design.model import Design, Edge, Node
from netdesigner.gui.lesson_panel import LessonPanel
from netdesigner.gui.lesson_text import markdown_to_html, tex_to_html
from netdesigner.gui.lessons import GoalTracker
from netdesigner.gui.summary_view import summarize, summary_text
from netdesigner.live.frames import Frame, SessionSummary

SAMPLES = Path(__file__).resolve().parents[3] / "samples"

LESSON = {
    "number": 4,
    "title": {"en": "Gradient descent", "zh_CN": "梯度下降"},
    "explanation": {
        "en": "The update is $w := w - \\alpha \\frac{dJ}{dw}$.\n\n$$e^{z}$$",
        "zh_CN": "更新规则是 $w := w - \\alpha \\frac{dJ}{dw}$。",
    },
    "steps": [{"en": "Press Play.", "zh_CN": "按下播放。"}],
    "goals": [
        {
            "text": {"en": "Test accuracy reaches 0.9", "zh_CN": "测试准确率达到 0.9"},
            "metric": "test_accuracy",
            "op": ">=",
            "value": 0.9,
        },
        {
            "text": {"en": "It fails", "zh_CN": "失败"},
            "metric": "test_accuracy",
            "op": "fails",
        },
    ],
    "locked": ["loss", "learning_rate", "nodes"],
}


def lesson(**changes) -> Lesson:
    data = copy.deepcopy(LESSON)
    data.update(changes)
    return Lesson.from_dict(data)


def small_design(with_lesson: bool = True, epochs: int = 30) -> Design:
    nodes = [
        Node("input", "Input", {"shape": [2]}, position=(0, 0)),
        Node("hidden", "Dense", {"units": 4, "activation": "tanh"}, position=(200, 0)),
        Node("output", "Dense", {"units": 1, "activation": "sigmoid"}, (400, 0)),
    ]
    return Design(
        name="small",
        nodes=nodes,
        edges=[Edge("input", "hidden"), Edge("hidden", "output")],
        dataset={"name": "gauss", "n_samples": 200},
        training={
            "loss": "binary_crossentropy",
            "optimizer": {"type": "sgd", "learning_rate": 0.3},
            "batch_size": 10,
            "epochs": epochs,
            "seed": 0,
        },
        lesson=lesson() if with_lesson else None,
    )


# -- formulas ------------------------------------------------------------------------
def test_tex_becomes_unicode_with_sub_and_superscripts():
    assert tex_to_html(r"\alpha \cdot x") == "α · <i>x</i>"
    assert tex_to_html(r"e^{z}") == "<i>e</i><sup><i>z</i></sup>"
    assert tex_to_html(r"w_1") == "<i>w</i><sub>1</sub>"
    assert tex_to_html(r"\frac{dJ}{dw}") == "<i>d</i><i>J</i>/<i>d</i><i>w</i>"
    assert tex_to_html(r"\frac{a+b}{2}") == "(<i>a</i> + <i>b</i>)/2"
    assert "∑" in tex_to_html(r"\sum_{k} e^{z_k}")
    assert "\\" not in tex_to_html(r"\hat{y} \leq \unknown")
    # the detection lesson's IoU
    iou = tex_to_html(r"|A \cap B|/|A \cup B|")
    assert iou == "|<i>A</i> ∩ <i>B</i>|/|<i>A</i> ∪ <i>B</i>|"


def test_markdown_keeps_formulas_out_of_the_markdown_reader():
    body = markdown_to_html("Rate $\\alpha_{t}$ and **bold**\n\n$$a*b*c$$")
    assert "α<sub><i>t</i></sub>" in body
    assert "a*b*c" not in body and "<i>a</i>*<i>b</i>*<i>c</i>" in body
    assert 'align="center"' in body
    assert "$" not in body


# -- the panel -----------------------------------------------------------------------
def test_panel_shows_the_lesson_in_both_languages(qtbot):
    panel = LessonPanel()
    qtbot.addWidget(panel)
    panel.show_lesson(lesson(), "en")
    text = panel.browser.toPlainText()
    assert "Lesson 4" in panel.title.text() and "Gradient descent" in panel.title.text()
    assert "w := w − α" in text
    assert "Press Play." in text and "Test accuracy reaches 0.9" in text
    panel.show_lesson(lesson(), "zh_CN")
    text = panel.browser.toPlainText()
    assert "梯度下降" in panel.title.text()
    assert (
        "更新规则是" in text and "按下播放。" in text and "测试准确率达到 0.9" in text
    )
    assert "Press Play." not in text


def test_goal_tracker_keeps_reached_goals_and_waits_for_fails():
    tracker = GoalTracker()
    tracker.n_classes = 2
    tracker.results["main"] = {"test_accuracy": 0.5}
    first = tracker.check(lesson())
    assert [r.met for r in first] == [False, False]  # fails waits for the end
    tracker.results["main"] = {"test_accuracy": 0.95}
    assert [r.met for r in tracker.check(lesson())] == [True, False]
    tracker.results["main"] = {"test_accuracy": 0.5}
    tracker.finished = True
    assert [r.met for r in tracker.check(lesson())] == [True, True]


def summary_of(design: Design) -> SessionSummary:
    return SessionSummary(task="classification", n_classes=2, epochs=3)


def frame(epoch: int, accuracy: float) -> Frame:
    record = {"epoch": float(epoch), "test_accuracy": accuracy, "test_loss": 0.3}
    return Frame(epoch, epoch * 10, 0.0, 30, 0.1, epochs=[record], running=True)


@pytest.fixture
def lesson_window(window):
    """The main window with training and lessons installed."""
    from netdesigner.gui.app import install_extensions, stop_training

    install_extensions(window)
    yield window
    assert stop_training(window)


def test_goals_tick_as_frames_arrive(lesson_window, qtbot):
    window = lesson_window
    window.document.reset(small_design())
    ui = window.lesson_ui
    assert ui.dock.isVisible()
    controller = window.training_ui.controller
    controller.session_ready.emit(summary_of(window.document.design))
    controller.frame_ready.emit(frame(1, 0.6))
    assert ui.panel.met_count() == 0
    assert "0 of 2" in ui.panel.progress.text()
    controller.frame_ready.emit(frame(2, 0.93))
    assert ui.panel.met_count() == 1
    assert "Goal reached" in window.statusBar().currentMessage()
    assert "✔" in ui.panel.browser.toPlainText()


def test_goals_tick_when_the_controller_trains(lesson_window, qtbot):
    window = lesson_window
    window.document.reset(small_design(epochs=40))
    ui = window.lesson_ui
    controller = window.training_ui.controller
    window.training_ui.link.sync()  # now, not after the edit's debounce
    qtbot.waitUntil(lambda: controller.state == "ready", timeout=20_000)
    with qtbot.waitSignal(ui.panel.goal_reached, timeout=60_000):
        controller.play()
    qtbot.waitUntil(lambda: controller.state == "finished", timeout=60_000)
    assert ui.panel.results[0].met


# -- classroom -----------------------------------------------------------------------
def test_classroom_disables_locked_controls_and_the_document_refuses(lesson_window):
    window = lesson_window
    doc = window.document
    doc.reset(small_design())
    ui = window.lesson_ui
    settings = window.training_ui.settings
    ui.actions["classroom"].setChecked(True)
    assert doc.locks == {"loss", "learning_rate", "nodes"}
    assert not settings.loss.isEnabled() and not settings.learning_rate.isEnabled()
    assert settings.batch_size.isEnabled()  # not locked by this lesson
    assert not window.palette.isEnabled()
    before = doc.design.to_dict()
    doc.set_setting("training", "loss", "mean_squared_error")
    doc.set_setting("training", "optimizer", {"type": "sgd", "learning_rate": 0.01})
    doc.add_node("Dense", (600, 0))
    doc.delete(["hidden"])
    doc.set_param("hidden", "units", 8)
    assert doc.design.to_dict() == before
    assert doc.undo_stack.count() == 0
    doc.set_setting("training", "batch_size", 20)  # free in this lesson
    assert doc.design.training["batch_size"] == 20
    assert not ui.actions["edit_lesson"].isEnabled()
    ui.actions["classroom"].setChecked(False)
    assert settings.loss.isEnabled() and window.palette.isEnabled()
    doc.set_param("hidden", "units", 8)
    assert doc.node("hidden").params["units"] == 8


def test_undo_cannot_bypass_the_canvas_lock(lesson_window):
    window = lesson_window
    doc = window.document
    doc.reset(small_design())
    doc.add_node("Dense", (600, 0))  # the teacher's edit, before the class
    added = [n.id for n in doc.design.nodes]
    window.lesson_ui.classroom.set_enabled(True)
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert [n.id for n in doc.design.nodes] == added
    assert doc.is_modified()  # the teacher's edit is still unsaved work
    window.lesson_ui.classroom.set_enabled(False)


def test_classroom_mode_is_remembered(lesson_window):
    from netdesigner.gui.classroom import classroom_enabled

    lesson_window.lesson_ui.classroom.set_enabled(True)
    assert classroom_enabled()
    lesson_window.lesson_ui.classroom.set_enabled(False)
    assert not classroom_enabled()


def test_edit_lesson_is_one_undoable_edit(lesson_window, qtbot):
    from netdesigner.gui.lesson_editor import LessonEditor

    doc = lesson_window.document
    doc.reset(small_design())
    editor = LessonEditor(doc, lesson_window)
    qtbot.addWidget(editor)
    editor.titles["zh_CN"].setText("梯度下降法")
    editor.add_goal(
        {
            "text": {"en": "Loss below 0.3", "zh_CN": "损失低于 0.3"},
            "metric": "test_loss",
            "op": "<=",
            "value": 0.3,
        }
    )
    assert editor.apply()
    assert doc.design.lesson.title.zh_CN == "梯度下降法"
    assert len(doc.design.lesson.goals) == 3
    assert "梯度下降法" in lesson_window.lesson_ui.panel.title.text() or (
        "Gradient descent" in lesson_window.lesson_ui.panel.title.text()
    )
    doc.undo_stack.undo()
    assert doc.design.lesson.title.zh_CN == "梯度下降"
    assert len(doc.design.lesson.goals) == 2
    bad = LessonEditor(doc, lesson_window)
    qtbot.addWidget(bad)
    bad.add_goal(
        {"text": {"en": "a", "zh_CN": "b"}, "metric": "test_loss", "op": "beats"}
    )
    assert not bad.apply()
    assert "other" in bad.error.text()


# -- the summary ---------------------------------------------------------------------
# tf.keras's model.summary() of the classic LeNet-5 (LeCun et al. 1998, as the
# course builds it): 28x28x1 input, Conv2D 6@5x5 padding 'same', 2x2 pooling,
# Conv2D 16@5x5 'valid', pooling, Flatten (400), Dense 120, 84, 10.
KERAS_LENET5 = {
    "conv_1": 156,
    "conv_2": 2416,
    "dense_1": 48120,
    "dense_2": 10164,
    "output": 850,
}


def test_lenet5_summary_matches_tf_keras():
    design = load_design(SAMPLES / "10_lenet5_mnist.json")
    summary = summarize(design)
    counts = {r.name: r.params for r in summary.rows if r.params}
    assert counts == KERAS_LENET5
    assert summary.total == 61_706 == summary.trainable
    shapes = {r.name: r.shape for r in summary.rows}
    assert shapes["conv_1"] == (28, 28, 6) and shapes["flatten"] == (400,)
    text = summary_text(design)
    assert "5·5·1·6 + 6" in text and "400·120 + 120" in text
    assert "Total params: 61,706" in text


def test_frozen_layers_and_batch_norm_statistics_do_not_train():
    design = load_design(SAMPLES / "11_lenet5_batchnorm_fashion.json")
    norm = next(n for n in design.nodes if n.type == "BatchNormalization")
    dense = next(n for n in design.nodes if n.type == "Dense")
    dense.trainable = False
    summary = summarize(design)
    rows = {r.name: r for r in summary.rows}
    channels = rows[norm.id].params // 4
    assert rows[norm.id].trainable == 2 * channels
    assert rows[dense.id].trainable == 0
    moving = sum(r.params // 2 for r in summary.rows if r.type == "BatchNormalization")
    assert summary.frozen == moving + rows[dense.id].params


KERAS_SCRIPT = """
import json, sys
import keras
from keras import layers
model = keras.Sequential([
    keras.Input((28, 28, 1)),
    layers.Conv2D(6, 5, padding="same", activation="relu"),
    layers.MaxPooling2D(2),
    layers.Conv2D(16, 5, activation="relu"),
    layers.MaxPooling2D(2),
    layers.Flatten(),
    layers.Dense(120, activation="relu"),
    layers.Dense(84, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
print(json.dumps([l.count_params() for l in model.layers]))
"""


def test_lenet5_counts_are_what_keras_counts():
    """The table above, checked against keras itself when it is installed."""
    if importlib.util.find_spec("keras") is None:
        pytest.skip("keras is not installed")
    env = dict(os.environ, KERAS_BACKEND="torch")
    done = subprocess.run(
        [sys.executable, "-c", KERAS_SCRIPT],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    if done.returncode != 0:
        pytest.skip(f"keras could not build the model: {done.stderr[-200:]}")
    counts = [c for c in json.loads(done.stdout.strip().splitlines()[-1]) if c]
    assert counts == list(KERAS_LENET5.values())
