"""Graph questions about a design: order, cycles, ends. No shapes, no engine.

Edges run from ``source`` to ``target``; the order of edges into a node is its input
order. Functions take a ``Design`` and return node ids.
"""

from __future__ import annotations

from collections import defaultdict, deque

from netdesigner.design.model import Design


def topological_order(design: Design) -> list[str]:
    """Ids in an order where every node comes after its inputs (Kahn's algorithm).

    Ties keep the design's node order. Nodes on a cycle, and nodes downstream of one,
    are left out.
    """
    ids = [node.id for node in design.nodes]
    known = set(ids)
    indegree = dict.fromkeys(ids, 0)
    targets: dict[str, list[str]] = defaultdict(list)
    for edge in design.edges:
        if edge.source in known and edge.target in known:
            indegree[edge.target] += 1
            targets[edge.source].append(edge.target)
    position = {node_id: i for i, node_id in enumerate(ids)}
    ready = deque(i for i in ids if indegree[i] == 0)
    order: list[str] = []
    while ready:
        current = ready.popleft()
        order.append(current)
        released = []
        for target in targets[current]:
            indegree[target] -= 1
            if indegree[target] == 0:
                released.append(target)
        ready.extend(sorted(released, key=position.__getitem__))
    return order


def find_cycle(design: Design) -> list[str] | None:
    """One cycle as ids ``[a, b, ..., a]`` (first node repeated), or None."""
    targets: dict[str, list[str]] = defaultdict(list)
    for edge in design.edges:
        targets[edge.source].append(edge.target)
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    for node in design.nodes:
        if node.id not in state:
            cycle = _cycle_from(node.id, targets, state)
            if cycle:
                return cycle
    return None


def _cycle_from(
    start: str, targets: dict[str, list[str]], state: dict[str, int]
) -> list[str] | None:
    """Iterative depth-first search from ``start``; a back edge closes a cycle."""
    path = [start]
    stack = [iter(targets[start])]
    state[start] = 1
    while stack:
        following = next(stack[-1], None)
        if following is None:
            state[path.pop()] = 2
            stack.pop()
        elif state.get(following) == 1:
            return path[path.index(following) :] + [following]
        elif following not in state:
            state[following] = 1
            path.append(following)
            stack.append(iter(targets[following]))
    return None


def isolated_nodes(design: Design) -> list[str]:
    """Ids of nodes with no edge at all."""
    touched = {e.source for e in design.edges} | {e.target for e in design.edges}
    return [node.id for node in design.nodes if node.id not in touched]


def sinks(design: Design) -> list[str]:
    """Ids of connected nodes that feed nothing (the network's output candidates)."""
    sources = {edge.source for edge in design.edges}
    targets = {edge.target for edge in design.edges}
    return [n.id for n in design.nodes if n.id in targets and n.id not in sources]


def depth(design: Design) -> dict[str, int]:
    """Longest path length from any source to each node (in topological order)."""
    result: dict[str, int] = {}
    for node_id in topological_order(design):
        inputs = design.inputs_of(node_id)
        result[node_id] = 1 + max((result.get(i, 0) for i in inputs), default=-1)
    return result
