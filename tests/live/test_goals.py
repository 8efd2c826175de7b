"""Lesson goals against hand-made run results: every op, missing runs, NaN."""

from __future__ import annotations

import pytest

from netdesigner.design.lesson import Lesson
from netdesigner.live.goals import check_goals


def text(en: str) -> dict[str, str]:
    return {"en": en, "zh_CN": "中文：" + en}


def lesson(*goals: dict, runs: tuple[str, ...] = ()) -> Lesson:
    return Lesson.from_dict(
        {
            "number": 1,
            "title": text("t"),
            "explanation": text("e"),
            "goals": [{"text": text("g"), **goal} for goal in goals],
            "runs": [{"id": r, "label": text(r)} for r in runs],
        }
    )


def met(goal: dict, results: dict, n_classes: int | None = None, runs=()) -> bool:
    (result,) = check_goals(lesson(goal, runs=runs), results, n_classes)
    return result.met


AT_LEAST = {"metric": "test_accuracy", "op": ">=", "value": 0.95}
AT_MOST = {"metric": "test_loss", "op": "<=", "value": 0.1}


@pytest.mark.parametrize(
    ("goal", "value", "expected"),
    [
        (AT_LEAST, 0.95, True),  # the threshold itself counts
        (AT_LEAST, 0.9499, False),
        (AT_MOST, 0.1, True),
        (AT_MOST, 0.1001, False),
    ],
)
def test_thresholds(goal, value, expected):
    assert met(goal, {"main": {goal["metric"]: value}}) is expected


def test_result_carries_the_value_read():
    (result,) = check_goals(lesson(AT_LEAST), {"main": {"test_accuracy": 0.97}})
    assert (result.met, result.value) == (True, 0.97)
    assert result.goal.metric == "test_accuracy"


def test_missing_run_metric_or_nan_is_not_met():
    assert not met(AT_LEAST, {})
    assert not met(AT_LEAST, {"main": {"test_loss": 0.1}})
    (result,) = check_goals(lesson(AT_LEAST), {"main": {"test_accuracy": None}})
    assert (result.met, result.value) == (False, None)
    assert not met(AT_MOST, {"main": {"test_loss": float("nan")}})


def test_a_run_that_diverged_fails():
    fails = {"metric": "train_loss", "op": "fails", "value": 10.0}
    assert met(fails, {"main": {"train_loss": None}})
    assert met(fails, {"main": {}})  # trained, but nothing finite to report
    assert not met(fails, {})  # not trained yet


def test_fails_means_at_or_below_chance_plus_a_margin():
    fails = {"metric": "test_accuracy", "op": "fails"}
    assert met(fails, {"main": {"test_accuracy": 0.6}}, n_classes=2)
    assert not met(fails, {"main": {"test_accuracy": 0.61}}, n_classes=2)
    assert met(fails, {"main": {"test_accuracy": 0.4}}, n_classes=3)
    assert not met(fails, {"main": {"test_accuracy": 0.45}}, n_classes=3)
    assert met(fails, {"main": {"test_accuracy": 0.6}})  # two classes by default


def test_fails_with_a_value_means_it_is_never_reached():
    """The perceptron on XOR: three rows of four right is a failure, four is not."""
    xor = {"metric": "train_accuracy", "op": "fails", "value": 1.0}
    assert met(xor, {"main": {"train_accuracy": 0.75}})
    assert not met(xor, {"main": {"train_accuracy": 1.0}})
    loss = {"metric": "test_loss", "op": "fails", "value": 0.5}
    assert met(loss, {"main": {"test_loss": 0.7}})
    assert not met(loss, {"main": {"test_loss": 0.5}})


def test_beats_compares_two_runs_in_the_metric_s_direction():
    deeper = {"metric": "test_accuracy", "op": "beats", "run": "deep",
              "other": "shallow"}  # fmt: skip
    runs = ("deep", "shallow")
    results = {"deep": {"test_accuracy": 0.98}, "shallow": {"test_accuracy": 0.8}}
    assert met(deeper, results, runs=runs)
    results["shallow"]["test_accuracy"] = 0.98  # a tie does not beat
    assert not met(deeper, results, runs=runs)
    lower = {"metric": "test_loss", "op": "beats", "other": "shallow"}  # run: main
    assert met(lower, {"main": {"test_loss": 0.2}, "shallow": {"test_loss": 0.3}},
               runs=runs)  # fmt: skip
    assert not met(lower, {"main": {"test_loss": 0.4}, "shallow": {"test_loss": 0.3}},
                   runs=runs)  # fmt: skip
    (result,) = check_goals(lesson(deeper, runs=runs), {"deep": {"test_accuracy": 1}})
    assert (result.met, result.value, result.other_value) == (False, 1.0, None)


def test_goals_are_checked_in_order_and_no_lesson_has_none():
    both = lesson(AT_LEAST, AT_MOST)
    results = {"main": {"test_accuracy": 0.99, "test_loss": 0.5}}
    assert [r.met for r in check_goals(both, results)] == [True, False]
    assert check_goals(None, results) == []


def test_map50_goals_read_the_detection_metric_higher_is_better():
    """Detection lessons set goals on mAP@0.5 (``netdesigner train``'s test_map50)."""
    reach = {"metric": "test_map50", "op": ">=", "value": 0.5}
    assert met(reach, {"main": {"test_map50": 0.9}})
    assert not met(reach, {"main": {"test_map50": 0.4}})
    better = {"metric": "train_map50", "op": "beats", "other": "small"}
    runs = ("small",)
    results = {"main": {"train_map50": 0.8}, "small": {"train_map50": 0.6}}
    assert met(better, results, runs=runs)
    results["small"]["train_map50"] = 0.9
    assert not met(better, results, runs=runs)
