"""``netdesigner predict FILE --input X.npy --output Y.npy``.

X is exactly what the Input node receives, with a batch axis first: ``(N, 2)`` for
Playground's two inputs, ``(N, 28, 28, 1)`` floats in [0, 1] for MNIST. Y is the
network output after the last activation, ``(N, units)`` float32. The trained weights
come from ``NAME.weights.npz`` beside the design.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

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
        help=_("where to write the network output"),
    )


def run(args: argparse.Namespace) -> int:
    from netdesigner.design.build import build_network, load_design_weights

    design = read_design(args.file)
    require_valid(design, args.file)
    network = build_network(design)
    load_design_weights(network, args.file)
    x = read_input(args.input, tuple(network.input_shape))
    y = np.asarray(network.predict(x), dtype=np.float32)
    write_output(args.output, y)
    return 0


register(
    Command(
        name="predict",
        help=N_("run a trained design on the inputs in X.npy and save the outputs"),
        add_arguments=add_arguments,
        run=run,
    )
)
