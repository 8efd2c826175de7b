"""The colour-image lesson (samples/13_cifar10_cnn.json) keeps its promise."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from netdesigner.design.io import load_design
from netdesigner.design.session import TrainingSession

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "13_cifar10_cnn.json"


def test_the_description_promises_what_the_test_checks():
    design = load_design(SAMPLE)
    assert re.findall(r"(\d+)%", design.description) == ["55", "10"]
    assert design.dataset["name"] == "cifar10" and design.dataset["standardize"]
    assert design.dataset["augment"]["horizontal_flip"]


@pytest.mark.slow
def test_cifar10_cnn_reaches_55_percent_in_its_8_epochs():
    """About a minute of training on two cores, the slowest sample (measured 0.59).
    Chance among the ten classes is 10%; the mean colour image of each class gives
    28%; labels shuffled against their photos would stay near 10%."""
    session = TrainingSession(load_design(SAMPLE))
    for _ in session.events():
        pass
    assert session.dataset.input_shape == (32, 32, 3)
    assert session.history["epoch"][-1] == 8
    assert session.evaluate()["test_accuracy"] >= 0.55
