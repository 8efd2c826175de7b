"""The data-set registry, the common settings and the public API."""

import numpy as np
import pytest

from netdesigner.data import (
    DATASETS,
    DataError,
    dataset_info,
    list_datasets,
    load_dataset,
    signed_labels,
)
from netdesigner.data.registry import register_source

TWO_D = [
    "circle",
    "xor",
    "gauss",
    "spiral",
    "plane",
    "multi_gauss",
    "moons",
    "blobs",
    "checkerboard",
    "linear",
    "and_gate",
    "or_gate",
    "xor_gate",
]


def test_names_are_architectures_list_playground_first():
    names = [info.name for info in list_datasets()]
    images = ["fashion_mnist", "mnist", "digits", "cifar10"]
    assert names == TWO_D + images + ["products"]
    assert len({info: info.name for info in list_datasets()}) == len(names)  # hashable


@pytest.mark.parametrize("name", TWO_D)
def test_every_two_d_set_loads_as_its_info_says(name):
    info = dataset_info(name)
    ds = load_dataset(name, seed=1)
    assert ds.info.name == name and info.kind == "2d" and info.input_shape == (2,)
    assert ds.n_train + (0 if info.fixed_split else ds.n_test) == info.default_n_samples
    if info.task == "classification":
        assert ds.y_train.dtype == np.int64 and ds.y_train.max() < info.n_classes
        assert len(info.class_names) == info.n_classes >= 2
    else:
        assert ds.y_train.dtype == np.float32 and info.n_classes == 0
    assert info.description and info.noise_effect
    assert ds.settings["name"] == name and ds.settings["features"] == ["x1", "x2"]


def test_settings_record_reproduces_the_set():
    ds = load_dataset("blobs", n_classes=4, noise=10, seed=3, train_ratio=0.3)
    again = load_dataset(**ds.settings)
    np.testing.assert_array_equal(ds.x_train, again.x_train)
    assert again.n_train == 150


def test_duplicate_name_is_refused():
    with pytest.raises(DataError, match="registered twice"):
        register_source(DATASETS.get("circle"))


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(DataError, match="unknown data set 'circles'.*circle"):
        load_dataset("circles")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"noise": 60}, "noise"),
        ({"noise": -1}, "noise"),
        ({"n_samples": 0}, "n_samples"),
        ({"n_samples": 2.5}, "n_samples"),
        ({"train_ratio": 1}, "train_ratio"),
        ({"train_ratio": 0}, "train_ratio"),
        ({"seed": -1}, "seed"),
        ({"seed": True}, "seed"),
        ({"n_samples": 1}, "empty"),
        ({"bogus": 1}, "no option 'bogus'"),
    ],
)
def test_bad_settings_raise_one_sentence(kwargs, match):
    with pytest.raises(DataError, match=match):
        load_dataset("circle", **kwargs)


def test_train_ratio_floors_like_playground():
    assert load_dataset("circle", train_ratio=0.3).n_train == 150
    assert load_dataset("circle", n_samples=100, train_ratio=0.29).n_train == 29


def test_signed_labels_refuse_multi_class():
    with pytest.raises(DataError, match="two classes"):
        load_dataset("blobs").signed_labels(np.array([0, 1, 2]))
    np.testing.assert_array_equal(signed_labels(np.array([0, 1])), [-1.0, 1.0])
