"""``netdesigner train`` on a lesson: trains the run variants its goals need, prints
each goal as met or not, and writes them into ``--metrics-json``."""

from __future__ import annotations

import json
from pathlib import Path

from netdesigner.design.io import loads_design, save_design


def text(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh_CN": zh}


def gate_lesson(folder: Path) -> Path:
    """The perceptron on AND (reaches 1.0 in a few epochs) with three goals: one met,
    one not, and a comparison with a variant of too few epochs to learn."""
    document = {
        "format": "netdesigner.design",
        "version": 2,
        "name": "AND",
        "nodes": [
            {"id": "input", "type": "Input", "params": {"shape": [2]}},
            {"id": "out", "type": "Dense", "params": {"units": 1,
                                                      "activation": "step"}},
        ],
        "edges": [{"from": "input", "to": "out"}],
        "dataset": {"name": "and_gate", "seed": 0},
        "training": {"loss": "mean_squared_error", "batch_size": 1, "epochs": 20,
                     "optimizer": {"type": "sgd", "learning_rate": 1.0}, "seed": 0},
        "lesson": {
            "number": 3,
            "title": text("The perceptron", "感知机"),
            "explanation": text("AND", "与门"),
            "goals": [
                {"text": text("Train accuracy reaches 1.0", "训练准确率达到 1.0"),
                 "metric": "train_accuracy", "op": ">=", "value": 1.0},
                {"text": text("Train loss stays above 0.5", "训练损失高于 0.5"),
                 "metric": "train_loss", "op": ">=", "value": 0.5},
                {"text": text("More epochs learn more", "多训练几轮学得更好"),
                 "metric": "train_loss", "op": "beats", "other": "one_epoch"},
            ],
            "runs": [{"id": "one_epoch", "label": text("one epoch", "一轮"),
                      "training": {"epochs": 1, "optimizer": {"learning_rate": 0.1}}}],
        },
    }  # fmt: skip
    path = folder / "and.json"
    save_design(loads_design(json.dumps(document)), path)
    return path


def test_train_reports_each_goal_and_trains_the_variant(cli, tmp_path):
    path = gate_lesson(tmp_path)
    result = cli("train", path, "--metrics-json", "m.json")
    assert result.returncode == 0, result.stderr  # unmet goals are no error
    assert result.stdout.splitlines() == [
        "goal met: Train accuracy reaches 1.0 (1)",
        "goal not met: Train loss stays above 0.5 (0)",
        f"goal met: More epochs learn more (0 against {_one_epoch_loss(tmp_path)})",
    ]
    assert "training run 'one_epoch' (one epoch)" in result.stderr
    goals = json.loads((tmp_path / "m.json").read_text())["goals"]
    assert [(g["text"], g["met"], g["value"]) for g in goals] == [
        ("Train accuracy reaches 1.0", True, 1.0),
        ("Train loss stays above 0.5", False, 0.0),
        ("More epochs learn more", True, 0.0),
    ]
    assert goals[2]["other_value"] > 0


def _one_epoch_loss(folder: Path) -> str:
    """The variant's final loss as the command prints it (trained here again)."""
    from netdesigner.design.io import load_design
    from netdesigner.design.lesson_runs import variant_design
    from netdesigner.design.session import TrainingSession

    design = load_design(folder / "and.json")
    assert design.lesson is not None
    changed, _ = variant_design(design, design.lesson.runs[0], folder / "and.json")
    session = TrainingSession(changed)
    for _event in session.events():
        pass
    return f"{session.evaluate()['train_loss']:.4g}"


def test_goals_speak_chinese_with_lang_zh_cn(cli, tmp_path):
    path = gate_lesson(tmp_path)
    result = cli(
        "train", path, "--quiet", "--lang", "zh_CN", "--metrics-json", "m.json"
    )
    assert result.returncode == 0, result.stderr
    assert "训练准确率达到 1.0" in result.stdout
    goals = json.loads((tmp_path / "m.json").read_text())["goals"]
    assert goals[0]["text"] == "训练准确率达到 1.0"


def test_a_design_without_a_lesson_prints_no_goals(cli, tmp_path, sample_copy):
    path = sample_copy("01_perceptron_and")
    document = json.loads(path.read_text())
    document.pop("lesson", None)
    path.write_text(json.dumps(document))
    result = cli("train", path, "--quiet", "--metrics-json", "m.json")
    assert result.returncode == 0 and result.stdout == ""
    assert "goals" not in json.loads((tmp_path / "m.json").read_text())


def test_a_missing_variant_design_leaves_its_goals_unmet(cli, tmp_path):
    """A lesson copied without its variants/ folder still trains and is saved; the
    run it cannot find is named, and the goals that need it are not met."""
    path = gate_lesson(tmp_path)
    document = json.loads(path.read_text("utf-8"))
    document["lesson"]["runs"] = [
        {"id": "one_epoch", "label": text("one epoch", "一轮"),
         "design": "variants/gone.json"}
    ]  # fmt: skip
    path.write_text(json.dumps(document), "utf-8")
    result = cli("train", path, "--quiet", "--out", "out.json")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.json").is_file()
    assert "run 'one_epoch' was not trained" in result.stderr
    assert "gone.json" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout.splitlines()[0].startswith("goal met: ")
    assert result.stdout.splitlines()[2].startswith("goal not met: More epochs")
