"""Rosenblatt's perceptron rule: AND and OR converge, XOR never does."""

import numpy as np
import pytest

from netdesigner.engine import (
    BatchEvent,
    EarlyStopEvent,
    EngineError,
    EpochEvent,
    Network,
    NodeSpec,
    PerceptronTrainer,
)

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
GATES = {"and": [0, 0, 0, 1], "or": [0, 1, 1, 1], "xor": [0, 1, 1, 0]}


def neuron(seed=0, activation="step", units=1):
    nodes = [
        NodeSpec("in", "Input", {"shape": [2]}),
        NodeSpec("n", "Dense", {"units": units, "activation": activation}),
    ]
    return Network(nodes, [("in", "n")], rng=np.random.default_rng(seed))


@pytest.mark.parametrize("gate", ["and", "or"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_linearly_separable_gates_converge(gate, seed):
    net = neuron(seed)
    tr = PerceptronTrainer(
        net,
        X,
        GATES[gate],
        epochs=100,
        learning_rate=0.5,
        rng=np.random.default_rng(seed),
    )
    events = list(tr.events())
    assert isinstance(events[-1], EarlyStopEvent) and "converged" in events[-1].message
    assert tr.history["train_accuracy"][-1] == 1.0
    assert np.array_equal(net.predict(X)[:, 0], GATES[gate])


def test_xor_never_converges():
    tr = PerceptronTrainer(
        neuron(), X, GATES["xor"], epochs=300, rng=np.random.default_rng(0)
    )
    events = list(tr.events())
    assert not any(isinstance(e, EarlyStopEvent) for e in events)
    assert len(tr.history["train_accuracy"]) == 300
    assert max(tr.history["train_accuracy"]) < 1.0
    assert min(tr.history["train_loss"]) > 0


def test_rule_by_hand_and_event_interface():
    net = neuron()
    net.set_weights({"n/kernel": np.zeros((2, 1)), "n/bias": np.zeros(1)})
    tr = PerceptronTrainer(
        net,
        X,
        GATES["and"],
        epochs=5,
        learning_rate=1.0,
        shuffle=False,
        stop_when_converged=False,
    )
    # sample (0, 0), target 0: z = 0 -> y = 1, error -1: w stays 0, b = -1
    assert [type(e) for e in tr.step_batch()] == [BatchEvent]
    assert net.get_weights()["n/bias"].tolist() == [-1.0]
    tr.step_batch()
    tr.step_batch()
    # sample (1, 1), target 1: z = -1 -> y = 0, error 1: w = (1, 1), b = 0
    events = tr.step_batch()
    assert [type(e) for e in events] == [BatchEvent, EpochEvent]
    assert net.get_weights()["n/kernel"][:, 0].tolist() == [1.0, 1.0]
    assert [type(e) for e in tr.step_epoch()] == [BatchEvent] * 4 + [EpochEvent]


def test_only_a_single_step_neuron():
    with pytest.raises(EngineError, match="units=1 and activation 'step'"):
        PerceptronTrainer(neuron(activation="sigmoid"), X, GATES["and"])
    with pytest.raises(EngineError, match="0/1 target"):
        PerceptronTrainer(neuron(), X, [0, 2, 1, 1])


def test_step_back_and_settings():
    net = neuron(1)
    tr = PerceptronTrainer(
        net, X, GATES["xor"], epochs=10, rng=np.random.default_rng(0)
    )
    tr.step_epoch()
    after_one = net.get_weights()
    second = tr.step_epoch()
    tr.step_batch()
    assert tr.step_back() == 2  # mid-epoch: back to the end of epoch 2
    assert tr.step_back() == 1
    assert all(np.array_equal(v, after_one[k]) for k, v in net.get_weights().items())
    assert [e.loss for e in tr.step_epoch()[:-1]] == [e.loss for e in second[:-1]]
    tr.set_learning_rate(0.25)
    assert tr.step_batch()[0].learning_rate == 0.25
    with pytest.raises(EngineError, match="no weight penalty"):
        tr.set_regularization(l2=0.1)
