"""Loading, saving and weights files: round trips, refusals and atomic writes."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import numpy as np
import pytest
from design_helpers import EXAMPLES, SHARED_EXAMPLES, example_files, lenet, mlp

from netdesigner.design import io as design_io
from netdesigner.design.errors import DesignError, DesignFileError
from netdesigner.design.io import (
    dumps_design,
    load_design,
    load_weights,
    loads_design,
    save_design,
    save_weights,
    weights_path,
)
from netdesigner.design.model import Design, Node


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_example_files_round_trip_byte_stable(path, tmp_path):
    design = load_design(path)
    first = tmp_path / "first.json"
    save_design(design, first)
    again = load_design(first)
    assert again == design
    second = tmp_path / "second.json"
    save_design(again, second)
    assert first.read_bytes() == second.read_bytes()


def test_the_repository_keeps_both_example_files():
    names = {p.name for p in example_files()}
    assert {"lenet5_mnist.json", "playground_default.json"} <= names


def test_the_copied_examples_match_the_shared_originals():
    if not SHARED_EXAMPLES.is_dir():
        pytest.skip("no ../shared/examples beside this checkout to compare with")
    for original in SHARED_EXAMPLES.glob("*.json"):
        copy = EXAMPLES / original.name
        assert copy.read_bytes() == original.read_bytes(), original.name


@pytest.mark.parametrize("build", [mlp, lenet], ids=["mlp", "lenet"])
def test_built_designs_round_trip(build, tmp_path):
    design = build()
    design.nodes[1].trainable = False
    design.nodes[1].label = "première couche"  # non-ASCII survives unescaped
    design.view = {"zoom": 1.5, "scroll": [10, -4]}
    text = dumps_design(design)
    assert text.endswith("}\n")
    assert "première" in text
    loaded = loads_design(text)
    assert loaded == design
    assert dumps_design(loaded) == text


def test_dumped_text_keeps_the_format_layout():
    document = json.loads(dumps_design(mlp()))
    assert list(document)[:2] == ["format", "version"]
    assert document["edges"][0] == {"from": "input", "to": "dense_1"}
    assert document["nodes"][0]["position"] == [0.0, 0.0]


def test_newer_version_is_refused_with_the_exact_sentence():
    text = json.dumps({"format": "netdesigner.design", "version": 7, "whatever": []})
    with pytest.raises(DesignFileError) as caught:
        loads_design(text, source="future.json")
    assert str(caught.value) == (
        "future.json: this file was written by a newer NetDesigner (format 7); "
        "update to open it"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{"a": NaN}',
            "expected plain JSON numbers, found the non-standard number NaN",
        ),
        ('{"a": -Infinity}', "found the non-standard number -Infinity"),
        ('{"a": 1e999}', "found the non-standard number 1e999"),
        ("[1, 2]", "expected a JSON object at the top level, found a list"),
        ('"design"', "expected a JSON object at the top level, found a string"),
        ("{", "expected JSON, found an error at line 1, column 2"),
        ("", "expected JSON, found an error at line 1, column 1"),
        ("[" * 100_000, "found JSON nested too deeply to read"),
        ("1" * 5000, "expected numbers of at most 4300 digits"),
        (
            '{"version": 1}',
            'expected a NetDesigner design (format "netdesigner.design")',
        ),
        (
            '{"format": "netdesigner.design", "version": "1"}',
            'expected an integer format version, found "1"',
        ),
        (
            '{"format": "netdesigner.design", "version": true}',
            "expected an integer format version, found true",
        ),
        (
            '{"format": "netdesigner.design", "version": -4}',
            "expected a format version from 0 to 2, found -4",
        ),
    ],
)
def test_bad_text_gives_one_sentence(text, expected):
    with pytest.raises(DesignFileError) as caught:
        loads_design(text, source="bad.json")
    message = str(caught.value)
    assert message.startswith("bad.json: ")
    assert expected in message


def test_nan_in_deep_nesting_of_the_view_is_refused():
    deep = '{"format": "netdesigner.design", "version": 1, "nodes": [], "edges": [], '
    deep += '"view": ' + '{"a": ' * 2000 + "1" + "}" * 2001
    with pytest.raises(DesignFileError, match="nested too deeply"):
        loads_design(deep)


def test_bytes_that_are_not_utf8_are_refused(tmp_path):
    path = tmp_path / "latin.json"
    path.write_bytes(b'{"name": "caf\xe9"}')
    with pytest.raises(DesignFileError) as caught:
        load_design(path)
    assert str(caught.value) == (
        f"{path}: expected UTF-8 text, found the byte 0xe9 at position 13"
    )


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + dumps_design(mlp()).encode())
    assert load_design(path) == mlp()


def test_missing_file_and_folder_are_sentences(tmp_path):
    with pytest.raises(DesignFileError, match=r"missing\.json: no such file$"):
        load_design(tmp_path / "missing.json")
    with pytest.raises(DesignFileError, match="expected a design file, found a folder"):
        load_design(tmp_path)


def test_nan_is_refused_on_save(tmp_path):
    design = mlp()
    design.training["optimizer"] = {"type": "sgd", "learning_rate": float("nan")}
    target = tmp_path / "nan.json"
    with pytest.raises(DesignFileError) as caught:
        save_design(design, target)
    assert str(caught.value) == (
        f"{target}: cannot be saved: at training.optimizer.learning_rate: expected a "
        "finite number, found NaN or infinity"
    )
    assert not target.exists()
    assert os.listdir(tmp_path) == []


def test_a_design_the_schema_refuses_is_not_saved(tmp_path):
    design = mlp()
    design.nodes[1].params["units"] = 0
    with pytest.raises(DesignFileError, match=r"at nodes\[1\]\.params\.units"):
        save_design(design, tmp_path / "bad.json")
    assert os.listdir(tmp_path) == []


def test_numpy_scalars_in_params_are_saved_as_plain_numbers():
    design = mlp()
    design.nodes[1].params["units"] = np.int64(5)
    design.dataset["noise"] = np.float32(2.5)
    document = json.loads(dumps_design(design))
    assert document["nodes"][1]["params"]["units"] == 5
    assert document["dataset"]["noise"] == 2.5


def test_values_json_cannot_hold_are_refused():
    design = mlp()
    design.view = {"callback": object()}
    with pytest.raises(DesignFileError, match="expected JSON values, found a value"):
        dumps_design(design)


def test_errors_are_value_errors_for_callers():
    assert issubclass(DesignFileError, DesignError)
    assert issubclass(DesignError, ValueError)


class Boom(OSError):
    pass


def test_failed_replace_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "net.json"
    save_design(mlp(), target)
    before = target.read_bytes()

    def failing_replace(src, dst):
        raise Boom(28, "No space left on device")

    monkeypatch.setattr(design_io.os, "replace", failing_replace)
    with pytest.raises(DesignFileError) as caught:
        save_design(lenet(), target)
    assert str(caught.value) == (
        f"{target}: could not be saved (no space left on device); the previous file "
        "is unchanged"
    )
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["net.json"]


def test_write_failing_midway_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "net.json"
    save_design(mlp(), target)
    before = target.read_bytes()
    real_fdopen = os.fdopen

    class HalfWriter:
        """Writes half of what it is given, then fails like a full disk."""

        def __init__(self, file):
            self.file = file

        def write(self, data):
            self.file.write(data[: len(data) // 2])
            self.file.flush()
            raise OSError(28, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.file, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

    monkeypatch.setattr(
        design_io.os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode))
    )
    with pytest.raises(DesignFileError, match="the previous file is unchanged"):
        save_design(lenet(), target)
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["net.json"]


def test_interrupt_during_save_removes_the_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "net.json"

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(design_io.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_design(mlp(), target)
    assert os.listdir(tmp_path) == []


def test_save_keeps_the_permissions_of_the_file_it_replaces(tmp_path):
    target = tmp_path / "net.json"
    target.write_text("old")
    target.chmod(0o640)
    save_design(mlp(), target)
    assert target.stat().st_mode & 0o777 == 0o640
    assert load_design(target) == mlp()


def test_save_into_a_missing_folder_is_a_sentence(tmp_path):
    target = tmp_path / "nope" / "net.json"
    with pytest.raises(DesignFileError, match=r"net\.json: could not be saved \("):
        save_design(mlp(), target)


def test_weights_path_sits_beside_the_design():
    assert weights_path("runs/lenet.json") == Path("runs/lenet.weights.npz")
    assert weights_path(Path("/a/b/net.JSON")) == Path("/a/b/net.weights.npz")
    assert weights_path("model") == Path("model.weights.npz")


def test_weights_round_trip(tmp_path):
    weights = {
        "dense_1/kernel": np.arange(6, dtype=np.float32).reshape(2, 3),
        "dense_1/bias": np.zeros(3, np.float32),
        "bn/moving_variance": np.ones(4, np.float64),
    }
    path = tmp_path / "net.weights.npz"
    save_weights(path, weights)
    loaded = load_weights(path)
    assert set(loaded) == set(weights)
    for key, value in weights.items():
        assert loaded[key].dtype == value.dtype
        np.testing.assert_array_equal(loaded[key], value)


def test_weights_problems_are_sentences(tmp_path):
    missing = tmp_path / "none.weights.npz"
    with pytest.raises(DesignFileError, match="no weights file; train the design"):
        load_weights(missing)

    text = tmp_path / "text.weights.npz"
    text.write_text("hello")
    with pytest.raises(DesignFileError, match="expected a NumPy .npz weights file"):
        load_weights(text)

    bare = tmp_path / "bare.weights.npz"
    with open(bare, "wb") as file:
        np.save(file, np.zeros(3))
    with pytest.raises(DesignFileError, match="expected a NumPy .npz weights file"):
        load_weights(bare)

    objects = tmp_path / "objects.weights.npz"
    np.savez(objects, a=np.array([{"x": 1}], dtype=object))
    with pytest.raises(DesignFileError, match="expected numeric arrays, found Python"):
        load_weights(objects)

    strings = tmp_path / "strings.weights.npz"
    np.savez(strings, a=np.array(["x", "y"]))
    with pytest.raises(DesignFileError, match="found 'a' of dtype <U1"):
        load_weights(strings)

    nan = tmp_path / "nan.weights.npz"
    np.savez(nan, **{"d/kernel": np.array([1.0, np.nan])})
    with pytest.raises(DesignFileError, match="found NaN or infinity in 'd/kernel'"):
        load_weights(nan)

    broken = tmp_path / "broken.weights.npz"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("a.npy", b"not an npy header")
    with pytest.raises(DesignFileError, match="expected a NumPy .npz weights file"):
        load_weights(broken)


def test_non_numeric_weights_are_not_saved(tmp_path):
    with pytest.raises(DesignFileError, match="expected numeric weights for 'a'"):
        save_weights(tmp_path / "w.npz", {"a": np.array(["text"])})
    assert os.listdir(tmp_path) == []


def test_design_model_defaults_survive_a_round_trip():
    design = Design(nodes=[Node("input", "Input", {"shape": [2]})])
    assert loads_design(dumps_design(design)) == design
