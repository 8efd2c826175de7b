"""Designs too big to train, and File ▸ Open of a design whose weights fail."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from netdesigner.design.memory import LIMIT_VARIABLE
from netdesigner.design.model import Design
from netdesigner.gui import backend


@pytest.fixture(autouse=True)
def _default_limit(monkeypatch):
    monkeypatch.delenv(LIMIT_VARIABLE, raising=False)


def wide_design(units: int, expanded: list[str]) -> dict:
    """Input(2) -> Dense(4) -> Dense(units) -> Dense(1) on 'circle'."""
    layers = [("input", "Input", {"shape": [2]}), ("small", "Dense", {"units": 4})]
    layers += [("wide", "Dense", {"units": units}), ("output", "Dense", {"units": 1})]
    nodes = [
        {"id": i, "type": t, "params": p, "position": [200.0 * n, 0.0]}
        for n, (i, t, p) in enumerate(layers)
    ]
    edges = [
        {"from": a[0], "to": b[0]} for a, b in zip(layers, layers[1:], strict=False)
    ]
    nodes[-1]["params"]["activation"] = "sigmoid"
    return {
        "format": "netdesigner.design",
        "version": 1,
        "name": "wide",
        "nodes": nodes,
        "edges": edges,
        "dataset": {"name": "circle"},
        "training": {"loss": "binary_crossentropy"},
        "view": {"expanded": expanded},
    }


def test_a_billion_units_is_an_error_and_the_canvas_draws(window):
    design = Design.from_dict(wide_design(10**9, []))
    window.document.reset(design)
    window.after_document_reset()
    status = window.status.validity.text()
    assert "error" in status and "ready" not in status
    memory = [p for p in window.document.problems if p.code == "memory"]
    assert memory and memory[0].node_id == "wide"
    rows = [row.text(1) for row in window.problems.rows()]
    assert memory[0].message in rows
    assert set(window.scene.node_items) == {"input", "small", "wide", "output"}
    assert not window.view.grab().isNull()


def test_expanded_neurons_of_a_design_too_big_build_no_network(
    window, tmp_path, monkeypatch
):
    # 2 + 4 · 3000 + 3000 weights (and gradients) of float32 are more than 32 KB
    monkeypatch.setenv(LIMIT_VARIABLE, "32K")
    path = tmp_path / "wide.json"
    path.write_text(json.dumps(wide_design(3000, ["input", "small"])), "utf-8")
    assert window.files.open_path(path)
    doc = window.document
    assert doc.is_expanded("input") and doc.is_expanded("small")
    assert doc.preview_weights() is None  # the neuron lines stay grey
    lines = window.scene.neuron_level.lines[("input", "small")]
    assert len(lines) == 2 * 4
    assert "ready" not in window.status.validity.text()
    monkeypatch.delenv(LIMIT_VARIABLE)  # within 2 GiB, the same design builds
    assert backend.preview_weights(doc.design)["wide/kernel"].shape == (4, 3000)


def save_pair(folder: Path, weights: dict) -> Path:
    """The wide design (3 units) as 'other.json' with ``weights`` beside it."""
    design = Design.from_dict(wide_design(3, []))
    path = folder / "other.json"
    backend.save_design(design, path)
    backend.save_weights(backend.weights_path(path), weights)
    return path


def good_weights() -> dict:
    shapes = {"small": (2, 4), "wide": (4, 3), "output": (3, 1)}
    weights = {}
    for node_id, (inputs, units) in shapes.items():
        weights[f"{node_id}/kernel"] = np.full((inputs, units), 0.5, np.float32)
        weights[f"{node_id}/bias"] = np.zeros(units, np.float32)
    return weights


def test_open_reads_the_weights_with_the_design(window, tmp_path):
    path = save_pair(tmp_path, good_weights())
    assert window.files.open_path(path)
    assert window.document.design.name == "wide"
    np.testing.assert_array_equal(
        window.document.weights["wide/kernel"], good_weights()["wide/kernel"]
    )


def test_weights_that_do_not_fit_leave_the_design_opening_without_them(
    window, tmp_path, dialogs
):
    weights = good_weights()
    weights["wide/kernel"] = np.zeros((4, 5), np.float32)
    path = save_pair(tmp_path, weights)
    on_disk = backend.weights_path(path).read_bytes()
    assert window.files.open_path(path)
    assert window.document.design.name == "wide"
    assert window.document.file_path == path.resolve()
    assert not window.document.weights
    title, message = dialogs.calls[-1][1:]
    assert title == "The trained weights were not loaded"
    assert "'wide/kernel' has shape (4, 5) but the design needs (4, 3)" in message
    assert "opened without them" in message
    assert backend.weights_path(path).read_bytes() == on_disk  # nothing lost


def test_a_lying_weights_header_is_one_sentence_and_the_design_opens(
    window, tmp_path, dialogs
):
    path = save_pair(tmp_path, good_weights())
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f4", "fortran_order": False, "shape": (4, 20_000_000)}
    )
    with zipfile.ZipFile(backend.weights_path(path), "a") as archive:
        archive.writestr("extra/kernel.npy", header.getvalue() + bytes(16))
    assert window.files.open_path(path)
    assert window.document.design.name == "wide" and not window.document.weights
    assert "'extra/kernel' declares (4, 20000000) float32" in dialogs.calls[-1][2]


def test_a_design_that_fails_to_load_leaves_the_open_one(window, tmp_path, dialogs):
    path = save_pair(tmp_path, good_weights())
    path.write_text("{not json", encoding="utf-8")
    before = window.document.design.to_dict()
    assert not window.files.open_path(path)
    assert window.document.design.to_dict() == before
    assert dialogs.calls[-1][1] == "Could not open the design"
