"""Graph checks for a network: one Input, one output, no cycles, right merge arity.

Every problem is an ``EngineError`` sentence naming the node ids involved.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from netdesigner.engine.errors import EngineError


def _quoted(ids: list[str]) -> str:
    return ", ".join(f"'{i}'" for i in ids)


def check_graph(nodes: list[Any], edges: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Check ids, edges, the Input and the single output; return each node's sources.

    ``nodes`` have ``id`` and ``type``; ``edges`` are ``(from_id, to_id)`` pairs. The
    sources of a node keep the order of the edges (a merge layer's input order).
    """
    ids = [n.id for n in nodes]
    seen: set[str] = set()
    for node_id in ids:
        if not isinstance(node_id, str) or not node_id:
            raise EngineError(
                f"every node needs a non-empty text id, found {node_id!r}"
            )
        if node_id in seen:
            raise EngineError(f"two nodes have the id '{node_id}'; ids must be unique")
        seen.add(node_id)
    sources: dict[str, list[str]] = {i: [] for i in ids}
    targets: dict[str, list[str]] = {i: [] for i in ids}
    for edge in edges:
        a, b = edge
        for end in (a, b):
            if end not in sources:
                raise EngineError(
                    f"the connection {a!r} -> {b!r} refers to a node '{end}' that "
                    "does not exist"
                )
        if a == b:
            raise EngineError(f"node '{a}' is connected to itself")
        if a in sources[b]:
            raise EngineError(f"the connection '{a}' -> '{b}' appears twice")
        sources[b].append(a)
        targets[a].append(b)
    _check_ends(nodes, sources, targets)
    return sources


def _check_ends(nodes, sources, targets) -> None:
    inputs = [n.id for n in nodes if n.type == "Input"]
    if len(inputs) != 1:
        raise EngineError(
            "a network needs exactly one Input node, found "
            + (f"{len(inputs)}: {_quoted(inputs)}" if inputs else "none")
        )
    if sources[inputs[0]]:
        raise EngineError(
            f"the Input node '{inputs[0]}' cannot receive connections, found one "
            f"from '{sources[inputs[0]][0]}'"
        )
    orphans = [n.id for n in nodes if n.type != "Input" and not sources[n.id]]
    if orphans:
        raise EngineError(
            f"node '{orphans[0]}' has no incoming connection; connect it to the "
            "Input or to another layer"
        )
    if len(nodes) == 1:
        raise EngineError("the network has only its Input node; add layers after it")
    sinks = [n.id for n in nodes if not targets[n.id]]
    if len(sinks) > 1:  # none at all means a cycle, which topological_order names
        raise EngineError(
            "a network must end in exactly one output layer, found "
            f"{len(sinks)} layers without outgoing connections: {_quoted(sinks)}"
        )


def topological_order(ids: list[str], edges: list[tuple[str, str]]) -> list[str]:
    """Kahn's algorithm, stable in the order of ``ids``; a cycle raises EngineError."""
    indegree = {i: 0 for i in ids}
    targets: dict[str, list[str]] = {i: [] for i in ids}
    for a, b in edges:
        indegree[b] += 1
        targets[a].append(b)
    rank = {i: k for k, i in enumerate(ids)}
    ready = deque(sorted((i for i in ids if indegree[i] == 0), key=rank.__getitem__))
    order: list[str] = []
    while ready:
        node = ready.popleft()
        order.append(node)
        for t in targets[node]:
            indegree[t] -= 1
            if indegree[t] == 0:
                ready.append(t)
    if len(order) < len(ids):
        cycle = _find_cycle([i for i in ids if indegree[i] > 0], targets)
        raise EngineError(
            "the connections form a cycle "
            + " -> ".join(f"'{i}'" for i in cycle)
            + "; a network must flow one way, from the Input to the output"
        )
    return order


def _find_cycle(candidates: list[str], targets: dict[str, list[str]]) -> list[str]:
    """One cycle among ``candidates`` (nodes Kahn could not order), first node repeated.

    Every such node still has a predecessor among them, so walking backwards along
    incoming connections must come back to a node already seen.
    """
    inside = set(candidates)
    preds: dict[str, list[str]] = {i: [] for i in candidates}
    for a in candidates:
        for b in targets[a]:
            if b in inside:
                preds[b].append(a)
    node, path, index = candidates[0], [], {}
    while node not in index:
        index[node] = len(path)
        path.append(node)
        node = preds[node][0]
    cycle = path[index[node] :][::-1]
    first = min(range(len(cycle)), key=lambda k: candidates.index(cycle[k]))
    cycle = cycle[first:] + cycle[:first]  # start at the node listed first
    return cycle + [cycle[0]]


def check_arity(node_id: str, type_name: str, n_inputs: int | None, found: int) -> None:
    """A layer taking ``n_inputs`` (None: two or more) has ``found`` connections."""
    if n_inputs is None:
        if found < 2:
            raise EngineError(
                f"{type_name} '{node_id}' needs two or more inputs, found {found}"
            )
    elif found != n_inputs:
        raise EngineError(
            f"{type_name} '{node_id}' takes {n_inputs} input"
            f"{'s' if n_inputs != 1 else ''}, found {found}"
        )
