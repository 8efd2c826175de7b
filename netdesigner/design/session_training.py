"""The engine side of a training session: which trainer, with which settings.

``make_trainer`` hands the engine's ``Trainer`` the design's loss, optimizer,
schedule, batch size, epochs and early stopping, the data set's arrays (still in
their stored form: ``transform`` turns each batch into network input) and the
targets encoded by ``targets``. A design whose output activation is ``step`` is
Rosenblatt's perceptron and trains with ``PerceptronTrainer`` instead (learning rate
from the optimizer, one sample at a time, stopping once an epoch makes no mistake).

``evaluate`` measures the final network on the whole training and test sets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from netdesigner.data import Dataset
from netdesigner.design.errors import DesignError
from netdesigner.design.targets import TargetEncoding
from netdesigner.engine.epoch_summary import metric_function
from netdesigner.engine.errors import EngineError
from netdesigner.engine.losses import Loss, chunk_loss, create_loss, fuses_with
from netdesigner.engine.network import Network
from netdesigner.engine.perceptron import PerceptronTrainer
from netdesigner.engine.schedules import SCHEDULES
from netdesigner.engine.trainer import Trainer

PERCEPTRON_ACTIVATION = "step"


def output_activation(network: Network) -> str | None:
    """The last activation the output passes through (None when there is none).

    Walks back from the output node through layers without an activation of their
    own (Dropout, Flatten, ...) until it finds one.
    """
    node_id = network.output_id
    while True:
        name = network.layers[node_id].activation_name
        sources = network.sources.get(node_id, [])
        if name is not None or len(sources) != 1 or node_id == network.input_id:
            return name
        node_id = sources[0]


def shuffle_rng(seed: int) -> np.random.Generator:
    """The generator that shuffles batches: its own stream, apart from the weights'."""
    return np.random.default_rng([int(seed), 1])


def augment_rng(seed: int) -> np.random.Generator:
    """The generator of training-image augmentation: a third stream of the seed."""
    return np.random.default_rng([int(seed), 2])


def make_trainer(
    network: Network,
    training: dict[str, Any],
    dataset: Dataset,
    encoding: TargetEncoding,
) -> Trainer | PerceptronTrainer:
    """The engine trainer for this design (see the module docstring)."""
    if output_activation(network) == PERCEPTRON_ACTIVATION:
        return _perceptron(network, training, dataset, encoding)
    metrics = _metric_names(encoding)
    return Trainer(
        network,
        training["loss"],
        training["optimizer"],
        dataset.x_train,
        encoding.encode(dataset.y_train),
        dataset.x_test,
        encoding.encode(dataset.y_test),
        batch_size=int(training["batch_size"]),
        epochs=int(training["epochs"]),
        rng=shuffle_rng(training["seed"]),
        schedule=engine_schedule(training.get("lr_schedule")),
        transform=dataset.training_transform(augment_rng(training["seed"])),
        metrics=metrics,
        early_stopping=training.get("early_stopping"),
        threshold=encoding.threshold,
    )


def _metric_names(encoding: TargetEncoding) -> tuple[str, ...] | None:
    """accuracy, or rmse and r2; None lets the loss choose (detection: map50)."""
    if encoding.is_detection:
        return None
    return ("accuracy",) if encoding.is_classification else ("rmse", "r2")


def _perceptron(
    network: Network,
    training: dict[str, Any],
    dataset: Dataset,
    encoding: TargetEncoding,
) -> PerceptronTrainer:
    if encoding.kind != "zero_one":
        raise DesignError(
            "a step activation learns only with the perceptron rule, which needs two "
            f"classes and one output unit; found {encoding.n_classes or 'no'} classes; "
            "use sigmoid or softmax instead"
        )
    try:
        return PerceptronTrainer(
            network,
            dataset.transform(dataset.x_train),
            dataset.y_train,
            dataset.transform(dataset.x_test),
            dataset.y_test,
            epochs=int(training["epochs"]),
            learning_rate=float(training["optimizer"].get("learning_rate", 1.0)),
            rng=shuffle_rng(training["seed"]),
        )
    except EngineError as exc:
        raise DesignError(
            f"{exc}; for other networks use sigmoid instead of step"
        ) from None


def engine_schedule(config: dict[str, Any] | None) -> dict[str, Any] | None:
    """The design's ``lr_schedule`` in the engine's terms (steps count epochs)."""
    if not config:
        return None
    kind = config.get("type")
    if kind not in SCHEDULES:
        known = ", ".join(SCHEDULES.names())
        raise DesignError(
            f"the learning-rate schedule '{kind}' is unknown; use one of: {known}"
        )
    return dict(config)


def evaluate(
    network: Network,
    training: dict[str, Any],
    dataset: Dataset,
    encoding: TargetEncoding,
) -> dict[str, float]:
    """Loss and metrics of the network now, on the whole training and test sets.

    Returns ``train_loss``, ``test_loss`` and ``train_accuracy``/``test_accuracy``
    (classification) or ``train_rmse``/``test_rmse``/``train_r2``/``test_r2``.
    """
    loss = create_loss(training["loss"])
    loss.bind(network)
    names = _metric_names(encoding) or loss.default_metrics or ()
    threshold = 0.5 if encoding.threshold is None else encoding.threshold
    results: dict[str, float] = {}
    for split in ("train", "test"):
        x, y = getattr(dataset, f"x_{split}"), getattr(dataset, f"y_{split}")
        if x is None or len(x) == 0:
            continue
        targets = loss.prepare_targets(
            encoding.encode(y), network.output_shape, network.dtype
        )
        out, value = outputs_and_loss(network, dataset.transform, x, loss, targets)
        results[f"{split}_loss"] = value
        for name in names:
            metric = metric_function(loss, name)
            results[f"{split}_{name}"] = float(metric(out, targets, threshold))
    return results


def outputs_and_loss(
    network: Network,
    transform: Callable[[np.ndarray], np.ndarray],
    x: np.ndarray,
    loss: Loss,
    targets: np.ndarray,
    batch_size: int = 1024,
) -> tuple[np.ndarray, float]:
    """Outputs ``(N, *output_shape)`` for stored examples and their mean loss.

    The loss is computed as the trainer computes it: from the pre-activation
    (log-sum-exp) when a cross-entropy meets its softmax or sigmoid, plus the
    kernels' regularisation penalty.
    """
    out_layer = network.layers[network.output_id]
    fused = fuses_with(loss, out_layer)
    out = np.empty((len(x), *network.output_shape), dtype=network.dtype)
    total = 0.0
    for start in range(0, len(x), batch_size):
        stop = min(start + batch_size, len(x))
        chunk = np.asarray(transform(x[start:stop]), dtype=network.dtype)
        y = network.forward(chunk, False)
        value = chunk_loss(loss, out_layer, y, targets[start:stop], fused)
        total += float(value) * (stop - start)
        out[start:stop] = y
    penalty = sum(reg.penalty(w) for reg, w, _ in getattr(network, "regularizers", []))
    return out, total / len(x) + float(penalty)
