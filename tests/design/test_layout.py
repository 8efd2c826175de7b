"""Auto-layout: ranks by depth in either direction, folded chains, tidy branches."""

from __future__ import annotations

from pathlib import Path

import pytest
from design_helpers import chain, node

from netdesigner.design.io import load_design
from netdesigner.design.layout import (
    auto_layout,
    bounds,
    free_position,
    layered_positions,
)
from netdesigner.design.model import Design, Edge

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "samples").glob("*.json"))
CARD = (132.0, 100.0)


def _sizes(design: Design) -> dict[str, tuple[float, float]]:
    return {n.id: CARD for n in design.nodes}


def _overlaps(positions, sizes) -> list[tuple[str, str]]:
    boxes = [(i, x, y, *sizes[i]) for i, (x, y) in positions.items()]
    return [
        (a[0], b[0])
        for k, a in enumerate(boxes)
        for b in boxes[k + 1 :]
        if a[1] < b[1] + b[3]
        and b[1] < a[1] + a[3]
        and a[2] < b[2] + b[4]
        and b[2] < a[2] + a[4]
    ]


def _long_chain(n: int = 17) -> Design:
    nodes = [node("input", "Input", shape=[4])]
    nodes += [node(f"dense_{i}", "Dense", units=4) for i in range(1, n)]
    return chain(*nodes)


def _residual() -> Design:
    design = chain(
        node("input", "Input", shape=[4]),
        node("dense_1", "Dense", units=4),
        node("dense_2", "Dense", units=4),
        node("add", "Add"),
    )
    design.edges.append(Edge("input", "add"))
    return design


@pytest.mark.parametrize("direction", ["LR", "TB"])
@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_samples_lay_out_without_overlap_in_both_directions(path, direction):
    design = load_design(path)
    sizes = _sizes(design)
    positions = layered_positions(design, sizes, direction, wrap=700)
    assert set(positions) == {n.id for n in design.nodes}
    assert _overlaps(positions, sizes) == []


@pytest.mark.parametrize("direction", ["LR", "TB"])
def test_a_chain_flows_in_the_chosen_direction(direction):
    design = _long_chain(5)
    positions = layered_positions(design, _sizes(design), direction)
    flow = 0 if direction == "LR" else 1
    along = [positions[n.id][flow] for n in design.nodes]
    across = {positions[n.id][1 - flow] for n in design.nodes}
    assert along == sorted(along) and len(set(along)) == 5
    assert len(across) == 1


@pytest.mark.parametrize("direction", ["LR", "TB"])
def test_a_long_chain_folds_into_bands_no_longer_than_wrap(direction):
    design = _long_chain(17)
    sizes = _sizes(design)
    one_band = bounds(layered_positions(design, sizes, direction), sizes)
    folded = bounds(layered_positions(design, sizes, direction, wrap=800), sizes)
    flow = 0 if direction == "LR" else 1
    assert one_band[flow] > 2000
    assert folded[flow] <= 800
    assert folded[1 - flow] > one_band[1 - flow]  # the bands stack across


@pytest.mark.parametrize("direction", ["LR", "TB"])
def test_a_skip_wire_runs_beside_the_layers_it_skips(direction):
    design = _residual()
    sizes = _sizes(design)
    positions = layered_positions(design, sizes, direction)
    cross = 1 - (0 if direction == "LR" else 1)

    def span(node_id):
        start = positions[node_id][cross]
        return start, start + sizes[node_id][cross]

    # the skipped layers sit off the straight line from input to add
    line = (span("input")[0] + span("input")[1]) / 2
    for skipped in ("dense_1", "dense_2"):
        low, high = span(skipped)
        assert not low < line < high


def test_the_view_shape_chooses_the_direction():
    design = _long_chain(8)
    sizes = _sizes(design)
    wide, _ = auto_layout(design, sizes, view=(1900.0, 400.0))
    tall, _ = auto_layout(design, sizes, view=(400.0, 1900.0))
    assert (wide, tall) == ("LR", "TB")
    neurons, _ = auto_layout(design, sizes, view=(400.0, 1900.0), neurons=True)
    assert neurons == "LR"  # stacked neurons read left to right


def test_free_position_avoids_occupied_cards():
    occupied = [(0.0, 0.0, 132.0, 100.0), (150.0, 0.0, 132.0, 100.0)]
    x, y = free_position((10.0, 10.0), CARD, occupied)
    assert (
        _overlaps(
            {"a": (x, y), "b": (0.0, 0.0), "c": (150.0, 0.0)},
            {"a": CARD, "b": CARD, "c": (132.0, 100.0)},
        )
        == []
    )
    assert free_position((400.0, 0.0), CARD, occupied) == (400.0, 0.0)
