"""The command line as a student runs it: the console script in a subprocess."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from netdesigner.design.build import build_network, load_design_weights
from netdesigner.design.io import load_design

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

BUILT_IN = (
    "circle xor gauss spiral plane multi_gauss moons blobs checkerboard linear "
    "and_gate or_gate xor_gate fashion_mnist mnist digits"
).split()


def write_bad_lenet(path):
    """LeNet-5 without its Flatten: Dense fed a 5×5×16 tensor."""
    data = json.loads((SAMPLES / "10_lenet5_mnist.json").read_text())
    data["nodes"] = [n for n in data["nodes"] if n["id"] != "flatten"]
    data["edges"] = [e for e in data["edges"] if "flatten" not in e.values()]
    data["edges"].append({"from": "pool_2", "to": "dense_1"})
    path.write_text(json.dumps(data))
    return path


def test_validate_good_files(cli):
    files = [SAMPLES / "01_perceptron_and.json", SAMPLES / "10_lenet5_mnist.json"]
    result = cli("validate", *files)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": valid") == 2
    assert result.stderr == ""


def test_validate_reports_each_problem_with_node_and_fix(cli, tmp_path):
    bad = write_bad_lenet(tmp_path / "bad.json")
    result = cli("validate", SAMPLES / "01_perceptron_and.json", bad)
    assert result.returncode == 1
    assert "01_perceptron_and.json: valid" in result.stdout
    line = result.stderr.strip().splitlines()[0]
    assert line.startswith(f"{bad}: dense_1: ")
    assert "Flatten" in line and "; fix: " in line
    assert "Traceback" not in result.stderr


def test_validate_checks_a_data_file_beside_the_design(cli, tmp_path):
    data = json.loads((SAMPLES / "05_playground_circle.json").read_text())
    data["dataset"] = {"path": "three.csv"}
    rows = [f"{i % 5},{i % 7},{i % 3}" for i in range(30)]
    (tmp_path / "three.csv").write_text("x1,x2,label\n" + "\n".join(rows) + "\n")
    design = tmp_path / "mine.json"
    design.write_text(json.dumps(data))
    result = cli("validate", design)
    assert result.returncode == 1
    assert "has 1 unit, but 'three.csv' has 3 classes" in result.stderr


def test_train_writes_design_weights_and_metrics(cli, tmp_path, sample_copy):
    source = sample_copy("05_playground_circle", epochs=300)
    result = cli(
        "train",
        source,
        "--epochs",
        "3",
        "--out",
        "trained.json",
        "--metrics-json",
        "m.json",
    )
    assert result.returncode == 0, result.stderr
    assert "epoch 3/3" in result.stderr and "wrote trained.json" in result.stderr
    metrics = json.loads((tmp_path / "m.json").read_text())
    for key in ("epochs", "train_loss", "test_loss", "train_accuracy", "test_accuracy"):
        assert key in metrics
    assert metrics["epochs"] == 3 and len(metrics["history"]["train_loss"]) == 3
    assert 0 <= metrics["test_accuracy"] <= 1
    trained = load_design(tmp_path / "trained.json")
    assert trained.training["epochs"] == 300  # the design's own setting is kept
    network = build_network(trained)
    load_design_weights(network, tmp_path / "trained.json")  # keys and shapes fit
    with np.load(tmp_path / "trained.weights.npz", allow_pickle=False) as weights:
        assert sorted(weights.files) == sorted(network.get_weights())


def test_train_quietly_in_place(cli, tmp_path, sample_copy):
    source = sample_copy("01_perceptron_and")
    result = cli("train", source, "--quiet")
    assert result.returncode == 0 and result.stderr == ""
    assert (tmp_path / "01_perceptron_and.weights.npz").is_file()


def test_train_refuses_a_graph_problem_in_one_sentence(cli, tmp_path, one_sentence):
    bad = write_bad_lenet(tmp_path / "bad.json")
    result = cli("train", bad)
    one_sentence(result, "dense_1", "Flatten")
    assert result.returncode == 1
    assert not (tmp_path / "bad.weights.npz").exists()


def test_divergence_saves_nothing(cli, tmp_path, one_sentence):
    data = json.loads((SAMPLES / "05_playground_circle.json").read_text())
    data["dataset"] = {"name": "plane", "seed": 0}
    for node in data["nodes"][1:]:
        node["params"]["activation"] = "linear"
    data["training"].update(optimizer={"type": "sgd", "learning_rate": 1000}, epochs=3)
    (tmp_path / "wild.json").write_text(json.dumps(data))
    result = cli("train", "wild.json", "--metrics-json", "m.json")
    line = one_sentence(result, "nothing was saved")
    assert "learning rate" in line
    assert not (tmp_path / "wild.weights.npz").exists()
    assert not (tmp_path / "m.json").exists()


def test_predict_writes_the_network_output(cli, tmp_path, sample_copy):
    source = sample_copy("05_playground_circle")
    assert cli("train", source, "--epochs", "2", "--quiet").returncode == 0
    x = np.array([[0.0, 0.0], [4.0, -4.0], [1.0, 2.0]], dtype=np.float32)
    np.save(tmp_path / "x.npy", x)
    result = cli("predict", source, "--input", "x.npy", "--output", "y.npy")
    assert result.returncode == 0, result.stderr
    y = np.load(tmp_path / "y.npy", allow_pickle=False)
    network = build_network(load_design(source))
    load_design_weights(network, source)
    assert y.shape == (3, 1) and y.dtype == np.float32
    np.testing.assert_allclose(y, network.predict(x), rtol=1e-6)


@pytest.mark.parametrize(
    ("array", "fragments"),
    [
        (np.zeros((4, 3), np.float32), ["takes examples of shape (2,)", "(3,)"]),
        (np.zeros(2, np.float32), ["one example of shape (2,)", "x[None]"]),
        (np.array(["a", "b"]), ["expected numbers"]),
    ],
)
def test_predict_input_problems(
    cli, tmp_path, array, fragments, one_sentence, sample_copy
):
    source = sample_copy("05_playground_circle")
    assert cli("train", source, "--epochs", "1", "--quiet").returncode == 0
    np.save(tmp_path / "x.npy", array)
    result = cli("predict", source, "--input", "x.npy", "--output", "y.npy")
    one_sentence(result, "x.npy: ", *fragments)
    assert not (tmp_path / "y.npy").exists()


def test_predict_without_weights(cli, tmp_path, one_sentence, sample_copy):
    source = sample_copy("05_playground_circle")
    np.save(tmp_path / "x.npy", np.zeros((1, 2), np.float32))
    result = cli("predict", source, "--input", "x.npy", "--output", "y.npy")
    one_sentence(result, "05_playground_circle.weights.npz", "train")


def test_datasets_lists_every_built_in_set(cli):
    result = cli("datasets")
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[2:]}
    assert set(BUILT_IN) <= set(rows)
    assert "(28, 28, 1)" in rows["mnist"] and " 10 " in rows["mnist"]
    assert "(32, 32, 3)" in rows["cifar10"] and " 10 " in rows["cifar10"]
    assert "(2,)" in rows["circle"] and "regression" in rows["plane"]


NOT_JSON = "{ this is not json"
SCHEMA = json.dumps(
    {
        "format": "netdesigner.design",
        "version": 1,
        "nodes": [{"id": "a", "type": "Dense", "params": {"units": -3}}],
        "edges": [],
    }
)


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        (None, ["no such file"]),
        (NOT_JSON, ["design.json"]),
        (SCHEMA, ["nodes[0].params.units"]),
        (json.dumps({"format": "netdesigner.design", "version": 99}), ["newer"]),
    ],
)
@pytest.mark.parametrize("command", ["validate", "train"])
def test_file_problems_are_one_sentence(
    cli, tmp_path, content, fragments, command, one_sentence
):
    if content is not None:
        (tmp_path / "design.json").write_text(content)
    result = cli(command, "design.json")
    one_sentence(result, "design.json", *fragments)
    assert result.returncode == 1


def test_bad_arguments_are_one_sentence(cli, one_sentence):
    result = cli("train", "x.json", "--epochs", "zero")
    one_sentence(result, "--epochs", "whole number", "netdesigner train --help")
    assert result.returncode == 2


def test_gui_with_a_missing_file(cli, one_sentence):
    result = cli("missing.json")
    one_sentence(result, "missing.json", "no such file")


def test_export_writes_a_keras_script(cli, tmp_path, sample_copy):
    source = sample_copy("04_xor_hidden_layer")
    result = cli("export", source, "--to", "keras", "-o", "xor_keras.py")
    assert result.returncode == 0, result.stderr
    code = (tmp_path / "xor_keras.py").read_text(encoding="utf-8")
    compile(code, "xor_keras.py", "exec")
    assert "def build_model" in code


def test_export_to_a_missing_folder_is_one_sentence(cli, sample_copy, one_sentence):
    source = sample_copy("04_xor_hidden_layer")
    result = cli("export", source, "--to", "svg", "-o", "no/such/folder/x.svg")
    one_sentence(result, "no/such/folder")


def test_out_in_another_folder_keeps_the_data_file_reachable(
    cli, tmp_path, one_sentence
):
    rng = np.random.default_rng(1)
    points = rng.uniform(-1, 1, (40, 2))
    rows = ["x1,x2,label"] + [f"{a:.4f},{b:.4f},{int(a > b)}" for a, b in points]
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "points.csv").write_text("\n".join(rows) + "\n")
    data = json.loads((SAMPLES / "04_xor_hidden_layer.json").read_text())
    data["dataset"] = {"path": "data/points.csv", "train_ratio": 0.5}
    data["training"]["epochs"] = 2
    (tmp_path / "lesson.json").write_text(json.dumps(data))
    out = "runs/first/lesson.json"
    one_sentence(cli("train", "lesson.json", "--out", out), "runs/first", "create it")
    (tmp_path / "runs" / "first").mkdir(parents=True)
    result = cli("train", "lesson.json", "--out", out, "--quiet")
    assert result.returncode == 0, result.stderr
    trained = load_design(tmp_path / "runs" / "first" / "lesson.json")
    assert trained.dataset["path"] == "../../data/points.csv"
    again = cli("train", "runs/first/lesson.json", "--quiet")
    assert again.returncode == 0, again.stderr


def test_train_continues_from_the_weights_of_a_frozen_design(cli, tmp_path):
    """A design that freezes layers starts from NAME.weights.npz (transfer learning)."""
    for suffix in (".json", ".weights.npz"):
        shutil.copy(SAMPLES / f"12_transfer_learning{suffix}", tmp_path / f"tl{suffix}")
    result = cli("train", "tl.json", "--epochs", "1", "--out", "out.json", "--quiet")
    assert result.returncode == 0, result.stderr
    before, after = (
        np.load(tmp_path / "tl.weights.npz"),
        np.load(tmp_path / "out.weights.npz"),
    )
    assert np.array_equal(before["conv_2/kernel"], after["conv_2/kernel"])
    assert not np.array_equal(before["output/kernel"], after["output/kernel"])


def test_continue_without_weights_is_one_sentence(cli, tmp_path, one_sentence):
    shutil.copy(SAMPLES / "05_playground_circle.json", tmp_path / "c.json")
    result = cli("train", "c.json", "--continue")
    assert result.returncode == 1
    one_sentence(result, "c.weights.npz", "no trained weights", "--continue")
