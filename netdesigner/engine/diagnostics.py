"""What each layer does to a batch: output and weight distributions, gradient sizes,
and the problems a student should hear about (the batch-normalization and tuning
lesson; MATLAB's "Detect issues", DIGITS' statistics).

``layer_statistics(network, x)`` runs ``x`` through the network in inference mode
and returns one dict per layer (after the Input) with histograms and numbers;
``diagnose(rows)`` turns them into sentences: dead ReLU units, saturated tanh or
sigmoid units, vanishing or exploding gradients.
"""

from __future__ import annotations

from typing import Any

import numpy as np

BINS = 30
#: at most this many values of one array go into a histogram
SAMPLE_VALUES = 200_000
#: a tanh/sigmoid unit is saturated when its output is this close to a limit
SATURATED = 0.99
#: dead ReLU units are worth a note from this share of a layer on (a few are normal)
DEAD_SHARE = 0.25


def histogram(values: np.ndarray, bins: int = BINS) -> dict[str, Any]:
    """``{"counts", "edges", "mean", "std"}`` of the finite values (evenly thinned
    to ``SAMPLE_VALUES``); empty counts when there is none."""
    flat = np.asarray(values, dtype=np.float64).ravel()
    if flat.size > SAMPLE_VALUES:
        flat = flat[:: -(-flat.size // SAMPLE_VALUES)]
    flat = flat[np.isfinite(flat)]
    if not flat.size:
        empty = np.zeros(0)
        return {"counts": empty, "edges": np.zeros(1), "mean": np.nan, "std": np.nan}
    low, high = float(flat.min()), float(flat.max())
    if high - low < 1e-12:
        low, high = low - 0.5, high + 0.5
    counts, edges = np.histogram(flat, bins=bins, range=(low, high))
    return {
        "counts": counts.astype(np.float64),
        "edges": edges,
        "mean": float(flat.mean()),
        "std": float(flat.std()),
    }


def _rms(array: np.ndarray | None) -> float:
    if array is None or not np.size(array):
        return float("nan")
    return float(np.sqrt(np.mean(np.square(array, dtype=np.float64))))


def _activation(layer: Any) -> str:
    return str(getattr(layer, "activation_name", None) or "")


def layer_statistics(network: Any, x: np.ndarray) -> list[dict[str, Any]]:
    """One dict per layer in order: ``id``, ``type``, ``activation``, ``output``
    (histogram), ``units`` and ``dead`` (ReLU units or channels never above 0),
    ``saturated`` (share of tanh/sigmoid outputs within 1% of a limit), and for
    layers with a kernel ``weights`` (histogram), ``weight_rms`` and ``grad_rms``
    (of the last step's gradient; NaN for a frozen layer)."""
    outputs = network.forward_all(x)
    rows = []
    for node_id in network.order:
        if node_id == network.input_id:
            continue
        layer = network.layers[node_id]
        out = np.asarray(outputs[node_id])
        activation = _activation(layer)
        row: dict[str, Any] = {
            "id": node_id,
            "type": network.node_types.get(node_id, type(layer).__name__),
            "activation": activation,
            "output": histogram(out),
            "units": int(out.shape[-1]) if out.ndim > 1 else 1,
            "dead": 0,
            "saturated": 0.0,
            "is_output": node_id == network.output_id,
        }
        if activation == "relu" and out.ndim > 1:
            active = (out > 0).reshape(-1, out.shape[-1]).any(axis=0)
            row["dead"] = int(np.count_nonzero(~active))
        elif activation in ("tanh", "sigmoid") and out.size:
            low = -1.0 if activation == "tanh" else 0.0
            near = (out > SATURATED) | (out < low + (1 - SATURATED))
            row["saturated"] = float(np.mean(near))
        kernel = layer.params.get("kernel")
        if kernel is not None:
            row["weights"] = histogram(kernel)
            row["weight_rms"] = _rms(kernel)
            grad = layer.grads.get("kernel") if layer.trainable else None
            row["grad_rms"] = _rms(grad)
        rows.append(row)
    return rows


def diagnose(rows: list[dict[str, Any]]) -> list[str]:
    """Sentences about problems in ``layer_statistics`` rows (empty when none)."""
    notes = []
    for row in rows:
        if row["dead"] >= max(2, DEAD_SHARE * row["units"]):
            what = "channels" if row["type"] == "Conv2D" else "units"
            notes.append(
                f"{row['id']}: {row['dead']} of {row['units']} ReLU {what} are dead "
                "(never positive on these samples); a lower learning rate, He "
                "initialisation or leaky_relu can help."
            )
        # a confident output layer sits near its limits by design
        if row["saturated"] > 0.5 and not row.get("is_output"):
            share = f"{100 * row['saturated']:.0f}%"
            notes.append(
                f"{row['id']}: {share} of the {row['activation']} outputs are "
                "saturated (near their limits), where the gradient is almost zero; "
                "smaller weights or batch normalization can help."
            )
    grads = [
        (row["id"], row["grad_rms"])
        for row in rows
        if np.isfinite(row.get("grad_rms", np.nan)) and row.get("grad_rms", 0) > 0
    ]
    if len(grads) >= 3:
        (first, g_first), (last, g_last) = grads[0], grads[-1]
        if g_first < 1e-3 * g_last:
            notes.append(
                f"The gradients vanish on the way back: {first}'s are "
                f"{g_last / g_first:.0f} times smaller than {last}'s, so the first "
                "layers barely learn; ReLU, batch normalization or a shallower "
                "network can help."
            )
        elif g_first > 1e3 * g_last:
            notes.append(
                f"The gradients explode on the way back: {first}'s are "
                f"{g_first / g_last:.0f} times larger than {last}'s; a lower learning "
                "rate, gradient clipping or batch normalization can help."
            )
    return notes
