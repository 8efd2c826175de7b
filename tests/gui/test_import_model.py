"""File ▸ Import ▸ tf.keras Code or Model…: the course's code opens as a new design."""

from __future__ import annotations

import os
import tempfile
import textwrap

import numpy as np
import pytest

LENET = textwrap.dedent(
    """
    from tensorflow import keras
    from tensorflow.keras import layers

    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    model = keras.Sequential()
    model.add(layers.Conv2D(6, (5, 5), padding="same", activation="relu",
                            input_shape=(28, 28, 1)))
    model.add(layers.MaxPooling2D((2, 2)))
    model.add(layers.Flatten())
    model.add(layers.Dense(10, activation="softmax"))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=3, batch_size=128)
    """
)

LAMBDA = textwrap.dedent(
    """\
    from tensorflow import keras
    model = keras.Sequential([keras.Input(shape=(4,)),
        keras.layers.Lambda(lambda x: x * 2),
        keras.layers.Dense(1)])
    """
)


def _import_menu_action(window):
    menu = window.menus["import"]
    assert menu.menuAction() in window.menus["file"].actions()
    (action,) = menu.actions()
    return action


def test_import_opens_the_code_as_a_new_unsaved_design(window, monkeypatch, tmp_path):
    code = tmp_path / "lenet.py"
    code.write_text(LENET, "utf-8")
    monkeypatch.setattr(window.files, "ask_import_path", lambda: str(code))
    _import_menu_action(window).trigger()
    doc = window.document
    kinds = [node.type for node in doc.design.nodes]
    assert kinds == ["Input", "Conv2D", "MaxPooling2D", "Flatten", "Dense"]
    assert doc.design.dataset["name"] == "mnist"
    assert doc.design.training["epochs"] == 3
    assert doc.file_path is None and doc.is_modified()
    assert window.scene.items()


def test_unsupported_code_names_its_line_and_keeps_the_design(
    window, dialogs, monkeypatch, tmp_path
):
    code = tmp_path / "custom.py"
    code.write_text(LAMBDA, "utf-8")
    before = window.document.design.to_dict()
    monkeypatch.setattr(window.files, "ask_import_path", lambda: str(code))
    _import_menu_action(window).trigger()
    kind, _title, message = dialogs.calls[-1]
    assert kind == "error" and "line 3" in message and "Lambda" in message
    assert "\n" not in message.strip()
    assert window.document.design.to_dict() == before


def test_import_asks_to_save_unsaved_work_first(window, dialogs, monkeypatch, tmp_path):
    window.document.set_param("hidden_1", "units", 6)
    before = window.document.design.to_dict()
    asked = []
    monkeypatch.setattr(window.files, "ask_import_path", lambda: asked.append(1))
    dialogs.save_changes_answer = "cancel"
    window.files.import_dialog()
    assert dialogs.names() == ["save_changes"] and asked == []
    assert window.document.design.to_dict() == before
    dialogs.save_changes_answer = "discard"  # so that the window can close


# Keras 3 on NumPy 2 passes copy=False to torch tensors' __array__ (its own issue).
@pytest.mark.filterwarnings(
    "ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning"
)
def test_a_keras_file_brings_its_weights(window, monkeypatch, tmp_path):
    pytest.importorskip("h5py")
    os.environ.setdefault("KERAS_BACKEND", "torch")
    os.environ.setdefault("KERAS_HOME", tempfile.mkdtemp(prefix="netdesigner-keras-"))
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != "torch":  # pragma: no cover
        pytest.skip("keras was imported with another backend")
    import importlib.util

    from netdesigner.design.export import export_design
    from netdesigner.design.io import load_weights, weights_path
    from tests.export.conftest import make_case

    case = make_case("05_playground_circle", tmp_path)
    saved = load_weights(weights_path(case.path))
    script = tmp_path / "circle_keras.py"
    export_design(case.design, case.path, "keras", script)
    spec = importlib.util.spec_from_file_location("circle_keras_gui", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build_model().save(tmp_path / "circle.keras")
    monkeypatch.setattr(
        window.files, "ask_import_path", lambda: str(tmp_path / "circle.keras")
    )
    _import_menu_action(window).trigger()
    doc = window.document
    assert [n.id for n in doc.design.nodes] == [n.id for n in case.design.nodes]
    assert doc.weights.keys() == saved.keys() and doc.is_modified()
    for key, value in doc.weights.items():
        np.testing.assert_allclose(value, saved[key], atol=1e-6)
