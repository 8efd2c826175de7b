"""The catalog, the JSON Schema and the engine's registries name the same things."""

from __future__ import annotations

import pytest

from netdesigner.design.catalog import (
    ACTIVATION_NAMES,
    CATALOG,
    FAMILIES,
    INITIALIZER_NAMES,
    NODE_TYPES,
    by_family,
    layer_spec,
)
from netdesigner.design.errors import DesignError
from netdesigner.design.schema import load_schema, schema_errors


def test_schema_lists_the_catalog_types_and_arguments():
    schema = load_schema()["$defs"]
    assert schema["node"]["properties"]["type"]["enum"] == list(NODE_TYPES)
    for type_name, spec in CATALOG.items():
        params = schema["params"][type_name]
        assert list(params["properties"]) == list(spec.param_names()), type_name
        required = [p.name for p in spec.params if p.required]
        assert params.get("required", []) == required, type_name
    assert schema["activation"]["enum"] == list(ACTIVATION_NAMES)
    assert schema["initializer"]["enum"] == list(INITIALIZER_NAMES)


@pytest.mark.parametrize("type_name", NODE_TYPES)
def test_every_catalog_default_passes_the_schema(type_name):
    spec = CATALOG[type_name]
    params = {**spec.keras_defaults(), **spec.initial_params()}
    document = {
        "format": "netdesigner.design",
        "version": 2,
        "nodes": [{"id": "n", "type": type_name, "params": params}],
        "edges": [],
    }
    assert schema_errors(document) == []
    assert spec.formula.endswith(".") and spec.summary.endswith(".")
    assert all(p.help and "\n" not in p.help for p in spec.params)


def test_activation_and_initializer_names_match_the_engine():
    from netdesigner.engine.activations import ACTIVATIONS
    from netdesigner.engine.initializers import INITIALIZERS

    assert set(ACTIVATION_NAMES) == set(ACTIVATIONS.names())
    assert set(INITIALIZER_NAMES) <= set(INITIALIZERS.names())


def test_families_group_every_type_once():
    groups = by_family()
    assert list(groups) == list(FAMILIES)
    grouped = [spec.type for specs in groups.values() for spec in specs]
    assert sorted(grouped) == sorted(NODE_TYPES)
    assert [s.type for s in groups["Merge"]] == ["Add", "Concatenate"]


def test_arity_and_lookup():
    assert layer_spec("Input").n_inputs == 0
    assert layer_spec("Dense").n_inputs == 1
    assert layer_spec("Add").n_inputs is None
    assert layer_spec("Dense").param("units").minimum == 1
    with pytest.raises(
        DesignError, match="unknown node type 'Dense3'; expected one of"
    ):
        layer_spec("Dense3")
    with pytest.raises(KeyError, match="Dense has no argument 'filters'"):
        layer_spec("Dense").param("filters")


def test_schema_settings_match_the_engine_and_data_registries():
    from netdesigner.data import FEATURES, list_datasets
    from netdesigner.engine.losses import LOSSES
    from netdesigner.engine.optimizers import OPTIMIZERS, _argument_names
    from netdesigner.engine.schedules import SCHEDULES

    defs = load_schema()["$defs"]
    dataset = defs["dataset"]["properties"]
    assert set(dataset["name"]["enum"]) == {i.name for i in list_datasets()}
    assert dataset["features"]["items"]["enum"] == list(FEATURES)
    assert set(defs["training"]["properties"]["loss"]["enum"]) <= set(LOSSES.names())
    optimizer = defs["optimizer"]
    assert set(optimizer["properties"]["type"]["enum"]) == set(OPTIMIZERS.names())
    for rule in optimizer["allOf"]:
        name = rule["if"]["properties"]["type"]["const"]
        allowed = set(rule["then"]["propertyNames"]["enum"]) - {"type"}
        assert allowed == set(_argument_names(OPTIMIZERS.get(name))), name
    schedule = defs["lr_schedule"]["properties"]["type"]["enum"]
    assert set(schedule) == set(SCHEDULES.names())


@pytest.mark.parametrize("type_name", NODE_TYPES)
def test_catalog_arguments_are_the_engine_layer_arguments(type_name):
    import inspect

    from netdesigner.engine.layers import LAYERS

    signature = inspect.signature(LAYERS.get(type_name).__init__)
    plain = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    engine_args = [
        n for n, p in signature.parameters.items() if n != "self" and p.kind in plain
    ]
    assert list(CATALOG[type_name].param_names()) == engine_args
    assert LAYERS.get(type_name).n_inputs == CATALOG[type_name].n_inputs


def test_schema_states_the_catalog_maxima():
    from netdesigner.design import catalog

    schema = load_schema()["$defs"]
    units = schema["params"]["Dense"]["properties"]["units"]
    filters = schema["params"]["Conv2D"]["properties"]["filters"]
    assert (
        units["maximum"]
        == catalog.MAX_UNITS
        == layer_spec("Dense").param("units").maximum
    )
    assert filters["maximum"] == catalog.MAX_FILTERS
    assert layer_spec("Conv2D").param("filters").maximum == catalog.MAX_FILTERS
    assert schema["shape"]["items"]["maximum"] == catalog.MAX_DIMENSION
    side, pair = schema["size2"]["anyOf"]
    assert side["maximum"] == pair["items"]["maximum"] == catalog.MAX_SIZE2
