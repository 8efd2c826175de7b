"""TrainingSession: data set, targets, network and trainer put together."""

from pathlib import Path

import numpy as np
import pytest

from netdesigner.design.errors import DesignError
from netdesigner.design.io import dumps_design, load_design
from netdesigner.design.model import Design, Edge, Node
from netdesigner.design.session import TrainingSession, data_extent
from netdesigner.engine.perceptron import PerceptronTrainer
from netdesigner.engine.trainer import Trainer

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


def dense_design(
    dataset, units=(4,), out_units=1, out_act="tanh", loss=None, **training
):
    nodes = [Node("input", "Input", {"shape": [2]})]
    for k, n in enumerate(units, start=1):
        nodes.append(Node(f"hidden_{k}", "Dense", {"units": n, "activation": "tanh"}))
    nodes.append(Node("output", "Dense", {"units": out_units, "activation": out_act}))
    edges = [Edge(a.id, b.id) for a, b in zip(nodes, nodes[1:], strict=False)]
    settings = {"epochs": 2, "batch_size": 10, "seed": 0, **training}
    if loss:
        settings["loss"] = loss
    return Design(nodes=nodes, edges=edges, dataset=dataset, training=settings)


def run(session):
    for _ in session.events():
        pass
    return session


def test_playground_session_uses_signed_targets_and_the_trainer():
    session = TrainingSession(load_design(SAMPLES / "05_playground_circle.json"))
    assert isinstance(session.trainer, Trainer)
    assert session.encoding.kind == "signed" and session.encoding.threshold == 0.0
    assert set(np.unique(session.trainer.data.t_train)) == {-1.0, 1.0}
    assert session.dataset.x_train.shape == (250, 2)
    assert session.batches_per_epoch == 25


def test_overrides_of_epochs_and_seed():
    design = load_design(SAMPLES / "05_playground_circle.json")
    session = run(TrainingSession(design, epochs=3, seed=7))
    assert session.history["epoch"] == [1, 2, 3]
    assert session.training["seed"] == 7
    assert design.training["epochs"] == 300  # the design itself is unchanged


@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_bad_epoch_override(bad):
    design = load_design(SAMPLES / "05_playground_circle.json")
    with pytest.raises(DesignError, match="epochs must be a whole number"):
        TrainingSession(design, epochs=bad)


def test_same_seed_same_numbers_bit_for_bit():
    design = load_design(SAMPLES / "07_spiral_three_classes.json")
    a = run(TrainingSession(design, epochs=2))
    b = run(TrainingSession(design.copy(), epochs=2))
    assert a.history["train_loss"] == b.history["train_loss"]
    for key, value in a.network.get_weights().items():
        np.testing.assert_array_equal(value, b.network.get_weights()[key])
    c = run(TrainingSession(design.copy(), epochs=2, seed=1))
    assert c.history["train_loss"] != a.history["train_loss"]


