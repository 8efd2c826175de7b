"""Upgrade design documents written in older format versions, one version at a time.

``MIGRATIONS[n]`` turns a version-``n`` document (a dict fresh from ``json.loads``)
into a version ``n + 1`` document. ``migrate`` chains them up to ``FORMAT_VERSION``.
A step may assume nothing about the document's shape beyond it being a dict: it
converts what it recognises and leaves the rest for the schema to report.

Version 2 adds the optional ``lesson`` object; a version-1 file is a valid version-2
file once its ``version`` says 2, so that step changes nothing else.

Version 0 (the prototype's layout, before the format was published) differs from 1 in
two ways: an edge is a ``[from, to]`` pair, and a node's arguments are called
``config`` (keras's ``get_config``) instead of ``params``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from netdesigner.design.errors import DesignFileError
from netdesigner.design.model import FORMAT_VERSION

Migration = Callable[[dict[str, Any]], dict[str, Any]]

#: version n -> the step from n to n + 1
MIGRATIONS: dict[int, Migration] = {}


def migration(from_version: int) -> Callable[[Migration], Migration]:
    """Decorator filing a step from ``from_version`` to the next version."""

    def register(step: Migration) -> Migration:
        if from_version in MIGRATIONS:
            raise ValueError(f"a migration from format {from_version} exists already")
        MIGRATIONS[from_version] = step
        return step

    return register


def oldest_version() -> int:
    """The oldest format version that can still be opened."""
    version = FORMAT_VERSION
    while version - 1 in MIGRATIONS:
        version -= 1
    return version


def migrate(data: dict[str, Any], source: str) -> dict[str, Any]:
    """Return ``data`` upgraded to ``FORMAT_VERSION`` (``data["version"]`` is an int).

    Raises ``DesignFileError`` when no chain of steps reaches the current version.
    """
    version = data["version"]
    if version > FORMAT_VERSION:
        raise DesignFileError(
            f"{source}: this file was written by a newer NetDesigner (format "
            f"{version}); update to open it"
        )
    if version < oldest_version():
        raise DesignFileError(
            f"{source}: expected a format version from {oldest_version()} to "
            f"{FORMAT_VERSION}, found {version}"
        )
    while version < FORMAT_VERSION:
        data = _run_step(MIGRATIONS[version], data, version, source)
        version += 1
        data["version"] = version
    return data


def _run_step(
    step: Migration, data: dict[str, Any], version: int, source: str
) -> dict[str, Any]:
    try:
        return step(data)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise DesignFileError(
            f"{source}: expected a well-formed design of format {version} to upgrade, "
            f"found a problem the upgrade cannot handle ({exc})"
        ) from None


@migration(0)
def _edges_as_objects(data: dict[str, Any]) -> dict[str, Any]:
    """Format 0 -> 1: edges ``[a, b]`` -> ``{"from": a, "to": b}``; ``config`` ->
    ``params``."""
    edges = data.get("edges")
    if isinstance(edges, list):
        data["edges"] = [_edge_v1(edge) for edge in edges]
    nodes = data.get("nodes")
    if isinstance(nodes, list):
        data["nodes"] = [_node_v1(node) for node in nodes]
    return data


def _edge_v1(edge: Any) -> Any:
    if isinstance(edge, list) and len(edge) == 2:
        return {"from": edge[0], "to": edge[1]}
    return edge


def _node_v1(node: Any) -> Any:
    if isinstance(node, dict) and "config" in node and "params" not in node:
        node = dict(node)
        node["params"] = node.pop("config")
    return node


@migration(1)
def _lesson_format(data: dict[str, Any]) -> dict[str, Any]:
    """Format 1 -> 2: version 2 only adds the optional ``lesson``; ``migrate`` sets
    the version number."""
    return data
