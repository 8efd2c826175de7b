"""Format version 2: a design's lesson saves and loads, version-1 files migrate, a
newer version is refused, and every bad lesson object gets one sentence."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from netdesigner.design.errors import DesignFileError
from netdesigner.design.io import dumps_design, load_design, loads_design
from netdesigner.design.lesson import Lesson, Text, deep_merge

EXAMPLES = Path(__file__).resolve().parents[1] / "shared_examples"


def text(en: str) -> dict[str, str]:
    return {"en": en, "zh_CN": "中文" + en}


LESSON = {
    "number": 4,
    "title": {"en": "Gradient descent", "zh_CN": "梯度下降"},
    "explanation": {"en": "$w := w - \\alpha \\frac{dJ}{dw}$", "zh_CN": "更新规则"},
    "steps": [text("Press Play")],
    "goals": [
        {"text": text("reaches 0.95"), "metric": "test_accuracy", "op": ">=",
         "value": 0.95},
        {"text": text("fails"), "metric": "test_accuracy", "op": "fails"},
        {"text": text("beats"), "metric": "test_loss", "op": "beats", "run": "fast",
         "other": "slow"},
    ],
    "runs": [
        {"id": "fast", "label": text("0.07"),
         "training": {"optimizer": {"learning_rate": 0.07}}},
        {"id": "slow", "label": text("other file"), "design": "other.json"},
    ],
    "locked": ["dataset", "nodes"],
}  # fmt: skip

DOCUMENT = {
    "format": "netdesigner.design",
    "version": 2,
    "name": "lesson",
    "nodes": [
        {"id": "input", "type": "Input", "params": {"shape": [2]}},
        {"id": "out", "type": "Dense", "params": {"units": 1}},
    ],
    "edges": [{"from": "input", "to": "out"}],
    "training": {"optimizer": {"type": "sgd", "learning_rate": 0.01}},
    "lesson": LESSON,
}


def document_with(change) -> str:
    document = copy.deepcopy(DOCUMENT)
    change(document)
    return json.dumps(document)


def test_lesson_round_trips_through_the_file():
    design = loads_design(json.dumps(DOCUMENT))
    lesson = design.lesson
    assert lesson is not None and lesson.number == 4
    assert lesson.title.get("zh_CN") == "梯度下降"
    assert lesson.goals[2].run_ids() == ("fast", "slow")
    assert lesson.run("fast").training == {"optimizer": {"learning_rate": 0.07}}
    assert lesson.locked == ("dataset", "nodes")
    text = dumps_design(design)
    assert json.loads(text)["lesson"] == LESSON  # nothing lost, nothing added
    again = loads_design(text)
    assert again.lesson == lesson and dumps_design(again) == text


def test_a_design_without_a_lesson_saves_none():
    document = copy.deepcopy(DOCUMENT)
    del document["lesson"]
    design = loads_design(json.dumps(document))
    assert design.lesson is None
    assert "lesson" not in json.loads(dumps_design(design))


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_version_1_files_migrate_unchanged_but_for_the_version(path):
    original = json.loads(path.read_text(encoding="utf-8"))
    assert original["version"] == 1
    design = load_design(path)
    assert design.lesson is None
    saved = json.loads(dumps_design(design))
    assert saved.pop("version") == 2
    original.pop("version")
    for key, value in original.items():
        assert saved[key] == value, key


def test_a_newer_version_is_refused_with_one_sentence():
    with pytest.raises(DesignFileError) as caught:
        loads_design(document_with(lambda d: d.update(version=3)), source="new.json")
    assert str(caught.value) == (
        "new.json: this file was written by a newer NetDesigner (format 3); update "
        "to open it"
    )


def put(path: str, value):
    """A change setting ``document["lesson"][...]`` along a dotted path."""

    def change(document):
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        target = document["lesson"]
        for part in parents:
            target = target[part]
        if value is None:
            del target[last]
        else:
            target[last] = value

    return change


BAD = [
    (put("number", 0), "at lesson.number: expected an integer ≥ 1, found 0"),
    (put("title.zh_CN", None), 'at lesson.title: expected the key "zh_CN"'),
    (put("goals.0.metric", "speed"), "at lesson.goals[0].metric: expected one of"),
    (put("goals.0.op", ">"), 'at lesson.goals[0].op: expected one of ">=", "<="'),
    (put("goals.0.value", None),
     "at lesson.goals[0].value: expected a number to compare with (>=), found none"),
    (put("goals.2.other", None),
     "at lesson.goals[2].other: expected the id of the run to beat, found none"),
    (put("goals.2.run", "deep"),
     'at lesson.goals[2].run: expected one of fast, main, slow, found "deep"'),
    (put("runs.1.id", "fast"),
     'at lesson.runs[1].id: expected a unique run id, found "fast"'),
    (put("runs.1.id", "main"),
     'at lesson.runs[1].id: expected a run id other than "main", found "main"'),
    (put("runs.0.training", {"optimizer": {"learning_rate": -1}}),
     "in lesson run 'fast': at training.optimizer.learning_rate: expected a number "
     "> 0, found -1"),
    (put("runs.1.training", {"epochs": 3}),
     "at lesson.runs[1]: expected either another design file or training/dataset "
     'changes, found "both"'),
    (put("locked", ["colours"]), "at lesson.locked[0]: expected one of"),
    (put("goals.1.metric", "test_loss"),
     "at lesson.goals[1].value: expected a number test_loss must not reach, found "
     "none"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "expected"), BAD)
def test_a_bad_lesson_gives_one_sentence(change, expected):
    with pytest.raises(DesignFileError) as caught:
        loads_design(document_with(change), source="lesson.json")
    message = str(caught.value)
    assert message.startswith("lesson.json: ") and expected in message
    assert "\n" not in message and "Traceback" not in message


def test_from_dict_checks_what_a_gui_edit_may_break():
    """The GUI builds lessons without the schema: the same sentences apply."""
    bad = copy.deepcopy(LESSON)
    bad["goals"][0]["run"] = "nowhere"
    with pytest.raises(DesignFileError, match=r"^at lesson\.goals\[0\]\.run: "):
        Lesson.from_dict(bad)
    with pytest.raises(DesignFileError, match="^at lesson.title: expected a text"):
        Lesson.from_dict({**LESSON, "title": "plain"})


def test_saving_refuses_a_lesson_that_would_not_load():
    design = loads_design(json.dumps(DOCUMENT))
    lesson = design.lesson
    assert lesson is not None
    design.lesson = Lesson(
        number=lesson.number,
        title=lesson.title,
        explanation=lesson.explanation,
        runs=(lesson.runs[0].__class__("x", Text("x", "x"), {"epochs": 0}),),
    )
    with pytest.raises(DesignFileError, match="in lesson run 'x': at training.epochs"):
        dumps_design(design)


def test_text_falls_back_to_english():
    assert Text("Loss", "损失").get("zh_CN") == "损失"
    assert Text("Loss", "损失").get("zh_CN.UTF-8") == "损失"
    assert Text("Loss", "损失").get("fr") == "Loss"
    assert Text("Loss", "").get("zh_CN") == "Loss"


def test_deep_merge_keeps_what_the_change_does_not_name():
    base = {"optimizer": {"type": "sgd", "learning_rate": 0.1}, "epochs": 5}
    merged = deep_merge(base, {"optimizer": {"learning_rate": 0.01}, "epochs": 7})
    assert merged == {"optimizer": {"type": "sgd", "learning_rate": 0.01}, "epochs": 7}
    assert base["optimizer"]["learning_rate"] == 0.1  # a copy
