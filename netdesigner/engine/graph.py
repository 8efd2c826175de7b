"""Graph checks for a network: one Input, one output, no cycles, right merge arity.

Every problem is an ``EngineError`` sentence naming the node ids involved.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Any

from netdesigner.engine.errors import EngineError
from netdesigner.i18n import _


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
                _("every node needs a non-empty text id, found {found}").format(
                    found=repr(node_id)
                )
            )
        if node_id in seen:
            raise EngineError(
                _("two nodes have the id '{node}'; ids must be unique").format(
                    node=node_id
                )
            )
        seen.add(node_id)
    sources: dict[str, list[str]] = {i: [] for i in ids}
    targets: dict[str, list[str]] = {i: [] for i in ids}
    for edge in edges:
        a, b = edge
        for end in (a, b):
            if end not in sources:
                raise EngineError(
                    _(
                        "the connection {source} -> {target} refers to a node "
                        "'{node}' that does not exist"
                    ).format(source=repr(a), target=repr(b), node=end)
                )
        if a == b:
            raise EngineError(_("node '{node}' is connected to itself").format(node=a))
        if a in sources[b]:
            raise EngineError(
                _("the connection '{source}' -> '{target}' appears twice").format(
                    source=a, target=b
                )
            )
        sources[b].append(a)
        targets[a].append(b)
    _check_ends(nodes, sources, targets)
    return sources


def _check_ends(
    nodes: list[Any],
    sources: dict[str, list[str]],
    targets: dict[str, list[str]],
) -> None:
    inputs = [n.id for n in nodes if n.type == "Input"]
    if len(inputs) != 1:
        if inputs:
            message = _(
                "a network needs exactly one Input node, found {n}: {nodes}"
            ).format(n=len(inputs), nodes=_quoted(inputs))
        else:
            message = _("a network needs exactly one Input node, found none")
        raise EngineError(message)
    if sources[inputs[0]]:
        raise EngineError(
            _(
                "the Input node '{node}' cannot receive connections, found one "
                "from '{source}'"
            ).format(node=inputs[0], source=sources[inputs[0]][0])
        )
    orphans = [n.id for n in nodes if n.type != "Input" and not sources[n.id]]
    if orphans:
        raise EngineError(
            _(
                "node '{node}' has no incoming connection; connect it to the "
                "Input or to another layer"
            ).format(node=orphans[0])
        )
    if len(nodes) == 1:
        raise EngineError(_("the network has only its Input node; add layers after it"))
    sinks = [n.id for n in nodes if not targets[n.id]]
    if len(sinks) > 1:  # none at all means a cycle, which topological_order names
        raise EngineError(
            _(
                "a network must end in exactly one output layer, found "
                "{n} layers without outgoing connections: {nodes}"
            ).format(n=len(sinks), nodes=_quoted(sinks))
        )


def ordered_ids(ids: list[str], edges: Iterable[tuple[str, str]]) -> list[str]:
    """Ids in an order where every node comes after its sources (Kahn's algorithm).

    Ties keep the order of ``ids``. Nodes on a cycle, and nodes downstream of one,
    are left out; edges naming an id not in ``ids`` are ignored. The one ordering
    of the project: the design's validation and shapes use it too.
    """
    indegree, targets = _links(ids, edges)
    rank = {i: k for k, i in enumerate(ids)}
    ready = deque(i for i in indegree if indegree[i] == 0)
    order: list[str] = []
    while ready:
        node = ready.popleft()
        order.append(node)
        released = []
        for t in targets[node]:
            indegree[t] -= 1
            if indegree[t] == 0:
                released.append(t)
        ready.extend(sorted(released, key=rank.__getitem__))
    return order


def topological_order(ids: list[str], edges: list[tuple[str, str]]) -> list[str]:
    """``ordered_ids`` of every node; a cycle raises EngineError naming it."""
    order = ordered_ids(ids, edges)
    if len(order) < len(ids):
        cycle = find_cycle(ids, edges) or []
        raise EngineError(
            _(
                "the connections form a cycle {cycle}; a network must flow one "
                "way, from the Input to the output"
            ).format(cycle=" -> ".join(f"'{i}'" for i in cycle))
        )
    return order


def find_cycle(ids: list[str], edges: Iterable[tuple[str, str]]) -> list[str] | None:
    """One cycle as ``[a, b, ..., a]`` (first node repeated), or None.

    The cycle is found among the nodes ``ordered_ids`` leaves out. It starts where
    data enters it (the first node in ``ids`` on the cycle that a node off the
    cycle feeds; else its first node in ``ids``), so its last edge is the one that
    goes back against the flow: the edge to delete.
    """
    edges = list(edges)
    done = set(ordered_ids(ids, edges))
    candidates = [i for i in dict.fromkeys(ids) if i not in done]
    if not candidates:
        return None
    _, targets = _links(ids, edges)
    cycle = _walk_back(candidates, targets)
    on_cycle = set(cycle)
    rank = {i: k for k, i in enumerate(candidates)}
    entered = {b for a, b in edges if b in on_cycle and a not in on_cycle}
    starts = [i for i in cycle if i in entered] or cycle
    first = cycle.index(min(starts, key=rank.__getitem__))
    cycle = cycle[first:] + cycle[:first]
    return cycle + [cycle[0]]


def _links(
    ids: list[str], edges: Iterable[tuple[str, str]]
) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Each known node's number of incoming edges and its targets (edge order)."""
    indegree = dict.fromkeys(ids, 0)
    targets: dict[str, list[str]] = {i: [] for i in indegree}
    for a, b in edges:
        if a in indegree and b in indegree:
            indegree[b] += 1
            targets[a].append(b)
    return indegree, targets


def _walk_back(candidates: list[str], targets: dict[str, list[str]]) -> list[str]:
    """One cycle among ``candidates`` (nodes Kahn could not order), in flow order.

    Every such node still has a predecessor among them, so walking backwards along
    incoming connections must come back to a node already seen.
    """
    inside = set(candidates)
    preds: dict[str, list[str]] = {i: [] for i in candidates}
    for a in candidates:
        for b in targets[a]:
            if b in inside:
                preds[b].append(a)
    node = candidates[0]
    path: list[str] = []
    index: dict[str, int] = {}
    while node not in index:
        index[node] = len(path)
        path.append(node)
        node = preds[node][0]
    return path[index[node] :][::-1]


def check_arity(node_id: str, type_name: str, n_inputs: int | None, found: int) -> None:
    """A layer taking ``n_inputs`` (None: two or more) has ``found`` connections."""
    if n_inputs is None:
        if found < 2:
            raise EngineError(
                _("{layer} '{node}' needs two or more inputs, found {found}").format(
                    layer=type_name, node=node_id, found=found
                )
            )
    elif found != n_inputs:
        if n_inputs == 1:
            template = _("{layer} '{node}' takes {n} input, found {found}")
        else:
            template = _("{layer} '{node}' takes {n} inputs, found {found}")
        raise EngineError(
            template.format(layer=type_name, node=node_id, n=n_inputs, found=found)
        )
