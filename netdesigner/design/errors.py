"""Exceptions of the design document; each message is one sentence for a student.

``DesignFileError`` names the file, the place in it (a JSON path such as
``nodes[2].params.units``) and what was expected and found. ``GraphError`` is for a
graph that cannot be turned into a network (several inputs, a cycle, ...).
"""

from __future__ import annotations


class DesignError(ValueError):
    """Base class of every user-facing problem with a design."""


class DesignFileError(DesignError):
    """A design or weights file that cannot be read, parsed, validated or written."""


class GraphError(DesignError):
    """A design whose graph cannot be built into a network."""
