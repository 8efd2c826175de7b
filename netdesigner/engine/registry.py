"""Name -> class registries for layers, activations, losses, optimizers and more.

Every family registers under its tf.keras name with a decorator; a duplicate name is an
error, and an unknown name lists the known ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from netdesigner.engine.errors import EngineError
from netdesigner.i18n import _

T = TypeVar("T")


class Registry(Generic[T]):
    """A named collection of classes or functions of one kind (e.g. "layer")."""

    def __init__(self, kind: str) -> None:
        #: what the entries are, a noun marked with ``N_`` (translated in messages)
        self.kind = kind
        self._entries: dict[str, T] = {}

    def register(self, name: str) -> Callable[[T], T]:
        """Decorator filing ``obj`` under ``name``; registering a name twice fails."""

        def decorate(obj: T) -> T:
            if name in self._entries:
                raise EngineError(
                    _("the {kind} name '{name}' is registered twice").format(
                        kind=_(self.kind), name=name
                    )
                )
            self._entries[name] = obj
            return obj

        return decorate

    def get(self, name: str) -> T:
        try:
            return self._entries[name]
        except KeyError:
            known = ", ".join(sorted(self._entries))
            raise EngineError(
                _("unknown {kind} '{name}'; expected one of: {known}").format(
                    kind=_(self.kind), name=name, known=known
                )
            ) from None

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._entries))

    def names(self) -> list[str]:
        return sorted(self._entries)
