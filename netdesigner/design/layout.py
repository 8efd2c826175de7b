"""Auto-layout: layers left to right by depth, each column centred vertically.

Depth is the longest path from a node without inputs. Within a column, nodes keep
the order of their parents' rows (barycentre), which avoids most crossings.
"""

from __future__ import annotations

from netdesigner.design.model import Design

COLUMN_STEP = 220.0
ROW_GAP = 50.0


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


def layered_positions(
    design: Design, sizes: dict[str, tuple[float, float]]
) -> dict[str, tuple[float, float]]:
    """Top-left position of each node; ``sizes`` gives each node's (width, height)."""
    depth = depths(design)
    columns: dict[int, list[str]] = {}
    for node in sorted(design.nodes, key=lambda n: (n.position[1], n.position[0])):
        columns.setdefault(depth[node.id], []).append(node.id)
    row_of: dict[str, float] = {}
    positions = {}
    for level in sorted(columns):
        ids = columns[level]
        if level:
            ids.sort(key=lambda i: _barycentre(design, i, row_of))
        heights = [sizes.get(i, (0.0, 80.0))[1] for i in ids]
        total = sum(heights) + ROW_GAP * (len(ids) - 1)
        y = -total / 2
        for row, (node_id, height) in enumerate(zip(ids, heights, strict=True)):
            positions[node_id] = (level * COLUMN_STEP, round(y, 1))
            row_of[node_id] = row
            y += height + ROW_GAP
    return positions


def _barycentre(design: Design, node_id: str, row_of: dict[str, float]) -> float:
    rows = [row_of[s] for s in design.inputs_of(node_id) if s in row_of]
    return sum(rows) / len(rows) if rows else 0.0
