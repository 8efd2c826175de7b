"""``netdesigner train`` refuses a design too big to train before touching data."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from netdesigner import cli
from netdesigner.design.io import load_design, save_design
from netdesigner.design.memory import LIMIT_VARIABLE
from netdesigner.design.model import Edge, Node

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(autouse=True)
def _default_limit(monkeypatch):
    monkeypatch.delenv(LIMIT_VARIABLE, raising=False)


def test_train_refuses_a_huge_design_in_one_sentence_without_allocating(
    tmp_path, capsys
):
    # the schema allows 100,000 units; two such layers are 10 billion weights
    design = load_design(SAMPLES / "09_fashion_mnist_mlp.json")
    design.node("dense").params["units"] = 100_000
    design.nodes.insert(3, Node("wider", "Dense", {"units": 100_000}))
    design.edges = [e for e in design.edges if e.source != "dense"]
    design.edges += [Edge("dense", "wider"), Edge("wider", "output")]
    path = tmp_path / "huge.json"
    save_design(design, path)
    tracemalloc.start()
    try:
        status = cli.main(["train", str(path), "--epochs", "1"])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    err = capsys.readouterr().err
    assert status == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "training needs about" in err and "more than the 2.0 GB limit" in err
    assert peak < 32 * 1024**2  # neither the data set nor a weight was loaded
    assert not (tmp_path / "huge.weights.npz").exists()
