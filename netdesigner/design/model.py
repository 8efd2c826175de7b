"""The design document as plain Python objects (no Qt): nodes, edges and settings.

Mirrors the version-1 file format of ARCHITECTURE.md. ``Design.to_dict`` and
``Design.from_dict`` convert to and from the JSON structure; validation against the
schema is the job of ``netdesigner.design.io``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

FORMAT_NAME = "netdesigner.design"
FORMAT_VERSION = 1


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
        x, y = data.get("position", (0.0, 0.0))
        return cls(
            id=data["id"],
            type=data["type"],
            params=copy.deepcopy(data.get("params", {})),
            position=(float(x), float(y)),
            trainable=bool(data.get("trainable", True)),
            label=data.get("label"),
        )


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
        return {
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
        )
