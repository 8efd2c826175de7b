"""Older format versions are upgraded step by step (tested with format 0)."""

from __future__ import annotations

import json

import pytest

from netdesigner.design import migrations
from netdesigner.design.errors import DesignFileError
from netdesigner.design.io import dumps_design, loads_design

VERSION_0 = {
    "format": "netdesigner.design",
    "version": 0,
    "name": "XOR, prototype layout",
    "nodes": [
        {"id": "input", "type": "Input", "config": {"shape": [2]}},
        {"id": "hidden", "type": "Dense", "config": {"units": 2, "activation": "tanh"}},
        {"id": "output", "type": "Dense", "config": {"units": 1}},
    ],
    "edges": [["input", "hidden"], ["hidden", "output"]],
}


def test_version_0_is_upgraded_to_the_current_version():
    design = loads_design(json.dumps(VERSION_0), source="old.json")
    assert [(e.source, e.target) for e in design.edges] == [
        ("input", "hidden"),
        ("hidden", "output"),
    ]
    assert design.node("hidden").params == {"units": 2, "activation": "tanh"}
    saved = json.loads(dumps_design(design))
    assert saved["version"] == 2
    assert saved["edges"][0] == {"from": "input", "to": "hidden"}


def test_upgraded_file_is_still_checked_against_the_schema():
    document = json.loads(json.dumps(VERSION_0))
    document["edges"].append(["input"])  # not a pair: left for the schema to report
    with pytest.raises(DesignFileError) as caught:
        loads_design(json.dumps(document), source="old.json")
    assert (
        str(caught.value)
        == 'old.json: at edges[2]: expected an object, found ["input"]'
    )


def test_steps_run_in_order_up_to_the_current_version(monkeypatch):
    calls = []

    def from_minus_one(data):
        calls.append(data["version"])
        data["edges"] = [edge.split("->") for edge in data["links"]]
        del data["links"]
        return data

    monkeypatch.setitem(migrations.MIGRATIONS, -1, from_minus_one)
    document = {
        "format": "netdesigner.design",
        "version": -1,
        "nodes": [
            {"id": "a", "type": "Input", "config": {"shape": [3]}},
            {"id": "b", "type": "Dense", "config": {"units": 1}},
        ],
        "links": ["a->b"],
    }
    design = loads_design(json.dumps(document))
    assert calls == [-1]
    assert design.inputs_of("b") == ["a"]
    assert migrations.oldest_version() == -1


def test_a_step_that_trips_gives_a_sentence(monkeypatch):
    def fragile(data):
        return data["missing"]

    monkeypatch.setitem(migrations.MIGRATIONS, -1, fragile)
    text = json.dumps({"format": "netdesigner.design", "version": -1})
    with pytest.raises(DesignFileError) as caught:
        loads_design(text, source="old.json")
    assert str(caught.value).startswith(
        "old.json: expected a well-formed design of format -1 to upgrade"
    )


def test_registering_a_step_twice_is_an_error():
    with pytest.raises(ValueError, match="a migration from format 0 exists already"):
        migrations.migration(0)(lambda data: data)