def test_standardisation_statistics_go_back_into_the_design():
    design = load_design(SAMPLES / "06_deep_spiral.json")
    design.dataset.pop("stats", None)
    session = TrainingSession(design)
    stats = design.dataset["stats"]
    assert set(stats) == {"mean", "std"} and len(stats["mean"]) == 2
    x = session.dataset.transform(session.dataset.x_train)
    np.testing.assert_allclose(x.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(x.std(axis=0), 1, atol=1e-4)
    assert '"stats"' in dumps_design(design)  # the schema accepts what we stored


def test_predict_applies_the_transform():
    design = load_design(SAMPLES / "06_deep_spiral.json")
    session = TrainingSession(design)
    raw = session.dataset.x_test[:5]
    expected = session.network.predict(session.dataset.transform(raw))
    np.testing.assert_array_equal(session.predict(raw), expected)
    assert session.predict_classes(raw).shape == (5,)


def test_decision_map_covers_the_points():
    session = run(
        TrainingSession(load_design(SAMPLES / "05_playground_circle.json"), epochs=1)
    )
    xs, ys, values = session.decision_map(resolution=30)
    assert xs.shape == ys.shape == (30,) and values.shape == (30, 30)
    (x0, x1), (y0, y1) = data_extent(session.dataset)
    points = np.concatenate([session.dataset.points_train, session.dataset.points_test])
    assert x0 < points[:, 0].min() and x1 > points[:, 0].max()
    assert xs[0] == pytest.approx(x0) and ys[-1] == pytest.approx(y1)
    # row i is ys[i]: the value at a grid point equals predicting that point
    direct = session.predict_points(np.array([[xs[3], ys[20]]]))
    assert values[20, 3] == pytest.approx(float(direct[0, 0]), abs=1e-6)


def test_decision_map_of_three_classes_has_one_layer_per_class():
    session = TrainingSession(load_design(SAMPLES / "07_spiral_three_classes.json"))
    _, _, values = session.decision_map(resolution=10)
    assert values.shape == (10, 10, 3)
    np.testing.assert_allclose(values.sum(axis=-1), 1, atol=1e-5)


def test_image_session():
    session = TrainingSession(load_design(SAMPLES / "09_fashion_mnist_mlp.json"))
    assert session.dataset.x_train.dtype == np.uint8
    assert session.encoding.kind == "index"
    out = session.predict(session.dataset.x_test[:3])
    assert out.shape == (3, 10)
    with pytest.raises(DesignError, match="needs a 2-D data set"):
        session.decision_map()


def test_perceptron_designs_use_the_perceptron_rule():
    session = run(TrainingSession(load_design(SAMPLES / "01_perceptron_and.json")))
    assert isinstance(session.trainer, PerceptronTrainer)
    assert session.evaluate()["test_accuracy"] == 1.0


def test_step_output_on_three_classes_is_refused():
    design = dense_design({"name": "blobs"}, units=(), out_units=3, out_act="step")
    with pytest.raises(DesignError, match="step activation learns only"):
        TrainingSession(design)


def test_hidden_step_layers_cannot_be_trained():
    design = dense_design({"name": "and_gate"}, units=(2,), out_act="step")
    with pytest.raises(DesignError, match="exactly one Dense layer"):
        TrainingSession(design)


def test_input_shape_must_fit_the_data_set():
    design = dense_design({"name": "circle", "features": ["x1", "x2", "x1^2"]})
    with pytest.raises(DesignError) as info:
        TrainingSession(design)
    assert "gives examples of shape (3,)" in str(info.value)
    assert "set the Input shape to [3]" in str(info.value)


def test_binary_crossentropy_sigmoid_and_evaluate():
    design = dense_design(
        {"name": "gauss"}, out_act="sigmoid", loss="binary_crossentropy", epochs=5
    )
    session = run(TrainingSession(design))
    assert session.encoding.kind == "zero_one"
    results = session.evaluate()
    assert set(results) == {
        "train_loss",
        "test_loss",
        "train_accuracy",
        "test_accuracy",
    }
    assert results["test_accuracy"] > 0.9
    # the same test loss as the trainer's last epoch (same fused computation)
    assert results["test_loss"] == pytest.approx(
        session.history["test_loss"][-1], rel=1e-5
    )


def test_regression_session_reports_rmse():
    design = dense_design(
        {"name": "plane"}, out_act="linear", loss="mean_squared_error"
    )
    session = run(TrainingSession(design))
    assert not session.is_classification
    assert {"train_rmse", "test_rmse", "train_r2", "test_r2"} <= set(session.evaluate())


def test_imported_csv_relative_to_the_design(tmp_path):
    rng = np.random.default_rng(0)
    points = rng.uniform(-1, 1, (40, 2))
    labels = (points[:, 0] > 0).astype(int)
    rows = ["x1,x2,label"] + [
        f"{a:.4f},{b:.4f},{c}" for (a, b), c in zip(points, labels, strict=True)
    ]
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "points.csv").write_text("\n".join(rows) + "\n")
    design = dense_design(
        {"path": "data/points.csv", "train_ratio": 0.5},
        out_act="sigmoid",
        loss="binary_crossentropy",
    )
    session = run(TrainingSession(design, base_dir=tmp_path))
    assert session.dataset.x_train.shape == (20, 2)
    assert len(session.history["epoch"]) == 2


def test_keras_schedule_names_are_translated():
    design = load_design(SAMPLES / "05_playground_circle.json")
    design.training["lr_schedule"] = {
        "type": "exponential_decay",
        "decay_steps": 1,
        "decay_rate": 0.5,
    }
    session = run(TrainingSession(design, epochs=3))
    assert session.history["learning_rate"] == pytest.approx([0.03, 0.015, 0.0075])


def test_piecewise_schedule_sets_absolute_rates_per_epoch():
    design = load_design(SAMPLES / "05_playground_circle.json")
    design.training["lr_schedule"] = {
        "type": "piecewise_constant_decay",
        "boundaries": [2],
        "values": [0.1, 0.01],
    }
    session = run(TrainingSession(design, epochs=4))
    # tf.keras semantics: values[0] while the epoch index is <= boundaries[0]
    assert session.history["learning_rate"] == pytest.approx([0.1, 0.1, 0.1, 0.01])


def test_unknown_schedule_is_a_sentence():
    design = load_design(SAMPLES / "05_playground_circle.json")
    design.training["lr_schedule"] = {"type": "sawtooth"}
    with pytest.raises(DesignError, match="schedule 'sawtooth' is unknown; use one of"):
        TrainingSession(design)


def test_nodes_and_edges_alone_train_with_defaults():
    design = Design(
        nodes=[Node("input", "Input", {"shape": [2]}),
               Node("output", "Dense", {"units": 1, "activation": "sigmoid"})],
        edges=[Edge("input", "output")],
    )  # fmt: skip
    session = run(TrainingSession(design))
    assert session.dataset.info.name == "circle"
    assert session.training["loss"] == "binary_crossentropy"
    assert session.history["epoch"] == list(range(1, 11))
    assert np.isfinite(session.evaluate()["test_loss"])
