"""Importing CIFAR-10/100 binary batches and image folders, written here in the
official layouts: shapes, labels, classes, metadata before loading, one sentence for
anything malformed."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from netdesigner.data import DataError, load_file
from netdesigner.data.files import file_info


def planar(n: int, seed: int) -> np.ndarray:
    """``n`` RGB images ``(n, 32, 32, 3)`` whose channels differ."""
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 256, size=(n, 32, 32, 3), dtype=np.uint8)
    x[:, 0, 0] = [10, 20, 30]  # the top-left pixel: red 10, green 20, blue 30
    return x


def records(x: np.ndarray, *labels: np.ndarray) -> bytes:
    """The official record layout: label byte(s), then R, G, B planes of 32x32."""
    planes = x.transpose(0, 3, 1, 2).reshape(len(x), -1)
    columns = [np.asarray(lab, dtype=np.uint8)[:, None] for lab in labels]
    return np.hstack([*columns, planes]).tobytes()


def cifar10_folder(tmp_path: Path) -> tuple[Path, np.ndarray, np.ndarray]:
    folder = tmp_path / "cifar-10-batches-bin"
    folder.mkdir()
    x, y = planar(30, 1), np.arange(30) % 10
    (folder / "data_batch_1.bin").write_bytes(records(x[:12], y[:12]))
    (folder / "data_batch_2.bin").write_bytes(records(x[12:24], y[12:24]))
    (folder / "test_batch.bin").write_bytes(records(x[24:], y[24:]))
    names = "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n"
    (folder / "batches.meta.txt").write_text(names + "\n")
    return folder, x, y


def test_a_cifar10_folder_gives_rgb_images_labels_and_its_test_batch(tmp_path):
    folder, x, y = cifar10_folder(tmp_path)
    info = file_info(folder)
    assert info.input_shape == (32, 32, 3) and info.default_n_samples == 30
    assert info.n_classes == 10 and info.class_names[0] == "airplane"
    ds = load_file(folder)
    assert ds.x_train.shape == (24, 32, 32, 3) and ds.x_train.dtype == np.uint8
    np.testing.assert_array_equal(ds.x_train, x[:24])  # planar -> channels-last
    np.testing.assert_array_equal(ds.x_train[:, 0, 0], [[10, 20, 30]] * 24)
    np.testing.assert_array_equal(ds.y_train, y[:24])
    np.testing.assert_array_equal(ds.x_test, x[24:])
    assert ds.input_shape == (32, 32, 3) and ds.info.class_names[9] == "truck"


def test_one_cifar10_batch_file_gzipped_is_split_by_ratio(tmp_path):
    x, y = planar(20, 2), np.arange(20) % 10
    path = tmp_path / "data_batch_3.bin.gz"
    path.write_bytes(gzip.compress(records(x, y)))
    assert file_info(path).default_n_samples == 20
    ds = load_file(path, train_ratio=0.5)
    assert ds.n_train == 10 and ds.n_test == 10 and ds.x_train.shape[1:] == (32, 32, 3)


@pytest.mark.parametrize(
    ("mode", "classes"), [(None, 100), ("fine", 100), ("coarse", 20)]
)
def test_cifar100_gives_fine_or_coarse_labels(tmp_path, mode, classes):
    folder = tmp_path / "cifar-100-binary"
    folder.mkdir()
    x = planar(250, 3)
    fine = np.arange(250) % 100
    coarse = fine // 5
    (folder / "train.bin").write_bytes(records(x[:200], coarse[:200], fine[:200]))
    (folder / "test.bin").write_bytes(records(x[200:], coarse[200:], fine[200:]))
    (folder / "coarse_label_names.txt").write_text(
        "\n".join(f"super{i}" for i in range(20))
    )
    options = {} if mode is None else {"label_mode": mode}
    info = file_info(folder, **options)
    assert info.n_classes == classes and info.input_shape == (32, 32, 3)
    ds = load_file(folder, **options)
    expected = coarse if mode == "coarse" else fine
    np.testing.assert_array_equal(ds.y_train, expected[:200])
    np.testing.assert_array_equal(ds.y_test, expected[200:])
    np.testing.assert_array_equal(ds.x_train, x[:200])
    if mode == "coarse":
        assert ds.info.class_names[3] == "super3"


def test_a_record_count_that_is_not_whole_is_one_sentence(tmp_path):
    path = tmp_path / "data_batch_1.bin"
    path.write_bytes(records(planar(3, 4), np.arange(3))[:-100])
    for read in (file_info, load_file):
        with pytest.raises(DataError, match="not a whole number of CIFAR-10 records"):
            read(path)


def test_coarse_labels_are_refused_for_cifar10(tmp_path):
    folder, _, _ = cifar10_folder(tmp_path)
    with pytest.raises(DataError, match="CIFAR-100 only"):
        load_file(folder, label_mode="coarse")


# -- image folders --------------------------------------------------------------------
def image_folder(tmp_path: Path) -> Path:
    from PIL import Image

    root = tmp_path / "shapes"
    colours = {"blue": (0, 0, 255), "red": (255, 0, 0), "green": (0, 255, 0)}
    for name, colour in colours.items():
        (root / name).mkdir(parents=True)
        for i in range(4):
            Image.new("RGB", (40 + i, 30), colour).save(root / name / f"{i}.png")
        Image.new("RGB", (20, 20), colour).save(root / name / "x.jpg", quality=95)
    return root


def test_an_image_folder_gives_resized_rgb_images_labelled_by_sub_folder(tmp_path):
    pytest.importorskip("PIL")
    root = image_folder(tmp_path)
    info = file_info(root, image_size=[16, 24])
    assert info.input_shape == (16, 24, 3) and info.default_n_samples == 15
    assert info.class_names == ("blue", "green", "red")
    ds = load_file(root, image_size=[16, 24], train_ratio=0.6)
    assert ds.x_train.shape == (9, 16, 24, 3) and ds.x_train.dtype == np.uint8
    x = np.concatenate([ds.x_train, ds.x_test])
    y = np.concatenate([ds.y_train, ds.y_test])
    colour_of = np.argmax(x[:, 8, 8], axis=1)  # 0 red, 1 green, 2 blue
    np.testing.assert_array_equal(colour_of, np.array([2, 1, 0])[y])


def test_a_corrupt_image_is_one_sentence_naming_it(tmp_path):
    pytest.importorskip("PIL")
    root = image_folder(tmp_path)
    bad = root / "red" / "2.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n this is not the rest of a png")
    with pytest.raises(DataError, match=r"2\.png' is not a readable PNG or JPEG"):
        load_file(root)


def test_without_pillow_an_image_folder_asks_for_it(tmp_path, monkeypatch):
    pytest.importorskip("PIL")
    root = image_folder(tmp_path)
    monkeypatch.setitem(__import__("sys").modules, "PIL", None)
    with pytest.raises(DataError, match="needs the Pillow library; install it"):
        load_file(root)
    assert file_info(root).n_classes == 3  # the listing needs no decoder


def test_a_bad_image_size_is_one_sentence(tmp_path):
    pytest.importorskip("PIL")
    root = image_folder(tmp_path)
    with pytest.raises(DataError, match="image_size must be"):
        load_file(root, image_size=[2, 1000])
