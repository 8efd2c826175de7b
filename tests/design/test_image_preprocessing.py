"""A design's image preprocessing: per-channel standardisation and augmentation
reach training, repeatably for a seed, and the schema accepts them."""

from __future__ import annotations

import json

import pytest
from design_helpers import chain, node

from netdesigner.design.errors import DesignFileError
from netdesigner.design.io import dumps_design, loads_design
from netdesigner.design.session import TrainingSession
from netdesigner.design.validation import validate


def colour_cnn(**dataset) -> object:
    return chain(
        node("input", "Input", shape=[32, 32, 3]),
        node("conv_1", "Conv2D", filters=4, kernel_size=3, activation="relu"),
        node("pool_1", "MaxPooling2D", pool_size=4),
        node("flatten", "Flatten"),
        node("output", "Dense", units=10, activation="softmax"),
        dataset={"name": "cifar10", "n_samples": 120, **dataset},
        training={"loss": "sparse_categorical_crossentropy", "epochs": 2,
                  "batch_size": 20, "seed": 4},
    )  # fmt: skip


def history(design) -> list[float]:
    session = TrainingSession(design)
    for _ in session.events():
        pass
    return session.history["train_loss"]


AUGMENT = {"horizontal_flip": True, "shift": 2}


def test_augmentation_is_repeatable_for_a_seed_and_changes_training():
    augmented = history(colour_cnn(augment=AUGMENT))
    assert history(colour_cnn(augment=AUGMENT)) == augmented
    assert history(colour_cnn()) != augmented


def test_standardize_reaches_the_network_and_the_design_keeps_the_statistics():
    design = colour_cnn(standardize=True)
    session = TrainingSession(design)
    x = session.dataset.transform(session.dataset.x_train)
    assert abs(float(x.mean())) < 0.01 and abs(float(x.std()) - 1) < 0.01
    assert len(design.dataset["stats"]["mean"]) == 3


@pytest.mark.parametrize(
    ("dataset", "ok"),
    [
        ({"augment": AUGMENT, "standardize": True}, True),
        ({"augment": None}, True),
        ({"augment": {"shift": 20}}, False),
        ({"augment": {"rotate": 10}}, False),
    ],
)
def test_the_file_format_accepts_the_preprocessing_options(dataset, ok):
    text = dumps_design(colour_cnn())
    text = text.replace('"name": "cifar10"', '"name": "cifar10", ' + _json(dataset), 1)
    if ok:
        design = loads_design(text)
        assert validate(design) == []
        assert design.dataset.get("augment") == dataset.get("augment")
    else:
        with pytest.raises(DesignFileError, match="augment|shift|rotate"):
            loads_design(text)


def _json(dataset: dict) -> str:
    return json.dumps(dataset)[1:-1]
