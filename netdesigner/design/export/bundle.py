"""Scripts that carry what was trained: weights beside them, or a whole bundle.

``export_script(design, design_path, to, out, weights)`` writes the Keras or PyTorch
script together with ``weights`` (the window's trained arrays, saved or not) as
``<script stem>.weights.npz`` beside it, named relative to the script.

``export_bundle(design, design_path, to, folder, weights)`` writes a folder that
runs where NetDesigner is not installed: the script, the weights, the design's
data set as ``<name>.data.npz`` (inputs as the Input node takes them, labels as
stored; pixels as bytes with their scale) and a README saying how to run it on a
GPU or under torchrun.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np

from netdesigner.design.errors import DesignError
from netdesigner.design.export.base import ExportError, weights_file
from netdesigner.design.export.common import ScriptFiles
from netdesigner.design.io import atomic_write, load_weights, save_weights
from netdesigner.design.model import Design

Weights = Mapping[str, np.ndarray]
ScriptText = Callable[[Design, "Path | None", Path, ScriptFiles], str]

#: script target -> file-name ending of its script
SCRIPT_SUFFIXES = {"keras": "_keras.py", "pytorch": "_torch.py"}


def _script_text(to: str) -> ScriptText:
    if to == "keras":
        from netdesigner.design.export.keras import keras_script

        return keras_script
    if to == "pytorch":
        from netdesigner.design.export.pytorch import pytorch_script

        return pytorch_script
    raise ExportError(
        f"only scripts carry weights and data: expected one of "
        f"{', '.join(SCRIPT_SUFFIXES)}, found {to!r}"
    )


def weights_beside(script: Path | str) -> Path:
    """``circle_keras.py`` -> ``circle_keras.weights.npz`` in the same folder."""
    script = Path(script)
    return script.with_name(f"{script.stem}.weights.npz")


def check_weights(design: Design, weights: Weights) -> None:
    """The weights must be every weight the design has, in its shapes."""
    from netdesigner.design.io import check_weight_shapes
    from netdesigner.design.shapes import weight_shapes

    found = {key: tuple(np.shape(value)) for key, value in weights.items()}
    try:
        check_weight_shapes("the trained weights", found, weight_shapes(design))
    except DesignError as exc:
        raise ExportError(str(exc)) from None


def export_script(
    design: Design,
    design_path: Path | str | None,
    to: str,
    out: Path | str,
    weights: Weights | None,
) -> list[Path]:
    """Write the ``to`` script to ``out`` with ``weights`` beside it.

    weights : the trained arrays (``"<node id>/<weight>"`` in tf.keras layouts); an
        empty mapping writes the script without weights (``WEIGHTS_FILE = None``).
    Returns the written files, the script first. The script is made before any
    file is written, so a design the target cannot express writes nothing.
    """
    out = Path(out)
    path = None if design_path is None else Path(design_path)
    target = weights_beside(out) if weights else None
    if weights:
        check_weights(design, weights)
    text = _script_text(to)(design, path, out, ScriptFiles(weights=target))
    _write(out, lambda: _write_weights(target, weights))
    _write_text(out, text)
    return [out] if target is None else [out, target]


def export_bundle(
    design: Design,
    design_path: Path | str | None,
    to: str,
    folder: Path | str,
    weights: Weights | None = None,
) -> list[Path]:
    """Write a folder with the ``to`` script, weights, data and a README.

    weights : None takes the weights saved beside the design (if any); an empty
        mapping bundles none. Returns the written files, the script first.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder}: expected a folder for the bundle, found a file")
    path = None if design_path is None else Path(design_path)
    if weights is None:
        weights = _saved_weights(path)
    stem = _stem(design, path)
    script = folder / f"{stem}{SCRIPT_SUFFIXES.get(to, '.py')}"
    target = folder / f"{stem}.weights.npz" if weights else None
    data = folder / f"{stem}.data.npz"
    if weights:
        check_weights(design, weights)
    text = _script_text(to)(design, path, script, ScriptFiles(target, data))
    arrays = bundle_arrays(design, path)
    readme = folder / "README.md"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{folder}: cannot make the folder: {exc.strerror}") from None
    _write(data, lambda: _write_arrays(data, arrays))
    _write(script, lambda: _write_weights(target, weights))
    _write_text(script, text)
    _write_text(readme, bundle_readme(design, to, script.name, target, data.name))
    written = [script, data, readme]
    return written if target is None else [script, target, data, readme]


