"""Hypothesis mutates valid design files; the loader raises only DesignFileError."""

from __future__ import annotations

import copy
import json

from design_helpers import example_files, lenet, mlp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netdesigner.design.errors import DesignFileError
from netdesigner.design.io import dumps_design, loads_design
from netdesigner.design.model import Design


def _documents() -> list[dict]:
    texts = [dumps_design(mlp()), dumps_design(lenet())]
    texts += [path.read_text(encoding="utf-8") for path in example_files()]
    return [json.loads(text) for text in texts]


DOCUMENTS = _documents()

GARBAGE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
    st.lists(st.integers(-3, 30), max_size=4),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.sampled_from(["Dense", "Input", "softmax", "same", "sgd", "input", "output"]),
)


def _containers(value, path=()):
    """Every (path, container) inside ``value`` with the container itself."""
    yield path, value
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        if isinstance(item, dict | list):
            yield from _containers(item, (*path, key))


@st.composite
def mutated_texts(draw) -> str:
    document = copy.deepcopy(draw(st.sampled_from(DOCUMENTS)))
    for _ in range(draw(st.integers(1, 3))):
        containers = [c for _, c in _containers(document) if c]
        if not containers:
            break
        target = draw(st.sampled_from(containers))
        keys = list(target) if isinstance(target, dict) else list(range(len(target)))
        key = draw(st.sampled_from(keys))
        action = draw(st.sampled_from(["delete", "replace", "insert"]))
        if action == "delete":
            del target[key]
        elif action == "replace":
            target[key] = draw(GARBAGE)
        elif isinstance(target, dict):
            target[draw(st.text(max_size=6))] = draw(GARBAGE)
        else:
            target.insert(key, draw(GARBAGE))
    text = json.dumps(document, indent=2)
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.sampled_from(["", "NaN", "\x00", "}", "\\ud800"]))
    return text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_texts())
def test_mutated_files_raise_only_design_file_error(text):
    try:
        design = loads_design(text, source="fuzz.json")
    except DesignFileError as error:
        message = str(error)
        assert message.startswith("fuzz.json: ")
        assert "\n" not in message
        return
    assert isinstance(design, Design)
    # whatever loads must save and load back unchanged
    assert loads_design(dumps_design(design)) == design


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_raise_only_design_file_error(data):
    try:
        loads_design(data, source="fuzz.json")
    except DesignFileError:
        pass
