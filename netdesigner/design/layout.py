"""Auto-layout: layers in ranks by depth, left to right or top to bottom.

Depth is the longest path from a node without inputs; each depth is a rank (a
column when the design flows left to right, "LR", a row when it flows top to
bottom, "TB"). A wire that skips ranks gets a placeholder in every rank it
crosses, so it runs beside the layers it skips instead of through them; within a
rank, nodes and placeholders keep the order of their neighbours (barycentre sweeps
down and up), which avoids most crossings. A chain longer than ``wrap`` is folded
into bands (rows of columns for LR, columns of rows for TB), so a deep network is
read like text instead of shrunk to fit one line.
"""

from __future__ import annotations

from dataclasses import dataclass

from netdesigner.design.model import Design

COLUMN_STEP = 220.0
ROW_GAP = 50.0
#: space between ranks (beyond the widest node) and between nodes of a rank
RANK_GAP = {"LR": 88.0, "TB": 56.0}
CROSS_GAP = {"LR": ROW_GAP, "TB": 40.0}
#: space between two bands of a folded chain
BAND_GAP = 70.0
#: the cross size of a wire's placeholder in a rank it passes through
LANE = 24.0
DIRECTIONS = ("LR", "TB")
Size = tuple[float, float]


def depths(design: Design) -> dict[str, int]:
    """Longest-path depth of every node (a cycle stops growing after n rounds)."""
    depth = {node.id: 0 for node in design.nodes}
    for _ in range(len(design.nodes)):
        changed = False
        for edge in design.edges:
            if edge.source in depth and edge.target in depth:
                if depth[edge.target] < depth[edge.source] + 1:
                    depth[edge.target] = depth[edge.source] + 1
                    changed = True
        if not changed:
            break
    return depth


@dataclass
class _Graph:
    """Ranks of real nodes and wire placeholders, and each one's neighbours."""

    ranks: list[list[str]]
    parents: dict[str, list[str]]
    children: dict[str, list[str]]


