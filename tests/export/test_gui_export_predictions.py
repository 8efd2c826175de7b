"""File ▸ Export ▸ Keras/PyTorch script from the window, for every sample: the
script's build_model() predicts what the window's weights predict.

The window holds weights that differ from the file saved beside the design (as after
training, before saving), so a script that read the design's own file would fail.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("PySide6.QtWidgets")
torch = pytest.importorskip("torch")

from tests.export.conftest import (  # noqa: E402
    SAMPLES,
    load_case,
    make_case,
    skip_keras_of_detection,
)

os.environ.setdefault("KERAS_BACKEND", "torch")
os.environ.setdefault("KERAS_HOME", tempfile.mkdtemp(prefix="netdesigner-keras-"))

# Keras 3 on NumPy 2 passes copy=False to torch tensors' __array__ (its own issue).
pytestmark = pytest.mark.filterwarnings(
    "ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning"
)

SAMPLE_NAMES = [p.stem for p in sorted(SAMPLES.glob("*.json"))]


def _keras():
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != "torch":  # pragma: no cover
        pytest.skip("keras was imported with another backend")
    return keras


def _import(path: Path):
    spec = importlib.util.spec_from_file_location(f"gui_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _predict(target: str, model, x: np.ndarray) -> np.ndarray:
    if target == "keras":
        return np.asarray(model.predict(x, verbose=0))
    assert not model.training
    with torch.no_grad():
        return model(torch.from_numpy(x)).numpy()


@pytest.mark.parametrize("target", ["keras", "pytorch"])
@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_gui_export_carries_the_window_weights(sample, target, qtbot, tmp_path):
    from netdesigner.design.io import load_weights, weights_path
    from netdesigner.gui.export_actions import install_export_menu
    from netdesigner.gui.main_window import MainWindow

    if target == "keras":
        skip_keras_of_detection(load_case(sample))
        _keras()
    case = make_case(sample, tmp_path)  # saved with weights of seed 7
    (tmp_path / "trained").mkdir()
    trained = make_case(sample, tmp_path / "trained", seed=11)
    window_weights = load_weights(weights_path(trained.path))
    win = MainWindow(case.design)
    qtbot.addWidget(win)
    try:
        win.document.set_file_path(case.path)
        win.document.set_trained_weights(window_weights, epoch=1)  # unsaved
        messages: list[str] = []
        win.show_message = lambda text, *a: messages.append(text)
        win.show_error = lambda title, text: pytest.fail(text)
        menu = install_export_menu(win)
        out = tmp_path / "out" / f"{sample}_{target}.py"
        out.parent.mkdir()
        menu.ask_save_path = lambda *_args: str(out)
        menu.actions[target].trigger()
    finally:
        win.document.mark_clean()
        win.close()
    beside = out.with_name(f"{out.stem}.weights.npz")
    assert messages == [f"Wrote {out.name} and {beside.name}"]
    model = _import(out).build_model()
    y = _predict(target, model, trained.x)
    assert y.shape == trained.y.shape
    np.testing.assert_allclose(y, trained.y, atol=1e-5, rtol=0)
