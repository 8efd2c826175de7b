"""The built-in data sets by name, filed by decorators in the generator modules.

A source is any object with an ``info`` (``DatasetInfo``) and a
``load(settings: Settings, options: dict) -> Dataset`` method. ``register_source``
files one; ``points.register_points`` and ``images`` use it. This module imports
none of them: ``catalogue`` does, and the package imports ``catalogue``.
"""

from __future__ import annotations

from typing import Protocol

from netdesigner.data.dataset import DataError, Dataset, DatasetInfo


class Source(Protocol):
    info: DatasetInfo

    def load(self, settings: object, options: dict) -> Dataset: ...


class DatasetRegistry:
    """Name -> source of one built-in data set; a name registered twice is an error."""

    def __init__(self) -> None:
        self._sources: dict[str, Source] = {}

    def add(self, source: Source) -> Source:
        name = source.info.name
        if name in self._sources:
            raise DataError(f"the data set name '{name}' is registered twice")
        self._sources[name] = source
        return source

    def get(self, name: str) -> Source:
        try:
            return self._sources[name]
        except KeyError:
            known = ", ".join(self._sources)
            raise DataError(
                f"unknown data set '{name}'; expected one of: {known}"
            ) from None

    def names(self) -> list[str]:
        """Names in registration order (Playground's six first)."""
        return list(self._sources)

    def __contains__(self, name: object) -> bool:
        return name in self._sources


DATASETS = DatasetRegistry()


def register_source(source: Source) -> Source:
    """File ``source`` under ``source.info.name`` in ``DATASETS``."""
    return DATASETS.add(source)


def list_datasets() -> list[DatasetInfo]:
    """Metadata of every built-in data set, Playground's six first."""
    return [DATASETS.get(name).info for name in DATASETS.names()]


def dataset_info(name: str) -> DatasetInfo:
    """Metadata of the built-in data set ``name`` (``DataError`` if unknown)."""
    return DATASETS.get(name).info
