"""Reader for a Pascal VOC folder: the course's own format for detection data.

A VOC folder holds ``JPEGImages/`` (the pictures, JPEG or PNG), ``Annotations/``
(one XML file per picture: its ``filename``, ``size`` and an ``object`` with a
``name`` and a ``bndbox`` per object) and, optionally, ``ImageSets/Main/`` with
``train.txt``, ``val.txt`` and ``test.txt`` (one picture id per line). Pictures
listed in ``test.txt`` (or, without one, ``val.txt``) form the test set; without
these files ``train_ratio`` and ``seed`` split the pictures.

Every picture is resized to ``image_size`` (default 64×64) and its boxes with it.
VOC's 1-based inclusive corners (``xmin=1 .. xmax=10`` covers ten pixels) become
pixel-edge coordinates (``x_min=0, x_max=10``, see ``boxes``). A box may reach past
the picture's edge by a pixel or 2 % of its side (annotators' rounding): it is
clipped. A box further out, an inverted box, an unknown class (when ``classes`` are
given), a missing picture, a malformed or hostile XML file: each is one sentence
naming the file.

The XML is parsed with defusedxml, which refuses entity declarations: a "billion
laughs" file of a few hundred bytes, which the standard parser would expand to
gigabytes, is refused in milliseconds. Files are opened through ``streams``
(regular files only) and read up to a size cap.

The decoded arrays are cached beside the annotations, in
``netdesigner_cache_<H>x<W>.npz`` inside the folder, read with
``allow_pickle=False``, and rebuilt when a file of the folder changes. The course
keeps its cache as a ``.pkl``; NetDesigner never does: unpickling a file runs any
code its author put in it, so a shared folder with a crafted ``.pkl`` would run a
program on the student's machine. An ``.npz`` of plain arrays is only data.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import defusedxml
import defusedxml.ElementTree as SafeElementTree
import numpy as np

from netdesigner.data import streams
from netdesigner.data.boxes import (
    flatten,
    refuse_augment,
    scale_boxes,
    targets_array,
    unflatten,
)
from netdesigner.data.dataset import DataError, Dataset, DatasetInfo
from netdesigner.data.imagefolder import (
    IMAGE_SUFFIXES,
    MAX_IMAGES,
    check_image_size,
    decode_image,
)
from netdesigner.data.preprocess import image_preprocessing
from netdesigner.data.settings import Settings, image_settings, split_sizes
from netdesigner.i18n import N_, _

ANNOTATIONS = "Annotations"
IMAGES = "JPEGImages"
SPLITS = ("ImageSets", "Main")
DEFAULT_SIZE = (64, 64)
MAX_XML_BYTES = 1 << 20  # a VOC annotation takes a few kilobytes
EDGE_SLACK = 0.02  # share of a side a box may reach past the edge (then clipped)
CACHE_VERSION = "1"
CACHE_KEYS = ("x", "boxes", "labels", "offsets", "ids", "class_names", "is_test")


@dataclass(frozen=True)
class Annotation:
    """One parsed XML file.

    image : the picture it describes; size : ``(height, width)`` it states, or None;
    names : class name of each object; boxes : ``(K, 4)`` float64 pixel-edge
    corners in the picture's own pixels (not yet checked against its size).
    """

    file: Path
    image: Path
    size: tuple[int, int] | None
    names: tuple[str, ...]
    boxes: np.ndarray


@dataclass(frozen=True)
class VocArrays:
    """A folder's pictures and targets, before the split.

    x : ``(N, H, W, 3)`` uint8; targets : 1-D object array of N dicts (``boxes``);
    ids : ``(N,)`` picture ids (the XML files' stems); is_test : ``(N,)`` bool from
    ``ImageSets/Main``, or None without split files.
    """

    x: np.ndarray
    targets: np.ndarray
    ids: np.ndarray
    class_names: tuple[str, ...]
    is_test: np.ndarray | None


def is_voc_folder(path: Path) -> bool:
    """True for a folder holding ``Annotations/`` and ``JPEGImages/``."""
    return (path / ANNOTATIONS).is_dir() and (path / IMAGES).is_dir()


def annotation_files(path: Path) -> list[Path]:
    """The XML files of ``path/Annotations``, sorted by name."""
    files = sorted(
        p for p in (path / ANNOTATIONS).iterdir() if p.suffix.lower() == ".xml"
    )
    if not files:
        raise DataError(
            _(
                "the VOC folder '{path}' has no annotations; expected one XML file "
                "per picture in its Annotations folder"
            ).format(path=path)
        )
    if len(files) > MAX_IMAGES:
        raise DataError(
            _(
                "the VOC folder '{path}' holds {count} annotations; NetDesigner "
                "imports at most {most} (use a smaller selection)"
            ).format(path=path, count=f"{len(files):,}", most=f"{MAX_IMAGES:,}")
        )
    return files


# -- one annotation ---------------------------------------------------------------
def read_xml(file: Path) -> ElementTree.Element:
    """The root element of ``file``, parsed without entities or external references."""
    data = streams.read_at_most(file, MAX_XML_BYTES)
    if data is None:
        raise DataError(
            _(
                "'{file}' is larger than {most}; a VOC annotation takes a few "
                "kilobytes, so this is not one"
            ).format(file=file, most=streams.size_text(MAX_XML_BYTES))
        )
    try:
        return SafeElementTree.fromstring(data)
    except defusedxml.DefusedXmlException:
        raise DataError(
            _(
                "'{file}' declares XML entities or external references, which a VOC "
                "annotation never needs; NetDesigner refuses it, as such a file can "
                "expand to gigabytes or read other files"
            ).format(file=file)
        ) from None
    except ElementTree.ParseError as exc:
        line, column = exc.position
        raise DataError(
            _(
                "'{file}' is not well-formed XML (line {line}, column {column}); "
                "fix or remove this annotation"
            ).format(file=file, line=line, column=column)
        ) from None


def _text(element: ElementTree.Element, tag: str, file: Path) -> str:
    found = element.find(tag)
    if found is None or not (found.text or "").strip():
        raise DataError(
            _(
                "'{file}': an <{parent}> element has no <{tag}>; a VOC annotation "
                "gives it"
            ).format(file=file, parent=element.tag, tag=tag)
        )
    return found.text.strip()


def _number(element: ElementTree.Element, tag: str, file: Path) -> float:
    text = _text(element, tag, file)
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not np.isfinite(value):
        raise DataError(
            _("'{file}': <{tag}> should be a number of pixels; found '{text}'").format(
                file=file, tag=tag, text=text[:40]
            )
        )
    return value


def _stated_size(root: ElementTree.Element, file: Path) -> tuple[int, int] | None:
    """(height, width) from ``<size>``, or None when absent or zero (some tools)."""
    size = root.find("size")
    if size is None or size.find("width") is None or size.find("height") is None:
        return None
    width, height = _number(size, "width", file), _number(size, "height", file)
    return (int(height), int(width)) if width > 0 and height > 0 else None


def _image_path(root: ElementTree.Element, file: Path, images: Path) -> Path:
    """The picture named by ``<filename>`` (its last path part only, so that an
    annotation cannot point outside ``JPEGImages``), or the XML's stem with a
    picture suffix."""
    name = root.findtext("filename", "").strip().replace("\\", "/")
    name = name.rsplit("/", 1)[-1]
    candidates = [name] if name else [file.stem + s for s in IMAGE_SUFFIXES]
    for candidate in candidates:
        if (images / candidate).is_file():
            return images / candidate
    raise DataError(
        _(
            "'{file}' describes the picture '{image}', which is not in '{folder}'; "
            "add the picture or remove the annotation"
        ).format(file=file, image=candidates[0], folder=images)
    )


def _object(element: ElementTree.Element, file: Path) -> tuple[str, list[float]]:
    """Class name and pixel-edge corners of one ``<object>``."""
    name = _text(element, "name", file)
    box = element.find("bndbox")
    if box is None:
        raise DataError(
            _("'{file}': the object '{name}' has no <bndbox>").format(
                file=file, name=name
            )
        )
    xmin, ymin, xmax, ymax = (
        _number(box, tag, file) for tag in ("xmin", "ymin", "xmax", "ymax")
    )
    # VOC counts pixels from 1 and includes xmax: pixels xmin..xmax -> edges
    return name, [xmin - 1, ymin - 1, xmax, ymax]


def parse_annotation(file: Path, images: Path) -> Annotation:
    """Read one XML file of ``Annotations`` (see the module docstring)."""
    root = read_xml(file)
    if root.tag != "annotation":
        raise DataError(
            _(
                "'{file}' is XML but not a VOC annotation: its root element is "
                "<{tag}>, expected <annotation>"
            ).format(file=file, tag=root.tag)
        )
    objects = [_object(element, file) for element in root.iter("object")]
    boxes = np.array([box for _, box in objects], dtype=np.float64).reshape(-1, 4)
    return Annotation(
        file=file,
        image=_image_path(root, file, images),
        size=_stated_size(root, file),
        names=tuple(name for name, _ in objects),
        boxes=boxes,
    )


def check_boxes(boxes: np.ndarray, size: tuple[int, int], file: Path) -> np.ndarray:
    """Boxes clipped to a picture of ``size`` (height, width).

    boxes : ``(K, 4)`` pixel-edge corners. A box reaching past an edge by more
    than a pixel or ``EDGE_SLACK`` of the side, inverted or empty once clipped
    is one sentence naming ``file``.
    """
    height, width = size
    limits = np.array([width, height, width, height], dtype=np.float64)
    slack = np.maximum(1.0, EDGE_SLACK * limits)
    clipped = np.clip(boxes, 0, limits)
    for k, (box, inside) in enumerate(zip(boxes, clipped, strict=True)):
        far = np.any(np.abs(box - inside) > slack)
        if far or inside[2] <= inside[0] or inside[3] <= inside[1]:
            raise DataError(
                _(
                    "'{file}': box {number} [{corners}] (VOC corners, from 1) does "
                    "not lie inside its {width}×{height} picture; fix its <bndbox>"
                ).format(
                    file=file,
                    number=k + 1,
                    corners=", ".join(f"{v:g}" for v in box + [1, 1, 0, 0]),
                    width=width,
                    height=height,
                )
            )
    return clipped


def label_indices(
    names: tuple[str, ...], classes: tuple[str, ...], file: Path
) -> np.ndarray:
    """``(K,)`` int64 indices of ``names`` in ``classes``; an unknown one is a
    sentence naming ``file``."""
    index = {name: i for i, name in enumerate(classes)}
    for name in names:
        if name not in index:
            raise DataError(
                _(
                    "'{file}' has an object of class '{name}', which is not among "
                    "the classes {classes}; add it to the classes or fix the name"
                ).format(file=file, name=name, classes=", ".join(classes))
            )
    return np.array([index[name] for name in names], dtype=np.int64)


def check_classes(classes: Any) -> tuple[str, ...] | None:
    """The ``classes`` option: None (the names found), or distinct non-empty
    names."""
    if classes is None:
        return None
    ok = (
        isinstance(classes, list | tuple)
        and len(classes) >= 1
        and all(isinstance(c, str) and c.strip() for c in classes)
        and len(set(classes)) == len(classes)
    )
    if not ok:
        raise DataError(
            _(
                'classes must be a list of distinct class names, e.g. ["bottle", '
                '"can"]; found {value}'
            ).format(value=repr(classes)[:80])
        )
    return tuple(classes)


# -- pictures ---------------------------------------------------------------------
def _pillow() -> Any:
    try:
        from PIL import Image
    except ImportError:
        raise DataError(
            _(
                "importing a VOC folder needs the Pillow library to decode its "
                "pictures; install it with pip install pillow and open the folder "
                "again"
            )
        ) from None
    return Image


#: why a picture named by an annotation cannot be read
UNREADABLE_PICTURE = N_(
    "'{file}' is not a readable JPEG or PNG picture (damaged or another "
    "format); replace it or remove its annotation"
)


def _check_stated(annotation: Annotation, own: tuple[int, int]) -> None:
    if annotation.size is not None and annotation.size != own:
        raise DataError(
            _(
                "'{file}' states a {width}×{height} picture, but '{image}' is "
                "{own_width}×{own_height}; its boxes would land in the wrong place"
            ).format(
                file=annotation.file,
                width=annotation.size[1],
                height=annotation.size[0],
                image=annotation.image,
                own_width=own[1],
                own_height=own[0],
            )
        )


# -- the split ----------------------------------------------------------------------
def _split_ids(path: Path, name: str, known: set[str]) -> set[str] | None:
    """The ids listed in ``ImageSets/Main/<name>.txt``, or None without the file."""
    file = path.joinpath(*SPLITS, f"{name}.txt")
    if not file.is_file():
        return None
    with streams.open_regular(file, report=False) as raw:
        text = raw.read(MAX_XML_BYTES * 8).decode("utf-8", errors="replace")
    ids = {line.split()[0] for line in text.splitlines() if line.strip()}
    unknown = sorted(ids - known)
    if unknown:
        raise DataError(
            _(
                "'{file}' lists the picture '{id}', which has no annotation in "
                "'{folder}'"
            ).format(file=file, id=unknown[0], folder=path / ANNOTATIONS)
        )
    return ids


def read_split(path: Path, ids: list[str]) -> np.ndarray | None:
    """``(N,)`` bool, True for test pictures (``test.txt``, else ``val.txt``), or
    None when the folder has neither."""
    known = set(ids)
    test = _split_ids(path, "test", known)
    if test is None:
        test = _split_ids(path, "val", known)
    if test is None:
        return None
    is_test = np.array([i in test for i in ids], dtype=bool)
    if is_test.all():
        message = _(
            "the split files in '{folder}' leave no training pictures; list some "
            "pictures in train.txt and the others in test.txt"
        )
    elif not is_test.any():
        message = _(
            "the split files in '{folder}' leave no test pictures; list some "
            "pictures in test.txt"
        )
    else:
        return is_test
    raise DataError(message.format(folder=path.joinpath(*SPLITS)))


# -- the whole folder, with its cache ----------------------------------------------
def read_annotations(
    path: Path, classes: tuple[str, ...] | None
) -> tuple[list[Annotation], tuple[str, ...]]:
    """Every annotation and the class names (``classes``, or the sorted names
    found)."""
    images = path / IMAGES
    annotations = [parse_annotation(f, images) for f in annotation_files(path)]
    found = sorted({name for a in annotations for name in a.names})
    names = classes if classes is not None else tuple(found)
    if not names:
        raise DataError(
            _(
                "the VOC folder '{path}' has annotations but no objects; a detection "
                "set needs boxes to learn from"
            ).format(path=path)
        )
    return annotations, names


def _decode_all(
    annotations: list[Annotation], names: tuple[str, ...], size: tuple[int, int]
) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
    image_module = _pillow()
    x = np.empty((len(annotations), *size, 3), dtype=np.uint8)
    boxes, labels = [], []
    for row, annotation in enumerate(annotations):
        labels.append(label_indices(annotation.names, names, annotation.file))
        x[row], own = decode_image(
            annotation.image, size, image_module, UNREADABLE_PICTURE
        )
        _check_stated(annotation, own)
        clipped = check_boxes(annotation.boxes, own, annotation.file)
        boxes.append(scale_boxes(clipped, own, size))
    return x, boxes, labels


def fingerprint(path: Path, size: tuple[int, int], classes: Any) -> str:
    """A digest of every file's name, size and time of change under the folder's
    three parts, the picture size and the classes: a cache made for another
    fingerprint is stale."""
    digest = hashlib.sha256(f"{CACHE_VERSION}|{size}|{classes}".encode())
    for part in (path / ANNOTATIONS, path / IMAGES, path.joinpath(*SPLITS)):
        if not part.is_dir():
            continue
        for entry in sorted(os.scandir(part), key=lambda e: e.name):
            info = entry.stat()
            digest.update(f"{part.name}/{entry.name}|{info.st_size}|".encode())
            digest.update(f"{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def cache_path(path: Path, size: tuple[int, int]) -> Path:
    """Where the decoded arrays of ``path`` at ``size`` are kept."""
    return path / f"netdesigner_cache_{size[0]}x{size[1]}.npz"


def load_cache(file: Path, stamp: str) -> VocArrays | None:
    """The cached arrays when ``file`` exists and was made for ``stamp``, else None
    (a damaged or stale cache is rebuilt, not an error)."""
    if not file.is_file():
        return None
    try:
        streams.regular_file_size(file)
        with np.load(file, allow_pickle=False) as npz:
            if str(npz["fingerprint"]) != stamp:
                return None
            arrays = {key: npz[key] for key in CACHE_KEYS}
        targets = unflatten(arrays["boxes"], arrays["labels"], arrays["offsets"])
    except (OSError, KeyError, ValueError, EOFError):
        return None
    is_test = arrays["is_test"] if arrays["is_test"].shape else None
    return VocArrays(
        x=arrays["x"],
        targets=targets,
        ids=arrays["ids"],
        class_names=tuple(str(n) for n in arrays["class_names"]),
        is_test=None if is_test is None or is_test.size == 0 else is_test,
    )


def save_cache(file: Path, arrays: VocArrays, stamp: str) -> None:
    """Write ``arrays`` to ``file`` atomically (a temporary file, then a rename);
    a folder we may not write to just goes without a cache."""
    no_split = np.zeros(0, dtype=bool)
    contents = {
        "x": arrays.x,
        **flatten(arrays.targets),
        "ids": arrays.ids,
        "class_names": np.array(arrays.class_names, dtype=str),
        "is_test": no_split if arrays.is_test is None else arrays.is_test,
        "fingerprint": np.array(stamp),
    }
    try:
        handle, temporary = tempfile.mkstemp(suffix=".npz", dir=file.parent)
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            np.savez_compressed(out, **contents)
        os.replace(temporary, file)
    except OSError:
        Path(temporary).unlink(missing_ok=True)


def read_voc(path: Path, image_size: Any = None, classes: Any = None) -> VocArrays:
    """Every picture of the VOC folder ``path``, resized, with its targets; read
    from the cache when it is current, else decoded and cached."""
    size = DEFAULT_SIZE if image_size is None else check_image_size(image_size)
    wanted = check_classes(classes)
    stamp = fingerprint(path, size, wanted)
    cached = load_cache(cache_path(path, size), stamp)
    if cached is not None:
        return cached
    annotations, names = read_annotations(path, wanted)
    x, boxes, labels = _decode_all(annotations, names, size)
    ids = [a.file.stem for a in annotations]
    arrays = VocArrays(
        x=x,
        targets=targets_array(boxes, labels),
        ids=np.array(ids, dtype=str),
        class_names=names,
        is_test=read_split(path, ids),
    )
    save_cache(cache_path(path, size), arrays, stamp)
    return arrays


# -- as a data set ------------------------------------------------------------------
def voc_info(path: Path, image_size: Any = None, classes: Any = None) -> DatasetInfo:
    """The ``DatasetInfo`` of the VOC folder ``path``: from its cache when current,
    else from its annotations (no picture decoded)."""
    size = DEFAULT_SIZE if image_size is None else check_image_size(image_size)
    wanted = check_classes(classes)
    cached = load_cache(cache_path(path, size), fingerprint(path, size, wanted))
    if cached is not None:
        count, names = len(cached.ids), cached.class_names
        fixed = cached.is_test is not None
    else:
        annotations, names = read_annotations(path, wanted)
        for annotation in annotations:
            label_indices(annotation.names, names, annotation.file)
        count = len(annotations)
        fixed = read_split(path, [a.file.stem for a in annotations]) is not None
    return _info(path, size, names, count, fixed)


def _info(
    path: Path, size: tuple[int, int], names: tuple[str, ...], count: int, fixed: bool
) -> DatasetInfo:
    return DatasetInfo(
        name=path.name,
        title=path.name,
        kind="image",
        task="detection",
        n_classes=len(names),
        class_names=names,
        input_shape=(*size, 3),
        default_n_samples=count,
        description=_("Imported from the VOC folder {path}.").format(path=path),
        fixed_split=fixed,
        rescale=1.0 / 255.0,
    )


def voc_dataset(
    path: Path, settings: Settings, image_size: Any = None, classes: Any = None
) -> Dataset:
    """The VOC folder ``path`` as a detection ``Dataset`` (split by its
    ``ImageSets/Main`` files, else by ``train_ratio`` and ``seed``)."""
    refuse_augment(path.name, settings)
    arrays = read_voc(path, image_size, classes)
    size = tuple(arrays.x.shape[1:3])
    train, test = _split(arrays, settings, path.name)
    fixed = arrays.is_test is not None
    info = _info(path, size, arrays.class_names, len(arrays.ids), fixed)
    x_train = arrays.x[train]
    preprocessing, stats = image_preprocessing(
        x_train, info.rescale, info.input_shape, settings.standardize
    )
    record: dict[str, Any] = {
        "path": str(path),
        "train_ratio": settings.ratio,
        "seed": settings.seed,
    }
    if image_size is not None:
        record["image_size"] = list(size)
    if classes is not None:
        record["classes"] = list(arrays.class_names)
    return Dataset(
        info=info,
        x_train=x_train,
        y_train=arrays.targets[train],
        x_test=arrays.x[test],
        y_test=arrays.targets[test],
        preprocessing=preprocessing,
        stats=stats,
        settings={**record, **image_settings(settings, stats)},
    )


def _split(
    arrays: VocArrays, settings: Settings, name: str
) -> tuple[np.ndarray, np.ndarray]:
    """Row indices of the training and test pictures."""
    if arrays.is_test is not None:
        return np.flatnonzero(~arrays.is_test), np.flatnonzero(arrays.is_test)
    n = len(arrays.ids)
    order = np.random.default_rng(settings.seed).permutation(n)
    n_train = split_sizes(n, settings.ratio, name)
    return order[:n_train], order[n_train:]