def _graph(design: Design) -> _Graph:
    depth = depths(design)
    ranks: list[list[str]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for node in sorted(design.nodes, key=lambda n: (n.position[1], n.position[0])):
        ranks[depth[node.id]].append(node.id)
    parents: dict[str, list[str]] = {n.id: [] for n in design.nodes}
    children: dict[str, list[str]] = {n.id: [] for n in design.nodes}
    for k, edge in enumerate(design.edges):
        if edge.source not in depth or edge.target not in depth:
            continue
        chain = [edge.source]
        for level in range(depth[edge.source] + 1, depth[edge.target]):
            lane = f"\0{k}:{level}"  # cannot clash with a node id from a file
            ranks[level].append(lane)
            parents[lane], children[lane] = [], []
            chain.append(lane)
        chain.append(edge.target)
        for a, b in zip(chain, chain[1:], strict=False):
            children[a].append(b)
            parents[b].append(a)
    return _Graph(ranks, parents, children)


def _order(graph: _Graph, sweeps: int = 4) -> None:
    """Reorder each rank by the mean index of its neighbours, down and up."""
    for sweep in range(sweeps):
        down = sweep % 2 == 0
        ranks = graph.ranks[1:] if down else graph.ranks[-2::-1]
        fixed = graph.ranks[:-1] if down else graph.ranks[:0:-1]
        links = graph.parents if down else graph.children
        for rank, previous in zip(ranks, fixed, strict=True):
            index = {node: i for i, node in enumerate(previous)}
            current = {node: i for i, node in enumerate(rank)}

            def key(node: str, index=index, current=current, links=links) -> float:
                near = [index[n] for n in links[node] if n in index]
                return sum(near) / len(near) if near else float(current[node])

            rank.sort(key=key)


def layered_positions(
    design: Design,
    sizes: dict[str, Size],
    direction: str = "LR",
    wrap: float | None = None,
) -> dict[str, tuple[float, float]]:
    """Top-left position of each node.

    sizes : node id -> (width, height) of its card.
    direction : "LR" (ranks are columns) or "TB" (ranks are rows).
    wrap : the longest a band may run along the flow (scene units); a longer
        chain continues in a new band below (LR) or to the right (TB). None: one
        band.
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be 'LR' or 'TB', not {direction!r}")
    graph = _graph(design)
    _order(graph)
    flow = 0 if direction == "LR" else 1  # index of the flow axis in (x, y)

    def extent(node: str, axis: int) -> float:
        if node.startswith("\0"):
            return 0.0 if axis == flow else LANE
        return sizes.get(node, (132.0, 100.0))[axis]

    thickness = [max((extent(n, flow) for n in r), default=0.0) for r in graph.ranks]
    bands = _bands(thickness, direction, wrap)
    positions: dict[str, tuple[float, float]] = {}
    cross_offset = 0.0
    for band in bands:
        starts = _cross_starts(
            graph, [level for level, _ in band], extent, 1 - flow, CROSS_GAP[direction]
        )
        low = min(starts.values(), default=0.0)
        high = max((s + extent(n, 1 - flow) for n, s in starts.items()), default=0.0)
        for level, along in band:
            for node in graph.ranks[level]:
                if not node.startswith("\0"):
                    across = cross_offset + starts[node] - low
                    xy = (along, across) if flow == 0 else (across, along)
                    positions[node] = (round(xy[0], 1), round(xy[1], 1))
        cross_offset += high - low + BAND_GAP
    return positions


def _cross_starts(
    graph: _Graph, levels: list[int], extent, axis: int, gap: float
) -> dict[str, float]:
    """Where each node of the band's ranks starts across the flow: every node as
    near its parents' centre as the order and the gaps allow."""
    starts: dict[str, float] = {}
    for level in levels:
        rank = graph.ranks[level]
        sizes = [extent(n, axis) for n in rank]
        wanted = []
        for node, size in zip(rank, sizes, strict=True):
            near = [
                starts[p] + extent(p, axis) / 2
                for p in graph.parents[node]
                if p in starts
            ]
            wanted.append(sum(near) / len(near) - size / 2 if near else None)
        if all(w is None for w in wanted):
            total = sum(sizes) + gap * max(len(sizes) - 1, 0)
            wanted = [None] * len(rank)
            first = -total / 2
        else:
            first = None
        lanes = [n.startswith("\0") for n in rank]
        placed = _pack(wanted, sizes, gap, first, lanes)
        starts.update(zip(rank, placed, strict=True))
    return starts


def _pack(
    wanted: list[float | None],
    sizes: list[float],
    gap: float,
    first: float | None,
    lanes: list[bool],
) -> list[float]:
    """Starts in order, no two closer than ``gap``, shifted so the nodes that want
    a place are on average where they want to be. Where a skip wire passes, its
    lane alone decides: the wire keeps its line and the layers it skips move aside.
    """
    starts, cursor = [], -1e18 if first is None else first
    for want, size in zip(wanted, sizes, strict=True):
        start = max(cursor, want if want is not None else cursor)
        if start < -1e17:
            start = 0.0
        starts.append(start)
        cursor = start + size + gap
    triples = zip(wanted, starts, lanes, strict=True)
    pairs = [(w, s, lane) for w, s, lane in triples if w is not None]
    if any(lane for *_, lane in pairs):
        pairs = [p for p in pairs if p[2]]
    if pairs:
        shift = sum(w - s for w, s, _ in pairs) / len(pairs)
        starts = [s + shift for s in starts]
    return starts


def _cross_span(rank: list[str], extent, axis: int, direction: str) -> float:
    sizes = [extent(n, axis) for n in rank]
    return sum(sizes) + CROSS_GAP[direction] * max(len(sizes) - 1, 0)


def _bands(
    thickness: list[float], direction: str, wrap: float | None
) -> list[list[tuple[int, float]]]:
    """Ranks grouped into bands: [(rank index, offset along the flow)] each."""
    bands: list[list[tuple[int, float]]] = [[]]
    along = 0.0
    for level, size in enumerate(thickness):
        if wrap is not None and bands[-1] and along + size > wrap:
            bands.append([])
            along = 0.0
        bands[-1].append((level, along))
        along += size + RANK_GAP[direction]
    return bands


def bounds(
    positions: dict[str, tuple[float, float]], sizes: dict[str, Size]
) -> tuple[float, float]:
    """(width, height) of the box around the laid-out nodes."""
    if not positions:
        return 0.0, 0.0
    boxes = [(x, y, *sizes.get(i, (132.0, 100.0))) for i, (x, y) in positions.items()]
    width = max(x + w for x, _, w, _ in boxes) - min(x for x, *_ in boxes)
    height = max(y + h for _, y, _, h in boxes) - min(y for _, y, *_ in boxes)
    return width, height


def auto_layout(
    design: Design, sizes: dict[str, Size], view: Size, neurons: bool = False
) -> tuple[str, dict[str, tuple[float, float]]]:
    """The direction and positions that show ``design`` best in ``view``.

    view : (width, height) of the visible area in scene units at the smallest
        legible zoom; a band never runs longer than the view along the flow.
    neurons : True when layers show their neurons (stacked vertically): such a
        design flows left to right, as TensorFlow Playground draws it.

    Each direction is laid out, folded to the view, and the one that needs the
    least shrinking (the larger fit zoom, up to 100 %) wins; then the one folded
    less; then left to right.
    """
    best: tuple[tuple[float, int], str, dict] | None = None
    for direction in ("LR",) if neurons else DIRECTIONS:
        flow = 0 if direction == "LR" else 1
        wrap = view[flow] - 80
        positions = layered_positions(design, sizes, direction, wrap=wrap)
        unfolded = bounds(layered_positions(design, sizes, direction), sizes)
        width, height = bounds(positions, sizes)
        fit = min(view[0] / max(width + 80, 1.0), view[1] / max(height + 80, 1.0))
        # more than 100 % is no better; then fewer folds read more easily
        folds = round(unfolded[flow] / max(wrap, 1.0))
        score = (round(min(fit, 1.0), 3), -folds)
        if best is None or score > best[0]:
            best = (score, direction, positions)
    assert best is not None
    return best[1], best[2]


def free_position(
    wanted: tuple[float, float],
    size: Size,
    occupied: list[tuple[float, float, float, float]],
    step: float = 30.0,
) -> tuple[float, float]:
    """The top-left nearest ``wanted`` where a ``size`` card overlaps no
    ``occupied`` (x, y, width, height) box, with a margin; searched in rings."""
    margin = 16.0

    def free(x: float, y: float) -> bool:
        return all(
            x + size[0] + margin <= ox
            or ox + ow + margin <= x
            or y + size[1] + margin <= oy
            or oy + oh + margin <= y
            for ox, oy, ow, oh in occupied
        )

    if free(*wanted):
        return wanted
    for ring in range(1, 200):
        candidates = [
            (wanted[0] + dx * step, wanted[1] + dy * step)
            for dx in range(-ring, ring + 1)
            for dy in range(-ring, ring + 1)
            if max(abs(dx), abs(dy)) == ring
        ]
        candidates.sort(key=lambda p: (p[0] - wanted[0]) ** 2 + (p[1] - wanted[1]) ** 2)
        for x, y in candidates:
            if free(x, y):
                return x, y
    return wanted
