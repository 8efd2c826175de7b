"""Exports carry what was trained and come back: bundles, DDP, .keras, code."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

import numpy as np
import pytest

from netdesigner.design.defaults import resolved_dataset, resolved_params
from netdesigner.design.export import export_bundle, export_design
from netdesigner.design.importers import import_keras_code, import_model

LENET = """
from tensorflow.keras import layers, models
model = models.Sequential()
model.add(layers.Conv2D(6, (5, 5), padding="same", activation="relu",
                        input_shape=(28, 28, 1)))
model.add(layers.MaxPooling2D((2, 2)))
model.add(layers.Flatten())
model.add(layers.Dropout(0.25))
model.add(layers.Dense(10, activation="softmax"))
model.compile(optimizer=keras.optimizers.Adam(0.001),
              loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=3, batch_size=128)
(x_train, y_train), _ = keras.datasets.mnist.load_data()
"""

BRANCHES = """
import keras
inputs = keras.Input(shape=(2,))
left = keras.layers.Dense(8, activation="tanh",
                          kernel_initializer=keras.initializers.HeNormal())(inputs)
right = keras.layers.Dense(4, activation="relu", name="right")(inputs)
merged = keras.layers.Concatenate()([left, right])
outputs = keras.layers.Dense(1, activation="sigmoid")(merged)
model = keras.Model(inputs=inputs, outputs=outputs)
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, y, epochs=2, batch_size=16)
"""

os.environ.setdefault("KERAS_BACKEND", "torch")
os.environ.setdefault("KERAS_HOME", tempfile.mkdtemp(prefix="netdesigner-keras-"))

# Keras 3 on NumPy 2 passes copy=False to torch tensors' __array__ (its own issue).
pytestmark = pytest.mark.filterwarnings(
    "ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning"
)


def _shape(design):
    """Nodes, edges and training: what a round trip keeps."""
    nodes = [(n.id, n.type, resolved_params(n), n.trainable) for n in design.nodes]
    return nodes, [(e.source, e.target) for e in design.edges], design.training


@pytest.mark.parametrize("source", [LENET, BRANCHES])
def test_import_export_import_gives_the_same_design(source, tmp_path):
    first = import_keras_code(source, "course.py", name="course")
    out = tmp_path / "course_keras.py"
    export_design(first, None, "keras", out)
    again, weights = import_model(out)
    assert weights == {}
    assert _shape(again) == _shape(first)
    assert resolved_dataset(again) == resolved_dataset(first)


def _run_isolated(script, *args, timeout=240):
    """Run ``script`` where importing netdesigner fails."""
    code = (
        "import sys, runpy; sys.modules['netdesigner'] = None; "
        f"sys.argv = [{str(script)!r}, *{list(args)!r}]; "
        f"runpy.run_path({str(script)!r}, run_name='__main__')"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["OMP_NUM_THREADS"] = "1"
    return subprocess.run(
        [sys.executable, "-I", "-c", code], cwd=script.parent, env=env,
        capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip


def test_pytorch_bundle_runs_without_netdesigner(case_factory, tmp_path):
    pytest.importorskip("torch")
    case = case_factory("07_spiral_three_classes")
    files = export_bundle(case.design, case.path, "pytorch", tmp_path / "bundle")
    names = sorted(f.name for f in files)
    assert names == ["07_spiral_three_classes.data.npz",
                     "07_spiral_three_classes.weights.npz",
                     "07_spiral_three_classes_torch.py", "README.md"]  # fmt: skip
    script = files[0]
    text = script.read_text("utf-8")
    assert "import netdesigner" not in text and "from netdesigner" not in text
    done = _run_isolated(script, "--epochs", "2")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "device: cpu, processes: 1"
    assert [line[:10] for line in lines[1:3]] == ["epoch 1/2:", "epoch 2/2:"]
    assert lines[-1].startswith("test accuracy: ")


def test_frozen_layers_need_their_weights_file(case_factory, tmp_path):
    pytest.importorskip("torch")
    case = case_factory("12_transfer_learning")
    files = export_bundle(case.design, case.path, "pytorch", tmp_path / "b", {})
    done = _run_isolated(files[0], "--epochs", "1", timeout=60)
    assert done.returncode == 1
    assert "frozen layers (conv_1, conv_2) start from them" in done.stderr
    assert "Traceback" not in done.stderr


def test_ddp_with_two_cpu_processes_matches_one(case_factory, tmp_path):
    pytest.importorskip("torch")
    case = case_factory("07_spiral_three_classes")
    case.design.dataset.update({"n_samples": 200})
    case.design.training.update({"batch_size": 20})
    out = tmp_path / "ddp_torch.py"
    export_design(case.design, case.path, "pytorch", out)
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    one = subprocess.run([sys.executable, str(out), "--epochs", "1"], env=env,
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    two = subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", "--standalone",
         "--nproc_per_node=2", str(out), "--ddp", "--epochs", "1"],
        env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert one.returncode == 0 and two.returncode == 0, two.stderr[-2000:]
    assert "processes: 2" in two.stdout

    def loss(text):
        line = next(x for x in text.splitlines() if x.startswith("epoch 1/1"))
        return float(line.split("loss ")[1].split(",")[0])

    assert loss(two.stdout) == pytest.approx(loss(one.stdout), abs=2e-3)


def test_keras_file_round_trip_brings_the_weights(case_factory, tmp_path):
    pytest.importorskip("h5py")
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != "torch":  # pragma: no cover
        pytest.skip("keras was imported with another backend")
    import importlib.util

    case = case_factory("11_lenet5_batchnorm_fashion")
    out = tmp_path / "lenet_keras.py"
    export_design(case.design, case.path, "keras", out)
    spec = importlib.util.spec_from_file_location("lenet_keras_rt", out)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build_model().save(tmp_path / "lenet.keras")
    design, weights = import_model(tmp_path / "lenet.keras")

    def norm(nodes):
        pairs = ("kernel_size", "strides", "pool_size")
        result = []
        for node_id, kind, params, trainable in nodes:
            params = {k: ([v, v] if k in pairs and isinstance(v, int) else v)
                      for k, v in params.items()}  # fmt: skip
            result.append((node_id, kind, params, trainable))
        return result

    assert norm(_shape(design)[0]) == norm(_shape(case.design)[0])
    from netdesigner.design.build import build_network

    network = build_network(design)
    network.set_weights(weights)
    np.testing.assert_allclose(network.predict(case.x), case.y, atol=1e-5)


def _assert_script_reaches_netdesigners_first_epoch(tmp_path, target: str) -> None:
    """Sample 12 exported to ``target``: one epoch of the script, from the trained
    frozen convolutions, is as good as one in NetDesigner (within 0.03)."""
    from pathlib import Path

    from netdesigner.design.io import load_design, load_weights, weights_path
    from netdesigner.design.session import TrainingSession

    sample = Path(__file__).resolve().parents[2] / "samples/12_transfer_learning.json"
    design = load_design(sample)
    frozen = {k: v for k, v in load_weights(weights_path(sample)).items()
              if k.split("/")[0] in ("conv_1", "conv_2")}  # fmt: skip
    session = TrainingSession(design, sample.parent, epochs=1)
    session.start_from(frozen, partial=True)
    for _ in session.events():
        pass
    ours = session.history["test_accuracy"][-1]
    out = tmp_path / f"transfer_{target}.py"
    export_design(design, sample, target, out)
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, str(out), "--epochs", "1"], env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    theirs = float(done.stdout.splitlines()[-1].split(": ")[1])
    assert theirs >= ours - 0.03


@pytest.mark.slow
def test_transfer_learning_script_reaches_netdesigners_first_epoch(tmp_path):
    """Sample 12: the frozen convolutions start from the trained weights, so one
    epoch of the PyTorch script is as good as one in NetDesigner (within 0.03)."""
    pytest.importorskip("torch")
    _assert_script_reaches_netdesigners_first_epoch(tmp_path, "pytorch")


def test_keras_bundle_runs_without_netdesigner(case_factory, tmp_path):
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != "torch":  # pragma: no cover
        pytest.skip("keras was imported with another backend")
    case = case_factory("07_spiral_three_classes")
    files = export_bundle(case.design, case.path, "keras", tmp_path / "bundle")
    names = sorted(f.name for f in files)
    assert names == ["07_spiral_three_classes.data.npz",
                     "07_spiral_three_classes.weights.npz",
                     "07_spiral_three_classes_keras.py", "README.md"]  # fmt: skip
    script = files[0]
    text = script.read_text("utf-8")
    assert "import netdesigner" not in text and "from netdesigner" not in text
    done = _run_isolated(script, "--epochs", "2")
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith("epoch")]
    assert [line.split(":")[0] for line in lines] == ["epoch 1", "epoch 2"]
    assert done.stdout.splitlines()[-1].startswith("test accuracy: ")


def test_a_bundle_standardises_each_colour_channel_as_netdesigner(
    case_factory, tmp_path
):
    """Sample 13 standardises each RGB channel: the bundle's script feeds the
    network what NetDesigner feeds it, without netdesigner."""
    pytest.importorskip("torch")
    import importlib.util

    from netdesigner.design.session_data import load_design_dataset

    case = case_factory("13_cifar10_cnn")
    files = export_bundle(case.design, case.path, "pytorch", tmp_path / "b", {})
    spec = importlib.util.spec_from_file_location("cifar_bundle", files[0])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (x_train, _), (x_test, y_test) = module.load_data()
    data = load_design_dataset(case.design.copy(), case.path.parent)
    np.testing.assert_allclose(x_test, data.transform(data.x_test), atol=1e-5)
    np.testing.assert_allclose(
        x_train[:50], data.transform(data.x_train[:50]), atol=1e-5
    )
    assert abs(float(x_train.mean())) < 0.05  # standardised, not only scaled
    assert "augment" in files[0].read_text("utf-8").split('"""')[1]


@pytest.mark.slow
def test_transfer_learning_keras_script_reaches_netdesigners_first_epoch(tmp_path):
    """Sample 12's Keras script: one epoch from the trained frozen convolutions is
    as good as one in NetDesigner (within 0.03)."""
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != "torch":  # pragma: no cover
        pytest.skip("keras was imported with another backend")
    _assert_script_reaches_netdesigners_first_epoch(tmp_path, "keras")
