"""Small helpers that write readable Python: literals, identifiers, indented blocks.

The exporters build a script line by line with ``CodeWriter`` and turn design values
into Python source with ``literal`` (tuples for shapes, short floats, no numpy types).
"""

from __future__ import annotations

import keyword
import math
import re
import textwrap
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

_NOT_WORD = re.compile(r"\W")

#: longest line the writer makes when it can choose (ruff's default)
WIDTH = 88


class CodeWriter:
    """Collects lines with a current indentation (four spaces per level)."""

    def __init__(self, margin: int = 0) -> None:
        """margin : columns of indentation the lines get later (e.g. 8 for lines
        that go into a method body), so that ``call`` still fits them in
        ``WIDTH``."""
        self.lines: list[str] = []
        self._depth = 0
        self._margin = margin

    def line(self, text: str = "") -> None:
        """Add one line (an empty one stays empty, without trailing spaces)."""
        self.lines.append("    " * self._depth + text if text else "")

    def extend(self, lines: Iterable[str]) -> None:
        for text in lines:
            self.line(text)

    def blank(self, count: int = 1) -> None:
        for _ in range(count):
            self.line()

    def call(
        self, prefix: str, function: str, args: list[str], suffix: str = ""
    ) -> None:
        """``prefix function(args)suffix`` on one line, or one argument per line."""
        joined = ", ".join(args)
        one = f"{prefix}{function}({joined}){suffix}"
        indent = 4 * self._depth + self._margin
        if len(one) + indent <= WIDTH or not args:
            self.line(one)
            return
        if len(joined) + indent + 4 <= WIDTH:  # ruff's "hugging" form
            self.line(f"{prefix}{function}(")
            self.line(f"    {joined}")
            self.line(f"){suffix}")
            return
        self.line(f"{prefix}{function}(")
        self.extend(f"    {arg}," for arg in args)
        self.line(f"){suffix}")

    def docstring(self, text: str) -> None:
        """A docstring, its paragraphs filled to fit at the current indentation."""
        self.extend(docstring(wrap(text, WIDTH - 4 * self._depth - self._margin - 6)))

    @contextmanager
    def block(self, header: str, closing: str | None = None) -> Iterator[None]:
        """``with writer.block("def f():"):`` indents what is written inside.

        ``closing`` (e.g. ``")"``) is written after the block at the outer level.
        """
        self.line(header)
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
        if closing is not None:
            self.line(closing)

    def text(self) -> str:
        """The script so far, ending with exactly one newline."""
        return "\n".join(self.lines).rstrip("\n") + "\n"


def literal(value: Any, tuples: bool = True) -> str:
    """Python source for a JSON-like value: ``[28, 28, 1]`` becomes ``(28, 28, 1)``.

    Lists become tuples (shapes, kernel sizes) unless ``tuples`` is False, floats
    use their shortest repr, strings double quotes, dicts keep their key order.
    """
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (list, tuple)):
        items = [literal(v, tuples) for v in value]
        if not tuples:
            return "[" + ", ".join(items) + "]"
        return (
            "(" + items[0] + ",)" if len(items) == 1 else "(" + ", ".join(items) + ")"
        )
    if isinstance(value, dict):
        pairs = (
            f"{literal(k, tuples)}: {literal(v, tuples)}" for k, v in value.items()
        )
        return "{" + ", ".join(pairs) + "}"
    raise TypeError(f"cannot write {type(value).__name__} {value!r} as Python source")


def _string(value: str) -> str:
    """Double quotes, as ruff/black write strings, unless the text holds one."""
    text = repr(value)
    if text.startswith("'") and '"' not in value:
        return '"' + text[1:-1].replace("\\'", "'") + '"'
    return text


def _float(value: float) -> str:
    if math.isnan(value) or math.isinf(value):
        return f'float("{value}")'
    text = repr(float(value))
    return text


def keyword_args(args: dict[str, Any]) -> str:
    """``units=8, activation='relu'`` from a dict of already written sources."""
    return ", ".join(f"{name}={source}" for name, source in args.items())


def call(function: str, *positional: str, **keywords: str) -> str:
    """``function(a, b, key=value)`` from already written argument sources."""
    parts = list(positional) + [f"{k}={v}" for k, v in keywords.items()]
    return f"{function}({', '.join(parts)})"


def identifiers(names: Iterable[str], reserved: Iterable[str] = ()) -> dict[str, str]:
    """A distinct Python identifier for each name (node ids are usually one already).

    ``dense-1`` becomes ``dense_1``, ``1st`` becomes ``layer_1st``; keywords and
    ``reserved`` names get a ``layer_`` prefix; clashes get a number. A leading
    underscore gets ``layer`` before it (``_parameters`` -> ``layer_parameters``,
    ``__init__`` -> ``layer__init__``): such names are a class's own (PyTorch's
    ``nn.Module`` keeps its state in ``_parameters``, ``_modules``...), and ``__x``
    is name-mangled inside a class. The mapping depends only on the names given.
    """
    taken = set(reserved)
    result: dict[str, str] = {}
    for name in names:
        ident = _NOT_WORD.sub("_", name) or "layer"
        if ident.startswith("_"):
            ident = "layer" + ident
        if not ident.isidentifier() or keyword.iskeyword(ident) or ident in taken:
            ident = "layer_" + ident
        base, index = ident, 2
        while ident in taken or keyword.iskeyword(ident):
            ident = f"{base}_{index}"
            index += 1
        taken.add(ident)
        result[name] = ident
    return result


def shape_text(shape: Iterable[int]) -> str:
    """``(batch, 28, 28, 1)`` for a per-example shape (28, 28, 1)."""
    return "(" + ", ".join(["batch", *(str(int(d)) for d in shape)]) + ")"


def wrap(text: str, width: int = 79) -> str:
    """Fill each paragraph of ``text`` to ``width``; indented lines stay as they are."""
    out = []
    for line in text.splitlines():
        if line.startswith(" ") or len(line) <= width:
            out.append(line)
        else:
            out.extend(textwrap.wrap(line, width, break_on_hyphens=False))
    return "\n".join(out)


def docstring(text: str) -> list[str]:
    """Lines of a triple-quoted docstring (quotes inside are escaped)."""
    body = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    lines = body.splitlines() or [""]
    if len(lines) == 1:
        return [f'"""{lines[0]}"""']
    return ['"""' + lines[0], *lines[1:], '"""']
