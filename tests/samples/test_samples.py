"""Every sample validates and trains; the small ones reach what they claim.

Also the two hand-written example files of ../shared/examples (copied into
tests/shared_examples) must load and train.
Epochs are capped so the whole file stays well under 90 seconds.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from netdesigner.design.io import dumps_design, load_design
from netdesigner.design.session import TrainingSession
from netdesigner.design.validation import validate
from netdesigner.engine.landscape import LossLandscape

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "samples").glob("*.json"))
EXAMPLES = sorted((ROOT / "tests" / "shared_examples").glob("*.json"))
LESSON_FILES = [
    "01_perceptron_and", "02_perceptron_or", "03_perceptron_xor_fails",
    "04_xor_hidden_layer", "05_playground_circle", "06_deep_spiral",
    "07_spiral_three_classes", "08_gradient_descent", "09_fashion_mnist_mlp",
    "10_lenet5_mnist",
    "11_lenet5_batchnorm_fashion", "12_transfer_learning", "13_cifar10_cnn",
    "14_linear_regression", "15_logistic_regression",
    "16_tuning_learning_rate_batch_size", "17_product_detection",
]  # fmt: skip
#: samples whose goals (with their compare runs) take more than a few seconds
SLOW = {
    "10_lenet5_mnist", "11_lenet5_batchnorm_fashion", "12_transfer_learning",
    "13_cifar10_cnn", "16_tuning_learning_rate_batch_size", "17_product_detection",
}  # fmt: skip


def ids(paths):
    return [p.stem for p in paths]


def trained(name: str, epochs: int | None = None) -> TrainingSession:
    session = TrainingSession(load_design(ROOT / "samples" / f"{name}.json"),
                              epochs=epochs)  # fmt: skip
    for _ in session.events():
        pass
    return session


def test_one_sample_per_lesson_and_the_readme_lists_them():
    assert [p.stem for p in SAMPLES] == LESSON_FILES
    readme = (ROOT / "samples" / "README.md").read_text(encoding="utf-8")
    for name in LESSON_FILES:
        assert f"`{name}.json`" in readme


@pytest.mark.parametrize("path", SAMPLES, ids=ids(SAMPLES))
def test_sample_is_a_clean_lesson(path):
    design = load_design(path)
    assert validate(design) == []
    assert len(design.description) > 100, "tell the student what to look for"
    assert path.read_text(encoding="utf-8") == dumps_design(design)  # byte-stable
    # laid out by auto-layout: no card covers another, and the data enters at the
    # top-left corner
    boxes = [(*n.position, 132.0, 100.0) for n in design.nodes]
    assert not any(
        a[0] < b[0] + b[2]
        and b[0] < a[0] + a[2]
        and a[1] < b[1] + b[3]
        and b[1] < a[1] + a[3]
        for k, a in enumerate(boxes)
        for b in boxes[k + 1 :]
    ), "overlapping cards"
    first = design.nodes[0]
    assert first.type == "Input"
    assert first.position == (min(x for x, *_ in boxes), min(y for _, y, *_ in boxes))


@pytest.mark.parametrize("path", SAMPLES + EXAMPLES, ids=ids(SAMPLES + EXAMPLES))
def test_trains_a_few_batches(path):
    design = load_design(path)
    assert not [p for p in validate(design) if p.severity == "error"]
    session = TrainingSession(design)
    losses = []
    for _ in range(3):
        events = session.trainer.step_batch()
        assert events, "the trainer stopped before three batches"
        losses.append(events[0].loss)
    assert all(math.isfinite(v) for v in losses)
    before = {k: v.copy() for k, v in session.network.get_weights().items()}
    session.trainer.step_batch()
    after = session.network.get_weights()
    if not type(session.trainer).__name__.startswith("Perceptron"):
        assert any(not np.array_equal(before[k], after[k]) for k in before)


@pytest.mark.parametrize("name", ["01_perceptron_and", "02_perceptron_or"])
def test_perceptron_learns_the_gate(name):
    session = trained(name)
    assert session.evaluate()["test_accuracy"] == 1.0
    assert session.history["epoch"][-1] <= 20


def test_perceptron_cannot_learn_xor():
    session = trained("03_perceptron_xor_fails")
    assert max(session.history["train_accuracy"]) < 1.0
    assert session.evaluate()["test_accuracy"] < 1.0


def test_hidden_layer_solves_xor():
    assert trained("04_xor_hidden_layer").evaluate()["test_accuracy"] == 1.0


def test_playground_circle_passes_95_percent():
    assert (
        trained("05_playground_circle", epochs=100).evaluate()["test_accuracy"] >= 0.95
    )


def test_deep_spiral_learns_the_arms():
    assert trained("06_deep_spiral", epochs=150).evaluate()["test_accuracy"] >= 0.95


def test_three_class_spiral():
    assert trained("07_spiral_three_classes").evaluate()["test_accuracy"] >= 0.9


def test_fashion_mnist_mlp_reaches_about_87_percent_in_its_10_epochs():
    """Lesson 5's promise, on the shipped images (about 2 s of training); labels
    shuffled against their images would leave it near 10%."""
    result = trained("09_fashion_mnist_mlp").evaluate()
    assert 0.85 <= result["test_accuracy"] <= 0.9


def _descent(rate: float) -> tuple[list[float], np.ndarray]:
    """Train the gradient-descent lesson at ``rate``: train losses and the path."""
    design = load_design(ROOT / "samples" / "08_gradient_descent.json")
    design.training["optimizer"] = {"type": "sgd", "learning_rate": rate}
    session = TrainingSession(design)
    scape = LossLandscape(session.trainer)
    for event in session.events():
        if type(event).__name__ == "BatchEvent":
            scape.record()
    return session.trainer.history["train_loss"], scape.path()


def test_gradient_descent_zigzags_down_the_valley_as_described():
    losses, path = _descent(0.07)
    assert len(path) == 61 and losses[-1] < 0.1  # one full-batch step an epoch
    across = np.sign(path[:6, 0] - path[-1, 0])  # the steep weight, x1's
    assert (across[1:] == -across[:-1]).all(), "zigzags across the valley"
    slow, _ = _descent(0.01)
    assert slow[-1] > 1.3 * losses[-1]  # smooth, but slow along the floor
    blown, _ = _descent(0.09)
    assert blown[-1] > 1e6 * blown[0]  # each step overshoots further


def test_claims_in_descriptions_match_the_tests():
    """Percentages a description promises for the small samples are tested above."""
    promised = {
        p.stem: re.findall(r"(\d+)%", load_design(p).description) for p in SAMPLES
    }
    assert promised["01_perceptron_and"] == ["100"]
    assert promised["04_xor_hidden_layer"] == ["100", "75"]
    assert promised["05_playground_circle"] == ["95"]
    assert promised["06_deep_spiral"] == ["95"]
    assert promised["09_fashion_mnist_mlp"] == ["87"]


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=[pytest.mark.slow] if n in SLOW else [])
        for n in LESSON_FILES
    ],
)
def test_netdesigner_train_meets_every_goal_of_the_lesson(name, tmp_path):
    """The lesson's promises, checked the way a teacher would: ``netdesigner train``
    trains the sample and its compare runs, and reports every goal as met."""
    import json
    import subprocess
    import sys

    lesson = load_design(ROOT / "samples" / f"{name}.json").lesson
    assert lesson is not None and lesson.goals and lesson.title.zh_CN
    metrics, sample = tmp_path / "m.json", str(ROOT / "samples" / f"{name}.json")
    result = subprocess.run(
        [sys.executable, "-m", "netdesigner", "train", sample,
         "--quiet", "--lang", "en", "--out", str(tmp_path / "out.json"),
         "--metrics-json", str(metrics)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    goals = json.loads(metrics.read_text(encoding="utf-8"))["goals"]
    assert [g["text"] for g in goals] == [g.text.en for g in lesson.goals]
    assert [g for g in goals if not g["met"]] == []
    assert result.stdout.splitlines() == [
        line for line in result.stdout.splitlines() if line.startswith("goal met: ")
    ] and len(result.stdout.splitlines()) == len(goals)


def test_every_lesson_number_of_the_course_has_a_sample():
    lessons = [load_design(ROOT / "samples" / f"{n}.json").lesson for n in LESSON_FILES]
    # 1–11 as the course runs, then its capstone: product detection
    assert {lesson.number for lesson in lessons if lesson} == set(range(1, 13))
    assert all(lessons), "every lesson sample carries its lesson"


def test_transfer_learning_keeps_the_frozen_digit_features():
    """Lesson 11: the shipped MNIST convolutions stay fixed; the head learns clothes."""
    from netdesigner.design.io import load_weights, weights_path

    path = ROOT / "samples" / "12_transfer_learning.json"
    design = load_design(path)
    frozen = [n.id for n in design.nodes if not n.trainable]
    assert frozen == ["conv_1", "conv_2"]
    shipped = load_weights(weights_path(path))
    session = TrainingSession(design, epochs=1, initial_weights=shipped)
    for _ in session.events():
        pass
    after = session.network.get_weights()
    for key in ("conv_1/kernel", "conv_1/bias", "conv_2/kernel", "conv_2/bias"):
        assert np.array_equal(after[key], shipped[key]), key
    assert not np.array_equal(after["output/kernel"], shipped["output/kernel"])


def test_playground_circle_uses_playgrounds_half_squared_error():
    session = trained("05_playground_circle", epochs=2)
    assert session.design.training["loss"] == "half_mean_squared_error"
    ds, net = session.dataset, session.network
    out = net.predict(ds.transform(ds.x_test)).reshape(-1)
    targets = np.asarray(session.trainer.data.t_test, dtype=np.float64).reshape(-1)
    half = 0.5 * np.mean((out - targets) ** 2)  # Playground's 0.5 (y - t)^2
    assert session.trainer.history["test_loss"][-1] == pytest.approx(half, rel=1e-5)


def test_tuning_lesson_compares_the_full_grid_in_compare_runs():
    """Lesson 10's tuning sample: the design and its runs, as Tools ▸ Compare Runs
    trains them, are every learning rate × batch size of the grid, once each."""
    from netdesigner.gui.training.compare_runs import lesson_variants

    path = ROOT / "samples" / "16_tuning_learning_rate_batch_size.json"
    design = load_design(path)
    assert design.lesson is not None and design.lesson.number == 10
    variants = lesson_variants(design, design.lesson, path.parent)
    cells = [
        (
            v.design.training["optimizer"]["learning_rate"],
            v.design.training["batch_size"],
        )
        for v in variants
    ]
    assert sorted(cells) == [(r, b) for r in (0.003, 0.03, 0.3) for b in (16, 128)]
    assert variants[0].id == "main" and cells[0] == (0.03, 16)
    assert {v.design.training["optimizer"]["type"] for v in variants} == {"sgd"}
