"""The design document as plain Python objects (no Qt): nodes, edges and settings.

Mirrors the file format of ARCHITECTURE.md (version 2: version 1 plus ``lesson``).
``Design.to_dict`` and ``Design.from_dict`` convert to and from the JSON structure;
validation against the schema is the job of ``netdesigner.design.io``.
"""

from __future__ import annotations

import copy
import numbers
from dataclasses import dataclass, field
from typing import Any

from netdesigner.design.errors import DesignFileError
from netdesigner.design.lesson import Lesson
from netdesigner.i18n import _

FORMAT_NAME = "netdesigner.design"
FORMAT_VERSION = 2
#: a node's x and y lie within ±POSITION_LIMIT canvas pixels (the schema says the
#: same): far beyond any real layout, yet small enough that the canvas can fit,
#: zoom and scroll every design (±1e308 made its zoom 0)
POSITION_LIMIT = 1_000_000


@dataclass
class Node:
    """One layer of the design: a tf.keras class name and its arguments."""

    id: str
    type: str
    params: dict[str, Any] = field(default_factory=dict)
    position: tuple[float, float] = (0.0, 0.0)
    trainable: bool = True
    label: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "params": copy.deepcopy(self.params),
            "position": [float(self.position[0]), float(self.position[1])],
        }
        if not self.trainable:
            data["trainable"] = False
        if self.label is not None:
            data["label"] = self.label
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Node:
        return cls(
            id=data["id"],
            type=data["type"],
            params=copy.deepcopy(data.get("params", {})),
            position=position_from(data.get("position", (0.0, 0.0)), data["id"]),
            trainable=bool(data.get("trainable", True)),
            label=data.get("label"),
        )


def position_from(value: Any, node_id: str = "") -> tuple[float, float]:
    """``[x, y]`` -> ``(x, y)`` as floats, each finite and within ±POSITION_LIMIT.

    Raises ``DesignFileError`` (a ``ValueError``) with one sentence otherwise: a
    pasted fragment, or any dict that did not pass the schema, may hold anything.
    """
    xy = list(value) if isinstance(value, list | tuple) else []
    if len(xy) == 2 and all(_is_real(v) for v in xy):
        # abs() before float(): an integer of 400 digits overflows a float, and
        # NaN fails every comparison
        if all(abs(v) <= POSITION_LIMIT for v in xy):
            return float(xy[0]), float(xy[1])
    where = f"node '{node_id}'" if node_id else "a node"
    raise DesignFileError(
        _(
            "{where}: expected a position [x, y] of two numbers between "
            "-{position_limit} and {position_limit}, found {short}"
        ).format(where=where, position_limit=POSITION_LIMIT, short=_short(value))
    )


def clamp_position(x: float, y: float) -> tuple[float, float]:
    """``(x, y)`` moved inside ±POSITION_LIMIT, so a saved design loads again."""
    return (
        min(POSITION_LIMIT, max(-POSITION_LIMIT, float(x))),
        min(POSITION_LIMIT, max(-POSITION_LIMIT, float(y))),
    )


def _is_real(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _short(value: Any, limit: int = 60) -> str:
    try:
        text = repr(value)
    except ValueError:  # Python will not print integers of over 4300 digits
        return "a number too long to show"
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Edge:
    """A wire from ``source``'s output to ``target``'s input."""

    source: str
    target: str

    def to_dict(self) -> dict[str, str]:
        return {"from": self.source, "to": self.target}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Edge:
        return cls(source=data["from"], target=data["to"])


@dataclass
class Design:
    """A whole design: graph, dataset, training settings and the GUI's view state."""

    name: str = "Untitled"
    description: str = ""
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    dataset: dict[str, Any] = field(default_factory=dict)
    training: dict[str, Any] = field(default_factory=dict)
    view: dict[str, Any] = field(default_factory=dict)
    #: the lesson this design teaches (format 2), or None for a plain design
    lesson: Lesson | None = None

    def node(self, node_id: str) -> Node:
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)

    def has_node(self, node_id: str) -> bool:
        return any(node.id == node_id for node in self.nodes)

    def inputs_of(self, node_id: str) -> list[str]:
        """Ids feeding ``node_id``, in edge order (a merge node's input order)."""
        return [e.source for e in self.edges if e.target == node_id]

    def outputs_of(self, node_id: str) -> list[str]:
        return [e.target for e in self.edges if e.source == node_id]

    def new_id(self, prefix: str) -> str:
        """A fresh id such as ``dense_3`` that no node uses yet."""
        used = {node.id for node in self.nodes}
        index = 1
        while f"{prefix}_{index}" in used:
            index += 1
        return f"{prefix}_{index}"

    def copy(self) -> Design:
        return copy.deepcopy(self)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "name": self.name,
            "description": self.description,
            "nodes": [node.to_dict() for node in self.nodes],
            "edges": [edge.to_dict() for edge in self.edges],
            "dataset": copy.deepcopy(self.dataset),
            "training": copy.deepcopy(self.training),
            "view": copy.deepcopy(self.view),
        }
        if self.lesson is not None:
            data["lesson"] = self.lesson.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Design:
        return cls(
            name=data.get("name", "Untitled"),
            description=data.get("description", ""),
            nodes=[Node.from_dict(n) for n in data.get("nodes", [])],
            edges=[Edge.from_dict(e) for e in data.get("edges", [])],
            dataset=copy.deepcopy(data.get("dataset", {})),
            training=copy.deepcopy(data.get("training", {})),
            view=copy.deepcopy(data.get("view", {})),
            lesson=Lesson.from_dict(data["lesson"]) if "lesson" in data else None,
        )
