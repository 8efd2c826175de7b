"""``netdesigner predict FILE --input X.npy --output Y.npy``.

X is exactly what the Input node receives, with a batch axis first: ``(N, 2)`` for
Playground's two inputs, ``(N, 28, 28, 1)`` floats in [0, 1] for MNIST. Y is the
network output after the last activation, ``(N, units)`` float32. The trained weights
come from ``NAME.weights.npz`` beside the design.

A detection design's Y is its DetectionHead's raw output ``(N, fh, fw, A·(4 + 1 +
C))`` (per anchor: four box offsets, then the background's and each class's logit);
``--boxes B.npz`` also writes the decoded boxes after non-maximum suppression:
``boxes`` (K, 4) float32 [x_min, y_min, x_max, y_max] in input pixels, ``scores``
(K,), ``labels`` (K,) class indices and ``image`` (K,) the index of each box's
example in X, best first within each image.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path
from typing import Any

import numpy as np

from netdesigner.commands.base import Command, read_design, register, require_valid
from netdesigner.design.errors import DesignError
from netdesigner.i18n import N_, _


def read_input(path: str | Path, input_shape: tuple[int, ...]) -> np.ndarray:
    """Read X from a .npy file and check it against the Input node's shape.

    Returns ``(N, *input_shape)`` float32. Raises ``DesignError`` with one sentence for
    a missing or unreadable file, non-numeric or non-finite values or a wrong shape.
    """
    path = Path(path)
    x = _load_npy(path)
    if x.dtype.kind not in "biuf":
        raise DesignError(
            _("{file}: expected numbers, found values of dtype {dtype}").format(
                file=path, dtype=x.dtype
            )
        )
    if x.shape[1:] != tuple(input_shape):
        raise DesignError(f"{path}: {_shape_problem(tuple(x.shape), input_shape)}")
    x = x.astype(np.float32)
    if not np.isfinite(x).all():
        raise DesignError(
            _("{file}: expected finite numbers, found NaN or infinity").format(
                file=path
            )
        )
    return x


NPY_MAGIC = b"\x93NUMPY"


def _load_npy(path: Path) -> np.ndarray:
    """One array from a .npy file, never unpickling; ``DesignError`` otherwise."""
    try:
        with open(path, "rb") as file:
            magic = file.read(len(NPY_MAGIC))
    except FileNotFoundError:
        raise DesignError(_("{file}: no such file").format(file=path)) from None
    except IsADirectoryError:
        raise DesignError(
            _("{file}: expected a .npy file, found a folder").format(file=path)
        ) from None
    if magic != NPY_MAGIC:
        if magic.startswith(b"PK"):
            text = _("{file}: expected a NumPy .npy array, found an .npz archive")
        else:
            text = _("{file}: expected a NumPy .npy array, found something else")
        raise DesignError(text.format(file=path))
    try:
        return np.load(path, allow_pickle=False)
    except (ValueError, OSError, EOFError) as exc:
        if "allow_pickle" in str(exc):
            text = _("{file}: expected a NumPy .npy array, found Python objects")
        else:
            text = _("{file}: expected a NumPy .npy array, found a damaged array")
        raise DesignError(text.format(file=path)) from None


def _shape_problem(found: tuple[int, ...], input_shape: tuple[int, ...]) -> str:
    """Why an array of shape ``found`` does not fit the Input node, as a sentence."""
    want = "(N, " + ", ".join(str(s) for s in input_shape) + ")"
    if found == tuple(input_shape):
        return _(
            "the Input node takes arrays of shape {expected}, found one example of "
            "shape {found}; add the batch axis first (save x[None])"
        ).format(expected=want, found=found)
    if len(found) == len(input_shape) + 1:
        return _(
            "the Input node takes examples of shape {expected}, found {count} "
            "examples of shape {found}"
        ).format(
            expected=tuple(input_shape), count=len(found) and found[0], found=found[1:]
        )
    return _("the Input node takes arrays of shape {expected}, found {found}").format(
        expected=want, found=found
    )


def write_output(path: str | Path, y: np.ndarray) -> None:
    """Save Y to a .npy file atomically."""
    from netdesigner.design.io import atomic_write

    buffer = io.BytesIO()
    np.save(buffer, y, allow_pickle=False)
    atomic_write(Path(path), lambda file: file.write(buffer.getvalue()))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help=_("a trained design file"))
    parser.add_argument(
        "--input",
        required=True,
        metavar="X.npy",
        help=_("what the Input node receives, examples along axis 0"),
    )
    parser.add_argument(
        "--output",
        required=True,
        metavar="Y.npy",
        help=_(
            "where to write the network output; for a DetectionHead, its raw "
            "output (N, H, W, A·(4 + 1 + C)): per anchor four box offsets, then "
            "the background's and each class's score"
        ),
    )
    parser.add_argument(
        "--boxes",
        metavar="B.npz",
        help=_(
            "detection designs: also write the decoded boxes after non-maximum "
            "suppression: boxes (K, 4) [x_min, y_min, x_max, y_max] in pixels, "
            "scores, labels (class indices) and image (the example each box is on)"
        ),
    )
    parser.add_argument(
        "--score-threshold",
        type=float,
        default=0.5,
        metavar="S",
        help=_("with --boxes: keep the boxes scoring above S (default 0.5)"),
    )


def run(args: argparse.Namespace) -> int:
    from netdesigner.design.build import build_network, load_design_weights

    design = read_design(args.file)
    require_valid(design, args.file)
    network = build_network(design)
    load_design_weights(network, args.file)
    boxes_of = None if args.boxes is None else box_decoder(network, args.file)
    x = read_input(args.input, tuple(network.input_shape))
    y = np.asarray(network.predict(x), dtype=np.float32)
    write_output(args.output, y)
    if boxes_of is not None:
        write_boxes(args.boxes, boxes_of(y, args.score_threshold))
    return 0


def box_decoder(network: Any, file: str) -> Any:
    """``(y, score_threshold) -> list of Detections`` for a network ending in a
    DetectionHead; ``DesignError`` for any other network."""
    from netdesigner.engine.detection import detect

    head = network.layers[network.output_id]
    if not hasattr(head, "anchor_boxes"):
        raise DesignError(
            _(
                "{file}: --boxes needs a design whose output is a DetectionHead, "
                "found {layer} '{node}'"
            ).format(file=file, layer=type(head).__name__, node=network.output_id)
        )
    anchors = head.anchor_boxes(tuple(network.input_shape[:2]))
    return lambda y, score: detect(y, anchors, score_threshold=score)


def write_boxes(path: str | Path, found: list[Any]) -> None:
    """Save detections (one ``Detections`` per image) as one flat .npz: boxes
    (K, 4) float32, scores (K,) float32, labels (K,) int64, image (K,) int64."""
    from netdesigner.design.io import atomic_write

    arrays = {
        "boxes": np.concatenate([np.zeros((0, 4))] + [d.boxes for d in found]),
        "scores": np.concatenate([np.zeros(0)] + [d.scores for d in found]),
        "labels": np.concatenate([np.zeros(0, np.int64)] + [d.labels for d in found]),
        "image": np.concatenate(
            [np.zeros(0, np.int64)]
            + [np.full(len(d.labels), i, np.int64) for i, d in enumerate(found)]
        ),
    }
    arrays["boxes"] = arrays["boxes"].astype(np.float32)
    arrays["scores"] = arrays["scores"].astype(np.float32)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    atomic_write(Path(path), lambda file: file.write(buffer.getvalue()))


register(
    Command(
        name="predict",
        help=N_("run a trained design on the inputs in X.npy and save the outputs"),
        add_arguments=add_arguments,
        run=run,
    )
)
