"""Validate a design document against the JSON Schema of format version 1.

The schema lives in ``resources/schema/design.schema.json`` so that other tools can
use it too. ``check_document`` validates with jsonschema's Draft 2020-12 validator and
turns the most relevant error (``jsonschema.exceptions.best_match``) into one sentence:
``"lenet.json: at nodes[2].params.units: expected an integer ≥ 1, found -3"``.

Integers are strict: ``3.0`` is not an integer here (jsonschema would accept it), so
every integer argument reaches the engine as a Python ``int``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError, best_match

from netdesigner.design.errors import DesignFileError
from netdesigner.resources import resource_path

SCHEMA_FILE = ("schema", "design.schema.json")

_TYPE_WORDS = {
    "integer": "an integer",
    "number": "a number",
    "string": "a string",
    "boolean": "true or false",
    "object": "an object",
    "array": "a list",
    "null": "null",
}


def _is_strict_integer(checker: Any, instance: Any) -> bool:
    return isinstance(instance, int) and not isinstance(instance, bool)


_StrictValidator = validators.extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", _is_strict_integer
    ),
)


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    """The design schema as a dict (read once)."""
    with open(resource_path(*SCHEMA_FILE), encoding="utf-8") as file:
        return json.load(file)


@lru_cache(maxsize=1)
def _validator() -> Any:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return _StrictValidator(schema)


def schema_errors(data: Any) -> list[ValidationError]:
    """Every schema violation of ``data`` (an empty list when it is valid)."""
    return list(_validator().iter_errors(data))


def check_document(data: Any, source: str) -> None:
    """Raise ``DesignFileError`` with one sentence if ``data`` breaks the schema."""
    error = best_match(_validator().iter_errors(data))
    if error is not None:
        raise DesignFileError(f"{source}: {describe_error(error)}")


def describe_error(error: ValidationError) -> str:
    """``"at <json path>: expected ..., found ..."`` for one validation error."""
    error = _described_ancestor(error)
    return f"{json_path(error.absolute_path)}: {_expectation(error)}"


def json_path(path: Iterable[Any]) -> str:
    """``["nodes", 2, "params"]`` -> ``"at nodes[2].params"``; empty -> top level."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return f"at {text}" if text else "at the top level"


def show(value: Any, limit: int = 60) -> str:
    """A short JSON rendering of ``value`` for a message."""
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _described_ancestor(error: ValidationError) -> ValidationError:
    """The outermost enclosing anyOf/oneOf error whose schema has a description.

    For ``kernel_size: [3, -1]`` this reports "expected a positive integer or a list
    [height, width] ..." at kernel_size rather than one branch's complaint.
    """
    chosen = error
    current: ValidationError | None = error
    while current is not None:
        if current.validator in ("anyOf", "oneOf") and "description" in current.schema:
            chosen = current
        current = current.parent
    return chosen


def _expectation(error: ValidationError) -> str:
    if "propertyNames" in error.relative_schema_path:
        allowed = ", ".join(error.validator_value)
        found = show(error.instance)
        return f"expected only the keys {allowed}, found the unknown key {found}"
    handler = _HANDLERS.get(str(error.validator), _generic)
    return handler(error)


def _found(error: ValidationError) -> str:
    return f"found {show(error.instance)}"


def _type_word(schema: dict[str, Any]) -> str:
    kinds = schema.get("type", "number")
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    return " or ".join(_TYPE_WORDS.get(k, k) for k in kinds if k != "null")


def _type(error: ValidationError) -> str:
    kinds = error.validator_value
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    words = " or ".join(_TYPE_WORDS.get(k, k) for k in kinds)
    return f"expected {words}, {_found(error)}"


def _bound(symbol: str) -> Callable[[ValidationError], str]:
    def describe(error: ValidationError) -> str:
        word = _type_word(error.schema)
        return (
            f"expected {word} {symbol} {show(error.validator_value)}, {_found(error)}"
        )

    return describe


def _enum(error: ValidationError) -> str:
    options = ", ".join(show(v) for v in error.validator_value)
    return f"expected one of {options}, {_found(error)}"


def _const(error: ValidationError) -> str:
    return f"expected {show(error.validator_value)}, {_found(error)}"


def _required(error: ValidationError) -> str:
    present = set(error.instance) if isinstance(error.instance, dict) else set()
    missing = [k for k in error.validator_value if k not in present]
    return f"expected the key {show(missing[0])}, found none"


def _additional(error: ValidationError) -> str:
    allowed = list(error.schema.get("properties", {}))
    extra = [k for k in error.instance if k not in allowed]
    return (
        f"expected only the keys {', '.join(allowed)}, found the unknown key "
        f"{show(extra[0])}"
    )


def _items(low_or_high: str) -> Callable[[ValidationError], str]:
    def describe(error: ValidationError) -> str:
        count = error.validator_value
        return (
            f"expected {low_or_high} {count} item{'s' if count != 1 else ''}, "
            f"found {len(error.instance)}: {show(error.instance)}"
        )

    return describe


def _described(error: ValidationError) -> str:
    described = error.schema.get("description", "a valid value")
    return f"expected {described}, {_found(error)}"


def _not(error: ValidationError) -> str:
    described = error.validator_value.get("description", "something else")
    return f"expected {described}, {_found(error)}"


def _unique(error: ValidationError) -> str:
    return f"expected no repeated items, {_found(error)}"


def _length(word: str) -> Callable[[ValidationError], str]:
    def describe(error: ValidationError) -> str:
        return (
            f"expected a string of {word} {error.validator_value} characters, "
            f"{_found(error)}"
        )

    return describe


def _min_properties(error: ValidationError) -> str:
    return f"expected at least {error.validator_value} key, {_found(error)}"


def _generic(error: ValidationError) -> str:
    return f"expected a valid value, {_found(error)}"


_HANDLERS: dict[str, Callable[[ValidationError], str]] = {
    "type": _type,
    "minimum": _bound("≥"),
    "maximum": _bound("≤"),
    "exclusiveMinimum": _bound(">"),
    "exclusiveMaximum": _bound("<"),
    "enum": _enum,
    "const": _const,
    "required": _required,
    "additionalProperties": _additional,
    "minItems": _items("at least"),
    "maxItems": _items("at most"),
    "anyOf": _described,
    "oneOf": _described,
    "pattern": _described,
    "not": _not,
    "uniqueItems": _unique,
    "minLength": _length("at least"),
    "maxLength": _length("at most"),
    "minProperties": _min_properties,
}
