"""The Keras export runs under Keras 3 (PyTorch backend) and predicts as the engine."""

from __future__ import annotations

import importlib.util
import os
import re
import runpy
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

from netdesigner.design.export import export_design
from tests.export.conftest import skip_keras_of_detection

# Keras reads these once, at its first import: PyTorch as its backend, and a
# settings folder that is not the user's.
os.environ.setdefault("KERAS_BACKEND", "torch")
os.environ.setdefault("KERAS_HOME", tempfile.mkdtemp(prefix="netdesigner-keras-"))
pytest.importorskip("torch")
keras = pytest.importorskip("keras")

# Keras 3 on NumPy 2 passes copy=False to torch tensors' __array__ (its own issue).
pytestmark = pytest.mark.filterwarnings(
    "ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning"
)

if keras.backend.backend() != "torch":  # pragma: no cover - another test chose first
    pytest.skip("keras was imported with another backend", allow_module_level=True)


def import_script(path: Path):
    name = f"exported_keras_{path.stem}_{abs(hash(path))}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: cases where Keras 3's PyTorch backend computes differently from TensorFlow
BACKEND_DIFFERENCES = {
    "odd_average_pool": (
        "Keras's PyTorch backend pads one-sided 'same' average pooling by repeating "
        "edge pixels; TensorFlow and NetDesigner average the real pixels only"
    ),
}


def test_build_model_matches_engine_predict(design_case, request):
    if design_case.name in BACKEND_DIFFERENCES:
        request.applymarker(
            pytest.mark.xfail(reason=BACKEND_DIFFERENCES[design_case.name], strict=True)
        )
    skip_keras_of_detection(design_case.design)
    out = design_case.path.with_name("model_keras.py")
    export_design(design_case.design, design_case.path, "keras", out)
    module = import_script(out)
    model = module.build_model()
    y = np.asarray(model.predict(design_case.x, verbose=0))
    assert y.shape == design_case.y.shape
    np.testing.assert_allclose(y, design_case.y, atol=1e-5, rtol=0)
    module.compile_model(model)  # the design's loss, optimizer and metrics exist
    names = [layer.name for layer in model.layers]
    assert set(names) <= {node.id for node in design_case.design.nodes}


def test_chain_is_sequential_and_branches_functional(case_factory):
    chain, branches = case_factory("05_playground_circle"), case_factory("branches_cnn")
    for case, kind in ((chain, "keras.Sequential("), (branches, "keras.Model(")):
        out = case.path.with_name("k.py")
        export_design(case.design, case.path, "keras", out)
        text = out.read_text("utf-8")
        assert kind in text
    circle = chain.path.with_name("circle.py")
    export_design(chain.design, chain.path, "keras", circle)
    text = circle.read_text("utf-8")
    assert "keras.initializers.RandomUniform(-0.5, 0.5)" in text  # playground
    assert "keras.initializers.Constant(0.1)" in text
    assert "MeanMetricWrapper(signed_accuracy" in text  # -1/+1 targets
    assert "optimizer=keras.optimizers.SGD(learning_rate=0.03)" in text


def test_step_activation_is_written_as_a_function(case_factory):
    case = case_factory("01_perceptron_and")
    out = case.path.with_name("perceptron.py")
    export_design(case.design, case.path, "keras", out)
    text = out.read_text("utf-8")
    assert "def step(x):" in text
    assert "activation=step" in text
    assert "def train_perceptron(model, x, y, epochs=" in text


@pytest.mark.parametrize(
    "name", ["branches_cnn", "regression_bn", "signed_hinge", "01_perceptron_and"]
)
def test_script_compiles_fits_and_evaluates(name, case_factory, capsys, monkeypatch):
    case = case_factory(name)
    out = case.path.with_name(f"train_{name}.py")
    export_design(case.design, case.path, "keras", out)
    sys.modules.pop("__main__exported", None)
    epochs = [] if name == "01_perceptron_and" else ["--epochs", "2"]
    monkeypatch.setattr(sys, "argv", [str(out), *epochs])
    namespace = runpy.run_path(str(out), run_name="__main__")
    lines = capsys.readouterr().out.splitlines()
    if name == "01_perceptron_and":
        assert "test accuracy: 1.0000" in lines
        return
    history = namespace["history"].history
    assert 1 <= len(history["loss"]) <= 2  # --epochs 2 (early stopping may cut)
    assert np.isfinite(history["loss"]).all()
    metric = "rmse" if name == "regression_bn" else "accuracy"
    assert f"val_{metric}" in history
    epochs = [line for line in lines if line.startswith("epoch ")]
    assert len(epochs) == len(history["loss"])  # one line per epoch
    assert re.fullmatch(rf"test {metric}: \d+\.\d{{4}}", lines[-1])


def test_playgrounds_loss_compiles_as_half_the_squared_error(tmp_path):
    """tf.keras has no half-MSE: the script brings its own function (sample 05)."""
    from netdesigner.design.io import load_design
    from netdesigner.engine.losses import create_loss

    samples = Path(__file__).resolve().parents[2] / "samples"
    sample = samples / "05_playground_circle.json"
    design = load_design(sample)
    assert design.training["loss"] == "half_mean_squared_error"
    out = tmp_path / "playground_keras.py"
    export_design(design, None, "keras", out)
    module = import_script(out)
    model = module.build_model()
    module.compile_model(model)  # a built-in name would raise here
    y_pred = np.array([[0.5], [-0.2], [0.9]], np.float32)
    y_true = np.array([[1.0], [-1.0], [1.0]], np.float32)
    per_example = module.half_mean_squared_error(y_true, y_pred)
    got = float(np.mean(keras.ops.convert_to_numpy(per_example)))
    engine = create_loss("half_mean_squared_error").value(y_pred, y_true)
    assert got == pytest.approx(engine, rel=1e-6)
