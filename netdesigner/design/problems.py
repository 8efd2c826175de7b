"""What every validation check shares: ``Problem``, ``Context`` and ``CheckList``.

A check is a function ``(Context) -> Iterator[Problem]``. Each module of checks
(``validation_graph``, ``validation_output``, ``memory``) keeps its own ``CHECKS``
list; ``validation`` runs them in that order. Nothing here imports a check module, so
the checks import this module and nothing imports back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

from netdesigner.design.fixes import Fix
from netdesigner.design.graph import depth, sinks
from netdesigner.design.model import Design
from netdesigner.design.shapes import NodeShape, infer_shapes

SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a design; ``severity`` is "error" or "warning"."""

    severity: str
    code: str
    node_id: str | None
    message: str
    fix: Fix | None = None


class Context:
    """What the checks share: the design and, computed once, shapes and the output."""

    def __init__(self, design: Design) -> None:
        self.design = design
        self.structural: set[str] = set()  # node ids with a wiring problem

    @cached_property
    def shapes(self) -> dict[str, NodeShape]:
        return infer_shapes(self.design)

    @cached_property
    def output_id(self) -> str | None:
        """The deepest node that feeds nothing (ties: the earlier in the node list)."""
        candidates = sinks(self.design)
        if not candidates:
            return None
        depths = depth(self.design)
        order = {node.id: i for i, node in enumerate(self.design.nodes)}
        return max(candidates, key=lambda i: (depths.get(i, -1), -order[i]))


Check = Callable[[Context], Iterator[Problem]]


class CheckList(list[Check]):
    """A module's checks in the order they run; ``@CHECKS.add`` appends one."""

    def add(self, function: Check) -> Check:
        self.append(function)
        return function


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that stop a design from training."""
    return [p for p in problems if p.severity == "error"]
