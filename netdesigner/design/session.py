"""A training session: where a design, its data set and the engine meet.

``TrainingSession(design)`` loads the design's data set, encodes the labels for the
loss and output layer (``targets``), builds the network and optimizer and hands them
to the engine's ``Trainer`` (or to the perceptron rule, for a lone step neuron). The
command line and the GUI's training worker both drive it::

    session = TrainingSession(design, base_dir=Path("lessons"))
    for event in session.events():      # BatchEvent / EpochEvent / DivergenceEvent
        ...
    session.evaluate()                  # {"train_loss": ..., "test_accuracy": ...}
    session.decision_map(100)           # 2-D sets: grid of outputs for the plot

Standardisation statistics computed for the training set are written back into
``design.dataset["stats"]`` so that saving the design keeps them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from netdesigner.data import Dataset, feature_map
from netdesigner.design.build import build_network, set_network_weights
from netdesigner.design.defaults import resolved_training
from netdesigner.design.errors import DesignError
from netdesigner.design.model import Design
from netdesigner.design.session_data import load_design_dataset
from netdesigner.design.session_training import make_trainer, output_activation
from netdesigner.design.targets import TargetEncoding, target_encoding


class TrainingSession:
    """Everything needed to train ``design`` once; see the module docstring.

    Attributes
    ----------
    design : the design (its ``dataset["stats"]`` is updated when standardising).
    training : the resolved training settings (every key present).
    dataset : the loaded ``Dataset``.
    network : the engine ``Network``.
    encoding : how labels became targets (``TargetEncoding``).
    trainer : the engine's ``Trainer`` or ``PerceptronTrainer``.
    """

    def __init__(
        self,
        design: Design,
        base_dir: str | Path | None = None,
        *,
        epochs: int | None = None,
        seed: int | None = None,
        initial_weights: dict[str, np.ndarray] | None = None,
        weights_source: str = "the weights",
    ) -> None:
        """``initial_weights`` (keys ``"<node id>/<name>"``) start training from
        trained weights instead of the seed's, as ``model.fit`` continues from a
        model's weights; transfer learning freezes some of them (``trainable``)."""
        self.design = design
        self.training = resolved_training(design)
        if epochs is not None:
            self.training["epochs"] = _positive_int("epochs", epochs)
        if seed is not None:
            self.training["seed"] = _non_negative_int("seed", seed)
        self.dataset: Dataset = load_design_dataset(design, base_dir)
        self.network = build_network(design, seed=self.training["seed"])
        if initial_weights is not None:
            set_network_weights(self.network, initial_weights, weights_source)
        _check_input_shape(self.dataset, self.network.input_shape)
        self.encoding: TargetEncoding = target_encoding(
            self.training["loss"],
            output_activation(self.network),
            int(np.prod(self.network.output_shape)),
            self.dataset.info.task,
            self.dataset.info.n_classes,
        )
        self.trainer = make_trainer(
            self.network, self.training, self.dataset, self.encoding
        )

    def start_from(
        self,
        weights: dict[str, np.ndarray],
        source: str = "the weights",
        *,
        partial: bool = False,
    ) -> None:
        """Start training again from ``weights`` (keys ``"<node id>/<name>"``).

        partial : weights missing from ``weights`` keep their seed-initialised values
            (Reset of a transfer-learning design keeps only the frozen layers').
        The trainer is made anew, so its first snapshot (``step_back``) holds these
        weights; a mismatch raises ``DesignError`` and changes nothing.
        """
        if partial:
            merged = {k: np.array(v) for k, v in self.network.get_weights().items()}
            merged.update(weights)
            weights = merged
        set_network_weights(self.network, weights, source)
        self.trainer = make_trainer(
            self.network, self.training, self.dataset, self.encoding
        )

    # -- training ---------------------------------------------------------------
    def events(self) -> Iterator[Any]:
        """The trainer's events: one per batch and per epoch, until the last epoch."""
        return self.trainer.events()

    @property
    def history(self) -> dict[str, list]:
        """Per-epoch lists: epoch, train_loss, test_loss, accuracies or rmse/r2."""
        return self.trainer.history

    @property
    def batches_per_epoch(self) -> int:
        """Optimizer steps in one epoch (the perceptron steps once per sample)."""
        batch = getattr(self.trainer, "batch_size", 1)
        return max(1, -(-self.dataset.n_train // batch))

    @property
    def is_classification(self) -> bool:
        return self.encoding.is_classification

    # -- inference --------------------------------------------------------------
    def predict(self, x_raw: np.ndarray) -> np.ndarray:
        """Network outputs for stored examples.

        x_raw : examples as the data set stores them, ``(N, F)`` features or
            ``(N, H, W)`` uint8 images; the data set's transform is applied first.
        Returns ``(N, *output_shape)`` float32.
        """
        return self.network.predict(self.dataset.transform(np.asarray(x_raw)))

    def predict_points(self, points: np.ndarray) -> np.ndarray:
        """Outputs for 2-D points ``(N, 2)``: feature map, transform, network."""
        self._require_2d("predict_points")
        features = self.dataset.feature_names or ("x1", "x2")
        return self.predict(feature_map(np.asarray(points, np.float32), features))

    def predict_classes(self, x_raw: np.ndarray) -> np.ndarray:
        """Class indices ``(N,)`` int64 for stored examples (classification only)."""
        return self.encoding.decode(self.predict(x_raw))

    def decision_map(
        self, resolution: int = 100, margin: float = 0.1
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The network's output over a grid covering the data's points.

        Returns ``xs : (resolution,)``, ``ys : (resolution,)`` grid coordinates and
        ``values : (resolution, resolution)`` for a one-unit output (row i is
        ``ys[i]``), or ``(resolution, resolution, units)`` for several units.
        margin : fraction of the data's width added on each side.
        """
        self._require_2d("decision_map")
        (x0, x1), (y0, y1) = data_extent(self.dataset, margin)
        xs = np.linspace(x0, x1, resolution, dtype=np.float32)
        ys = np.linspace(y0, y1, resolution, dtype=np.float32)
        gx, gy = np.meshgrid(xs, ys)
        out = self.predict_points(np.column_stack([gx.ravel(), gy.ravel()]))
        units = out.reshape(len(out), -1).shape[1]
        shape = (
            (resolution, resolution) if units == 1 else (resolution, resolution, units)
        )
        return xs, ys, out.reshape(shape)

    def evaluate(self) -> dict[str, float]:
        """Final loss and metrics on the training and test sets."""
        from netdesigner.design.session_training import evaluate

        return evaluate(self.network, self.training, self.dataset, self.encoding)

    def _require_2d(self, what: str) -> None:
        if self.dataset.points_train is None:
            raise DesignError(
                f"{what} needs a 2-D data set of points; "
                f"'{self.dataset.info.name}' is {self.dataset.info.kind}"
            )


def data_extent(
    dataset: Dataset, margin: float = 0.1
) -> tuple[tuple[float, float], tuple[float, float]]:
    """(x range, y range) of a 2-D set's train and test points, widened by margin."""
    points = np.concatenate([dataset.points_train, dataset.points_test])
    low, high = points.min(axis=0), points.max(axis=0)
    pad = np.maximum(high - low, 1e-6) * margin
    low, high = low - pad, high + pad
    return (float(low[0]), float(high[0])), (float(low[1]), float(high[1]))


def _check_input_shape(dataset: Dataset, input_shape: tuple[int, ...]) -> None:
    found = tuple(dataset.input_shape)
    if found != tuple(input_shape):
        raise DesignError(
            f"the data set '{dataset.info.name}' gives examples of shape {found}, but "
            f"the Input node takes {tuple(input_shape)}; set the Input shape to "
            f"{list(found)}"
        )


def _positive_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise DesignError(
            f"{name} must be a whole number of at least 1; found {value!r}"
        )
    return int(value)


def _non_negative_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
        raise DesignError(
            f"{name} must be a whole number of at least 0; found {value!r}"
        )
    return int(value)
