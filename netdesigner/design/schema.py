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
from netdesigner.i18n import N_, _
from netdesigner.resources import resource_path

SCHEMA_FILE = ("schema", "design.schema.json")

_TYPE_WORDS = {
    "integer": N_("an integer"),
    "number": N_("a number"),
    "string": N_("a string"),
    "boolean": N_("true or false"),
    "object": N_("an object"),
    "array": N_("a list"),
    "null": N_("null"),
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
    return _("at {path}").format(path=text) if text else _("at the top level")


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
        return _only_keys(error.validator_value, error.instance)
    handler = _HANDLERS.get(str(error.validator), _generic)
    return handler(error)


def _only_keys(allowed: Iterable[str], extra: Any) -> str:
    return _("expected only the keys {allowed}, found the unknown key {key}").format(
        allowed=", ".join(allowed), key=show(extra)
    )


def _expected(expected: str, error: ValidationError) -> str:
    """The sentence shared by most checks: "expected X, found Y"."""
    return _("expected {expected}, found {found}").format(
        expected=expected, found=show(error.instance)
    )


def _words(kinds: Any) -> str:
    """``["integer", "string"]`` -> "an integer or a string" (translated)."""
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    words = [_(_TYPE_WORDS[k]) if k in _TYPE_WORDS else k for k in kinds]
    text = words[0] if words else ""
    for word in words[1:]:
        text = _("{first} or {second}").format(first=text, second=word)
    return text


def _type_word(schema: dict[str, Any]) -> str:
    kinds = schema.get("type", "number")
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    return _words([k for k in kinds if k != "null"])


def _type(error: ValidationError) -> str:
    return _expected(_words(error.validator_value), error)


def _bound(symbol: str) -> Callable[[ValidationError], str]:
    def describe(error: ValidationError) -> str:
        return _("expected {kind} {symbol} {limit}, found {found}").format(
            kind=_type_word(error.schema),
            symbol=symbol,
            limit=show(error.validator_value),
            found=show(error.instance),
        )

    return describe


def _enum(error: ValidationError) -> str:
    options = ", ".join(show(v) for v in error.validator_value)
    return _("expected one of {options}, found {found}").format(
        options=options, found=show(error.instance)
    )


def _const(error: ValidationError) -> str:
    return _expected(show(error.validator_value), error)


def _required(error: ValidationError) -> str:
    present = set(error.instance) if isinstance(error.instance, dict) else set()
    missing = [k for k in error.validator_value if k not in present]
    return _("expected the key {key}, found none").format(key=show(missing[0]))


def _additional(error: ValidationError) -> str:
    allowed = list(error.schema.get("properties", {}))
    extra = [k for k in error.instance if k not in allowed]
    return _only_keys(allowed, extra[0])


#: (at least / at most, one item) -> the message
_ITEMS = {
    ("at least", True): N_("expected at least {count} item, found {size}: {found}"),
    ("at least", False): N_("expected at least {count} items, found {size}: {found}"),
    ("at most", True): N_("expected at most {count} item, found {size}: {found}"),
    ("at most", False): N_("expected at most {count} items, found {size}: {found}"),
}


def _items(low_or_high: str) -> Callable[[ValidationError], str]:
    def describe(error: ValidationError) -> str:
        count = error.validator_value
        return _(_ITEMS[low_or_high, count == 1]).format(
            count=count, size=len(error.instance), found=show(error.instance)
        )

    return describe


def _described(error: ValidationError) -> str:
    described = error.schema.get("description")
    return _expected(_(described) if described else _("a valid value"), error)


def _not(error: ValidationError) -> str:
    described = error.validator_value.get("description")
    return _expected(_(described) if described else _("something else"), error)


def _unique(error: ValidationError) -> str:
    return _("expected no repeated items, found {found}").format(
        found=show(error.instance)
    )


_LENGTHS = {
    "at least": N_("expected a string of at least {count} characters, found {found}"),
    "at most": N_("expected a string of at most {count} characters, found {found}"),
}


def _length(word: str) -> Callable[[ValidationError], str]:
    def describe(error: ValidationError) -> str:
        return _(_LENGTHS[word]).format(
            count=error.validator_value, found=show(error.instance)
        )

    return describe


def _min_properties(error: ValidationError) -> str:
    return _("expected at least {count} key, found {found}").format(
        count=error.validator_value, found=show(error.instance)
    )


def _generic(error: ValidationError) -> str:
    return _expected(_("a valid value"), error)


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
