"""Read a training session's state into array copies (NumPy only).

The worker thread calls these between batches and sends the dicts to the GUI thread,
which never touches the live network. Every array handed out is a fresh copy or a
fresh result, so the trainer may overwrite its own buffers at once (reliability.md:
"copies, not views").

A *session* is anything shaped like ``netdesigner.design.session.TrainingSession``:
``.network`` (``forward_all``, ``layers``, ``output_id``), ``.dataset`` (``info``,
points, ``feature_names``, ``transform``) and ``.trainer``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from netdesigner.live.frames import SessionSummary

WEIGHT_LIMIT = 20_000
"""Largest number of Dense weights sent per frame (for the canvas's weight lines)."""


def layer_type(layer: Any) -> str:
    """The tf.keras class name of an engine layer (``"Dense"``)."""
    return type(layer).__name__


def layers_of(network: Any, type_name: str) -> list[str]:
    """Ids of the network's layers of one type, in topological order."""
    order = getattr(network, "order", list(network.layers))
    return [
        i
        for i in order
        if i in network.layers and layer_type(network.layers[i]) == type_name
    ]


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


class OutputReader:
    """Turns raw network outputs into class probabilities and class indices.

    One output unit: ``probabilities`` gives P(class 1) as ``(N, 1)``; targets of -1/+1
    (tanh or hinge, Playground) map ``(y + 1) / 2``, a sigmoid is read as it is, and a
    linear unit trained with binary cross-entropy (logits) goes through a sigmoid.
    Several units: softmax unless the layer already applies it.
    """

    def __init__(self, session: Any) -> None:
        net = session.network
        info = session.dataset.info
        out_layer = net.layers[net.output_id]
        self.activation = getattr(out_layer, "activation_name", None) or "linear"
        self.task = info.task
        self.n_classes = int(info.n_classes)
        encoding = getattr(session, "encoding", None)
        if encoding is not None:
            self.signed = encoding.kind == "signed"
        else:
            y = getattr(session.trainer, "y_train", None)
            self.signed = bool(y is not None and np.size(y) and np.min(y) < 0)
        self.logits = bool(getattr(session.trainer.loss, "from_logits", False))

    def probabilities(self, out: np.ndarray) -> np.ndarray:
        """out : (N, units) -> (N, 1) P(class 1) or (N, K) probabilities, float32."""
        out = np.asarray(out, dtype=np.float32).reshape(len(out), -1)
        if out.shape[1] > 1:
            return out.copy() if self.activation == "softmax" else _softmax(out)
        if self.signed:
            return np.clip((out + 1.0) * 0.5, 0.0, 1.0)
        if self.activation == "linear" and self.logits:
            return 1.0 / (1.0 + np.exp(-np.clip(out, -60, 60)))
        return np.clip(out, 0.0, 1.0)

    def classes(self, out: np.ndarray) -> np.ndarray:
        """out : (N, units) -> (N,) int64 predicted class indices."""
        p = self.probabilities(out)
        if p.shape[1] == 1:
            return (p[:, 0] > 0.5).astype(np.int64)
        return p.argmax(axis=1).astype(np.int64)


def data_extent(points: list[np.ndarray], margin: float = 0.05) -> tuple[float, ...]:
    """(x0, x1, y0, y1) around all points, a square with ``margin`` on each side."""
    pts = np.concatenate([p for p in points if p is not None and len(p)], axis=0)
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    center, half = (lo + hi) / 2.0, float(np.max(hi - lo)) / 2.0 or 1.0
    half *= 1.0 + 2.0 * margin
    cx, cy = float(center[0]), float(center[1])
    return (cx - half, cx + half, cy - half, cy + half)


PLAYGROUND_EXTENT = (-6.0, 6.0, -6.0, 6.0)
"""TensorFlow Playground's fixed map extent, [-6, 6]²."""


def grid_points(extent: tuple[float, ...], resolution: int) -> np.ndarray:
    """Cell centres of a ``resolution``² grid over ``extent``, as ``(R*R, 2)``.

    Row-major with y increasing along axis 0, so ``values.reshape(R, R)[iy, ix]``.
    """
    x0, x1, y0, y1 = extent
    step_x, step_y = (x1 - x0) / resolution, (y1 - y0) / resolution
    xs = x0 + step_x * (np.arange(resolution) + 0.5)
    ys = y0 + step_y * (np.arange(resolution) + 0.5)
    gx, gy = np.meshgrid(xs, ys)
    return np.stack([gx.ravel(), gy.ravel()], axis=1).astype(np.float32)


def summary(session: Any) -> SessionSummary:
    """What the GUI needs once per session: data points, classes, layers, sizes."""
    ds, net, trainer = session.dataset, session.network, session.trainer
    info = ds.info
    batch = int(getattr(trainer, "batch_size", 32))
    n_train = int(ds.x_train.shape[0])
    result = SessionSummary(
        kind=info.kind,
        task=info.task,
        n_classes=int(info.n_classes),
        class_names=list(info.class_names),
        dataset=info.name,
        n_train=n_train,
        batches_per_epoch=max(1, -(-n_train // batch)),
        epochs=int(getattr(trainer, "epochs", 0)),
        dense={
            i: int(net.layers[i].params["kernel"].shape[-1])
            for i in layers_of(net, "Dense")
        },
        conv=layers_of(net, "Conv2D"),
        output_id=net.output_id,
        run_label=run_label(session),
        output_activation=str(
            getattr(net.layers[net.output_id], "activation_name", None) or "linear"
        ),
    )
    if ds.points_train is not None:
        result.points_train = np.array(ds.points_train, dtype=np.float32)
        result.points_test = np.array(ds.points_test, dtype=np.float32)
        result.y_train = np.array(ds.y_train)
        result.y_test = np.array(ds.y_test)
        result.extent = data_extent([ds.points_train, ds.points_test])
    return result


def run_label(session: Any, rates: list[float] | None = None) -> str:
    """The run's settings in a few words, for its curves: "sgd 0.03 · batch 10".

    rates : the learning rates it trained with, in order (a rate typed after Reset
    and before Play, or changed while training: "sgd 0.03→0.1"); the design's
    when None or empty.
    """
    training = getattr(session, "training", None)
    if not isinstance(training, dict):
        return ""
    optimizer = training.get("optimizer") or {}
    rate = optimizer.get("learning_rate")
    text = "" if rate is None else f"{rate:g}"
    if rates:
        text = "→".join(f"{r:g}" for r in rates)
    words = [str(optimizer.get("type", "")), text]
    return f"{' '.join(w for w in words if w)} · batch {training.get('batch_size')}"


def dense_weights(network: Any) -> dict[str, dict[str, np.ndarray]] | None:
    """Copies of each Dense kernel ``(in, out)`` and bias ``(out,)``; None if large."""
    ids = layers_of(network, "Dense")
    total = sum(network.layers[i].params["kernel"].size for i in ids)
    if total > WEIGHT_LIMIT:
        return None
    return {i: {k: v.copy() for k, v in network.layers[i].params.items()} for i in ids}


class PlaneProbe:
    """Every neuron's output over a grid of the 2-D data plane, and point predictions.

    The grid's features go through the data set's own feature map and transform once,
    at construction; each ``frame()`` is one batched ``forward_all`` (about 1 ms for
    Playground's network at 100×100).
    """

    def __init__(self, session: Any, resolution: int = 100) -> None:
        ds = session.dataset
        self.network = session.network
        self.reader = OutputReader(session)
        self.resolution = resolution
        self.data_extent = data_extent([ds.points_train, ds.points_test])
        self._dataset = ds
        self.set_extent(None)
        self.x_points = np.concatenate([ds.x_train, ds.x_test]).astype(np.float32)
        self.x_points = ds.transform(self.x_points)
        self.n_train = len(ds.x_train)
        self.dense = [self.network.input_id, *layers_of(self.network, "Dense")]

    def set_extent(self, extent: tuple[float, ...] | None) -> None:
        """Map over ``extent`` (x0, x1, y0, y1), or the data's extent when None
        (Playground draws [-6, 6]², ``PLAYGROUND_EXTENT``)."""
        from netdesigner.data import feature_map

        ds = self._dataset
        self.extent = tuple(extent) if extent is not None else self.data_extent
        names = tuple(ds.feature_names) or None
        grid = grid_points(self.extent, self.resolution)
        self.x_grid = ds.transform(feature_map(grid, names))

    def frame(self) -> dict[str, Any]:
        """Maps and predictions.

        Returns ``{"output": (R, R, K) float32, "nodes": {id: (R, R, units)},
        "pred_train": (N_train,) int64, "pred_test": (N_test,) int64, "extent":
        (x0, x1, y0, y1) of the maps}``; for
        classification ``output`` holds probabilities (K = 1: P(class 1)), for
        regression the raw output.
        """
        r = self.resolution
        outputs = self.network.forward_all(self.x_grid)
        out = outputs[self.network.output_id]
        nodes = {
            i: np.array(outputs[i], dtype=np.float32).reshape(r, r, -1)
            for i in self.dense
        }
        result: dict[str, Any] = {"nodes": nodes, "extent": self.extent}
        if self.reader.task == "classification":
            result["output"] = self.reader.probabilities(out).reshape(r, r, -1)
            point_out = self.network.forward(self.x_points, training=False)
            pred = self.reader.classes(point_out)
            result["pred_train"], result["pred_test"] = (
                pred[: self.n_train],
                pred[self.n_train :],
            )
        else:
            result["output"] = np.array(out, dtype=np.float32).reshape(r, r, -1)
        return result


class ImageProbe:
    """Predictions, the confusion matrix and feature maps on a slice of the test set."""

    def __init__(self, session: Any, limit: int = 2000) -> None:
        ds = session.dataset
        self.network = session.network
        self.reader = OutputReader(session)
        self.images = np.array(ds.x_test[:limit])
        self.labels = np.asarray(ds.y_test[:limit]).astype(np.int64)
        self.x = ds.transform(self.images)
        self.conv = layers_of(self.network, "Conv2D")

    def gallery(self) -> dict[str, Any]:
        """Sent once: ``{"images": (n, H, W) uint8, "labels": (n,) int64}``."""
        return {"images": self.images.copy(), "labels": self.labels.copy()}

    def evaluate(self) -> dict[str, Any]:
        """``{"pred": (n,), "confidence": (n,), "confusion": (K, K) int64}``."""
        out = (
            self.network.predict(self.x)
            if hasattr(self.network, "predict")
            else (self.network.forward(self.x, training=False))
        )
        probs = self.reader.probabilities(out)
        pred = self.reader.classes(out)
        if probs.shape[1] == 1:
            conf = np.where(pred == 1, probs[:, 0], 1.0 - probs[:, 0])
        else:
            conf = probs.max(axis=1)
        k = max(self.reader.n_classes, 2)
        confusion = np.bincount(self.labels * k + pred, minlength=k * k).reshape(k, k)
        return {
            "pred": pred,
            "confidence": conf.astype(np.float32),
            "confusion": confusion,
        }

    def feature_maps(self, index: int) -> dict[str, Any]:
        """What the network does with test image ``index``.

        Returns ``{"index": int, "maps": {conv id: (H, W, C) float32},
        "kernels": first Conv2D kernel (kh, kw, in, out) or, without Conv2D, the first
        Dense kernel (inputs, units) float32, or None, "kernel_of": its layer id}``.
        """
        index = int(np.clip(index, 0, len(self.x) - 1))
        outputs = self.network.forward_all(self.x[index : index + 1])
        maps = {i: np.array(outputs[i][0], dtype=np.float32) for i in self.conv}
        first = self.conv[:1] or layers_of(self.network, "Dense")[:1]
        kernel = None
        if first:
            kernel = np.array(
                self.network.layers[first[0]].params["kernel"], np.float32
            )
        return {
            "index": index,
            "maps": maps,
            "kernels": kernel,
            "kernel_of": first[0] if first else None,
        }


class LayerProbe:
    """Layer statistics on a fixed handful of training samples (see
    ``engine.diagnostics``), at most once a second while training."""

    INTERVAL = 1.0

    def __init__(self, session: Any) -> None:
        ds = session.dataset
        count = 128 if ds.info.kind == "image" else 256
        self.network = session.network
        x = ds.transform(ds.x_train[:count])
        self.x = np.asarray(x, dtype=self.network.dtype)
        self._due = 0.0

    def due(self, now: float) -> bool:
        return now >= self._due

    def frame(self, now: float) -> dict[str, Any]:
        """``{"rows": layer statistics, "notes": sentences}``."""
        from netdesigner.engine.diagnostics import diagnose, layer_statistics

        self._due = now + self.INTERVAL
        rows = layer_statistics(self.network, self.x)
        return {"rows": rows, "notes": diagnose(rows)}
