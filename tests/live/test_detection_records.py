"""A detection run's epoch records carry mAP@0.5, so the GUI ticks map50 goals."""

from __future__ import annotations

import json
from pathlib import Path

from netdesigner.design.io import loads_design
from netdesigner.design.session import TrainingSession
from netdesigner.live.goals import check_goals
from netdesigner.live.records import RunLog

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "17_product_detection.json"


def test_epoch_record_has_test_map50_and_the_lesson_goal_reads_it():
    doc = json.loads(SAMPLE.read_text("utf-8"))
    doc["dataset"]["n_samples"] = 32  # a few pictures: one quick epoch
    design = loads_design(json.dumps(doc), source="small detection")
    session = TrainingSession(design, epochs=1)
    log = RunLog(session.trainer)
    for events in iter(session.trainer.step_batch, []):
        log.add(events)
    record = log.drain().epochs[-1]
    assert 0.0 <= record["test_map50"] <= 1.0
    assert 0.0 <= record["train_map50"] <= 1.0
    (result,) = check_goals(design.lesson, {"main": record})
    assert result.goal.metric == "test_map50"
    assert result.value == record["test_map50"]
