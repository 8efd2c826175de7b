"""The PyTorch export: build_model() predicts what the engine predicts (1e-5)."""

from __future__ import annotations

import importlib.util
import re
import runpy
import sys
from pathlib import Path

import numpy as np
import pytest

from netdesigner.design.export import export_design

torch = pytest.importorskip("torch")


def import_script(path: Path):
    """Import an exported file as a fresh module."""
    name = f"exported_{path.stem}_{abs(hash(path))}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_model_matches_engine_predict(design_case):
    out = design_case.path.with_name("model_torch.py")
    export_design(design_case.design, design_case.path, "pytorch", out)
    module = import_script(out)
    model = module.build_model()
    assert not model.training
    with torch.no_grad():
        y = model(torch.from_numpy(design_case.x)).numpy()
    assert y.shape == design_case.y.shape
    np.testing.assert_allclose(y, design_case.y, atol=1e-5, rtol=0)


def test_without_weights_file_the_model_is_freshly_initialised(case_factory):
    case = case_factory("07_spiral_three_classes")
    out = case.path.with_name("model.py")
    export_design(case.design, case.path, "pytorch", out)
    module = import_script(out)
    with torch.no_grad():
        fresh = module.build_model(weights_file=None)(torch.from_numpy(case.x)).numpy()
    assert not np.allclose(fresh, case.y, atol=1e-3)


def test_unsaved_design_exports_without_weights(case_factory, tmp_path):
    case = case_factory("04_xor_hidden_layer")
    out = tmp_path / "unsaved.py"
    export_design(case.design, None, "pytorch", out)
    text = out.read_text("utf-8")
    assert "WEIGHTS_FILE = None" in text
    assert import_script(out).build_model()(torch.zeros(3, 2)).shape == (3, 1)


def test_layout_changes_are_written_out(case_factory):
    case = case_factory("10_lenet5_mnist")
    out = case.path.with_name("lenet.py")
    export_design(case.design, case.path, "pytorch", out)
    text = out.read_text("utf-8")
    assert "x.permute(0, 3, 1, 2)" in text  # to channels first
    assert ".permute(0, 2, 3, 1).flatten(1)" in text  # back before Flatten
    assert ".transpose(3, 2, 0, 1)" in text  # conv kernel layout
    assert 'weights["dense_1/kernel"].T' in text
    assert "padding=(2, 2)" in text  # 'same' 5x5 is symmetric here


def test_odd_same_padding_is_written_with_f_pad(case_factory):
    case = case_factory("branches_cnn")
    out = case.path.with_name("branches.py")
    export_design(case.design, case.path, "pytorch", out)
    text = out.read_text("utf-8")
    assert "F.pad(x_nchw, (0, 1, 0, 1))" in text
    assert "value=-math.inf" in text
    odd = case_factory("odd_average_pool")
    export_design(odd.design, odd.path, "pytorch", out)
    assert "avg_sum / avg_real" in out.read_text("utf-8")
    assert "torch.cat([avg, pool], dim=2)" in text  # tf.keras axis 1 is H
    assert "torch.softmax(cat_h, dim=1)" in text  # channels of an NCHW tensor
    assert "momentum=0.1" in text  # tf.keras 0.9
    assert "def train(self, mode=True)" in text  # frozen batch norm


def run_main(path: Path, capsys, *args: str) -> str:
    """Run an exported script as ``__main__`` in this process with the command
    line ``args``; return its output."""
    sys.modules.pop("__main__exported", None)
    saved = sys.argv
    sys.argv = [str(path), *args]
    try:
        runpy.run_path(str(path), run_name="__main__")
    finally:
        sys.argv = saved
    return capsys.readouterr().out


@pytest.mark.parametrize(
    "name",
    ["branches_cnn", "regression_bn", "one_hot_features", "signed_hinge",
     "conv_output", "01_perceptron_and"],
)  # fmt: skip
def test_script_trains_as_a_script(name, case_factory, capsys):
    case = case_factory(name)
    out = case.path.with_name(f"train_{name}.py")
    export_design(case.design, case.path, "pytorch", out)
    torch.set_num_threads(1)
    if name == "01_perceptron_and":
        text = run_main(out, capsys)
        assert ": 0 mistakes\nconverged" in text
        assert text.endswith("test accuracy: 1.0000\n")
        return
    text = run_main(out, capsys, "--epochs", "2", "--batch-size", "64")
    lines = [line for line in text.splitlines() if line.startswith("epoch ")]
    assert 1 <= len(lines) <= 2, text  # --epochs 2 (early stopping may cut)
    assert all(line.startswith(f"epoch {i + 1}/2: ") for i, line in enumerate(lines))
    assert text.startswith("device: cpu, processes: 1\n")
    metric = "rmse" if name == "regression_bn" else "accuracy"
    assert re.fullmatch(rf"test {metric}: \d+\.\d{{4}}", text.splitlines()[-1])
    assert "loss nan" not in text


@pytest.mark.parametrize("name", ["11_lenet5_batchnorm_fashion", "branches_cnn"])
def test_matches_the_predict_command(name, case_factory, tmp_path):
    """The contract's words: the same outputs as ``netdesigner predict``."""
    from netdesigner.cli import main

    case = case_factory(name)
    x_file, y_file = tmp_path / "x.npy", tmp_path / "y.npy"
    np.save(x_file, case.x)
    assert main(["predict", str(case.path), "--input", str(x_file),
                 "--output", str(y_file)]) == 0  # fmt: skip
    out = tmp_path / "cli_model.py"
    assert main(["export", str(case.path), "--to", "pytorch", "-o", str(out)]) == 0
    with torch.no_grad():
        y = import_script(out).build_model()(torch.from_numpy(case.x)).numpy()
    np.testing.assert_allclose(y, np.load(y_file), atol=1e-5, rtol=0)


def test_node_ids_never_shadow_a_module_attribute(case_factory):
    from netdesigner.design.export.pytorch_layers import RESERVED

    public = {name for name in dir(torch.nn.Module) if not name.startswith("_")}
    assert public <= set(RESERVED)
    case = case_factory("python_names")
    out = case.path.with_name("names.py")
    export_design(case.design, case.path, "pytorch", out)
    text = out.read_text("utf-8")
    for attribute in ("layer_parameters", "layer__init__", "layer__call__"):
        assert f"self.{attribute} = nn." in text
    assert "self.layer_forward = nn.Linear" in text
    assert "self.layer__secret = nn.Linear" in text
    assert 'weights["__init__/kernel"]' in text
    model = import_script(out).build_model()
    assert dict(model.named_children()).keys() == {
        "layer_parameters",
        "layer__init__",
        "layer__call__",
        "layer__secret",
        "layer_forward",
    }
