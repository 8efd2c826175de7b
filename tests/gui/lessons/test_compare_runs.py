"""Compare runs trains each variant in its own thread and marks the best run."""

from __future__ import annotations

from netdesigner.design.lesson import Lesson
from netdesigner.design.model import Design, Edge, Node
from netdesigner.gui.training.compare_runs import (
    CompareRunsDialog,
    best_index,
    grid_variants,
    lesson_variants,
)


def small_design(epochs: int = 3) -> Design:
    nodes = [
        Node("input", "Input", {"shape": [2]}, position=(0, 0)),
        Node("hidden", "Dense", {"units": 4, "activation": "tanh"}, position=(200, 0)),
        Node("output", "Dense", {"units": 1, "activation": "sigmoid"}, (400, 0)),
    ]
    edges = [Edge("input", "hidden"), Edge("hidden", "output")]
    training = {
        "loss": "binary_crossentropy",
        "optimizer": {"type": "sgd", "learning_rate": 0.1},
        "batch_size": 10,
        "epochs": epochs,
        "seed": 0,
    }
    dataset = {"name": "gauss", "n_samples": 100}
    return Design(
        name="small", nodes=nodes, edges=edges, dataset=dataset, training=training
    )


def test_grid_variants_cover_every_combination():
    variants = grid_variants(small_design(), [0.01, 0.1], [10, 50], [])
    settings = [
        (
            v.design.training["optimizer"]["learning_rate"],
            v.design.training["batch_size"],
        )
        for v in variants
    ]
    assert settings == [(0.01, 10), (0.01, 50), (0.1, 10), (0.1, 50)]
    assert variants[0].design.training["optimizer"]["type"] == "sgd"


def test_lesson_variants_merge_training_over_the_design():
    lesson = Lesson.from_dict(
        {
            "number": 8,
            "title": {"en": "t", "zh_CN": "t"},
            "explanation": {"en": "e", "zh_CN": "e"},
            "runs": [
                {
                    "id": "slow",
                    "label": {"en": "lr 0.001", "zh_CN": "学习率 0.001"},
                    "training": {"optimizer": {"learning_rate": 0.001}},
                }
            ],
        }
    )
    variants = lesson_variants(small_design(), lesson, None, "zh_CN")
    assert [v.id for v in variants] == ["main", "slow"]
    assert variants[1].label == "学习率 0.001"
    optimizer = variants[1].design.training["optimizer"]
    assert optimizer == {"type": "sgd", "learning_rate": 0.001}


def test_best_is_the_highest_test_accuracy_and_never_a_diverged_run():
    results = [
        {"test_accuracy": 0.8},
        None,
        {"test_accuracy": 0.9},
        {"test_accuracy": float("nan")},
    ]
    assert best_index(results) == 2
    assert best_index([{"test_loss": 0.5}, {"test_loss": 0.2}]) == 1


def test_compare_runs_trains_every_variant_and_marks_the_best(qtbot):
    dialog = CompareRunsDialog(small_design(epochs=4))
    qtbot.addWidget(dialog)
    dialog.rates.setText("0.001, 0.5")
    dialog.batches.setText("10")
    with qtbot.waitSignal(dialog.results_ready, timeout=60_000) as blocker:
        assert dialog.start()
    results = blocker.args[0]
    assert len(results) == 2
    assert dialog.table.rowCount() == 2
    accuracies = [results[v.id]["test_accuracy"] for v in dialog.variants]
    best = max(range(2), key=lambda i: accuracies[i])
    assert dialog.best_row() == best
    assert dialog.table.item(best, 0).text().startswith("★")
    assert dialog.table.item(best, 0).font().bold()
    assert not dialog.table.item(1 - best, 0).font().bold()
    for row in range(2):
        assert dialog.table.item(row, 1).text() == "4"  # every epoch trained
        assert abs(float(dialog.table.item(row, 4).text()) - accuracies[row]) < 1e-4
    assert len(dialog.plot.old_runs) == 1  # the first run stays, faded, labelled
    assert dialog.shutdown()
