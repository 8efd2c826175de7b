"""Collapse detection: the spiral at learning rate 10 dies without any NaN."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from netdesigner.design.model import Design, Edge, Node
from netdesigner.live.collapse import CollapseWatch
from netdesigner.live.frames import RunState
from netdesigner.live.run import LiveRun


def deep_spiral(lr: float, epochs: int = 6) -> Design:
    """Sample 06's network (four ReLU layers of 16, a sigmoid) at rate ``lr``."""
    nodes = [Node("input", "Input", {"shape": [2]}, (0, 0))]
    edges, before = [], "input"
    for i in range(1, 5):
        nodes.append(Node(f"dense_{i}", "Dense", {"units": 16, "activation": "relu"}))
        edges.append(Edge(before, f"dense_{i}"))
        before = f"dense_{i}"
    nodes.append(Node("output", "Dense", {"units": 1, "activation": "sigmoid"}))
    edges.append(Edge(before, "output"))
    return Design(
        name="spiral",
        nodes=nodes,
        edges=edges,
        dataset={"name": "spiral", "n_samples": 500, "standardize": True, "seed": 0},
        training={
            "loss": "binary_crossentropy",
            "optimizer": {"type": "adam", "learning_rate": lr},
            "batch_size": 16,
            "epochs": epochs,
            "seed": 0,
        },
    )


def play(reaction: str, lr: float) -> tuple[LiveRun, list]:
    statuses: list = []
    run = LiveRun(on_frame=lambda f: None, on_status=statuses.append, rate_hz=1e6)
    run.command("speed", {"collapse": reaction})
    run.command("load", {"design": deep_spiral(lr)})
    run.command("play")
    run.train_while_running()
    return run, statuses


def test_the_spiral_at_rate_10_pauses_with_a_sentence_pointing_to_the_layers_tab():
    run, statuses = play("pause", 10.0)
    status = run.status
    assert status.state is RunState.PAUSED and status.alert
    assert run.log.epoch < 6  # it did not run on to the epoch limit
    assert "Training collapsed at epoch" in status.message
    assert "every ReLU unit of 'dense_" in status.message
    assert "learning rate 10 times smaller" in status.message
    assert "Layers tab" in status.message
    run.command("play")  # told once: Play goes on to the limit
    assert run.train_while_running().state is RunState.FINISHED


def test_warn_goes_on_and_off_says_nothing():
    run, statuses = play("warn", 10.0)
    assert run.status.state is RunState.FINISHED
    alerts = [s for s in statuses if s.alert]
    assert len(alerts) == 1 and alerts[0].state is RunState.RUNNING
    run, statuses = play("off", 10.0)
    assert run.status.message == "Reached the epoch limit (6 epochs)."
    assert not any(s.alert for s in statuses)


def test_a_healthy_spiral_is_not_called_collapsed():
    run, statuses = play("pause", 0.005)
    assert run.status.state is RunState.FINISHED
    assert not any(s.alert for s in statuses)


def watch_over(history: dict, labels) -> CollapseWatch:
    """A watch over a session whose trainer reports ``history`` (no dead units)."""
    net = SimpleNamespace(dtype=np.float32, layers={}, order=[], input_id="input")
    net.forward_all = lambda x: {"input": x}
    trainer = SimpleNamespace(history=history, epoch=len(history["train_loss"]))
    ds = SimpleNamespace(
        x_train=np.zeros((4, 2)),
        y_train=np.asarray(labels),
        transform=lambda x: x,
        info=SimpleNamespace(task="classification"),
    )
    return CollapseWatch(SimpleNamespace(network=net, trainer=trainer, dataset=ds))


def test_accuracy_falling_back_to_chance_is_a_collapse():
    acc = [0.6, 0.9, 0.95, 0.52, 0.5, 0.49]
    history = {"train_loss": [0.5] * 6, "train_accuracy": acc}
    message = watch_over(history, [0, 1, 0, 1]).check()
    assert message is not None and "fell from 95% to 49%" in message
    assert "chance (50%" in message
    never_learnt = {"train_loss": [0.7] * 6, "train_accuracy": [0.5] * 6}
    assert watch_over(never_learnt, [0, 1, 0, 1]).check() is None


def test_a_loss_growing_a_hundredfold_is_a_collapse():
    history = {"train_loss": [1.0, 0.5, 80.0], "train_accuracy": [0.9] * 3}
    message = watch_over(history, [0, 1]).check()
    assert message is not None and "grew from 0.5 to 80" in message
    history["train_loss"][-1] = 40.0  # 80 times: not yet
    assert watch_over(history, [0, 1]).check() is None
    # a tiny loss raised by a new L2 penalty: 100 times the lowest, below the first
    regularised = {"train_loss": [0.3, 0.001, 0.15], "train_accuracy": [1.0] * 3}
    assert watch_over(regularised, [0, 1]).check() is None


def test_an_unknown_reaction_is_refused():
    run = LiveRun()
    run.command("speed", {"collapse": "panic"})
    assert run.status.state is RunState.ERROR
    assert "expected a collapse reaction among pause, warn, off" in run.status.message


@pytest.mark.parametrize("labels", [[0, 0, 0, 1], [[1, 0], [1, 0], [1, 0], [0, 1]]])
def test_chance_is_the_most_common_class(labels):
    acc = [0.9, 0.95, 0.76, 0.75, 0.75]
    history = {"train_loss": [0.5] * 5, "train_accuracy": acc}
    message = watch_over(history, labels).check()
    assert message is not None and "chance (75%" in message


def test_a_loss_raised_by_a_new_setting_is_compared_from_then_on():
    """The loss a new L2 penalty raises tenfold over the first epoch's is no
    explosion: losses are compared from the change of setting on."""
    history = {"train_loss": [0.01, 0.0005], "train_accuracy": [1.0] * 2}
    watch = watch_over(history, [0, 1])
    watch.settings_changed()
    history["train_loss"] += [0.13, 0.12]
    assert watch.check() is None
    history["train_loss"] += [20.0]  # a real explosion after the change still counts
    message = watch.check()
    assert message is not None and "grew from 0.12 to 20" in message
    unaware = watch_over({"train_loss": [0.01, 0.0005, 0.13]}, [0, 1])
    assert unaware.check() is not None  # without the change, it looks like one


def test_the_run_tells_the_watch_about_a_new_regularisation():
    run, _ = play("pause", lr=0.01)
    watch = run._collapse
    assert watch is not None
    run.command("hyper", {"regularizers": {"dense_1": {"l2": 0.01}}})
    assert watch._since == len(run.session.trainer.history["train_loss"]) > 0


def test_a_converged_run_that_a_larger_step_makes_wobble_has_not_exploded():
    """0.0004 to 0.05 is a hundredfold, but still far better than the untrained
    network's first epoch (0.3): no collapse."""
    history = {"train_loss": [0.3, 0.01, 0.0004], "train_accuracy": [1.0] * 3}
    watch = watch_over(history, [0, 1])
    watch.settings_changed()  # the learning rate goes up
    history["train_loss"] += [0.0004, 0.05]
    assert watch.check() is None
    history["train_loss"] += [0.6]  # worse than untrained: that is an explosion
    assert watch.check() is not None