def bundle_arrays(design: Design, design_path: Path | None) -> dict[str, np.ndarray]:
    """The design's data set for a bundle.

    Returns x_train, x_test (inputs as the Input node takes them; uint8 pixels
    times ``scale``, or float32 with scale 1), y_train, y_test (labels as
    stored: class indices, or values for regression), ``scale`` (float32) and,
    for pixels standardised per channel, ``mean`` and ``std`` ``(C,)`` float32 of
    the scaled pixels.
    """
    from netdesigner.data import DataError
    from netdesigner.design.session_data import load_design_dataset

    base = None if design_path is None else design_path.parent
    try:
        data = load_design_dataset(design.copy(), base)
    except DataError as exc:
        raise ExportError(str(exc)) from None
    spec = data.preprocessing or {}
    channels: dict[str, np.ndarray] = {}
    if spec.get("type") == "rescale" and data.x_train.dtype == np.uint8:
        shape = tuple(int(s) for s in spec["shape"])
        x_train = data.x_train.reshape((-1, *shape))
        x_test = data.x_test.reshape((-1, *shape))
        scale = np.float32(spec["scale"])
        if "mean" in spec:  # standardised per channel after scaling
            channels = {
                key: np.asarray(spec[key], dtype=np.float32) for key in ("mean", "std")
            }
    else:
        x_train, x_test = data.transform(data.x_train), data.transform(data.x_test)
        scale = np.float32(1.0)
    return {
        "x_train": np.ascontiguousarray(x_train),
        "y_train": np.asarray(data.y_train),
        "x_test": np.ascontiguousarray(x_test),
        "y_test": np.asarray(data.y_test),
        "scale": np.asarray(scale, dtype=np.float32),
        **channels,
    }


def bundle_readme(
    design: Design, to: str, script: str, weights: Path | None, data: str
) -> str:
    """The README of a bundle: what is in it and how to run it anywhere."""
    needs = "Keras 3 and NumPy" if to == "keras" else "PyTorch and NumPy"
    lines = [
        f"# {design.name}",
        "",
        "Exported from NetDesigner as a folder that runs without it.",
        "",
        f"- `{script}`: the model and its training, as a script",
        *([f"- `{weights.name}`: the trained weights"] if weights else []),
        f"- `{data}`: the design's data set (train and test parts)",
        "",
        f"It needs {needs}. Copy the folder anywhere (a notebook, a GPU machine):",
        "",
        f"    python {script} --epochs 5 --batch-size 64",
        "",
        "It prints one line per epoch and ends with `test accuracy: ...` (or",
        "`test rmse: ...`), the figure NetDesigner shows.",
    ]
    if to == "pytorch":
        lines += [
            "",
            "## On a GPU, and on several",
            "",
            "The script uses CUDA (or Apple's MPS) when present and says which",
            "device it uses. Where one machine is not enough, start one process per",
            "GPU with torchrun; each trains on its share of every batch and",
            "DistributedDataParallel averages the gradients:",
            "",
            f"    torchrun --nproc_per_node=4 {script} --ddp",
            "",
            "Across machines, give torchrun `--nnodes`, `--node_rank` and",
            "`--master_addr` as its documentation shows. On CPUs it uses gloo.",
        ]
    return "\n".join(lines) + "\n"


def _saved_weights(design_path: Path | None) -> dict[str, np.ndarray]:
    path = weights_file(design_path)
    if path is None or not path.is_file():
        return {}
    try:
        return load_weights(path)
    except DesignError as exc:
        raise ExportError(str(exc)) from None


def _stem(design: Design, design_path: Path | None) -> str:
    if design_path is not None:
        return design_path.stem
    return re.sub(r"\W+", "_", design.name).strip("_").lower() or "design"


def _write(out: Path, write: Callable[[], None]) -> None:
    """Run ``write`` with the folder checks ``files.write_bytes`` makes."""
    if not out.parent.is_dir():
        raise ExportError(f"{out}: the folder {out.parent} does not exist")
    try:
        write()
    except (OSError, DesignError) as exc:
        raise ExportError(str(exc)) from None


def _write_text(out: Path, text: str) -> None:
    from netdesigner.design.export.files import write_text

    write_text(out, text)


def _write_weights(target: Path | None, weights: Weights | None) -> None:
    if target is not None and weights:
        save_weights(target, {k: np.asarray(v) for k, v in weights.items()})


def _write_arrays(out: Path, arrays: dict[str, np.ndarray]) -> None:
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    atomic_write(out, lambda file: file.write(buffer.getvalue()))
