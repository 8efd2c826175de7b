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


def read_input(path: str | Path, input_shape: tuple[int, ...]) -> np.ndarray:
    """Read X from a .npy file and check it against the Input node's shape.

    Returns ``(N, *input_shape)`` float32. Raises ``DesignError`` with one sentence for
    a missing or unreadable file, non-numeric or non-finite values or a wrong shape.
    """
    path = Path(path)
    x = _load_npy(path)
    if x.dtype.kind not in "biuf":
        raise DesignError(f"{path}: expected numbers, found values of dtype {x.dtype}")
    if x.shape[1:] != tuple(input_shape):
        raise DesignError(f"{path}: {_shape_problem(tuple(x.shape), input_shape)}")
    x = x.astype(np.float32)
    if not np.isfinite(x).all():
        raise DesignError(f"{path}: expected finite numbers, found NaN or infinity")
    return x


NPY_MAGIC = b"\x93NUMPY"


def _load_npy(path: Path) -> np.ndarray:
    """One array from a .npy file, never unpickling; ``DesignError`` otherwise."""
    try:
        with open(path, "rb") as file:
            magic = file.read(len(NPY_MAGIC))
    except FileNotFoundError:
        raise DesignError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DesignError(f"{path}: expected a .npy file, found a folder") from None
    if magic != NPY_MAGIC:
        what = "an .npz archive" if magic.startswith(b"PK") else "something else"
        raise DesignError(f"{path}: expected a NumPy .npy array, found {what}")
    try:
        return np.load(path, allow_pickle=False)
    except (ValueError, OSError, EOFError) as exc:
        what = "Python objects" if "allow_pickle" in str(exc) else "a damaged array"
        raise DesignError(
            f"{path}: expected a NumPy .npy array, found {what}"
        ) from None


def _shape_problem(found: tuple[int, ...], input_shape: tuple[int, ...]) -> str:
    """Why an array of shape ``found`` does not fit the Input node, as a sentence."""
    want = "(N, " + ", ".join(str(s) for s in input_shape) + ")"
    if found == tuple(input_shape):
        return (
            f"the Input node takes arrays of shape {want}, found one example of shape "
            f"{found}; add the batch axis first (save x[None])"
        )
    if len(found) == len(input_shape) + 1:
        return (
            f"the Input node takes examples of shape {tuple(input_shape)}, found "
            f"{len(found) and found[0]} examples of shape {found[1:]}"
        )
    return f"the Input node takes arrays of shape {want}, found {found}"


def write_output(path: str | Path, y: np.ndarray) -> None:
    """Save Y to a .npy file atomically."""
    from netdesigner.design.io import atomic_write

    buffer = io.BytesIO()
    np.save(buffer, y, allow_pickle=False)
    atomic_write(Path(path), lambda file: file.write(buffer.getvalue()))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a trained design file")
    parser.add_argument(
        "--input",
        required=True,
        metavar="X.npy",
        help="what the Input node receives, examples along axis 0",
    )
    parser.add_argument(
        "--output",
        required=True,
        metavar="Y.npy",
        help="where to write the network output",
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
        help="run a trained design on the inputs in X.npy and save the outputs",
        add_arguments=add_arguments,
        run=run,
    )
)
