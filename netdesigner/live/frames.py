"""What a live run hands to its viewers: frames, statuses and the session summary.

A ``LiveRun`` (``live.run``) sends a ``Frame`` at most a few dozen times a second,
a ``Status`` whenever its state changes, and a ``SessionSummary`` once per session.
Every array in them is a copy the run no longer touches, so a viewer in another
thread may keep them (reliability.md: "copies, not views").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np


class RunState(StrEnum):
    """Where a run is. The values are the words the rest of the app logs and tests
    compare with (``RunState.READY == "ready"``)."""

    EMPTY = "empty"  # nothing loaded yet
    LOADING = "loading"  # building data and network
    READY = "ready"  # built, not trained since
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"  # epoch limit or early stop
    DIVERGED = "diverged"  # a loss or gradient became NaN or infinite
    ERROR = "error"  # the session could not be built or trained
    INVALID = "invalid"  # the design has errors: the GUI refuses to train


HALT_STATES = frozenset({RunState.PAUSED, RunState.FINISHED, RunState.DIVERGED})
"""States in which the trained weights stand still after a run."""


@dataclass(frozen=True, slots=True)
class Status:
    """A state and the sentence the student reads about it."""

    state: RunState
    message: str = ""
    alert: bool = False  # a warning the student should notice (a collapse)


@dataclass(frozen=True, slots=True)
class Rewind:
    """After a step back: the curves drop what lies after this point."""

    epoch: int
    iteration: int


@dataclass(slots=True)
class Frame:
    """Everything new since the previous frame.

    Attributes
    ----------
    epoch, iteration : completed epochs and optimizer steps so far.
    elapsed : training time in seconds (pauses excluded).
    epoch_limit : the run's number of epochs (0: none).
    learning_rate : the rate the next batch uses (NaN when unknown).
    batch_losses : (N, 2) float64 rows ``(iteration, loss)`` since the last frame.
    epochs : one record per epoch completed since the last frame, e.g.
        ``{"epoch": 3.0, "iteration": 30.0, "train_loss": ..., "test_loss": ...,
        "test_accuracy": ...}``.
    marks : ``(iteration, text)`` of settings changed since the last frame.
    rewind : set once after a step back.
    running : True while training goes on after this frame.
    plane : 2-D data: ``probe.PlaneProbe.frame()`` (maps and predictions).
    weights : Dense kernels and biases by layer id (``probe.dense_weights``).
    all_weights : ``{"<node id>/<name>": array}``, about once a second while
        training and at every halt.
    landscape, layers : the loss landscape's and the layer statistics' frames
        (``live.insights``), when their tabs show.
    evaluation, features : image data: ``probe.ImageProbe.evaluate()`` and
        ``feature_maps()``.
    softmax : the inspected point's or image's ``live.softmax.SoftmaxSteps`` (None
        when nothing is inspected or the output has no softmax).
    run_label : the settings the run has trained with, in a few words ("sgd 0.09 ·
        batch 10"; a rate changed while training is added: "sgd 0.03→0.1 · ...").
    early_stop : after early stopping, ``{"epoch": int, "best_epoch": int,
        "restored": bool}`` (the best epoch's weights were put back); else None.
    detection : detection designs: ``DetectionProbe.frame()`` (the boxes found on
        the gallery's test images, with and without NMS), when due.
    """

    epoch: int
    iteration: int
    elapsed: float
    epoch_limit: int
    learning_rate: float
    batch_losses: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    epochs: list[dict[str, float]] = field(default_factory=list)
    marks: list[tuple[int, str]] = field(default_factory=list)
    rewind: Rewind | None = None
    running: bool = False
    plane: dict[str, Any] | None = None
    weights: dict[str, dict[str, np.ndarray]] | None = None
    all_weights: dict[str, np.ndarray] | None = None
    landscape: dict[str, Any] | None = None
    layers: dict[str, Any] | None = None
    evaluation: dict[str, Any] | None = None
    features: dict[str, Any] | None = None
    softmax: Any = None
    run_label: str = ""
    early_stop: dict[str, Any] | None = None
    detection: dict[str, Any] | None = None


@dataclass(slots=True)
class SessionSummary:
    """What the views need once per session (``probe.summary``).

    Attributes
    ----------
    kind : "2d" or "image"; task : "classification" or "regression".
    dense : units of each Dense layer by id; conv : Conv2D layer ids.
    run_label : the settings in a few words ("sgd 0.03 · batch 10").
    output_activation : the output layer's activation ("softmax", "tanh", ...).
    points_train, points_test : (N, 2) float32 and y_train, y_test : (N,) for 2-D
        data, with ``extent`` (x0, x1, y0, y1) around them; None for images.
    gallery : images only: ``{"images": (n, H, W) uint8, "labels": (n,) int64}``.
    detection : detection designs instead of ``gallery``: test images with their
        ground-truth boxes (``DetectionProbe.gallery()``).
    """

    kind: str = "2d"
    task: str = "classification"
    n_classes: int = 2
    class_names: list[str] = field(default_factory=list)
    dataset: str = ""
    n_train: int = 0
    batches_per_epoch: int = 1
    epochs: int = 0
    dense: dict[str, int] = field(default_factory=dict)
    conv: list[str] = field(default_factory=list)
    output_id: str = ""
    run_label: str = ""
    output_activation: str = ""
    points_train: np.ndarray | None = None
    points_test: np.ndarray | None = None
    y_train: np.ndarray | None = None
    y_test: np.ndarray | None = None
    extent: tuple[float, ...] | None = None
    gallery: dict[str, np.ndarray] | None = None
    detection: dict[str, Any] | None = None
