"""Reader for a folder of images: one sub-folder per class, PNG or JPEG files.

``flowers/daisy/001.jpg``, ``flowers/rose/002.png``, ... become RGB images resized to
one size (``image_size``, default 32×32) and labels by sub-folder (sorted names, as
tf.keras ``image_dataset_from_directory``). A folder with ``train/`` and ``test/``
sub-folders, each laid out so, gives its own test set.

Decoding needs Pillow, the only part of NetDesigner that does; without it the
import is one sentence saying to install it. Every file is opened through
``streams`` (regular files only), and an image that cannot be decoded is one
sentence naming the file.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np

from netdesigner.data import streams
from netdesigner.data.dataset import DataError
from netdesigner.i18n import N_, _

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
DEFAULT_SIZE = (32, 32)
MAX_IMAGES = 200_000
MAX_FILE_BYTES = 64 << 20


def _images_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)


def _class_folders(path: Path) -> list[Path]:
    return sorted(
        p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")
    )


def _split_folders(path: Path) -> dict[str, Path] | None:
    """``{"train": ..., "test": ...}`` when ``path`` holds both, else None."""
    parts = {name: path / name for name in ("train", "test")}
    return parts if all(p.is_dir() for p in parts.values()) else None


def is_image_folder(path: Path) -> bool:
    """True for a folder whose sub-folders (or train/ and test/'s) hold images."""
    if not path.is_dir():
        return False
    split = _split_folders(path)
    top = split["train"] if split else path
    return any(_images_in(folder) for folder in _class_folders(top))


def check_image_size(image_size: Any) -> tuple[int, int]:
    """``[height, width]`` from 4 to 256 pixels (None: 32×32)."""
    if image_size is None:
        return DEFAULT_SIZE
    ok = (
        isinstance(image_size, list | tuple)
        and len(image_size) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in image_size)
        and all(4 <= v <= 256 for v in image_size)
    )
    if not ok:
        raise DataError(
            _(
                "image_size must be [height, width], whole numbers of pixels from 4 to "
                "256; found {image_size}"
            ).format(image_size=repr(image_size))
        )
    return int(image_size[0]), int(image_size[1])


def _listing(path: Path) -> tuple[list[tuple[Path, int]], tuple[str, ...]]:
    """Every image file with its class index, and the class names (sorted)."""
    classes = _class_folders(path)
    names = tuple(folder.name for folder in classes)
    files = [(f, i) for i, folder in enumerate(classes) for f in _images_in(folder)]
    if len(classes) < 2 or not files:
        raise DataError(
            _(
                "folder '{path}' should hold one sub-folder of PNG or JPEG images per "
                "class (at least two); found {n_classes} sub-folders and {n_files} "
                "images"
            ).format(path=path, n_classes=len(classes), n_files=len(files))
        )
    if len(files) > MAX_IMAGES:
        raise DataError(
            _(
                "folder '{path}' holds {n_files:,} images; NetDesigner imports at most "
                "{max_images:,} (use a smaller selection)"
            ).format(path=path, n_files=len(files), max_images=MAX_IMAGES)
        )
    return files, names


def folder_sketch(path: Path) -> tuple[int, list[np.ndarray], bool, tuple[str, ...]]:
    """Metadata without decoding: image count, labels, own test set, class names."""
    split = _split_folders(path)
    parts = [split["train"], split["test"]] if split else [path]
    ys, names = [], ()
    for part in parts:
        files, part_names = _listing(part)
        names = names or part_names
        ys.append(np.array([label for _, label in files], dtype=np.int64))
    return sum(len(y) for y in ys), ys, split is not None, names


def _pillow() -> Any:
    try:
        from PIL import Image
    except ImportError:
        raise DataError(
            _(
                "importing a folder of PNG or JPEG images needs the Pillow library; "
                "install it with pip install pillow and open the folder again"
            )
        ) from None
    return Image


#: why a file of an image folder cannot be read (``decode_image``'s default)
UNREADABLE_IMAGE = N_(
    "'{file}' is not a readable PNG or JPEG image (damaged or another "
    "format); remove or replace it and import the folder again"
)


def decode_image(
    file: Path,
    size: tuple[int, int],
    image_module: Any,
    unreadable: str = UNREADABLE_IMAGE,
) -> tuple[np.ndarray, tuple[int, int]]:
    """One image resized to ``size`` (height, width) as ``(H, W, 3)`` uint8, and its
    own ``(height, width)``; ``unreadable`` (a template with ``{file}``) says what to
    do with a file that is not an image (the VOC importer gives its own advice)."""
    data = streams.read_at_most(file, MAX_FILE_BYTES)
    if data is None:
        raise DataError(
            _(
                "'{file}' is larger than {size_text}; NetDesigner imports small images "
                "only"
            ).format(file=file, size_text=streams.size_text(MAX_FILE_BYTES))
        )
    try:
        with image_module.open(io.BytesIO(data)) as image:
            rgb = image.convert("RGB")
            own = (rgb.height, rgb.width)
            if own != size:
                rgb = rgb.resize((size[1], size[0]), image_module.Resampling.BILINEAR)
            return np.asarray(rgb, dtype=np.uint8), own
    except (OSError, ValueError, SyntaxError, image_module.DecompressionBombError):
        raise DataError(_(unreadable).format(file=file)) from None


def _read_part(
    path: Path, size: tuple[int, int], image_module: Any
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    files, names = _listing(path)
    x = np.empty((len(files), *size, 3), dtype=np.uint8)
    for row, (file, _label) in enumerate(files):
        x[row] = decode_image(file, size, image_module)[0]
    y = np.array([label for _, label in files], dtype=np.int64)
    return x, y, names


def load_image_folder(path: Path, image_size: Any = None) -> dict[str, Any]:
    """Arrays ``x`` ``(N, H, W, 3)`` uint8, ``y`` class indices, ``class_names``
    (and ``x_test``/``y_test`` for a folder with train/ and test/)."""
    size = check_image_size(image_size)
    image_module = _pillow()
    split = _split_folders(path)
    x, y, names = _read_part(split["train"] if split else path, size, image_module)
    arrays: dict[str, Any] = {"x": x, "y": y, "class_names": names}
    if split:
        x_test, y_test, test_names = _read_part(split["test"], size, image_module)
        if test_names != names:
            raise DataError(
                _(
                    "'{split}' has the classes {test_names}, but '{split2}' has "
                    "{names}; "
                    "both need the same sub-folders"
                ).format(
                    split=split["test"],
                    test_names=list(test_names),
                    split2=split["train"],
                    names=list(names),
                )
            )
        arrays["x_test"], arrays["y_test"] = x_test, y_test
    return arrays
